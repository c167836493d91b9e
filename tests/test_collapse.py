"""Collapsed components: found, recorded (EMResult.collapsed) and warned about, and only those."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gmm_lab as g
from gmm_lab.collapse import RTOL, collapsed_in_batch

TYPES = ("full", "diag", "spherical", "tied")


def verdict(X, covariances, weights, covariance_type="full", reg_covar=0.0):
    """The rule itself, on given parameters: what a run with these final parameters records as collapsed."""
    X = g.validation.check_X(X)
    covariances, weights = np.asarray(covariances, dtype=float), np.asarray(weights, dtype=float)
    return list(collapsed_in_batch(X, covariances[None], weights[None], covariance_type=covariance_type,
                                   reg_covar=reg_covar)[0])


def lone_point():
    """PRML 9.2.1 in 1-D: 60 points N(0, 1) and one at 3.5, a component started on it (notebook 11)."""
    x = g.make_lone_point()
    return x, (np.array([[0.0], [3.5]]), np.array([[[1.0]], [[0.25]]]), np.array([0.9, 0.1]))


def test_plain_em_walks_into_the_spike_and_says_so():
    x, start = lone_point()
    with pytest.warns(g.CollapseWarning, match=r"component 2 \(index 1\), on about 1 point\. .*unbounded") as rec:
        fit = g.run_em(x, *start, reg_covar=0.0, tol=1e-6)
    assert len(rec) == 1
    assert fit.converged and fit.collapsed == (1,)  # the stopping rule was met: converged says only that
    assert 0 < fit.covariances[1, 0, 0] < 1e-20  # rounding residue, not zero
    assert np.all(np.diff(fit.log_likelihoods) > 0)  # the likelihood climbed all the way into the spike


@pytest.mark.parametrize("reg_covar", [1e-12, 1e-6, 1e-4])
def test_reg_covar_floors_the_variance_but_the_component_stays_collapsed(reg_covar):
    x, start = lone_point()
    with pytest.warns(g.CollapseWarning, match=f"only reg_covar={reg_covar:g} keeps its density finite"):
        fit = g.run_em(x, *start, reg_covar=reg_covar, tol=1e-6)
    assert fit.collapsed == (1,)
    assert fit.covariances[1, 0, 0] == pytest.approx(reg_covar, rel=1e-9)  # σ₂ = √reg_covar
    assert fit.means[1, 0] == pytest.approx(3.5)


def test_a_healthy_fit_is_not_collapsed_and_warns_nothing():
    X, _ = g.load_faithful()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = g.run_em(X, *g.init_params(X, 2, random_state=0), tol=1e-6, max_iter=500)
        runs = g.run_restarts(X, 2, range(5), keep_history=False)
    assert fit.collapsed == () and runs.collapsed == []
    assert g.collapsed_components(X, fit) == ()


def test_an_empty_component_is_not_collapsed():
    x, (m, c, _) = lone_point()
    assert verdict(x, np.array([[[1.0]], [[1e-6]]]), [1.0, 0.0], reg_covar=1e-6) == []
    assert verdict(x, np.array([[[1.0]], [[1e-6]]]), [0.9, 0.1], reg_covar=1e-6) == [1]


def test_points_sharing_a_coordinate_collapse_a_diag_component():
    """Old Faithful in raw units: waiting times are whole minutes (notebook 10)."""
    X, _ = g.load_faithful()
    with pytest.warns(g.CollapseWarning):
        fit = g.run_em(X, *g.init_params(X, 5, method="k-means++", random_state=2, covariance_type="diag"),
                       covariance_type="diag", max_iter=1000)
    [j] = fit.collapsed
    mine = fit.responsibilities[:, j] > 0.5
    assert len(np.unique(X[mine, 1])) == 1 and mine.sum() > 5  # one waiting time, many eruptions
    assert fit.covariances[j, 1] == pytest.approx(1e-6) and fit.covariances[j, 0] > 1e-3


def test_two_points_collapse_a_full_component_in_two_dimensions():
    X = np.array([[0.0, 0.0], [1.0, 0.2], [0.3, 1.1], [-0.8, 0.4], [5.0, 5.0], [6.0, 7.0]])
    line = np.cov(X[4:].T, bias=True) + 1e-6 * np.eye(2)  # the scatter of two points is rank 1
    covs = np.array([np.cov(X[:4].T, bias=True), line])
    assert verdict(X, covs, [4 / 6, 2 / 6], reg_covar=1e-6) == [1]


@pytest.mark.parametrize("covariance_type", TYPES)
def test_every_type(covariance_type):
    x, (m, _, w) = lone_point()
    X = np.hstack([x, np.random.default_rng(1).normal(size=x.shape)])  # 2-D now
    thin = {"full": np.array([np.eye(2), np.diag([1e-6, 1.0])]), "diag": np.array([[1.0, 1.0], [1e-6, 1.0]]),
            "spherical": np.array([1.0, 1e-6]), "tied": np.diag([1e-6, 1.0])}[covariance_type]
    want = {"full": [1], "diag": [1], "spherical": [1], "tied": [0, 1]}[covariance_type]
    assert verdict(X, thin, w, covariance_type, reg_covar=1e-6) == want
    assert verdict(X, thin, w, covariance_type, reg_covar=0.0) == []


@settings(max_examples=30, deadline=None)
@given(st.floats(-6, 6), st.floats(-6, 6), st.floats(1e-3, 1e3), st.floats(1e-3, 1e3))
def test_units_do_not_matter(log_a, log_b, var_thin, var_round):
    """Rescaling each feature (and the fit with it) changes no verdict: variances are in the data's units."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2))
    covs = np.array([[[var_round, 0.0], [0.0, var_round]], [[var_thin, 0.0], [0.0, 0.0]]]) * 1e-3
    covs[1, 1, 1] = 1e-14 * var_thin  # collapsed along x₂ (relative 1e-11 of the data's variance or less)
    base = verdict(X, covs, [0.5, 0.5])
    s = np.array([10.0**log_a, 10.0**log_b])
    scaled = verdict(X * s, covs * np.outer(s, s), [0.5, 0.5])
    assert base == scaled == [1]


def test_the_threshold_is_relative_to_the_data():
    X = np.random.default_rng(0).normal(size=(100, 1))
    var = X.var()
    w = [0.5, 0.5]
    assert verdict(X, [[[var]], [[0.5 * RTOL * var]]], w) == [1]
    assert verdict(X, [[[var]], [[2 * RTOL * var]]], w) == []


def test_batched_runs_and_restarts_record_it_once():
    X, _ = g.load_faithful()
    starts = [g.init_params(X, 5, method="k-means++", random_state=s, covariance_type="diag") for s in range(4)]
    with pytest.warns(g.CollapseWarning, match=r"1 of 4 starts \(starts\[2\]\)") as rec:
        runs = g.run_em_batch(X, starts, covariance_type="diag", max_iter=1000)
    assert len([r for r in rec if r.category is g.CollapseWarning]) == 1
    assert [bool(r.collapsed) for r in runs] == [False, False, True, False]
    with pytest.warns(g.CollapseWarning, match=r"random_state 2\)") as rec:
        restarts = g.run_restarts(X, 5, range(4), method="k-means++", covariance_type="diag", max_iter=1000,
                                  keep_history=False)
    assert len([r for r in rec if r.category is g.CollapseWarning]) == 1
    assert restarts.collapsed == [2] and restarts.best_random_state == 2  # the spike has the best ℓ


def test_collapsed_components_reads_the_fit():
    """reg_covar comes from the fit (run_em's 1e-6 here), so the fit's own verdict is found again."""
    x, start = lone_point()
    with pytest.warns(g.CollapseWarning):
        fit = g.run_em(x, *start, tol=1e-6)
    assert fit.reg_covar == 1e-6 and fit.collapsed == (1,)
    assert g.collapsed_components(x, fit) == (1,) == fit.collapsed
    assert g.collapsed_components(x, g.run_em(x, *start, tol=None, max_iter=1)) == ()  # not yet


def test_bad_input():
    x, start = lone_point()
    with pytest.raises(ValueError, match="fit must be an EMResult .* got tuple"):
        g.collapsed_components(x, start)
    fit = g.run_em(x, *start, max_iter=1, tol=None)
    with pytest.raises(ValueError, match="X has 2 features but the parameters have 1"):
        g.collapsed_components(np.hstack([x, x]), fit)
    with pytest.raises(ValueError, match="covariance_type 'Full' is not one of"):
        collapsed_in_batch(x, fit.covariances[None], fit.weights[None], covariance_type="Full", reg_covar=0.0)
