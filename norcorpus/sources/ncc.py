"""NCC (NbAiLab/NCC): `train-shard-NNNN-of-NNNN.json.gz`, lines `{"id","doc_type","publish_year",
"lang_fasttext","lang_fasttext_conf" (a string),"text"}`; long documents are split as `{id}_partN`."""

from __future__ import annotations

import re
from typing import Any

from datatrove.data import Document

from norcorpus.sources.base import JsonlSourceReader, iso_date, opt_float, opt_int, opt_str
from norcorpus.versions.manifest import SourceFormat

_PART = re.compile(r"^(?P<parent>.+)_part\d+$")


class NccReader(JsonlSourceReader):
    name = "NCC"
    format = SourceFormat.NCC

    def parse_object(self, obj: dict[str, Any], filepath: str) -> Document:
        native_id = opt_str(obj.get("id"), "id")
        year = opt_int(obj.get("publish_year"), "publish_year")
        lang = opt_str(obj.get("lang_fasttext"), "lang_fasttext")
        conf = opt_float(obj.get("lang_fasttext_conf"), "lang_fasttext_conf")
        part = _PART.match(native_id) if native_id else None
        return self.make_document(
            text=obj.get("text"),
            native_id=native_id,
            filepath=filepath,
            date=iso_date(year),
            source_lang=lang,
            source_lang_score=conf,
            format_metadata={
                "doc_type": opt_str(obj.get("doc_type"), "doc_type"),
                "publish_year": year,
                "lang_fasttext": lang,
                "lang_fasttext_conf": conf,
                "parent_id": part.group("parent") if part else None,
            },
        )
