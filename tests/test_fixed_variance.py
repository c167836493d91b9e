"""fixed_variance_em: plain EM's update of the means at a fixed sigma^2 I, k-means in the limit, the collapse."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gmm_lab as g
from helpers import make_mixture


def standardised_faithful():
    X, _ = g.load_faithful()
    return (X - X.mean(axis=0)) / X.std(axis=0)


BOOK_START = np.array([[-1.75, 1.0], [1.75, -1.0]])  # PRML Fig. 9.1(a), read off the figure


@pytest.mark.parametrize("d, k, variance, weights", [(2, 3, 0.5, None), (1, 2, 2.0, [0.3, 0.7]), (5, 4, 0.1, None)])
def test_each_iteration_is_plain_em_with_the_variance_held_fixed(d, k, variance, weights):
    X, *_ = make_mixture(200, d, k, seed=d)
    start = X[np.random.default_rng(d).choice(len(X), k, replace=False)]
    w = np.full(k, 1 / k) if weights is None else np.array(weights)
    covs = np.repeat((variance * np.eye(d))[None], k, axis=0)
    means = start
    for t in range(1, 6):  # t iterations from the start, against e_step then m_step's means
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", g.ConvergenceWarning)  # tol=0: it runs all t iterations
            run = g.fixed_variance_em(X, start, variance, weights=weights, max_iter=t, tol=0.0)
        assert run.n_iter == t
        means = g.m_step(X, g.e_step(X, means, covs, w), reg_covar=0.0)[1]
        np.testing.assert_allclose(run.means, means, rtol=0, atol=1e-12)
        np.testing.assert_allclose(run.responsibilities, g.e_step(X, means, covs, w), rtol=0, atol=1e-12)
        assert run.log_likelihood == pytest.approx(g.log_likelihood(X, means, covs, w), rel=1e-12)
        np.testing.assert_array_equal(run.weights, w)


def test_a_tiny_variance_gives_k_means_centres():
    """PRML 9.3.2: as sigma -> 0 the responsibilities are hard and EM is Lloyd's algorithm."""
    Z = standardised_faithful()
    km = g.kmeans(Z, BOOK_START)
    for variance in (1e-4, 1e-6):
        fit = g.fixed_variance_em(Z, BOOK_START, variance)
        assert fit.converged
        np.testing.assert_allclose(fit.means, km.centres, rtol=0, atol=1e-12)
        np.testing.assert_array_equal(fit.responsibilities.argmax(axis=1), km.labels)
        assert np.all(fit.responsibilities.max(axis=1) > 1 - 1e-12)
    for seed, (d, k) in enumerate([(1, 3), (3, 4), (5, 2)]):  # and elsewhere, from the same centres
        X, *_ = make_mixture(300, d, k, seed)
        start = X[np.random.default_rng(seed).choice(len(X), k, replace=False)]
        np.testing.assert_allclose(g.fixed_variance_em(X, start, 1e-6).means, g.kmeans(X, start).centres,
                                   rtol=0, atol=1e-10)


def test_the_means_collapse_onto_the_data_mean_above_the_critical_variance():
    """Equal weights, K = 2: the collapsed point attracts EM exactly when sigma^2 > the largest eigenvalue."""
    Z = standardised_faithful()
    critical = np.linalg.eigvalsh(np.cov(Z.T, bias=True)).max()
    above = g.fixed_variance_em(Z, BOOK_START, 1.05 * critical, max_iter=5000)
    np.testing.assert_allclose(above.means, np.repeat(Z.mean(axis=0)[None], 2, axis=0), atol=1e-8)
    below = g.fixed_variance_em(Z, BOOK_START, 0.95 * critical, max_iter=5000)
    assert np.linalg.norm(below.means[0] - below.means[1]) > 0.3
    # and the linearisation: near the collapse, a small split grows by the factor lambda_max / sigma^2
    centre, lam, u = Z.mean(axis=0), *np.linalg.eigh(np.cov(Z.T, bias=True))
    for variance in (0.8 * critical, 1.2 * critical):
        split = 1e-6 * u[:, -1]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", g.ConvergenceWarning)
            step = g.fixed_variance_em(Z, [centre + split, centre - split], variance, max_iter=1, tol=0.0)
        grown = (step.means[0] - step.means[1]) @ u[:, -1] / (2e-6)
        assert grown == pytest.approx(critical / variance, rel=1e-4)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(10, 120), st.integers(1, 4), st.integers(1, 4), st.floats(0.05, 5.0), st.integers(0, 2**32 - 1))
def test_log_likelihood_never_decreases(n, d, k, variance, seed):
    X, *_ = make_mixture(n, d, 2, seed)
    start = np.random.default_rng(seed).normal(scale=3.0, size=(k, d))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        run = g.fixed_variance_em(X, start, variance, max_iter=60)
    assert np.all(np.diff(run.log_likelihoods) >= -1e-9 * np.abs(run.log_likelihoods[1:]))
    assert len(run.log_likelihoods) == run.n_iter + 1


def test_a_mean_no_point_is_near_keeps_its_place():
    X = np.array([[0.0], [1.0], [2.0]])
    fit = g.fixed_variance_em(X, [[0.5], [1e6]], 1e-3)  # every responsibility of the far mean underflows to 0
    assert fit.means[1, 0] == 1e6 and fit.means[0, 0] == pytest.approx(1.0)
    assert np.all(np.isfinite(fit.responsibilities))


def test_lists_and_unchanged_inputs():
    X, *_ = make_mixture(50, 2, 2, 3)
    start = X[:2].copy()
    a = g.fixed_variance_em(X.tolist(), start.tolist(), 0.5)
    b = g.fixed_variance_em(X, start, 0.5)
    np.testing.assert_array_equal(a.means, b.means)
    np.testing.assert_array_equal(start, X[:2])


def test_runs_out_of_iterations_with_a_warning():
    Z = standardised_faithful()
    with pytest.warns(g.ConvergenceWarning, match=r"did not converge in max_iter=3 iterations: .* still moved a mean"):
        run = g.fixed_variance_em(Z, BOOK_START, 1.0, max_iter=3)
    assert not run.converged and run.n_iter == 3


# each pattern pins what is wrong (the argument, the bad value) and, where there is one, what to do
@pytest.mark.parametrize("call, pattern", [
    (lambda X: g.fixed_variance_em(X, X[:2], 0.0), r"variance .*> 0.*got 0\.0"),
    (lambda X: g.fixed_variance_em(X, X[:2], -1), r"variance .*> 0.*got -1"),
    (lambda X: g.fixed_variance_em(X, X[:2], "big"), r"variance .*number.*got 'big'"),
    (lambda X: g.fixed_variance_em(X, X[:2], np.nan), r"variance .*finite.*got nan"),
    (lambda X: g.fixed_variance_em(X, X[:2, :1], 1.0), r"X has 2 features .* 1"),
    (lambda X: g.fixed_variance_em(X, X[0], 1.0), r"means must be 2-D.*means\.reshape\(1, -1\)"),
    (lambda X: g.fixed_variance_em(X, X[:2], 1.0, weights=[0.5, 0.6]), r"weights must sum to 1.*weights / weights\.sum"),
    (lambda X: g.fixed_variance_em(X, X[:2], 1.0, weights=[1.0]), r"weights must have shape .*\(2,\)"),
    (lambda X: g.fixed_variance_em(X, X[:2], 1.0, max_iter=0), r"max_iter .*>= 1.*got 0"),
    (lambda X: g.fixed_variance_em(X, X[:2], 1.0, tol=-1), r"tol .*>= 0.*got -1"),
    (lambda X: g.fixed_variance_em(X, [[0.0, np.nan], [1.0, 1.0]], 1.0), r"means contains NaN.*remove or impute"),
])
def test_bad_input(call, pattern):
    X, *_ = make_mixture(40, 2, 2, 0)
    with pytest.raises(ValueError, match=pattern):
        call(X)



def test_more_means_than_points_is_refused():
    with pytest.raises(ValueError, match=r"n_components=3 but there are only 2 data points"):
        g.fixed_variance_em([[0.0, 0.0], [1.0, 1.0]], [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]], 1.0)
