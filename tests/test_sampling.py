import numpy as np
import pytest

import gmm_lab as g


def test_init_params_is_deterministic_for_seed_and_generator(mixture):
    X, *_ = mixture
    for method in ("random", "kmeans++"):
        a = g.init_params(X, 3, method=method, random_state=7)
        b = g.init_params(X, 3, method=method, random_state=7)
        c = g.init_params(X, 3, method=method, random_state=np.random.default_rng(7))
        d = g.init_params(X, 3, method=method, random_state=8)
        for x, y, z in zip(a, b, c):
            np.testing.assert_array_equal(x, y)
            np.testing.assert_array_equal(x, z)
        assert not np.array_equal(a[0], d[0])


def test_random_init_picks_distinct_data_points(mixture):
    X, *_ = mixture
    means, covs, weights = g.init_params(X, 3, random_state=0)
    assert len({tuple(m) for m in means}) == 3
    assert all(any(np.array_equal(m, x) for x in X) for m in means)
    np.testing.assert_allclose(covs[0], np.cov(X.T, bias=True) + 1e-6 * np.eye(2))
    np.testing.assert_allclose(weights, 1 / 3)


def test_kmeans_plus_plus_start_is_a_hard_assignment(mixture):
    X, *_ = mixture
    means, covs, weights = g.init_params(X, 3, method="kmeans++", random_state=0)
    assert weights.sum() == pytest.approx(1.0)
    assert np.all(np.linalg.eigvalsh(covs) > 0)
    # every weight is a multiple of 1/n: a fraction of points
    np.testing.assert_allclose(weights * len(X), np.round(weights * len(X)), atol=1e-9)


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


def test_sample_gmm_zero_points():
    X, labels = g.sample_gmm(0, [[0.0]], [[[1.0]]], [1.0], random_state=0)
    assert X.shape == (0, 1) and labels.shape == (0,)
