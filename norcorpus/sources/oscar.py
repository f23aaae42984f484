"""OSCAR 23.01: `no_meta/no_meta_part_N.jsonl.zst`, lines `{"content", "warc_headers", "metadata"}`."""

from __future__ import annotations

from typing import Any

from datatrove.data import Document

from norcorpus.sources.base import (
    JsonlSourceReader,
    MalformedRecord,
    iso_date,
    opt_float,
    opt_str,
    str_list,
)
from norcorpus.versions.manifest import SourceFormat


def _mapping(value: Any, field: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MalformedRecord(f"{field} is not an object")
    return value


class OscarReader(JsonlSourceReader):
    name = "OSCAR 23.01"
    format = SourceFormat.OSCAR

    def parse_object(self, obj: dict[str, Any], filepath: str) -> Document:
        headers = _mapping(obj.get("warc_headers"), "warc_headers")
        meta = _mapping(obj.get("metadata"), "metadata")
        ident = _mapping(meta.get("identification"), "metadata.identification")
        label = opt_str(ident.get("label"), "identification.label")
        prob = opt_float(ident.get("prob"), "identification.prob")
        record_id = opt_str(headers.get("warc-record-id"), "warc-record-id")
        warc_date = opt_str(headers.get("warc-date"), "warc-date")
        url = opt_str(headers.get("warc-target-uri"), "warc-target-uri")
        native_id = record_id.removeprefix("<").removesuffix(">") if record_id else None
        text = obj.get("content")
        return self.make_document(
            text=text,
            native_id=native_id,
            filepath=filepath,
            url=url,
            date=iso_date(warc_date),
            source_lang=label,
            source_lang_score=prob,
            format_metadata={
                "warc_record_id": record_id,
                "warc_date": warc_date,
                "warc_identified_content_language": opt_str(
                    headers.get("warc-identified-content-language"), "warc-identified-content-language"
                ),
                "identification": {"label": label, "prob": prob} if ident else None,
                "harmful_pp": opt_float(meta.get("harmful_pp"), "harmful_pp"),
                "quality_warnings": str_list(meta.get("quality_warnings"), "quality_warnings"),
                "categories": str_list(meta.get("categories"), "categories"),
                "tlsh": opt_str(meta.get("tlsh"), "tlsh"),
            },
            hash_parts=(url, warc_date, text if isinstance(text, str) else None),
        )
