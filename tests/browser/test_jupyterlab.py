"""Every notebook in a real JupyterLab, in headless Chromium, as a student meets it.

Run all cells, wait for the kernel, then: no error output, every slider and button
rendered, and moving a slider with the keyboard changes the figure it drives within
2 seconds. Screenshots go to screenshots/ (git-ignored).
"""

import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"

# what each notebook must show once run: sliders, buttons and live figures
EXPECTED = {
    "00-Start-Here": {"sliders": 0, "buttons": 0, "figures": 0},
    "01-Gaussian-PDF": {"sliders": 7, "buttons": 0, "figures": 2},
    "02-Mixtures-and-Sampling": {"sliders": 6, "buttons": 0, "figures": 2},
    "03-E-Step": {"sliders": 4, "buttons": 0, "figures": 1},
    "04-M-Step": {"sliders": 1, "buttons": 0, "figures": 1},
    "05-EM-Convergence": {"sliders": 2, "buttons": 4, "figures": 2},
    "06-Lab2-Reproduction": {"sliders": 0, "buttons": 0, "figures": 0},
}


def test_every_notebook_is_covered():
    assert sorted(EXPECTED) == sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebook_runs_and_its_widgets_render(lab, name):
    lab.open_notebook(name)
    try:
        lab.run_all()
        assert lab.error_outputs() == []
        want = EXPECTED[name]
        assert lab.count(".widget-slider") == want["sliders"]
        assert lab.count(".widget-button") == want["buttons"]
        figures = lab.figures()
        assert figures.count() == want["figures"]
        lab.screenshot(SHOTS / f"{name}.png")
        for i in range(figures.count()):
            fig = figures.nth(i)
            fig.scroll_into_view_if_needed()
            img = fig.locator("> .widget-image")
            size = img.evaluate("e => [e.naturalWidth, e.naturalHeight]")
            assert size[0] > 300 and size[1] > 200, f"figure {i} did not render an image: {size}"
            fig.screenshot(path=str(SHOTS / f"{name}-figure{i + 1}.png"))
    finally:
        lab.shutdown_kernels()


def _wait_for_change(img, before, timeout=2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if img.screenshot() != before:
            return time.monotonic() - (deadline - timeout)
        time.sleep(0.05)
    return None


@pytest.mark.parametrize("name", [n for n, w in sorted(EXPECTED.items()) if w["sliders"]])
def test_moving_a_slider_redraws_its_figure(lab, name):
    lab.open_notebook(name)
    try:
        lab.run_all()
        figures = lab.figures()
        moved = 0
        for i in range(figures.count()):
            fig = figures.nth(i)
            sliders = fig.locator(".widget-slider .noUi-handle")
            if sliders.count() == 0:
                continue
            fig.scroll_into_view_if_needed()
            img = fig.locator("> .widget-image")
            for j in range(sliders.count()):
                before = img.screenshot()
                handle = sliders.nth(j)
                value = handle.get_attribute("aria-valuenow")
                handle.focus()
                lab.page.keyboard.press("ArrowRight")
                if handle.get_attribute("aria-valuenow") == value:  # at the right end: go left
                    lab.page.keyboard.press("ArrowLeft")
                    lab.page.keyboard.press("ArrowLeft")
                elapsed = _wait_for_change(img, before)
                assert elapsed is not None, f"{name}: figure {i + 1} did not change within 2 s after slider {j + 1} moved"
                moved += 1
        assert moved == EXPECTED[name]["sliders"]
        assert lab.error_outputs() == []
    finally:
        lab.shutdown_kernels()


def test_py_twin_opens_as_a_notebook(lab):
    """Double-click semantics: the .py twin's default viewer is the notebook (jupytext)."""
    lab.page.goto(f"{lab.url}/lab/tree/01-Gaussian-PDF.py?token={lab.token}&reset")
    lab.page.wait_for_selector(".jp-NotebookPanel .jp-Cell", state="attached")
    cells = lab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").count()
    assert cells > 10
    lab.shutdown_kernels()


def test_em_step_buttons_and_seed_dropdown(lab):
    """05: the E/M buttons walk half-steps and the seed dropdown switches runs, as clicked by a person."""
    lab.open_notebook("05-EM-Convergence")
    try:
        lab.run_all()
        fig = lab.figures().nth(0)
        fig.scroll_into_view_if_needed()
        img = fig.locator("> .widget-image")
        forward = fig.locator(".widget-button", has_text="step ▶")
        handle = fig.locator(".widget-slider .noUi-handle")
        for expected_step, next_label in [(1, "M-step ▶"), (2, "E-step ▶")]:
            before = img.screenshot()
            forward.click()
            assert _wait_for_change(img, before) is not None
            lab.page.wait_for_function(
                "([el, v]) => Number(el.getAttribute('aria-valuenow')) === v", arg=[handle.element_handle(), expected_step],
                timeout=2000,
            )
            assert forward.text_content().strip() == next_label
        before = img.screenshot()
        fig.locator("select").select_option(label="3")
        assert _wait_for_change(img, before) is not None
        assert lab.error_outputs() == []
    finally:
        lab.shutdown_kernels()
