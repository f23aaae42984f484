"""Publish a build to the Hugging Face Hub as a dataset, with a card generated from its stats.

The card has the Hub's YAML header (languages, one config per language over `data/lang=<lang>/**`) and a
language × source table of documents and words, grouped by the categories of the NorwAI report's Table 2.
The upload is `HfApi.upload_folder` (huggingface_hub 2 folded `upload_large_folder` into it: chunked,
resumable commits), restricted to the files a user of the dataset needs; `.work/` never leaves the machine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from norcorpus.errors import ConfigError, NorcorpusError
from norcorpus.versions.build import CLUSTERS_DIR, LOCK_FILE, STATS_FILE
from norcorpus.versions.manifest import SourceCategory

CARD = "README.md"
UPLOAD_PATTERNS = [CARD, STATS_FILE, LOCK_FILE, "data/**/*.parquet", f"{CLUSTERS_DIR}/*.parquet"]

# ISO 639-1 where it exists: the Hub's language tags
_HUB_LANG = {"nob": "nb", "nno": "nn", "sme": "se", "dan": "da", "swe": "sv", "eng": "en", "deu": "de",
             "fin": "fi", "isl": "is", "fao": "fo"}
_CATEGORY_TITLE = {
    SourceCategory.NATIONAL_LIBRARY: "National Library",
    SourceCategory.PARTNER: "industry partners",
    SourceCategory.COMMON_CRAWL: "Common Crawl",
    SourceCategory.SOCIAL: "social media",
    SourceCategory.OTHER: "others",
}


@dataclass(frozen=True)
class UploadFile:
    path: str  # relative to the build directory = path in the repository
    size: int


def _load(version_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    stats_path, lock_path = version_dir / STATS_FILE, version_dir / LOCK_FILE
    if not stats_path.is_file() or not lock_path.is_file():
        raise ConfigError(f"{version_dir} is not a finished build (no {STATS_FILE} / {LOCK_FILE})")
    return json.loads(stats_path.read_text()), json.loads(lock_path.read_text())


def dataset_card(version_dir: Path) -> str:
    stats, lock = _load(version_dir)
    manifest = lock["manifest"]
    version = stats["version"]
    sources = {s["name"]: s for s in manifest["sources"]}
    langs = sorted(stats["languages"])
    by_source = stats["by_source_language"]

    header = ["---", f"pretty_name: NorLLM corpus {version}", "language:"]
    header += [f"- {_HUB_LANG.get(lang, lang)}" for lang in langs if lang in _HUB_LANG]
    header += ["license: other", "task_categories:", "- text-generation", "configs:", "- config_name: default",
               "  data_files: data/**/*.parquet"]
    for lang in langs:
        header += [f"- config_name: {lang}", f"  data_files: data/lang={lang}/**/*.parquet"]
    header.append("---")

    lines = [
        f"# NorLLM corpus {version}",
        "",
        manifest.get("description") or "",
        "",
        f"Built with norcorpus {lock['norcorpus_version']} from `manifests/{version}.yaml`"
        + (" on the embedded sample shards." if lock["sample"] else "."),
        f"Config hash `{lock['config_hash'][:16]}`; every input file, its size and checksum are in `{LOCK_FILE}`.",
        "",
        "## Documents and words per language and source",
        "",
        "Words are whitespace-separated tokens. Sources are grouped as in Table 2 of the NorwAI report.",
        "",
        "| category | source | " + " | ".join(langs) + " | total words |",
        "|---|---|" + "---:|" * (len(langs) + 1),
    ]
    order = list(SourceCategory)
    for name in sorted(by_source, key=lambda n: (order.index(SourceCategory(sources[n]["category"])), n)):
        cells = []
        for lang in langs:
            c = by_source[name].get(lang)
            cells.append(f"{c['documents']:,} docs / {c['words']:,} words" if c else "")
        total = sum(c["words"] for c in by_source[name].values())
        category = _CATEGORY_TITLE[SourceCategory(sources[name]["category"])]
        lines.append(f"| {category} | {name} | " + " | ".join(cells) + f" | {total:,} |")
    lang_totals = [f"{stats['languages'][lang]['words']:,}" for lang in langs]
    lines.append("| **total** | | " + " | ".join(lang_totals) + f" | **{stats['totals']['words']:,}** |")
    lines += [
        "",
        "## What was removed",
        "",
        f"{stats['totals']['read']:,} documents were read and {stats['totals']['kept']:,} kept. Removed, by reason: "
        + (", ".join(f"{reason} {n:,}" for reason, n in stats["dropped"].items()) or "nothing") + ".",
        "",
        "## Sources and licences",
        "",
        "| source | format | licence |",
        "|---|---|---|",
    ]
    for name in sorted(by_source):
        s = sources[name]
        lines.append(f"| {name} | {s['format']} | {s['licence']} |")
    lines += [
        "",
        "## Columns",
        "",
        "`id, text, source, lang, lang_score, url, date` plus provenance and dedup columns "
        "(`cluster_id`, `cluster_size`, `duplicate_count`) and one struct column of metadata per source format.",
        "",
    ]
    return "\n".join(header + [""] + lines)


def upload_files(version_dir: Path) -> list[UploadFile]:
    files: dict[str, UploadFile] = {}
    for pattern in UPLOAD_PATTERNS:
        for path in sorted(version_dir.glob(pattern)):
            if path.is_file():
                rel = path.relative_to(version_dir).as_posix()
                files[rel] = UploadFile(rel, path.stat().st_size)
    return sorted(files.values(), key=lambda f: f.path)


def publish(version_dir: Path, repo: str, *, dry_run: bool, private: bool = True, token: str | None = None):
    """Write the card into the build and upload it (or, with dry_run, only say what would be uploaded)."""
    version_dir = Path(version_dir)
    if "/" not in repo:
        raise ConfigError(f"--repo {repo!r} must be ORG/NAME")
    (version_dir / CARD).write_text(dataset_card(version_dir), encoding="utf-8")
    files = upload_files(version_dir)
    if dry_run:
        return files
    from huggingface_hub import HfApi

    api = HfApi(token=token)
    try:
        api.create_repo(repo, repo_type="dataset", private=private, exist_ok=True)
        api.upload_folder(
            repo_id=repo,
            repo_type="dataset",
            folder_path=version_dir,
            allow_patterns=UPLOAD_PATTERNS,
            commit_message=f"norcorpus {json.loads((version_dir / LOCK_FILE).read_text())['config_hash'][:16]}",
        )
    except Exception as exc:  # noqa: BLE001 - the Hub client raises HTTP, auth and network errors of its own
        text = str(exc).strip()
        raise NorcorpusError(
            f"cannot publish to {repo}: {text.splitlines()[0] if text else type(exc).__name__}",
            hint="log in (HF_TOKEN or `hf auth login`) and check the network; --dry-run shows what would be sent",
        ) from None
    return files
