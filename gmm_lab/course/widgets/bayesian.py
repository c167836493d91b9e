"""Notebook 16's live figure: the weight concentration prior α₀ switches components off (or on).

After scikit-learn's ``plot_concentration_prior`` example: for each prior on the weights, the
data (grey) with the ellipses and means of the fit's active components, and every component's
weight as a bar: scikit-learn's ``weights_``, the expected weights normalised to sum to 1 over
the K components (for the Dirichlet process, the stick's unbroken rest shared out in proportion,
so a bar is larger than the raw stick expectation E[π_k]).
"""

import numpy as np

from ..encoding import component_colors, component_markers, responsibility_paths
from ..plotting import plot_ellipses, update_ellipses
from .live import Demo, flat, slider

__all__ = ["ConcentrationExplorer", "KIND_NAMES"]

KIND_NAMES = {"dirichlet_distribution": "Dirichlet distribution", "dirichlet_process": "Dirichlet process"}
N_STD = (1,)  # the ellipses drawn: one standard deviation, as PRML Fig. 10.6


class ConcentrationExplorer(Demo):
    """Slide log₁₀ α₀: each prior's fit, its active components' ellipses, every (normalised) weight as a bar.

    Every fit is made before the figure is built; the slider only picks one per prior.
    A component is active when its weight exceeds `threshold`: its ellipses and
    mean are drawn; the others' are hidden (their bars stay, near 0).

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    fits : dict of {prior type: list of VariationalResult}
        For "dirichlet_distribution" and "dirichlet_process", one fit per value of `log10_alphas`.
    log10_alphas : array-like of float
        The slider's stops, evenly spaced.
    lim : (float, float)
        The limits of both data axes.
    threshold : float
        The weight above which a component counts as active (scikit-learn's example: 1%).
    xlabel, ylabel : str
    """

    title = "The weight prior switches components off"
    size = (11.5, 3.7)
    ncols = 4
    strip_panel = (0, 1, 2, 3)

    def __init__(self, X, fits, log10_alphas, *, lim=(-2.5, 2.5), threshold=0.01, xlabel="x₁", ylabel="x₂"):
        self.X = np.asarray(X, dtype=float)
        self.stops = np.round(np.asarray(log10_alphas, dtype=float), 6)
        if len(self.stops) < 2 or not np.allclose(np.diff(self.stops), self.stops[1] - self.stops[0]):
            raise ValueError(f"log10_alphas must be evenly spaced (the slider's stops); got {self.stops.tolist()}.")
        if set(fits) != set(KIND_NAMES) or any(len(fits[kind]) != len(self.stops) for kind in KIND_NAMES):
            raise ValueError(f"fits must map {', '.join(KIND_NAMES)} each to one fit per value of log10_alphas "
                             f"({len(self.stops)}).")
        self.fits = {kind: list(fits[kind]) for kind in KIND_NAMES}
        self.k = len(self.fits["dirichlet_process"][0].weights)
        self.lim, self.threshold, self.labels = tuple(lim), float(threshold), (xlabel, ylabel)
        super().__init__()

    def _controls(self):
        step = float(self.stops[1] - self.stops[0])
        return {"log10_alpha": slider("log₁₀ α₀", float(self.stops[0]), float(self.stops[0]), float(self.stops[-1]),
                                      step, readout_format=".1f", width="420px")}

    def _build(self):
        self.axes[0].get_subplotspec().get_gridspec().set_width_ratios([1.35, 1, 1.35, 1])
        self.colors, self.markers = component_colors(self.k), component_markers(self.k)  # markers: what the paths are
        self.ellipses, self.mean_marks, self.bars, self.bar_marks = {}, {}, {}, {}
        for i, kind in enumerate(KIND_NAMES):
            ax, bax = self.axes[2 * i], self.axes[2 * i + 1]
            first = self.fits[kind][0]
            ax.scatter(*self.X.T, s=7, color="0.6", edgecolors="none")  # the data, in the background
            self.ellipses[kind] = plot_ellipses(first.means, first.covariances, ax=ax, n_std=N_STD,
                                                colors=self.colors, lw=1.8)
            # each component's mean in its colour and marker shape (one collection; an inactive one has size 0)
            self.mean_marks[kind] = ax.scatter(*first.means.T, s=70, c=self.colors, edgecolors="black",
                                               linewidths=1.0, zorder=5)
            self.mean_marks[kind].set_paths(responsibility_paths(np.eye(self.k)))
            ax.set(xlim=self.lim, ylim=self.lim, aspect="equal", xlabel=self.labels[0], ylabel=self.labels[1],
                   title=KIND_NAMES[kind])
            js = np.arange(1, self.k + 1)
            self.bars[kind] = list(bax.bar(js, first.weights, color=self.colors, edgecolor="black", lw=0.8))
            self.bar_marks[kind] = bax.scatter(js, first.weights, s=45, c=self.colors, edgecolors="black",
                                               linewidths=0.8, zorder=5, clip_on=False)  # on each bar's top
            self.bar_marks[kind].set_paths(responsibility_paths(np.eye(self.k)))
            bax.axhline(self.threshold, color="0.35", lw=1.0, ls=":")
            bax.set(xlim=(0.4, self.k + 0.6), ylim=(0, 1.05), xticks=js, xlabel="component",
                    ylabel=f"weight, normalised over\nthe K = {self.k} components")
            bax.set_title(f"weights (dotted: {self.threshold:.0%})", fontsize=10)

    def dynamic(self):
        out = []
        for kind in KIND_NAMES:
            out += [*flat(self.ellipses[kind]), self.mean_marks[kind], *self.bars[kind],
                    self.bar_marks[kind]]
        return out

    def frames(self):
        picks = [self.stops[0], self.stops[-1]]  # the two ends of the slider
        return [(f"α₀ = {10.0**v:g}", {"log10_alpha": float(v)}) for v in picks]

    def fit_at(self, kind, log10_alpha):
        """The fit of prior `kind` at the slider's value."""
        return self.fits[kind][int(np.argmin(np.abs(self.stops - log10_alpha)))]

    def _draw(self, log10_alpha):
        said = []
        for kind in KIND_NAMES:
            fit = self.fit_at(kind, log10_alpha)
            active = fit.weights > self.threshold
            update_ellipses(self.ellipses[kind], fit.means, fit.covariances, n_std=N_STD)
            for j in range(self.k):
                for e in self.ellipses[kind][j]:
                    e.set_visible(bool(active[j]))
                self.bars[kind][j].set_height(fit.weights[j])
            self.mean_marks[kind].set_offsets(fit.means)
            self.mean_marks[kind].set_sizes(np.where(active, 70.0, 0.0))
            self.bar_marks[kind].set_offsets(np.column_stack([np.arange(1, self.k + 1), fit.weights]))
            weights = ", ".join(f"{w:.3f}" for w in fit.weights)
            said.append(f"{KIND_NAMES[kind]}: {int(active.sum())} active (weights {weights})")
        return f"<b>α₀ = {10.0**log10_alpha:g}</b>. " + "; ".join(said) + "."
