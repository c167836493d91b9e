"""Notebook 11's live figure: one component shrinks onto one point, and the likelihood runs away."""

import numpy as np

from ...em import log_likelihood, log_mixture_pdf
from ...practice.prior import log_covariance_prior
from ..plotting import PALETTE
from .live import Demo, slider

__all__ = ["SpikeExplorer"]

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


class SpikeExplorer(Demo):
    """A 1-D mixture whose component `free` sits on a data point; the slider shrinks its σ.

    Left, the mixture density (log scale) on the data. Right, the log-likelihood ℓ against
    −log₁₀ σ (it climbs without bound), the MAP objective ℓ + log p(Σ) of the covariance
    prior (``gmm_lab.practice.prior``; it has a maximum), and the floor ``reg_covar`` puts on σ. Every
    position of the slider is computed when the figure is built.

    Parameters
    ----------
    x : array-like of shape (n_samples,)
    means, sigmas, weights : array-like of shape (n_components,)
        The mixture; ``sigmas[free]`` is replaced by the slider's value.
    free : int
    shrink : array-like
        The slider's values of −log₁₀ σ (evenly spaced).
    reg_covar : float
        Drawn as the floor σ >= √reg_covar.
    covariance_prior, prior_strength : float
        S₀ = s₀² and κ of the prior (as ``gmm_lab.run_em_map``).
    """

    title = "a component collapsing onto one point"
    size = (11.0, 4.3)
    strip_panel = (0, 1)

    def __init__(self, x, means, sigmas, weights, *, free=1, shrink=np.arange(0.0, 8.01, 0.25), reg_covar=1e-6,
                 covariance_prior=0.01, prior_strength=3.0, xlabel="x"):
        self.x = np.asarray(x, dtype=float).ravel()
        self.means = np.asarray(means, dtype=float)
        self.sigmas = np.asarray(sigmas, dtype=float)
        self.weights = np.asarray(weights, dtype=float)
        self.free, self.reg_covar, self.xlabel = free, reg_covar, xlabel
        self.shrink = np.asarray(shrink, dtype=float)
        self.prior = (covariance_prior, prior_strength)
        pad = 0.25 * np.ptp(self.x)
        base = np.linspace(self.x.min() - pad, self.x.max() + pad, 600)
        self.grids, self.densities, self.ll, self.objective = [], [], [], []
        for s in 10.0 ** -self.shrink:
            covs = self.covariances(s)
            grid = np.union1d(base, self.means[free] + s * np.linspace(-4, 4, 41))  # resolve the spike
            self.grids.append(grid)
            self.densities.append(np.exp(log_mixture_pdf(grid, self.means[:, None], covs, self.weights)))
            self.ll.append(log_likelihood(self.x, self.means[:, None], covs, self.weights))
            self.objective.append(self.ll[-1] + log_covariance_prior(covs, *self.prior))
        self.ll, self.objective = np.array(self.ll), np.array(self.objective)
        self.curve = np.linspace(self.shrink[0], self.shrink[-1], 161)  # the curves, finer than the slider
        self.curve_ll = np.array([log_likelihood(self.x, self.means[:, None], self.covariances(10.0 ** -v), self.weights)
                                  for v in self.curve])
        self.curve_objective = self.curve_ll + [log_covariance_prior(self.covariances(10.0 ** -v), *self.prior)
                                                for v in self.curve]
        self.sub = str(free + 1).translate(SUBSCRIPTS)
        super().__init__()

    def covariances(self, sigma):
        """The (k, 1, 1) covariances with component `free`'s σ set to `sigma`."""
        s = self.sigmas.copy()
        s[self.free] = sigma
        return (s**2)[:, None, None]

    def _controls(self):
        step = float(self.shrink[1] - self.shrink[0])
        return {"shrink": slider(f"−log₁₀ σ{self.sub}", float(self.shrink[0]), float(self.shrink[0]),
                                 float(self.shrink[-1]), step)}

    def _build(self):
        ax, lax = self.axes
        top = 10.0 ** np.ceil(np.log10(max(d.max() for d in self.densities)) + 0.5)
        ax.plot(self.x, np.full(len(self.x), 3e-4), "|", color="black", ms=12, label="data")
        (self.line,) = ax.plot(self.grids[0], self.densities[0], color=PALETTE[0], lw=1.8, label="mixture p(x)")
        ax.set(yscale="log", ylim=(1e-4, top), xlim=(self.grids[0][0], self.grids[0][-1]), xlabel=self.xlabel,
               ylabel="density (log scale)", title=f"the density: component {self.free + 1} on one point")
        ax.title.set_fontsize(11)
        ax.legend(loc="upper left", fontsize=9)
        lax.plot(self.curve, self.curve_ll, color="black", lw=2, label="log-likelihood ℓ")
        lax.plot(self.curve, self.curve_objective, color=PALETTE[2], lw=2, ls="--", label="ℓ + log prior (MAP)")
        best = int(np.argmax(self.curve_objective))
        lax.plot([self.curve[best]], [self.curve_objective[best]], "^", color=PALETTE[2], ms=9, label="its maximum")
        floor = -np.log10(np.sqrt(self.reg_covar))
        lax.axvline(floor, color=PALETTE[5], ls=":", lw=1.5, label=f"reg_covar={self.reg_covar:g}: σ ≥ {10**-floor:g}")
        (self.mark,) = lax.plot([], [], "o", ms=11, mfc="none", mec=PALETTE[5], mew=2.2)
        (self.map_mark,) = lax.plot([], [], "o", ms=11, mfc="none", mec=PALETTE[2], mew=2.2)
        span = self.ll.max() - self.ll.min()
        pad = 0.03 * (self.shrink[-1] - self.shrink[0])  # room for the ring at either end of the slider
        lax.set(xlim=(self.shrink[0] - pad, self.shrink[-1] + pad),
                ylim=(self.ll.min() - 0.6 * span, self.ll.max() + 0.1 * span),
                xlabel=f"−log₁₀ σ{self.sub}   (σ{self.sub} smaller to the right)", ylabel="total log-likelihood",
                title="ℓ grows without bound; the prior's objective does not")
        lax.title.set_fontsize(11)
        lax.legend(loc="lower right", fontsize=9)  # the MAP curve falls through the lower left

    def dynamic(self):
        return [self.line, self.mark, self.map_mark]

    def frames(self):
        return [(f"σ{self.sub} = {10 ** -v:g}", {"shrink": v}) for v in (0.0, 1.0, 6.0) if v <= self.shrink[-1]]

    def _draw(self, shrink):
        i = int(np.argmin(np.abs(self.shrink - shrink)))
        self.line.set_data(self.grids[i], self.densities[i])
        self.mark.set_data([self.shrink[i]], [self.ll[i]])
        self.map_mark.set_data([self.shrink[i]], [self.objective[i]])
        sigma = 10.0 ** -self.shrink[i]
        at = self.densities[i][np.searchsorted(self.grids[i], self.means[self.free])]  # the grid holds the point
        return (f"σ{self.sub} = {sigma:.3g}: density at the lone point {at:.3g}, "
                f"log-likelihood ℓ = {self.ll[i]:.2f}; with the prior, ℓ + log p = {self.objective[i]:.6g}")
