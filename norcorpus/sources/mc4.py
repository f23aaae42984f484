"""mC4 (allenai/c4 multilingual): `c4-no.tfrecord-NNNNN-of-01024.json.gz`, lines `{"text","timestamp","url"}`."""

from __future__ import annotations

from typing import Any

from datatrove.data import Document

from norcorpus.sources.base import JsonlSourceReader, iso_date, opt_str
from norcorpus.versions.manifest import SourceFormat


class Mc4Reader(JsonlSourceReader):
    name = "mC4"
    format = SourceFormat.MC4

    def parse_object(self, obj: dict[str, Any], filepath: str) -> Document:
        url = opt_str(obj.get("url"), "url")
        timestamp = opt_str(obj.get("timestamp"), "timestamp")
        text = obj.get("text")
        # mC4 has no record id: url + timestamp + text identify a record
        return self.make_document(
            text=text,
            native_id=None,
            filepath=filepath,
            url=url,
            date=iso_date(timestamp),
            format_metadata={"timestamp": timestamp},
            hash_parts=(url, timestamp, text if isinstance(text, str) else None),
        )
