"""CulturaX (uonlp/CulturaX): `{lang}/{lang}_part_NNNNN.parquet`, columns `text, timestamp, url, source`."""

from __future__ import annotations

import re
from typing import Any

from datatrove.data import Document

from norcorpus.sources.base import ParquetSourceReader, iso_date, opt_str
from norcorpus.versions.manifest import SourceFormat

_FILE_LANG = re.compile(r"^([a-z]{2,3})_part_\d+\.parquet$")


class CulturaxReader(ParquetSourceReader):
    name = "CulturaX"
    format = SourceFormat.CULTURAX

    def parse_object(self, obj: dict[str, Any], filepath: str) -> Document:
        url = opt_str(obj.get("url"), "url")
        timestamp = opt_str(obj.get("timestamp"), "timestamp")
        text = obj.get("text")
        # the file name (nb_part_00000.parquet) carries CulturaX's label for every row of the file
        name_lang = _FILE_LANG.match(filepath.rsplit("/", 1)[-1])
        return self.make_document(
            text=text,
            native_id=None,
            filepath=filepath,
            url=url,
            date=iso_date(timestamp),
            source_lang=name_lang.group(1) if name_lang else None,
            format_metadata={"timestamp": timestamp, "source": opt_str(obj.get("source"), "source")},
            hash_parts=(url, timestamp, text if isinstance(text, str) else None),
        )
