"""Numbers: agreement with scipy and scikit-learn, and EM's basic behaviour."""

import warnings

import numpy as np
import pytest
from scipy.stats import multivariate_normal
from sklearn.mixture import GaussianMixture

import gmm_lab as g
from helpers import make_mixture


@pytest.mark.parametrize("d", [1, 2, 3, 7])
def test_log_gaussian_pdf_matches_scipy(d):
    rng = np.random.default_rng(d)
    A = rng.normal(size=(d, d))
    cov = A @ A.T + 0.3 * np.eye(d)
    mean = rng.normal(size=d)
    X = rng.normal(scale=3.0, size=(200, d))
    ref = multivariate_normal(mean, cov).logpdf(X)
    np.testing.assert_allclose(g.log_gaussian_pdf(X, mean, cov), ref, rtol=1e-12, atol=0)
    # the density's relative error is the log-density's absolute error, which grows
    # with |log p|: compare densities where they are not vanishingly small
    bulk = mean + rng.normal(size=(200, d)) @ np.linalg.cholesky(cov).T
    np.testing.assert_allclose(
        g.gaussian_pdf(bulk, mean, cov), multivariate_normal(mean, cov).pdf(bulk), rtol=1e-12, atol=0
    )


def test_one_dimensional_inputs_accept_scalars():
    x = np.linspace(-3, 3, 11)
    ref = multivariate_normal(0.5, 2.0).logpdf(x)
    np.testing.assert_allclose(g.log_gaussian_pdf(x, 0.5, 2.0), ref, rtol=1e-12)


def test_log_pdf_far_from_mean_is_finite_where_pdf_underflows():
    x = np.array([[60.0, -60.0]])
    assert g.gaussian_pdf(x, [0, 0], np.eye(2))[0] == 0.0
    logp = g.log_gaussian_pdf(x, [0, 0], np.eye(2))[0]
    assert logp == pytest.approx(-0.5 * 7200 - np.log(2 * np.pi), rel=1e-14)


def _sklearn_fit(X, means, covariances, weights, n_iter, reg_covar):
    gm = GaussianMixture(
        n_components=len(weights),
        covariance_type="full",
        tol=0.0,
        max_iter=n_iter,
        reg_covar=reg_covar,
        weights_init=weights,
        means_init=means,
        precisions_init=np.linalg.inv(covariances),
        init_params="random_from_data",
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gm.fit(X)
    return gm


def test_m_step_adds_reg_covar_to_diagonal_only():
    X, means, covs, weights = make_mixture(200, 3, 2, 8)
    resp = g.e_step(X, means, covs, weights)
    _, _, c0 = g.m_step(X, resp, reg_covar=0.0)
    _, _, c1 = g.m_step(X, resp, reg_covar=0.25)
    np.testing.assert_allclose(c1 - c0, np.broadcast_to(0.25 * np.eye(3), c0.shape), atol=1e-14)


def test_m_step_formulas_by_hand():
    X = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 4.0], [10.0, 10.0]])
    resp = np.array([[1, 0], [1, 0], [1, 0], [0, 1]], dtype=float)
    w, m, c = g.m_step(X, resp, reg_covar=0.0)
    np.testing.assert_allclose(w, [0.75, 0.25])
    np.testing.assert_allclose(m[0], [2 / 3, 4 / 3])
    np.testing.assert_allclose(c[0], np.cov(X[:3].T, bias=True))
    np.testing.assert_allclose(m[1], [10, 10])
    np.testing.assert_allclose(c[1], np.zeros((2, 2)), atol=1e-12)


def test_e_step_is_bayes_rule():
    X, means, covs, weights = make_mixture(50, 2, 3, 9)
    joint = np.column_stack(
        [w * multivariate_normal(m, c).pdf(X) for m, c, w in zip(means, covs, weights)]
    )
    np.testing.assert_allclose(g.e_step(X, means, covs, weights), joint / joint.sum(1, keepdims=True), atol=1e-12)
    assert g.log_likelihood(X, means, covs, weights) == pytest.approx(np.log(joint.sum(1)).sum(), rel=1e-12)


def test_e_step_outlier_gets_a_finite_row():
    means = np.array([[0.0, 0.0], [3.0, 0.0]])
    covs = np.array([np.eye(2) * 0.01, np.eye(2) * 0.01])
    X = np.array([[1e3, 1e3], [0.0, 0.1]])
    resp = g.e_step(X, means, covs, [0.5, 0.5])
    assert np.all(np.isfinite(resp))
    np.testing.assert_allclose(resp.sum(axis=1), 1.0)
    assert resp[0, 1] == pytest.approx(1.0)  # the nearer component takes the outlier
    assert np.isfinite(g.log_likelihood(X, means, covs, [0.5, 0.5]))


def test_run_em_history_and_bookkeeping(mixture):
    X, *_ = mixture
    m, c, w = g.init_params(X, 3, random_state=1)
    res = g.run_em(X, m, c, w, max_iter=200, tol=1e-6)
    assert res.converged and (res.max_iter, res.tol) == (200, 1e-6)
    assert len(res.log_likelihoods) == res.n_iter + 1 == len(res.history)
    assert res.log_likelihoods[0] == pytest.approx(g.log_likelihood(X, m, c, w), rel=1e-12)
    np.testing.assert_array_equal(res.history[0].means, m)
    for t in range(1, res.n_iter + 1):
        step = res.history[t]
        assert step.iteration == t and step.log_likelihood == res.log_likelihoods[t]
        # the parameters of iteration t are the M-step of the responsibilities of t - 1 ...
        w_t, m_t, c_t = g.m_step(X, res.history[t - 1].responsibilities)
        np.testing.assert_allclose(step.weights, w_t, rtol=0, atol=1e-12)
        np.testing.assert_allclose(step.means, m_t, rtol=0, atol=1e-12)
        np.testing.assert_allclose(step.covariances, c_t, rtol=0, atol=1e-12)
        # ... and its responsibilities and log-likelihood are the E-step of those parameters
        np.testing.assert_allclose(step.responsibilities, g.e_step(X, m_t, c_t, w_t), rtol=0, atol=1e-12)
        assert step.log_likelihood == pytest.approx(g.log_likelihood(X, m_t, c_t, w_t), rel=1e-12)
    np.testing.assert_array_equal(res.history[-1].means, res.means)
    assert res.log_likelihood == res.log_likelihoods[-1]
    assert abs(res.log_likelihoods[-1] - res.log_likelihoods[-2]) < 1e-6
    assert abs(res.log_likelihoods[-2] - res.log_likelihoods[-3]) >= 1e-6


def test_half_steps_index_the_history(mixture):
    X, *_ = mixture
    res = g.run_em(X, *g.init_params(X, 3, random_state=1), max_iter=500, tol=1e-6)
    assert res.n_half_steps == 2 * res.n_iter
    h = res.half_step(0)
    assert (h.kind, h.iteration, h.responsibilities, h.parameters_after) == ("start", 0, None, 0)
    h = res.half_step(5)  # the E-step of iteration 3: parameters of iteration 2, new responsibilities
    assert (h.kind, h.iteration, h.parameters_after) == ("E", 3, 2)
    assert h.state is res.history[2] and h.responsibilities is res.history[2].responsibilities
    h = res.half_step(6)  # its M-step: the parameters of iteration 3, from those responsibilities
    assert (h.kind, h.iteration, h.parameters_after) == ("M", 3, 3)
    assert h.state is res.history[3] and h.responsibilities is res.history[2].responsibilities
    assert res.half_step(res.n_half_steps).state is res.history[-1]
    for bad in (-1, res.n_half_steps + 1, 2.0, True):
        with pytest.raises(ValueError, match="step must be an integer from 0 to"):
            res.half_step(bad)
    lean = g.run_em(X, *g.init_params(X, 3, random_state=1), max_iter=500, tol=1e-6, keep_history=False)
    with pytest.raises(ValueError, match="keep_history=True"):
        lean.half_step(1)


def test_run_em_without_history_keeps_start_and_end(mixture):
    X, *_ = mixture
    m, c, w = g.init_params(X, 3, random_state=1)
    full = g.run_em(X, m, c, w, max_iter=500)
    lean = g.run_em(X, m, c, w, max_iter=500, keep_history=False)
    assert [h.iteration for h in lean.history] == [0, full.n_iter]
    np.testing.assert_array_equal(lean.means, full.means)


def test_run_em_warns_when_not_converged(mixture):
    X, *_ = mixture
    m, c, w = g.init_params(X, 3, random_state=1)
    with pytest.warns(g.ConvergenceWarning, match=r"max_iter=2 iterations: the last change in log-likelihood was") as rec:
        res = g.run_em(X, m, c, w, max_iter=2, tol=0)
    assert not res.converged and res.n_iter == 2
    assert f"{abs(res.log_likelihoods[2] - res.log_likelihoods[1]):.3g}" in str(rec[0].message)
    assert issubclass(g.ConvergenceWarning, UserWarning)


def test_one_iteration_is_compared_with_the_start(mixture):
    X, *_ = mixture
    m, c, w = g.init_params(X, 3, random_state=1)
    with pytest.warns(g.ConvergenceWarning) as rec:
        one = g.run_em(X, m, c, w, max_iter=1, tol=1e-6)
    change = one.log_likelihoods[1] - one.log_likelihoods[0]
    assert change > 1e-6 and f"max_iter=1 iterations: the last change in log-likelihood was {change:.3g}" in str(rec[0].message)
    # from a converged fit, one more iteration changes (almost) nothing: converged, no warning
    fit = g.run_em(X, m, c, w, max_iter=500, tol=1e-10)
    with warnings.catch_warnings():
        warnings.simplefilter("error", g.ConvergenceWarning)
        again = g.run_em(X, fit.means, fit.covariances, fit.weights, max_iter=1, tol=1e-6)
    assert again.converged and again.n_iter == 1


def test_inputs_are_not_modified(mixture):
    X, means, covs, weights = mixture
    copies = [a.copy() for a in (X, means, covs, weights)]
    g.run_em(X, means, covs, weights)
    resp = g.e_step(X, means, covs, weights)
    resp_copy = resp.copy()
    g.m_step(X, resp)
    for a, b in zip((X, means, covs, weights), copies):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(resp, resp_copy)


def test_lists_and_int_arrays_are_accepted():
    X = [[0, 0], [1, 2], [3, 1], [5, 5], [6, 4], [5, 6]]
    means = [[0, 0], [5, 5]]
    covs = [np.eye(2, dtype=int), np.eye(2, dtype=int)]  # the handout passes a list
    res = g.run_em(X, means, covs, [0.5, 0.5], max_iter=50)
    ref = g.run_em(np.array(X, float), np.array(means, float), np.eye(2)[None].repeat(2, 0), np.array([0.5, 0.5]), max_iter=50)
    np.testing.assert_array_equal(res.means, ref.means)


def test_collapse_onto_one_point_stays_finite_with_default_reg_covar():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(100, 2)), np.full((3, 2), 8.0)])
    means = np.array([[0.0, 0.0], [8.0, 8.0]])
    covs = np.array([np.eye(2), np.eye(2) * 0.5])
    with pytest.warns(g.CollapseWarning, match=r"component 2 \(index 1\), on about 3 points"):
        res = g.run_em(X, means, covs, [0.9, 0.1], max_iter=100)
    assert res.collapsed == (1,)
    assert np.all(np.isfinite(res.covariances)) and np.all(np.isfinite(res.log_likelihoods))
    assert np.allclose(res.covariances[1], 1e-6 * np.eye(2), atol=1e-9)  # collapsed, kept alive by reg_covar
    with pytest.raises(ValueError, match="reg_covar"):
        g.run_em(X, means, covs, [0.9, 0.1], reg_covar=0.0)


def test_temper_limits_and_bad_input():
    r = np.array([[0.6, 0.3, 0.1], [0.2, 0.2, 0.6]])
    np.testing.assert_allclose(g.temper(r, 1.0), r, atol=1e-12)
    np.testing.assert_allclose(g.temper(r, 1e-3), [[1, 0, 0], [0, 0, 1]], atol=1e-12)
    np.testing.assert_allclose(g.temper(r, 1e6), np.full((2, 3), 1 / 3), atol=1e-5)
    np.testing.assert_allclose(g.temper(r, 0.5), r**2 / (r**2).sum(axis=1, keepdims=True))
    for bad in (0.0, -1.0, np.nan, "1"):
        with pytest.raises(ValueError, match="temperature must be a number > 0"):
            g.temper(r, bad)


def test_faithful_reaches_reference_fit():
    X, cols = g.load_faithful()
    assert X.shape == (272, 2) and cols == ("eruptions", "waiting")
    m, c, w = g.init_params(X, 2, method="k-means++", random_state=0)
    res = g.run_em(X, m, c, w, tol=1e-10, max_iter=500)
    order = np.argsort(res.means[:, 0])
    np.testing.assert_allclose(res.weights[order], [0.356, 0.644], atol=5e-4)
    np.testing.assert_allclose(res.means[order], [[2.036, 54.48], [4.290, 79.97]], atol=5e-3)
    assert res.log_likelihood == pytest.approx(-1130.264, abs=1e-3)


def test_lower_bound_is_tight_after_the_e_step_and_below_otherwise(mixture):
    X, means, covs, weights = mixture
    ll = g.log_likelihood(X, means, covs, weights)
    r = g.e_step(X, means, covs, weights)
    assert g.lower_bound(X, r, means, covs, weights) == pytest.approx(ll, rel=1e-12)
    q = np.random.default_rng(0).dirichlet(np.ones(3), size=len(X))  # any other q: strictly below
    gap = ll - g.lower_bound(X, q, means, covs, weights)
    kl = np.sum(q * (np.log(q) - np.log(r)))  # the gap is the summed KL(q_i || r_i)
    assert gap > 0 and gap == pytest.approx(kl, rel=1e-9)
    # the M-step maximises the bound over the parameters for fixed q
    w1, m1, c1 = g.m_step(X, q, reg_covar=0.0)
    assert g.lower_bound(X, q, m1, c1, w1) > g.lower_bound(X, q, means, covs, weights)
    with pytest.raises(ValueError, match="responsibilities have 2 columns but the mixture has 3"):
        g.lower_bound(X, r[:, :2] / r[:, :2].sum(1, keepdims=True), means, covs, weights)


def test_tol_is_on_the_total_as_the_docstring_says():
    """run_em's docstring: from init_params(X, 2, random_state=0) on Old Faithful, 23 iterations here and 21 in
    scikit-learn, whose tol (1e-3) is on the mean log-likelihood per point."""
    from sklearn.mixture import GaussianMixture

    assert "from ``init_params(X, 2, random_state=0)``: 21 iterations\n        there, 23 here" in g.run_em.__doc__
    X, _ = g.load_faithful()
    m, c, w = g.init_params(X, 2, random_state=0)
    ours = g.run_em(X, m, c, w)
    theirs = GaussianMixture(2, weights_init=w, means_init=m, precisions_init=np.linalg.inv(c)).fit(X)
    assert (ours.n_iter, theirs.n_iter_) == (23, 21)
