"""Every live figure of the course, built exactly as its notebook builds it.

This is the one list of the course's live figures: the widget tests, the browser
tests (which sliders, buttons and figures each notebook must show) and the slider
benchmark all read it, and ``tests/test_notebooks.py`` checks it against the figures
each executed notebook actually displays. Adding a live figure to a notebook is one
entry here.
"""

import functools
import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ...clustering import kmeans
from ...em import e_step, run_em
from ...practice.basins import em_paths
from ...practice.bernoulli import bernoulli_start, run_em_bernoulli
from ...practice.fixed_variance import fixed_variance_em
from ...practice.restarts import run_restarts
from ...practice.variational import run_variational
from ...results import CollapseWarning
from ...sampling import sample_gmm
from ..datasets import load_faithful, make_lone_point, make_three_blobs
from .bayesian import KIND_NAMES, ConcentrationExplorer
from .bernoulli import BernoulliEMExplorer
from .convergence import EMExplorer
from .convergence_1d import BoundExplorer, EM1DExplorer
from .covtypes import CovarianceTypesExplorer
from .density import DensityExplorer
from .estep import EStepExplorer
from .gaussian import Gaussian1D, Gaussian2D
from .general import DecompositionExplorer
from .kmeans import LloydExplorer, SmallVarianceExplorer
from .local_optima import BasinExplorer
from .mixtures import Mixture1D, Mixture2D
from .mstep import MStepExplorer
from .realdata import Fig98Explorer
from .singularity import SpikeExplorer

__all__ = ["Entry", "ENTRIES", "entries", "notebooks", "counts", "shown"]


@dataclass(frozen=True)
class Entry:
    """One live figure: the notebook that shows it, how it is built there, a change to test it with."""

    notebook: str
    cls: type
    build: Callable = field(repr=False)  # () -> Demo, with the notebook's arguments
    move: dict = field(default_factory=dict)  # control values that must change the figure
    name: str = ""  # the figure's title where the built one differs from the class's (a built title)
    # what it puts on screen, so that a browser test knows without building it (which takes seconds);
    # tests/test_widgets.py checks these against the built figure
    sliders: int = field(default=None, kw_only=True)
    buttons: int = field(default=0, kw_only=True)

    @property
    def title(self):
        return self.name or self.cls.title


def _three_blobs():
    X, _, truth = make_three_blobs()
    return X, truth


def _faithful_explorer(k, max_iter):
    X, _ = load_faithful()
    runs = run_restarts(X, k, range(8), max_iter=max_iter, tol=1e-6)
    return EMExplorer(X, runs, xlabel="eruption length (min)", ylabel="waiting time to next (min)")


def _eruptions_em():
    x = load_faithful()[0][:, 0]
    start = (np.array([[3.0], [3.6]]), np.array([[[1.0]], [[1.0]]]), np.array([0.5, 0.5]))
    return EM1DExplorer(x, run_em(x, *start, max_iter=500, tol=1e-6), xlabel="eruption length (min)")


def _eruptions_bound():
    x = load_faithful()[0][:, 0]
    return BoundExplorer(x, [3.9, 4.3], [0.4, 0.45], [0.35, 0.65], grid=np.linspace(1.2, 5.2, 161),
                         xlabel="eruption length (min)")


def _estep():
    X, t = _three_blobs()
    return EStepExplorer(X, t["means"], t["covariances"], t["weights"])


def _mstep():
    X, t = _three_blobs()
    return MStepExplorer(X, e_step(X, t["means"], t["covariances"], t["weights"]))


def _standardised_faithful():
    X, _ = load_faithful()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    start = np.array([[-1.75, 1.0], [1.75, -1.0]])
    return Z, start, kmeans(Z, start)


STANDARDISED = {"xlabel": "eruption (standardised)", "ylabel": "waiting (standardised)"}


def _lloyd():
    Z, _, run = _standardised_faithful()
    return LloydExplorer(Z, run, **STANDARDISED)


def _small_variance():
    Z, start, run = _standardised_faithful()
    log2_sigmas = np.arange(-4, 1.001, 0.125)
    fits = [fixed_variance_em(Z, start, (2.0**s) ** 2) for s in log2_sigmas]
    return SmallVarianceExplorer(Z, log2_sigmas, fits, run.centres, **STANDARDISED)


def _basins():
    x, _ = sample_gmm(150, [[-4.0], [0.0], [3.5]], [[[0.64]], [[0.36]], [[0.49]]], [0.35, 0.4, 0.25],
                      random_state=0)
    grid = np.linspace(-6, 6, 61)
    starts = [([[a], [b]], [[[1.0]], [[1.0]]], [0.5, 0.5]) for a in grid for b in grid]
    return BasinExplorer(x, grid, em_paths(x, starts, tol=1e-8, max_iter=1000), xlabel="x")


def _spike():
    x = make_lone_point()
    s0 = 0.1 * x.std()
    return SpikeExplorer(x, [0.0, 3.5], [1.0, 0.5], [0.9, 0.1], covariance_prior=s0**2, prior_strength=3.0)


def _fig98():
    X, _ = load_faithful()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    start = (np.array([[-1.75, 1.0], [1.75, -1.0]]), np.array([0.25 * np.eye(2)] * 2), np.array([0.5, 0.5]))
    return Fig98Explorer(Z, run_em(Z, *start, max_iter=20, tol=None), **STANDARDISED)


def _moons_density():
    from sklearn.datasets import (
        make_moons,  # scikit-learn is in the course set, not a gmm_lab dependency
    )

    X, _ = make_moons(200, noise=0.05, random_state=0)
    held_out, _ = make_moons(2000, noise=0.05, random_state=1)
    with warnings.catch_warnings():  # collapsed starts are skipped, as in the notebook
        warnings.simplefilter("ignore", CollapseWarning)
        fits = {K: run_restarts(X, K, range(3), method="k-means++", tol=1e-3, max_iter=500,
                                keep_history=False).best_uncollapsed for K in range(1, 21)}
    return DensityExplorer(X, fits, held_out=held_out, xlim=(-1.5, 2.5), ylim=(-1.0, 1.5))


@functools.cache  # the fits are frozen results: the tests build this figure ~8 times, EM runs once a process
def _bernoulli_run():
    from sklearn.datasets import load_digits

    digits, _ = load_digits(return_X_y=True)
    X = (digits >= 8).astype(float)  # on: at least half of the full ink
    runs = {s: run_em_bernoulli(X, *bernoulli_start(10, 64, s), max_iter=500, keep_history=False) for s in range(10)}
    seed = max(runs, key=lambda s: runs[s].log_likelihood)
    return run_em_bernoulli(X, *bernoulli_start(10, 64, seed), max_iter=500)


def _bernoulli_digits():
    return BernoulliEMExplorer(_bernoulli_run())


def _decomposition():
    x = load_faithful()[0][:, 0]
    start = (np.array([[2.5], [4.0]]), np.array([[[0.5]], [[0.5]]]), np.array([0.5, 0.5]))
    return DecompositionExplorer(x, run_em(x, *start, max_iter=500, tol=1e-6), n_iterations=4)


@functools.cache  # as _bernoulli_run: 14 variational fits, made once a process
def _concentration_fits():
    Z, _, _ = _standardised_faithful()
    stops = np.arange(-3.0, 3.01, 1.0)
    fits = {kind: tuple(run_variational(Z, 6, weight_concentration_prior_type=kind, weight_concentration_prior=10.0**a,
                                        max_iter=500, random_state=0) for a in stops) for kind in KIND_NAMES}
    return Z, fits, stops


def _concentration():
    Z, fits, stops = _concentration_fits()
    return ConcentrationExplorer(Z, fits, stops, **STANDARDISED)


ENTRIES = (
    Entry("01-Gaussian-PDF", Gaussian1D, Gaussian1D, {"mu": 1.0}, sliders=2),
    Entry("01-Gaussian-PDF", Gaussian2D, Gaussian2D, {"rho": -0.5}, sliders=5),
    Entry("02-Mixtures-and-Sampling", Mixture1D, Mixture1D, {"w": 0.8}, sliders=3),
    Entry("02-Mixtures-and-Sampling", Mixture2D, Mixture2D, {"mu2_x": 0.5}, sliders=3),
    Entry("03-E-Step", EStepExplorer, _estep, {"mu2_x": 1.0}, sliders=4),
    Entry("04-M-Step", MStepExplorer, _mstep, {"log2_T": -4.0}, sliders=1),
    Entry("05-EM-Convergence", EM1DExplorer, _eruptions_em, {"step": 7}, sliders=1, buttons=2),
    Entry("05-EM-Convergence", BoundExplorer, _eruptions_bound, {"step": 2}, sliders=1, buttons=2),
    Entry("05-EM-Convergence", EMExplorer, lambda: _faithful_explorer(2, 200), {"step": 5},
          "EM, step by step, K = 2", sliders=1, buttons=2),
    Entry("05-EM-Convergence", EMExplorer, lambda: _faithful_explorer(3, 400), {"run": 2},
          "EM, step by step, K = 3", sliders=1, buttons=2),
    Entry("07-KMeans-vs-GMM", LloydExplorer, _lloyd, {"step": 3}, sliders=1, buttons=2),
    Entry("07-KMeans-vs-GMM", SmallVarianceExplorer, _small_variance, {"log2_sigma": -1.0}, sliders=1),
    Entry("08-Initialisation-and-Local-Optima", BasinExplorer, _basins, {"mu1": 5.0}, sliders=2),
    Entry("09-Covariance-Types", CovarianceTypesExplorer, CovarianceTypesExplorer, {"angle": 0}, sliders=2),
    Entry("11-Singularities", SpikeExplorer, _spike, {"shrink": 3.0}, sliders=1),
    Entry("12-Old-Faithful-and-Iris", Fig98Explorer, _fig98, {"step": 4}, sliders=1, buttons=2),
    Entry("13-Density-Estimation-and-Generation", DensityExplorer, _moons_density, {"K": 12}, sliders=1),
    Entry("14-Bernoulli-Mixtures", BernoulliEMExplorer, _bernoulli_digits, {"iteration": 3}, sliders=1),
    Entry("15-EM-in-General", DecompositionExplorer, _decomposition, {"step": 2, "mix": 0.05}, sliders=2, buttons=2),
    Entry("16-Bayesian-Mixtures", ConcentrationExplorer, _concentration, {"log10_alpha": 1.0}, sliders=1),
)


def entries(notebook=None):
    """The entries, all of them or those of one notebook (e.g. ``"03-E-Step"``), in display order."""
    return [e for e in ENTRIES if notebook is None or e.notebook == notebook]


def notebooks():
    """The notebooks that show live figures, in course order."""
    return sorted({e.notebook for e in ENTRIES})


def shown(notebook):
    """What a notebook's live figures put on screen, as its entries declare it (nothing is built)."""
    found = entries(notebook)
    return {"sliders": sum(e.sliders for e in found), "buttons": sum(e.buttons for e in found), "figures": len(found)}


def counts(demos):
    """What built demos put on screen: ``{"sliders": ..., "buttons": ..., "figures": ...}``."""
    return {
        "sliders": sum(len(d.sliders) for d in demos),
        "buttons": sum(len(d.buttons) for d in demos),
        "figures": len(demos),
    }
