"""Remove boilerplate lines: short lines repeated across many documents of a shard (menus, cookie banners).

A line is boilerplate when at least `min_docs` documents of the same window contain it (a document that
repeats a line counts once). Windows are `window_docs` consecutive documents of a task, so memory stays
bounded whatever the shard size; with the default window, a task reading one shard of up to 10,000
documents sees the whole shard. Removed lines are counted (`boilerplate_lines`) and written per document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from norcorpus.normalize.config import BoilerplateConfig
from norcorpus.normalize.unicode_normalizer import normalize_text


def _short_line_keys(text: str, max_line_chars: int) -> set[str]:
    """The keys of a text's non-blank lines of at most `max_line_chars` characters (stripped)."""
    return {line.casefold() for line in map(str.strip, text.split("\n")) if 0 < len(line) <= max_line_chars}


def remove_repeated_lines(texts: list[str], config: BoilerplateConfig | None = None) -> list[tuple[str, int]]:
    """(text without boilerplate lines, lines removed) for each text of one window."""
    config = config or BoilerplateConfig()
    limit = config.max_line_chars
    keys = [_short_line_keys(text, limit) for text in texts]
    seen: Counter[str] = Counter()
    for text_keys in keys:
        seen.update(text_keys)
    boiler = {key for key, n in seen.items() if n >= config.min_docs}
    out: list[tuple[str, int]] = []
    for text, text_keys in zip(texts, keys, strict=True):
        # most texts hold no boilerplate line: one set test, not a second pass over their lines
        if text_keys.isdisjoint(boiler):
            out.append((text, 0))
            continue
        lines = text.split("\n")
        kept = [
            line
            for line, stripped in zip(lines, map(str.strip, lines), strict=True)
            if not (len(stripped) <= limit and stripped.casefold() in boiler)
        ]
        removed = len(lines) - len(kept)
        out.append((normalize_text("\n".join(kept)) if removed else text, removed))
    return out


class BoilerplateLineRemover(PipelineStep):
    """Writes `boilerplate_lines` (int); counts `boilerplate_lines` (lines) and `boilerplate_docs`."""

    name = "🧹 boilerplate lines"
    type = "✂️ - FORMAT"

    def __init__(self, config: BoilerplateConfig | None = None):
        super().__init__()
        self.config = config or BoilerplateConfig()

    def _flush(self, window: list[Document]) -> Iterator[Document]:
        with self.track_time():
            results = remove_repeated_lines([doc.text for doc in window], self.config)
        for doc, (text, removed) in zip(window, results, strict=True):
            doc.metadata["boilerplate_lines"] = removed
            if removed:
                doc.text = text
                self.stat_update("boilerplate_docs")
                self.stat_update("boilerplate_lines", value=removed)
            yield doc

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if not self.config.enabled:
            yield from data
            return
        window: list[Document] = []
        for doc in data:
            window.append(doc)
            if len(window) >= self.config.window_docs:
                yield from self._flush(window)
                window = []
        if window:
            yield from self._flush(window)
