"""Keyboard and screen-reader access (gmm_lab.course.widgets.access): what the kernel sends the page.

The page side (names, value text, Escape, alt attributes) is tested in a real JupyterLab by
tests/browser/test_jupyterlab.py; here: the alt text each live figure keeps up to date, the
static figures' <img> view, and that the ES modules load nothing from elsewhere.
"""

import base64
import re

import pytest

from gmm_lab.course.widgets import access
from gmm_lab.course.widgets.gaussian import Gaussian1D
from gmm_lab.course.widgets.mixtures import Mixture1D


def test_live_alt_names_the_figure_its_panels_and_what_it_shows_now():
    demo = Gaussian1D()
    alt = demo.access.alt
    assert alt.startswith("1-D Gaussian: density and log-density: live figure with the panels "
                          "'density', 'log-density: a parabola'")
    assert alt.endswith(f"Now: {demo.status.value}") and "peak 1/(σ√(2π)) = 0.399" in alt
    demo.set(sigma=0.5)
    assert "peak 1/(σ√(2π)) = 0.798" in demo.access.alt and demo.access.alt.endswith(demo.status.value)


def test_the_status_is_read_as_plain_text():
    assert access._plain("<b>start</b>: μ1 = 0.5 &ge; tol<br/>next") == "start: μ1 = 0.5 ≥ tol next"
    assert access.live_alt("T", ["a", "b"], "") == "T: live figure with the panels 'a', 'b'; it redraws as the sliders above move."


def test_each_change_updates_the_alt_text_once_with_the_image():
    demo = Mixture1D()
    sent = []
    demo.access.observe(lambda change: sent.append(change["new"]), names="alt")
    demo.set(w=0.8)
    assert len(sent) == 1 and "π = (0.80, 0.20)" in sent[0]


class _Shell:
    """What IPython's display formatter returns for a figure under the inline backend."""

    def __init__(self, png):
        self.png = png
        self.display_formatter = self

    def format(self, obj):
        return {"image/png": self.png, "text/plain": "<Figure size 640x480 with 1 Axes>"}, {}


@pytest.mark.parametrize("encoded", [False, True])
def test_a_static_figure_carries_its_alt_text_to_jupyterlab_and_to_nbconvert(monkeypatch, encoded):
    import IPython
    import IPython.display

    png = b"\x89PNG\r\n\x1a\n" + bytes(range(40))
    shown = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: _Shell(base64.b64encode(png).decode() if encoded else png))
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False, metadata=None: shown.append((obj, raw, metadata)))
    made = []

    class Recorded(access.FigureImage):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            made.append(self)

    monkeypatch.setattr(access, "FigureImage", Recorded)
    alt = "A test figure with nothing in it, for the test."
    access.display_figure(object(), alt)
    [(bundle, raw, metadata)] = shown
    assert raw and metadata == {"image/png": {"alt": alt}}  # nbconvert, the book and the decks read it here
    assert bundle["image/png"] == base64.b64encode(png).decode() and bundle["text/plain"].startswith("<Figure")
    [view] = made  # JupyterLab with a kernel shows this view: <img alt=...>
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == view.model_id
    assert view.value == png and view.alt == alt


@pytest.mark.parametrize("name", ["access.js", "figure_image.js", "access.css"])
def test_the_front_end_pieces_load_nothing_from_elsewhere(name):
    text = (access.HERE / name).read_text()
    assert not re.search(r"https?://|//cdn|\bimport\s*[({'\"]|\bimport\s+\w|@import|url\(", text), name


def test_the_fewest_decimals_that_show_every_stop():
    assert access.fewest_decimals(1.0, 2.5, 4.0, 1.5) == ".1f"  # 09 built with other stretches
    assert access.fewest_decimals(-0.95, 0.95, 0.05) == ".2f" and access.fewest_decimals(45, 15) == ".0f"
    with pytest.raises(ValueError, match="no readout with at most 6 decimals shows"):
        access.fewest_decimals(1 / 3)
