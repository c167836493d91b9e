"""One source, two editions: the committed notebooks (instructor) and `make student`.

The student edition is built once per session into a temporary folder; each notebook with
exercises is executed there in one kernel (nbclient), then the instructor's solutions are
filled into the stubs and the exercise cells run again in the same kernel, as a student would
after writing them. A student notebook is executed from its first exercise to its end, after
only those earlier cells that define a name the exercises use (``_cells_to_run``): every
earlier code cell is the instructor's cell as it is (``test_student_notebook_hides_solutions_and_answers``),
which nbval has just run top to bottom, so running them all again (three quarters of the
suite's time in this file) would check nothing new.
"""

import asyncio
import builtins
import concurrent.futures
import json
import re
import symtable
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import student_edition as se  # noqa: E402

INSTRUCTOR = {p.stem: nbformat.read(p, as_version=4) for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))}
WITH_EXERCISES = [name for name, nb in INSTRUCTOR.items() if any(se.is_solution(c) for c in nb.cells)]
GRADE_ID = re.compile(r"^[a-zA-Z0-9_\-]+$")  # nbgrader's rule


@pytest.fixture(scope="session")
def student(tmp_path_factory):
    out, names = se.build(tmp_path_factory.mktemp("edition") / "student")
    return out


def _text(output):
    if output.output_type == "stream":
        return output.text
    return output.get("data", {}).get("text/plain", "")


# --------------------------------------------------------------------------- #
# The instructor's edition: nbgrader-ready as it is
# --------------------------------------------------------------------------- #
def test_every_notebook_after_00_has_exercises_with_checks():
    assert [n[:2] for n in WITH_EXERCISES] == [n[:2] for n in INSTRUCTOR if n[:2] != "00"]
    for name in WITH_EXERCISES:
        cells = INSTRUCTOR[name].cells
        solutions = [i for i, c in enumerate(cells) if se.is_solution(c)]
        checks = [i for i, c in enumerate(cells) if se.is_check(c)]
        assert len(checks) == len(solutions) >= 1, name
        assert all(j == i + 1 for i, j in zip(solutions, checks)), f"{name}: each solution cell is followed by its check"
        assert all("check_" in cells[j].source for j in checks)


@pytest.mark.parametrize("name", WITH_EXERCISES)
def test_nbgrader_metadata_is_valid(name):
    """nbgrader's schema v3 rules: required keys, grade ids, points on graded cells, no duplicate ids,
    and (enforce_metadata) solution regions only in solution cells."""
    ids = []
    for cell in INSTRUCTOR[name].cells:
        meta = se.nbgrader_meta(cell)
        if not meta:
            assert "### BEGIN SOLUTION" not in cell.source
            continue
        assert {"schema_version", "grade", "locked", "solution"} <= set(meta) and meta["schema_version"] == 3
        assert set(meta) <= {"schema_version", "grade", "locked", "solution", "task", "grade_id", "points"}
        assert GRADE_ID.match(meta["grade_id"]), meta["grade_id"]
        ids.append(meta["grade_id"])
        if meta["grade"]:
            assert meta["points"] > 0 and meta["locked"] and not meta["solution"]
        if meta["solution"]:
            assert len(se.regions(cell.source)) >= 1 and not meta["locked"]
    assert len(ids) == len(set(ids))


def test_solution_regions_are_well_formed():
    src = "def f():\n    # Hint: add one\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n"
    assert se.regions(src) == [("Hint: add one", "    ", ["    return 1"])]
    assert se.clear_solutions(src) == "def f():\n    # YOUR CODE HERE\n    raise NotImplementedError('Hint: add one')\n"
    assert se.fill_solutions(se.clear_solutions(src), [["    return 1"]]) == "def f():\n    return 1\n"
    # a long hint: its message in strings on lines of at most 100 characters, the same message raised
    hint = "Hint: " + " ".join(f"step {i} of the sum over the points, in log space;" for i in range(6))
    long_src = f"def f():\n    # {hint}\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n"
    stub = se.clear_solutions(long_src)
    assert len(stub.splitlines()) > 4 and max(map(len, stub.splitlines())) <= 100
    namespace = {}
    exec(stub, namespace)
    with pytest.raises(NotImplementedError) as raised:
        namespace["f"]()
    assert str(raised.value) == hint
    assert se.fill_solutions(stub, [["    return 1"]]) == "def f():\n    return 1\n"
    with pytest.raises(ValueError, match="Hint"):
        se.regions("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")
    with pytest.raises(ValueError, match="has no ### END SOLUTION"):
        se.regions("# Hint: h\n### BEGIN SOLUTION\nx = 1\n")
    with pytest.raises(ValueError, match="nested"):
        se.regions("# Hint: h\n### BEGIN SOLUTION\n# Hint: h\n### BEGIN SOLUTION\n### END SOLUTION\n")
    bad = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("# Hint: h\n### BEGIN SOLUTION\n### END SOLUTION")])
    with pytest.raises(ValueError, match="without nbgrader metadata"):
        se.student_notebook(bad)


# --------------------------------------------------------------------------- #
# The student edition, as files
# --------------------------------------------------------------------------- #
def test_student_edition_builds(student):
    names = sorted(p.stem for p in (student / "notebooks").glob("*.ipynb"))
    assert names == list(INSTRUCTOR)
    for rel in ["gmm_lab/course/checks/__init__.py", "gmm_lab/course/data/faithful.csv", "pyproject.toml", "requirements.txt",
                "binder/postBuild", "tools/lab_settings.py", "notebooks/jupytext.toml", "README.md"]:
        assert (student / rel).is_file(), rel
    assert not list(student.rglob("__pycache__"))


@pytest.mark.parametrize("name", list(INSTRUCTOR))
def test_student_notebook_hides_solutions_and_answers(student, name):
    nb = nbformat.read(student / "notebooks" / f"{name}.ipynb", as_version=4)
    inst = INSTRUCTOR[name]
    assert [c.cell_type for c in nb.cells] == [c.cell_type for c in inst.cells]
    text = json.dumps(nb)
    assert "BEGIN SOLUTION" not in text and "<details>" not in text
    for cell, orig in zip(nb.cells, inst.cells):
        if se.is_solution(orig):
            hidden = [line for _, _, lines in se.regions(orig.source) for line in lines if line.strip()]
            assert not any(line in cell.source.split("\n") for line in hidden)
            stubs = ["\n".join(se.raise_lines(h, indent)) for h, indent, _ in se.regions(orig.source)]
            assert [stub in cell.source for stub in stubs] == [True] * len(stubs)  # the hint in the message
            assert cell.outputs == [] and cell.execution_count is None
        elif se.is_check(orig):
            assert cell.source == orig.source and cell.outputs == []
        elif cell.cell_type == "code":
            assert cell.source == orig.source and cell.outputs == orig.outputs  # everything else as taught
    twin = jupytext.read(student / "notebooks" / f"{name}.py")
    assert [(c.cell_type, c.source) for c in twin.cells] == [(c.cell_type, c.source) for c in nb.cells]


def _answer_lines(nb):
    """The lines of nb's folded answers that appear nowhere else in it (at least 25 characters)."""
    blocks = [m.group(0) for c in nb.cells if c.cell_type == "markdown" for m in se.DETAILS.finditer(c.source)]
    rest = "\n".join(se.DETAILS.sub("", c.source) for c in nb.cells)
    lines = {line.strip() for block in blocks for line in block.splitlines()}
    return sorted(line for line in lines if len(line) >= 25 and line not in rest)


def test_every_notebook_with_exercises_has_folded_answers_to_hide():
    assert all(len(_answer_lines(INSTRUCTOR[name])) >= 5 for name in WITH_EXERCISES)


@pytest.mark.parametrize("name", list(INSTRUCTOR))
def test_no_empty_cells_and_no_answer_text_in_ipynb_or_py(student, name):
    """Where an answer was, one line says where the answers are; neither the .ipynb nor its .py twin holds them."""
    nb = nbformat.read(student / "notebooks" / f"{name}.ipynb", as_version=4)
    py = (student / "notebooks" / f"{name}.py").read_text()
    twin = jupytext.reads(py, fmt="py:percent")
    assert all(c.source.strip() for c in nb.cells), [i for i, c in enumerate(nb.cells) if not c.source.strip()]
    assert all(c.source.strip() for c in twin.cells)
    ipynb_text = "\n".join(c.source for c in nb.cells)
    for line in _answer_lines(INSTRUCTOR[name]):
        assert line not in ipynb_text, line
        assert line not in py, line
    for cell, orig in zip(nb.cells, INSTRUCTOR[name].cells):
        folded = cell.cell_type == "markdown" and "<details>" in orig.source
        assert (se.ANSWERS_LINE in cell.source) == folded
        if folded and not se.DETAILS.sub("", orig.source).strip():
            assert cell.source.strip() == se.ANSWERS_LINE  # an answers-only cell keeps just the line
    assert (se.ANSWERS_LINE.replace("\n", "\n# ") in py) == (name in WITH_EXERCISES)


def test_strip_details_leaves_one_line_where_answers_were():
    folded = "<details><summary>Answers</summary>\n\n1. Yes.\n\n</details>"
    assert se.strip_details(folded) == se.ANSWERS_LINE
    assert se.strip_details(f"Try it:\n\n1. Why?\n\n{folded}\n") == f"Try it:\n\n1. Why?\n\n{se.ANSWERS_LINE}\n"
    assert se.strip_details(f"{folded}\n\nmore\n\n{folded}") == f"{se.ANSWERS_LINE}\n\nmore"
    assert se.strip_details("no answers here\n") == "no answers here\n"


def test_start_here_describes_each_edition(student):
    """The instructor's 00 warns that the .py twins show the answers; the student's 00 describes the student edition."""
    def text(nb):
        return " ".join(" ".join(c.source for c in nb.cells if c.cell_type == "markdown").split())

    instructor = text(INSTRUCTOR["00-Start-Here"])
    assert "read or diff that one" not in instructor
    assert "a `.py` twin shows every folded *Answers* block unfolded: try the questions first" in instructor
    ours = text(nbformat.read(student / "notebooks" / "00-Start-Here.ipynb", as_version=4))
    for old, new in se.EDITION_TEXT["00-Start-Here"]:
        assert " ".join(old.split()) in instructor and " ".join(old.split()) not in ours
        assert " ".join(new.split()) in ours
    assert "make lab" not in ours and "the solutions are filled in" not in ours and "click *Answers*" not in ours
    readme = (student / "README.md").read_text()
    assert f"Notebooks 01 to {WITH_EXERCISES[-1][:2]} end with exercises" in readme and "mybinder.org/v2" not in readme
    assert "STUDENT_REPO=" in readme  # no student repository configured: says how to get the badge


def test_the_student_readme_counts_the_exercises_and_carries_the_students_badge():
    assert "Notebooks 01, 03 and 07 end with exercises" in se.readme(["01-A", "03-B", "07-C"])
    text = se.readme(["01-A", "02-B"], repo="prof/em-2027", branch="spring")
    assert "Notebooks 01 to 02 end with exercises" in text
    assert ("[![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/prof/em-2027/spring"
            "?urlpath=lab/tree/notebooks/00-Start-Here.ipynb)") in text


def test_edition_text_that_is_not_found_stops_the_build():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Start here, reworded")])
    with pytest.raises(ValueError, match="update EDITION_TEXT in tools/student_edition.py"):
        se.student_notebook(nb, "00-Start-Here")
    assert se.student_notebook(nb, "99-Other").cells[0].source == "# Start here, reworded"


# --------------------------------------------------------------------------- #
# The student edition, executed
# --------------------------------------------------------------------------- #
KNOWN = set(dir(builtins)) | {"get_ipython", "display", "In", "Out", "exit", "quit"}


def _names(source):
    """(names a code cell binds at the top level, names it reads from the notebook's namespace)."""
    from IPython.core.inputtransformer2 import TransformerManager

    code = TransformerManager().transform_cell(source)  # magics become calls
    top = symtable.symtable(code, "<cell>", "exec")
    bound = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported()}
    if re.search(r"^\s*from\s+\S+\s+import\s+\*", code, re.M):
        bound.add("*")  # binds who knows what
    read, tables = set(), [top]
    while tables:
        table = tables.pop()
        tables.extend(table.get_children())
        for sym in table.get_symbols():
            if sym.is_referenced() and (table is top or sym.is_global()):
                read.add(sym.get_name())
    return bound, read - bound - KNOWN


def _cells_to_run(nb, instructor):
    """Indices of the cells to execute: the first exercise's solution cell and everything after it,
    and each earlier code cell that binds a name a cell run after it reads (the nearest such cell,
    followed back in the same way). A name missed here fails loudly (NameError), never silently."""
    first = next(i for i, c in enumerate(instructor.cells) if se.is_solution(c))
    run, wanted = [], set()
    for index in reversed(range(len(nb.cells))):
        cell = nb.cells[index]
        if cell.cell_type != "code":
            continue
        bound, read = _names(cell.source)
        if index >= first or wanted & bound or ("*" in bound and wanted):
            run.append(index)
            wanted = (wanted - bound) | read
    return sorted(run)


def test_an_exercise_runs_after_the_cells_that_define_what_it_uses():
    cells = ["import numpy as np\nfrom x import y", "X = np.ones(3)\nZ = 1", "def f(a):\n    return a + Z",
             "W = 2", "### BEGIN SOLUTION\nr = f(X)\n### END SOLUTION", "print(r, [v for v in range(W)])"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    instructor = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    instructor.cells[4].metadata["nbgrader"] = {"solution": True, "grade": False, "locked": False,
                                                "schema_version": 3, "grade_id": "r"}
    assert _names(cells[2]) == ({"f"}, {"Z"}) and _names("%matplotlib inline\nprint(len(a))") == (set(), {"a"})
    assert _cells_to_run(nb, instructor) == [0, 1, 2, 3, 4, 5]
    nb.cells[3].source = "V = 2"  # nothing after it reads V
    assert _cells_to_run(nb, instructor) == [0, 1, 2, 4, 5]


async def _run(path, instructor):
    """Execute one student notebook (the cells ``_cells_to_run`` picks, in order), then again with
    the instructor's solutions filled in.

    Returns (check outputs as shipped, check outputs once filled); any cell error raises.
    """
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    async with client.async_setup_kernel():
        for index in _cells_to_run(nb, instructor):  # 1. as shipped
            await client.async_execute_cell(nb.cells[index], index)  # raises CellExecutionError on any error
        checks = [c for c in nb.cells if se.is_check(c)]
        shipped = ["".join(_text(o) for o in c.outputs) for c in checks]
        for index, (cell, orig) in enumerate(zip(nb.cells, instructor.cells)):  # 2. filled, re-run
            if se.is_solution(orig):
                cell.source = se.fill_solutions(cell.source, [lines for _, _, lines in se.regions(orig.source)])
                assert cell.source == re.sub(r"\n *# Hint:.*\n *### BEGIN SOLUTION|\n *### END SOLUTION", "", orig.source)
            if se.is_solution(orig) or se.is_check(orig):
                await client.async_execute_cell(cell, index)
        filled = ["".join(_text(o) for o in c.outputs) for c in checks]
    return shipped, filled


@pytest.fixture(scope="session")
def executed(student):
    """Every student notebook with exercises, run concurrently (one kernel each, four at a time) to keep the suite fast."""

    async def run_all():
        paths = [student / "notebooks" / f"{name}.ipynb" for name in WITH_EXERCISES]
        # at most four kernels at once: on two cores more only wait on each other, and sixteen kernels
        # starting together once left one without an answer to kernel_info ("Kernel died") under load
        slots = asyncio.Semaphore(4)

        async def one(path):
            async with slots:
                return await _run(path, INSTRUCTOR[path.stem])

        results = await asyncio.gather(*(one(p) for p in paths), return_exceptions=True)
        return dict(zip(WITH_EXERCISES, results))

    # in a thread of its own: the browser tests (Playwright) may leave an event loop running in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run_all()).result()


@pytest.mark.parametrize("name", WITH_EXERCISES)
def test_student_edition_runs_and_every_check_is_not_implemented_yet(executed, name):
    result = executed[name]
    if isinstance(result, BaseException):
        raise result
    shipped, _ = result
    assert shipped
    for shown in shipped:
        assert "not implemented yet" in shown and "Hint:" in shown, shown


@pytest.mark.parametrize("name", WITH_EXERCISES)
def test_filling_the_stubs_with_the_solutions_makes_every_check_pass(executed, name):
    result = executed[name]
    if isinstance(result, BaseException):
        raise result
    _, filled = result
    for shown in filled:
        assert re.search(r"^✓ check_\w+\(\w+\): all \d+ cases pass\.", shown), shown
