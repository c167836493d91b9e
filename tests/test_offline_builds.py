"""`make slides` and `make html`: they build, hold what they should, and load nothing remote;
built (by default) from the student edition, they hold no solution and no folded answer.

Both are built once per session into a temporary folder (the ``offline_builds`` fixture in
conftest.py); tests/browser/test_offline_pages.py opens them in Chromium with the network cut.
"""

import functools
import html
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup
from helpers import expected_slides

# a URL that leaves the machine: http(s)://... or protocol-relative //host/...
REMOTE = re.compile(r"^\s*(https?:)?//", re.I)
# in inline scripts: a quoted remote URL of something a page would load
REMOTE_ASSET_IN_JS = re.compile(r"""["'`](?:https?:)?//[^"'`\s]+\.(?:m?js|css|woff2?|ttf|otf)(?:\?[^"'`]*)?["'`]""", re.I)
CSS_URL = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)|url\(\s*["']?([^"')]+)""", re.I)


@functools.lru_cache(maxsize=None)
def _parsed(path):
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def _soup(path):
    """The parsed page (parsed once: link checks visit the same pages many times)."""
    return _parsed(str(Path(path).resolve()))


def _top_sections(soup):
    slides = soup.select_one("div.reveal > div.slides")
    return slides.find_all("section", recursive=False)


def _deck(builds, nb_path):
    return builds["slides"] / f"{Path(nb_path).stem}.slides.html"


def test_a_deck_per_notebook_with_the_slides_its_metadata_asks_for(offline_builds):
    for nb_path in offline_builds["notebooks"]:
        nb = nbformat.read(nb_path, as_version=4)
        slides, with_subslides = expected_slides(nb)
        top = _top_sections(_soup(_deck(offline_builds, nb_path)))
        subslides = sum(len(s.find_all("section", recursive=False)) for s in top)
        assert (len(top), subslides) == (slides, with_subslides), nb_path.name
    # every lesson really is cut into slides, so the count above is not trivially 1
    for nb_path in offline_builds["notebooks"][1:]:
        assert expected_slides(nbformat.read(nb_path, as_version=4))[0] > 3, nb_path.name


def test_decks_are_laid_out_for_1280x720(offline_builds):
    html = _deck(offline_builds, offline_builds["notebooks"][0]).read_text()
    assert re.search(r"width:\s*1280\s*,", html) and re.search(r"height:\s*720\s*,", html)


def _local_target(page, ref):
    """The file (and fragment) a relative link of `page` points to."""
    parts = urlsplit(ref)
    target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
    return target, unquote(parts.fragment)


def test_book_has_every_page_a_toc_and_prev_next_links(offline_builds):
    html = offline_builds["html"]
    names = [nb.stem for nb in offline_builds["notebooks"]]
    index = _soup(html / "index.html")
    toc = [a["href"] for a in index.select("nav.bd-docs-nav a.reference.internal")]
    assert toc == [f"{name}.html" for name in names], "the sidebar lists every notebook in order"
    order = ["index", *names]
    for i, name in enumerate(order):
        page = _soup(html / f"{name}.html")
        prev, nxt = page.select_one("a.left-prev"), page.select_one("a.right-next")
        assert (prev["href"] if prev else None) == (f"{order[i - 1]}.html" if i else None), name
        assert (nxt["href"] if nxt else None) == (f"{order[i + 1]}.html" if i + 1 < len(order) else None), name


def test_book_shows_every_stored_figure(offline_builds):
    for nb_path in offline_builds["notebooks"]:
        nb = nbformat.read(nb_path, as_version=4)
        pngs = sum("image/png" in out.get("data", {}) for c in nb.cells if c.cell_type == "code" for out in c.outputs)
        page = offline_builds["html"] / f"{nb_path.stem}.html"
        imgs = [img["src"] for img in _soup(page).select("article img")]
        assert len([s for s in imgs if "_images/" in s]) == pngs, nb_path.name
        for src in imgs:
            assert _local_target(page, src)[0].is_file(), f"{nb_path.name}: missing image {src}"


def test_every_internal_link_of_the_book_resolves(offline_builds):
    html = offline_builds["html"]
    checked = 0
    for page in sorted(html.glob("*.html")):
        soup = _soup(page)
        for tag, attr in (("a", "href"), ("img", "src"), ("link", "href"), ("script", "src")):
            for el in soup.find_all(tag, attrs={attr: True}):
                ref = el[attr]
                if REMOTE.match(ref) or ref.startswith(("mailto:", "data:", "javascript:")):
                    continue
                target, fragment = _local_target(page, ref)
                assert target.is_file(), f"{page.name}: {tag} {attr}={ref!r} points nowhere"
                if fragment and target.suffix == ".html":
                    assert _soup(target).find(id=fragment), f"{page.name}: no #{fragment} in {target.name}"
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("which", ["slides", "html"])
def test_nothing_built_loads_a_remote_script_style_or_font(offline_builds, which):
    folder = offline_builds[which]
    assert any(folder.rglob("*.css")) and any(folder.rglob("*.html")), "expected pages and style sheets to check"
    assert remote_loads(folder) == []


def remote_loads(folder):
    """Every remote script, style sheet, font or image that the pages and CSS below `folder` load."""
    problems = []
    for page in sorted(folder.rglob("*.html")):
        soup = _soup(page)
        for el in soup.find_all(["script", "link", "img", "iframe", "source"]):
            for attr in ("src", "href"):
                if el.get(attr) and REMOTE.match(el[attr]):
                    problems.append(f"{page.name}: <{el.name} {attr}={el[attr]}>")
        for script in soup.find_all("script", src=False):
            problems += [f"{page.name}: script loads {m}" for m in REMOTE_ASSET_IN_JS.findall(script.string or "")]
        for style in soup.find_all("style"):
            problems += [f"{page.name}: style loads {u}" for u in _css_urls(style.string or "") if REMOTE.match(u)]
    for css in sorted(folder.rglob("*.css")):
        problems += [f"{css.relative_to(folder)} loads {u}" for u in _css_urls(css.read_text(errors="replace")) if REMOTE.match(u)]
    return problems


def _css_urls(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # comments name sites; they load nothing
    return [a or b for a, b in CSS_URL.findall(text)]


def test_every_figure_of_the_decks_and_the_book_has_its_alt_text(offline_builds):
    """Each stored figure's alt text (set once, in the output's metadata) reaches the built pages."""
    for nb_path in offline_builds["notebooks"]:
        nb = nbformat.read(nb_path, as_version=4)
        alts = [out["metadata"]["image/png"]["alt"] for c in nb.cells if c.cell_type == "code"
                for out in c.outputs if "image/png" in out.get("data", {})]
        deck = [img.get("alt") for img in _soup(_deck(offline_builds, nb_path)).select("div.reveal img")]
        assert deck == alts, f"{nb_path.name}: the deck's images and their alt text"
        page = offline_builds["html"] / f"{nb_path.stem}.html"
        book = [img.get("alt") for img in _soup(page).select("article img") if "_images/" in img["src"]]
        for alt in alts:  # a cell with two figures gives both images the cell's joined text
            assert any(b and alt in b for b in book), f"{nb_path.name}: no image with alt {alt[:50]!r}"


# --------------------------------------------------------------------------- #
# What is handed out carries no solution (issue 21 §1)
# --------------------------------------------------------------------------- #
def _instructor():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    import student_edition as se

    return se, dict(se.edition_notebooks("instructor"))


def _secrets(se, nb, name):
    """Lines only the instructor's edition holds: solution code and folded answers (25+ characters,
    found nowhere in the student edition, whose solution cells keep the lines outside their regions)."""
    solution = {line.strip() for c in nb.cells if se.is_solution(c) for _, _, lines in se.regions(c.source)
                for line in lines}
    answers = {line.strip() for c in nb.cells if c.cell_type == "markdown" for m in se.DETAILS.finditer(c.source)
               for line in m.group(0).splitlines()}
    rest = "\n".join(c.source for c in se.student_notebook(nb, name).cells)
    return sorted(line for line in solution | answers if len(line) >= 25 and line not in rest)


def _page_text(path):
    return html.unescape(Path(path).read_text(encoding="utf-8"))


def test_no_deck_and_no_page_of_the_book_holds_a_solution_or_an_answer(offline_builds):
    se, instructor = _instructor()
    pages = sorted(offline_builds["slides"].glob("*.slides.html")) + sorted(offline_builds["html"].glob("*.html"))
    assert len(pages) == 2 * len(instructor) + 1 + len(list(offline_builds["html"].glob("[a-z]*.html"))) - 1
    checked = 0
    for page in pages:
        text = _page_text(page)
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text, page.name
        assert "<summary>Answers</summary>" not in text, page.name
        name = page.name.split(".")[0]
        for line in _secrets(se, instructor[name], name) if name in instructor else []:
            assert html.escape(line, quote=False) not in text and line not in text, f"{page.name}: {line!r}"
            checked += 1
    assert checked > 13 * 10, "every notebook with exercises has solution and answer lines to look for"


def test_the_student_decks_speaker_notes_say_where_the_answers_are(offline_builds):
    se, instructor = _instructor()
    for name, nb in instructor.items():
        notes = _soup(offline_builds["slides"] / f"{name}.slides.html").select("aside.notes")
        folded = any("<details>" in c.source for c in nb.cells if c.cell_type == "markdown")
        said = [n for n in notes if "Answers are not in this edition" in n.get_text()]
        assert bool(said) == folded, name


def test_the_instructors_decks_carry_the_solutions_and_the_answers_as_speaker_notes(tmp_path):
    se, instructor = _instructor()
    import build_slides

    build_slides.main(["--edition", "instructor", "--out", str(tmp_path / "slides")])
    for name, nb in instructor.items():
        deck = _soup(tmp_path / "slides" / f"{name}.slides.html")
        notes = deck.select("aside.notes")
        code = deck.get_text()
        solution = [line.strip() for c in nb.cells if se.is_solution(c) for _, _, lines in se.regions(c.source)
                    for line in lines if len(line.strip()) >= 25]
        if any(se.is_solution(c) for c in nb.cells):
            assert "BEGIN SOLUTION" in code and solution and all(line in code for line in solution), name
            assert any(n.find("details") and "Answers" in n.get_text() for n in notes), name
