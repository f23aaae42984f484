"""Stop words per language: the most frequent function words, used for Gopher's `min_stop_words` signal.

Written for norcorpus (Bokmål and Nynorsk from grammar word classes: conjunctions, prepositions,
pronouns, auxiliaries; North Sámi likewise: ja, ahte, go, lea/leat, dat/dan, mii, son/sii, ii/eai, ...).
The lists are kept short on purpose: a real document of 50+ words contains several of them.
"""

from __future__ import annotations

from norcorpus.langs import Lang

STOP_WORDS: dict[Lang, frozenset[str]] = {
    Lang.NOB: frozenset(
        ["og", "i", "det", "som", "en", "et", "på", "er", "av", "til", "for", "med", "at", "den", "de", "ikke", "har", "å", "jeg", "om", "var", "seg", "men", "fra", "kan", "så", "han", "hun", "vi", "ble", "blir", "være", "eller", "også", "etter", "ved", "når", "skal", "vil", "dette", "der", "her", "hva", "hvor", "noe", "alle", "andre", "mot", "sin", "sitt", "sine", "man", "meg", "deg", "oss", "dem", "deres", "hans", "hennes", "hadde", "hvis", "bare", "enn", "mer", "mange"]
    ),
    Lang.NNO: frozenset(
        ["og", "i", "det", "som", "ein", "eit", "på", "er", "av", "til", "for", "med", "at", "den", "dei", "ikkje", "har", "å", "eg", "om", "var", "seg", "men", "frå", "kan", "så", "han", "ho", "vi", "me", "vart", "blir", "bli", "vere", "eller", "også", "etter", "ved", "når", "skal", "vil", "dette", "der", "her", "kva", "kor", "noko", "alle", "andre", "mot", "sin", "sitt", "sine", "ein", "meg", "deg", "oss", "dykk", "deira", "hans", "hennar", "hadde", "viss", "berre", "enn", "meir", "mange"]
    ),
    Lang.SME: frozenset(
        ["ja", "ahte", "go", "lea", "leat", "lei", "ledje", "dat", "dan", "dán", "dat", "dasa", "das", "dáid", "dain", "mii", "maid", "mat", "son", "sii", "mun", "don", "moai", "ii", "eai", "in", "it", "ean", "muhto", "dahje", "vai", "gal", "vel", "maiddái", "nu", "ná", "dál", "de", "ge", "ges", "juo", "vuos", "dušše", "buot", "eará", "sin", "sus", "sutnje", "ovdal", "maŋŋel", "birra", "bokte", "mielde", "gaskka", "ektui", "gos", "goas", "got", "movt", "manne"]
    ),
}


def stop_words_for(lang: str | None) -> frozenset[str]:
    """The list of `lang` (nob for any other language: the build keeps only nob, nno and sme)."""
    try:
        return STOP_WORDS.get(Lang(lang), STOP_WORDS[Lang.NOB]) if lang else STOP_WORDS[Lang.NOB]
    except ValueError:
        return STOP_WORDS[Lang.NOB]


# Every letter of a stop word: a word with any other letter (once lowered) is no stop word.
STOP_LETTERS: frozenset[str] = frozenset("".join(w for words in STOP_WORDS.values() for w in words))
STOP_MAX_CHARS = max(len(w) for words in STOP_WORDS.values() for w in words)
