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
NPM_STAMP := node_modules/.installed
# what `make slides`, `make html` and `make pdf` build: the student edition (handed out; no solutions)
# or the instructor's (EDITION=instructor: solutions, answers; into build/instructor/)
EDITION ?= student
STUDENT_REPO ?=
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: lab test test-fast notebooks student slides html pdf grade sync bench bench-sliders binder-check hub hub-link hub-loadtest clean help

help:
	@echo "make lab        open JupyterLab on the course, at notebooks/00-Start-Here (JUPYTER_PORT / JUPYTER_TOKEN are honoured)"
	@echo "make test       run every test: unit, property, environment, nbval over all notebooks, browser"
	@echo "make notebooks  re-execute every notebook from a clean kernel and re-sync its .py twin"
	@echo "make student    write the student edition (exercise solutions stubbed, answers removed) to build/student/"
	@echo "                (STUDENT_REPO=owner/name puts the student repository's Binder badge in its README)"
	@echo "make slides     a reveal.js deck per notebook in build/slides/, works offline (student edition)"
	@echo "make html       the notebooks as a static book (Jupyter Book) in build/html/, works offline (student edition)"
	@echo "make pdf        the exam practice problems and a revision handout per lecture, as PDFs in build/pdf/"
	@echo "                slides, html, pdf: EDITION=instructor builds the solutions and answers into build/instructor/"
	@echo "make grade SUBMISSIONS=DIR  grade DIR/<student>/NN-Title.ipynb with nbgrader: build/grades.csv, build/feedback/"
	@echo "make bench      print the EM speed benchmark against scikit-learn"
	@echo "make bench-sliders  time every slider callback, in Python and in a real browser"
	@echo "make binder-check   replay a Binder build in a fresh venv and run every notebook there"
	@echo "make hub        a trial JupyterHub on 127.0.0.1 (HUB_PORT, default 8000) serving the course (hub/README.md)"
	@echo "make hub-link HUB=https://hub.example.edu STUDENT_REPO=owner/name [BRANCH=main]"
	@echo "                an nbgitpuller link per lecture notebook, for the student edition's repository"
	@echo "make hub-loadtest [N=20] [WRITE=1]  N simulated students at once on the trial hub: memory, time to first"
	@echo "                figure, sliders (WRITE=1 stores the numbers in hub/measurements.json)"

# The pinned set is installed by uv (pinned here: a tool that installs, not part of the set): the
# same requirements files, resolved to the same versions as pip, into the same venv, several times
# faster than pip on a fresh machine (it downloads in parallel); .pyc compiled as pip does.
UV_PIN := uv==0.13.9
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q $(UV_PIN)
	$(VENV)/bin/uv pip install --python $(PY) -q --compile-bytecode -r requirements-dev.txt
	$(VENV)/bin/uv pip install --python $(PY) -q --no-deps -e .
	$(PY) tools/lab_settings.py
	@# nbgrader (for `make grade`) brings JupyterLab and server extensions of its own and notebook 7's
	@# toolbar: off, so that `make lab` and the browser tests see the JupyterLab students see
	@$(VENV)/bin/jupyter labextension disable --level=sys_prefix @jupyter/nbgrader @jupyter-notebook/lab-extension >/dev/null 2>&1
	@$(VENV)/bin/jupyter server extension disable --sys-prefix $(addprefix nbgrader.server_extensions.,\
	  formgrader validate_assignment assignment_list course_list) >/dev/null 2>&1
	@touch $(STAMP)

# reveal.js, MathJax, require.js and jQuery for the offline decks and book: pinned in
# package.json + package-lock.json, installed again only when those change
$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed for the offline decks and book: install Node.js" >&2; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $(NPM_STAMP)

# the whole repository, as on Binder (so gmm_lab/em.py opens beside the notebooks), opened on 00
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/00-Start-Here.ipynb $(ROOT_FLAG)

# The test sessions, all run even if one fails (make then fails):
#  1. nbval over every notebook, on both cores (pytest-xdist; --dist loadscope keeps a notebook's
#     cells on one worker, in order), so pytest's own summary line gives nbval's time;
#  2. the unit, property, reference and claims tests and gmm_lab's docstring examples, on both cores;
#  3. two plain pytest processes at once (no xdist: the student edition runs its 16 kernels in
#     one asyncio loop, which once hung under an xdist worker): the student edition and the offline
#     decks and book (built once, then opened in Chromium), and beside them every notebook in a
#     real JupyterLab, one JupyterLab at a time; that one's output is shown when it ends.
UNIT := tests gmm_lab --doctest-modules -m "not browser" --ignore=tests/browser --ignore=tests/test_offline_builds.py \
	--ignore=tests/test_student_edition.py --ignore=tests/test_pdf.py
OFFLINE := tests/test_student_edition.py tests/test_offline_builds.py tests/browser/test_offline_pages.py \
	tests/browser/test_slides_fit.py tests/test_pdf.py
LAB := tests/browser/test_jupyterlab.py tests/browser/test_presentation.py
test: $(STAMP) $(NPM_STAMP)
	@bash tools/ensure_chromium.sh
	@status=0; mkdir -p build/test-logs; \
	$(PY) -m pytest notebooks $(NBVAL) -n 2 --dist loadscope || status=1; \
	$(PY) -m pytest $(UNIT) -n 2 --dist loadscope || status=1; \
	$(PY) -m pytest $(LAB) > build/test-logs/jupyterlab.log 2>&1 & lab=$$!; \
	trap 'kill $$lab 2>/dev/null; wait $$lab 2>/dev/null' INT TERM; \
	$(PY) -m pytest $(OFFLINE) || status=1; \
	wait $$lab || status=1; trap - INT TERM; \
	echo "--- tests/browser in JupyterLab (ran beside the session above):"; cat build/test-logs/jupyterlab.log; \
	exit $$status

# what needs neither npm nor Chromium: nbval's notebooks are not run, nor the browser tests
test-fast: $(STAMP)
	$(PY) -m pytest $(UNIT) -n 2 --dist loadscope
	$(PY) -m pytest tests/test_student_edition.py

notebooks: $(STAMP)
	$(PY) tools/run_notebooks.py

student: $(STAMP)
	$(PY) tools/student_edition.py build/student $(if $(STUDENT_REPO),--repo $(STUDENT_REPO))

slides: $(STAMP) $(NPM_STAMP)
	$(PY) tools/build_slides.py --edition $(EDITION)

html: $(STAMP) $(NPM_STAMP)
	$(PY) tools/build_book.py --edition $(EDITION)

pdf: $(STAMP) $(NPM_STAMP)
	@bash tools/ensure_chromium.sh
	$(PY) tools/build_pdf.py --edition $(EDITION)

# SUBMISSIONS=DIR (one folder per student); optional SEED=N (the hidden cases'), OUT=DIR (default build)
grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "make grade needs SUBMISSIONS=DIR: a folder with one folder per student, each holding their notebooks (docs/GRADING.md)" >&2; exit 2; }
	$(PY) tools/grade.py "$(SUBMISSIONS)" --out "$(or $(OUT),build)" $(if $(SEED),--seed $(SEED))

sync: $(STAMP)
	$(VENV)/bin/jupytext --sync notebooks/*.ipynb

bench: $(STAMP)
	$(PY) benchmarks/bench_em.py

bench-sliders: $(STAMP)
	@bash tools/ensure_chromium.sh
	$(PY) benchmarks/bench_sliders.py

binder-check:
	$(PYTHON) tools/binder_check.py

# JupyterHub (hub/README.md): the trial hub on this machine, the links, and the load test
N ?= 20
HUB ?=
BRANCH ?= main
hub: $(STAMP) $(NPM_STAMP)
	$(PY) tools/hub_local.py

hub-link:
	@test -n "$(HUB)" -a -n "$(STUDENT_REPO)" || { echo "make hub-link needs HUB=<the hub's address> and STUDENT_REPO=<owner>/<repo> (the student edition's repository, as for make student)" >&2; exit 2; }
	@$(PYTHON) tools/hub_links.py --hub "$(HUB)" --repo "$(STUDENT_REPO)" --branch "$(BRANCH)"

hub-loadtest: $(STAMP) $(NPM_STAMP)
	@bash tools/ensure_chromium.sh
	$(PY) tools/hub_loadtest.py --students $(N) $(if $(WRITE),--write)

clean:
	rm -rf $(VENV) node_modules build .pytest_cache .hypothesis
