"""Every notebook in a real JupyterLab, in headless Chromium, as a student meets it: once each.

Run all cells, wait for the kernel, then: no error output, every slider and button
rendered, and moving each slider with the keyboard changes the figure it drives within
5 seconds (05: its step buttons and seed dropdown too). Every wait is on a full condition (all cells rendered, a count reached, a new
image decoded), never on the first matching element: see ``LabSession.wait_until``.
And as a screen reader meets it (gmm_lab.course.widgets.access): every figure is a group
named by its title, every slider has an accessible name unique in its figure and a value
text as its readout shows it (no float noise), every image has alt text (a live figure's
says what it shows now), and Escape leaves a figure's first slider for its notebook cell.
Screenshots go to screenshots/ (git-ignored).
"""

import re
from pathlib import Path

import pytest
from labdriver import LIVE_FIGURE, VISIBLE, cell_count

from gmm_lab.course.widgets import catalog

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"

NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


def expected(name):
    """What notebook `name` must show once run: its catalogued live figures, sliders and buttons
    (as the catalog declares them: tests/test_widgets.py checks each declaration against its built figure)."""
    return catalog.shown(name)


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
        _every_image_has_alt_text(lab, name)
        _no_output_scrolls_across_on_a_laptop(lab, name)
        for i in range(figures.count()):
            _named_group_and_sliders(figures.nth(i), f"{name}: figure {i + 1}")
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
            what = f"{name}: figure {i + 1}, slider {j + 1}"
            lab.wait_for_redraw(img, before_src, before_pixels, what)
            _value_text_is_the_readout(handle, what)
            _alt_says_the_status(fig, img, what)
            if j == 0:  # once per figure: the Escape handler is on the figure box (access.js onKeydown)
                _escape_leaves_the_slider(lab, fig, handle, what)
            moved += 1
    return moved


# what a screen reader is told (gmm_lab.course.widgets.access mends what ipywidgets leaves out)
SLIDER_NAME = re.compile(r'^- slider "(.*)"', re.M)
CONTROL_NAME = re.compile(r'^\s*- (button|combobox)(?: "([^"]*)")?', re.M)


def _named_group_and_sliders(fig, what):
    """The figure is a group named by its title; each slider's accessible name is its label, unique in the figure.

    The names come from Chromium's accessibility tree as Playwright reads it (``aria_snapshot``),
    not from the attributes: a name an ``aria-labelledby`` points nowhere would fail here.
    """
    from playwright.sync_api import expect

    title = fig.get_attribute("aria-label")
    assert fig.get_attribute("role") == "group" and title, f"{what}: not a named group"
    expect(fig).to_have_accessible_name(title)
    handles = fig.locator(".widget-slider .noUi-handle")
    names = [SLIDER_NAME.findall(handles.nth(k).aria_snapshot()) for k in range(handles.count())]
    labels = fig.locator(".widget-slider .widget-label").all_text_contents()
    assert names == [[label.strip()] for label in labels], f"{what}: slider names {names}, labels {labels}"
    assert all(n[0] for n in names) and len({n[0] for n in names}) == len(names), f"{what}: names {names}"
    # buttons and dropdowns (05, 07, 12) are named too; a step button by its words, not its arrows
    controls = CONTROL_NAME.findall(fig.aria_snapshot())
    assert all(n and not re.search("[◀▶]", n) for _, n in controls), f"{what}: controls {controls}"
    assert len(controls) == fig.locator(".widget-button, select").count(), f"{what}: controls {controls}"


def _value_text_is_the_readout(handle, what):
    """aria-valuetext is the readout as shown ("0.60"), aria-valuenow its number: no 0.6000000000000001."""
    slider = handle.locator("xpath=ancestor::div[contains(@class, 'widget-slider')][1]")
    shown = slider.locator(".widget-readout").text_content().strip()
    text, now = handle.get_attribute("aria-valuetext"), handle.get_attribute("aria-valuenow")
    # d3-format (the readout) writes negatives with a minus sign, U+2212
    assert text == shown and re.fullmatch(r"[−-]?\d+(\.\d{1,3})?", text), f"{what}: aria-valuetext {text!r}, readout {shown!r}"
    assert float(now) == float(text.replace("−", "-")), f"{what}: aria-valuenow {now!r} is not {text!r}"


def _alt_says_the_status(fig, img, what):
    """The live image's alt text names the figure and ends with what the status line says now."""
    from playwright.sync_api import expect

    status = " ".join(fig.locator(".gmm-status").text_content().split())
    title = fig.get_attribute("aria-label")
    expect(img).to_have_attribute("alt", re.compile(f"^{re.escape(title)}: .*Now: {re.escape(status)}$"), timeout=5000)


def _escape_leaves_the_slider(lab, fig, handle, what):
    """Escape gives the focus back to the figure's notebook cell; arrow keys then no longer move the slider."""
    value = handle.get_attribute("aria-valuenow")
    lab.page.keyboard.press("Escape")
    focus = lab.page.evaluate("() => [document.activeElement.classList.contains('jp-Cell'), "
                              "window.jupyterapp.shell.currentWidget.content.mode]")
    assert focus == [True, "command"], f"{what}: after Escape the focus is not on a cell in command mode"
    assert lab.page.evaluate("(f) => document.activeElement.contains(f)", fig.element_handle()), f"{what}: not its cell"
    lab.page.keyboard.press("ArrowDown")  # JupyterLab: the next cell
    assert handle.get_attribute("aria-valuenow") == value, f"{what}: an arrow key after Escape moved the slider"


def _every_image_has_alt_text(lab, name):
    """Every image in the notebook's outputs, live or static (plotting.show), has alt text that reaches the page."""
    images = lab.page.locator(f"{VISIBLE} .jp-OutputArea-output img")
    alts = [images.nth(k).get_attribute("alt") or "" for k in range(images.count())]
    assert images.count() > 0 or name.startswith("00"), f"{name}: no figure at all"
    assert all(len(a) >= 40 for a in alts), f"{name}: images without alt text: {alts}"


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


LAPTOP = {"width": 1366, "height": 768}  # issue 20: a 1366x768 laptop, JupyterLab's file browser open


def _no_output_scrolls_across_on_a_laptop(lab, name):
    """At 1366x768 with the file browser open (JupyterLab's default, about 250-300 px on the left),
    no output area is wider than its cell: no figure, control row or printout scrolls across."""
    page = lab.page
    page.set_viewport_size(LAPTOP)
    try:
        page.evaluate("() => window.jupyterapp.shell.activateById('filebrowser')")
        lab.wait_until("() => { const f = document.getElementById('filebrowser');"
                       "        return f && f.offsetWidth > 200 && f.offsetWidth < 350; }", None,
                       "the file browser to open on the left, 200-350 px wide")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        wide = page.evaluate(
            """(sel) => Array.from(document.querySelectorAll(sel))
                 .filter(e => e.scrollWidth > e.clientWidth + 1)
                 .map(e => [e.scrollWidth, e.clientWidth, (e.querySelector('img') ? 'img ' : '')
                            + e.textContent.trim().slice(0, 60)])""",
            f"{VISIBLE} .jp-OutputArea-output",
        )
        lab.screenshot(SHOTS / f"{name}-laptop.png")
        assert wide == [], f"{name}: outputs wider than their cell at 1366x768 with the file browser open: {wide}"
    finally:
        page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
        page.set_viewport_size({"width": lab.viewport[0], "height": lab.viewport[1]})
