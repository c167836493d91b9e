"""Every slide of every deck fits a 1280x720 screen, or is one cell that scrolls inside it.

Each deck is opened offline (the ``offline_site`` page, network cut); every slide and
subslide is shown, and its content is measured in reveal.js's 1280x720 coordinates after
MathJax has re-rendered it, as ``tools/fit_slides.py`` measures when it cuts the slides.
A slide of several cells that is taller than the screen means a cut is missing (run
``python tools/fit_slides.py`` and ``make notebooks``); a single cell taller than the
screen (a code cell and its figure) cannot be cut, and must scroll rather than run off.
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import fit_slides  # noqa: E402

pytestmark = pytest.mark.browser
WIDTH, HEIGHT = 1280, 720
SHAPE = """() => { const s = deck.getCurrentSlide(); const style = getComputedStyle(s);
  return [s.querySelectorAll(':scope > .jp-Cell').length, style.overflowY, s.clientHeight, s.scrollWidth,
          s.innerText.trim().split('\\n')[0].slice(0, 60)]; }"""


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")))
def test_every_slide_fits_the_screen(offline_site, name):
    page, base = offline_site["page"], offline_site["base"]
    page.goto(f"{base}/slides/{name}.slides.html")
    page.evaluate(fit_slides.DECK_READY)
    assert page.evaluate("() => [deck.getConfig().width, deck.getConfig().height]") == [WIDTH, HEIGHT]
    page.evaluate("() => deck.configure({transition: 'none'})")
    problems, scrolling = [], 0
    n = page.evaluate("() => deck.getTotalSlides()")
    for i in range(n):
        page.evaluate("(i) => { const x = deck.getIndices(deck.getSlides()[i]); deck.slide(x.h, x.v); }", i)
        _, bottom = page.evaluate(fit_slides.CONTENT)
        cells, overflow, frame, wide, title = page.evaluate(SHAPE)
        where = f"slide {i + 1} ({title!r}, {round(bottom)} px)"
        if wide > WIDTH:
            problems.append(f"{where}: {wide} px wide")
        if bottom > fit_slides.LIMIT:
            scrolling += 1
            if cells > 1:
                problems.append(f"{where}: {cells} cells taller than the screen; a cut is missing")
            elif overflow != "auto" or frame > HEIGHT:
                problems.append(f"{where}: one tall cell, but it does not scroll inside the slide")
    assert not problems, f"{name}: " + "; ".join(problems)
    assert scrolling <= max(3, n // 5), f"{name}: {scrolling} of {n} slides need scrolling"
