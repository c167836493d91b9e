# gmm_lab: two commands for a fresh machine.
#   make lab    set up .venv (once) and open JupyterLab on notebooks/
#   make test   set up .venv (once) and run the whole test suite
# Both are idempotent: the pinned set is installed again only when
# requirements*.txt or pyproject.toml change.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# JupyterLab refuses to run as root unless told to; only pass the flag when we are root.
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: lab test test-fast notebooks student sync bench bench-sliders binder-check clean help

help:
	@echo "make lab        open JupyterLab on notebooks/ (JUPYTER_PORT / JUPYTER_TOKEN are honoured)"
	@echo "make test       run every test: unit, property, environment, nbval over all notebooks, browser"
	@echo "make notebooks  re-execute every notebook from a clean kernel and re-sync its .py twin"
	@echo "make student    write the student edition (exercise solutions stubbed, answers removed) to build/student/"
	@echo "make bench      print the EM speed benchmark against scikit-learn"
	@echo "make bench-sliders  time every slider callback, in Python and in a real browser"
	@echo "make binder-check   replay a Binder build in a fresh venv and run every notebook there"

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	$(PY) -m pip install --disable-pip-version-check -q --no-deps -e .
	$(PY) tools/lab_settings.py
	@touch $(STAMP)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks $(ROOT_FLAG)

test: $(STAMP)
	@bash tools/ensure_chromium.sh
	$(PY) -m pytest $(NBVAL)

test-fast: $(STAMP)
	$(PY) -m pytest tests -m "not browser"

notebooks: $(STAMP)
	$(PY) tools/run_notebooks.py

student: $(STAMP)
	$(PY) tools/student_edition.py build/student

sync: $(STAMP)
	$(VENV)/bin/jupytext --sync notebooks/*.ipynb

bench: $(STAMP)
	$(PY) benchmarks/bench_em.py

bench-sliders: $(STAMP)
	@bash tools/ensure_chromium.sh
	$(PY) benchmarks/bench_sliders.py

binder-check:
	$(PYTHON) tools/binder_check.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
