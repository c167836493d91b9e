"""Notebook 13's live figure (gmm_lab.course.widgets.density): image, samples and curves are the fits' maths."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import Normalize
from scipy.special import logsumexp
from scipy.stats import multivariate_normal
from sklearn.datasets import make_moons
from sklearn.mixture import GaussianMixture

import gmm_lab as g
from gmm_lab.course.widgets import catalog
from gmm_lab.course.widgets.density import LOG_DENSITY_LEVELS, LOG_DENSITY_RANGE, DensityExplorer


@pytest.fixture(scope="module")
def moons():
    X, _ = make_moons(120, noise=0.05, random_state=0)
    held_out, _ = make_moons(300, noise=0.05, random_state=1)
    fits = {K: g.run_restarts(X, K, range(2), method="k-means++", max_iter=300, keep_history=False).best
            for K in range(1, 7)}
    return X, held_out, fits


def _scipy_log_density(points, fit):
    """The mixture's log-density with SciPy: the reference."""
    terms = [np.log(w) + multivariate_normal(m, c).logpdf(points) for m, c, w in
             zip(fit.means, fit.covariances, fit.weights)]
    return logsumexp(terms, axis=0)


def test_per_point_scores_against_scipy_and_scikit_learn(moons):
    X, held_out, fits = moons
    s = g.per_point_scores(X, fits, held_out)
    n = len(X)
    for i, (K, fit) in enumerate(fits.items()):
        assert s["train"][i] == pytest.approx(_scipy_log_density(X, fit).mean(), rel=1e-10)
        assert s["held_out"][i] == pytest.approx(_scipy_log_density(held_out, fit).mean(), rel=1e-10)
        sk = GaussianMixture(K)  # scikit-learn's criteria for the same parameters
        sk.weights_, sk.means_, sk.covariances_ = fit.weights, fit.means, fit.covariances
        sk.precisions_cholesky_ = np.linalg.cholesky(np.linalg.inv(fit.covariances))
        assert s["bic"][i] == pytest.approx(-sk.bic(X) / (2 * n), rel=1e-10)
        assert s["aic"][i] == pytest.approx(-sk.aic(X) / (2 * n), rel=1e-10)
        assert s["held_out"][i] == pytest.approx(sk.score(held_out), rel=1e-10)


@pytest.mark.parametrize("K", [1, 3, 6])
def test_each_K_draws_its_density_samples_and_marker(moons, K):
    X, held_out, fits = moons
    demo = DensityExplorer(X, fits, held_out=held_out, xlim=(-1.5, 2.5), ylim=(-1.0, 1.5), num=(30, 40),
                           n_samples=50, random_state=3)
    demo.set(K=K)
    fit = fits[K]
    xs, ys = np.linspace(-1.5, 2.5, 40), np.linspace(-1.0, 1.5, 30)
    xx, yy = np.meshgrid(xs, ys)  # rows are y, as imshow with origin="lower" shows them
    want = _scipy_log_density(np.column_stack([xx.ravel(), yy.ravel()]), fit).reshape(30, 40)
    np.testing.assert_allclose(demo.log_density[K], want, rtol=1e-10)
    cmap = plt.get_cmap("viridis", LOG_DENSITY_LEVELS)  # the image is those values, coloured
    np.testing.assert_array_equal(demo.image.get_array(), cmap(Normalize(*LOG_DENSITY_RANGE)(want), bytes=True))
    assert demo.image.get_extent() == [-1.5, 2.5, -1.0, 1.5] and demo.image.origin == "lower"
    samples, _ = g.sample_gmm(50, fit.means, fit.covariances, fit.weights, random_state=3)
    np.testing.assert_allclose(demo.sample_marks.get_offsets(), samples)
    assert list(demo.K_line.get_xdata()) == [K, K]
    np.testing.assert_allclose(demo.data_marks.get_offsets(), X)
    assert f"<b>K = {K}</b>" in demo.status.value


def test_curves_and_stars_are_the_scores(moons):
    X, held_out, fits = moons
    demo = DensityExplorer(X, fits, held_out=held_out, xlim=(-1.5, 2.5), ylim=(-1.0, 1.5), num=(20, 30))
    s = g.per_point_scores(X, fits, held_out)
    lines = demo.axes[1].get_lines()
    curves = [ln for ln in lines if len(ln.get_xdata()) == len(fits)]
    assert len(curves) == 4
    for line, name in zip(curves, ("train", "held_out", "aic", "bic")):
        np.testing.assert_array_equal(line.get_xdata(), list(fits))
        np.testing.assert_allclose(line.get_ydata(), s[name])
    stars = [ln for ln in lines if ln.get_marker() == "*"]
    for star, name in zip(stars, ("held_out", "aic", "bic")):
        K = int(np.argmax(s[name])) + 1
        assert demo.best[name] == K
        assert (star.get_xdata()[0], star.get_ydata()[0]) == (K, pytest.approx(s[name][K - 1]))
    assert demo.controls["K"].value == demo.best["bic"]  # it opens at BIC's choice
    labels = [label for label, _ in demo.frames()]
    assert labels == [f"K = {K}" for K in sorted({1, 2, demo.best["bic"], demo.best["held_out"]})]


def test_fits_must_cover_consecutive_K(moons):
    X, held_out, fits = moons
    with pytest.raises(ValueError, match="consecutive K"):
        DensityExplorer(X, {1: fits[1], 3: fits[3]}, held_out=held_out, xlim=(0, 1), ylim=(0, 1))
    with pytest.raises(ValueError, match="consecutive K"):
        DensityExplorer(X, {}, held_out=held_out, xlim=(0, 1), ylim=(0, 1))


def test_catalog_entry_is_the_notebooks_figure():
    [entry] = catalog.entries("13-Density-Estimation-and-Generation")
    demo = entry.build()
    assert list(demo.fits) == list(range(1, 21)) and len(demo.X) == 200
    assert demo.best["bic"] < demo.best["held_out"]  # what section 4 explains
