"""Import mosaicml-streaming's reader narrowly, for the tests, the smoke training and the benchmark.

norcorpus does not depend on mosaicml-streaming (0.13 pins numpy<2.2 and transformers<5, which cannot
share a resolver with datatrove 0.10); it is installed beside it with `pip install --no-deps` and its real
runtime needs (see docs/training.md). `import streaming` would also import `streaming.vision`, which needs
torchvision (no CPU build here, and unrelated to text), so only the package `streaming.base` is loaded: the
top-level package is registered without running its __init__, then `streaming.base` imports as usual.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

from norcorpus.errors import ConfigError

INSTALL_HINT = (
    "pip install --no-deps mosaicml-streaming==0.13.0 && "
    "pip install 'Brotli>=1.0.9' 'python-snappy>=0.6.1,<1' 'zstd>=1.5.2.5,<2' torch==2.13.0"
)


def streaming_base() -> types.ModuleType:
    """`streaming.base` (StreamingDataset, Stream, MDSWriter, ...) without `streaming.vision`."""
    if "streaming.base" in sys.modules:
        return sys.modules["streaming.base"]
    spec = importlib.util.find_spec("streaming")
    if spec is None or spec.submodule_search_locations is None:
        raise ConfigError("mosaicml-streaming is not installed", hint=INSTALL_HINT)
    if "streaming" not in sys.modules:
        package = importlib.util.module_from_spec(spec)  # created, not executed
        sys.modules["streaming"] = package
    try:
        return importlib.import_module("streaming.base")
    except ImportError as exc:
        raise ConfigError(f"mosaicml-streaming cannot be imported: {exc}", hint=INSTALL_HINT) from None
