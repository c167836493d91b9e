"""Static pictures and rings of the half-step explorers (05, 12) and 13's density figure.

A static picture is what the book, nbconvert and the decks show instead of a live figure:
it must hold every panel its notebook's prose names, and, for 05, the half-steps. Checked
on what goes into it (the frames, the pixels of each frame, the ring in them), and on
the geometry of each ring: where the log-likelihood says, and whole at both ends.
"""

import functools
import io

import ipywidgets as W
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

import gmm_lab as g
from gmm_lab.course.widgets import catalog
from gmm_lab.course.widgets.convergence_1d import BoundExplorer
from gmm_lab.course.widgets.pixels import small_multiples
from gmm_lab.course.widgets.realdata import GAP_FLOOR
from gmm_lab.course.widgets.steps import half_step_frames, limits_with_room, ring_radius


@functools.cache
def built(notebook, index):
    return catalog.entries(notebook)[index].build()


EM1D, BOUND, EM2, EM3 = (("05-EM-Convergence", i) for i in range(4))
FIG98 = ("12-Old-Faithful-and-Iris", 0)
DENSITY = ("13-Density-Estimation-and-Generation", 0)
RINGS = {EM1D: "ll_mark", EM2: "ll_mark", EM3: "ll_mark", FIG98: "gap_mark"}


def _expected_ring(demo, step):
    """Where the ring must be after `step` half-steps: (iteration, the curve's value there)."""
    run = demo.run
    t = run.half_step(step).parameters_after
    ll = run.log_likelihoods
    return t, (max(ll[-1] - ll[t], GAP_FLOOR) if hasattr(demo, "gap_mark") else ll[t])


def _ring_in_axes(ring):
    """(centre in display pixels, its radius, the axes' box): the ring's geometry as drawn."""
    ax = ring.axes
    centre = ax.transData.transform(ring.get_xydata()[0])
    return centre, ring_radius(ring), ax.get_window_extent()


# --------------------------------------------------------------------------- the frames
def test_half_step_frames():
    assert [v["step"] for _, v in half_step_frames(28)] == [0, 1, 2, 10, 20, 56]
    assert [v["step"] for _, v in half_step_frames(121, (5, 15))] == [0, 1, 2, 10, 30, 242]
    assert [v["step"] for _, v in half_step_frames(1)] == [0, 1, 2]  # the end is iteration 1's M-step
    assert half_step_frames(0) == [("start", {"step": 0})]
    assert half_step_frames(7, (5, 10))[-1] == ("the end: after iteration 7", {"step": 14})
    for bad in (-1, 2.5, True, "3"):
        with pytest.raises(ValueError, match="n_iter must be a whole number"):
            half_step_frames(bad)


def test_each_05_explorer_shows_its_first_iteration_half_step_by_half_step():
    for where in (EM1D, EM2, EM3):
        demo = built(*where)
        steps = [v["step"] for _, v in demo.frames()]
        assert steps[:3] == [0, 1, 2] and steps[-1] == demo.run.n_half_steps
        seed = "" if where == EM1D else "seed 0: "  # the 2-D explorers name the start they show
        assert [label for label, _ in demo.frames()][:3] == [
            f"{seed}start", f"{seed}iteration 1, E-step", f"{seed}iteration 1, M-step"]
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
def _frames_drawn(demo):
    """Build the static picture; return [(pixels of each frame, its box, ring data and display centre)], and the PNG."""
    seen = []
    panels = demo.live.panels

    def spy(dynamic, axes):
        out = panels(dynamic, axes)
        ring = getattr(demo, "ll_mark", None) or getattr(demo, "gap_mark", None)
        where = None if ring is None else (tuple(ring.get_xydata()[0]), _ring_in_axes(ring)[0])
        seen.append((out, [demo.live._boxes[a] for a in axes], where))
        return out

    demo.live.panels = spy
    try:
        png, _ = demo.static_picture()
    finally:
        del demo.live.panels
    return seen, png


@pytest.mark.parametrize("where", [EM1D, EM2, EM3, FIG98, DENSITY], ids=lambda w: f"{w[0][:2]}-{w[1]}")
def test_the_static_picture_is_the_whole_figure_at_each_frame(where):
    demo = built(*where)
    assert demo.strip_axes() == [tuple(demo.axes)]  # one piece: every panel the prose names
    seen, png = _frames_drawn(demo)
    _assert_text_at_least_10_pt(demo)
    frames = demo.frames()
    assert len(seen) == len(frames)
    height = demo.live.canvas.get_width_height()[1]
    for ([pixels], [box], ring), (label, values) in zip(seen, frames):
        for ax in demo.fig.axes:  # both panels, and a colour bar, whole in the frame's piece
            inner = ax.get_window_extent()
            assert box.x0 <= inner.x0 and inner.x1 <= box.x1 and box.y0 <= inner.y0 and inner.y1 <= box.y1, label
        if ring is None:
            continue
        (x, y), (cx, cy) = ring
        want = _expected_ring(demo, values["step"])
        assert x == want[0] and y == pytest.approx(want[1]), label
        # the ring's colour all round its centre, in this frame's pixels
        ring_artist = getattr(demo, RINGS[where])
        colour = np.array(to_rgb(ring_artist.get_markeredgecolor())) * 255
        col, row = cx - int(max(box.x0, 0)), (height - cy) - int(max(height - box.y1, 0))
        rr, cc = np.mgrid[: pixels.shape[0], : pixels.shape[1]]
        dist = np.hypot(rr + 0.5 - row, cc + 0.5 - col)
        inked = (np.abs(pixels.astype(float) - colour).sum(axis=2) < 60) & (dist < ring_radius(ring_artist) + 1)
        for quadrant in ((rr < row) & (cc < col), (rr < row) & (cc > col), (rr > row) & (cc < col),
                         (rr > row) & (cc > col)):
            assert (inked & quadrant).sum() >= 8, f"{label}: the ring is not drawn whole at ({x}, {y})"
    image = Image.open(io.BytesIO(png))
    pieces = [p for [p], _, _ in seen]
    assert image.width >= max(p.shape[1] for p in pieces)  # full size, one frame per row
    assert image.height >= sum(p.shape[0] for p in pieces)
    assert image.height < sum(p.shape[0] for p in pieces) + 60 * (len(pieces) + 1)


def _assert_text_at_least_10_pt(demo):
    """Axis labels and tick labels of the panels shown are 10 pt or more at the static picture's own size."""
    for ax in demo.axes:
        texts = [t for t in (ax.xaxis.label, ax.yaxis.label, *ax.get_xticklabels(), *ax.get_yticklabels())
                 if t.get_text()]
        assert texts and min(t.get_fontsize() for t in texts) * demo.strip_scale >= 10, ax.get_title()


def test_frames_of_the_bound_explorer_show_the_bound_at_full_size():
    demo = built(*BOUND)
    assert demo.strip_axes() == [demo.axes[1]]
    seen, png = _frames_drawn(demo)
    _assert_text_at_least_10_pt(demo)
    assert len(seen) == 6
    image = Image.open(io.BytesIO(png))
    w, h = seen[0][0][0].shape[1], seen[0][0][0].shape[0]
    assert 2 * w <= image.width < 2 * w + 60 and 3 * h <= image.height < 3 * h + 200  # two frames a row


def test_small_multiples_places_the_panels_at_their_own_size_in_order():
    colours = [(200, 30, 30), (30, 160, 30), (30, 30, 200)]
    panels = [np.full((40 + 10 * i, 120, 3), c, np.uint8) for i, c in enumerate(colours)]
    image = np.asarray(Image.open(io.BytesIO(small_multiples(panels, ["a", "b", "c"], "t", ncols=1, scale=1.0)))
                       .convert("RGB")).astype(int)
    tops = []
    for panel, colour in zip(panels, colours):
        rows, cols = np.nonzero(np.abs(image - colour).sum(axis=2) < 30)
        assert (rows.max() - rows.min() + 1, cols.max() - cols.min() + 1) == panel.shape[:2]
        tops.append(rows.min())
    assert tops == sorted(tops)  # one a row, in the frames' order
    for bad in (0, 1.5, -1):
        with pytest.raises(ValueError, match=r"scale must be in \(0, 1\]"):
            small_multiples(panels, ["a", "b", "c"], "t", scale=bad)


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
