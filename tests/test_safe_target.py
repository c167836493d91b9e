"""The course tools lose nothing (issue 21 §6): a folder they did not write is refused, and a
rebuild replaces only the files the tool wrote before (tools/safe_target.py)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import build_book  # noqa: E402
import build_pdf  # noqa: E402
import build_slides  # noqa: E402
import safe_target as st  # noqa: E402
import student_edition  # noqa: E402


def _build(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder


def test_publish_replaces_only_what_it_wrote(tmp_path):
    out = tmp_path / "out"
    st.publish(_build(tmp_path / "b1", {"a.html": "1", "lib/x.js": "x", "old.html": "o"}), out, "tool")
    (out / "mine.txt").write_text("the user's")
    (out / "lib" / "notes.md").write_text("the user's too")
    st.publish(_build(tmp_path / "b2", {"a.html": "2", "lib/x.js": "x"}), out, "tool")
    assert (out / "a.html").read_text() == "2"
    assert not (out / "old.html").exists(), "a file the tool wrote before and no longer builds is removed"
    assert (out / "mine.txt").read_text() == "the user's" and (out / "lib" / "notes.md").read_text() == "the user's too"


def test_published_folder_keeps_the_umasks_mode_not_the_temporary_builds(tmp_path):
    """An instructor's walk found build/student, build/slides and build/pdf private (0700): copytree
    gave them the mode of the tools' temporary build folder. Copied to a web server, nobody could read them."""
    import os
    import tempfile

    umask = os.umask(0o022)
    try:
        with tempfile.TemporaryDirectory() as private:  # 0700, as the tools' build folders are
            build = _build(Path(private) / "b", {"a.html": "1"})
            Path(private, "b").chmod(0o700)
            out = st.publish(build, tmp_path / "out", "tool")
        assert out.stat().st_mode & 0o777 == 0o755
    finally:
        os.umask(umask)


def test_publish_refuses_a_folder_it_did_not_write(tmp_path):
    out = _build(tmp_path / "course", {"grades.csv": "alice,10"})
    with pytest.raises(st.TargetRefused, match=r"not empty and was not written by tool: it holds grades.csv"):
        st.publish(_build(tmp_path / "b", {"a.html": "1"}), out, "tool")
    assert sorted(p.name for p in out.iterdir()) == ["grades.csv"]
    st.publish(_build(tmp_path / "b2", {"a.html": "1"}), tmp_path / "empty", "tool")  # new or empty: fine
    with pytest.raises(st.TargetRefused, match="another tool's build"):
        st.publish(tmp_path / "b2", tmp_path / "empty", "other")


def test_publish_refuses_to_overwrite_work_done_inside_a_build(tmp_path):
    out = tmp_path / "out"
    st.publish(_build(tmp_path / "b1", {"notebooks/03.ipynb": "stub"}), out, "tool")
    (out / "notebooks" / "03.ipynb").write_text("a student's answer")
    with pytest.raises(st.TargetRefused, match=r"changed since tool wrote them: notebooks/03.ipynb"):
        st.publish(tmp_path / "b1", out, "tool")
    assert (out / "notebooks" / "03.ipynb").read_text() == "a student's answer"
    (out / "notebooks" / "03.ipynb").write_text("stub")  # restored: the rebuild goes ahead
    (out / "new.html").write_text("the user's")
    with pytest.raises(st.TargetRefused, match="did not write and would overwrite: new.html"):
        st.publish(_build(tmp_path / "b2", {"new.html": "the tool's"}), out, "tool")
    assert (out / "new.html").read_text() == "the user's"
    f = tmp_path / "a-file"
    f.write_text("x")
    with pytest.raises(st.TargetRefused, match="is a file"):
        st.publish(tmp_path / "b1", f, "tool")


@pytest.mark.parametrize("tool, run", [
    ("student_edition", lambda out: student_edition.main([str(out)])),
    ("build_slides", lambda out: build_slides.main(["--out", str(out)])),
    ("build_book", lambda out: build_book.main(["--out", str(out)])),
    ("build_pdf", lambda out: build_pdf.main(["--out", str(out)])),
])
def test_each_tool_refuses_a_folder_of_the_users_own(tmp_path, tool, run):
    out = _build(tmp_path / "my-course", {"semester.md": "a semester of work", "graded/alice.ipynb": "{}"})
    with pytest.raises(SystemExit) as refused:
        run(out)
    message = str(refused.value.code)
    assert f"{tool}: {out} is not empty and was not written by {tool}" in message
    assert "graded, semester.md" in message and "Nothing was changed" in message and "rm -r" in message
    assert (out / "semester.md").read_text() == "a semester of work" and (out / "graded" / "alice.ipynb").exists()
    assert sorted(p.name for p in out.iterdir()) == ["graded", "semester.md"]


def test_the_command_line_exits_non_zero_with_the_message(tmp_path):
    out = _build(tmp_path / "mine", {"keep.txt": "mine"})
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "student_edition.py"), str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "was not written by student_edition: it holds keep.txt" in run.stderr
    assert (out / "keep.txt").read_text() == "mine"


def test_a_rebuilt_student_edition_keeps_a_students_own_files(tmp_path):
    out, _ = student_edition.build(tmp_path / "student")
    (out / "notebooks" / "my-notes.md").write_text("mine")
    (out / "notebooks" / "03-E-Step.ipynb").write_text("{}")  # a student worked in the build
    with pytest.raises(SystemExit, match="changed since student_edition wrote them: notebooks/03-E-Step.ipynb"):
        student_edition.build(out)
    assert (out / "notebooks" / "03-E-Step.ipynb").read_text() == "{}"
    (out / "notebooks" / "03-E-Step.ipynb").unlink()
    student_edition.build(out)
    assert (out / "notebooks" / "my-notes.md").read_text() == "mine"
    assert (out / "notebooks" / "03-E-Step.ipynb").stat().st_size > 1000
