"""The book and a deck in Chromium with the network cut: maths typeset, figures shown, keys work.

The ``offline_site`` fixture (conftest.py) serves the session's builds on 127.0.0.1 and aborts
every other request, recording it; each test ends by checking that none was attempted and
that no local file was missing. Screenshots go to screenshots/ (git-ignored).
"""

from pathlib import Path

import nbformat
from helpers import expected_slides

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"

# MathJax 2 has typeset the page: resolves once its queue (the initial typeset) has run
MATHJAX_DONE = """() => new Promise((resolve) => {
  const wait = () => (window.MathJax && MathJax.Hub && MathJax.isReady)
    ? MathJax.Hub.Queue(() => resolve(true)) : setTimeout(wait, 50);
  wait(); })"""
# rendered formulas, formulas MathJax could not render, and TeX left as text, in `root`
MATHS = """(root) => {
  const el = root ? document.querySelector(root) : document.body;
  const text = el.innerText;
  return {typeset: el.querySelectorAll('.MathJax_CHTML').length,
          errors: el.querySelectorAll('.MathJax_Error, .noError, .MathJax_CHTML .merror').length,
          raw: ['$$', '\\\\(', '\\\\[', '\\\\begin{'].filter(s => text.includes(s))}; }"""


def _no_network(site):
    assert site["blocked"] == [], f"requests that left the machine were attempted: {site['blocked']}"
    assert site["failed"] == [], f"local files missing: {site['failed']}"


def _maths_ok(page, root, what):
    maths = page.evaluate(MATHS, root)
    assert maths["typeset"] > 0 and maths["errors"] == 0 and maths["raw"] == [], f"{what}: {maths}"


def test_the_book_reads_offline(offline_site):
    page, base = offline_site["page"], offline_site["base"]
    page.goto(f"{base}/html/index.html")
    toc = page.locator("nav.bd-docs-nav a.reference.internal")
    assert toc.count() == len(list((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")))
    page.screenshot(path=str(SHOTS / "book-index.png"))

    toc.nth(3).click()  # 03-E-Step: maths inline and displayed, and figures
    page.wait_for_url("**/03-E-Step.html")
    page.evaluate(MATHJAX_DONE)
    _maths_ok(page, "article", "03-E-Step in the book")
    images = page.evaluate("() => Array.from(document.querySelectorAll('article img')).map(i => i.complete && i.naturalWidth)")
    assert images and all(images), f"figures not shown: {images}"
    page.screenshot(path=str(SHOTS / "book-03-E-Step.png"))

    page.locator("a.right-next").click()
    page.wait_for_url("**/04-M-Step.html")
    page.evaluate(MATHJAX_DONE)
    _maths_ok(page, "article", "04-M-Step in the book")
    _no_network(offline_site)


def test_a_deck_steps_through_its_slides_offline(offline_builds, offline_site):
    page, base = offline_site["page"], offline_site["base"]
    deck_nb = next(p for p in offline_builds["notebooks"] if p.stem == "03-E-Step")
    slides, with_subslides = expected_slides(nbformat.read(deck_nb, as_version=4))
    page.goto(f"{base}/slides/{deck_nb.stem}.slides.html")
    page.evaluate(MATHJAX_DONE)
    # the template loads reveal.js through require.js, so window.Reveal is not set: ask require
    page.evaluate("""() => new Promise((resolve) => require(['lib/reveal.js/dist/reveal.js'], (R) => {
                       window.deck = R; R.isReady() ? resolve() : R.on('ready', resolve); }))""")
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
        page.evaluate(MATHJAX_DONE)  # the template re-renders maths on every slide change
        if h == 1:  # "1. Responsibilities are posterior probabilities": inline and displayed maths
            _maths_ok(page, ".reveal .slides section.present", f"slide {h + 1}")
            page.screenshot(path=str(SHOTS / f"deck-slide{h + 1}.png"))
    assert page.evaluate("() => deck.isLastSlide() || deck.availableRoutes().down")
    page.keyboard.press("Home")
    page.wait_for_function("() => deck.getIndices().h === 0")
    _maths_ok(page, None, "the whole deck")
    _no_network(offline_site)
