"""Ancestral sampling: the right moments, deterministic, and the same draws reshaped by new parameters."""

import numpy as np
import pytest

import gmm_lab as g


def test_sample_gmm_is_deterministic_and_has_the_right_moments():
    means = np.array([[0.0, 0.0], [6.0, -2.0]])
    covs = np.array([[[1.0, 0.6], [0.6, 2.0]], [[0.5, 0.0], [0.0, 0.25]]])
    weights = np.array([0.3, 0.7])
    X, labels = g.sample_gmm(40_000, means, covs, weights, random_state=3)
    X2, labels2 = g.sample_gmm(40_000, means, covs, weights, random_state=np.random.default_rng(3))
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(labels, labels2)
    assert X.shape == (40_000, 2) and set(np.unique(labels)) == {0, 1}
    assert abs(np.mean(labels == 0) - 0.3) < 0.01
    for j in range(2):
        np.testing.assert_allclose(X[labels == j].mean(0), means[j], atol=0.05)
        np.testing.assert_allclose(np.cov(X[labels == j].T), covs[j], atol=0.06)


def test_same_random_state_moves_the_same_draws():
    """What the notebook 02 sliders rely on: one uniform and one normal per point, whatever the parameters."""
    covs = np.array([[[1.0]], [[0.49]]])
    a, la = g.sample_gmm(500, [[-2.0], [2.0]], covs, [0.35, 0.65], random_state=1)
    b, lb = g.sample_gmm(500, [[-1.0], [3.0]], covs, [0.50, 0.50], random_state=1)
    assert np.all(lb <= la)  # a larger pi_1 only moves points into component 1
    za = (a[:, 0] - np.array([-2.0, 2.0])[la]) / np.array([1.0, 0.7])[la]
    zb = (b[:, 0] - np.array([-1.0, 3.0])[lb]) / np.array([1.0, 0.7])[lb]
    np.testing.assert_allclose(za, zb, atol=1e-12)


def test_weight_zero_is_never_drawn_and_zero_points_is_fine():
    _, labels = g.sample_gmm(5000, [[0.0], [1.0]], [[[1.0]], [[1.0]]], [0.0, 1.0], random_state=0)
    assert np.all(labels == 1)
    X, labels = g.sample_gmm(0, [[0.0]], [[[1.0]]], [1.0], random_state=0)
    assert X.shape == (0, 1) and labels.shape == (0,)
    with pytest.raises(ValueError, match="n must be an integer >= 0"):
        g.sample_gmm(2.5, [[0.0]], [[[1.0]]], [1.0])
