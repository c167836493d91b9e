"""The four covariance types: scikit-learn's numbers, shapes, and each type as a constrained "full"."""

import warnings

import numpy as np
import pytest
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters

import gmm_lab as g
from helpers import make_mixture

TYPES = ("full", "diag", "spherical", "tied")


def shape_of(covariance_type, k, d):
    return {"full": (k, d, d), "diag": (k, d), "spherical": (k,), "tied": (d, d)}[covariance_type]


def precisions(covariances, covariance_type):
    """scikit-learn's precisions_init for our covariances."""
    if covariance_type in ("full", "tied"):
        return np.linalg.inv(covariances)
    return 1.0 / covariances


def sklearn_fit(X, start, covariance_type, n_iter, reg_covar=1e-6):
    means, covariances, weights = start
    gm = GaussianMixture(
        n_components=len(weights), covariance_type=covariance_type, tol=0.0, max_iter=n_iter,
        reg_covar=reg_covar, weights_init=weights, means_init=means,
        precisions_init=precisions(covariances, covariance_type), init_params="random_from_data", random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return gm.fit(X)


def structured_start(X, k, covariance_type, seed):
    """A start whose covariances are not all equal (init_params' random start repeats one)."""
    means, _, weights = g.init_params(X, k, random_state=seed)
    rng = np.random.default_rng(seed)
    d = X.shape[1]
    scale = rng.uniform(0.5, 2.0, size=(k, d))
    A = rng.normal(size=(d, d))
    covariances = {
        "full": np.array([np.diag(s) + 0.1 * np.eye(d) for s in scale]),
        "diag": scale,
        "spherical": scale.mean(axis=1),
        "tied": A @ A.T / d + np.eye(d),
    }[covariance_type]
    return means, covariances, rng.dirichlet(np.full(k, 4.0))


@pytest.mark.parametrize("covariance_type", TYPES)
@pytest.mark.parametrize("n, d, k, seed", [(300, 1, 2, 1), (500, 2, 3, 2), (800, 5, 3, 4), (900, 8, 4, 5)])
def test_run_em_matches_sklearn_from_same_start(covariance_type, n, d, k, seed):
    X, *_ = make_mixture(n, d, k, seed)
    start = g.init_params(X, k, random_state=seed, covariance_type=covariance_type)
    n_iter = 25
    with pytest.warns(g.ConvergenceWarning):
        ours = g.run_em(X, *start, max_iter=n_iter, tol=0.0, covariance_type=covariance_type)
    ref = sklearn_fit(X, start, covariance_type, n_iter)
    assert ours.n_iter == ref.n_iter_ == n_iter and ours.covariance_type == covariance_type
    assert ours.covariances.shape == ref.covariances_.shape == shape_of(covariance_type, k, d)
    np.testing.assert_allclose(ours.weights, ref.weights_, rtol=0, atol=1e-8)
    np.testing.assert_allclose(ours.means, ref.means_, rtol=0, atol=1e-8)
    np.testing.assert_allclose(ours.covariances, ref.covariances_, rtol=0, atol=1e-8)
    per_point = g.log_mixture_pdf(X, ours.means, ours.covariances, ours.weights, covariance_type=covariance_type)
    np.testing.assert_allclose(per_point, ref.score_samples(X), rtol=0, atol=1e-8)
    np.testing.assert_allclose(ours.responsibilities, ref.predict_proba(X), rtol=0, atol=1e-8)
    assert ours.log_likelihood == pytest.approx(ref.score(X) * n, rel=1e-12)


@pytest.mark.parametrize("covariance_type", TYPES)
def test_one_step_matches_sklearn_internals_from_unequal_covariances(covariance_type):
    X, *_ = make_mixture(400, 3, 3, 7)
    start = structured_start(X, 3, covariance_type, 7)
    resp = g.e_step(X, *start, covariance_type=covariance_type)
    gm0 = sklearn_fit(X, start, covariance_type, 1)
    # scikit-learn's one iteration = our e_step then m_step from the same start
    w1, m1, c1 = g.m_step(X, resp, covariance_type=covariance_type)
    np.testing.assert_allclose(w1, gm0.weights_, rtol=0, atol=1e-12)
    np.testing.assert_allclose(m1, gm0.means_, rtol=0, atol=1e-10)
    np.testing.assert_allclose(c1, gm0.covariances_, rtol=0, atol=1e-10)
    # and our M-step is scikit-learn's estimator on the same responsibilities
    nk, means, covariances = _estimate_gaussian_parameters(X, resp, 1e-6, covariance_type)
    np.testing.assert_allclose(m1, means, rtol=0, atol=1e-12)
    np.testing.assert_allclose(c1, covariances, rtol=0, atol=1e-12)
    np.testing.assert_allclose(w1, nk / len(X), rtol=0, atol=1e-15)


@pytest.mark.parametrize("covariance_type", ["diag", "spherical", "tied"])
def test_every_type_is_a_full_model_with_constrained_covariances(covariance_type):
    """E-step, densities and samples of a type equal those of the same model written as "full"."""
    X, *_ = make_mixture(300, 3, 4, 12)
    means, covs, weights = structured_start(X, 4, covariance_type, 12)
    full = g.full_covariances(covs, covariance_type=covariance_type, n_components=4, n_features=3)
    assert full.shape == (4, 3, 3)
    kw = {"covariance_type": covariance_type}
    np.testing.assert_allclose(g.e_step(X, means, covs, weights, **kw), g.e_step(X, means, full, weights), atol=1e-13)
    np.testing.assert_allclose(g.log_mixture_pdf(X, means, covs, weights, **kw),
                               g.log_mixture_pdf(X, means, full, weights), rtol=1e-13)
    a, la = g.sample_gmm(50, means, covs, weights, random_state=3, **kw)
    b, lb = g.sample_gmm(50, means, full, weights, random_state=3)
    np.testing.assert_array_equal(la, lb)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-14)


def test_m_step_types_are_the_full_estimate_constrained():
    """diag = the diagonal of full's, spherical = its mean, tied = full's pooled by N_j (before reg_covar)."""
    X, means, covs, weights = make_mixture(300, 3, 3, 5)
    r = g.e_step(X, means, covs, weights)
    w, m, full = g.m_step(X, r, reg_covar=0.0)
    for covariance_type in ("diag", "spherical", "tied"):
        w_t, m_t, _ = g.m_step(X, r, reg_covar=0.0, covariance_type=covariance_type)
        np.testing.assert_array_equal(w_t, w)  # weights and means do not depend on the type
        np.testing.assert_array_equal(m_t, m)
    diag = g.m_step(X, r, reg_covar=0.0, covariance_type="diag")[2]
    np.testing.assert_allclose(diag, np.diagonal(full, axis1=1, axis2=2), rtol=1e-12)
    spherical = g.m_step(X, r, reg_covar=0.0, covariance_type="spherical")[2]
    np.testing.assert_allclose(spherical, np.trace(full, axis1=1, axis2=2) / 3, rtol=1e-12)
    tied = g.m_step(X, r, reg_covar=0.0, covariance_type="tied")[2]
    np.testing.assert_allclose(tied, np.einsum("k,kde->de", w, full), rtol=1e-12)
    np.testing.assert_array_equal(tied, tied.T)
    # reg_covar goes on the diagonal / each variance, once
    for covariance_type, eye in (("diag", np.ones((3, 3))), ("spherical", np.ones(3)), ("tied", np.eye(3))):
        c0 = g.m_step(X, r, reg_covar=0.0, covariance_type=covariance_type)[2]
        c1 = g.m_step(X, r, reg_covar=0.5, covariance_type=covariance_type)[2]
        np.testing.assert_allclose(c1 - c0, 0.5 * eye, atol=1e-12)


def test_m_step_by_hand_for_every_type():
    X = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 4.0], [10.0, 10.0], [12.0, 10.0]])
    resp = np.array([[1, 0], [1, 0], [1, 0], [0, 1], [0, 1]], dtype=float)
    _, m, c = g.m_step(X, resp, reg_covar=0.0, covariance_type="diag")
    np.testing.assert_allclose(m, [[2 / 3, 4 / 3], [11, 10]])
    np.testing.assert_allclose(c, [[8 / 9, 32 / 9], [1, 0]], atol=1e-12)
    _, _, s = g.m_step(X, resp, reg_covar=0.0, covariance_type="spherical")
    np.testing.assert_allclose(s, [20 / 9, 0.5], atol=1e-12)
    _, _, t = g.m_step(X, resp, reg_covar=0.0, covariance_type="tied")
    scatter = sum(np.outer(x - m[j], x - m[j]) for x, j in zip(X, [0, 0, 0, 1, 1]))
    np.testing.assert_allclose(t, scatter / 5, atol=1e-12)


@pytest.mark.parametrize("covariance_type", TYPES)
@pytest.mark.parametrize("d", [1, 2, 5])
def test_run_em_history_is_m_step_then_e_step_by_hand(covariance_type, d):
    X, *_ = make_mixture(300, d, 3, d)
    kw = {"covariance_type": covariance_type}
    start = structured_start(X, 3, covariance_type, d)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        res = g.run_em(X, *start, max_iter=15, tol=0.0, **kw)
    assert res.covariance_type == covariance_type and len(res.history) == res.n_iter + 1
    for t in range(1, res.n_iter + 1):
        step = res.history[t]
        w_t, m_t, c_t = g.m_step(X, res.history[t - 1].responsibilities, **kw)
        assert step.covariances.shape == shape_of(covariance_type, 3, d)
        np.testing.assert_allclose(step.weights, w_t, rtol=0, atol=1e-12)
        np.testing.assert_allclose(step.means, m_t, rtol=0, atol=1e-12)
        np.testing.assert_allclose(step.covariances, c_t, rtol=0, atol=1e-12)
        np.testing.assert_allclose(step.responsibilities, g.e_step(X, m_t, c_t, w_t, **kw), rtol=0, atol=1e-12)
        assert step.log_likelihood == pytest.approx(g.log_likelihood(X, m_t, c_t, w_t, **kw), rel=1e-12)
    assert res.half_step(3).state.covariances.shape == shape_of(covariance_type, 3, d)


@pytest.mark.parametrize("covariance_type", ["diag", "spherical"])
def test_diagonal_types_are_accurate_far_from_the_origin(covariance_type):
    """run_em's fast path expands squares; it centres the data first, so an offset costs no accuracy."""
    X, *_ = make_mixture(400, 2, 3, 21)
    start = structured_start(X, 3, covariance_type, 21)
    kw = {"max_iter": 10, "tol": 0.0, "covariance_type": covariance_type}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        near = g.run_em(X, *start, **kw)
        far = g.run_em(X + 1e6, start[0] + 1e6, *start[1:], **kw)
    np.testing.assert_allclose(far.means - 1e6, near.means, rtol=0, atol=1e-8)
    np.testing.assert_allclose(far.covariances, near.covariances, rtol=1e-8)
    np.testing.assert_allclose(far.responsibilities, near.responsibilities, rtol=0, atol=1e-8)


@pytest.mark.parametrize("covariance_type", TYPES)
def test_a_component_with_weight_zero_takes_no_points(covariance_type):
    X, *_ = make_mixture(300, 2, 3, 11)
    means, covs, _ = structured_start(X, 3, covariance_type, 11)
    weights = np.array([0.5, 0.5, 0.0])
    kw = {"covariance_type": covariance_type}
    r = g.e_step(X, means, covs, weights, **kw)
    assert np.all(r[:, 2] == 0.0) and np.all(np.isfinite(r))
    with pytest.warns(g.ConvergenceWarning):
        res = g.run_em(X, means, covs, weights, max_iter=20, tol=0, **kw)
    assert res.weights[2] < 1e-12 and np.all(np.isfinite(res.log_likelihoods))
    assert np.all(np.isfinite(res.means)) and np.all(np.isfinite(res.covariances))
    w1, m1, c1 = g.m_step(X, res.history[-2].responsibilities, **kw)
    np.testing.assert_allclose(res.means, m1, atol=1e-12)  # the empty component's mean too


@pytest.mark.parametrize("covariance_type", ["diag", "spherical"])
def test_collapse_stays_finite_and_plain_em_never_gives_nan(covariance_type):
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(100, 2)), np.full((3, 2), 8.0)])
    means, weights = np.array([[0.0, 0.0], [8.0, 8.0]]), [0.9, 0.1]
    covs = np.ones((2, 2)) if covariance_type == "diag" else np.ones(2)
    with pytest.warns(g.CollapseWarning):
        res = g.run_em(X, means, covs, weights, max_iter=100, covariance_type=covariance_type)
    assert np.all(np.isfinite(res.log_likelihoods)) and res.collapsed == (1,)
    np.testing.assert_allclose(res.covariances[1], 1e-6, rtol=1e-6)  # collapsed, kept alive by reg_covar
    # plain EM: the variance of three equal points is rounding noise (a diagonal matrix
    # has no rank to lose, unlike a full one); the run either says so or stays finite
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        warnings.simplefilter("ignore", g.CollapseWarning)  # collapsed, as tested above
        try:
            plain = g.run_em(X, means, covs, weights, max_iter=30, reg_covar=0.0, covariance_type=covariance_type)
        except ValueError as exc:
            assert "is not a positive variance" in str(exc) and "reg_covar" in str(exc)
        else:
            assert np.all(np.isfinite(plain.log_likelihoods)) and np.all(np.isfinite(plain.responsibilities))
            assert np.all(plain.covariances[1] < 1e-20) and plain.log_likelihood > res.log_likelihood
            last = plain.history[-1]
            w, m, c = g.m_step(X, plain.history[-2].responsibilities, reg_covar=0.0, covariance_type=covariance_type)
            np.testing.assert_allclose(last.means, m, atol=1e-12)  # the fast path keeps to em.py's formula:
            assert np.all(c[1] < 1e-20)  # both variances rounding noise, not a cancelled difference


@pytest.mark.parametrize("covariance_type", TYPES)
@pytest.mark.parametrize("method", ["random_from_data", "k-means++"])
def test_init_params_gives_the_type_shapes(covariance_type, method):
    X, *_ = make_mixture(200, 3, 4, 3)
    means, covs, weights = g.init_params(X, 4, method=method, random_state=0, covariance_type=covariance_type)
    assert means.shape == (4, 3) and covs.shape == shape_of(covariance_type, 4, 3) and weights.shape == (4,)
    full_means, full_covs, full_weights = g.init_params(X, 4, method=method, random_state=0)
    np.testing.assert_array_equal(means, full_means)  # the type changes the covariances only
    np.testing.assert_array_equal(weights, full_weights)
    expected = {"full": full_covs, "diag": np.diagonal(full_covs, axis1=1, axis2=2),
                "spherical": np.trace(full_covs, axis1=1, axis2=2) / 3,
                "tied": np.einsum("k,kde->de", full_weights, full_covs - 1e-6 * np.eye(3)) + 1e-6 * np.eye(3)}
    np.testing.assert_allclose(covs, expected[covariance_type], rtol=1e-12)


def test_restarts_pass_the_type_on():
    X, _ = g.load_faithful()
    res = g.run_restarts(X, 2, range(3), covariance_type="diag", max_iter=500, tol=1e-6)
    assert res.covariance_type == "diag"
    for s, run in res.runs.items():
        assert run.covariance_type == "diag" and run.covariances.shape == (2, 2)
        ref = g.run_em(X, *g.init_params(X, 2, random_state=s, covariance_type="diag"), max_iter=500, tol=1e-6,
                       covariance_type="diag")
        np.testing.assert_array_equal(run.means, ref.means)


def test_full_covariances_expands_each_type():
    np.testing.assert_array_equal(g.full_covariances([[1.0, 4.0], [2.0, 3.0]], covariance_type="diag"),
                                  [np.diag([1.0, 4.0]), np.diag([2.0, 3.0])])
    np.testing.assert_array_equal(g.full_covariances([2.0, 5.0], covariance_type="spherical", n_features=3),
                                  [2 * np.eye(3), 5 * np.eye(3)])
    tied = np.array([[2.0, 0.5], [0.5, 1.0]])
    np.testing.assert_array_equal(g.full_covariances(tied, covariance_type="tied", n_components=3), [tied] * 3)
    full = np.array([np.eye(2), tied])
    out = g.full_covariances(full)
    np.testing.assert_array_equal(out, full)
    assert out is not full
    with pytest.raises(ValueError, match=r"needs n_features .*'spherical'.*n_features=means.shape\[1\]"):
        g.full_covariances([2.0, 5.0], covariance_type="spherical")
    with pytest.raises(ValueError, match=r"needs n_components .*'tied'"):
        g.full_covariances(tied, covariance_type="tied")
    with pytest.raises(ValueError, match=r"must have shape \(n_components, n_features\) = \(3, 2\) for covariance_type='diag'"):
        g.full_covariances(np.ones((2, 2)), covariance_type="diag", n_components=3)
