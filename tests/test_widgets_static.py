"""Static pictures of live figures: laid out for a projector (gmm_lab.course.widgets.static), and
telling the story the prose tells (the half-step explorers of 05 and 12, 13's density figure).

A static picture is what the book, nbconvert and the decks show instead of a live figure:
it must hold every panel its notebook's prose names, and, for 05, the half-steps, with axis
text a room can read. Checked on what goes into it (the frames, the pixels of each panel, the
ring in them), on the geometry of each ring (where the log-likelihood says, whole at both
ends), and on the text size the PNG records against the size drawn.
"""

import functools
import io

import ipywidgets as W
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from PIL import Image

import gmm_lab as g
from gmm_lab.course import projector
from gmm_lab.course.widgets import catalog, pixels, static
from gmm_lab.course.widgets.convergence_1d import BoundExplorer
from gmm_lab.course.widgets.live import Demo, slider
from gmm_lab.course.widgets.pixels import small_multiples
from gmm_lab.course.widgets.realdata import GAP_FLOOR
from gmm_lab.course.widgets.steps import half_step_frames, limits_with_room, ring_radius


@functools.cache
def built(notebook, index):
    return catalog.entries(notebook)[index].build()


EM1D, BOUND, EM2, EM3 = (("05-EM-Convergence", i) for i in range(4))
FIG98 = ("12-Old-Faithful-and-Iris", 0)
DENSITY = ("13-Density-Estimation-and-Generation", 0)
BERNOULLI = ("14-Bernoulli-Mixtures", 0)  # a slider over iterations, not half-steps
CONCENTRATION = ("16-Bayesian-Mixtures", 0)
RINGS = {EM1D: "ll_mark", EM2: "ll_mark", EM3: "ll_mark", FIG98: "gap_mark"}


def _expected_ring(demo, step):
    """Where the ring must be after `step` half-steps: (iteration, the curve's value there)."""
    run = demo.run
    t = step if "iteration" in demo.controls else run.half_step(step).parameters_after
    ll = run.log_likelihoods
    return t, (max(ll[-1] - ll[t], GAP_FLOOR) if hasattr(demo, "gap_mark") else ll[t])


def _ring_in_axes(ring):
    """(centre in display pixels, its radius, the axes' box): the ring's geometry as drawn."""
    ax = ring.axes
    centre = ax.transData.transform(ring.get_xydata()[0])
    return centre, ring_radius(ring), ax.get_window_extent()


# --------------------------------------------------------------------------- the frames
def test_half_step_frames():
    assert [v["step"] for _, v in half_step_frames(28)] == [0, 1, 2, 10, 56]
    assert [v["step"] for _, v in half_step_frames(121, (5, 15))] == [0, 1, 2, 10, 30, 242]
    assert [v["step"] for _, v in half_step_frames(1)] == [0, 1, 2]  # the end is iteration 1's M-step
    assert half_step_frames(0) == [("start", {"step": 0})]
    assert half_step_frames(7, (5, 10))[-1] == ("end: after iteration 7", {"step": 14})
    for bad in (-1, 2.5, True, "3"):
        with pytest.raises(ValueError, match="n_iter must be a whole number"):
            half_step_frames(bad)


def test_each_05_explorer_shows_its_first_iteration_half_step_by_half_step():
    for where in (EM1D, EM2, EM3):
        demo = built(*where)
        steps = [v["step"] for _, v in demo.frames()]
        assert steps[:3] == [0, 1, 2] and steps[-1] == demo.run.n_half_steps
        seed = "" if where == EM1D else " (seed 0)"  # the 2-D explorers name the start they show
        assert [label for label, _ in demo.frames()][:3] == [
            f"start{seed}", "iteration 1, E-step", "iteration 1, M-step"]
    bound = built(*BOUND)
    assert [v["step"] for _, v in bound.frames()] == [0, 1, 2, 3, 4, bound.controls["step"].max]
    assert bound.frames()[-1][0].endswith("M-step (the end)")


# --------------------------------------------------------------------------- the rings
@pytest.mark.parametrize("where", list(RINGS), ids=lambda w: f"{w[0][:2]}-{w[1]}")
def test_the_ring_is_at_the_curves_value_and_whole_at_both_ends(where):
    demo = built(*where)
    ring = getattr(demo, RINGS[where])
    runs = getattr(demo, "runs", {None: demo.run})
    longest = max(runs, key=lambda s: runs[s].n_iter if s is not None else 0)
    for seed in dict.fromkeys([*list(runs)[:2], longest]):  # K = 2: a linear axis; K = 3: symlog
        if seed is not None:
            demo.set(run=seed)
        last = demo.run.n_half_steps
        for step in (0, 1, 2, 7, last):
            demo.set(step=step)
            x, y = _expected_ring(demo, step)
            assert tuple(ring.get_xydata()[0]) == pytest.approx((x, y))
            (cx, cy), r, box = _ring_in_axes(ring)
            assert box.x0 + r <= cx <= box.x1 - r and box.y0 + r <= cy <= box.y1 - r, (
                f"{type(demo).__name__}: the ring at half-step {step} of {last} is clipped by its axes")
    if len(runs) > 1:
        demo.set(run=next(iter(runs)))


def test_limits_with_room_leave_the_pixels_asked_for_on_any_scale():
    fig, ax = g.course.plotting.new_figure(pyplot=False)
    fig.get_layout_engine().execute(fig)
    for scale in ("linear", "symlog"):
        ax.set_xscale(scale)
        ax.set_xlim(*limits_with_room(ax, 0, 728, 12.0))
        left, right = ax.transData.transform([[0, 0], [728, 0]])[:, 0]
        box = ax.get_window_extent()
        assert (left - box.x0, box.x1 - right) == pytest.approx((12.0, 12.0), abs=1e-6)
    with pytest.raises(ValueError, match="do not fit an axis"):
        limits_with_room(ax, 0, 1, box.width)


# --------------------------------------------------------------------------- the static pictures
def _panels_drawn(demo):
    """Build the static picture; return [(axes, its pixels, its box, its frame, ring data and display centre,
    canvas height)] for each panel of each frame as drawn, and the PNG."""
    seen = []
    panels = demo.live.panels

    def spy(dynamic, axes):
        out = panels(dynamic, axes)
        ring = getattr(demo, "ll_mark", None) or getattr(demo, "gap_mark", None)
        for ax, pixels_ in zip(axes, out):
            where = None if ring is None or ring.axes is not ax else (
                tuple(ring.get_xydata()[0]), _ring_in_axes(ring)[0])
            seen.append((ax, pixels_, demo.live._boxes[ax], ax.get_window_extent().frozen(), where,
                         demo.live.canvas.get_width_height()[1]))
        return out

    demo.live.panels = spy
    try:
        png, _ = demo.static_picture()
    finally:
        del demo.live.panels
    return seen, png


def _recorded_text_px(png):
    return float(Image.open(io.BytesIO(png)).text[projector.AXIS_TEXT_KEY])


@pytest.mark.parametrize("where", [EM1D, EM2, EM3, FIG98, DENSITY, BERNOULLI, CONCENTRATION],
                         ids=lambda w: f"{w[0][:2]}-{w[1]}")
def test_the_static_picture_shows_every_panel_at_each_frame(where):
    demo = built(*where)
    assert demo.strip_panel == tuple(range(len(demo.axes)))  # every panel the prose names
    seen, png = _panels_drawn(demo)
    frames = demo.frames()
    assert [ax for ax, *_ in seen] == [ax for ax in demo.axes for _ in frames]  # a panel at a time, every frame
    rings = [r for *_, r, _ in seen if r is not None]
    assert len(rings) == len(frames) if hasattr(demo, "ll_mark") or hasattr(demo, "gap_mark") else not rings
    ring_at = iter(frames)
    for ax, pixels_, box, inner, ring, height in seen:  # the panel's frame, whole in its pixels
        assert box.x0 <= inner.x0 and inner.x1 <= box.x1 and box.y0 <= inner.y0 and inner.y1 <= box.y1
        if ring is None:
            continue
        label, values = next(ring_at)
        (x, y), (cx, cy) = ring
        want = _expected_ring(demo, values.get("step", values.get("iteration")))
        assert x == want[0] and y == pytest.approx(want[1]), label
        # the ring's colour all round its centre, in this frame's pixels
        ring_artist = getattr(demo, RINGS.get(where, "gap_mark" if hasattr(demo, "gap_mark") else "ll_mark"))
        colour = np.array(to_rgb(ring_artist.get_markeredgecolor())) * 255
        col, row = cx - int(max(box.x0, 0)), (height - cy) - int(max(height - box.y1, 0))
        rr, cc = np.mgrid[: pixels_.shape[0], : pixels_.shape[1]]
        dist = np.hypot(rr + 0.5 - row, cc + 0.5 - col)
        inked = (np.abs(pixels_.astype(float) - colour).sum(axis=2) < 60) & (dist < ring_radius(ring_artist) + 1)
        for quadrant in ((rr < row) & (cc < col), (rr < row) & (cc > col), (rr > row) & (cc < col),
                         (rr > row) & (cc > col)):
            assert (inked & quadrant).sum() >= 8, f"{label}: the ring is not drawn whole at ({x}, {y})"
    image = Image.open(io.BytesIO(png))
    assert image.width <= static.BOX[0] + 40 and image.height <= static.BOX[1] + 40  # fits a slide at its size
    assert _recorded_text_px(png) >= static.MIN_PX / static.SCREEN  # readable from a room


def test_frames_of_the_bound_explorer_show_the_bound_readable_from_a_room():
    demo = built(*BOUND)
    assert demo.strip_panel == 1
    seen, png = _panels_drawn(demo)
    assert [ax for ax, *_ in seen] == [demo.axes[1]] * 6
    image = Image.open(io.BytesIO(png))
    assert image.width <= static.BOX[0] + 40 and image.height <= static.BOX[1] + 40
    assert _recorded_text_px(png) >= static.MIN_PX / static.SCREEN


def test_small_multiples_places_the_panels_at_their_own_size_in_order():
    colours = [(200, 30, 30), (30, 160, 30), (30, 30, 200)]
    panels = [np.full((40 + 10 * i, 120, 3), c, np.uint8) for i, c in enumerate(colours)]
    image = np.asarray(Image.open(io.BytesIO(small_multiples(panels, ["a", "b", "c"], "t", ncols=1, zoom=1.0)))
                       .convert("RGB")).astype(int)
    tops = []
    for panel, colour in zip(panels, colours):
        rows, cols = np.nonzero(np.abs(image - colour).sum(axis=2) < 30)
        assert (rows.max() - rows.min() + 1, cols.max() - cols.min() + 1) == panel.shape[:2]
        tops.append(rows.min())
    assert tops == sorted(tops)  # one a row, in the frames' order
    for bad in (0, 1.5, -1):
        with pytest.raises(ValueError, match=r"zoom must be in \(0, 1\]"):
            small_multiples(panels, ["a", "b", "c"], "t", zoom=bad)


# --------------------------------------------------------------------------- laid out for a projector
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


# --------------------------------------------------------------------------- the bound's status
def test_the_bound_explorer_says_what_is_left_of_the_gap():
    x = g.load_faithful()[0][:, 0]
    demo = BoundExplorer(x, [3.9, 4.3], [0.4, 0.45], [0.35, 0.65], grid=np.linspace(1.2, 5.2, 41))
    last = demo.controls["step"].max
    demo.set(step=2)  # a gap of hundreds of nats, and a next E-step to close it
    assert "ℓ is higher still" in demo.status.value and "which the next E-step closes" in demo.status.value
    gap = [demo._ll(demo.mu[t]) - demo._bound(demo.q[t - 1], demo.mu[t]) for t in range(1, len(demo.mu))]
    hidden = next(t for t, v in enumerate(gap, 1) if v < 0.005)  # the first M-step whose gap rounds away
    demo.set(step=2 * hidden)
    assert "the same to two decimals" in demo.status.value and "higher still" not in demo.status.value
    assert "EM stops here" not in demo.status.value
    demo.set(step=last)
    assert "the same to two decimals" in demo.status.value and "EM stops here" in demo.status.value
    assert "next E-step" not in demo.status.value
    assert last == 2 * (len(demo.mu) - 1)


def test_a_demo_replaces_a_control_in_place():
    demo = built(*EM2)
    old = demo.controls["step"]
    demo.set(run=3)
    new = demo.controls["step"]
    assert new is not old and new in demo.row.children and old not in demo.row.children
    assert old.comm is None  # closed: its view goes with it
    assert demo.steps.slider is new and demo.sliders == [new]
    assert isinstance(new, W.IntSlider)
    demo.set(run=0)
