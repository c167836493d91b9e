"""n_parameters, BIC and AIC: scikit-learn's numbers for the same fit, every covariance type."""

import warnings

import numpy as np
import pytest
from sklearn.mixture import GaussianMixture

import gmm_lab as g
from helpers import make_mixture

TYPES = ("full", "diag", "spherical", "tied")


@pytest.mark.parametrize("covariance_type", TYPES)
def test_n_parameters_is_sklearns(covariance_type):
    X, *_ = make_mixture(60, 6, 2, 0)
    for k in (1, 2, 5):
        for d in (1, 2, 3, 6):
            gm = GaussianMixture(k, covariance_type=covariance_type, max_iter=1, random_state=0)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                gm.fit(X[:, :d])
            assert g.n_parameters(k, d, covariance_type=covariance_type) == gm._n_parameters(), (k, d)


def test_n_parameters_by_hand():
    # 2-D, 3 components: 2 free weights, 6 mean entries, then 3 x 3 (full), 3 x 2, 3, or 3 (tied)
    assert [g.n_parameters(3, 2, covariance_type=t) for t in TYPES] == [17, 14, 11, 11]
    assert g.n_parameters(3, 2) == 17  # full by default


@pytest.mark.parametrize("covariance_type", TYPES)
@pytest.mark.parametrize("d", [1, 2, 5])
def test_bic_and_aic_equal_sklearns_for_the_same_fit(covariance_type, d):
    X, *_ = make_mixture(500, d, 3, d)
    start = g.init_params(X, 3, method="k-means++", random_state=d, covariance_type=covariance_type)
    m, c, w = start
    precisions = np.linalg.inv(c) if covariance_type in ("full", "tied") else 1.0 / c
    gm = GaussianMixture(3, covariance_type=covariance_type, tol=0.0, max_iter=40, weights_init=w,
                         means_init=m, precisions_init=precisions, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gm.fit(X)
        fit = g.run_em(X, *start, max_iter=40, tol=0.0, covariance_type=covariance_type)
    np.testing.assert_allclose(fit.means, gm.means_, atol=1e-8)  # the same fit
    assert g.bic(X, fit) == pytest.approx(gm.bic(X), rel=1e-8)
    assert g.aic(X, fit) == pytest.approx(gm.aic(X), rel=1e-8)
    # on other data too (held-out points), with the fit's own covariance type
    Y, *_ = make_mixture(100, d, 3, d + 10)
    assert g.bic(Y, fit) == pytest.approx(gm.bic(Y), rel=1e-8)


def test_bic_and_aic_by_hand_and_their_penalties():
    X, _ = g.load_faithful()
    fit = g.run_em(X, *g.init_params(X, 2, method="k-means++", random_state=0), tol=1e-8, max_iter=500)
    ll, n, p = fit.log_likelihood, len(X), g.n_parameters(2, 2)
    assert g.bic(X, fit) == pytest.approx(-2 * ll + p * np.log(n), rel=1e-12)
    assert g.aic(X, fit) == pytest.approx(-2 * ll + 2 * p, rel=1e-12)
    assert g.bic(X, fit) - g.aic(X, fit) == pytest.approx(p * (np.log(n) - 2), rel=1e-12)


@pytest.mark.parametrize("call, pattern", [
    (lambda X, fit: g.bic(X, (fit.means, fit.covariances, fit.weights)), r"fit must be an EMResult.*got tuple"),
    (lambda X, fit: g.aic(X[:, :1], fit), r"X has 1 features but the parameters have 2"),
    (lambda X, fit: g.n_parameters(0, 2), r"n_components must be an integer >= 1"),
    (lambda X, fit: g.n_parameters(2, 2, covariance_type="diagonal"), r"covariance_type must be one of"),
])
def test_criteria_bad_input(call, pattern):
    X, _ = g.load_faithful()
    fit = g.run_em(X, *g.init_params(X, 2, random_state=0), max_iter=500)
    with pytest.raises(ValueError, match=pattern):
        call(X, fit)
