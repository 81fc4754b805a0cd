# The two commands for newcomers: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
RUN_ENV := BOOKING_DEMO=1

.PHONY: run test lint format bench assets migrate venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

## Serve the app on http://127.0.0.1:5000 with SQLite under instance/ and demo content, with the
## email worker beside it (emails go to instance/mail/, listed at /dev/mail).
run: venv
	$(RUN_ENV) $(BIN)/flask --app booking db upgrade
	$(RUN_ENV) $(BIN)/flask --app booking demo load --if-empty
	$(RUN_ENV) $(BIN)/flask --app booking outbox deliver --loop --schedule --interval 2 & \
	worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/flask --app booking run --host 127.0.0.1 --port 5000

## The whole test suite (PostgreSQL and browser tests run when the machinery is there).
test: venv
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Serve with gunicorn beside a bare Flask app and compare; writes bench/results/latest.json.
bench: venv
	$(BIN)/python -m bench $(BENCH_ARGS)

## Rebuild static/ (GOV.UK Frontend CSS/JS, qr-scanner) and the test copy of axe-core from pinned npm packages.
assets:
	bash assets/build.sh

migrate: venv
	$(BIN)/flask --app booking db upgrade

clean:
	rm -rf $(VENV) .pytest_cache
