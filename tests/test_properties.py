"""Invariants that must hold for any data and start (hypothesis)."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import gmm_lab as g
from helpers import make_mixture

problem = st.tuples(
    st.integers(20, 200),  # n
    st.integers(1, 4),  # d
    st.integers(1, 4),  # k
    st.integers(0, 2**32 - 1),  # seed
)
# plain EM (reg_covar=0) is only defined while no component collapses: give each
# component enough points that a collapse is rare, and skip the rare case
roomy_problem = st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(0, 2**32 - 1)).map(
    lambda t: (60 * t[1], t[0], t[1], t[2])
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _start(n, d, k, seed):
    X, *_ = make_mixture(n, d, k, seed)
    m, c, w = g.init_params(X, k, random_state=seed + 1)
    return X, m, c, w


def _collapsed(res, X):
    """Whether some component shrank onto a point during the run.

    With reg_covar=0 a component that has collapsed onto one point keeps a "variance" of
    rounding noise (1e-28, say) rather than 0; plain EM is not defined there, and its
    log-likelihood moves by rounding, up or down. The theorem is about the other runs.
    """
    scale = np.var(X, axis=0).min()
    for step in res.history:
        full = g.full_covariances(step.covariances, covariance_type=res.covariance_type, n_components=len(step.weights),
                                  n_features=X.shape[1])
        if np.linalg.eigvalsh(full).min() < 1e-10 * scale:
            return True
    return False


@SETTINGS
@given(problem, st.integers(0, 2**32 - 1))
def test_relabelling_components_relabels_the_responsibilities(p, perm_seed):
    """The E-step does not care in which order the components are listed (label switching)."""
    X, m, c, w = _start(*p)
    perm = np.random.default_rng(perm_seed).permutation(len(w))
    np.testing.assert_allclose(g.e_step(X, m[perm], c[perm], w[perm]), g.e_step(X, m, c, w)[:, perm], atol=1e-12)
    assert np.isclose(g.log_likelihood(X, m[perm], c[perm], w[perm]), g.log_likelihood(X, m, c, w), rtol=1e-12)


@SETTINGS
@given(problem)
def test_m_step_of_one_hot_responsibilities_is_per_cluster_statistics(p):
    """Hard assignments: fraction, mean and (biased) covariance of each cluster's own points."""
    X, m, c, w = _start(*p)
    labels = g.e_step(X, m, c, w).argmax(axis=1)
    k = len(w)
    assume(np.all(np.bincount(labels, minlength=k) >= 1))
    weights, means, covs = g.m_step(X, np.eye(k)[labels], reg_covar=0.0)
    for j in range(k):
        pts = X[labels == j]
        assert np.isclose(weights[j], len(pts) / len(X), rtol=1e-12)
        np.testing.assert_allclose(means[j], pts.mean(axis=0), rtol=1e-10, atol=1e-10)
        np.testing.assert_allclose(covs[j], np.atleast_2d(np.cov(pts.T, bias=True)), rtol=1e-8, atol=1e-10)


# --------------------------------------------------------------------------- #
# the same invariants for every covariance type
# --------------------------------------------------------------------------- #
covariance_type = st.sampled_from(["full", "diag", "spherical", "tied"])
SHAPES = {"full": lambda k, d: (k, d, d), "diag": lambda k, d: (k, d), "spherical": lambda k, d: (k,),
          "tied": lambda k, d: (d, d)}


def _typed_start(n, d, k, seed, ct):
    X, *_ = make_mixture(n, d, k, seed)
    method = ("random_from_data", "k-means++")[seed % 2]
    return (X, *g.init_params(X, k, method=method, random_state=seed + 1, covariance_type=ct))


@SETTINGS
@given(problem, covariance_type)
def test_every_type_responsibility_rows_sum_to_one(p, ct):
    X, m, c, w = _typed_start(*p, ct)
    X = X * 10.0 ** np.random.default_rng(p[3]).integers(-1, 3)  # points far from every component too
    r = g.e_step(X, m, c, w, covariance_type=ct)
    assert r.shape == (len(X), len(w)) and np.all(np.isfinite(r)) and np.all(r >= 0)
    np.testing.assert_allclose(r.sum(axis=1), 1.0, atol=1e-12)


@SETTINGS
@given(problem, st.floats(0.0, 1e-2), covariance_type)
def test_every_type_m_step_gives_valid_parameters_of_its_shape(p, reg_covar, ct):
    X, m, c, w = _typed_start(*p, ct)
    k, d = m.shape
    assert c.shape == SHAPES[ct](k, d)
    w1, m1, c1 = g.m_step(X, g.e_step(X, m, c, w, covariance_type=ct), reg_covar=reg_covar, covariance_type=ct)
    assert w1.shape == (k,) and m1.shape == (k, d) and c1.shape == SHAPES[ct](k, d)
    assert abs(w1.sum() - 1) < 1e-12 and np.all(w1 >= 0) and np.all(np.isfinite(m1))
    full = g.full_covariances(c1, covariance_type=ct, n_components=k, n_features=d)
    np.testing.assert_array_equal(full, full.transpose(0, 2, 1))
    assert np.all(np.linalg.eigvalsh(full) >= reg_covar - 1e-12 * np.abs(full).max())  # scatter is PSD


@SETTINGS
@given(roomy_problem, covariance_type)
def test_every_type_log_likelihood_never_decreases(p, ct):
    X, m, c, w = _typed_start(*p, ct)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        try:
            res = g.run_em(X, m, c, w, max_iter=40, tol=0.0, reg_covar=0.0, covariance_type=ct)
        except ValueError as exc:
            assert "not positive definite" in str(exc) or "not a positive variance" in str(exc)
            assume(False)
    assume(not res.collapsed and not _collapsed(res, X))  # ℓ of a collapsed run is rounding noise
    ll = res.log_likelihoods
    slack = 1e-9 * np.abs(ll[:-1]) + 1e-9  # rounding only
    assert np.all(np.diff(ll) >= -slack), np.diff(ll).min()
    assert all(step.covariances.shape == SHAPES[ct](*m.shape) for step in res.history)


def test_the_collapse_guard_recognises_a_collapsed_run():
    """The case hypothesis found: a component on one point, 'variance' 1.5e-28, l down by 0.06."""
    X, m, c, w = _typed_start(240, 1, 4, 1, "full")
    with warnings.catch_warnings(), pytest.warns(g.CollapseWarning, match="component 4"):
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        res = g.run_em(X, m, c, w, max_iter=40, tol=0.0, reg_covar=0.0)
    assert _collapsed(res, X) and res.collapsed == (3,) and np.diff(res.log_likelihoods).min() < -1e-3
