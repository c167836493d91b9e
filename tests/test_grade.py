"""`make grade` (tools/grade.py): a folder of submissions graded by nbgrader (issue 21 §3, §6).

One grading run of notebook 03 (two exercises, 1 point each) for four students, as an
instructor would get them: the solved notebook, the untouched student edition, one with a
plausible wrong E-step, one whose E-step calls gmm_lab's; both of the last two have a
right log-likelihood. (About 30 s of CPU: four runs of 03 and nbgrader's own steps.)
"""

import csv
import hashlib
import json
import os
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import grade  # noqa: E402
import student_edition as se  # noqa: E402

NB = "03-E-Step"
WRONG_E_STEP = """\
    X = np.asarray(X, dtype=float)  # the handout's E-step: pdf space, so a far point gives 0 / 0
    num = np.column_stack([w * g.gaussian_pdf(X, m, c) for m, c, w in zip(means, covariances, weights)])
    return num / num.sum(axis=1, keepdims=True)""".split("\n")
CALLS_GMM_LAB = ["    return g.e_step(X, means, covariances, weights)"]


def _submission(e_step_lines=None):
    """Notebook 03 as a student hands it in: the student edition, with the exercises filled as given."""
    instructor = nbformat.read(ROOT / "notebooks" / f"{NB}.ipynb", as_version=4)
    nb = se.student_notebook(instructor, NB)
    if e_step_lines is None:
        return nb
    for mine, theirs in zip(nb.cells, instructor.cells):
        if se.is_solution(mine):
            [(_, _, lines)] = se.regions(theirs.source)
            grade_id = mine.metadata["nbgrader"]["grade_id"]
            mine.source = se.fill_solutions(mine.source, [e_step_lines if grade_id == "e_step" else lines])
    return nb


def _digest(folder):
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    subs = tmp_path_factory.mktemp("submissions")
    for student in ("solved", "untouched", "wrong", "calls_gmm_lab"):
        (subs / student).mkdir()
    (subs / "solved" / f"{NB}.ipynb").write_bytes((ROOT / "notebooks" / f"{NB}.ipynb").read_bytes())
    nbformat.write(_submission(), subs / "untouched" / f"{NB}.ipynb")
    nbformat.write(_submission(WRONG_E_STEP), subs / "wrong" / f"{NB}.ipynb")
    nbformat.write(_submission(CALLS_GMM_LAB), subs / "calls_gmm_lab" / f"{NB}.ipynb")
    (subs / "wrong" / "notes.txt").write_text("not a notebook: ignored, and left alone")
    for p in subs.rglob("*"):
        os.utime(p, ns=(1_000_000_000, 1_000_000_000))  # so that a rewrite of the same bytes shows too
    before = _digest(subs)
    out = tmp_path_factory.mktemp("build")
    assert grade.main([str(subs), "--out", str(out), "--seed", "4321"]) == 0
    with open(out / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    return {"subs": subs, "before": before, "out": out, "rows": rows,
            "scores": {r["student"]: (float(r["score"]), float(r["max_score"])) for r in rows}}


def _feedback(graded, student):
    return (graded["out"] / "feedback" / student / f"{NB}.txt").read_text()


def test_grades_csv_has_one_row_per_student_and_notebook(graded):
    assert [list(r) for r in graded["rows"]][0] == ["student", "notebook", "score", "max_score"]
    assert sorted((r["student"], r["notebook"]) for r in graded["rows"]) == sorted(
        (s, NB) for s in ("solved", "untouched", "wrong", "calls_gmm_lab"))


def test_the_solved_notebook_scores_full_marks_and_the_untouched_edition_none(graded):
    assert graded["scores"]["solved"] == (2, 2)
    assert graded["scores"]["untouched"] == (0, 2)
    text = _feedback(graded, "untouched")
    assert "check_e_step: 0 / 1" in text and "not implemented yet" in text
    assert "Hint: a[i, j] = log πⱼ + log Nⱼ(xᵢ)" in text  # the stub's hint reaches the feedback


def test_a_wrong_answer_loses_exactly_its_exercise_with_its_hint(graded):
    assert graded["scores"]["wrong"] == (1, 2)
    text = _feedback(graded, "wrong")
    assert "check_e_step: 0 / 1" in text and "check_log_likelihood: 1 / 1" in text
    assert "NaN for the far point" in text and "log-sum-exp" in text


def test_an_answer_that_calls_gmm_labs_own_scores_0_for_that_exercise(graded):
    assert graded["scores"]["calls_gmm_lab"] == (1, 2)
    text = _feedback(graded, "calls_gmm_lab")
    assert "check_e_step: 0 / 1" in text and "check_log_likelihood: 1 / 1" in text
    assert "this exercise is to write it yourself: your function calls gmm_lab.e_step" in text


def test_hidden_cases_ran_with_the_seed_kept_in_the_marker(graded):
    marker = json.loads((graded["out"] / "feedback" / grade.MARKER).read_text())
    assert marker["seed"] == 4321 and marker["submissions"] == str(graded["subs"].resolve())
    html = (graded["out"] / "feedback" / "solved" / f"{NB}.html").read_text()
    assert "hidden case 1 (drawn when graded)" in html  # the check's report, in nbgrader's feedback page


def test_grading_never_changes_a_submission(graded):
    assert _digest(graded["subs"]) == graded["before"]


def test_a_second_grading_replaces_what_the_first_wrote(graded):
    assert grade.check_output(graded["out"], graded["subs"]) == (graded["out"] / "feedback").resolve()


# --------------------------------------------------------------------------- #
# What grading refuses (no nbgrader run)
# --------------------------------------------------------------------------- #
def test_refuses_a_feedback_folder_it_did_not_make(tmp_path):
    (tmp_path / "feedback").mkdir()
    (tmp_path / "feedback" / "my-notes.md").write_text("a semester of comments")
    with pytest.raises(grade.GradeError, match=r"did not write \(my-notes\.md; no \.gmm_lab-grade marker\)"):
        grade.check_output(tmp_path, tmp_path / "subs")
    assert (tmp_path / "feedback" / "my-notes.md").read_text() == "a semester of comments"


def test_refuses_a_grades_csv_it_did_not_make(tmp_path):
    (tmp_path / "grades.csv").write_text("mine\n")
    with pytest.raises(grade.GradeError, match="was not written by `make grade`.*OUT=DIR"):
        grade.check_output(tmp_path, tmp_path / "subs")


def test_refuses_submissions_inside_the_feedback_folder(tmp_path):
    with pytest.raises(grade.GradeError, match="keep them elsewhere"):
        grade.check_output(tmp_path, tmp_path / "feedback" / "subs")


@pytest.mark.parametrize("layout, message", [
    ({}, "holds no student folder with a course notebook"),
    ({"alice/03-E-Step.py": ""}, "holds no student folder with a course notebook"),
    ({"bad name/03-E-Step.ipynb": "{}"}, "use letters, digits"),
])
def test_submissions_folder_errors_say_what_to_do(tmp_path, layout, message):
    for rel, text in layout.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    with pytest.raises(grade.GradeError, match=message):
        grade.find_submissions(tmp_path)
    with pytest.raises(grade.GradeError, match="is not a folder"):
        grade.find_submissions(tmp_path / "missing")
    with pytest.raises(grade.GradeError, match="no instructor notebook named 99-Nope"):
        grade.find_submissions(tmp_path, ["99-Nope"])


def test_main_reports_a_refusal_in_one_line_and_exits_2(tmp_path, capsys):
    (tmp_path / "subs" / "alice").mkdir(parents=True)
    (tmp_path / "subs" / "alice" / f"{NB}.ipynb").write_text("{}")
    (tmp_path / "out" / "feedback").mkdir(parents=True)
    (tmp_path / "out" / "feedback" / "x").write_text("")
    assert grade.main([str(tmp_path / "subs"), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.startswith("make grade: ")
