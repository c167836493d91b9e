"""EM's half-steps as controls: the step buttons, the static picture's frames, room for the ring.

What the half-step explorers (notebooks 05, 07 and 12) share beside ``Demo``: buttons
that walk a half-step slider, the frames a static picture shows (each half-step of the
first iteration, so that a reader sees what an E-step and an M-step each change), and
axis limits that leave room for a marker at either end of a curve.
"""

import ipywidgets as W
import numpy as np

__all__ = ["StepButtons", "half_step_frames", "ring_radius", "limits_with_room", "ring_room"]


class StepButtons:
    """"◀ back" and "E-step ▶"/"M-step ▶" buttons that walk an integer half-step slider.

    Half-step 0 is the start; odd half-steps are E-steps, even ones M-steps, so the
    forward button always names what its next click does. The buttons only move the
    slider: the demo redraws as for a drag. ``attach`` points them at a new slider (a
    demo whose slider range changes replaces the slider: see ``Demo.replace_control``).
    """

    def __init__(self, step_slider):
        self.slider = None
        self.back = W.Button(description="◀ back", layout=W.Layout(width="90px"))
        self.forward = W.Button(description="E-step ▶", layout=W.Layout(width="110px"), button_style="info")
        self.back.on_click(lambda _: self.nudge(-1))
        self.forward.on_click(lambda _: self.nudge(+1))
        self.box = W.HBox([self.back, self.forward])
        self.attach(step_slider)

    def attach(self, step_slider):
        """Walk `step_slider` from now on (and no longer the slider walked before)."""
        if self.slider is not None:
            self.slider.unobserve(self._on_slider, names=["value", "max"])
        self.slider = step_slider
        step_slider.observe(self._on_slider, names=["value", "max"])
        self.sync()

    def _on_slider(self, _):
        self.sync()

    def nudge(self, delta):
        self.slider.value = int(np.clip(self.slider.value + delta, 0, self.slider.max))

    def sync(self):
        s = self.slider.value
        self.forward.description = "E-step ▶" if s % 2 == 0 else "M-step ▶"
        self.back.disabled = s == 0
        self.forward.disabled = s >= self.slider.max


def half_step_frames(n_iter, iterations=(5,)):
    """Frames for a half-step slider: the start, the E-step and the M-step of iteration 1, later iterations, the end.

    The first iteration half-step by half-step shows what each half-step changes (an
    E-step the colours, an M-step the parameters); then the state after each of
    `iterations` within the run, and after its last iteration.

    >>> [label for label, _ in half_step_frames(28)]
    ['start', 'iteration 1, E-step', 'iteration 1, M-step', 'after iteration 5', 'end: after iteration 28']
    >>> [values["step"] for _, values in half_step_frames(3)]
    [0, 1, 2, 6]
    """
    if isinstance(n_iter, bool) or not isinstance(n_iter, (int, np.integer)) or n_iter < 0:
        raise ValueError(f"n_iter must be a whole number of iterations, 0 or more (EMResult.n_iter); got {n_iter!r}.")
    frames = [("start", {"step": 0})]
    if n_iter >= 1:
        frames += [("iteration 1, E-step", {"step": 1}), ("iteration 1, M-step", {"step": 2})]
    for t in sorted({t for t in iterations if 1 < t < n_iter}):
        frames.append((f"after iteration {t}", {"step": 2 * t}))
    if n_iter > 1:
        frames.append((f"end: after iteration {n_iter}", {"step": 2 * n_iter}))
    return frames


def ring_radius(marker):
    """The radius in pixels of a line's marker (a ring), its edge included."""
    points = (marker.get_markersize() + marker.get_markeredgewidth()) / 2
    return points * marker.figure.dpi / 72


def limits_with_room(ax, lo, hi, pixels, axis="x"):
    """Limits for `axis` of `ax` that show lo..hi with `pixels` to spare beyond each end.

    In the axis' own scale (linear, or the symlog of a long run), so that a ring of radius
    `pixels` drawn at lo or at hi is not clipped. Needs the axes' final position (a
    figure whose layout is done, e.g. frozen by ``LiveFigure.freeze_layout``).
    """
    scale = (ax.xaxis if axis == "x" else ax.yaxis).get_transform()
    box = ax.get_window_extent()
    size = box.width if axis == "x" else box.height
    share = pixels / size
    if not 0 <= share < 0.5:
        raise ValueError(f"{pixels} pixels at each end do not fit an axis {size:.0f} pixels long.")
    a, b = scale.transform(np.array([[lo], [hi]], dtype=float)).ravel()
    span = (b - a) / (1 - 2 * share) if b > a else 1.0
    low, high = scale.inverted().transform(np.array([[a - share * span], [b + share * span]])).ravel()
    return float(low), float(high)


def ring_room(ax, ring, n_iter, values):
    """Limits for `ax`, a curve of `values` over iterations 0..`n_iter`, that keep `ring` (a
    marker on the curve) whole at either end, on the axis' own scale; for the axes' size now."""
    room = ring_radius(ring) + 3
    ax.set_xlim(*limits_with_room(ax, 0, n_iter, room))
    ax.set_ylim(*limits_with_room(ax, np.min(values), np.max(values), room, "y"))
