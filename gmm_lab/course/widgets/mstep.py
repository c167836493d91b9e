"""Notebook 04's live figure: the M-step from soft to hard responsibilities (a temperature)."""

import numpy as np

from ...clustering import temper
from ...em import m_step
from ..plotting import (
    add_responsibility_key,
    component_colors,
    plot_ellipses,
    plot_means,
    update_responsibilities,
    update_ellipses,
)
from .live import Demo, flat, slider

__all__ = ["MStepExplorer", "HARD"]

HARD = 0.999  # a point is hard-assigned when its largest responsibility exceeds this


class MStepExplorer(Demo):
    """Temper the responsibilities (``gmm_lab.temper``) and watch the M-step's estimates move.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    responsibilities : array-like of shape (n_samples, n_components)
        The T = 1 responsibilities.
    lim : (float, float)
        Both axes' limits.
    """

    title = "M-step: soft versus hard responsibilities"
    size = (9.5, 4.3)

    def __init__(self, X, responsibilities, lim=(-4.0, 8.0)):
        self.X = np.asarray(X, dtype=float)
        self.resp = np.asarray(responsibilities, dtype=float)
        self.lim = tuple(lim)
        super().__init__()

    def _controls(self):
        return {"log2_T": slider("log₂ temperature", 0.0, -6, 3, 0.25)}

    def _build(self):
        ax, bax = self.axes
        k = self.resp.shape[1]
        self.colors = component_colors(k)
        w1, m1, c1 = m_step(self.X, self.resp)
        self.reference = plot_ellipses(m1, c1, ax=ax, n_std=(2,), ls=":", lw=1.3)
        self.points = ax.scatter(self.X[:, 0], self.X[:, 1], s=10, edgecolors="none")
        self.ellipses = plot_ellipses(m1, c1, ax=ax, n_std=(1, 2))
        self.mean_marks = plot_means(m1, ax=ax)
        ax.set(xlim=self.lim, ylim=self.lim, aspect="equal", xlabel="x₁", ylabel="x₂",
               title="M-step from tempered r (dotted: T = 1)")
        add_responsibility_key(ax, k, self.colors, loc="lower right")
        self.wbars = bax.bar(np.arange(k), w1, color=self.colors)
        # N_j over each bar, on the white background (black on a dark bar is unreadable)
        self.nk_text = [bax.text(j, 0.0, "", ha="center", va="bottom", fontsize=9) for j in range(k)]
        bax.set(ylim=(0, 1), xticks=np.arange(k), xticklabels=[f"π{j + 1}" for j in range(k)],
                ylabel="mixing weight", title="weights π_j = N_j / n")

    def dynamic(self):
        return [self.points, *flat(self.ellipses), self.mean_marks, *self.wbars, *self.nk_text]

    def frames(self):
        return [(f"log₂ T = {v:g}", {"log2_T": v}) for v in (2.0, 0.0, -2.0, -6.0)]

    def _draw(self, log2_T):
        T = 2.0**log2_T
        r = temper(self.resp, T)
        w, m, c = m_step(self.X, r)
        update_responsibilities(self.points, r, self.colors)
        update_ellipses(self.ellipses, m, c, n_std=(1, 2))
        self.mean_marks.set_offsets(m)
        for bar, t, wj in zip(self.wbars, self.nk_text, w):
            bar.set_height(wj)
            t.set_y(wj + 0.015)
            t.set_text(f"N = {wj * len(self.X):.1f}")
        hard = np.mean(r.max(axis=1) > HARD)
        return (f"T = {T:.3g}: {hard:.1%} of points are hard-assigned (largest r > {HARD}); "
                f"weights {np.round(w, 3).tolist()}")
