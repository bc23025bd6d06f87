# The two set-up commands of the README. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test bench clean chromium postgresql corpora llm

# Install, ingest seeds/, answer sample questions on the embedded default (no key, no
# network), then open the chat UI at http://localhost:$(PORT) (Ctrl-C to stop). Another
# port: make run PORT=8600 (the same as `rag ui --port 8600`).
PORT ?= 8501
run: $(VENV)/.installed
	$(BIN)/rag ingest seeds
	$(BIN)/rag ask "What three things must Pakistan do to expand ties with Russia?"
	$(BIN)/rag ask "Who is the prime minister of India?"
	$(BIN)/rag ui --port $(PORT)

# Install the test dependencies (Debian's chromium for the browser test, Debian's
# postgresql for the shared-mode tests (each run starts a throwaway cluster), the real
# corpora of the extra gold sets from Debian's packages, and a real local LLM: llama.cpp
# built from PyPI for any AVX2 CPU, 5-30 minutes the first time, the wheel is kept; its server in
# .venv-llm, the library in .venv for RAG_BACKEND=local), run the suite with Chroma on
# disk, then again (but the real-model tests) with every index on a real Chroma server,
# and a third time in shared mode (PostgreSQL and a Chroma server).
test: $(VENV)/.installed-test chromium postgresql corpora llm
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest
	RAG_TEST_CHROMA=server $(BIN)/python -m pytest -m "not real_llm"
	RAG_TEST_CHROMA=server RAG_TEST_DATABASE=postgres $(BIN)/python -m pytest -m "not real_llm and not embedded_only"

llm: $(VENV)/.installed
	bash eval/local_llm.sh install

corpora:
	bash eval/corpora.sh
	bash eval/trials.sh

# The PostgreSQL tests (tests/test_stores.py) start a throwaway cluster of their own on
# loopback with Debian's server programs.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "Installing Debian's postgresql for the shared-store tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

chromium:
	@command -v chromium >/dev/null 2>&1 || { echo "Installing Debian's chromium for the browser test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Every benchmark, each rewriting its section of BENCHMARKS.md. The million-chunk corpus
# of the scale benchmark is built once (about an hour) and kept in .bench/.
SCALE_SIZES ?= 10000 100000 1000000
bench: $(VENV)/.installed-bench llm corpora
	$(BIN)/python bench/ingest_query.py --write BENCHMARKS.md
	$(BIN)/python bench/ingest_query.py --embedder hash --articles 2000 --write BENCHMARKS.md
	$(BIN)/python bench/reingest.py --write BENCHMARKS.md
	$(BIN)/python bench/api_load.py --write BENCHMARKS.md
	$(BIN)/python bench/api_load.py --writes 0 --write BENCHMARKS.md --section api-load-questions
	$(BIN)/python bench/api_load.py --concurrency 64 --requests 2000 --keepalive --idle 4 5.2 --server-keep-alive 5 --write BENCHMARKS.md --section api-load-keepalive-5
	$(BIN)/python bench/api_load.py --concurrency 64 --requests 2000 --keepalive --idle 4 5.2 --write BENCHMARKS.md --section api-load-keepalive
	$(BIN)/python bench/startup.py --write BENCHMARKS.md
	$(BIN)/python bench/local_llm.py --write BENCHMARKS.md
	$(BIN)/python bench/crash_trials.py
	$(BIN)/python bench/scale.py --sizes $(SCALE_SIZES) --work .bench --write BENCHMARKS.md
	$(BIN)/python bench/scale.py --sizes 10000 100000 --work .bench --chroma-server --write BENCHMARKS.md

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed: $(VENV)/.created pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.created pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: $(VENV)/.created pyproject.toml
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) .rag .bench .corpora .venv-llm .models
