"""Every notebook in a real JupyterLab, in headless Chromium, as a student meets it: once each.

Run all cells, wait for the kernel, then: no error output, every slider and button
rendered, and moving each slider with the keyboard changes the figure it drives within
5 seconds (05: its step buttons and seed dropdown too). Every wait is on a full condition (all cells rendered, a count reached, a new
image decoded), never on the first matching element: see ``LabSession.wait_until``.
Screenshots go to screenshots/ (git-ignored).
"""

import functools
import re
from pathlib import Path

import pytest
from labdriver import LIVE_FIGURE, cell_count

from gmm_lab.course.widgets import catalog

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"

NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


@functools.cache
def expected(name):
    """What notebook `name` must show once run: its catalogued live figures, sliders and buttons."""
    return catalog.counts([entry.build() for entry in catalog.entries(name)])


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_in_jupyterlab(lab, name):
    """One pass per notebook, as a student: run all, no error, every widget and figure drawn, then
    (05) the step buttons and the seed dropdown, then every slider moved with the keyboard redraws."""
    try:
        figures = _prepared(lab, name)
        assert lab.error_outputs() == []
        lab.screenshot(SHOTS / f"{name}.png")
        for i in range(figures.count()):
            fig = figures.nth(i)
            fig.scroll_into_view_if_needed()
            img = fig.locator("> .widget-image")
            size = img.evaluate("e => [e.naturalWidth, e.naturalHeight]")
            assert size[0] > 300 and size[1] > 200, f"figure {i} did not render an image: {size}"
            fig.screenshot(path=str(SHOTS / f"{name}-figure{i + 1}.png"))
        if name == "05-EM-Convergence":
            _step_buttons_and_seed_dropdown(lab, figures.nth(2))  # from the figure's first state
        assert _move_every_slider(lab, name, figures) == expected(name)["sliders"]
        assert lab.error_outputs() == []
    finally:
        lab.shutdown_kernels()


def _prepared(lab, name):
    """Open and run notebook `name`, and wait until all its widgets have rendered."""
    lab.open_notebook(name)
    lab.run_all()
    want = expected(name)
    lab.wait_for_count(".widget-slider", want["sliders"])
    lab.wait_for_count(".widget-button", want["buttons"])
    lab.wait_for_count(LIVE_FIGURE, want["figures"])
    lab.wait_for_images()
    return lab.figures()


def _move_every_slider(lab, name, figures):
    """Move each slider one step with the keyboard and wait for its figure's new image; how many moved."""
    moved = 0
    for i in range(figures.count()):
        fig = figures.nth(i)
        sliders = fig.locator(".widget-slider .noUi-handle")
        if sliders.count() == 0:
            continue
        fig.scroll_into_view_if_needed()
        img = fig.locator("> .widget-image")
        for j in range(sliders.count()):
            before_src, before_pixels = img.get_attribute("src"), img.screenshot()
            handle = sliders.nth(j)
            value = handle.get_attribute("aria-valuenow")
            handle.focus()
            lab.page.keyboard.press("ArrowRight")
            if handle.get_attribute("aria-valuenow") == value:  # at the right end: go left
                lab.page.keyboard.press("ArrowLeft")
                lab.page.keyboard.press("ArrowLeft")
            lab.wait_for_redraw(img, before_src, before_pixels, f"{name}: figure {i + 1}, slider {j + 1}")
            moved += 1
    return moved


def test_py_twin_opens_as_a_notebook(lab):
    """Double-click semantics: the .py twin's default viewer is the notebook (jupytext)."""
    try:
        lab.open_notebook("01-Gaussian-PDF.py")  # waits for every cell of the file to render
        expected = cell_count(ROOT / "notebooks" / "01-Gaussian-PDF.py")
        assert expected > 10
        assert lab.count(".jp-Cell") == expected
        assert lab.count(".jp-MarkdownCell") > 0 and lab.count(".jp-CodeCell") > 0
    finally:
        lab.shutdown_kernels()


def _step_buttons_and_seed_dropdown(lab, fig):
    """05's 2-D explorer: the E/M buttons walk half-steps, End/Home jump, the seed dropdown switches runs,
    and after a switch the slider opens at the new run's start and End reaches that run's end."""
    from playwright.sync_api import expect

    fig.scroll_into_view_if_needed()
    img = fig.locator("> .widget-image")
    forward = fig.locator(".widget-button", has_text="step ▶")
    handle = fig.locator(".widget-slider .noUi-handle")
    for expected_step, next_label in [(1, "M-step ▶"), (2, "E-step ▶")]:
        before_src, before_pixels = img.get_attribute("src"), img.screenshot()
        forward.click()
        lab.wait_for_redraw(img, before_src, before_pixels, f"step button to half-step {expected_step}")
        # slider position and button label come back from the kernel as separate updates
        expect(handle).to_have_attribute("aria-valuetext", str(expected_step), timeout=5000)
        expect(forward).to_have_text(next_label, timeout=5000)
    # End and Home jump to the ends (the notebook tells students so)
    last = handle.get_attribute("aria-valuemax")
    handle.focus()
    lab.page.keyboard.press("End")
    expect(handle).to_have_attribute("aria-valuenow", last, timeout=5000)
    expect(forward).to_be_disabled(timeout=5000)
    lab.page.keyboard.press("Home")
    expect(handle).to_have_attribute("aria-valuetext", "0", timeout=5000)
    # the kernel answers a move with the new image, then the buttons' state: once "back" is
    # disabled, the image of half-step 0 is in place (the slider itself moves before that)
    expect(fig.locator(".widget-button", has_text="back")).to_be_disabled(timeout=5000)
    # a longer run than the first, then a shorter one: End must reach each run's own last half-step
    # (a slider view whose max changed kept its first range for End: the explorer replaces it)
    runs = catalog.entries("05-EM-Convergence")[2].build().runs
    first = next(iter(runs))
    longer = max(runs, key=lambda s: runs[s].n_iter)
    shorter = min(runs, key=lambda s: runs[s].n_iter)
    assert runs[longer].n_iter > runs[first].n_iter > runs[shorter].n_iter
    status = fig.locator("> .widget-html")
    for seed in (longer, shorter):
        run = runs[seed]
        before_src, before_pixels = img.get_attribute("src"), img.screenshot()
        fig.locator("select").select_option(label=str(seed))
        lab.wait_for_redraw(img, before_src, before_pixels, f"seed dropdown to {seed}")
        # aria-valuemax/-valuenow are written as floats ("82.0"), aria-valuetext as the readout ("82")
        expect(handle).to_have_attribute("aria-valuemax", re.compile(rf"^{run.n_half_steps}(\.0*)?$"), timeout=5000)
        expect(handle).to_have_attribute("aria-valuetext", "0", timeout=5000)  # a new run opens at its start
        expect(status).to_contain_text("start: the initial parameters", timeout=5000)
        handle.focus()
        lab.page.keyboard.press("End")
        expect(handle).to_have_attribute("aria-valuetext", str(run.n_half_steps), timeout=5000)
        expect(status).to_contain_text(f"Ring: after iteration {run.n_iter}, ℓ = {run.log_likelihood:.3f}",
                                       timeout=5000)
        expect(forward).to_be_disabled(timeout=5000)
