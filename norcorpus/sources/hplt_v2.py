"""HPLT v2: `nob_Latn/N.jsonl.zst`, lines `{"f","o","s","rs","u","c","ts","collection","lang","prob",
"text","seg_langs","id","filter","pii","doc_scores","robotstxt"}`."""

from __future__ import annotations

from typing import Any

from datatrove.data import Document

from norcorpus.sources.base import (
    JsonlSourceReader,
    MalformedRecord,
    float_list,
    iso_date,
    opt_int,
    opt_str,
    str_list,
)
from norcorpus.versions.manifest import SourceFormat


def _spans(value: Any) -> list[list[int]] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(s, list) for s in value):
        raise MalformedRecord("pii is not a list of [start, end] spans")
    return [[opt_int(x, "pii") for x in span] for span in value]


class HpltV2Reader(JsonlSourceReader):
    name = "HPLT v2"
    format = SourceFormat.HPLT_V2

    def parse_object(self, obj: dict[str, Any], filepath: str) -> Document:
        langs = str_list(obj.get("lang"), "lang")
        probs = float_list(obj.get("prob"), "prob")
        url = opt_str(obj.get("u"), "u")
        timestamp = opt_str(obj.get("ts"), "ts")
        text = obj.get("text")
        return self.make_document(
            text=text,
            native_id=opt_str(obj.get("id"), "id"),
            filepath=filepath,
            url=url,
            date=iso_date(timestamp),
            source_lang=langs[0] if langs else None,
            source_lang_score=probs[0] if probs else None,
            format_metadata={
                "collection": opt_str(obj.get("collection"), "collection"),
                "lang": langs,
                "prob": probs,
                "doc_scores": float_list(obj.get("doc_scores"), "doc_scores"),
                "seg_langs": str_list(obj.get("seg_langs"), "seg_langs"),
                "filter": opt_str(obj.get("filter"), "filter"),
                "pii": _spans(obj.get("pii")),
                "robotstxt": opt_str(obj.get("robotstxt"), "robotstxt"),
                "content_type": opt_str(obj.get("c"), "c"),
                "timestamp": timestamp,
                "warc_file": opt_str(obj.get("f"), "f"),
            },
            hash_parts=(url, timestamp, text if isinstance(text, str) else None),
        )
