PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Slow or silent clients are dropped.
DAPHNE_TIMEOUTS := --http-timeout 120 --websocket_connect_timeout 10 --ping-interval 20 \
	--ping-timeout 30 --application-close-timeout 10
# WebSocket sizes. In: a phone's answer is small (64 KiB at most, exercises/answers.py). Out:
# every pushed frame is at most 32 KiB by design (workshops/consumers.py FRAME_LIMIT). daphne
# (autobahn) has one message limit for both directions, and a frame over it would close the
# socket with 1011: 64 KiB, twice the designed outgoing bound. The frame limit is incoming only.
DAPHNE_LIMITS := --websocket-max-message-size 65536 --websocket-max-frame-size 65536
WORKERS ?= 2

.PHONY: run run-scaled test lint format bench

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
	ulimit -n $$(ulimit -Hn) 2>/dev/null || ulimit -n 65536 2>/dev/null || true; exec $(BIN)/daphne -b 0.0.0.0 -p $(PORT) $(DAPHNE_TIMEOUTS) $(DAPHNE_LIMITS) changemakers.asgi:application

run-scaled: $(VENV)/.installed
	$(BIN)/python deploy/run_scaled.py --workers $(WORKERS) --port $(PORT)

# The whole suite on the default (SQLite, in-memory layer; with the scaled tests, which start
# their own nginx, daphne, PostgreSQL and Redis), then once more on PostgreSQL + Redis.
test: $(VENV)/.installed
	scripts/system-packages
	$(BIN)/python -m pytest
	DATABASE_POOL_SIZE=0 $(BIN)/python deploy/with_services.py -- \
		$(BIN)/python -m pytest -m "not scaled"

lint: $(VENV)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

bench: $(VENV)/.installed
	$(BIN)/python bench/live_bench.py
