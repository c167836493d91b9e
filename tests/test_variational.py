"""The Bayesian mixture: run_variational is scikit-learn's BayesianGaussianMixture iteration by
iteration from the same start (both weight priors), its bound never decreases, its expected log
weights are those of the distributions they claim (Monte Carlo), and bad input says what to fix."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.mixture import BayesianGaussianMixture

import gmm_lab as g
from gmm_lab.practice import variational_steps as steps
from helpers import make_mixture

KINDS = ["dirichlet_process", "dirichlet_distribution"]


def _random_resp(n, k, seed):
    r = np.random.default_rng(seed).random((n, k))
    return r / r.sum(axis=1, keepdims=True)


def _sklearn_path(X, resp, max_iter, tol, **kw):
    """scikit-learn's fit_predict loop from `resp`: (bounds, weights, means) per iteration, the model."""
    bgm = BayesianGaussianMixture(n_components=resp.shape[1], max_iter=max_iter, tol=tol, **kw)
    bgm._check_parameters(X)
    bgm._initialize(X, resp)
    bounds, weights, means, lb = [], [], [], -np.inf
    for _ in range(max_iter):
        prev = lb
        log_prob_norm, log_resp = bgm._e_step(X)
        bgm._m_step(X, log_resp)
        lb = bgm._compute_lower_bound(log_resp, log_prob_norm)
        bgm._set_parameters(bgm._get_parameters())  # weights_ from the concentration, as fit does at the end
        bounds.append(lb), weights.append(bgm.weights_.copy()), means.append(bgm.means_.copy())
        if abs(lb - prev) < tol:
            break
    return np.array(bounds), np.array(weights), np.array(means), bgm


FAITHFUL = g.load_faithful()[0]
STANDARD = (FAITHFUL - FAITHFUL.mean(axis=0)) / FAITHFUL.std(axis=0)
PRIORS = {  # scikit-learn's defaults, and every prior set by hand
    "defaults": {},
    "set": {"weight_concentration_prior": 0.01, "mean_precision_prior": 0.5, "mean_prior": [0.2, -0.1],
            "degrees_of_freedom_prior": 3.5, "covariance_prior": [[0.5, 0.1], [0.1, 0.4]]},
}


@pytest.mark.parametrize("priors", list(PRIORS))
@pytest.mark.parametrize("kind", KINDS)
def test_equals_scikit_learn_iteration_by_iteration(kind, priors):
    resp = _random_resp(len(STANDARD), 6, seed=1)
    kw = {"weight_concentration_prior_type": kind, **PRIORS[priors]}
    bounds, weights, means, bgm = _sklearn_path(STANDARD, resp, 60, 1e-3, **kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        fit = g.run_variational(STANDARD, 6, resp=resp, max_iter=60, tol=1e-3, **kw)
    assert fit.n_iter == len(bounds) and fit.converged == (abs(bounds[-1] - bounds[-2]) < 1e-3)
    np.testing.assert_allclose(fit.lower_bounds[1:], bounds, rtol=0, atol=1e-8)  # the bound, per iteration
    np.testing.assert_allclose(fit.weight_history[1:], weights, rtol=0, atol=1e-8)
    np.testing.assert_allclose(fit.mean_history[1:], means, rtol=0, atol=1e-8)
    np.testing.assert_allclose(fit.covariances, bgm.covariances_, rtol=0, atol=1e-8)
    np.testing.assert_allclose(fit.responsibilities, bgm.predict_proba(STANDARD), rtol=0, atol=1e-8)
    np.testing.assert_allclose(fit.degrees_of_freedom, bgm.degrees_of_freedom_, rtol=1e-12)
    np.testing.assert_allclose(fit.concentration, np.asarray(bgm.weight_concentration_), rtol=1e-12)
    assert np.all(np.diff(fit.weight_history.sum(axis=1)) == pytest.approx(0)) and fit.weights.sum() == pytest.approx(1)


def test_the_default_start_is_seeded_k_means():
    a, b = (g.run_variational(STANDARD, 4, random_state=3) for _ in range(2))
    np.testing.assert_array_equal(a.lower_bounds, b.lower_bounds)
    labels = g.kmeans(STANDARD, 4, random_state=np.random.default_rng(3), keep_history=False).labels
    start = g.run_variational(STANDARD, 4, resp=np.eye(4)[labels], max_iter=1, tol=None)
    assert start.lower_bounds[0] == a.lower_bounds[0]  # the same first q: k-means' one-hot labels


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3), st.integers(1, 5), st.sampled_from(KINDS), st.floats(1e-3, 1e3), st.integers(0, 2**32 - 1))
def test_the_lower_bound_never_decreases(d, k, kind, alpha0, seed):
    X, *_ = make_mixture(30 * k + 10, d, k, seed)
    fit = g.run_variational(X, k, weight_concentration_prior_type=kind, weight_concentration_prior=alpha0,
                            resp=_random_resp(len(X), k, seed), max_iter=30, tol=None)
    steps_ = np.diff(fit.lower_bounds)
    assert np.all(steps_ >= -1e-9 * np.abs(fit.lower_bounds[1:]).max()), steps_.min()


@pytest.mark.parametrize("kind", KINDS)
def test_expected_log_weights_are_the_distributions(kind):
    """E[ln π_k] from the digammas equals a Monte Carlo mean under q(π) (numpy's own samplers)."""
    rng = np.random.default_rng(0)
    alpha = np.array([3.0, 0.5, 7.0, 1.5])
    sticks = np.array([[2.0, 1.2, 4.0, 1.0], [5.0, 3.0, 0.7, 2.5]])
    post = steps.Posterior(sticks if kind == "dirichlet_process" else alpha, *[None] * 5)
    if kind == "dirichlet_process":
        v = rng.beta(*sticks[:, None, :], size=(200_000, 4))
        pi = v * np.concatenate([np.ones((len(v), 1)), np.cumprod(1 - v, axis=1)[:, :-1]], axis=1)
    else:
        pi = rng.dirichlet(alpha, size=200_000)
    np.testing.assert_allclose(steps.expected_log_weights(post, kind), np.log(pi).mean(axis=0), atol=0.02)


BAD = [
    ({"weight_concentration_prior_type": "dirichlet"}, "'dirichlet_process' or 'dirichlet_distribution'"),
    ({"weight_concentration_prior": 0.0}, "weight_concentration_prior must be a finite number > 0"),
    ({"weight_concentration_prior": -1}, "weight_concentration_prior must be a finite number > 0"),
    ({"mean_precision_prior": 0}, "mean_precision_prior must be a finite number > 0"),
    ({"degrees_of_freedom_prior": 1.0}, r"degrees_of_freedom_prior must be a number > n_features - 1 = 1"),
    ({"mean_prior": [0.0]}, r"mean_prior must have shape \(2,\)"),
    ({"covariance_prior": [[1.0, 2.0], [2.0, 1.0]]}, "covariance_prior is not positive definite"),
    ({"covariance_prior": np.eye(3)}, r"covariance_prior must have shape \(2, 2\)"),
    ({"resp": np.full((272, 2), 0.5)}, "resp has 2 columns but n_components=3"),
    ({"resp": np.full((10, 3), 1 / 3)}, r"one row per point of X"),
    ({"resp": np.full((272, 3), 0.3)}, "must sum to 1"),
    ({"random_state": np.random.RandomState(0)}, "legacy RandomState"),
]


@pytest.mark.parametrize("kw, message", BAD)
def test_bad_input_says_what_to_fix(kw, message):
    with pytest.raises(ValueError, match=message):
        g.run_variational(STANDARD, 3, **kw)


def test_a_constant_column_is_named_with_a_remedy_other_than_the_default():
    X = np.column_stack([STANDARD, np.full(len(STANDARD), 4.0), STANDARD[:, 0]])
    with pytest.raises(ValueError, match=r"column\(s\) \[2\] of X have zero variance") as info:
        g.run_variational(X, 3, random_state=0)
    assert "pass covariance_prior with a positive variance there" in str(info.value)
    with pytest.raises(ValueError, match="linear combinations of others"):  # a copied column
        g.run_variational(X[:, [0, 1, 3]], 3, random_state=0)
    prior = np.diag([1.0, 1.0, 0.5, 1.0])  # the remedy works: a positive variance there
    assert g.run_variational(X, 3, covariance_prior=prior, random_state=0, max_iter=5,
                             tol=None).weights.shape == (3,)


def test_bad_data_says_what_to_fix():
    with pytest.raises(ValueError, match="n_components=5 but there are only 4 data points"):
        g.run_variational(STANDARD[:4], 5)
    bad = STANDARD.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"X contains NaN.*index \(3, 1\)"):
        g.run_variational(bad, 2)
