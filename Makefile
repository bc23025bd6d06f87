# The two set-up commands of the README. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test bench clean

# Install, ingest seeds/ and answer questions on the embedded default (no key, no network).
run: $(VENV)/.installed
	$(BIN)/rag ingest seeds
	$(BIN)/rag ask "What happened to Russian oil shipments to Pakistan?"
	$(BIN)/rag ask "What three things must Pakistan do to expand ties with Russia?"
	$(BIN)/rag ask "Who is the prime minister of India?"

# Install the test dependencies and run the whole suite.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/ingest_query.py --write BENCHMARKS.md
	$(BIN)/python bench/api_load.py

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
	rm -rf $(VENV) .rag
