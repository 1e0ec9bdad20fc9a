# Two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make test`.
TEST_WORKERS ?= 2

.PHONY: install demo serve migrate test js-tools test-browser lint format bench interop lock clean \
	messages messages-compile

# Message catalogs (docs/i18n.md): locale/<lang>/LC_MESSAGES/{django,djangojs}.po.
# The .mo files are not committed: `make install` compiles them (again when a .po changes).
MESSAGE_LOCALES := fr es ar ru zh_Hans
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_STAMP := locale/.compiled
# The same options as forum_site/catalogs.py (MAKEMESSAGES_OPTIONS), which the
# completeness test (tests/test_catalogs.py) uses.
MAKEMESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore='tests/*' --ignore='*/tests/*' \
	--ignore=static_collected

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

$(MO_STAMP): $(STAMP) $(PO_FILES)
	$(BIN)/python manage.py compile_catalogs
	touch $@

messages-compile: $(MO_STAMP)

install: $(STAMP) $(MO_STAMP)

# Add the new strings of the sources to every catalog (then translate them).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages $(foreach l,$(MESSAGE_LOCALES),-l $(l)) \
	  $(MAKEMESSAGES_IGNORE) --add-location=file
	$(BIN)/python manage.py makemessages -d djangojs $(foreach l,$(MESSAGE_LOCALES),-l $(l)) \
	  $(MAKEMESSAGES_IGNORE) --ignore='*/vendor/*' --add-location=file
	rm -f $(MO_STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Serving on http://$(HOST):$(PORT)/ (HTTP and WebSocket, Daphne; the task worker sends emails). Ctrl-C to stop."
	bin/with-worker $(BIN)/python $(BIN)/daphne -b $(HOST) -p $(PORT) forum_site.asgi:application

serve: install
	bin/with-worker $(BIN)/python $(BIN)/daphne -b $(HOST) -p $(PORT) forum_site.asgi:application

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Test tooling from npm, where npm exists: Thunderbird's parser (ical.js) for the
# calendar interoperability tests and axe-core for the browser walk
# (tests/browser/test_responsive.py); without them those checks are skipped with the reason.
js-tools:
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/js --no-audit --no-fund --silent \
	  || echo "npm ci failed: the ical.js calendar tests and axe checks will be skipped"; \
	else echo "npm not found: the ical.js calendar tests and axe checks will be skipped"; fi

test: lint js-tools
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-browser: install
	BROWSER_TESTS=1 $(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m tests.perf.run $(BENCH_ARGS)

# The calendar interoperability suite alone (docs/events.md): prints its figures
# (feeds, parsers, events, occurrences compared, mismatches). `make bench` records
# them in reports/bench.md (tests/perf/bench_interop.py).
interop: install js-tools
	$(BIN)/python -m pytest -p no:xdist -q events/tests/interop $(PYTEST_ARGS)

# Regenerate requirements.txt from pyproject.toml in a throwaway environment.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet ".[dev]"
	{ echo "# Pinned versions installed by make (generated from pyproject.toml by 'make lock')."; \
	  echo "# Python 3.11."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v -i '^migration-cities-forum'; } > requirements.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) static_collected .pytest_cache .ruff_cache
