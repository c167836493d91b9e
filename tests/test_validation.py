"""Bad input: every path raises a ValueError that says what is wrong and what to do."""

import numpy as np
import pytest

import gmm_lab as g

X = np.random.default_rng(0).normal(size=(20, 2))
M = np.array([[0.0, 0.0], [1.0, 1.0]])
C = np.array([np.eye(2), np.eye(2)])
W = np.array([0.5, 0.5])
R = np.full((20, 2), 0.5)


def _with_nan(a, idx):
    a = np.array(a, dtype=float)
    a[idx] = np.nan
    return a


CASES = {
    "nan in X": (lambda: g.e_step(_with_nan(X, (3, 1)), M, C, W), r"X contains NaN or infinite.*index \(3, 1\).*remove or impute"),
    "inf in X": (lambda: g.run_em(np.where(X == X.max(), np.inf, X), M, C, W), "X contains NaN or infinite"),
    "3-D X": (lambda: g.e_step(X[None], M, C, W), r"X must be 2-D.*Reshape"),
    "1-D X, 2-D model": (lambda: g.e_step(X[:, 0], M, C, W), r"1-D.*ambiguous.*reshape\(1, -1\)"),
    "X wrong features": (lambda: g.e_step(np.ones((5, 3)), M, C, W), "X has 3 features but the parameters have 2"),
    "empty X": (lambda: g.init_params(np.empty((0, 2)), 1), "X is empty"),
    "means 1-D": (lambda: g.e_step(X, M[0], C[:1], [1.0]), r"means must be 2-D.*reshape\(1, -1\)"),
    "means nan": (lambda: g.e_step(X, _with_nan(M, (0, 0)), C, W), "means contains NaN"),
    "covariances shape": (lambda: g.e_step(X, M, C[:, :1, :1], W), r"covariances must have shape .* \(2, 2, 2\)"),
    "covariances count": (lambda: g.e_step(X, M, C[:1], W), r"covariances must have shape"),
    "weights shape": (lambda: g.e_step(X, M, C, [1.0]), r"weights must have shape .* \(2,\)"),
    "weights negative": (lambda: g.e_step(X, M, C, [1.5, -0.5]), "weights must be non-negative"),
    "weights sum": (lambda: g.e_step(X, M, C, [0.5, 0.6]), r"weights must sum to 1.*weights / weights.sum\(\)"),
    "weights nan": (lambda: g.log_likelihood(X, M, C, [np.nan, 0.5]), "weights contains NaN"),
    "not symmetric": (lambda: g.e_step(X, M, [[[1, 0.5], [0, 1]], np.eye(2)], W), r"covariances\[0\] is not symmetric"),
    "not positive definite": (lambda: g.e_step(X, M, [np.eye(2), [[1, 2], [2, 1]]], W), r"covariances\[1\] is not positive definite.*Increase reg_covar"),
    "singular": (lambda: g.log_likelihood(X, M, [np.zeros((2, 2)), np.eye(2)], W), r"not positive definite.*reg_covar"),
    "resp shape": (lambda: g.m_step(X, R[:10]), r"responsibilities must have shape .*n_samples=20"),
    "resp negative": (lambda: g.m_step(X, np.column_stack([np.full(20, 1.5), np.full(20, -0.5)])), "must be non-negative"),
    "resp rows": (lambda: g.m_step(X, np.full((20, 2), 0.4)), r"row 0 sums to 0.8.*Normalise"),
    "resp nan": (lambda: g.m_step(X, _with_nan(R, (2, 0))), "responsibilities contains NaN"),
    "k > n (resp)": (lambda: g.m_step(X[:2], np.full((2, 3), 1 / 3)), r"n_components=3 but there are only 2 data points"),
    "k > n (init)": (lambda: g.init_params(X[:3], 4), r"n_components=4 but there are only 3 data points.*fewer components"),
    "k > n (run_em)": (lambda: g.run_em(X[:1], M, C, W), r"n_components=2 but there are only 1 data points"),
    "k = 0": (lambda: g.init_params(X, 0), r"n_components must be an integer >= 1"),
    "max_iter 0": (lambda: g.run_em(X, M, C, W, max_iter=0), "max_iter must be an integer >= 1"),
    "max_iter float": (lambda: g.run_em(X, M, C, W, max_iter=2.5), "max_iter must be an integer >= 1"),
    "tol negative": (lambda: g.run_em(X, M, C, W, tol=-1e-3), "tol must be a finite number >= 0"),
    "reg_covar negative": (lambda: g.m_step(X, R, reg_covar=-1e-6), "reg_covar must be a finite number >= 0"),
    "reg_covar nan": (lambda: g.run_em(X, M, C, W, reg_covar=np.nan), "reg_covar must be a finite number >= 0"),
    "init method": (lambda: g.init_params(X, 2, method="kmeans++"), r"method must be one of .*'random_from_data'.*; got 'kmeans\+\+' .*spells it 'k-means\+\+'"),
    "kmeans++ duplicates": (lambda: g.init_params(np.ones((10, 2)), 2, method="k-means++", random_state=0), r"only 1 distinct points but 2 components.*at most 1 components"),
    "random init duplicates": (lambda: g.init_params(np.repeat(X[:2], 5, axis=0), 3, random_state=0), r"only 2 distinct points but 3 components"),
    "complex X array": (lambda: g.e_step(X + 1j, M, C, W), r"X must be real.*complex.*X\.real"),
    "complex X list": (lambda: g.run_em([[1 + 2j, 0], [0, 1], [2, 2]], M, C, W), "X must be real"),
    "complex means": (lambda: g.e_step(X, M + 0j * 1j + 1e-3j, C, W), "means must be real"),
    "complex pdf cov": (lambda: g.log_gaussian_pdf(X, [0, 0], np.eye(2) * (1 + 1e-9j)), "cov must be real"),
    "temperature": (lambda: g.temper(R, 0), "temperature must be a number > 0"),
    "temper rows": (lambda: g.temper(np.full((20, 2), 0.2), 1.0), "row 0 sums to 0.4"),
    "blobs random_state": (lambda: g.make_three_blobs(random_state="x"), "random_state must be None, an int seed"),
    "handout random_state": (lambda: g.handout_start(random_state=-1), r"integer seed >= 0.*np.random.seed"),
    "collapsed covariance": (lambda: g.e_step(X, M, [np.eye(2), [[1.0, 1.0], [1.0, 1.0]]], W), r"covariances\[1\] is not positive definite: its smallest eigenvalue, .*, is zero to machine precision relative to the largest, 2"),
    "random_state legacy": (lambda: g.init_params(X, 2, random_state=np.random.RandomState(0)), "legacy RandomState.*default_rng"),
    "random_state junk": (lambda: g.sample_gmm(5, M, C, W, random_state="seed"), "random_state must be None, an int seed"),
    "sample n": (lambda: g.sample_gmm(-1, M, C, W), "n must be an integer >= 0"),
    "pdf cov shape": (lambda: g.log_gaussian_pdf(X, [0, 0], np.eye(3)), r"cov must have shape .* \(2, 2\)"),
    "pdf mean nan": (lambda: g.log_gaussian_pdf(X, [np.nan, 0], np.eye(2)), r"mean contains NaN or infinite.*index \(0,\)"),
    "pdf cov not PD": (lambda: g.log_gaussian_pdf(X, [0, 0], [[1.0, 2.0], [2.0, 1.0]]), r"^cov is not positive definite: it has a negative eigenvalue \(-1\).*Pass a symmetric positive definite cov"),
    "pdf non-numeric": (lambda: g.log_gaussian_pdf([["a", "b"]], [0, 0], np.eye(2)), "could not be read as an array of numbers"),
    # covariance types
    "type unknown": (lambda: g.e_step(X, M, C, W, covariance_type="diagonal"), r"covariance_type must be one of .*'diag'.*got 'diagonal'"),
    "type not a string": (lambda: g.run_em(X, M, C, W, covariance_type=None), r"covariance_type must be one of .*got None"),
    "type m_step": (lambda: g.m_step(X, R, covariance_type="Full"), r"covariance_type must be one of"),
    "type init": (lambda: g.init_params(X, 2, covariance_type="sphere"), r"covariance_type must be one of"),
    "type restarts": (lambda: g.run_restarts(X, 2, [0], covariance_type="tide"), r"covariance_type must be one of"),
    "type full_covariances": (lambda: g.full_covariances(C, covariance_type="ful"), r"covariance_type must be one of"),
    "diag given full": (lambda: g.e_step(X, np.zeros((3, 2)), np.stack([np.eye(2)] * 3), np.full(3, 1 / 3), covariance_type="diag"),
                        r"^covariances must have shape \(n_components, n_features\) = \(3, 2\) for covariance_type='diag'.*; got \(3, 2, 2\) \(that is the shape for covariance_type='full'"),
    "spherical given diag": (lambda: g.log_likelihood(X, M, np.ones((2, 2)), W, covariance_type="spherical"),
                             r"shape \(n_components,\) = \(2,\) for covariance_type='spherical'.*got \(2, 2\) \(that is the shape for covariance_type=.*'diag'"),
    "tied given full": (lambda: g.run_em(X, M, C, W, covariance_type="tied"), r"shape \(n_features, n_features\) = \(2, 2\) for covariance_type='tied'.*got \(2, 2, 2\)"),
    "full given spherical": (lambda: g.e_step(X, M, [1.0, 2.0], W), r"= \(2, 2, 2\) for covariance_type='full'.*got \(2,\) \(that is the shape for covariance_type='spherical'"),
    "sample diag shape": (lambda: g.sample_gmm(5, M, np.ones((2, 3)), W, covariance_type="diag"), r"= \(2, 2\) for covariance_type='diag'.*got \(2, 3\)\.$"),
    "diag variance negative": (lambda: g.e_step(X, M, [[1.0, 1.0], [1.0, -0.5]], W, covariance_type="diag"), r"covariances\[1, 1\] = -0.5 is not a positive variance.*component 1.*Increase reg_covar"),
    "spherical variance zero": (lambda: g.sample_gmm(5, M, [1.0, 0.0], W, covariance_type="spherical"), r"covariances\[1\] = 0 is not a positive variance"),
    "diag nan": (lambda: g.e_step(X, M, [[1.0, np.nan], [1.0, 1.0]], W, covariance_type="diag"), r"covariances contains NaN.*index \(0, 1\)"),
    "tied not PD": (lambda: g.e_step(X, M, [[1.0, 2.0], [2.0, 1.0]], W, covariance_type="tied"), r"covariances \(the one tied matrix\) is not positive definite.*reg_covar"),
    "tied not symmetric": (lambda: g.log_likelihood(X, M, [[1.0, 0.5], [0.0, 1.0]], W, covariance_type="tied"), r"covariances \(the one tied matrix\) is not symmetric"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_raises_helpful_value_error(case):
    call, pattern = CASES[case]
    with pytest.raises(ValueError, match=pattern):
        call()


def test_one_dimensional_X_is_read_as_points_for_a_one_dimensional_model():
    x = np.array([0.0, 0.2, 3.0, 3.1, 2.9, 0.1])
    means, covs, weights = np.array([[0.0], [3.0]]), np.ones((2, 1, 1)), [0.5, 0.5]
    resp = g.e_step(x, means, covs, weights)
    assert resp.shape == (6, 2)
    np.testing.assert_array_equal(resp, g.e_step(x[:, None], means, covs, weights))
    m, c, w = g.init_params(x, 2, random_state=0)  # no model yet: n points of 1-D data
    assert m.shape == (2, 1)


def test_log_gaussian_pdf_does_not_suggest_an_argument_it_lacks():
    with pytest.raises(ValueError) as err:
        g.log_gaussian_pdf(X, [0, 0], [[1.0, 2.0], [2.0, 1.0]])
    assert "reg_covar" not in str(err.value)


def test_complex_arrays_are_refused_not_cut_to_their_real_part():
    """NumPy would keep only the real part (with a ComplexWarning); every entry point refuses instead."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ComplexWarning on the way to the ValueError
        for call in (lambda: g.m_step(X + 0j, R), lambda: g.init_params(X.astype(complex), 2),
                     lambda: g.sample_gmm(3, M, C.astype(complex), W), lambda: g.log_likelihood(X, M, C, W + 0j)):
            with pytest.raises(ValueError, match="must be real"):
                call()


@pytest.mark.parametrize("covariance_type", ["full", "tied", "diag", "spherical"])
def test_parameters_in_m_steps_order_are_named_as_such(covariance_type):
    """run_em(X, *m_step(...)) passes (weights, means, covariances) where (means, covariances, weights) go."""
    X, _ = g.load_faithful()
    step = g.m_step(X, g.e_step(X, *g.init_params(X, 2, random_state=0)), covariance_type=covariance_type)
    with pytest.raises(ValueError, match=r"look like m_step's \(weights, means, covariances\).*step\.means"):
        g.run_em(X, *step, covariance_type=covariance_type)
    fit = g.run_em(X, step.means, step.covariances, step.weights, covariance_type=covariance_type)
    assert fit.n_iter >= 1
