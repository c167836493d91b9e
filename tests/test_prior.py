"""The covariance prior and MAP EM: the M-step maximises the MAP objective, EM never decreases it,
the prior is scipy's inverse-Wishart up to a constant, and a vanishing prior is plain EM."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import invwishart

import gmm_lab as g
from helpers import make_mixture

SETTINGS = settings(max_examples=30, deadline=None)
problem = st.tuples(st.integers(1, 3), st.integers(1, 4), st.integers(0, 2**32 - 1)).map(
    lambda t: (40 * t[1], t[0], t[1], t[2]))


def _start(n, d, k, seed):
    X, *_ = make_mixture(n, d, k, seed)
    return X, g.init_params(X, k, random_state=seed + 1)


@SETTINGS
@given(problem)
def test_no_prior_is_the_plain_m_step(p):
    X, start = _start(*p)
    r = g.e_step(X, *start)
    for a, b in zip(g.m_step(X, r, reg_covar=0.0), g.m_step_map(X, r, covariance_prior=1.0, prior_strength=0.0)):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    tiny = g.m_step_map(X, r, covariance_prior=np.eye(p[1]), prior_strength=1e-9)[2]  # and it vanishes continuously
    np.testing.assert_allclose(tiny, g.m_step(X, r, reg_covar=0.0)[2], rtol=1e-6, atol=1e-9)


@SETTINGS
@given(problem, st.floats(0.1, 20.0), st.floats(0.01, 2.0))
def test_map_em_never_decreases_its_objective_and_never_collapses(p, kappa, s2):
    X, start = _start(*p)
    X = np.vstack([X, X[:1] + 30.0])  # a lone far point for some component to chase
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        fit = g.run_em_map(X, *start, covariance_prior=s2, prior_strength=kappa, max_iter=60, tol=0.0)
    obj = fit.objectives
    assert np.all(np.diff(obj) >= -1e-9 * np.abs(obj[1:]) - 1e-9), np.diff(obj).min()
    assert fit.collapsed == ()
    floor = kappa * s2 / (len(X) + kappa)  # Σ_j ⪰ κ S₀ / (N_j + κ) ⪰ κ s² I / (n + κ)
    assert np.linalg.eigvalsh(fit.covariances).min() >= floor * (1 - 1e-9)
    ll = [g.log_likelihood(X, h.means, h.covariances, h.weights) for h in fit.history]
    np.testing.assert_allclose(fit.log_likelihoods, ll, rtol=1e-10)
    prior = [g.log_covariance_prior(h.covariances, s2, kappa) for h in fit.history]
    np.testing.assert_allclose(obj, np.array(ll) + prior, rtol=1e-10)


def test_the_m_step_maximises_the_penalised_q():
    X, start = _start(150, 2, 3, 7)
    r = g.e_step(X, *start)
    S0, kappa = np.array([[0.3, 0.1], [0.1, 0.2]]), 4.0

    def objective(w, m, c):
        q = sum(r[:, j] @ (np.log(w[j]) + g.log_gaussian_pdf(X, m[j], c[j])) for j in range(3))
        return q + g.log_covariance_prior(c, S0, kappa)

    w, m, c = g.m_step_map(X, r, covariance_prior=S0, prior_strength=kappa)
    best = objective(w, m, c)
    rng = np.random.default_rng(0)
    for _ in range(100):
        A = 0.05 * rng.normal(size=(3, 2, 2))
        w2 = w * np.exp(0.05 * rng.normal(size=3))
        assert objective(w2 / w2.sum(), m + 0.05 * rng.normal(size=m.shape), c + A @ A.transpose(0, 2, 1)) < best


@pytest.mark.parametrize("d, kappa", [(1, 3.0), (2, 5.5), (3, 9.0)])
def test_the_prior_is_an_inverse_wishart_up_to_a_constant(d, kappa):
    """κ > 2d: log p(Σ) = log IW(Σ | Ψ = κ S₀, ν = κ − d − 1) + a constant that does not depend on Σ."""
    rng = np.random.default_rng(d)
    A = rng.normal(size=(d, d))
    S0 = A @ A.T / d + 0.5 * np.eye(d)
    gaps = []
    for _ in range(5):
        B = rng.normal(size=(d, d))
        cov = B @ B.T + 0.1 * np.eye(d)
        reference = invwishart.logpdf(cov if d > 1 else cov[0, 0], df=kappa - d - 1, scale=kappa * S0)
        gaps.append(g.log_covariance_prior(cov[None], S0, kappa) - reference)
    np.testing.assert_allclose(gaps, gaps[0], rtol=0, atol=1e-9)


def test_a_component_on_one_point_keeps_the_prior_s_share():
    x = g.make_lone_point()
    start = (np.array([[0.0], [3.5]]), np.array([[[1.0]], [[0.25]]]), np.array([0.9, 0.1]))
    kappa, s2 = 3.0, 0.01 / 3 * x.var()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no collapse, no convergence trouble
        fit = g.run_em_map(x, *start, covariance_prior=s2, prior_strength=kappa, tol=1e-10, max_iter=200)
    assert fit.weights[1] * len(x) == pytest.approx(1.0, abs=2e-3)  # the lone point, and a trace of its neighbours
    assert fit.covariances[1, 0, 0] == pytest.approx(kappa * s2 / (1 + kappa), rel=1e-2)  # S₂ ≈ 0, N₂ ≈ 1
    assert isinstance(fit, g.EMResult) and g.bic(x, fit) == pytest.approx(-2 * fit.log_likelihood + 5 * np.log(61))


def test_the_forms_of_the_prior():
    X, start = _start(80, 2, 2, 3)
    r = g.e_step(X, *start)
    one = g.m_step_map(X, r, covariance_prior=0.5, prior_strength=2.0)[2]
    np.testing.assert_allclose(g.m_step_map(X, r, covariance_prior=[0.5, 0.5], prior_strength=2.0)[2], one)
    np.testing.assert_allclose(g.m_step_map(X, r, covariance_prior=0.5 * np.eye(2), prior_strength=2.0)[2], one)


@pytest.mark.parametrize("prior, kappa, match", [
    (np.ones((3, 3)), 1.0, r"covariance_prior must be a number, an array of shape \(2,\) .* or \(2, 2\)"),
    ([[1.0, 2.0], [2.0, 1.0]], 1.0, "covariance_prior is not positive definite.*positive definite S₀"),
    (-1.0, 1.0, "covariance_prior is not positive definite"),
    (1.0, -2.0, "prior_strength must be a finite number >= 0"),
    (np.nan, 1.0, "covariance_prior"),
])
def test_bad_priors_say_what_to_fix(prior, kappa, match):
    X, start = _start(40, 2, 2, 0)
    r = g.e_step(X, *start)
    with pytest.raises(ValueError, match=match):
        g.m_step_map(X, r, covariance_prior=prior, prior_strength=kappa)
    with pytest.raises(ValueError, match=match):
        g.run_em_map(X, *start, covariance_prior=prior, prior_strength=kappa)


def test_log_covariance_prior_needs_full_covariances():
    with pytest.raises(ValueError, match=r"shape \(n_components, n_features, n_features\)"):
        g.log_covariance_prior(np.ones(3), 1.0, 1.0)


def test_run_em_map_warns_when_it_runs_out_of_iterations():
    X, start = _start(80, 2, 3, 5)
    with pytest.warns(g.ConvergenceWarning, match="MAP EM did not converge in max_iter=2"):
        fit = g.run_em_map(X, *start, covariance_prior=0.1, prior_strength=1.0, max_iter=2, tol=0.0)
    assert not fit.converged and fit.n_iter == 2 and len(fit.objectives) == 3


def test_run_em_map_without_a_prior_warns_when_a_component_collapses():
    """κ = 0 is plain EM without reg_covar: on [0, 1, 5] a component shrinks onto x = 5."""
    X = np.array([[0.0], [1.0], [5.0]])
    with pytest.warns(g.CollapseWarning, match="component 2 .* on about 1 point\\."):
        fit = g.run_em_map(X, [[0.5], [5.0]], [[[1.0]], [[1.0]]], [0.5, 0.5], covariance_prior=1.0,
                           prior_strength=0.0, max_iter=200)
    assert fit.collapsed == (1,) and fit.covariances[1, 0, 0] < 1e-20
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the same start with a prior: no collapse, no warning
        held = g.run_em_map(X, [[0.5], [5.0]], [[[1.0]], [[1.0]]], [0.5, 0.5], covariance_prior=1.0,
                            prior_strength=1.0, max_iter=200)
    assert held.collapsed == () and held.covariances[1, 0, 0] > 0.1


def test_run_em_map_with_tol_none_runs_every_iteration():
    X, _, truth = g.make_three_blobs()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ConvergenceWarning either
        fit = g.run_em_map(X, truth["means"], truth["covariances"], truth["weights"], covariance_prior=0.1,
                           prior_strength=2.0, max_iter=7, tol=None)
    assert fit.n_iter == 7 and len(fit.objectives) == 8 and not fit.converged
