"""CorpusSelector (the select stage on Arrow tables) against the document-at-a-time steps it replaces."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from datatrove.data import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from norcorpus.dedup.minhash_filter import MinhashFilter
from norcorpus.versions.accounting import parse_label
from norcorpus.versions.corpus_selector import CorpusSelector, whitespace_word_counts
from norcorpus.versions.corpus_writer import CorpusWriter
from norcorpus.versions.kept_counter import KeptCounter
from norcorpus.versions.staging import StagedReader, StagedWriter

WORDS = [
    "og",
    "i",
    "det",
    "som",
    "på",
    "er",
    "en",
    "til",
    "av",
    "for",
    "kommunen",
    "skulen",
    "fjorden",
    "čakča",
    "áiggun",
    "dál",
]
SPACES = [" ", " ", " ", "\n", "\n\n", "\t", "\u00a0", "  "]


def _documents(n: int, seed: int = 5) -> list[Document]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        text = "".join(rng.choice(WORDS) + rng.choice(SPACES) for _ in range(rng.randint(1, 60))).strip()
        meta = {
            "source": rng.choice(["ncc"] * 4 + ["hplt_v2"]),
            "lang": rng.choice(["nob"] * 4 + ["nno", "sme"]),
            "lang_score": round(rng.random(), 4),
            "lang_paragraphs": [{"lang": "nob", "score": 0.9, "chars": len(text)}],
            "url": f"https://example.no/{i}" if i % 3 else None,
            "quality": {"words": len(text.split()), "mean_word_length": 4.5},
        }
        docs.append(
            Document(text=text, id=f"doc-{i:05d}", metadata={k: v for k, v in meta.items() if v is not None})
        )
    return docs


def _clusters(docs: list[Document], path: Path, seed: int = 6) -> None:
    """MinhashCluster's table: every third document is in a cluster; some members are dropped."""
    rng = random.Random(seed)
    rows = {"id": [], "cluster_id": [], "cluster_size": [], "keep": [], "exact_copy": [], "exact_copies": []}
    for i in range(0, len(docs), 3):
        keep = rng.random() < 0.4
        rows["id"].append(docs[i].id)
        rows["cluster_id"].append(docs[i].id if keep else docs[i - 3].id if i >= 3 else "elsewhere")
        rows["cluster_size"].append(rng.randint(2, 5))
        rows["keep"].append(keep)
        rows["exact_copy"].append(not keep and rng.random() < 0.5)
        rows["exact_copies"].append(rng.randint(0, 2) if keep else 0)
    schema = pa.schema(
        [
            ("id", pa.string()),
            ("cluster_id", pa.string()),
            ("cluster_size", pa.int32()),
            ("keep", pa.bool_()),
            ("exact_copy", pa.bool_()),
            ("exact_copies", pa.int32()),
        ]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(rows, schema=schema), path)


def _files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*.parquet"))
    }


def _accounting(*steps) -> dict[str, int]:
    counts: dict[str, int] = {}
    for step in steps:
        for label, value in step.stats.stats.items():
            if parse_label(label) is not None:
                counts[label] = counts.get(label, 0) + int(value.total)
    return counts


def test_selector_writes_the_files_and_counts_of_the_document_steps(tmp_path: Path) -> None:
    # 3,000 documents in one task: more than 1,000 rows (a row group) in a partition, every language and
    # source mixed, odd whitespace (words counted by str.split), near and exact drops
    docs = _documents(3000)
    list(StagedWriter(str(tmp_path / "staged")).run(iter(docs), rank=3))
    _clusters(docs, tmp_path / "clusters" / "00003.parquet")

    old = [
        StagedReader(str(tmp_path / "staged")),
        MinhashFilter(str(tmp_path / "clusters"), str(tmp_path / "old" / "table")),
        KeptCounter(),
        CorpusWriter(str(tmp_path / "old" / "data")),
    ]
    stream = None
    for step in old:
        stream = step(stream, 3, 8)
    list(stream)

    new = CorpusSelector(
        str(tmp_path / "staged"),
        str(tmp_path / "clusters"),
        str(tmp_path / "new" / "table"),
        str(tmp_path / "new" / "data"),
    )
    list(new.run(None, 3, 8))

    old_files, new_files = _files(tmp_path / "old"), _files(tmp_path / "new")
    assert old_files == new_files
    assert any(
        pq.ParquetFile(tmp_path / "new" / "data" / name.removeprefix("data/")).num_row_groups > 1
        for name in new_files
        if name.startswith("data/")
    )
    accounting = _accounting(*old)
    assert accounting == _accounting(new)
    assert any("/dropped/" in label and label.endswith("exact_duplicate") for label in accounting)
    assert any("/dropped/" in label and label.endswith("near_duplicate") for label in accounting)


def test_selector_of_a_task_without_documents_writes_an_empty_cluster_table(tmp_path: Path) -> None:
    new = CorpusSelector(
        str(tmp_path / "staged"), str(tmp_path / "clusters"), str(tmp_path / "table"), str(tmp_path / "data")
    )
    list(new.run(None, 0, 1))
    assert pq.read_table(tmp_path / "table" / "00000.parquet").num_rows == 0
    assert not (tmp_path / "data").exists() or not list((tmp_path / "data").rglob("*.parquet"))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("ab æč\n\t") + ["\u00a0", "\u2028", "\u3000", "\x1c"]), max_size=20
        ),
        max_size=8,
    ),
    st.integers(0, 3),
)
def test_word_counts_are_len_of_split(texts: list[str], skip: int) -> None:
    array = pa.array(texts, pa.string()).slice(min(skip, len(texts)))  # an offset into the buffers, too
    assert whitespace_word_counts(array).tolist() == [len(t.split()) for t in texts[skip:]]
