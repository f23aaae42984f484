# The two commands of the README:
#   make demo   set up and build V3 from the embedded sample  → corpora/V3
#   make test   set up for development and run the test suite (what CI runs, through .ci/run)
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test setup setup-dev

$(BIN)/python:
	$(PY) -m venv $(VENV)

setup: $(BIN)/python
	$(BIN)/pip install -q -e .

# Beyond the `dev` extra, the tests need two things pip cannot resolve together with the package:
# - torch for the training smoke test: pinned, so that it is the CPU build (an unpinned torch pulls GBs of
#   CUDA packages);
# - mosaicml-streaming, whose own reader checks our MDS shards: its pins (numpy<2.2, transformers<5) cannot
#   share a resolver with datatrove 0.10, so it goes in without them, plus the modules it imports at the top
#   level, and norcorpus imports only streaming.base (norcorpus/pack/streaming_compat.py).
setup-dev: $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q --no-deps mosaicml-streaming==0.13.0
	$(BIN)/pip install -q "Brotli>=1.0.9" "python-snappy>=0.6.1,<1" "zstd>=1.5.2.5,<2" catalogue filelock

demo: setup
	$(BIN)/norcorpus build V3 --sample --out corpora

test: setup-dev
	$(BIN)/python -m pytest -m "not gpu"
