"""The book and a deck in Chromium with the network cut: maths typeset, figures shown, keys work.

The ``offline_site`` fixture (conftest.py) serves the session's builds on 127.0.0.1 and aborts
every other request, recording it; each test ends by checking that none was attempted and
that no local file was missing. Screenshots go to screenshots/ (git-ignored).
"""

from pathlib import Path

import nbformat
from helpers import expected_slides
from page_waits import DECK_READY, wait_for_maths
from playwright.sync_api import TimeoutError

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"

# every figure of the page's article has loaded and decoded
IMAGES = "() => Array.from(document.querySelectorAll('article img')).map(i => i.complete && i.naturalWidth)"


def _no_network(site):
    assert site["blocked"] == [], f"requests that left the machine were attempted: {site['blocked']}"
    assert site["failed"] == [], f"local files missing: {site['failed']}"


def _maths_ok(page, root, what):
    """Wait until MathJax has finished with `root` (see tools/page_waits.py), then check it."""
    maths = wait_for_maths(page, root)
    assert maths["settled"], f"{what}: MathJax did not finish within 20 s; last seen {maths}"
    assert maths["typeset"] > 0 and maths["errors"] == 0 and maths["raw"] == [], f"{what}: {maths}"


def _images_shown(page, what, timeout=20):
    """Every figure in the article loaded and decoded; waited for, with what was seen on failure."""
    try:
        page.wait_for_function(f"() => {{ const s = ({IMAGES})(); return s.length > 0 && s.every(Boolean); }}",
                               timeout=timeout * 1000, polling=100)
    except TimeoutError:
        raise AssertionError(f"{what}: figures not shown after {timeout} s: {page.evaluate(IMAGES)}") from None


def test_the_book_reads_offline(offline_site):
    page, base = offline_site["page"], offline_site["base"]
    page.goto(f"{base}/html/index.html")
    toc = page.locator("nav.bd-docs-nav a.reference.internal")
    assert toc.count() == len(list((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")))
    page.screenshot(path=str(SHOTS / "book-index.png"))

    toc.nth(3).click()  # 03-E-Step: maths inline and displayed, and figures
    page.wait_for_url("**/03-E-Step.html")
    _maths_ok(page, "article", "03-E-Step in the book")
    _images_shown(page, "03-E-Step in the book")
    page.screenshot(path=str(SHOTS / "book-03-E-Step.png"))

    page.locator("a.right-next").click()
    page.wait_for_url("**/04-M-Step.html")
    _maths_ok(page, "article", "04-M-Step in the book")
    _no_network(offline_site)


def test_a_deck_steps_through_its_slides_offline(offline_builds, offline_site):
    page, base = offline_site["page"], offline_site["base"]
    deck_nb = next(p for p in offline_builds["notebooks"] if p.stem == "03-E-Step")
    slides, with_subslides = expected_slides(nbformat.read(deck_nb, as_version=4))
    page.goto(f"{base}/slides/{deck_nb.stem}.slides.html")
    page.evaluate(DECK_READY)
    config = page.evaluate("() => [deck.getConfig().width, deck.getConfig().height]")
    assert config == [1280, 720]
    assert page.evaluate("() => [deck.getHorizontalSlides().length, deck.getTotalSlides()]") == [slides, with_subslides]

    for h in range(1, slides):
        # the right arrow first reveals a slide's fragments (the try-it questions), then moves on
        for _ in range(12):
            page.keyboard.press("ArrowRight")
            if page.evaluate("(h) => deck.getIndices().h === h", h):
                break
        page.wait_for_function("(h) => deck.getIndices().h === h", arg=h, timeout=5000)
        # the template re-renders a slide's maths when it is shown: _maths_ok waits for that
        if h == 1:  # "1. Responsibilities are posterior probabilities": inline and displayed maths
            _maths_ok(page, ".reveal .slides section.present", f"slide {h + 1}")
            page.screenshot(path=str(SHOTS / f"deck-slide{h + 1}.png"))
    assert page.evaluate("() => deck.isLastSlide() || deck.availableRoutes().down")
    page.keyboard.press("Home")
    page.wait_for_function("() => deck.getIndices().h === 0")
    _maths_ok(page, None, "the whole deck")
    _no_network(offline_site)


# on the page, with every folded cell opened (a cell tagged hide-input folds its code away): what
# scrolls across, and the code cells whose lines wrap
ACROSS = """async () => {
  document.querySelectorAll('article details').forEach(d => { d.open = true; });
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const first = (e) => e.innerText.split('\\n').reduce((a, b) => (b.length > a.length ? b : a), '').slice(0, 70);
  const shown = Array.from(document.querySelectorAll('article pre')).filter(p => p.offsetParent !== null);
  const scrolls = shown.filter(p => p.scrollWidth > p.clientWidth + 1).map(first);
  const wraps = shown.filter(p => p.closest('div.cell_input')).filter(p => {
    const style = getComputedStyle(p), lines = p.innerText.replace(/\\n$/, '').split('\\n').length;
    const inner = p.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return Math.round(inner / parseFloat(style.lineHeight)) > lines; }).map(first);
  return {page: document.documentElement.scrollWidth, window: innerWidth, pres: shown.length, scrolls, wraps,
          code: Math.round(shown.find(p => p.closest('div.cell_input')).clientWidth)}; }"""


def test_the_book_shows_every_line_of_code_and_output_without_scrolling_across(offline_builds, offline_site):
    """At 1280 px: no pre scrolls sideways, and a line of code (at most 100 characters) fits whole."""
    page, base = offline_site["page"], offline_site["base"]
    assert page.viewport_size["width"] == 1280
    for nb in offline_builds["notebooks"]:
        page.goto(f"{base}/html/{nb.stem}.html")
        seen = page.evaluate(ACROSS)
        assert seen["page"] <= seen["window"], f"{nb.stem}: the page is {seen['page']} px wide"
        assert seen["pres"] > 0 and not seen["scrolls"], f"{nb.stem}: lines that scroll across: {seen['scrolls']}"
        assert not seen["wraps"], f"{nb.stem}: code lines wrapped in a {seen['code']}-px column: {seen['wraps']}"
    page.screenshot(path=str(SHOTS / f"book-{nb.stem}-1280.png"))
    _no_network(offline_site)
