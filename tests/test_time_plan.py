"""Core path and deep dives: one plan, said the same way in every place a reader finds it.

Each notebook's first cell says how long its core path takes and which deep dives are
optional; the instructor's guide plans the core path lecture by lecture (tables of minutes);
00's map and the README's table give the minutes again. A test that the numbers agree, and
that every lecture of the guide adds up to its 90 minutes.
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
TIME = re.compile(r"\*\*Time\.\*\* Core path about (\d+) minutes \(([^)]*)\); (?:deep dive \(optional, about (\d+) "
                  r"minutes\): ([^;]+)|no deep dives);")


def first_cell(path):
    return re.sub(r"\s+", " ", nbformat.read(path, as_version=4).cells[0].source)


def said(path):
    """(core minutes, deep-dive minutes or 0) from a notebook's first cell."""
    m = TIME.search(first_cell(path))
    assert m, f"{path.name}: its first cell gives no '**Time.** Core path about N minutes (...)' line"
    return int(m.group(1)), int(m.group(3) or 0)


def guide_tables():
    """{lecture heading: [(notebook number, minutes), ...]} from docs/INSTRUCTORS.md's tables."""
    text = (ROOT / "docs" / "INSTRUCTORS.md").read_text()
    tables = {}
    for head, body in re.findall(r"^### (Lecture \d+[^\n]*|Lab[^\n]*)\n(.*?)(?=^### |^## )", text, re.S | re.M):
        rows = re.findall(r"^\| (\d+)–(\d+) \| (\d\d)[ -]", body, re.M)
        tables[head] = [(nn, int(b) - int(a)) for a, b, nn in rows]
    return tables


def test_every_notebook_says_its_time():
    for path in NOTEBOOKS[1:]:
        core, _ = said(path)
        assert 10 <= core <= 90, path.name


def test_the_guides_lectures_are_90_minutes_of_core_path():
    tables = guide_tables()
    assert len(tables) == 8  # seven lectures and the lab
    planned = {}
    for head, rows in tables.items():
        assert sum(m for _, m in rows) == 90, head
        for nn, m in rows:
            if head.startswith("Lecture 3") and nn == "06":
                continue  # 06's introduction, at the end of lecture 3: the lab is 06's core path
            planned[nn] = planned.get(nn, 0) + m
    for path in NOTEBOOKS[1:]:
        assert said(path)[0] == planned[path.name[:2]], f"{path.name}: its first cell and the guide disagree"


@pytest.mark.parametrize("where", ["00", "README"])
def test_the_map_and_the_readme_give_the_same_minutes(where):
    if where == "00":
        nb = nbformat.read(NOTEBOOKS[0], as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        rows = dict(re.findall(r"^\| \*\*(\d\d)-[^|]*\|[^|]*\| ([\d +]+) \|$", text, re.M))
    else:
        text = (ROOT / "README.md").read_text()
        rows = dict(re.findall(r"^\| \[(\d\d)-[^|]*\|[^|]*\| ([\d +]+) \|$", text, re.M))
    assert rows["00"] == "10"
    for path in NOTEBOOKS[1:]:
        core, deep = said(path)
        assert rows[path.name[:2]] == (f"{core} + {deep}" if deep else f"{core}"), f"{where}: {path.name}"


def test_deep_dives_are_marked_where_they_are():
    """A section a first cell names as a deep dive says so in its heading, or opens with 'Deep dive'."""
    for path in NOTEBOOKS[1:]:
        cells = nbformat.read(path, as_version=4).cells
        if said(path)[1] == 0:
            continue
        marked = [c.source for c in cells if c.cell_type == "markdown"
                  and re.search(r"^#+ .*\(deep dive\)$|\*\*Deep dive \(optional\)", c.source, re.M)]
        assert marked, f"{path.name}: names a deep dive but marks none"
