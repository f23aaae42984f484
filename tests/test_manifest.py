"""The typed manifest: minimal manifests are valid, mistakes are one line naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from norcorpus.errors import ConfigError
from norcorpus.langs import Lang
from norcorpus.versions.catalog import known_versions, resolve_manifest
from norcorpus.versions.manifest import SourceCategory, load_manifest, parse_manifest

MINIMAL = {"version": "T1", "sources": [{"name": "news", "format": "generic", "paths": ["/data/*.jsonl"]}]}


def test_minimal_manifest_gets_defaults() -> None:
    m = parse_manifest(MINIMAL, "m.yaml")
    (source,) = m.sources
    assert source.priority == 100 and source.category is SourceCategory.OTHER and source.sample == []
    assert m.languages == [] and m.dedup.exact and m.lid.min_chars == 20


def _error(data: object) -> str:
    with pytest.raises(ConfigError) as err:
        parse_manifest(data, "m.yaml")
    message = str(err.value)
    assert "\n" not in message and message.startswith("m.yaml: ")
    return message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"sources": [{"name": "x", "format": "mc5", "paths": ["a"]}]}, "sources.0.format: Input should be"),
        ({"sources": [{"name": "x", "format": "mc4"}]}, "sources.0: Value error") ,
        ({"sources": [{"name": "x", "format": "mc4", "paths": ["a"], "prio": 1}]}, "sources.0.prio: unknown key"),
        ({"sources": [{"name": "Bad Name", "format": "mc4", "paths": ["a"]}]}, "sources.0.name:"),
        ({"sources": [{"name": "x", "format": "mc4", "paths": ["a"], "priority": 0}]}, "sources.0.priority:"),
        ({"languages": ["nob", "klingon"]}, "languages.1: Input should be"),
        ({"sources": []}, "sources: List should have at least 1 item"),
        ({"version": None}, "version: Input should be a valid string"),
    ],
)
def test_errors_name_the_key(change: dict, expected: str) -> None:
    message = _error(MINIMAL | change)
    assert expected.replace(": Value error", ":") in message


def test_missing_and_duplicate_keys() -> None:
    assert "version: required key is missing" in _error({"sources": MINIMAL["sources"]})
    twice = MINIMAL["sources"] * 2
    assert "used twice" in _error(MINIMAL | {"sources": twice})
    assert "needs `paths`" in _error(MINIMAL | {"sources": [{"name": "x", "format": "mc4"}]})


def test_yaml_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: V9\nsources: [\n  - name: x\n")
    with pytest.raises(ConfigError) as err:
        load_manifest(bad)
    assert str(bad) in str(err.value) and "line" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(ConfigError, match="does not exist"):
        load_manifest(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="unknown corpus version 'V9'"):
        resolve_manifest("V9")


@pytest.mark.parametrize("version", ["V1", "V2", "V3"])
def test_shipped_manifests_declare_real_sources(version: str) -> None:
    m = load_manifest(resolve_manifest(version))
    assert m.version == version
    for source in m.sources:
        assert source.licence != "unspecified", source.name
        for path in source.paths + source.path_lists:
            assert path.startswith(("hf://datasets/", "https://", "${NORCORPUS_")), path
    formats = {s.format.value for s in m.sources}
    assert {"ncc", "mc4", "oscar", "generic"} <= formats
    sample_sources = [s for s in m.sources if s.sample]
    assert len(sample_sources) >= 4


def test_versions_follow_the_report() -> None:
    assert known_versions() == ["V1", "V2", "V3"]
    v1, v2, v3 = (load_manifest(resolve_manifest(v)) for v in ("V1", "V2", "V3"))
    assert any(s.category is SourceCategory.SOCIAL for s in v1.sources)
    assert not any(s.category is SourceCategory.SOCIAL for s in v2.sources + v3.sources)  # V2 dropped social media
    v3_formats = {s.format.value for s in v3.sources}
    assert {"culturax", "hplt_v1", "hplt_v2", "ncc"} <= v3_formats
    assert Lang.SME in v3.languages
    # curated sources survive dedup over web crawls
    prio = {s.name: s.priority for s in v3.sources}
    assert prio["ncc"] > prio["partner_news"] > prio["culturax_nb"] > prio["mc4_no"]


def test_manifests_carry_decisions_and_the_training_mix() -> None:
    v3 = load_manifest(resolve_manifest("V3"))
    assert v3.mixing.languages["sme"] == 16.0 and v3.mixing.languages["nno"] > 1.0
    # a partial override keeps the other FineWeb-2 sme thresholds, not the generic defaults
    assert v3.quality.sme.min_doc_words == 30
    assert v3.quality.sme.top_n_grams == parse_manifest(MINIMAL, "m.yaml").quality.sme.top_n_grams
    assert v3.dedup.minhash is not None and v3.dedup.minhash.threshold == 0.8


def test_pack_reads_the_mix_from_a_manifest() -> None:
    from norcorpus.cli.pack import _mixing

    mixing = _mixing(resolve_manifest("V3"), [], [])
    assert mixing.weight("sami_giellalt", "sme") == 16.0 and mixing.weight("ncc", "nob") == 1.0
