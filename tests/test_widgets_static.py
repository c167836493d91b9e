"""The static picture of a live figure, laid out for a projector (gmm_lab.course.widgets.static)."""

import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from gmm_lab.course import projector
from gmm_lab.course.widgets import pixels, static
from gmm_lab.course.widgets.live import Demo, slider


class Probe(Demo):
    """Two panels; the picture shows the first, whose only text left of its frame is the tick label "|"."""

    title = "probe"
    size = (6.0, 4.0)

    def _controls(self):
        return {"s": slider("s", 0.0, 0.0, 1.0, 0.5)}

    def _build(self):
        ax, other = self.axes
        # the smallest text, 10 pt, sets the picture's scale; the tick label, 3 times larger, is measured
        ax.set(xlim=(0, 1), ylim=(0, 1), xticks=[], yticks=[0.5], title="the probe")
        ax.set_yticklabels(["|"], fontsize=30)
        ax.set_xlabel("x", fontsize=10)
        ax.tick_params(length=0)
        (self.line,) = ax.plot([0.2, 0.8], [0.5, 0.5], color="0.5")
        other.set(title="left out", xlabel="x", ylabel="y")
        (self.other_line,) = other.plot([0, 1], [0, 1])

    def _draw(self, s):
        self.line.set_ydata([s, s])
        self.other_line.set_ydata([s, 1 - s])
        return f"s = {s}"

    def dynamic(self):
        return [self.line, self.other_line]

    def frames(self):
        return [("first", {"s": 0.25}), ("second", {"s": 0.75})]


def _bar_height(gray):
    """The height in pixels, to a fraction of one, of the one vertical bar "|" drawn dark on white in `gray`.

    A bar puts the same ink in each row it crosses fully: its height is its ink over the ink
    of its fullest row (anti-aliased end rows count for the fraction they cover).
    """
    ink = (np.median(gray) - gray).clip(0).sum(axis=1)  # against the background (254 after quantizing)
    return ink.sum() / ink.max()


def _bar_height_at(px):
    """The height of the glyph "|" that matplotlib draws with a font of `px` pixels (hinting included)."""
    fig = Figure(figsize=(2, 2), dpi=100, facecolor="white")
    fig.text(0.5, 0.5, "|", fontsize=px * 72 / 100, ha="center", va="center")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return _bar_height(np.asarray(canvas.buffer_rgba())[..., :3].mean(axis=2))


def test_the_recorded_axis_text_size_is_the_size_drawn():
    demo = Probe()
    png, alt = demo.static_picture()
    picture = Image.open(io.BytesIO(png))
    recorded = float(picture.text[pixels.AXIS_TEXT_KEY])
    gray = np.asarray(picture.convert("L")).astype(float)
    # the first panel's left spine: the first of the columns with the longest runs of dark pixels
    dark = gray < 100
    counts = dark.sum(axis=0)
    spine = int(np.nonzero(counts >= 0.9 * counts.max())[0][0])
    rows = np.nonzero(dark[:, spine])[0]
    left_of_frame = gray[rows.min() + 2:rows.max() - 2, :spine - 2]
    drawn = _bar_height(left_of_frame)  # a 30-pt label where the smallest text is 10 pt: 3 times its size
    assert drawn == pytest.approx(_bar_height_at(3 * recorded), rel=0.03), "the PNG records the size drawn"
    assert recorded >= static.MIN_PX / static.SCREEN
    assert "the panel 'the probe' at 2 settings" in alt


def test_the_live_figure_is_as_it_was_after_the_static_picture():
    demo = Probe()
    fig = demo.fig
    before = (fig.get_size_inches().tolist(), fig.dpi,
              [(ax.get_position(original=True).bounds, ax.get_position().bounds, ax.get_visible(),
                ax.get_in_layout(), ax.get_title(), ax.title.get_fontsize(), ax.get_subplotspec().get_geometry())
               for ax in fig.axes])
    shown = demo.live.image.value
    demo.static_picture()
    after = (fig.get_size_inches().tolist(), fig.dpi,
             [(ax.get_position(original=True).bounds, ax.get_position().bounds, ax.get_visible(),
               ax.get_in_layout(), ax.get_title(), ax.title.get_fontsize(), ax.get_subplotspec().get_geometry())
              for ax in fig.axes])
    assert after == before and demo.live.image.value == shown
    demo.set(s=1.0)  # and it still moves
    assert demo.live.image.value != shown


def test_a_lone_panel_names_each_setting_in_its_title_and_says_its_own_title_once():
    demo = Probe()
    with demo._held(), static.projected(demo.live, [demo.axes[0]], ["first", "second"]) as fit:
        assert fit.kind == "grid" and fit.picture({(0, demo.axes[0]): 0, (1, demo.axes[0]): 1})["subtitle"] == "the probe"
        for ax in fit.panels():
            assert not demo.axes[1].get_visible()  # the other panel gives its room
            fit.name("second")
            assert ax.get_title() == "second" and ax.title.get_fontsize() == fit.points
        assert fit.text_px >= static.MIN_PX / static.SCREEN
    assert demo.axes[0].get_title() == "the probe" and demo.axes[1].get_visible()


def test_bad_input_says_what_is_wrong():
    fig = Figure()
    ax = fig.subplots()
    ax.set(xticks=[], yticks=[])
    with pytest.raises(ValueError, match="no tick labels, axis labels or titles"):
        projector.axis_text_points([ax])
    with pytest.raises(ValueError, match="one label per panel"):
        pixels.small_multiples([np.zeros((4, 4, 3), np.uint8)], [], "t")
