"""EM in general (notebook 15): the decomposition ln p = L + KL, ECM, incremental EM, EM with missing entries.

References computed independently: L and KL from scipy.special (logsumexp, xlogy) and
scipy.stats densities; the missing-data fit against a brute-force maximisation with
scipy.optimize and against the closed form with nothing missing; property tests (hypothesis)
for KL >= 0, L <= ln p for any q, and a log-likelihood that never decreases.
"""

import functools
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import optimize, stats
from scipy.special import logsumexp, xlogy

import gmm_lab as g
from gmm_lab.course.checks.missing import hide_entries

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def faithful():
    X, _ = g.load_faithful()
    return X, (X - X.mean(axis=0)) / X.std(axis=0)


def scipy_terms(X, q, means, covariances, weights):
    """(L, KL, ln p) from scipy's densities and special functions, as the definitions say."""
    log_joint = np.column_stack([np.log(w) + stats.multivariate_normal(m, c).logpdf(X).reshape(len(X))
                                 for m, c, w in zip(means, covariances, weights)])
    log_p = logsumexp(log_joint, axis=1)
    bound = float(np.sum(q * log_joint) - np.sum(xlogy(q, q)))
    kl = float(np.sum(xlogy(q, q)) - np.sum(q * (log_joint - log_p[:, None])))
    return bound, kl, float(log_p.sum())


# --------------------------------------------------------------------------- the decomposition
def test_decomposition_is_scipys_and_adds_up():
    _, Z = faithful()
    start = g.init_params(Z, 3, random_state=1)
    q = np.random.default_rng(0).dirichlet([0.5, 1.0, 2.0], size=len(Z))
    q[:5] = [1.0, 0.0, 0.0]  # 0 ln 0 = 0
    d = g.decomposition(Z, q, *start)
    np.testing.assert_allclose(d, scipy_terms(Z, q, *start), rtol=1e-10)
    assert d.bound + d.kl == pytest.approx(d.log_likelihood, rel=1e-12)
    e = g.decomposition(Z, g.e_step(Z, *start), *start)
    assert abs(e.kl) < 1e-9 and e.log_likelihood == pytest.approx(d.log_likelihood)


@SETTINGS
@given(st.integers(0, 2**32 - 1), st.floats(0.05, 5.0))
def test_any_q_gives_kl_at_least_0_and_a_bound_below_ln_p(seed, concentration):
    rng = np.random.default_rng(seed)
    _, Z = faithful()
    start = g.init_params(Z, 2, random_state=int(rng.integers(100)))
    d = g.decomposition(Z, rng.dirichlet([concentration] * 2, size=len(Z)), *start)
    assert d.kl >= -1e-9 and d.bound <= d.log_likelihood + 1e-9


def test_decomposition_path_e_step_closes_the_gap_m_step_raises_both():
    X, _ = faithful()
    x = X[:, :1]
    run = g.run_em(x, [[2.5], [4.0]], [[[0.5]], [[0.5]]], [0.5, 0.5], max_iter=500, tol=1e-6)
    bound, kl, logp = g.decomposition_path(x, run, n_half_steps=8)
    assert np.abs(kl[1::2]).max() < 1e-9  # after each E-step
    assert np.all(kl[2::2] > 0.1)  # each M-step opens a gap
    assert np.all(np.diff(bound[1:]) >= -1e-9)  # after the start, the bound only climbs
    np.testing.assert_allclose(logp[1::2], run.log_likelihoods[:4])
    np.testing.assert_allclose(logp[2::2], run.log_likelihoods[1:5])
    np.testing.assert_allclose(bound + kl, logp, rtol=1e-12)
    with pytest.raises(ValueError, match="one column per component"):
        g.decomposition(x, np.ones((len(x), 3)) / 3, run.means, run.covariances, run.weights)


# --------------------------------------------------------------------------- generalised EM
def test_ecm_never_decreases_and_reaches_ems_optimum_more_slowly():
    _, Z = faithful()
    start = g.init_params(Z, 2, random_state=0)
    ecm = g.run_ecm(Z, *start, max_iter=200, tol=1e-8)
    em = g.run_em(Z, *start, max_iter=200, tol=1e-8)
    assert np.diff(ecm.log_likelihoods).min() > -1e-9
    assert ecm.log_likelihood == pytest.approx(em.log_likelihood, abs=1e-5)
    assert ecm.n_iter > em.n_iter
    np.testing.assert_allclose(np.sort(ecm.means, axis=0), np.sort(em.means, axis=0), atol=1e-4)
    odd, even = ecm.history[1], ecm.history[2]  # iteration 1 moves weights and means, iteration 2 covariances
    np.testing.assert_array_equal(odd.covariances, start[1])
    np.testing.assert_array_equal(even.means, odd.means)


# --------------------------------------------------------------------------- incremental EM
def test_the_sums_after_a_sweep_equal_the_sums_recomputed():
    _, Z = faithful()
    start = g.init_params(Z, 2, random_state=0)
    resp = g.e_step(Z, *start)
    stats_ = g.sufficient_statistics(Z, resp)
    rng = np.random.default_rng(1)
    for rows in np.array_split(rng.permutation(len(Z)), 27):  # a full sweep, mini-batches of about 10
        theta = g.m_step_from_statistics(stats_)
        new = g.e_step(Z[rows], theta.means, theta.covariances, theta.weights)
        stats_ = g.update_statistics(stats_, Z[rows], resp[rows], new)
        resp[rows] = new
    again = g.sufficient_statistics(Z, resp, shift=stats_.shift)
    for a, b in ((stats_.S0, again.S0), (stats_.S1, again.S1), (stats_.S2, again.S2)):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-10)
    direct, from_sums = g.m_step(Z, resp), g.m_step_from_statistics(stats_)
    for a, b in zip(direct, from_sums):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_incremental_em_keeps_exact_sums_and_reaches_ems_optimum():
    _, Z = faithful()
    start = g.init_params(Z, 2, random_state=0)
    fit = g.incremental_em(Z, *start, batch_size=10, n_passes=30, random_state=0)
    em = g.run_em(Z, *start, max_iter=500, tol=1e-8)
    again = g.sufficient_statistics(Z, fit.responsibilities, shift=fit.statistics.shift)
    np.testing.assert_allclose(fit.statistics.S2, again.S2, rtol=1e-10, atol=1e-10)
    assert fit.log_likelihoods[1] == pytest.approx(em.log_likelihoods[1])  # the first pass is EM's iteration 1
    assert fit.log_likelihoods[-1] == pytest.approx(em.log_likelihood, abs=1e-4)
    assert np.argmax(fit.log_likelihoods > em.log_likelihood - 0.01) < np.argmax(
        em.log_likelihoods > em.log_likelihood - 0.01)  # fewer passes than EM from this start
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1"):
        g.incremental_em(Z, *start, batch_size=0)
    with pytest.raises(ValueError, match=r"old and new must have shape \(3, 2\)"):
        g.update_statistics(fit.statistics, Z[:3], np.ones((3, 2)) / 2, np.ones((3, 3)) / 3)


# --------------------------------------------------------------------------- missing entries
def _holes(seed, n=60, d=3, fraction=0.3):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(d, d))
    X = rng.normal(size=(n, d)) @ A.T + rng.normal(size=d)
    return X, hide_entries(seed, X, fraction)  # the check's hiding (tested there)


def test_e_step_missing_is_the_conditional_gaussian():
    _, X = _holes(3)
    mean, S = np.array([0.5, -1.0, 2.0]), np.array([[2.0, 0.6, -0.4], [0.6, 1.5, 0.3], [-0.4, 0.3, 1.0]])
    filled, cond = g.e_step_missing(X, mean, S)
    P = np.linalg.inv(S)  # through the precision: E[x_m | x_o] = mu_m - P_mm^-1 P_mo (x_o - mu_o)
    for i, row in enumerate(X):
        m = np.isnan(row)
        o = ~m
        Pmm = P[np.ix_(m, m)]
        np.testing.assert_allclose(filled[i, m], mean[m] - np.linalg.solve(Pmm, P[np.ix_(m, o)] @ (row[o] - mean[o])))
        np.testing.assert_allclose(cond[i][np.ix_(m, m)], np.linalg.inv(Pmm) if m.any() else np.zeros((0, 0)))
        np.testing.assert_array_equal(cond[i][o], 0.0)
        np.testing.assert_array_equal(filled[i, o], row[o])


def test_observed_log_likelihood_is_scipys_marginals():
    _, X = _holes(4)
    mean, S = np.zeros(3), np.array([[2.0, 0.6, -0.4], [0.6, 1.5, 0.3], [-0.4, 0.3, 1.0]])
    expected = sum(stats.multivariate_normal(mean[~np.isnan(r)], S[np.ix_(~np.isnan(r), ~np.isnan(r))]).logpdf(
        r[~np.isnan(r)]) for r in X)
    assert g.observed_log_likelihood(X, mean, S) == pytest.approx(expected, rel=1e-12)


def test_em_missing_equals_a_brute_force_maximum_and_the_closed_form_with_nothing_missing():
    X, _ = faithful()
    X_holes = g.hide_at_random(X, 0.4, random_state=0)
    fit = g.run_em_missing(X_holes)

    def negative(p):
        L = np.array([[np.exp(p[2]), 0.0], [p[3], np.exp(p[4])]])
        return -g.observed_log_likelihood(X_holes, p[:2], L @ L.T)

    best = optimize.minimize(negative, np.r_[np.nanmean(X_holes, axis=0), 0.0, 0.0, 0.0], method="BFGS")
    L = np.array([[np.exp(best.x[2]), 0.0], [best.x[3], np.exp(best.x[4])]])
    assert -best.fun == pytest.approx(fit.log_likelihoods[-1], abs=1e-6)
    np.testing.assert_allclose(fit.mean, best.x[:2], atol=1e-4)
    np.testing.assert_allclose(fit.covariance, L @ L.T, rtol=1e-4)
    whole = g.run_em_missing(X)
    np.testing.assert_allclose(whole.mean, X.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(whole.covariance, np.cov(X.T, bias=True), rtol=1e-10)


@SETTINGS
@given(st.integers(0, 2**32 - 1), st.integers(2, 4), st.floats(0.1, 0.6))
def test_em_missing_never_decreases_the_observed_log_likelihood(seed, d, fraction):
    _, X = _holes(seed, n=40, d=d, fraction=fraction)
    fit = g.run_em_missing(X, max_iter=60, tol=None)
    assert np.diff(fit.log_likelihoods).min() > -1e-8 * abs(fit.log_likelihoods[-1])


def test_hide_at_random_is_seeded_and_keeps_a_coordinate_in_every_row():
    X, _ = faithful()
    a, b = g.hide_at_random(X, 0.4, random_state=0), g.hide_at_random(X, 0.4, random_state=0)
    np.testing.assert_array_equal(a, b)
    assert not np.isnan(a).all(axis=1).any() and 0.3 < np.isnan(a).any(axis=1).mean() < 0.5
    assert not np.isnan(X).any()  # the caller's array is left alone


@pytest.mark.parametrize("X, kw, message", [
    ([[1.0, np.nan], [np.nan, np.nan], [2.0, 3.0]], {}, r"1 row\(s\) of X have no observed coordinate .*row 1.*drop"),
    ([[1.0, np.nan], [2.0, np.nan]], {}, r"column\(s\) \[1\] of X are missing in every row"),
    ([[1.0, np.nan], [np.nan, 2.0], [2.0, np.nan]], {},
     r"column\(s\) \[1\] of X have fewer than 2 distinct observed values.*pass a start covariance"),
    ([[1.0, np.inf], [2.0, 3.0]], {}, "infinite values; mark a missing entry with NaN"),
    ([1.0, 2.0], {}, r"X must be 2-D"),
    ([[1.0, 2.0], [2.0, 3.0]], {"mean": [0.0, 0.0, 0.0]}, r"mean must have shape \(2,\)"),
    ([[1.0, 2.0], [2.0, 3.0]], {"mean": [0.0, np.nan]}, "mean contains NaN"),
    ([[1.0, 2.0], [2.0, 3.0]], {"covariance": [[1.0, 2.0], [2.0, 1.0]]}, "covariance is not positive definite"),
])
def test_bad_input_says_what_to_fix(X, kw, message):
    with pytest.raises(ValueError, match=message):
        g.run_em_missing(X, **kw)


def test_em_missing_and_ecm_warn_at_max_iter_as_run_em_does_and_tol_none_runs_max_iter():
    X, Z = faithful()
    X_holes = g.hide_at_random(X, 0.4, random_state=0)
    start = g.init_params(Z, 2, random_state=0)
    for run in (lambda **kw: g.run_em_missing(X_holes, **kw), lambda **kw: g.run_ecm(Z, *start, **kw)):
        with pytest.warns(g.ConvergenceWarning, match=r"did not converge in max_iter=2 iterations"):
            fit = run(max_iter=2)
        assert not fit.converged and fit.n_iter == 2
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fit = run(max_iter=3, tol=None)
        assert not fit.converged and fit.n_iter == 3 and len(fit.log_likelihoods) == 4


def test_a_covariance_pinned_to_a_line_says_so():
    X = [[1.0, 2.0], [2.0, np.nan], [np.nan, 1.0], [3.0, 5.0], [0.0, 0.5]]  # the complete rows lie on one line
    with pytest.raises(ValueError, match=r"EM iteration \d+: the covariance became singular .* line or plane"):
        g.run_em_missing(X)


def test_ecm_with_a_component_no_point_is_responsible_for_stays_finite():
    """A start whose third component is far from every point: its responsibilities underflow to 0, and the
    covariance block must not divide 0 by 0 (run_em's M-step floors N_j; so must ECM's)."""
    X, _ = faithful()
    means = np.array([[3.5, 70.0], [2.0, 55.0], [1e6, 1e6]])
    covariances = np.array([np.cov(X.T), np.cov(X.T), np.eye(2)])
    fit = g.run_ecm(X, means, covariances, [0.45, 0.45, 0.1], max_iter=6, tol=None)
    assert np.isfinite(fit.log_likelihoods).all() and np.isfinite(fit.covariances).all()
    assert np.diff(fit.log_likelihoods).min() > -1e-9


def test_the_statistics_refuse_a_batch_or_shift_of_the_wrong_width():
    """A batch with one column fewer would broadcast against the shift and give wrong sums, silently."""
    _, Z = faithful()
    resp = g.e_step(Z, *g.init_params(Z, 2, random_state=0))
    stats_ = g.sufficient_statistics(Z, resp)
    with pytest.raises(ValueError, match=r"X_batch has 1 features? but the (parameters|model) ha"):
        g.update_statistics(stats_, Z[:3, :1], resp[:3], resp[:3])
    with pytest.raises(ValueError, match=r"shift must have shape \(2,\)"):
        g.sufficient_statistics(Z, resp, shift=[0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="shift contains NaN"):
        g.sufficient_statistics(Z, resp, shift=[np.nan, 0.0])
