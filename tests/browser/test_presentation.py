"""Live slides: a notebook presented with jupyterlab-slideshow keeps its sliders working.

As an instructor does it: open the notebook, run all cells, put the cursor on the first
cell, click the deck button in the notebook toolbar, walk the slides with Space to the
slide with a live figure, move a slider there with the keyboard and see the figure
redraw; then Space (slider still focused) for the next slide, Shift+Space back, a click
on the slide's text (the figure's status line) to give the arrow keys back to the deck, and Escape to leave. Every wait is on a full
condition (see ``LabSession.wait_until``); a redraw is a new, decoded image ``src`` whose
pixels differ (``LabSession.wait_for_redraw``).
"""

from pathlib import Path

import nbformat
from helpers import expected_slides
from labdriver import LIVE_FIGURE

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"

# The notebook presented, as it is: it carries its own slide metadata
NOTEBOOK, SLIDERS = "03-E-Step", 4

SLIDE_SIZE = {"width": 1280, "height": 720}

# indices of the cells on screen in the current notebook (inside the window, not hidden)
ON_SCREEN = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  return Array.from(w.content.widgets.entries()).filter(([i, cell]) => {
    const r = cell.node.getBoundingClientRect(), s = getComputedStyle(cell.node);
    return s.display !== 'none' && s.visibility !== 'hidden' && r.height > 0
           && r.bottom > 0 && r.top < window.innerHeight; }).map(([i]) => i); }"""


def _on_screen(lab):
    return lab.page.evaluate(ON_SCREEN)


def _press_until(lab, key, predicate, what, limit=20):
    """Press `key` until predicate(cells on screen) holds; return the screens seen on the way."""
    seen = [_on_screen(lab)]
    for _ in range(limit):
        if predicate(seen[-1]):
            return seen
        lab.page.keyboard.press(key)
        # the deck re-lays out the notebook after a key: wait for the active cell to settle
        lab.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        seen.append(_on_screen(lab))
    raise AssertionError(f"{what}: not reached after {limit} presses of {key}; screens: {seen}")


def test_sliders_stay_live_on_a_slide(lab):
    old_viewport = lab.page.viewport_size
    lab.page.set_viewport_size(SLIDE_SIZE)
    try:
        name = NOTEBOOK
        nb = nbformat.read(lab.work_dir / f"{name}.ipynb", as_version=4)
        assert expected_slides(nb)[0] > 2, "the presented notebook should have several slides"
        lab.open_notebook(name)
        lab.run_all()
        lab.wait_for_count(".widget-slider", SLIDERS)
        lab.wait_for_images()
        figure_cell = lab.page.evaluate(
            """(sel) => window.jupyterapp.shell.currentWidget.content.widgets
                         .findIndex(c => c.node.querySelector(sel))""", LIVE_FIGURE)
        assert figure_cell > 0

        # start at the first cell, then the deck button in the notebook toolbar
        lab.page.evaluate("() => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = 0; }")
        lab.page.locator(".jp-NotebookPanel-toolbar [data-jp-item-name='deck'] button").click()
        lab.wait_until("() => document.querySelector('.jp-NotebookPanel.jp-Deck') !== null", None,
                       "the notebook to turn into a deck")
        first = _on_screen(lab)
        assert 0 in first and figure_cell not in first, f"the first slide shows cells {first}"
        assert len(first) < figure_cell, "in a deck only the current slide's cells are shown"

        # Space walks every slide and subslide in order (the arrow keys move between slides and,
        # up and down, between subslides) until the live figure's slide is on screen
        screens = _press_until(lab, "Space", lambda cells: figure_cell in cells, "the figure's slide")
        slide = screens[-1]
        assert 0 not in slide, "the first slide should be gone"
        assert len({tuple(s) for s in screens}) >= 3, f"expected to pass through several slides: {screens}"
        lab.screenshot(SHOTS / "presentation-slide.png")

        # on the slide, a slider moved with the keyboard redraws its figure
        fig = lab.figures().nth(0)
        img = fig.locator("> .widget-image")
        box = img.bounding_box()
        assert box and box["y"] < SLIDE_SIZE["height"], f"the figure is not on the slide: {box}"
        handle = fig.locator(".widget-slider .noUi-handle").nth(0)
        before_src, before_pixels, value = img.get_attribute("src"), img.screenshot(), handle.get_attribute("aria-valuenow")
        handle.focus()
        lab.page.keyboard.press("ArrowLeft")
        lab.wait_for_redraw(img, before_src, before_pixels, "a slider on a slide")
        assert handle.get_attribute("aria-valuenow") != value
        assert _on_screen(lab) == slide, "moving the slider must not change the slide"
        assert lab.error_outputs() == []
        lab.screenshot(SHOTS / "presentation-slider-moved.png")

        # Space goes on to the next slide even with the slider focused, the left arrow back
        _press_until(lab, "Space", lambda cells: figure_cell not in cells, "the slide after the figure", limit=3)
        _press_until(lab, "Shift+Space", lambda cells: figure_cell in cells, "the figure's slide again", limit=5)
        # with a slider focused, a click on the slide's text gives the arrow keys back to the deck
        handle.focus()
        moved_to = handle.get_attribute("aria-valuenow")
        # (the text of the slide: the figure's status line; the figure may have a slide of its own)
        fig.locator(".widget-html").first.click()
        _press_until(lab, "ArrowRight", lambda cells: figure_cell not in cells, "the next slide after a click", limit=3)
        assert handle.get_attribute("aria-valuenow") == moved_to, "the arrow key went to the slider, not the deck"
        lab.page.keyboard.press("Escape")
        lab.wait_until("() => document.querySelector('.jp-NotebookPanel.jp-Deck') === null", None,
                       "Escape to leave the deck")
    finally:
        # a failed test must not leave the shared lab page in a deck
        lab.page.evaluate("() => document.querySelector('.jp-Deck') && window.jupyterapp.commands.execute('deck:stop')")
        lab.page.set_viewport_size(old_viewport)
        lab.shutdown_kernels()
