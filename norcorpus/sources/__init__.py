"""Source readers: one datatrove reader per source format (DESIGN.md section 3)."""

from __future__ import annotations

from datatrove.io import DataFileLike, DataFolderLike

from norcorpus.sources.base import SourceReader
from norcorpus.sources.culturax import CulturaxReader
from norcorpus.sources.generic import GenericReader
from norcorpus.sources.hplt_v1 import HpltV1Reader
from norcorpus.sources.hplt_v2 import HpltV2Reader
from norcorpus.sources.mc4 import Mc4Reader
from norcorpus.sources.ncc import NccReader
from norcorpus.sources.oscar import OscarReader
from norcorpus.versions.manifest import SourceFormat, SourceSpec

READERS: dict[SourceFormat, type[SourceReader]] = {
    SourceFormat.MC4: Mc4Reader,
    SourceFormat.OSCAR: OscarReader,
    SourceFormat.HPLT_V1: HpltV1Reader,
    SourceFormat.HPLT_V2: HpltV2Reader,
    SourceFormat.NCC: NccReader,
    SourceFormat.CULTURAX: CulturaxReader,
    SourceFormat.GENERIC: GenericReader,
}


def reader_for(
    spec: SourceSpec,
    data_folder: DataFolderLike,
    paths_file: DataFileLike,
    shard_offset: int = 0,
    max_chars: int | None = None,
) -> SourceReader:
    """The reader of a manifest source over an explicit list of files."""
    if spec.format is SourceFormat.GENERIC:
        return GenericReader(
            data_folder,
            spec.name,
            paths_file=paths_file,
            shard_offset=shard_offset,
            max_chars=max_chars,
            text_key=spec.text_key,
            id_key=spec.id_key,
            url_key=spec.url_key,
            date_key=spec.date_key,
        )
    return READERS[spec.format](
        data_folder, spec.name, paths_file=paths_file, shard_offset=shard_offset, max_chars=max_chars
    )


__all__ = [
    "READERS",
    "CulturaxReader",
    "GenericReader",
    "HpltV1Reader",
    "HpltV2Reader",
    "Mc4Reader",
    "NccReader",
    "OscarReader",
    "SourceReader",
    "reader_for",
]
