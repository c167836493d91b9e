"""Build the student edition of the course from the instructor's (the committed notebooks).

    python tools/student_edition.py [OUT] [--repo OWNER/NAME] [--branch B]
        (default: build/student; `make student [STUDENT_REPO=OWNER/NAME]`)

OUT is replaced only if this tool wrote it (tools/safe_target.py): a folder of your own, or
a file you changed inside an earlier build, stops it with a message. ``--repo`` puts the
student repository's Binder badge into the edition's README. The decks, the book and the
PDFs are built from this edition by default (``edition_notebooks``), so what is handed out
holds no solution.

The committed notebooks are the instructor's edition. Exercise cells follow nbgrader's
conventions, so they also work in an nbgrader course as they are:

* a solution cell has ``nbgrader`` metadata with ``"solution": true`` (nbgrader's
  ``ClearSolutions`` refuses solution regions in other cells: ``enforce_metadata``);
  the code to hide sits between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` lines,
  and the line right above ``### BEGIN SOLUTION`` is the stub's one-line hint,
  ``# Hint: ...``;
* the check under it is a read-only graded cell (``"grade": true, "locked": true``).

The student edition (notebooks/, their .py twins, and what they need to run: gmm_lab/,
pyproject.toml, requirements.txt, binder/, tools/lab_settings.py) differs in that

* each hint line and marked region becomes ``# YOUR CODE HERE`` and
  ``raise NotImplementedError("<the hint>")``, indented like the markers (so the check
  reports "not implemented yet" and shows the hint);
* solution and check cells lose their stored outputs;
* folded answers (``<details>`` blocks) are removed from markdown cells, each cell that
  held one keeping the same one line instead (``ANSWERS_LINE``: where the answers are,
  for self-study), so that no cell is left empty; the ``.py`` twins are written from
  these notebooks, so they hold no answers either;
* 00-Start-Here describes this edition, not the instructor's (``EDITION_TEXT``: each
  instructor sentence must be found, or the build stops).

This is what nbgrader's ClearSolutions (plus ClearOutput on those cells) does, done here
with nbformat and jupytext, which the course already installs; nbgrader itself would add
six packages (about 80 MB, with a notebook server and JupyterLab extensions) for three
string operations.
"""

import argparse
import copy
import re
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

import jupytext
import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import safe_target  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TOOL = "student_edition"
EDITIONS = ("student", "instructor")
BEGIN, END, HINT = "### BEGIN SOLUTION", "### END SOLUTION", "# Hint:"
STUB = "# YOUR CODE HERE"
DETAILS = re.compile(r"\n*<details>.*?</details>[ \t]*\n?", re.S)
# Where a folded answer was, the student edition says where the answers are (edit the address
# if you publish the instructor's edition elsewhere, or not at all).
ANSWERS_LINE = ("*Answers* are not in this edition: try the questions yourself first. For self-study, the\n"
                "instructor's edition in the course's public repository, "
                "[gmm-lab/gmm_lab](https://github.com/gmm-lab/gmm_lab),\nhas them folded under *Answers*.")
# Sentences of the instructor's notebooks that would be wrong in the student edition, and what
# the student edition says instead (matched with any line breaks; the build fails if one is missing).
EDITION_TEXT = {
    "00-Start-Here": [
        ("**try it** questions; click *Answers* to unfold the worked answers — after you have tried.",
         "**try it** questions. Their worked answers are not in this edition: try the questions yourself;\n"
         "  each notebook says where the answers are, for self-study."),
        ("In this edition the solutions are filled in; your instructor may hand you the student\n"
         "edition, where they are blank.",
         "In this edition the function is blank: write it in the cell that says `# YOUR CODE HERE`,\n"
         "  run that cell, then run the check."),
        ("**On Binder**: click the badge in the README; nothing to install.",
         "**On Binder**: open the link your instructor gives you; nothing to install."),
        ("**On your machine** (Python 3.11 and `make`): `make lab` in the repository opens\n"
         "JupyterLab here; `make test` re-runs every notebook and checks its outputs.",
         "**On your machine** (Python 3.11): set up as the README says, then\n"
         "  `jupyter lab notebooks/`."),
        ("no outputs, for diffs and text editors; JupyterLab opens either as a notebook. Read as plain\n"
         "text, a `.py` twin shows every folded *Answers* block unfolded: try the questions first.",
         "no outputs: read or diff that one; JupyterLab opens either as a notebook."),
    ],
}
# What a student needs besides the notebooks (Binder's postBuild runs tools/lab_settings.py).
SUPPORT = ["gmm_lab", "pyproject.toml", "requirements.txt", "binder", "tools/lab_settings.py", "notebooks/jupytext.toml"]

BINDER = "https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/notebooks/00-Start-Here.ipynb"
BADGE = "[![Binder](https://mybinder.org/badge_logo.svg)]({url})"


def readme(exercises, repo=None, branch="HEAD"):
    """The student edition's README: which notebooks end with exercises (`exercises`: their
    names, from the notebooks), and the students' Binder badge if `repo` ("owner/name" of the
    student repository) is given, else how the instructor makes one."""
    numbers = sorted(name[:2] for name in exercises)
    if not numbers:
        which = "None of the notebooks has exercises."
    elif [int(n) for n in numbers] == list(range(int(numbers[0]), int(numbers[-1]) + 1)):
        which = f"Notebooks {numbers[0]} to {numbers[-1]} end with exercises"
    else:
        which = f"Notebooks {', '.join(numbers[:-1])} and {numbers[-1]} end with exercises"
    if repo:
        binder = (f"{BADGE.format(url=BINDER.format(repo=repo, branch=branch))}\n\n"
                  f"**On Binder**: click the badge above (nothing to install). Binder sessions are temporary:\n"
                  f"download your notebooks (*File → Download*) to keep your work.")
    else:
        binder = ("**On Binder**: open the link your instructor gives you (instructors: build this edition with\n"
                  "`make student STUDENT_REPO=<owner>/<repo>` to put the students' Binder badge here).")
    return f"""\
# gmm_lab: Gaussian mixtures and the EM algorithm (student edition)

{binder}

Open the notebooks in order, starting with `notebooks/00-Start-Here.ipynb`. {which}
(write the function in the cell that says `# YOUR CODE HERE`, run it, then run the check under
it). The check runs your function on several cases and tells you what is wrong; "not
implemented yet" means the cell still raises `NotImplementedError`. The worked answers to the
"try it" questions are not in this edition: each notebook says where they are.

On your machine: `python -m venv .venv && .venv/bin/pip install -r requirements.txt &&
.venv/bin/pip install --no-deps -e .`, then `.venv/bin/jupyter lab notebooks/`.
"""


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def is_solution(cell):
    return bool(nbgrader_meta(cell).get("solution"))


def is_check(cell):
    return bool(nbgrader_meta(cell).get("grade")) and cell.cell_type == "code"


def regions(source):
    """[(hint, indent, lines between the markers)] of each solution region in `source`.

    ValueError (naming the line) for a nested or unclosed region or a missing hint line.
    """
    lines = source.split("\n")
    found, start = [], None
    for i, line in enumerate(lines):
        if line.strip() == BEGIN:
            if start is not None:
                raise ValueError(f"nested {BEGIN} at line {i + 1}: close the first region with {END}")
            start = i
            if i == 0 or not lines[i - 1].strip().startswith(HINT):
                raise ValueError(f"line {i + 1}: put a one-line '{HINT} ...' comment right above {BEGIN}")
        elif line.strip() == END:
            if start is None:
                raise ValueError(f"line {i + 1}: {END} without {BEGIN}")
            hint = lines[start - 1].strip()[1:].strip()  # "Hint: ..."
            found.append((hint, lines[start][: lines[start].index(BEGIN)], lines[start + 1 : i]))
            start = None
    if start is not None:
        raise ValueError(f"{BEGIN} at line {start + 1} has no {END}")
    return found


def raise_lines(hint, indent, width=100):
    """The stub's ``raise NotImplementedError(<hint>)``, its message cut into strings on lines of
    at most `width` characters (the notebooks' limit) where it would be longer."""
    one = f"{indent}raise NotImplementedError({hint!r})"
    if len(one) <= width:
        return [one]
    inner = indent + " " * 4
    chunks = textwrap.wrap(hint, width - len(inner) - 3, drop_whitespace=False, break_on_hyphens=False)
    return [f"{indent}raise NotImplementedError(", *(inner + repr(c) for c in chunks[:-1]), f"{inner}{chunks[-1]!r})"]


def clear_solutions(source):
    """`source` with each hint line and marked region replaced by the stub."""
    hints = iter(regions(source))  # validates
    lines, out, skipping = source.split("\n"), [], False
    for i, line in enumerate(lines):
        if line.strip() == BEGIN:
            hint, indent, _ = next(hints)
            out.pop()  # the hint line: it moves into the stub's message
            out += [indent + STUB, *raise_lines(hint, indent)]
            skipping = True
        elif line.strip() == END:
            skipping = False
        elif not skipping:
            out.append(line)
    return "\n".join(out)


def fill_solutions(student_source, solutions):
    """Put solutions (lists of lines, from `regions` of the instructor's cell) back into the stubs."""
    lines, out, it = student_source.split("\n"), [], iter(solutions)
    i = 0
    while i < len(lines):
        if lines[i].strip() == STUB and i + 1 < len(lines) and "raise NotImplementedError(" in lines[i + 1]:
            out += next(it)
            i += 1
            while not lines[i].rstrip().endswith(")"):  # a long message runs over several lines
                i += 1
            i += 1
        else:
            out.append(lines[i])
            i += 1
    if next(it, None) is not None:
        raise ValueError("more solutions than stubs")
    return "\n".join(out)


def strip_details(markdown):
    """`markdown` without its <details> blocks; the first one becomes ANSWERS_LINE (unchanged if none)."""
    first = DETAILS.search(markdown)
    if first is None:
        return markdown
    out = markdown[:first.start()] + f"\n\n{ANSWERS_LINE}\n\n" + DETAILS.sub("\n", markdown[first.end():])
    return re.sub(r"\n{3,}", "\n\n", out).strip("\n") + ("\n" if markdown.endswith("\n") else "")


def _loose(text):
    """A pattern for `text` with any run of whitespace where it has one (markdown rewraps freely)."""
    return re.compile(r"\s+".join(re.escape(word) for word in text.split()))


def edition_text(name, nb):
    """Replace, in the markdown of notebook `name`, each instructor sentence of EDITION_TEXT by the student's."""
    for old, new in EDITION_TEXT.get(name, []):
        pattern = _loose(old)
        hits = [cell for cell in nb.cells if cell.cell_type == "markdown" and pattern.search(cell.source)]
        if len(hits) != 1:
            raise ValueError(f"{name}: expected the sentence {old[:60]!r}... in one markdown cell, found it in "
                             f"{len(hits)}: update EDITION_TEXT in tools/student_edition.py to the notebook's text")
        hits[0].source = pattern.sub(lambda _: new, hits[0].source, count=1)


def student_notebook(nb, name=""):
    """The student edition of instructor notebook `name` (a new notebook; `nb` is not changed)."""
    nb = copy.deepcopy(nb)
    edition_text(name, nb)
    for index, cell in enumerate(nb.cells):
        has_region = cell.cell_type == "code" and any(line.strip() == BEGIN for line in cell.source.split("\n"))
        if has_region and not is_solution(cell):
            raise ValueError(f"cell {index}: a solution region in a cell without nbgrader metadata solution: true")
        if cell.cell_type == "markdown":
            cell.source = strip_details(cell.source)
        elif is_solution(cell) or is_check(cell):
            if is_solution(cell):
                cell.source = clear_solutions(cell.source)
            cell.outputs, cell.execution_count = [], None
    return nb


def instructor_notebooks():
    """[(name, notebook)] of the committed notebooks, the instructor's edition."""
    return [(p.stem, nbformat.read(p, as_version=4)) for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))]


def edition_notebooks(edition):
    """[(name, notebook)] of `edition` ("student" or "instructor"), in course order."""
    if edition not in EDITIONS:
        raise ValueError(f"edition {edition!r}: choose one of {EDITIONS}")
    notebooks = instructor_notebooks()
    if edition == "student":
        notebooks = [(name, student_notebook(nb, name)) for name, nb in notebooks]
    return notebooks


def write_notebooks(notebooks, folder):
    """Write [(name, notebook)] as folder/name.ipynb; return their paths (what the deck and book builders read)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, nb in notebooks:
        nbformat.write(nb, folder / f"{name}.ipynb")
        paths.append(folder / f"{name}.ipynb")
    return paths


def build(out=ROOT / "build" / "student", repo=None, branch="HEAD"):
    """Write the student edition to `out` (see safe_target: only what this tool wrote there is replaced)."""
    out = Path(out)
    safe_target.previous_manifest(out, TOOL)  # refuse before building
    with tempfile.TemporaryDirectory(prefix="gmm_lab_student_") as tmp:
        stage = Path(tmp)
        (stage / "notebooks").mkdir(parents=True)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
        for rel in SUPPORT:
            src = ROOT / rel
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, stage / rel, ignore=ignore)
            else:
                shutil.copy2(src, stage / rel)
        names, exercises = [], []
        for name, student in edition_notebooks("student"):
            nbformat.write(student, stage / "notebooks" / f"{name}.ipynb")
            jupytext.write(student, stage / "notebooks" / f"{name}.py", fmt="py:percent")
            names.append(name)
            if any(is_solution(c) for c in student.cells):
                exercises.append(name)
        (stage / "README.md").write_text(readme(exercises, repo, branch))
        safe_target.publish(stage, out, TOOL)
    return out, names


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "build" / "student"))
    parser.add_argument("--repo", default=None,
                        help="owner/name of the student repository on GitHub: its Binder badge goes into the README")
    parser.add_argument("--branch", default="HEAD", help="the branch or tag the badge opens (default HEAD)")
    args = parser.parse_args(argv)
    target, built = build(Path(args.out), args.repo or None, args.branch)
    print(f"student edition of {len(built)} notebooks in {target}")


if __name__ == "__main__":
    main()
