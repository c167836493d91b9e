"""Tests written to kill the surviving mutants of a mutation-testing run (mutmut, issue 8).

Each test names the behaviour a surviving mutant broke without any other test noticing;
the closing note of the issue lists the survivors judged harmless, with the reason.
"""

import inspect
import warnings

import numpy as np
import pytest

import gmm_lab as g
from gmm_lab.validation import cholesky_or_raise, check_responsibilities
from helpers import make_mixture


@pytest.fixture(scope="module")
def data():
    return make_mixture(300, 2, 3, 21)


def test_run_em_checks_components_against_points_not_features():
    x = np.array([0.0, 1.0])  # 2 points, a 1-D model with 3 components
    with pytest.raises(ValueError, match="n_components=3 but there are only 2 data points"):
        g.run_em(x, [[0.0], [0.5], [1.0]], np.ones((3, 1, 1)), np.full(3, 1 / 3))


def test_run_em_records_the_start_and_the_end_completely(data):
    X, means, covs, weights = data
    full = g.run_em(X, means, covs, weights, max_iter=500, tol=1e-8)
    start = full.history[0]
    np.testing.assert_array_equal(start.covariances, covs)
    np.testing.assert_array_equal(start.weights, weights)
    assert full.converged is True
    lean = g.run_em(X, means, covs, weights, max_iter=500, tol=1e-8, keep_history=False)
    end = lean.history[-1]
    for name in ("means", "covariances", "weights", "responsibilities"):
        np.testing.assert_allclose(getattr(end, name), getattr(full.history[-1], name), atol=1e-12)
    assert end.log_likelihood == lean.log_likelihoods[-1] == pytest.approx(full.log_likelihood, abs=1e-9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        assert g.run_em(X, means, covs, weights, max_iter=1, tol=0.0).converged is False


@pytest.mark.skipif("MUTANT_UNDER_TEST" in __import__("os").environ,
                    reason="under mutmut a trampoline frame sits between the caller and gmm_lab")
def test_warnings_point_at_the_callers_line(data):
    X, means, covs, weights = data
    with pytest.warns(g.ConvergenceWarning) as caught:
        g.run_em(X, means, covs, weights, max_iter=1, tol=0.0)
    assert caught[0].filename == __file__
    with pytest.warns(g.ConvergenceWarning) as caught:
        g.run_restarts(X, 3, [0], max_iter=1, tol=0.0)
    assert caught[0].filename == __file__


def test_collapse_error_reports_each_components_effective_points():
    X = np.vstack([np.random.default_rng(0).normal(size=(50, 2)), [[9.0, 9.0]]])
    means, covs = np.array([[0.0, 0.0], [9.0, 9.0]]), np.array([np.eye(2), 0.01 * np.eye(2)])
    with pytest.raises(ValueError, match=r"effective number of points per component: \[50\.0, 1\.0\]"):
        g.run_em(X, means, covs, [0.5, 0.5], reg_covar=0.0)


def test_run_em_stays_finite_for_a_point_far_from_every_component(data):
    X, means, covs, weights = data
    X = np.vstack([X, [[1e3, -1e3]]])  # its densities all underflow: log-sum-exp per point
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        run = g.run_em(X, means, covs, weights, max_iter=5, tol=0.0)
    assert np.all(np.isfinite(run.log_likelihoods)) and np.all(np.isfinite(run.responsibilities))
    np.testing.assert_allclose(run.responsibilities.sum(axis=1), 1.0)


def test_an_empty_component_keeps_a_non_negative_weight():
    X = np.random.default_rng(1).normal(size=(40, 2))
    resp = np.column_stack([np.ones(40), np.zeros(40)])
    w, m, c = g.m_step(X, resp, reg_covar=1e-6)
    assert np.all(w >= 0) and w[1] < 1e-12
    np.testing.assert_allclose(c[1], 1e-6 * np.eye(2), rtol=1e-6)


def test_symmetry_is_judged_per_component_scale():
    tiny = 1e-6 * np.array([[1.0, 0.5], [0.4, 1.0]])  # 20% asymmetric, but tiny next to its sibling
    with pytest.raises(ValueError, match=r"covariances\[1\] is not symmetric"):
        g.e_step(np.zeros((3, 2)), [[0, 0], [1, 1]], [1e6 * np.eye(2), tiny], [0.5, 0.5])
    with pytest.raises(ValueError, match=r"largest \|C - C\.T\| = 0\.3"):
        cholesky_or_raise(np.array([[1.0, 0.2], [-0.1, 1.0]]), "C")
    # a relative tolerance would let this pass (|0.2 - 0.19| is small next to 0.2): it must not
    with pytest.raises(ValueError, match="not symmetric"):
        cholesky_or_raise(np.array([[1.0, 0.2], [0.19, 1.0]]), "C")


def test_not_positive_definite_names_a_negative_or_a_zero_eigenvalue():
    with pytest.raises(ValueError, match=r"negative eigenvalue \(-0\.5\)"):
        cholesky_or_raise(np.diag([2.0, 1.0, -0.5]), "C")
    with pytest.raises(ValueError, match=r"zero to machine precision relative to the largest, 3"):
        cholesky_or_raise(np.diag([3.0, 1.0, -1e-20]), "C")


def test_log_gaussian_pdf_names_what_is_wrong():
    with pytest.raises(ValueError, match="X has 3 features but the parameters have 2"):
        g.log_gaussian_pdf(np.ones((5, 3)), [0.0, 0.0], np.eye(2))
    with pytest.raises(ValueError, match=r"^cov contains NaN"):
        g.log_gaussian_pdf(np.ones((5, 2)), [0.0, 0.0], [[np.nan, 0.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match=r"^mean must be 1-D"):
        g.log_gaussian_pdf(np.ones((5, 2)), [[0.0, 0.0]], np.eye(2))


def test_sample_gmm_follows_its_documented_recipe():
    """One uniform then one normal vector per point, x = mean_j + L_j z (what the sliders rely on)."""
    means = np.array([[0.0, 0.0], [5.0, 1.0], [-3.0, 4.0]])
    covs = np.array([np.eye(2), [[2.0, 0.5], [0.5, 1.0]], 0.3 * np.eye(2)])
    weights = np.array([0.2, 0.5, 0.3])
    X, labels = g.sample_gmm(500, means, covs, weights, random_state=4)
    rng = np.random.default_rng(4)
    u, z = rng.random(500), rng.standard_normal((500, 2))
    np.testing.assert_array_equal(labels, np.searchsorted(np.cumsum(weights), u, side="right"))
    want = np.empty_like(X)
    for j in range(3):
        want[labels == j] = means[j] + z[labels == j] @ np.linalg.cholesky(covs[j]).T
    np.testing.assert_allclose(X, want, rtol=1e-12)


def test_lower_bound_and_temper_allow_more_components_than_points():
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    means, covs, weights = np.zeros((3, 2)) + [[0, 0], [1, 1], [2, 2]], np.array([np.eye(2)] * 3), [0.5, 0.5, 0.0]
    q = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])  # zeros in q, and a component of weight 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no log(0) warning: 0 log 0 counts as 0
        bound = g.lower_bound(X, q, means, covs, weights)
        assert np.isfinite(bound) and bound <= g.log_likelihood(X, means, covs, weights)
        np.testing.assert_allclose(g.temper(q, 0.5), q)


def test_temper_shifts_each_row_by_its_own_maximum():
    r = np.array([[0.5, 0.5], [1e-200, 1.0]])
    np.testing.assert_allclose(g.temper(r, 1e-4), [[0.5, 0.5], [0.0, 1.0]])


def test_a_bad_responsibility_row_is_named():
    r = np.full((6, 2), 0.5)
    r[3] = [0.5, 0.3]
    with pytest.raises(ValueError, match="row 3 sums to 0.8"):
        check_responsibilities(r, 6)


def test_kmeans_plus_plus_places_every_seed_by_the_d2_law():
    X = np.array([[0.0], [1.0], [4.0], [10.0]])
    assert len(set(g.kmeans_plusplus(X, 4, random_state=0))) == 4
    d2 = (X - X.T) ** 2
    draws, n = 6000, len(X)
    freq = {}
    for seed in range(draws):
        key = tuple(g.kmeans_plusplus(X, 3, random_state=seed))
        freq[key] = freq.get(key, 0) + 1 / draws
    for (i, j, k), f in freq.items():  # the third seed by its distance to the *nearer* of the first two
        nearest = np.minimum(d2[i], d2[j])
        law = (1 / n) * d2[i, j] / d2[i].sum() * nearest[k] / nearest.sum()
        assert abs(f - law) <= 4 * np.sqrt(law * (1 - law) / draws) + 1e-3, (i, j, k, f, law)


def test_restarts_pass_their_settings_to_every_run(data):
    X, *_ = data
    res = g.run_restarts(X, 3, [5], method="k-means++", reg_covar=0.1, max_iter=300, tol=1e-6)
    ref = g.run_em(X, *g.init_params(X, 3, method="k-means++", random_state=5), reg_covar=0.1,
                   max_iter=300, tol=1e-6)
    np.testing.assert_allclose(res.runs[5].means, ref.means, atol=1e-12)
    assert len(res.runs[5].history) == ref.n_iter + 1  # histories kept by default
    lean = g.run_restarts(X, 3, [5], method="k-means++", reg_covar=0.1, max_iter=300, tol=1e-6, keep_history=False)
    assert len(lean.runs[5].history) == 2


def test_restarts_default_to_the_stopping_rule_of_run_em():
    em, rs = inspect.signature(g.run_em).parameters, inspect.signature(g.run_restarts).parameters
    for name in ("max_iter", "tol", "reg_covar", "keep_history", "covariance_type"):
        assert rs[name].default == em[name].default, name
    assert rs["method"].default == inspect.signature(g.init_params).parameters["method"].default
