"""Every slide of every deck fits a 1280x720 screen, and its figures are readable from a room.

Each deck is opened offline (the ``offline_site`` page, network cut); every slide and
subslide is shown, and its content is measured in reveal.js's 1280x720 coordinates after
MathJax has re-rendered it, as ``tools/fit_slides.py`` measures when it cuts the slides.
No slide's content may be taller than the frame (``fit_slides.LIMIT``: the frame less a
margin): a slide of several cells that is means a cut is missing (run ``python
tools/fit_slides.py`` and ``make notebooks``); a single cell that is must be made smaller
(a figure, or its code hidden with the ``hide-input`` tag). Nothing scrolls, across or down:
stepping through a deck with the keyboard shows everything. A one-paragraph subslide
followed by a subslide that opens with a figure must be too tall to share its slide (else
fit_slides.py joins them). Every figure (``plotting.show``'s and the static pictures of the
live figures) records the size of its smallest axis text in its own pixels
(gmm_lab.course.projector); shown at its size in the deck, that text is at least 14 px on a
1280x720 screen.
"""

import base64
import io
import sys
from pathlib import Path

import nbformat
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import fit_slides  # noqa: E402

from gmm_lab.course.projector import AXIS_TEXT_KEY  # noqa: E402
from gmm_lab.course.widgets import static  # noqa: E402

pytestmark = pytest.mark.browser
WIDTH, HEIGHT = 1280, 720
NAMES = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# the current slide: its cells, whether it scrolls, the widest and tallest of its scrolling
# boxes, whether it is one paragraph, whether it opens with a figure, and its first words
SHAPE = """() => { const s = deck.getCurrentSlide();
  const cells = Array.from(s.querySelectorAll(':scope > .jp-Cell'));
  const over = Array.from(s.querySelectorAll('pre, .jp-OutputArea-output, .jp-RenderedHTMLCommon'))
    .filter(e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
    .map(e => e.tagName + ': ' + e.innerText.trim().split('\\n')[0].slice(0, 50));
  const md = cells.length === 1 && cells[0].classList.contains('jp-MarkdownCell')
    ? cells[0].querySelector('.jp-RenderedMarkdown') : null;
  const paragraph = !!md && md.children.length === 1 && md.children[0].tagName === 'P';
  const figure = cells.length > 0 && cells[0].classList.contains('jp-CodeCell') && !!cells[0].querySelector('img');
  return {cells: cells.length, scrolls: s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1,
          over, paragraph, figure, h: deck.getIndices().h,
          title: s.innerText.trim().split('\\n')[0].slice(0, 60)}; }"""
# each image of the current slide: its source, its width as shown on the screen, its own width
IMAGES = """() => Array.from(deck.getCurrentSlide().querySelectorAll('img')).map(
  i => [i.src, i.getBoundingClientRect().width, i.naturalWidth])"""


def _slides(page, name, base):
    """[(shape, (content top, content bottom), images)] of each slide and subslide of deck `name`, in order."""
    page.goto(f"{base}/slides/{name}.slides.html")
    page.evaluate(fit_slides.DECK_READY)
    assert page.evaluate("() => [deck.getConfig().width, deck.getConfig().height]") == [WIDTH, HEIGHT]
    page.evaluate("() => deck.configure({transition: 'none'})")
    out = []
    for i in range(page.evaluate("() => deck.getTotalSlides()")):
        page.evaluate("(i) => { const x = deck.getIndices(deck.getSlides()[i]); deck.slide(x.h, x.v); }", i)
        top, bottom = page.evaluate(fit_slides.CONTENT)
        out.append((page.evaluate(SHAPE), (top, bottom), page.evaluate(IMAGES)))
    return out


@pytest.fixture(scope="module")
def decks(offline_site):
    return {name: _slides(offline_site["page"], name, offline_site["base"]) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_every_slide_fits_the_frame_and_nothing_scrolls(decks, name):
    problems = []
    slides = decks[name]
    for n, (shape, (_, bottom), _) in enumerate(slides):
        where = f"slide {n + 1} ({shape['title']!r}, {round(bottom)} px)"
        if bottom > fit_slides.LIMIT:
            cause = "a cut is missing" if shape["cells"] > 1 else "its cell must be made smaller"
            problems.append(f"{where}: taller than the frame ({fit_slides.LIMIT} px); {cause}")
        if shape["scrolls"] or shape["over"]:
            problems.append(f"{where}: scrolls ({shape['over'] or 'the slide'})")
    for (a, (_, bottom_a), _), (b, (top_b, bottom_b), _) in zip(slides, slides[1:]):
        if a["paragraph"] and b["figure"] and a["h"] == b["h"]:
            together = bottom_a + fit_slides.GAP + bottom_b - top_b
            if together <= fit_slides.LIMIT - fit_slides.SLACK:  # what fit_slides.py packs to
                problems.append(f"{a['title']!r} introduces the next slide's figure, and both fit on one slide "
                                f"({round(together)} px): run tools/fit_slides.py")
    assert not problems, f"{name}: " + "; ".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_every_figure_has_axis_text_a_room_can_read(decks, name):
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    figures = sum("image/png" in out.get("data", {}) for c in nb.cells if c.cell_type == "code" for out in c.outputs)
    sizes, unmeasured = [], []
    for shape, _, images in decks[name]:
        for src, shown, natural in images:
            picture = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
            if AXIS_TEXT_KEY in picture.text:  # its smallest axis text, in its own pixels
                sizes.append((shape["title"], float(picture.text[AXIS_TEXT_KEY]) * shown / natural))
            else:
                unmeasured.append(shape["title"])
    assert not unmeasured, (f"{name}: figures that do not record their axis text (made without "
                            f"gmm_lab.course.plotting.show or a live figure?): {unmeasured}")
    assert len(sizes) == figures, f"{name}: {len(sizes)} figures in the deck, {figures} in the notebook"
    small = [f"{title!r}: {px:.1f} px" for title, px in sizes if px < static.MIN_PX]
    assert not small, f"{name}: axis text under {static.MIN_PX} px on a 1280x720 screen: {small}"
