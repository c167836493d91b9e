"""Notebook 12's live figure: PRML Fig. 9.8 made to move (EM on standardised Old Faithful)."""

import numpy as np
from matplotlib.ticker import MaxNLocator

from ..plotting import (
    GREY,
    PALETTE,
    add_responsibility_key,
    component_colors,
    plot_ellipses,
    plot_means,
    update_responsibilities,
    update_ellipses,
)
from .live import Demo, flat, slider

__all__ = ["Fig98Explorer", "FIG98_PANELS"]

# PRML Fig. 9.8's six panels as half-steps: the start, the first E-step, then the
# parameters after L = 1, 2, 5 and 20 complete iterations (half-step 2L).
FIG98_PANELS = (("(a) start", 0), ("(b) first E-step", 1), ("(c) L = 1", 2), ("(d) L = 2", 4),
                ("(e) L = 5", 10), ("(f) L = 20", 40))
# the responsibility key: top left, where Old Faithful has no eruptions (tests/test_widgets_realdata.py
# checks that no point, mean or ellipse of the run comes under it at any half-step)
KEY_BOX, KEY_ROOM = (0.03, 0.85, 0.37, 0.08), 0.25
GAP_FLOOR = 1e-10  # gaps below this are rounding: drawn on the floor of the log axis


class Fig98Explorer(Demo):
    """One EM run, half-step by half-step, drawn as PRML Fig. 9.8 (1-sigma ellipses, coloured points).

    Left: the points coloured by the responsibilities in play, each component's
    one-standard-deviation ellipse and mean, and the book's panel name where there is one.
    Right: how far the log-likelihood still is below its value at the end of the run, on
    a log scale (a ring at the current parameters). Nothing is fitted here.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    run : EMResult
        A run of ``run_em`` on `X` with its full history (e.g. ``max_iter=20, tol=None``).
    lim : (float, float)
        The limits of both axes (the book's figure is square).
    xlabel, ylabel : str
    """

    title = "EM on Old Faithful, as in PRML Fig. 9.8"
    size = (10.0, 4.4)
    strip_panel = (0, 1)  # the static picture: both panels, the gap curve and its ring included

    def __init__(self, X, run, *, lim=(-2.5, 2.5), xlabel="x₁", ylabel="x₂"):
        self.X = np.asarray(X, dtype=float)
        if len(run.history) != run.n_iter + 1:
            raise ValueError("run needs its full history: run run_em with keep_history=True.")
        self.run = run
        self.lim = tuple(lim)
        self.labels = (xlabel, ylabel)
        ll = run.log_likelihoods
        self.gap = ll[-1] - ll  # >= 0 up to rounding: EM never decreases the log-likelihood
        super().__init__()
        self.add_step_buttons("step")

    def _controls(self):
        return {"step": slider("half-step", 0, 0, self.run.n_half_steps, 1, integer=True)}

    def _build(self):
        ax, gax = self.axes
        start = self.run.history[0]
        k = len(start.weights)
        self.colors = component_colors(k)
        self.points = ax.scatter(self.X[:, 0], self.X[:, 1], s=10, edgecolors="none")
        self.ellipses = plot_ellipses(start.means, start.covariances, ax=ax, n_std=(1,), colors=self.colors, lw=2.2)
        self.mean_marks = plot_means(start.means, ax=ax, colors=self.colors, s=90)
        # a strip of room at the top for the key, above every point, mean and ellipse of the run
        ax.set(xlim=self.lim, ylim=(self.lim[0], self.lim[1] + KEY_ROOM), aspect="equal", xlabel=self.labels[0],
               ylabel=self.labels[1], title="standardised data, 1σ ellipses")
        self.key = add_responsibility_key(ax, k, self.colors, loc=KEY_BOX)
        # the book's panel name, bottom right: the corner no eruption reaches, away from the key
        self.panel_name = ax.text(0.97, 0.04, "", transform=ax.transAxes, va="bottom", ha="right", fontsize=11,
                                  weight="bold")
        its = np.arange(self.run.n_iter + 1)
        gax.semilogy(its, np.maximum(self.gap, GAP_FLOOR), "o-", color=PALETTE[0], ms=3.5, lw=1.5)
        (self.gap_mark,) = gax.plot([0], [max(self.gap[0], GAP_FLOOR)], "o", ms=11, mfc="none",
                                    mec=PALETTE[5], mew=2.2)
        gax.set(xlim=(-0.5, self.run.n_iter + 0.5), ylim=(GAP_FLOOR / 3, 3 * max(self.gap.max(), 1.0)),
                xlabel="iteration (0 = start)", ylabel="ℓ(end) − ℓ(t)")
        gax.xaxis.set_major_locator(MaxNLocator(integer=True))  # iterations are whole numbers
        gax.set_title(f"how far below its final value ({self.run.log_likelihood:.2f}) ℓ is", fontsize=10)
        gax.axhline(GAP_FLOOR, color=GREY, lw=0.8, ls=":")
        gax.text(0.97, 0.96, f"dotted: the floor,\ngaps below {GAP_FLOOR:g}\nare rounding", transform=gax.transAxes,
                 ha="right", va="top", fontsize=9, color="0.35")  # top right: the curve falls away from it

    def dynamic(self):
        return [self.points, *flat(self.ellipses), self.mean_marks, self.panel_name, self.gap_mark]

    def frames(self):
        """Iterations 2 and 3, half-step by half-step: colours, then ellipses, in turn.

        (The notebook shows the book's six panels as a figure of their own.)
        """
        steps = range(3, min(6, self.run.n_half_steps) + 1)
        return [(f"iteration {(s + 1) // 2}, {'E' if s % 2 else 'M'}-step", {"step": s}) for s in steps]

    def _draw(self, step):
        h = self.run.half_step(step)
        r = h.responsibilities
        update_responsibilities(self.points, r, self.colors)
        update_ellipses(self.ellipses, h.state.means, h.state.covariances, n_std=(1,))
        self.mean_marks.set_offsets(h.state.means)
        name = next((n for n, s in FIG98_PANELS if s == step), "")
        self.panel_name.set_text(name)
        t = h.parameters_after
        self.gap_mark.set_data([t], [max(self.gap[t], GAP_FLOOR)])
        what = {"start": "start", "E": f"iteration {h.iteration}, E-step",
                "M": f"iteration {h.iteration}, M-step (L = {h.iteration})"}[h.kind]
        weights = ", ".join(f"{w:.3f}" for w in h.state.weights)
        book = f" — PRML Fig. 9.8 {name.split()[0]}" if name else ""
        return (f"<b>{what}</b>{book}. Weights {weights}; log-likelihood {h.state.log_likelihood:.2f}, "
                f"{self.gap[t]:.3g} below the run's end.")
