"""Training-data augmentation: legacy-encoded Sámi, short fragments, and generated junk for `other`.

Everything takes a `random.Random` so that a training run is reproducible from its seed.
"""

from __future__ import annotations

import random
import re
import string

# How North Sámi letters came out of the pre-Unicode 8-bit encodings that old documents (and converted
# PDFs/Word files) still carry. Each scheme maps the seven Sámi letters to what a reader finds instead.
# The tables follow GiellaLT's conversion scripts (giellatekno old_gt_scripts, CorpusTools' decoder): the
# Latin-1 workaround (ð for đ, ñ for ŋ, ç for č, § for ž), mac-sami bytes read as Mac Roman or Latin-1,
# and the 7-bit digraphs; letters a scheme had no room for lose their diacritic.
LEGACY_SCHEMES: dict[str, dict[str, str]] = {
    # typewriter/Latin-1 workaround: Icelandic eth for đ, Spanish ñ for ŋ, ç for č
    "latin1-lookalike": {
        "đ": "ð", "Đ": "Ð", "ŋ": "ñ", "Ŋ": "Ñ", "č": "ç", "Č": "Ç",
        "ž": "§", "Ž": "§", "š": "s", "Š": "S", "ŧ": "t", "Ŧ": "T",
    },
    # mac-sami bytes decoded as Mac Roman
    "macsami-as-macroman": {
        "š": "ª", "Š": "¥", "ŧ": "º", "Ŧ": "µ", "ŋ": "∫", "Ŋ": "±", "đ": "π", "Đ": "∞",
        "ž": "Ω", "Ž": "∑", "č": "∏", "Č": "¢",
    },
    # mac-sami bytes decoded as Latin-1
    "macsami-as-latin1": {
        "š": "»", "Š": "´", "č": "¸", "Č": "¢", "đ": "¹", "Đ": "°", "ŋ": "º", "Ŋ": "±",
        "ž": "½", "Ž": "·", "ŧ": "¼", "Ŧ": "µ",
    },
    # typed or OCR'd with Nordic keyboards, seen in corpus-sme itself: å for á, $ for š, & for č, 3 for ž
    "nordic-keyboard": {
        "á": "å", "Á": "Å", "š": "$", "Š": "$", "č": "&", "Č": "&", "ž": "3", "Ž": "3",
        "đ": "d", "Đ": "D", "ŋ": "n", "Ŋ": "N", "ŧ": "t", "Ŧ": "T",
    },
    # no Sámi letters at all (ASCII keyboards, SMS, old web forms)
    "stripped": {
        "č": "c", "Č": "C", "đ": "d", "Đ": "D", "ŋ": "n", "Ŋ": "N", "š": "s", "Š": "S",
        "ŧ": "t", "Ŧ": "T", "ž": "z", "Ž": "Z", "á": "a", "Á": "A",
    },
    # the digraph convention of old Giellatekno files: c1, d1, n1, s1, t1, z1
    "digraph": {
        "č": "c1", "Č": "C1", "đ": "d1", "Đ": "D1", "ŋ": "n1", "Ŋ": "N1", "š": "s1", "Š": "S1",
        "ŧ": "t1", "Ŧ": "T1", "ž": "z1", "Ž": "Z1",
    },
}
_LEGACY_TABLES = {name: str.maketrans(mapping) for name, mapping in LEGACY_SCHEMES.items()}
# How often each scheme is drawn: the look-alike and mac-sami schemes are what corpora actually contain.
_LEGACY_WEIGHTS = {
    "latin1-lookalike": 4, "macsami-as-macroman": 2, "macsami-as-latin1": 2,
    "nordic-keyboard": 1, "stripped": 2, "digraph": 1,
}


def legacy_encode(text: str, scheme: str) -> str:
    """`text` as it looks when written in the legacy encoding `scheme` (see LEGACY_SCHEMES)."""
    return text.translate(_LEGACY_TABLES[scheme])


def random_legacy(text: str, rng: random.Random) -> str:
    names = list(_LEGACY_WEIGHTS)
    scheme = rng.choices(names, weights=[_LEGACY_WEIGHTS[n] for n in names])[0]
    return legacy_encode(text, scheme)


def fragment(text: str, rng: random.Random, min_words: int = 1, max_words: int = 8) -> str:
    """A random run of `min_words`..`max_words` consecutive words of `text` (short-text robustness)."""
    words = text.split()
    if len(words) <= min_words:
        return text
    n = rng.randint(min_words, min(max_words, len(words)))
    start = rng.randint(0, len(words) - n)
    return " ".join(words[start : start + n])


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"«“„(\[]?[A-ZÆØÅÄÖÁČĐŊŠŦŽÉ0-9])")


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences (a simple punctuation rule; good enough to make examples)."""
    return [s for s in _SENTENCE_END.split(paragraph) if s.strip()]


_CODE_WORDS = [
    "function", "return", "var", "const", "if", "else", "for", "while", "class", "def", "import", "null",
    "true", "false", "div", "span", "href", "src", "width", "height", "px", "http", "www", "com", "html",
    "utf", "json", "id", "nbsp", "amp", "quot", "lt", "gt", "cookie", "login", "admin", "index", "php",
]


def junk(rng: random.Random) -> str:
    """One line of generated junk for the `other` class: what web crawls contain that is no language."""
    kind = rng.randrange(7)
    if kind == 0:  # random letters, words of random length
        alphabet = string.ascii_lowercase + "æøåäöüéáčšđŋžþð"
        return " ".join(
            "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(rng.randint(1, 15))
        )
    if kind == 1:  # numbers, dates, prices, tables
        return " ".join(
            rng.choice(["{}", "{}.{}", "{},{}", "{}-{}", "{}/{}", "{}:{}", "kr {}", "{} %", "+{} {}"]).format(
                *(rng.randint(0, 9999) for _ in range(2))
            )
            for _ in range(rng.randint(1, 12))
        )
    if kind == 2:  # identifiers, hashes, base64
        alphabet = string.ascii_letters + string.digits + "+/=_-"
        return " ".join("".join(rng.choice(alphabet) for _ in range(rng.randint(6, 40))) for _ in range(rng.randint(1, 4)))
    if kind == 3:  # code and markup
        return " ".join(rng.choice(_CODE_WORDS) + rng.choice(["", "(", ")", "{", "};", "=", ".", "_", "/"]) for _ in range(rng.randint(2, 14)))
    if kind == 4:  # keyboard mash and repeated characters
        ch = rng.choice("asdfghjklqwertyuiopzxcvbnm")
        return rng.choice([ch * rng.randint(3, 30), "".join(rng.choice("asdfghjkl") for _ in range(rng.randint(5, 40)))])
    if kind == 5:  # symbols and separators only
        return "".join(rng.choice("-=*#_|~.•·»«<>/\\") for _ in range(rng.randint(3, 60)))
    # scrambled letters of real-looking words (character soup)
    letters = list("norskesamiskdanskvenskaeiou")
    rng.shuffle(letters)
    return " ".join("".join(letters[i : i + rng.randint(2, 7)]) for i in range(0, len(letters), 5))
