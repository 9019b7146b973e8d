PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Slow or silent clients are dropped; phones send nothing over the socket, so frames stay small.
DAPHNE_TIMEOUTS := --http-timeout 120 --websocket_connect_timeout 10 --ping-interval 20 \
	--ping-timeout 30 --application-close-timeout 10 --websocket-max-message-size 65536

.PHONY: run test lint format bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input -v0
	$(BIN)/python manage.py collectstatic --no-input -v0
	$(BIN)/python manage.py prepare_day --port $(PORT)
	ulimit -n $$(ulimit -Hn) 2>/dev/null || ulimit -n 65536 2>/dev/null || true; exec $(BIN)/daphne -b 0.0.0.0 -p $(PORT) $(DAPHNE_TIMEOUTS) changemakers.asgi:application

test: $(VENV)/.installed
	scripts/system-packages
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

bench: $(VENV)/.installed
	$(BIN)/python bench/live_bench.py
