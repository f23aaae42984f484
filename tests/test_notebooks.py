"""The notebooks: committed with outputs stripped, and executed with nbclient on the sample builds (V1, V3)."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

from tests.test_report_dashboard import build_samples  # noqa: E402  (after the importorskip lines)

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert {p.stem for p in NOTEBOOKS} >= {
        "01_explore_build",
        "02_compare_versions",
        "03_tokenizer_fertility",
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip the outputs"


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_samples(tmp_path_factory.getbasetemp() / "sample_builds")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_the_sample_build(
    path: Path, sample_out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the kernel inherits this process's environment: the notebooks read their inputs from it
    monkeypatch.setenv("NORCORPUS_BUILD", str(sample_out / "V3"))
    monkeypatch.setenv("NORCORPUS_OUT", str(sample_out))
    monkeypatch.delenv("NORCORPUS_TOKENIZER", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the fertility notebook's tiny tokenizer lands here
    book = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        book, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError, with the cell and its traceback, when a cell fails
    text = "\n".join(
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
        for cell in book.cells
        if cell.cell_type == "code"
        for o in cell.outputs
    )
    assert "Traceback" not in text
    expected = {
        "01_explore_build": ["V3", "language selection"],
        "02_compare_versions": ["['V1', 'V3']", "documents added"],
        "03_tokenizer_fertility": ["fertility", "sme"],
    }[path.stem]
    for needle in expected:
        assert needle in text, f"{path.name}: {needle!r} not in its outputs"
