"""Notebook 03's live figure: responsibilities as Bayes' rule, with a movable component and probe."""

import numpy as np

from ...em import e_step
from ...gaussian import log_gaussian_pdf
from ..plotting import (
    add_responsibility_key,
    free_corner,
    component_colors,
    plot_ellipses,
    plot_means,
    update_responsibilities,
    update_ellipses,
)
from .live import Demo, flat, slider

__all__ = ["EStepExplorer"]

CERTAIN = 0.9  # "certain": largest responsibility at least this (the status line counts the others)


class EStepExplorer(Demo):
    """Move component 2 and a probe point; responsibilities recolour every point.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    means : array-like of shape (n_components, 2)
        Component 2 (``means[1]``) starts here and follows the sliders.
    covariances : array-like of shape (n_components, 2, 2)
    weights : array-like of shape (n_components,)
    lim : (float, float)
        Both axes' limits.
    reach : (float, float)
        The range of every slider: inside `lim`, so that component 2 and the probe stay in view.
    """

    title = "E-step: responsibilities as Bayes' rule"
    size = (9.5, 4.3)

    def __init__(self, X, means, covariances, weights, lim=(-4.0, 11.0), reach=(-3.0, 7.0)):
        self.X = np.asarray(X, dtype=float)
        self.means0 = np.array(means, dtype=float)
        self.covs = np.array(covariances, dtype=float)
        self.weights = np.array(weights, dtype=float)
        self.lim, self.reach = tuple(lim), tuple(reach)
        super().__init__()

    def _controls(self):
        m, (lo, hi) = self.means0[1], self.reach
        return {
            "mu2_x": slider("comp. 2 mean, x₁", float(m[0]), lo, hi, 0.1),
            "mu2_y": slider("comp. 2 mean, x₂", float(m[1]), lo, hi, 0.1),
            "probe_x": slider("probe, x₁", 2.0, lo, hi, 0.1),
            "probe_y": slider("probe, x₂", 2.0, lo, hi, 0.1),
        }

    def _build(self):
        ax, bax = self.axes
        k = len(self.weights)
        self.colors = component_colors(k)
        self.points = ax.scatter(self.X[:, 0], self.X[:, 1], s=10, edgecolors="none")
        self.ellipses = plot_ellipses(self.means0, self.covs, ax=ax, n_std=(1, 2))
        self.mean_marks = plot_means(self.means0, ax=ax)
        self.probe = ax.plot([], [], "*", ms=18, mfc="white", mec="black", mew=1.5, zorder=6)[0]
        ax.set(xlim=self.lim, ylim=self.lim, aspect="equal", xlabel="x₁", ylabel="x₂",
               title="points coloured by responsibility")
        add_responsibility_key(ax, k, self.colors, loc=free_corner(ax, k, self.X))  # a corner with no point
        x = np.arange(k)
        self.resp_bars = bax.bar(x, np.zeros(k), width=0.6, color=self.colors)
        self.log_text = [bax.text(j, 0.0, "", ha="center", va="bottom", fontsize=9) for j in x]
        bax.set(ylim=(0, 1.18), xticks=x, xticklabels=[f"component {j + 1}" for j in x],
                ylabel="responsibility r_j(probe)",
                title="the probe (star): r_j, and a_j = log π_j N_j above each bar")
        bax.title.set_fontsize(10)

    def dynamic(self):
        return [self.points, *flat(self.ellipses), self.mean_marks, self.probe, *self.resp_bars, *self.log_text]

    def frames(self):
        x, y = self.means0[1]
        return [(f"comp. 2 mean ({a:g}, {b:g})", {"mu2_x": a, "mu2_y": b})
                for a, b in ((float(x), float(y)), (6.0, -2.0), (1.0, 1.0))]

    def _draw(self, mu2_x, mu2_y, probe_x, probe_y):
        means = self.means0.copy()
        means[1] = (mu2_x, mu2_y)
        resp = e_step(self.X, means, self.covs, self.weights)
        update_responsibilities(self.points, resp, self.colors)
        update_ellipses(self.ellipses, means, self.covs, n_std=(1, 2))
        self.mean_marks.set_offsets(means)
        probe = np.array([[probe_x, probe_y]])
        self.probe.set_data([probe_x], [probe_y])
        r = e_step(probe, means, self.covs, self.weights)[0]
        a = [np.log(w) + log_gaussian_pdf(probe, m, c)[0] for m, c, w in zip(means, self.covs, self.weights)]
        for bar, text, rj, aj in zip(self.resp_bars, self.log_text, r, a):
            bar.set_height(rj)
            text.set_y(rj + 0.02)
            text.set_text(f"a = {aj:.2f}")
        unsure = np.mean(resp.max(axis=1) < CERTAIN)
        return (f"probe r = [{', '.join(f'{v:.3f}' for v in r)}]; {unsure:.0%} of the points have "
                f"a largest responsibility below {CERTAIN}")
