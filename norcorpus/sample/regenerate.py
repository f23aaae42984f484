"""Write the embedded sample shards, each in the real file format of its source.

    python -m norcorpus.sample.regenerate

The shards are committed; this script documents exactly how they were made and rewrites them byte for byte
(gzip mtime 0, fixed zstd level, fixed Parquet options). Duplicates across sources are deliberate: CulturaX
re-publishes mC4 and OSCAR pages, partner articles are crawled by mC4, NCC and HPLT share public pages.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from norcorpus.normalize.sami_legacy import CONFUSION_BY_NAME
from norcorpus.sample.texts import DAN, ENG, JUNK, NNO, NOB, SME, SOCIAL, SWE
from norcorpus.versions.catalog import sample_dir


def _uuid(seed: str) -> str:
    h = hashlib.sha1(seed.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def mojibake(text: str) -> str:
    """UTF-8 bytes read as cp1252, the commonest mojibake on Norwegian pages ("Ã¸" for "ø")."""
    return text.encode("utf-8").decode("cp1252")


def sami_legacy(text: str) -> str:
    """North Sámi typed in an ISO Latin-4 code page and shown as cp1252 (š → ¹, ŋ → ¿, ŧ → ¼ ...)."""
    return CONFUSION_BY_NAME["latin4_as_cp1252"].damage(text)


def _jsonl(records: list[dict[str, Any] | str]) -> bytes:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _write_gz(path: Path, data: bytes) -> None:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
    _write(path, buf.getvalue())


def _write_zst(path: Path, data: bytes) -> None:
    _write(path, zstandard.ZstdCompressor(level=3).compress(data))


def _write_parquet(path: Path, table: pa.Table) -> None:
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="snappy", write_statistics=False)
    _write(path, buf.getvalue())


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# -- one builder per source format ------------------------------------------------------------------------


def mc4() -> bytes:
    def rec(text: str, url: str, ts: str) -> dict[str, Any]:
        return {"text": text, "timestamp": ts, "url": url}

    return _jsonl(
        [
            rec(NOB["budget"], "https://www.vg.no/nyheter/statsbudsjettet-2021", "2020-10-07T14:03:11Z"),
            rec(NOB["relay"], "https://www.nrk.no/sport/stafettseier-i-verdenscupen", "2020-11-29T09:12:45Z"),
            rec(NOB["tyres"], "https://forum.bilnorge.no/topic/vinterdekk-uten-jekk", "2020-10-20T18:40:02Z"),
            rec(NOB["ai"], "https://www.digi.no/artikler/kunstig-intelligens-og-personvern", "2021-01-14T07:55:30Z"),
            rec(NOB["farikal"], "https://www.matprat.no/oppskrifter/tradisjon/farikal", "2020-09-24T11:21:09Z"),
            # mC4's "no" split also holds Danish pages
            rec(DAN["transport"], "https://www.dr.dk/nyheder/politik/kollektiv-trafik", "2020-08-13T06:30:00Z"),
            rec(JUNK["read_more"], "https://www.nettavisen.no/", "2020-10-01T00:00:01Z"),
        ]
    )


def oscar() -> bytes:
    def rec(
        text: str, url: str, date: str, label: str, prob: float, *, warnings: list[str] | None = None,
        harmful_pp: float = 1200.0,
    ) -> dict[str, Any]:
        lines = text.split("\n")
        return {
            "content": text,
            "warc_headers": {
                "warc-record-id": f"<urn:uuid:{_uuid('oscar' + url)}>",
                "warc-date": date,
                "content-type": "text/plain",
                "content-length": str(len(text.encode())),
                "warc-type": "conversion",
                "warc-target-uri": url,
                "warc-identified-content-language": "nor,eng",
                "warc-refers-to": f"<urn:uuid:{_uuid('ref' + url)}>",
                "warc-block-digest": f"sha1:{hashlib.sha1(text.encode()).hexdigest().upper()[:32]}",
            },
            "metadata": {
                "identification": {"label": label, "prob": prob},
                "harmful_pp": harmful_pp,
                "tlsh": f"tlsh:T1{hashlib.md5(text.encode()).hexdigest().upper()}",
                "quality_warnings": warnings,
                "categories": None,
                "sentence_identifications": [{"label": label, "prob": prob} if line else None for line in lines],
            },
        }

    # the same page as HPLT's copy, but with CRLF line ends and non-breaking spaces: equal after normalization
    kindergarten_crlf = NOB["kindergarten"].replace("\n", "\r\n").replace("1. mars", "1.\u00a0mars")
    return _jsonl(
        [
            rec(kindergarten_crlf, "https://www.baerum.kommune.no/barnehage/soknad", "2022-11-27T05:13:49Z", "no",
                0.97),
            # a near duplicate of mC4's page: the same article with a share line under it
            rec(NOB["relay"] + "\n\n" + JUNK["share"], "https://www.nrk.no/sport/stafettseier-i-verdenscupen-1",
                "2022-12-01T10:02:11Z", "no", 0.95),
            rec(NOB["storm"], "https://www.yr.no/artikkel/farevarsel-vestlandet", "2022-11-29T21:44:03Z", "no", 0.98),
            rec(JUNK["cookies"], "https://www.finn.no/", "2022-11-30T02:11:57Z", "no", 0.61,
                warnings=["tiny", "short_sentences"]),
            rec(mojibake(NOB["christmas"]), "https://www.butikken.no/apningstider", "2022-12-02T08:00:00Z", "no", 0.74,
                warnings=["noisy"]),
            rec(ENG["conference"], "https://www.uit.no/en/event/nordic-lt", "2022-11-28T13:37:00Z", "en", 0.99),
        ]
    )


def hplt_v1(lang: str) -> bytes:
    def rec(n: int, text: str, url: str, seg_lang: str, score: float) -> dict[str, Any]:
        paragraphs = [p for p in text.split("\n") if p]
        return {
            "id": n,
            "document_lang": lang,
            "scores": [round(score - 0.01 * i, 3) for i in range(len(paragraphs))],
            "langs": [seg_lang] * len(paragraphs),
            "text": text,
            "url": url,
            "collection": "wide00016",
        }

    if lang == "nb":
        return _jsonl(
            [
                rec(10231, NOB["kindergarten"], "https://www.baerum.kommune.no/barnehage/soknad", "nb", 0.96),
                rec(10232, NOB["library"], "https://www.nb.no/aktuelt/digitalisering", "nb", 0.94),
                rec(10233, NOB["speech"], "https://www.stortinget.no/no/Saker-og-publikasjoner/referat", "nb", 0.93),
                rec(10234, NOB["contact"], "https://www.eksempel.no/kundeservice", "nb", 0.88),
                # HPLT's nb language id let a Swedish page through
                rec(10235, SWE["climate"], "https://www.riksdagen.se/sv/aktuellt/klimatlagen", "nb", 0.51),
            ]
        )
    return _jsonl(
        [
            rec(20417, NNO["school"], "https://www.nrk.no/vestland/ny-vidaregaande-skule-i-forde", "nn", 0.92),
            rec(20418, NNO["football"], "https://www.sognavis.no/sport/sogndal-vann-mot-brann", "nn", 0.9),
            rec(20419, NNO["hike"], "https://turbloggen.no/over-hardangervidda", "nn", 0.89),
        ]
    )


def hplt_v2() -> bytes:
    def rec(key: str, text: str, url: str, langs: list[str], probs: list[float]) -> dict[str, Any]:
        paragraphs = [p for p in text.split("\n") if p]
        return {
            "f": "wide00017/CC-MAIN-20231201-00042.warc.gz",
            "o": 1000 + len(key) * 7919,
            "s": len(text.encode()) + 611,
            "rs": len(text.encode()) + 4096,
            "u": url,
            "c": "text/html",
            "ts": "2023-12-01T14:21:09Z",
            "collection": "wide17",
            "lang": langs,
            "prob": probs,
            "text": text,
            "seg_langs": [langs[0]] * len(paragraphs),
            "id": hashlib.md5(("hplt2" + key).encode()).hexdigest(),
            "filter": "keep",
            "pii": [],
            "doc_scores": [3.4, 0.71, 0.12],
            "robotstxt": "allowed",
        }

    sme3 = ["sme_Latn", "smj_Latn", "fin_Latn"]
    return _jsonl(
        [
            rec("parliament", SME["parliament"], "https://sametinget.no/sme/sámediggi", sme3, [0.97, 0.02, 0.01]),
            rec("university", SME["university"], "https://samas.no/se/oahpahus", sme3, [0.96, 0.03, 0.01]),
            rec("grants", SME["grants"], "https://sametinget.no/sme/doarjja", sme3, [0.95, 0.03, 0.02]),
            # the same page as an 8-bit mis-decode left it on another site
            rec("national_day_legacy", sami_legacy(SME["national_day"]), "https://avvir.no/otne-lea-albmotbeaivi",
                ["sme_Latn", "isl_Latn", "fin_Latn"], [0.71, 0.21, 0.05]),
        ]
    )


def ncc() -> bytes:
    def rec(doc_id: str, doc_type: str, year: int, lang: str, conf: str, text: str) -> dict[str, Any]:
        return {
            "id": doc_id,
            "doc_type": doc_type,
            "publish_year": year,
            "lang_fasttext": lang,
            "lang_fasttext_conf": conf,
            "text": text,
        }

    return _jsonl(
        [
            rec("digibok_2008012800014_part0", "books", 1997, "no", "0.982", NOB["union"]),
            rec("digibok_2008012800014_part1", "books", 1997, "no", "0.977", NOB["union_part2"]),
            rec("wikipedia_download_nno_Ivar_Aasen_1342", "wikipedia_download_nno", 2021, "nn", "0.941",
                NNO["aasen"]),
            rec("government_nn_kjernetid_3381", "government_nn", 2020, "nn", "0.923", NNO["kindergarten"]),
            # NCC's copy of the library news that HPLT also crawled: NCC has the higher priority and survives
            rec("newspaper_ocr_nb_2019_0112", "newspaper_ocr", 2019, "no", "0.964", NOB["library"]),
            rec("lovdata_cd_somb_rundskriv_0091", "lovdata_cd_somb_rundskriv_2005", 2005, "se", "0.88",
                SME["reindeer"]),
            # a record cut off mid-line (broken export) and one whose text is empty
            '{"id": "newspaper_ocr_nb_2019_0113", "doc_type": "newspaper_ocr", "publish_year": 2019, "text": "Avi',
            rec("parliament_nb_2010_empty", "parliament", 2010, "no", "0.0", ""),
        ]
    )


def culturax(lang: str) -> pa.Table:
    if lang == "nb":
        rows = [
            # CulturaX re-publishes mC4 and OSCAR pages: exact copies of the mC4 and OSCAR records
            (NOB["budget"], "2020/10/07 14:03:11", "https://www.vg.no/nyheter/statsbudsjettet-2021", "mC4"),
            (NOB["storm"], "2022/11/29 21:44:03", "https://www.yr.no/artikkel/farevarsel-vestlandet", "OSCAR-2301"),
            (NOB["farikal"], "2020/09/24 11:21:09", "https://www.matprat.no/oppskrifter/tradisjon/farikal", "mC4"),
        ]
    else:
        rows = [
            (NNO["fishing"], "2021/03/02 09:14:51", "https://www.noveller.no/nynorsk/skreien", "OSCAR-2109"),
            (NNO["theatre"], "2020/02/11 16:05:33", "https://www.detnorsketeatret.no/framsyningar", "mC4"),
        ]
    return pa.table(
        {
            "text": [r[0] for r in rows],
            "timestamp": [r[1] for r in rows],
            "url": [r[2] for r in rows],
            "source": [r[3] for r in rows],
        }
    )


def partner_news() -> bytes:
    """A partner's article export (generic JSONL): the original of the article mC4 and CulturaX crawled."""
    return _jsonl(
        [
            {"id": "vg-2020-10-07-4711", "title": "Statsbudsjettet 2021", "text": NOB["budget"],
             "url": "https://www.vg.no/nyheter/statsbudsjettet-2021", "date": "2020-10-07T14:00:00+02:00",
             "section": "nyheter"},
            {"id": "vg-2021-02-02-1337", "title": "Distriktsnyheiter", "text": NNO["district_news"],
             "url": "https://www.vg.no/nyheter/distrikt", "date": "2021-02-02", "section": "innenriks"},
        ]
    )


def nrk_transcripts() -> pa.Table:
    """Subtitle transcripts as a partner ships them (generic Parquet)."""
    return pa.table(
        {
            "id": ["DNNR05012319", "DNNR05012320"],
            "text": [NOB["dagsrevyen"], NNO["district_news"]],
            "date": ["2019-01-23", "2019-01-23"],
            "program": ["Dagsrevyen", "Distriktsnyheiter Vestland"],
        }
    )


def sami_giellalt() -> bytes:
    """North Sámi documents as exported from a GiellaLT-style corpus (generic JSONL, no url)."""
    return _jsonl(
        [
            {"id": "sme/news/albmotbeaivi.html", "text": SME["national_day"], "genre": "news"},
            {"id": "sme/facta/aahkku.doc", "text": SME["grandmother"], "genre": "facta"},
            {"id": "sme/admin/samediggi.html", "text": SME["parliament"], "genre": "admin"},
        ]
    )


def social() -> bytes:
    return _jsonl(
        [
            {"id": "1356229411839750145", "text": SOCIAL["tweet_nob"], "date": "2021-02-01T14:02:11Z"},
            {"id": "1356229411839750146", "text": SOCIAL["tweet_nno"], "date": "2021-02-01T15:12:40Z"},
            {"id": "t3_lc2x9p", "text": SOCIAL["reddit_nob"], "url": "https://www.reddit.com/r/norge/lc2x9p",
             "date": "2021-02-03"},
        ]
    )


def regenerate(root: Path | None = None) -> list[Path]:
    root = root or sample_dir()
    written = {
        "mc4/c4-no.tfrecord-00000-of-01024.json.gz": ("gz", mc4()),
        "oscar/no_meta/no_meta_part_1.jsonl.zst": ("zst", oscar()),
        "hplt_v1/nb/nb_1.jsonl.zst": ("zst", hplt_v1("nb")),
        "hplt_v1/nn/nn_1.jsonl.zst": ("zst", hplt_v1("nn")),
        "hplt_v2/sme_Latn/1.jsonl.zst": ("zst", hplt_v2()),
        "ncc/train-shard-0001-of-0001.json.gz": ("gz", ncc()),
        "culturax/nb/nb_part_00000.parquet": ("parquet", culturax("nb")),
        "culturax/nn/nn_part_00000.parquet": ("parquet", culturax("nn")),
        "partner/news/vg-2020.jsonl": ("plain", partner_news()),
        "partner/nrk/transcripts-0000.parquet": ("parquet", nrk_transcripts()),
        "giellalt/sme/corpus-sme-0000.jsonl": ("plain", sami_giellalt()),
        "social/posts-0000.jsonl.gz": ("gz", social()),
    }
    paths = []
    for rel, (kind, payload) in written.items():
        path = root / rel
        if kind == "gz":
            _write_gz(path, payload)
        elif kind == "zst":
            _write_zst(path, payload)
        elif kind == "parquet":
            _write_parquet(path, payload)
        else:
            _write(path, payload)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written_path in regenerate():
        print(written_path)
