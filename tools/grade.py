"""Grade a folder of submissions with nbgrader: `make grade SUBMISSIONS=DIR`.

    python tools/grade.py DIR [--out build] [--seed N] [--notebook NN-Title ...]

DIR holds one folder per student, each with that student's notebooks named as in
notebooks/ (``03-E-Step.ipynb``; other files are ignored). Every notebook is graded by
nbgrader against the instructor's notebook of the same name: nbgrader's own
``generate_assignment`` (the graded cells and their checksums), ``autograde`` (it puts the
instructor's check cells back, runs the notebook from a clean kernel, and scores each check
cell that runs without an error) and ``generate_feedback``. The checks run in grading mode:
``GMM_LAB_CHECKS_RAISE=1`` (a check that does not pass raises, with its report) and
``GMM_LAB_GRADING_SEED`` (hidden cases; drawn here unless ``--seed`` is given, and written
to the marker file so that a grading can be repeated).

Writes, under OUT (default build/):

* ``grades.csv``: ``student, notebook, score, max_score``, one row per student and notebook
  any student submitted (a notebook a student did not hand in scores 0);
* ``feedback/<student>/<notebook>.txt``: each check's points and, for a check that did not
  pass, its report (what differs and the hint), or the error that stopped the cell;
  ``feedback/<student>/<notebook>.html``: nbgrader's feedback page (the graded notebook);
* ``feedback/.gmm_lab-grade``: the marker (what wrote this folder, the seed, the time).

A submission is never changed: nbgrader works on copies in a temporary course folder.
An existing ``feedback/`` without the marker, or a ``grades.csv`` the marker does not
vouch for, is not overwritten: the tool stops and says what it found.
"""

import argparse
import csv
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
MARKER = ".gmm_lab-grade"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")  # a student folder: also nbgrader's student id
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CONFIG = """\
c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "gmm_lab"
c.ExecutePreprocessor.timeout = 300  # per cell; a whole notebook takes 1-16 s
c.Execute.timeout = 300
"""


class GradeError(Exception):
    """Something the instructor must fix before grading: the message says what and how."""


def instructor_notebooks():
    return {p.stem: p for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))}


def find_submissions(folder, only=None):
    """{student: {notebook: path}}: every student folder and the course notebooks in it."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GradeError(f"SUBMISSIONS={folder} is not a folder: give the folder that holds one folder per student.")
    known = instructor_notebooks()
    wanted = set(only or known)
    unknown = sorted(wanted - set(known))
    if unknown:
        raise GradeError(f"no instructor notebook named {', '.join(unknown)} in notebooks/: use names such as "
                         f"{next(iter(known))}.")
    students = {}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if not NAME.match(sub.name):
            raise GradeError(f"student folder {sub.name!r}: use letters, digits, '_', '.' and '-' only (it becomes "
                             f"the student's id in the grades); rename it.")
        students[sub.name] = {p.stem: p for p in sorted(sub.glob("*.ipynb")) if p.stem in wanted}
    if not any(students.values()):
        raise GradeError(f"{folder} holds no student folder with a course notebook (e.g. {folder}/alice/"
                         f"03-E-Step.ipynb): one folder per student, notebooks named as in notebooks/.")
    return students


def check_output(out, submissions):
    """Refuse to overwrite what this tool did not write; returns the feedback folder."""
    out, feedback = Path(out).resolve(), Path(out).resolve() / "feedback"
    if feedback == Path(submissions).resolve() or feedback in Path(submissions).resolve().parents:
        raise GradeError(f"the submissions ({submissions}) are inside {feedback}, which grading replaces: "
                         f"keep them elsewhere.")
    marker = feedback / MARKER
    if feedback.exists() and any(feedback.iterdir()) and not marker.exists():
        found = ", ".join(sorted(p.name for p in feedback.iterdir())[:5])
        raise GradeError(f"{feedback} exists and holds files that `make grade` did not write ({found}; no {MARKER} "
                         f"marker). Move them away, or grade into another folder: make grade SUBMISSIONS=... OUT=DIR.")
    grades = out / "grades.csv"
    if grades.exists() and not marker.exists():
        raise GradeError(f"{grades} exists but was not written by `make grade` (no {marker}): move it away, or grade "
                         f"into another folder: make grade SUBMISSIONS=... OUT=DIR.")
    return feedback


def nbgrader(course, *args, env):
    """Run one nbgrader command in the course folder; GradeError with its output if it fails."""
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise GradeError(f"nbgrader {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def grading_env(seed):
    env = dict(os.environ, GMM_LAB_CHECKS_RAISE="1", GMM_LAB_GRADING_SEED=str(seed))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # nbgrader runs `alembic`
    env.pop("PYTHONHASHSEED", None)
    return env


def _error_text(output):
    return ANSI.sub("", f"{output.get('ename', 'Error')}: {output.get('evalue', '')}")


def feedback_text(notebook_path, name, score, max_score):
    """The checks' results in an autograded notebook: points, and for each failed check its report."""
    nb = nbformat.read(notebook_path, as_version=4)
    lines = [f"{name}: {score:g} / {max_score:g} points", ""]
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade") or cell.cell_type != "code":
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        points = meta.get("points", 0)
        lines.append(f"{meta.get('grade_id')}: {0 if errors else points:g} / {points:g}")
        for error in errors:
            text = _error_text(error)
            if text.startswith("CheckFailed: "):
                text = text[len("CheckFailed: "):]  # the check's own report, hints and all
            lines += ["    " + line for line in text.splitlines()]
        lines.append("")
    return "\n".join(lines)


def grade(submissions, out=ROOT / "build", seed=None, only=None, log=print):
    """Grade every student's notebooks; returns the rows of grades.csv."""
    students = find_submissions(submissions, only)
    feedback = check_output(out, submissions)
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    names = sorted({name for notebooks in students.values() for name in notebooks})
    env = grading_env(seed)
    rows = []
    with tempfile.TemporaryDirectory(prefix="gmm_lab-grade-") as tmp:
        course = Path(tmp)
        (course / "nbgrader_config.py").write_text(CONFIG.format(root=str(course)))
        for name in names:
            (course / "source" / name).mkdir(parents=True)
            shutil.copyfile(instructor_notebooks()[name], course / "source" / name / f"{name}.ipynb")
            nbgrader(course, "generate_assignment", name, "--force", env=env)
            for student, notebooks in students.items():
                if name in notebooks:
                    target = course / "submitted" / student / name / f"{name}.ipynb"
                    target.parent.mkdir(parents=True)
                    shutil.copyfile(notebooks[name], target)  # a copy: the submission stays as it was
            start = time.perf_counter()
            nbgrader(course, "autograde", name, "--force", env=env)
            nbgrader(course, "generate_feedback", name, "--force", env=env)
            log(f"graded {name} for {sum(name in n for n in students.values())} students "
                f"in {time.perf_counter() - start:.0f} s")
        rows = _collect(course, students, names, feedback, seed, submissions, out)
    return rows


def _collect(course, students, names, feedback, seed, submissions, out):
    """Write feedback/ (staged beside it, then swapped in whole) and grades.csv; returns the rows."""
    staged = Path(tempfile.mkdtemp(prefix=".feedback-", dir=feedback.parent))
    try:
        rows = _write_feedback(course, students, names, staged)
        (staged / MARKER).write_text(json.dumps({
            "written_by": "tools/grade.py (make grade)", "seed": seed,
            "submissions": str(Path(submissions).resolve()), "grades": str((Path(out) / "grades.csv").resolve()),
            "time": time.strftime("%Y-%m-%d %H:%M:%S"),
        }, indent=2) + "\n")
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    if feedback.exists():  # ours (check_output saw the marker): replaced whole
        shutil.rmtree(feedback)
    staged.chmod(0o755)  # mkdtemp makes it private; the feedback is to be read and handed out
    staged.rename(feedback)
    with open(Path(out) / "grades.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "notebook", "score", "max_score"])
        writer.writerows((s, n, f"{score:g}", f"{m:g}") for s, n, score, m in rows)
    return rows


def _write_feedback(course, students, names, staged):
    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="gmm_lab") as gradebook:
        for student in students:
            (staged / student).mkdir()
            for name in names:
                max_score = gradebook.find_notebook(name, name).max_score
                try:
                    score = gradebook.find_submission_notebook(name, name, student).score
                except MissingEntry:  # not handed in
                    rows.append((student, name, 0, max_score))
                    (staged / student / f"{name}.txt").write_text(f"{name}: 0 / {max_score:g} points: not submitted\n")
                    continue
                rows.append((student, name, score, max_score))
                graded = course / "autograded" / student / name / f"{name}.ipynb"
                (staged / student / f"{name}.txt").write_text(feedback_text(graded, name, score, max_score))
                html = course / "feedback" / student / name / f"{name}.html"
                if html.exists():
                    shutil.copyfile(html, staged / student / f"{name}.html")
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions", help="a folder with one folder per student, holding their notebooks")
    parser.add_argument("--out", default=str(ROOT / "build"), help="where grades.csv and feedback/ go (build/)")
    parser.add_argument("--seed", type=int, help="the hidden cases' seed (default: drawn now, kept in the marker)")
    parser.add_argument("--notebook", action="append", help="grade only this notebook (NN-Title; repeatable)")
    args = parser.parse_args(argv)
    try:
        Path(args.out).mkdir(parents=True, exist_ok=True)
        rows = grade(args.submissions, args.out, args.seed, args.notebook)
    except GradeError as exc:
        print(f"make grade: {exc}", file=sys.stderr)
        return 2
    total = {}
    for student, _, score, max_score in rows:
        got, out_of = total.get(student, (0, 0))
        total[student] = (got + score, out_of + max_score)
    for student, (got, out_of) in total.items():
        print(f"{student}: {got:g} / {out_of:g}")
    print(f"grades in {Path(args.out) / 'grades.csv'}, feedback in {Path(args.out) / 'feedback'}/<student>/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
