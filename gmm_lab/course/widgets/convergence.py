"""Notebook 05's live figure: EM, half-step by half-step, over precomputed runs."""

import ipywidgets as W
import numpy as np

from ...practice.restarts import Restarts
from ..plotting import (
    add_responsibility_key,
    component_colors,
    plot_ellipses,
    plot_log_likelihood,
    plot_means,
    update_responsibilities,
    update_ellipses,
)
from .live import Demo, flat, slider
from .steps import half_step_frames, ring_room

__all__ = ["EMExplorer"]

WHAT = {
    "start": "start: the initial parameters, no responsibilities yet",
    "E": "iteration {t}, E-step: new responsibilities from the current parameters",
    "M": "iteration {t}, M-step: new parameters from those responsibilities",
}


class EMExplorer(Demo):
    """Walk EM runs half-step by half-step (a slider and buttons); pick the run by its start.

    Nothing is fitted here: the runs come in, and a slider move only indexes their
    history (``EMResult.half_step``).

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    runs : Restarts or dict of {label: EMResult}
        The runs to show, e.g. ``gmm_lab.run_restarts(X, 2, range(8))``; the dropdown
        lists their labels (the seeds). Each needs its full history.
    xlabel, ylabel : str
    title : str, optional
        The figure's name (on screen reader and static picture); default "EM, step by step,
        K = k", so that two explorers in one notebook are told apart.
    """

    title = "EM, step by step"
    size = (10.0, 4.3)
    strip_panel = (0, 1)  # the static picture: both panels, the curve and its ring included

    def __init__(self, X, runs, *, xlabel="x₁", ylabel="x₂", title=None):
        self.X = np.asarray(X, dtype=float)
        self.runs = dict(runs.runs if isinstance(runs, Restarts) else runs)
        if not self.runs:
            raise ValueError("runs is empty: pass at least one EMResult, e.g. gmm_lab.run_restarts(X, 2, range(8)).")
        self.k = len(next(iter(self.runs.values())).weights)
        self.title = title or f"{type(self).title}, K = {self.k}"
        self.labels = (xlabel, ylabel)
        self._shown = None
        super().__init__()
        self.add_step_buttons("step")

    @property
    def run(self):
        """The run on show."""
        return self.runs[self.controls["run"].value]

    def _controls(self):
        first = next(iter(self.runs))
        return {
            "run": W.Dropdown(options=list(self.runs), value=first, description="start (seed)",
                              style={"description_width": "initial"}, layout=W.Layout(width="180px")),
            "step": self._step_slider(self.runs[first]),
        }

    def _step_slider(self, run):
        # as long as the figure beside the dropdown allows: runs have up to hundreds of half-steps
        width = int(self.size[0] * 100) - 200
        return slider(f"half-step (K = {self.k})", 0, 0, run.n_half_steps, 1, integer=True, width=f"{width}px")

    def _on_change(self, change):
        if self._quiet:
            return
        if change["owner"] is self.controls["run"]:
            # a new run opens at its start, on a new slider over its own half-steps (a slider's
            # view keeps its first range for the End key: see Demo.replace_control)
            self.replace_control("step", self._step_slider(self.run))
        self.update()

    def _build(self):
        ax, lax = self.axes
        self.colors = component_colors(self.k)
        first = next(iter(self.runs.values())).history[0]
        self.points = ax.scatter(self.X[:, 0], self.X[:, 1], s=10, edgecolors="none")
        self.ellipses = plot_ellipses(first.means, first.covariances, ax=ax, n_std=(1, 2),
                                      covariance_type=next(iter(self.runs.values())).covariance_type)
        self.mean_marks = plot_means(first.means, ax=ax)
        pad = 0.08 * (self.X.max(0) - self.X.min(0))
        ax.set(xlim=(self.X[:, 0].min() - pad[0], self.X[:, 0].max() + pad[0]),
               ylim=(self.X[:, 1].min() - pad[1], self.X[:, 1].max() + pad[1]),
               xlabel=self.labels[0], ylabel=self.labels[1], title="points coloured by responsibility")
        add_responsibility_key(ax, self.k, self.colors, loc="lower right")
        self.ll_line, self.ll_mark = plot_log_likelihood([first.log_likelihood], ax=lax)
        lax.set_title("log-likelihood never decreases (ring: current parameters)")
        lax.title.set_fontsize(9)

    def dynamic(self):
        return [self.points, *flat(self.ellipses), self.mean_marks, self.ll_line, self.ll_mark]

    def frames(self):
        seed = self.controls["run"].value
        frames = half_step_frames(self.run.n_iter)  # the seed said once, with the start
        return [(f"{label} (seed {seed})" if i == 0 else label, values) for i, (label, values) in enumerate(frames)]

    def _show_curve(self, run):
        """A new run: its whole curve and axis limits, so a new cached background."""
        ll = run.log_likelihoods
        self.ll_line.set_data(np.arange(len(ll)), ll)
        lax = self.axes[1]
        n = run.n_iter
        if n > 60:  # a long run: stretch the early iterations, where the change is
            lax.set_xscale("symlog", linthresh=10, linscale=1.0)
            lax.set_xlabel("iteration\n(log scale beyond 10)")
        else:
            lax.set_xscale("linear")
            lax.set_xlabel("iteration (0 = start)")
        self.fit_to_size(run)
        self.live.invalidate()

    def fit_to_size(self, run=None):
        run = self.runs[self._shown] if run is None else run
        ring_room(self.axes[1], self.ll_mark, run.n_iter, run.log_likelihoods)  # on any scale

    def _draw(self, run, step):
        result = self.runs[run]
        if run != self._shown:
            self._show_curve(result)
            self._shown = run
        h = result.half_step(min(step, result.n_half_steps))
        r = h.responsibilities
        update_responsibilities(self.points, r, self.colors)
        update_ellipses(self.ellipses, h.state.means, h.state.covariances, n_std=(1, 2),
                        covariance_type=result.covariance_type)
        self.mean_marks.set_offsets(h.state.means)
        self.ll_mark.set_data([h.parameters_after], [h.state.log_likelihood])
        # short enough for two lines of the fixed-height status box at the figure's width
        end = (f"the run converged after {result.n_iter} iterations at ℓ = {result.log_likelihood:.3f}"
               if result.converged else
               f"<b>stopped at max_iter={result.max_iter} without converging</b> "
               f"(last change {abs(np.diff(result.log_likelihoods[-2:]))[0]:.2g} &ge; tol={result.tol:g})")
        return (f"<b>{WHAT[h.kind].format(t=h.iteration)}</b>. Ring: after iteration "
                f"{h.parameters_after}, ℓ = {h.state.log_likelihood:.3f}; {end}.")
