"""One error hierarchy. The message is what the user reads; `hint` says what to do about it.

The classes keep their arguments in `args`, so they pickle across multiprocessing and Ray workers.
"""

from __future__ import annotations


class NorcorpusError(Exception):
    """Base of every error norcorpus reports to the user (one line, plus an optional hint)."""

    default_hint: str | None = None

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message, hint)
        self.message = message
        self.hint = hint if hint is not None else self.default_hint

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        return (type(self), (self.message, self.hint))


class ConfigError(NorcorpusError):
    """A manifest, option or argument is wrong."""

    default_hint = "check the manifest or the command's --help"


class SourceError(NorcorpusError):
    """A declared source cannot be resolved (no files match, unknown filesystem, missing credentials)."""

    default_hint = "check the source's paths, or build with --sample to use the embedded sample"


class ShardError(NorcorpusError):
    """A shard (input file) cannot be read at all."""

    default_hint = "fix or remove that file and run the same command again; finished tasks are kept"


class InternalError(NorcorpusError):
    """A bug in norcorpus: an invariant that should always hold did not."""

    default_hint = "please report this with the command you ran"
