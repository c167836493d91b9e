"""Starting points: random distinct rows (as the handout) and k-means++ seeds (D² sampling)."""

import warnings
import numpy as np
import pytest

import gmm_lab as g


def test_init_params_is_deterministic_for_seed_and_generator(mixture):
    X, *_ = mixture
    for method in ("random_from_data", "k-means++"):
        a = g.init_params(X, 3, method=method, random_state=7)
        b = g.init_params(X, 3, method=method, random_state=np.random.default_rng(7))
        d = g.init_params(X, 3, method=method, random_state=8)
        for x, y in zip(a, b):
            np.testing.assert_array_equal(x, y)
        assert not np.array_equal(a[0], d[0])


def test_random_init_picks_distinct_data_points(mixture):
    X, *_ = mixture
    means, covs, weights = g.init_params(X, 3, random_state=0)
    assert len({tuple(m) for m in means}) == 3
    assert all(any(np.array_equal(m, x) for x in X) for m in means)
    np.testing.assert_allclose(covs, np.broadcast_to(np.cov(X.T, bias=True) + 1e-6 * np.eye(2), (3, 2, 2)))
    np.testing.assert_allclose(weights, 1 / 3)


def test_random_init_never_starts_two_means_on_one_repeated_point():
    """Repeated rows must not give two equal starting means: a fixed point EM never leaves."""
    rng = np.random.default_rng(0)
    base = rng.normal(size=(3, 2))
    X = np.repeat(base, [200, 5, 5], axis=0)  # one row repeated 200 times: index draws would hit it twice
    for seed in range(50):
        means, _, _ = g.init_params(X, 3, random_state=seed)
        assert len({tuple(m) for m in means}) == 3, f"seed {seed}: {means}"
    with pytest.raises(ValueError, match="only 3 distinct points but 4 components"):
        g.init_params(X, 4, random_state=0)


def test_kmeans_plus_plus_follows_the_d2_law():
    """First seed uniform; second seed j with probability D(x_j)^2 / sum D^2 (exact law, 6000 draws)."""
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 3.0], [6.0, 0.0]])
    n = len(X)
    d2 = ((X[:, None] - X[None]) ** 2).sum(axis=2)
    law = (d2 / d2.sum(axis=1, keepdims=True)) / n  # P(first = i, second = j)
    draws = 6000
    freq = np.zeros((n, n))
    for seed in range(draws):
        i, j = g.kmeans_plusplus(X, 2, random_state=seed)
        freq[i, j] += 1 / draws
    se = np.sqrt(law * (1 - law) / draws)
    assert np.all(np.abs(freq - law) <= 4 * se + 1e-12), np.round(freq - law, 4)
    # uniform seeding would pick (0, 1) as often as (0, 3); D^2 picks (0, 3) 36 times as often
    assert freq[0, 3] > 10 * freq[0, 1]


def test_kmeans_plus_plus_finds_a_far_small_cluster():
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(size=(1000, 2)), rng.normal(size=(10, 2)) * 0.1 + 100.0])
    far = sum(((g.kmeans_plusplus(X, 2, random_state=s) >= 1000).sum() == 1) for s in range(200))
    assert far >= 190  # under uniform seeding about 4 of 200 would


def test_kmeans_plus_plus_start_is_a_hard_assignment(mixture):
    X, *_ = mixture
    means, covs, weights = g.init_params(X, 3, method="k-means++", random_state=0)
    seeds = X[g.kmeans_plusplus(X, 3, random_state=0)]
    labels = ((X[:, None] - seeds[None]) ** 2).sum(axis=2).argmin(axis=1)
    w, m, c = g.m_step(X, np.eye(3)[labels])
    np.testing.assert_allclose(means, m)
    np.testing.assert_allclose(covs, c)
    np.testing.assert_allclose(weights, w)


@pytest.mark.parametrize("covariance_type", ["full", "tied", "diag", "spherical"])
def test_kmeans_start_is_the_m_step_of_a_whole_k_means_run(covariance_type):
    """scikit-learn's default: k-means (from k-means++ seeds, drawn with the same generator), then its M-step."""
    X, _ = g.load_faithful()
    run = g.kmeans(X, 3, random_state=4)
    assert run.converged and run.n_iter > 1  # a whole run, not the seeds' assignment
    want = g.m_step(X, np.eye(3)[run.labels], covariance_type=covariance_type)
    m, c, w = g.init_params(X, 3, method="kmeans", random_state=4, covariance_type=covariance_type)
    np.testing.assert_allclose(m, want.means, rtol=1e-12)
    np.testing.assert_allclose(c, want.covariances, rtol=1e-12)
    np.testing.assert_allclose(w, want.weights, rtol=1e-12)


def test_kmeans_start_is_scikit_learns_k_means_from_the_same_seeds_and_a_k_means_fixed_point():
    """The "kmeans" start's means are what scikit-learn's KMeans reaches from the same k-means++ seeds,
    and a fixed point of Lloyd's algorithm: one more assignment and update moves nothing."""
    from sklearn.cluster import KMeans

    centres = 4.0 * np.array([(i, j) for i in range(3) for j in range(3)])  # notebook 08's nine clusters
    X, _ = g.sample_gmm(270, centres, np.repeat(0.49 * np.eye(2)[None], 9, axis=0), np.full(9, 1 / 9),
                        random_state=0)
    for seed in range(5):
        means, _, _ = g.init_params(X, 9, method="kmeans", random_state=seed)
        seeds = X[g.kmeans_plusplus(X, 9, random_state=seed)]
        sk = KMeans(9, init=seeds, n_init=1, algorithm="lloyd", tol=0.0).fit(X)
        np.testing.assert_allclose(means, sk.cluster_centers_, rtol=0, atol=1e-12)
        labels = ((X[:, None] - means[None]) ** 2).sum(axis=2).argmin(axis=1)
        np.testing.assert_allclose([X[labels == j].mean(axis=0) for j in range(9)], means, rtol=0, atol=1e-12)


def test_random_start_is_the_m_step_of_random_responsibilities():
    """scikit-learn's "random": uniform responsibilities, each row normalised; every mean starts near the data's."""
    X, _ = g.load_faithful()
    rng = np.random.default_rng(7)
    resp = rng.uniform(size=(len(X), 4))
    want = g.m_step(X, resp / resp.sum(axis=1, keepdims=True))
    m, c, w = g.init_params(X, 4, method="random", random_state=7)
    np.testing.assert_allclose(m, want.means, rtol=1e-12)
    np.testing.assert_allclose(c, want.covariances, rtol=1e-12)
    assert np.abs(m - X.mean(axis=0)).max() < 0.1 * X.std(axis=0).max()
    assert np.abs(w - 0.25).max() < 0.03


def test_the_four_methods_are_scikit_learns_names():
    from sklearn.mixture import GaussianMixture

    X, _ = g.load_faithful()
    for method in ("kmeans", "k-means++", "random", "random_from_data"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # one iteration: scikit-learn warns that it did not converge
            GaussianMixture(2, init_params=method, max_iter=1).fit(X)  # scikit-learn takes the same name
        m, c, w = g.init_params(X, 2, method=method, random_state=0)
        assert m.shape == (2, 2) and c.shape == (2, 2, 2) and np.isclose(w.sum(), 1.0)
