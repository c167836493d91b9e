"""k-means (Lloyd): scikit-learn's labels and centres, the distortion trace, empty clusters, bad input."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.cluster import KMeans

import gmm_lab as g
from helpers import make_mixture


def sklearn_kmeans(X, centres, max_iter=300):
    km = KMeans(n_clusters=len(centres), init=centres, n_init=1, algorithm="lloyd", tol=0, max_iter=max_iter)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return km.fit(X)


def random_centres(X, k, seed):
    return X[np.random.default_rng(seed).choice(len(X), k, replace=False)]


@pytest.mark.parametrize("n, d, k, seed", [(300, 2, 3, 0), (500, 2, 5, 1), (400, 5, 4, 2), (200, 1, 3, 3), (272, 2, 2, -1)])
def test_kmeans_matches_sklearn_lloyd_from_the_same_centres(n, d, k, seed):
    X = g.load_faithful()[0] if seed < 0 else make_mixture(n, d, k, seed)[0]
    centres = random_centres(X, k, seed + 10)
    ours = g.kmeans(X, centres)
    ref = sklearn_kmeans(X, centres)
    assert ours.converged and ours.n_iter + 1 == ref.n_iter_  # scikit-learn counts the confirming pass
    np.testing.assert_array_equal(ours.labels, ref.labels_)
    np.testing.assert_allclose(ours.centres, ref.cluster_centers_, rtol=0, atol=1e-10)
    assert ours.distortion == pytest.approx(ref.inertia_, rel=1e-12)


@pytest.mark.parametrize("max_iter", [1, 2, 3])
def test_kmeans_stopped_early_matches_sklearn_stopped_early(max_iter):
    X, *_ = make_mixture(500, 2, 5, 1)
    centres = random_centres(X, 5, 11)
    with pytest.warns(g.ConvergenceWarning, match=rf"max_iter={max_iter} iterations: the last iteration still reassigned \d+ points"):
        ours = g.kmeans(X, centres, max_iter=max_iter)
    ref = sklearn_kmeans(X, centres, max_iter=max_iter)
    assert not ours.converged and ours.n_iter == ref.n_iter_ == max_iter
    np.testing.assert_array_equal(ours.labels, ref.labels_)
    np.testing.assert_allclose(ours.centres, ref.cluster_centers_, rtol=0, atol=1e-10)


@pytest.mark.parametrize("far", [[[100.0, 100.0]], [[100.0, 100.0], [-100.0, 50.0]]])
def test_an_empty_cluster_is_relocated_to_the_farthest_point_as_sklearn_does(far):
    X, *_ = make_mixture(300, 2, 3, 5)
    centres = np.vstack([X[:2], far])  # centres nobody is nearest to
    ours = g.kmeans(X, centres)
    first = ours.history[1]
    assert np.all(np.bincount(ours.history[0].labels, minlength=len(centres))[2:] == 0)  # empty at the start
    # the first update put each empty cluster's centre on a data point: the farthest ones from their centres
    start = ours.history[0]
    dist = ((X - start.centres[start.labels]) ** 2).sum(axis=1)
    farthest = X[np.argsort(-dist)[: len(far)]]
    np.testing.assert_allclose(first.centres[2:], farthest)
    assert np.all(np.bincount(ours.labels, minlength=len(centres)) >= 1)
    ref = sklearn_kmeans(X, centres)
    np.testing.assert_array_equal(ours.labels, ref.labels_)
    np.testing.assert_allclose(ours.centres, ref.cluster_centers_, rtol=0, atol=1e-10)


def test_a_singleton_cluster_is_not_emptied_to_fill_another():
    X = np.array([[0.0], [1.0], [2.0], [10.0]])
    centres = np.array([[1.0], [13.0], [50.0]])  # the third is empty; the farthest point (10) is alone
    run = g.kmeans(X, centres)
    assert np.all(np.bincount(run.history[1].labels, minlength=3) >= 1)
    assert sorted(np.bincount(run.labels, minlength=3)) == [1, 1, 2]
    assert np.all(np.diff(run.distortions) <= 0)


def test_distortions_and_history_bookkeeping():
    X, _ = g.load_faithful()
    X = (X - X.mean(axis=0)) / X.std(axis=0)  # standardised, as PRML Fig. 9.1
    start = np.array([[-1.0, 1.0], [1.0, -1.0]])  # PRML's poor start: several iterations
    run = g.kmeans(X, start)
    assert run.n_iter >= 3 and len(run.distortions) == run.n_iter + 1 == len(run.history)
    assert len(run.update_distortions) == run.n_iter and len(run.half_step_distortions) == 2 * run.n_iter + 1
    for t, step in enumerate(run.history):
        assert step.iteration == t and step.distortion == run.distortions[t]
        J = ((X - step.centres[step.labels]) ** 2).sum()
        assert J == pytest.approx(step.distortion, rel=1e-12)  # J of what the step holds
        # the labels are the nearest centres ...
        d2 = ((X[:, None] - step.centres[None]) ** 2).sum(axis=2)
        np.testing.assert_array_equal(step.labels, d2.argmin(axis=1))
        if t:  # ... and the centres the means of the previous labels; J in between is theirs
            prev = run.history[t - 1].labels
            np.testing.assert_allclose(step.centres, [X[prev == j].mean(axis=0) for j in range(2)], rtol=1e-12)
            mid = ((X - step.centres[prev]) ** 2).sum()
            assert run.half_step_distortions[2 * t - 1] == pytest.approx(mid, rel=1e-12)
    np.testing.assert_array_equal(run.history[-1].labels, run.history[-2].labels)  # converged: no change
    assert np.all(np.diff(run.half_step_distortions) <= 1e-9 * run.distortions[0])
    lean = g.kmeans(X, start, keep_history=False)
    assert [s.iteration for s in lean.history] == [0, run.n_iter]
    np.testing.assert_array_equal(lean.distortions, run.distortions)


def test_int_centres_are_kmeans_plus_plus_seeds():
    X, *_ = make_mixture(300, 2, 3, 4)
    run = g.kmeans(X, 3, random_state=7)
    np.testing.assert_array_equal(run.history[0].centres, X[g.kmeans_plusplus(X, 3, random_state=7)])
    again = g.kmeans(X, 3, random_state=np.random.default_rng(7))
    np.testing.assert_array_equal(run.centres, again.centres)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(20, 150), st.integers(1, 4), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_distortion_never_increases(n, d, k, seed):
    X, *_ = make_mixture(n, d, 3, seed)
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=6.0, size=(k, d))  # anywhere: empty clusters happen
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        run = g.kmeans(X, centres, max_iter=50)
    slack = 1e-9 * run.distortions[0] + 1e-12
    assert np.all(np.diff(run.half_step_distortions) <= slack)
    # (a cluster can end an iteration empty: its centre moved and its points went elsewhere,
    # as in scikit-learn; relocation happens at the next update, tested against scikit-learn)


@pytest.mark.parametrize("call, pattern", [
    (lambda X: g.kmeans(X, np.zeros((2, 3))), r"centres must be an int k .* \(k, 2\); got shape \(2, 3\)"),
    (lambda X: g.kmeans(X, [[0.0, np.nan]]), r"centres contains NaN"),
    (lambda X: g.kmeans(X, 0), r"n_clusters must be an integer >= 1"),
    (lambda X: g.kmeans(X, True), r"centres must be an int k"),
    (lambda X: g.kmeans(np.ones((5, 2)), np.zeros((2, 2))), r"only 1 distinct points but 2 components"),
    (lambda X: g.kmeans(X, 2, max_iter=0), r"max_iter must be an integer >= 1"),
    (lambda X: g.kmeans(X[:, :1], 2.5), r"centres must be an int k .*got shape \(\)"),
])
def test_kmeans_bad_input(call, pattern):
    X, *_ = make_mixture(40, 2, 2, 0)
    with pytest.raises(ValueError, match=pattern):
        call(X)
