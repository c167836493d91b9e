"""The notebooks as files: paired, executed, numbered and listed consistently.

(nbval, run by `make test` with --nbval, re-executes each .ipynb and compares outputs.)
"""

import ast
import re
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NB_DIR = ROOT / "notebooks"
IPYNBS = sorted(NB_DIR.glob("*.ipynb"))
MAX_LINE = 100  # characters: what a JupyterLab code cell shows without scrolling, at a common width
NAME = re.compile(r"^(\d\d)-([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)$")


def test_there_are_notebooks():
    assert len(IPYNBS) >= 7


def test_names_are_numbered_consecutively():
    numbers = []
    for path in IPYNBS:
        m = NAME.match(path.stem)
        assert m, f"{path.name} is not named NN-Title-Words"
        numbers.append(int(m.group(1)))
    assert numbers == list(range(len(numbers))), numbers


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.stem)
def test_pair_in_sync(ipynb):
    py = ipynb.with_suffix(".py")
    assert py.exists(), f"{py.name} missing: run `make sync`"
    nb = jupytext.read(ipynb)
    twin = jupytext.read(py)
    cells = [(c.cell_type, c.source) for c in nb.cells]
    twin_cells = [(c.cell_type, c.source) for c in twin.cells]
    assert cells == twin_cells, f"{ipynb.name} and {py.name} differ: run `make sync` (or `make notebooks`)"


def _only_definitions(source):
    """True for a cell that only defines functions (05's EM loop): nothing to show yet."""
    return all(isinstance(node, ast.FunctionDef) for node in ast.parse(source).body)


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.stem)
def test_executed_in_order_with_outputs_and_no_errors(ipynb):
    nb = nbformat.read(ipynb, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "no code cells"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), f"not executed top to bottom in one clean run: {counts}"
    for c in code:  # only imports, definitions and exercise solutions (nbgrader "solution") may print nothing
        quiet_ok = (c.source.startswith(("import ", "from ")) or _only_definitions(c.source)
                    or c.metadata.get("nbgrader", {}).get("solution"))
        assert c.outputs or quiet_ok, f"a code cell without output: {c.source[:60]}"
    for c in code:
        assert not [o for o in c.outputs if o.output_type == "error"], f"stored error in: {c.source[:60]}"


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.stem)
def test_teaching_structure(ipynb):
    text = "\n".join(c.source for c in nbformat.read(ipynb, as_version=4).cells if c.cell_type == "markdown")
    if ipynb.stem.startswith("00-"):
        return
    for needle in ("Learning goals", "## Summary", "## Try it", "<details>"):
        assert needle in text, f"{ipynb.name} lacks {needle!r}"


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.stem)
def test_cells_stay_thin_and_narrow(ipynb):
    """No 60-line cells (reusable code belongs in gmm_lab), and no line that runs off the page."""
    for c in nbformat.read(ipynb, as_version=4).cells:
        if c.cell_type == "code":
            assert len(c.source.splitlines()) <= 30, f"a {len(c.source.splitlines())}-line cell: move it into gmm_lab"
            for line in c.source.splitlines():
                assert len(line) <= MAX_LINE, f"a {len(line)}-character line (at most {MAX_LINE}): {line[:60]}..."


def _listed(text):
    return re.findall(r"\*\*(\d\d-[A-Za-z0-9-]+)\*\*|`(\d\d-[A-Za-z0-9-]+)`", text)


def test_start_here_and_readme_list_every_notebook():
    names = [p.stem for p in IPYNBS]
    start = nbformat.read(NB_DIR / "00-Start-Here.ipynb", as_version=4)
    start_text = "\n".join(c.source for c in start.cells if c.cell_type == "markdown")
    listed = [a or b for a, b in _listed(start_text)]
    assert listed[: len(names)] == names, f"00-Start-Here lists {listed}"
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Notebooks", 1)[1]
    in_readme = re.findall(r"\[(\d\d-[A-Za-z0-9-]+)\]\(notebooks/\1\.ipynb\)", table)
    assert in_readme == names, f"README lists {in_readme}"


def test_jupytext_pairing_config():
    cfg = (NB_DIR / "jupytext.toml").read_text()
    assert re.search(r'^formats\s*=\s*"ipynb,py:percent"', cfg, re.M)


SHOWN = re.compile(r"^\[(.+): interactive in JupyterLab with a running kernel\]$")


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.stem)
def test_live_figures_shown_are_the_catalogued_ones(ipynb):
    """gmm_lab.course.widgets.catalog is the one list of live figures: it must be what each notebook shows."""
    from gmm_lab.course.widgets import catalog

    shown = []
    for cell in nbformat.read(ipynb, as_version=4).cells:
        for out in cell.get("outputs", []):
            m = SHOWN.match(out.get("data", {}).get("text/plain", ""))
            if m:
                shown.append(m.group(1))
    assert shown == [e.title for e in catalog.entries(ipynb.stem)], (
        f"{ipynb.name} shows {shown}; add or fix its entries in gmm_lab/course/widgets/catalog.py"
    )


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.stem)
def test_every_figure_says_what_it_shows(ipynb):
    """Alt text on every stored picture (gmm_lab.course.plotting.show, and every live figure's static picture)."""
    for cell in nbformat.read(ipynb, as_version=4).cells:
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                alt = out.get("metadata", {}).get("image/png", {}).get("alt", "")
                assert len(alt) >= 40, f"a figure without alt text in: {cell.source[:60]}... (use gmm_lab.course.plotting.show)"


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.stem)
def test_a_deck_shows_a_figure_not_the_code_that_draws_it(ipynb):
    """A cell whose output is a figure is tagged ``hide-input``, and only such cells are.

    The decks (tools/build_slides.py) drop a tagged cell's code and the book folds it away;
    the notebook keeps it. A cell whose code is the lesson prints, and is not tagged.
    """
    for cell in nbformat.read(ipynb, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        figure = any("image/png" in out.get("data", {}) for out in cell.outputs)
        tagged = "hide-input" in cell.metadata.get("tags", [])
        assert tagged == figure, (f"{'a figure cell without' if figure else 'a cell without a figure, with'} the "
                                  f"hide-input tag: {cell.source[:60]}...")


MAX_CELL = 15  # lines of code a cell shows: about what a slide or a screen holds beside its sentence


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.stem)
def test_no_code_cell_runs_over_fifteen_lines(ipynb):
    """Issue 20 §5: a code cell is at most 15 lines of source (blank lines count; they take room too).

    Plotting that is not the lesson goes into gmm_lab/course/figures.py; a long computation is split
    where the narrative breaks. An exercise's solution cell is counted as the student edition shows
    it (tools/student_edition.py: the solution replaced by its stub), which is what the student reads.
    """
    sys.path.insert(0, str(ROOT / "tools"))
    from student_edition import clear_solutions, is_solution

    for cell in jupytext.read(ipynb.with_suffix(".py")).cells:
        if cell.cell_type != "code":
            continue
        source = clear_solutions(cell.source) if is_solution(cell) else cell.source
        n = len(source.splitlines())
        assert n <= MAX_CELL, (f"a {n}-line code cell (at most {MAX_CELL}): move its drawing into "
                               f"gmm_lab/course/figures.py or split it where the text breaks: "
                               f"{source[:60]}...")
