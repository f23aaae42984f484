"""Sentence splitting for the tokenizer sample.

A plain regex for now; a language-aware splitter will replace it. Keep every caller on `split_sentences`
so that swapping it is a one-line change.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

# end of sentence: . ! ? … (optionally closed by quotes/brackets), then whitespace, then an upper-case
# letter, digit or opening quote. Abbreviations ("bl.a. Oslo") will sometimes split; for BPE counts the
# damage is a few extra line breaks, which is harmless.
# (`regex`, not `re`: the look-behind has variable length so closing quotes stay with their sentence)
_SENTENCE_END = regex.compile(r"(?<=[.!?…][\"'»”)\]]*)\s+(?=[\"'«“(\[]?[\p{Lu}\p{N}])")
_LINE_BREAKS = regex.compile(r"\s*\n\s*")


def split_sentences(text: str, lang: str | None = None) -> Iterator[str]:
    """Sentences of a document: lines (paragraphs) first, then sentence ends inside a line.

    `lang` is unused by this regex splitter; the language-aware replacement takes it.
    """
    del lang
    for line in _LINE_BREAKS.split(text):
        if not line.strip():
            continue
        for sentence in _SENTENCE_END.split(line):
            sentence = sentence.strip()
            if sentence:
                yield sentence


def cut_long(sentence: str, max_chars: int) -> Iterator[str]:
    """Pieces of at most `max_chars`, cut at the last space before the limit where there is one.

    SentencePiece silently skips training lines longer than its max_sentence_length, so long
    paragraphs without sentence punctuation (tables, lists) would vanish from the sample otherwise.
    """
    while len(sentence) > max_chars:
        cut = sentence.rfind(" ", 0, max_chars + 1)
        if cut <= 0:
            cut = max_chars
        head, sentence = sentence[:cut].strip(), sentence[cut:].strip()
        if head:
            yield head
    if sentence:
        yield sentence
