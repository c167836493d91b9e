"""run_em(..., tol=None): exactly max_iter iterations, no stopping rule, no warning (PRML Fig. 9.8)."""

import warnings

import numpy as np
import pytest

import gmm_lab as g


def test_tol_none_runs_exactly_max_iter_without_a_warning(mixture):
    X, means, covs, weights = mixture
    start = g.init_params(X, 3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ConvergenceWarning, nor anything else
        run = g.run_em(X, *start, max_iter=7, tol=None)
    assert run.n_iter == 7 and len(run.history) == 8 and len(run.log_likelihoods) == 8
    assert run.converged is False and run.tol is None and run.max_iter == 7
    assert run.history[-1].iteration == 7 and run.n_half_steps == 14


def test_tol_none_goes_on_after_a_tol_run_would_stop(mixture):
    """The same iterations as with a tolerance, and more: nothing else changes."""
    X, *_ = mixture
    start = g.init_params(X, 3, random_state=1)
    stopped = g.run_em(X, *start, max_iter=500, tol=1e-3)
    assert stopped.converged
    fixed = g.run_em(X, *start, max_iter=stopped.n_iter + 20, tol=None)
    np.testing.assert_array_equal(fixed.log_likelihoods[: stopped.n_iter + 1], stopped.log_likelihoods)
    assert np.all(np.diff(fixed.log_likelihoods) >= -1e-9)  # EM keeps climbing (or stays put)


def test_tol_none_without_history_keeps_the_final_state(mixture):
    X, *_ = mixture
    start = g.init_params(X, 3, random_state=2)
    full = g.run_em(X, *start, max_iter=12, tol=None)
    light = g.run_em(X, *start, max_iter=12, tol=None, keep_history=False)
    assert light.n_iter == 12 and [h.iteration for h in light.history] == [0, 12]
    np.testing.assert_allclose(light.means, full.means, rtol=1e-12)


def test_prml_figure_run_matches_scikit_learn_after_the_same_iterations():
    """tol=None and scikit-learn's max_iter with tol=0 run the same number of EM iterations."""
    from sklearn.mixture import GaussianMixture

    X, _ = g.load_faithful()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    means, covs, weights = np.array([[-1.75, 1.0], [1.75, -1.0]]), np.array([0.25 * np.eye(2)] * 2), [0.5, 0.5]
    for n in (1, 2, 5):
        ours = g.run_em(Z, means, covs, weights, max_iter=n, tol=None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scikit-learn warns that it did not converge
            sk = GaussianMixture(2, weights_init=weights, means_init=means, precisions_init=np.linalg.inv(covs),
                                 max_iter=n, tol=0.0).fit(Z)
        np.testing.assert_allclose(ours.means, sk.means_, atol=1e-8)
        np.testing.assert_allclose(ours.covariances, sk.covariances_, atol=1e-8)


@pytest.mark.parametrize("tol", [-1.0, "small", float("nan")])
def test_a_bad_tol_still_says_what_to_fix(mixture, tol):
    X, *_ = mixture
    with pytest.raises(ValueError, match="tol must be"):
        g.run_em(X, *g.init_params(X, 3, random_state=0), tol=tol)
