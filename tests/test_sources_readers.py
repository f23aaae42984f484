"""Each reader on golden records written in its source's real format."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from norcorpus.errors import ShardError
from norcorpus.sources import (
    CulturaxReader,
    GenericReader,
    HpltV1Reader,
    HpltV2Reader,
    Mc4Reader,
    NccReader,
    OscarReader,
)
from norcorpus.versions.accounting import drop_label, read_label

NOB = "Nasjonalbiblioteket har digitalisert over en million bøker, aviser og tidsskrifter."
NNO = "Fylkeskommunen har vedteke å byggje ein ny vidaregåande skule i Førde."
SME = "Sámediggi lea sámiid álbmotválljen orgána Norggas."


def jsonl(records: list) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records).encode()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".gz":
        data = gzip.compress(data, mtime=0)
    elif path.suffix == ".zst":
        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    return path


def read_all(reader, rank: int = 0, world_size: int = 1):
    docs = list(reader.run(None, rank, world_size))
    return docs, {k: v.total for k, v in reader.stats.stats.items()}


def test_mc4_maps_fields_and_hashes_an_id(tmp_path: Path) -> None:
    rec = {"text": NOB, "timestamp": "2020-10-07T14:03:11Z", "url": "https://www.nb.no/a"}
    write(tmp_path / "c4-no.tfrecord-00000-of-01024.json.gz", jsonl([rec, rec | {"url": "https://www.nb.no/b"}]))
    docs, stats = read_all(Mc4Reader(str(tmp_path), "mc4_no", glob_pattern="*.json.gz"))
    assert [d.text for d in docs] == [NOB, NOB]
    first = docs[0]
    assert first.id.startswith("mc4_no:h") and len(first.id) == len("mc4_no:h") + 16
    assert docs[0].id != docs[1].id  # same text, other url: other record
    assert first.metadata["url"] == "https://www.nb.no/a"
    assert first.metadata["date"] == "2020-10-07T14:03:11Z"
    assert first.metadata["source"] == "mc4_no"
    assert first.metadata["mc4"] == {"timestamp": "2020-10-07T14:03:11Z"}
    assert stats[read_label("mc4_no")] == 2
    # stable: reading again gives the same ids
    again, _ = read_all(Mc4Reader(str(tmp_path), "mc4_no", glob_pattern="*.json.gz"))
    assert [d.id for d in again] == [d.id for d in docs]


def test_oscar_keeps_warc_and_quality_metadata(tmp_path: Path) -> None:
    rec = {
        "content": NOB + "\n" + NOB,
        "warc_headers": {
            "warc-record-id": "<urn:uuid:5a2d1c9e-0000-4c1e-9d3a-1f2e3d4c5b6a>",
            "warc-date": "2022-11-27T05:13:49Z",
            "warc-target-uri": "https://www.nb.no/x",
            "warc-identified-content-language": "nor,eng",
            "content-type": "text/plain",
        },
        "metadata": {
            "identification": {"label": "no", "prob": 0.97},
            "harmful_pp": 1234.5,
            "tlsh": "tlsh:T1ABC",
            "quality_warnings": ["short_sentences"],
            "categories": None,
            "sentence_identifications": [{"label": "no", "prob": 0.9}, None],
        },
    }
    write(tmp_path / "no_meta" / "no_meta_part_1.jsonl.zst", jsonl([rec]))
    (doc,), _ = read_all(OscarReader(str(tmp_path), "oscar_no"))
    assert doc.id == "oscar_no:urn:uuid:5a2d1c9e-0000-4c1e-9d3a-1f2e3d4c5b6a"
    assert doc.metadata["url"] == "https://www.nb.no/x"
    assert doc.metadata["date"] == "2022-11-27T05:13:49Z"
    assert doc.metadata["source_lang"] == "no" and doc.metadata["lang"] == "nob"
    assert doc.metadata["lang_score"] == 0.97
    oscar = doc.metadata["oscar"]
    assert oscar["harmful_pp"] == 1234.5
    assert oscar["quality_warnings"] == ["short_sentences"]
    assert oscar["identification"] == {"label": "no", "prob": 0.97}
    assert oscar["warc_identified_content_language"] == "nor,eng"
    assert doc.metadata["shard"] == "no_meta/no_meta_part_1.jsonl.zst"


def test_hplt_v1_document_score_is_the_mean_of_its_language_segments(tmp_path: Path) -> None:
    rec = {
        "id": 10231,
        "document_lang": "nn",
        "scores": [0.9, 0.7, 0.2],
        "langs": ["nn", "nn", "en"],
        "text": NNO,
        "url": "https://www.nrk.no/vestland/x",
        "collection": "wide00016",
    }
    write(tmp_path / "nn" / "nn_1.jsonl.zst", jsonl([rec]))
    (doc,), _ = read_all(HpltV1Reader(str(tmp_path), "hplt_v12_nn"))
    assert doc.id == "hplt_v12_nn:10231"
    assert doc.metadata["lang"] == "nno"
    assert doc.metadata["lang_score"] == pytest.approx(0.8)
    assert doc.metadata["hplt_v1"] == {
        "document_lang": "nn", "scores": [0.9, 0.7, 0.2], "langs": ["nn", "nn", "en"], "collection": "wide00016"
    }


def test_hplt_v2_maps_short_keys(tmp_path: Path) -> None:
    rec = {
        "f": "wide17/a.warc.gz", "o": 10, "s": 20, "rs": 30, "u": "https://sametinget.no/sme", "c": "text/html",
        "ts": "2023-12-01T14:21:09Z", "collection": "wide17", "lang": ["sme_Latn", "smj_Latn", "fin_Latn"],
        "prob": [0.96, 0.03, 0.01], "text": SME, "seg_langs": ["sme_Latn"], "id": "8b3f00aa",
        "filter": "keep", "pii": [[3, 9]], "doc_scores": [3.4, 0.7], "robotstxt": "allowed",
    }
    write(tmp_path / "sme_Latn" / "1.jsonl.zst", jsonl([rec]))
    (doc,), _ = read_all(HpltV2Reader(str(tmp_path), "hplt_v2_sme"))
    assert doc.id == "hplt_v2_sme:8b3f00aa"
    assert doc.metadata["lang"] == "sme" and doc.metadata["lang_score"] == 0.96
    assert doc.metadata["url"] == "https://sametinget.no/sme"
    h = doc.metadata["hplt_v2"]
    assert h["seg_langs"] == ["sme_Latn"] and h["doc_scores"] == [3.4, 0.7] and h["pii"] == [[3, 9]]
    assert h["collection"] == "wide17" and h["warc_file"] == "wide17/a.warc.gz" and h["filter"] == "keep"


def test_ncc_conf_is_a_float_and_parts_know_their_parent(tmp_path: Path) -> None:
    recs = [
        {"id": "digibok_1_part0", "doc_type": "books", "publish_year": 1997, "lang_fasttext": "no",
         "lang_fasttext_conf": "0.982", "text": NOB},
        {"id": "wikipedia_nno_1", "doc_type": "wikipedia_download_nno", "publish_year": 2021,
         "lang_fasttext": "nn", "lang_fasttext_conf": "0.5", "text": NNO},
    ]
    write(tmp_path / "train-shard-0001-of-0001.json.gz", jsonl(recs))
    docs, _ = read_all(NccReader(str(tmp_path), "ncc"))
    assert [d.id for d in docs] == ["ncc:digibok_1_part0", "ncc:wikipedia_nno_1"]
    ncc = docs[0].metadata["ncc"]
    assert ncc["lang_fasttext_conf"] == 0.982 and isinstance(ncc["lang_fasttext_conf"], float)
    assert ncc["publish_year"] == 1997 and ncc["doc_type"] == "books" and ncc["parent_id"] == "digibok_1"
    assert docs[0].metadata["date"] == "1997"
    assert docs[1].metadata["lang"] == "nno" and docs[1].metadata["ncc"]["parent_id"] is None


def test_culturax_parquet(tmp_path: Path) -> None:
    table = pa.table({
        "text": [NOB], "timestamp": ["2019/07/16 18:33:35"], "url": ["https://www.nb.no/c"], "source": ["mC4"]
    })
    (tmp_path / "nb").mkdir()
    pq.write_table(table, tmp_path / "nb" / "nb_part_00000.parquet")
    (doc,), _ = read_all(CulturaxReader(str(tmp_path), "culturax_nb"))
    assert doc.metadata["date"] == "2019-07-16T18:33:35"
    assert doc.metadata["culturax"] == {"timestamp": "2019/07/16 18:33:35", "source": "mC4"}
    assert doc.metadata["source_lang"] == "nb" and doc.metadata["lang"] == "nob"
    assert doc.id.startswith("culturax_nb:h")


def test_generic_jsonl_and_parquet_keep_unmapped_fields(tmp_path: Path) -> None:
    write(tmp_path / "news.jsonl.zst", jsonl([{"id": "vg-1", "text": NOB, "url": "https://vg.no/1",
                                               "date": "2020-10-07", "title": "Budsjett"}]))
    pq.write_table(pa.table({"body": [NNO], "program": ["Dagsrevyen"]}), tmp_path / "nrk.parquet")
    docs, _ = read_all(GenericReader(str(tmp_path), "partner", glob_pattern="*.jsonl.zst"))
    assert docs[0].id == "partner:vg-1" and docs[0].metadata["date"] == "2020-10-07"
    assert json.loads(docs[0].metadata["generic"]["fields"]) == {"title": "Budsjett"}
    docs, _ = read_all(GenericReader(str(tmp_path), "nrk", glob_pattern="*.parquet", text_key="body"))
    assert docs[0].text == NNO and docs[0].id.startswith("nrk:h")
    assert json.loads(docs[0].metadata["generic"]["fields"]) == {"program": "Dagsrevyen"}


def test_bad_records_are_counted_not_lost(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": NOB, "url": "https://a"}).encode(),
        b'{"text": "Avi',  # cut off
        b"[1, 2]",  # not an object
        json.dumps({"url": "https://no-text"}).encode(),
        json.dumps({"text": 42}).encode(),
        json.dumps({"text": "   \n "}).encode(),
        b'{"text": "ugyldig \xff utf-8"}',
        b"",  # blank line: not a record
        json.dumps({"text": NNO, "url": ["not", "a", "string"]}).encode(),
    ]
    write(tmp_path / "c4-no.tfrecord-00001-of-01024.json.gz", b"\n".join(lines) + b"\n")
    docs, stats = read_all(Mc4Reader(str(tmp_path), "mc4_no"))
    assert [d.text for d in docs] == [NOB]
    assert stats[read_label("mc4_no")] == 8
    assert stats[drop_label("mc4_no", "malformed")] == 6
    assert stats[drop_label("mc4_no", "empty")] == 1


@pytest.mark.parametrize("name", ["c4-no.tfrecord-00002-of-01024.json.gz", "no_meta_part_2.jsonl.zst"])
def test_truncated_shard_is_one_line_error_naming_the_file(tmp_path: Path, name: str) -> None:
    recs = jsonl([{"text": f"{NOB} {i}", "content": f"{NOB} {i}"} for i in range(3000)])
    path = write(tmp_path / name, recs)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    reader = Mc4Reader(str(tmp_path), "x") if name.endswith(".gz") else OscarReader(str(tmp_path), "x")
    with pytest.raises(ShardError) as err:
        read_all(reader)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_parquet_without_text_column_is_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "nb").mkdir()
    pq.write_table(pa.table({"content": [NOB]}), tmp_path / "nb" / "nb_part_00000.parquet")
    with pytest.raises(ShardError, match="no column 'text'"):
        read_all(CulturaxReader(str(tmp_path), "culturax_nb"))


def test_tasks_shard_the_files(tmp_path: Path) -> None:
    for i in range(3):
        write(tmp_path / f"c4-no.tfrecord-0000{i}-of-01024.json.gz", jsonl([{"text": f"{NOB} {i}", "url": str(i)}]))
    seen = []
    for rank in range(2):
        docs, _ = read_all(Mc4Reader(str(tmp_path), "mc4_no"), rank, 2)
        seen += [d.metadata["url"] for d in docs]
    assert sorted(seen) == ["0", "1", "2"]
