"""Option parsing shared by several commands."""

from __future__ import annotations

from norcorpus.errors import ConfigError


def parse_weights(items: list[str], option: str) -> dict[str, float]:
    """`NAME=WEIGHT` items of a repeatable option (e.g. `--lang-weight sme=16`) as a mapping."""
    weights: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep or not name.strip():
            raise ConfigError(f"{option} {item!r} is not NAME=WEIGHT", hint=f"e.g. {option} sme=16")
    return weights
