"""norcorpus: Norwegian and Sámi LLM pretraining corpora, built with datatrove."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("norcorpus")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
