"""`make pdf` (tools/build_pdf.py): printed offline on Debian's Chromium; the exam practice and one
revision handout (the cheap subset) in the student edition, the practice in the instructor's.

Built by the command line, in a subprocess (Playwright's sync API runs one instance per process).
"""

import subprocess
import sys
import unicodedata
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import student_edition as se  # noqa: E402
from labdriver import chromium_available  # noqa: E402

pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.skipif(not chromium_available(), reason="make pdf prints with Debian's chromium")
HANDOUT = "03-E-Step"
PRACTICE = jupytext.read(ROOT / "exam" / "Exam-Practice.py")


def _build(out, *args):
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "build_pdf.py"), "--out", str(out), *args],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


@pytest.fixture(scope="module")
def student_pdfs(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("pdf") / "student", "--handouts", HANDOUT)


def _read(path):
    reader = pypdf.PdfReader(path)
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    return reader, " ".join(unicodedata.normalize("NFKC", text).split())  # NFKC: the fonts' ligatures (ﬁ, ﬀ)


def test_the_student_pdfs_exist_with_their_pages(student_pdfs):
    names = sorted(p.name for p in student_pdfs.iterdir())
    assert names == [".build_pdf.manifest.json", "Exam-Practice.pdf", f"handout-{HANDOUT}.pdf"]
    practice, _ = _read(student_pdfs / "Exam-Practice.pdf")
    handout, _ = _read(student_pdfs / f"handout-{HANDOUT}.pdf")
    assert 2 <= len(practice.pages) <= 4, "four problems fit on two to four A4 pages"
    assert 3 <= len(handout.pages) <= 12


def test_the_practice_sheet_has_every_question_and_no_answer(student_pdfs):
    reader, text = _read(student_pdfs / "Exam-Practice.pdf")
    for title in ["One EM iteration by hand", "A k-means step by hand", "Choosing K with BIC, by hand",
                  "Reading a responsibility off a figure"]:
        assert title in text
    for question in ["Which point moved the most weight", "which point changes cluster",
                     "does AIC choose, and why do the two disagree", "Without computing: for a point at"]:
        assert question in text
    assert sum(len(page.images) for page in reader.pages) == 1, "the figure of problem 4"
    for answer in ["2322.3", "7.125", "0.795", "1.810", "p = 5", "≈ 1.58", "exactly 0.276"]:
        assert answer not in text, f"the student edition prints the answer {answer!r}"
    assert text.count("Answers are not in this edition") == 4


def test_the_instructors_practice_sheet_prints_the_worked_answers(tmp_path):
    out = _build(tmp_path / "instructor", "--edition", "instructor", "--handouts")
    _, text = _read(out / "Exam-Practice.pdf")
    for answer in ["2322.3", "7.125", "0.795", "1.810", "14.0"]:
        assert answer in text, f"the folded answer {answer!r} is not printed"
    assert "Answers are not in this edition" not in text


def test_the_handout_is_the_narrative_with_every_figure_and_no_code(student_pdfs):
    reader, text = _read(student_pdfs / f"handout-{HANDOUT}.pdf")
    nb = dict(se.edition_notebooks("student"))[HANDOUT]
    figures = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert sum(len(page.images) for page in reader.pages) == figures > 0
    headings = [line[3:] for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()
                if line.startswith("## ") and "$" not in line and "`" not in line]
    assert headings and all(" ".join(h.split()) in text for h in headings), headings
    code = [line.strip() for c in nb.cells if c.cell_type == "code" for line in c.source.splitlines()
            if len(line.strip()) > 25 and not line.strip().startswith("#")]
    assert code and not [line for line in code if line in text], "code is printed"
    instructor = nbformat.read(ROOT / "notebooks" / f"{HANDOUT}.ipynb", as_version=4)
    solution = [line.strip() for c in instructor.cells if se.is_solution(c)
                for _, _, lines in se.regions(c.source) for line in lines if len(line.strip()) > 15]
    assert solution and not [line for line in solution if line in text]
    assert "BEGIN SOLUTION" not in text and "Answers are not in this edition" in text
