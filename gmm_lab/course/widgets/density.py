"""Notebook 13's live figure: a mixture as a density estimator, for each number of components K."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize

from ...em import log_mixture_pdf
from ...practice.selection import per_point_scores
from ...sampling import sample_gmm
from ..plotting import PALETTE, legend_above
from .live import Demo, slider

__all__ = ["DensityExplorer"]

LOG_DENSITY_RANGE = (-6.0, 2.0)  # the colour scale of the image: below -6 is "nothing here"
LOG_DENSITY_LEVELS = 16  # bands of half a nat: easier to read than a gradient, and a PNG a third the size


class DensityExplorer(Demo):
    """Slide the number of components: the fitted log-density, samples from it, and how each K scores.

    Left: the log-density of the K-component fit as an image, the data (black) and new
    points sampled from the fit (white rings). Right: per point, the training and held-out
    log-likelihood and the two criteria against K (``per_point_scores``), with a line at K.
    Every image, sample and score is computed when the figure is built.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    fits : dict of {K: EMResult}
        One fit per K, consecutive integers (the slider's values).
    held_out : array-like of shape (n_held_out, 2)
    xlim, ylim : (float, float)
        The window of the image.
    n_samples : int
        How many new points to draw from each fit (``sample_gmm``, `random_state`).
    """

    title = "A mixture as a density estimator"
    size = (10.5, 4.1)
    strip_panel = (0, 1)  # the static picture: both panels, the four curves included

    def __init__(self, X, fits, *, held_out, xlim, ylim, n_samples=200, random_state=0, num=(90, 150)):
        self.X = np.asarray(X, dtype=float)
        self.Ks = np.array(sorted(fits))
        if len(self.Ks) == 0 or np.any(np.diff(self.Ks) != 1):
            raise ValueError(f"fits must hold one fit per K for consecutive K (e.g. 1..20); got K = {self.Ks.tolist()}.")
        self.fits = {int(K): fits[K] for K in self.Ks}
        self.extent = (*xlim, *ylim)
        self.xs, self.ys = np.linspace(*xlim, num[1]), np.linspace(*ylim, num[0])
        grid = np.column_stack([a.ravel() for a in np.meshgrid(self.xs, self.ys)])
        self.log_density = {K: log_mixture_pdf(grid, f.means, f.covariances, f.weights,
                                               covariance_type=f.covariance_type).reshape(num)
                            for K, f in self.fits.items()}
        self.samples = {K: sample_gmm(n_samples, f.means, f.covariances, f.weights, random_state=random_state,
                                      covariance_type=f.covariance_type)[0] for K, f in self.fits.items()}
        self.scores = per_point_scores(self.X, self.fits, held_out)
        self.best = {name: int(self.Ks[np.argmax(v)]) for name, v in self.scores.items() if name != "train"}
        super().__init__()

    def _controls(self):
        start = self.best["bic"]
        return {"K": slider("components K", start, int(self.Ks[0]), int(self.Ks[-1]), 1, integer=True)}

    def _build(self):
        ax, sax = self.axes
        cmap, norm = plt.get_cmap("viridis", LOG_DENSITY_LEVELS), Normalize(*LOG_DENSITY_RANGE)
        # coloured once, here: a slider move then only swaps in the RGBA image of its K
        self.colours = {K: cmap(norm(v), bytes=True) for K, v in self.log_density.items()}
        self.image = ax.imshow(self.colours[int(self.Ks[0])], origin="lower", extent=self.extent,
                               aspect="equal", interpolation="nearest")
        self.fig.colorbar(ScalarMappable(norm, cmap), ax=ax, shrink=0.8, label="log density")
        self.data_marks = ax.scatter(self.X[:, 0], self.X[:, 1], s=5, c="black", edgecolors="none")
        self.sample_marks = ax.scatter(*self.samples[int(self.Ks[0])].T, s=16, facecolors="none",
                                       edgecolors="white", linewidths=0.9)
        ax.set(xlim=self.extent[:2], ylim=self.extent[2:], xlabel="x₁", ylabel="x₂",
               title="log-density of the fit: data •, samples from it ○")
        # a line style and marker each, besides the colour (identity never rests on hue alone)
        styles = {"train": ("training data", "0.45", "--", "o"), "held_out": ("held-out data", PALETTE[0], "-", "o"),
                  "aic": ("−AIC / 2n", PALETTE[2], "-.", "s"), "bic": ("−BIC / 2n", PALETTE[1], ":", "^")}
        for name, (label, color, ls, marker) in styles.items():
            sax.plot(self.Ks, self.scores[name], ls=ls, color=color, marker=marker, ms=3.5, lw=1.5, label=label)
            if name in self.best:
                K = self.best[name]
                sax.plot([K], [self.scores[name][K - self.Ks[0]]], "*", color=color, ms=13, mec="black", mew=0.6)
        lo = min(v.min() for v in self.scores.values())
        hi = max(v.max() for v in self.scores.values())
        pad = 0.06 * (hi - lo)
        self.ylim = (lo - pad, hi + pad)
        (self.K_line,) = sax.plot([], [], color="black", lw=1.2)
        sax.set(xlim=(self.Ks[0] - 0.5, self.Ks[-1] + 0.5), ylim=self.ylim, xlabel="number of components K",
                ylabel="nats per point\n(higher is better)")
        sax.set_title("log-likelihood per point, and the criteria (★ best)", fontsize=10)
        sax.xaxis.get_major_locator().set_params(integer=True)
        legend_above(sax)  # inside, at the static picture's smaller size, every corner holds a curve

    def dynamic(self):
        # the data are redrawn over each new image, which would otherwise hide them
        return [self.image, self.data_marks, self.sample_marks, self.K_line]

    def frames(self):
        picks = {1, 2, self.best["bic"], self.best["held_out"]}
        return [(f"K = {K}", {"K": K}) for K in sorted(k for k in picks if k in self.fits)]

    def _draw(self, K):
        self.image.set_data(self.colours[K])
        self.sample_marks.set_offsets(self.samples[K])
        self.K_line.set_data([K, K], self.ylim)
        i = K - int(self.Ks[0])
        s = self.scores
        marks = [name for name, best in (("BIC", self.best["bic"]), ("AIC", self.best["aic"]),
                                         ("held-out", self.best["held_out"])) if best == K]
        note = f" — the best K for {', '.join(marks)}" if marks else ""
        return (f"<b>K = {K}</b>{note}: log-likelihood per point {s['train'][i]:.3f} on the training data, "
                f"{s['held_out'][i]:.3f} on held-out data; −BIC/2n {s['bic'][i]:.3f}, −AIC/2n {s['aic'][i]:.3f}.")
