# SupportDesk — the two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run test install lint

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || "$$(./scripts/find-python.sh)" -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip==25.3
	$(PY) -m pip install -q -e '.[dev,bench]'
	@touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/supportdesk serve --port $(PORT)

test: install
	./scripts/test.sh
