"""HPLT v1.2: `nb/nb_N.jsonl.zst`, lines `{"id","document_lang","scores","langs","text","url","collection"}`."""

from __future__ import annotations

from typing import Any

from datatrove.data import Document

from norcorpus.sources.base import JsonlSourceReader, float_list, opt_str, str_list
from norcorpus.versions.manifest import SourceFormat


class HpltV1Reader(JsonlSourceReader):
    name = "HPLT v1.2"
    format = SourceFormat.HPLT_V1

    def parse_object(self, obj: dict[str, Any], filepath: str) -> Document:
        doc_lang = opt_str(obj.get("document_lang"), "document_lang")
        scores = float_list(obj.get("scores"), "scores")
        langs = str_list(obj.get("langs"), "langs")
        # v1.2 scores each segment; the document's score is the mean over the segments in its language
        in_lang = [s for s, lang in zip(scores or [], langs or []) if s is not None and lang == doc_lang]
        doc_score = sum(in_lang) / len(in_lang) if in_lang else None
        url = opt_str(obj.get("url"), "url")
        text = obj.get("text")
        return self.make_document(
            text=text,
            native_id=opt_str(obj.get("id"), "id"),
            filepath=filepath,
            url=url,
            source_lang=doc_lang,
            source_lang_score=doc_score,
            format_metadata={
                "document_lang": doc_lang,
                "scores": scores,
                "langs": langs,
                "collection": opt_str(obj.get("collection"), "collection"),
            },
            hash_parts=(url, text if isinstance(text, str) else None),
        )
