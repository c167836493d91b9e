"""Keyboard and screen-reader access (gmm_lab.course.widgets.access): what the kernel sends the page.

The page side (names, value text, Escape, alt attributes) is tested in a real JupyterLab by
tests/browser/test_jupyterlab.py; here: the alt text each live figure keeps up to date, the
static figures' <img> view, and that the ES modules load nothing from elsewhere.
"""

import base64
import io
import re

import pytest

from gmm_lab.course.widgets import access, catalog
from gmm_lab.course.widgets.gaussian import Gaussian1D
from gmm_lab.course.widgets.mixtures import Mixture1D
from helpers import as_built


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


@pytest.mark.parametrize("kernel", [False, True])
def test_a_static_figure_carries_its_alt_text_to_jupyterlab_and_to_nbconvert(monkeypatch, kernel):
    import IPython
    import IPython.display
    from PIL import Image

    from gmm_lab.course import projector
    from gmm_lab.course.plotting import new_figure

    shown = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: object() if kernel else None)
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False, metadata=None: shown.append((obj, raw, metadata)))
    made = []

    class Recorded(access.FigureImage):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            made.append(self)

    monkeypatch.setattr(access, "FigureImage", Recorded)
    fig, _ = new_figure()
    alt = "A test figure with nothing in it, for the test."
    access.display_figure(fig, alt)
    [(bundle, raw, metadata)] = shown
    assert raw and metadata == {"image/png": {"alt": alt}}  # nbconvert, the book and the decks read it here
    png = base64.b64decode(bundle["image/png"])
    assert bundle["text/plain"] == repr(fig)
    assert projector.AXIS_TEXT_KEY in Image.open(io.BytesIO(png)).text  # made for a projector
    if kernel:  # JupyterLab with a kernel shows this view: <img alt=...>
        [view] = made
        assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == view.model_id
        assert view.value == png and view.alt == alt
    else:  # no kernel, no widget: the PNG alone
        assert not made and "application/vnd.jupyter.widget-view+json" not in bundle


@pytest.mark.parametrize("name", ["access.js", "figure_image.js", "access.css"])
def test_the_front_end_pieces_load_nothing_from_elsewhere(name):
    text = (access.HERE / name).read_text()
    assert not re.search(r"https?://|//cdn|\bimport\s*[({'\"]|\bimport\s+\w|@import|url\(", text), name


def test_the_fewest_decimals_that_show_every_stop():
    assert access.fewest_decimals(1.0, 2.5, 4.0, 1.5) == ".1f"  # 09 built with other stretches
    assert access.fewest_decimals(-0.95, 0.95, 0.05) == ".2f" and access.fewest_decimals(45, 15) == ".0f"
    with pytest.raises(ValueError, match="no readout with at most 6 decimals shows"):
        access.fewest_decimals(1 / 3)


@pytest.mark.parametrize("notebook", catalog.notebooks())
def test_a_notebooks_figures_and_sliders_each_have_a_name_of_their_own(notebook):
    """A screen reader lists a page's sliders by name: two "weight π₁" (02) or four "half-step"
    (05) in one notebook cannot be told apart; nor can two figures of one title (05's explorers)."""
    entries = catalog.entries(notebook)
    demos = [as_built(e) for e in entries]
    titles = [d.title for d in demos]
    assert titles == [e.title for e in entries], "catalog.Entry.name must be the built figure's title"
    assert len(set(titles)) == len(titles), f"{notebook}: two live figures share a title: {titles}"
    names = [s.description.strip() for d in demos for s in d.sliders]
    twice = sorted({n for n in names if names.count(n) > 1})
    assert not twice, f"{notebook}: slider names {twice} appear in more than one figure; say which figure's"
