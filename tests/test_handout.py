"""The handout's set-up, reproduced, and its two flaws, shown."""

import numpy as np
import pytest

import gmm_lab as g
from gmm_lab.course.handout import (
    LAB_COMPONENTS,
    handout_e_step,
    handout_log_likelihood,
    handout_m_step,
    run_handout_em,
)


def _handout_script_data():
    """The handout's own lines, with NumPy's global generator (restored afterwards)."""
    state = np.random.get_state()
    try:
        np.random.seed(42)
        d1 = np.random.multivariate_normal([0, 0], [[1, 0.5], [0.5, 1]], 500)
        d2 = np.random.multivariate_normal([5, 5], [[1, -0.3], [-0.3, 1]], 500)
        X = np.vstack((d1, d2))
        means = X[np.random.choice(1000, 2, replace=False)]
    finally:
        np.random.set_state(state)
    return X, means


def test_make_lab_data_is_the_handouts_data():
    X_ref, means_ref = _handout_script_data()
    np.testing.assert_array_equal(g.make_lab_data(), X_ref)
    X, means, covs, weights = g.handout_start()
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(means, means_ref)
    np.testing.assert_array_equal(covs, [np.eye(2), np.eye(2)])
    np.testing.assert_array_equal(weights, [0.5, 0.5])
    assert not np.array_equal(g.make_lab_data(random_state=1), X_ref)
    assert LAB_COMPONENTS["n_per_component"] * 2 == len(X)


def test_handout_run_reproduced_and_its_true_log_likelihood():
    X, m, c, w = g.handout_start()
    run = run_handout_em(X, m, c, w)
    assert run.n_iter == 12  # "Converged in 12 iterations."
    assert run.handout_log_likelihoods[-1] == pytest.approx(-21468.29, abs=0.01)
    assert run.true_log_likelihoods[-1] == pytest.approx(-3408.06, abs=0.01)
    # our run_em, plain EM (reg_covar=0), lands on the same fit, stopping on the right quantity
    ours = g.run_em(X, m, c, w, reg_covar=0.0)
    np.testing.assert_allclose(ours.means, run.means, atol=1e-4)
    np.testing.assert_allclose(ours.weights, run.weights, atol=1e-5)
    assert ours.log_likelihood == pytest.approx(-3408.06, abs=0.01)
    assert ours.n_iter == 8  # notebook 06: the same rule on the true log-likelihood stops after 8
    # and after the same number of iterations, identical to the handout's loop
    with pytest.warns(g.ConvergenceWarning):
        same = g.run_em(X, m, c, w, reg_covar=0.0, max_iter=12, tol=0)
    np.testing.assert_allclose(same.means, run.means, atol=1e-12)
    np.testing.assert_allclose(same.covariances, run.covariances, atol=1e-12)


def test_handout_log_likelihood_is_not_the_log_likelihood():
    X, m, c, w = g.handout_start()
    wrong = handout_log_likelihood(X, m, c, w)
    right = g.log_likelihood(X, m, c, w)
    dens = np.column_stack([wj * g.gaussian_pdf(X, mj, cj) for mj, cj, wj in zip(m, c, w)])
    assert wrong == pytest.approx(np.log(dens + 1e-8).sum(), rel=1e-12)
    assert right == pytest.approx(np.log(dens.sum(1)).sum(), rel=1e-12)
    assert wrong < right


def test_handout_e_step_underflows_where_ours_does_not():
    X, m, c, w = g.handout_start()
    far = np.array([[40.0, -40.0]])
    assert np.all(np.isnan(handout_e_step(far, m, c, w)))
    ours = g.e_step(far, m, c, w)
    assert np.all(np.isfinite(ours)) and ours.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(handout_e_step(X, m, c, w), g.e_step(X, m, c, w), atol=1e-12)


def test_handout_m_step_is_the_m_step_without_reg_covar():
    X, m, c, w = g.handout_start()
    r = g.e_step(X, m, c, w)
    for ours, theirs in zip(g.m_step(X, r, reg_covar=0.0), handout_m_step(X, r)):
        np.testing.assert_allclose(theirs, ours, rtol=1e-12, atol=1e-14)
