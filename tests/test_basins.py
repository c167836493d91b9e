"""em_paths: every start's path of means is run_em's history; distinct_optima groups the ends."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gmm_lab as g
from gmm_lab.practice import batch
from helpers import make_mixture


@pytest.mark.parametrize("covariance_type", ["full", "diag", "spherical", "tied"])
@pytest.mark.parametrize("d", [1, 2])
def test_each_path_is_run_ems_history_of_means(covariance_type, d):
    X, *_ = make_mixture(200, d, 3, 10 + d)
    starts = [g.init_params(X, 3, random_state=s, covariance_type=covariance_type) for s in range(7)]
    kw = {"max_iter": 80, "tol": 1e-6, "covariance_type": covariance_type}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        paths = g.em_paths(X, starts, **kw)
        refs = [g.run_em(X, *s, **kw) for s in starts]
    assert len(paths.means) == len(paths.runs) == len(starts)
    for path, run, ref in zip(paths.means, paths.runs, refs):
        assert path.shape == (ref.n_iter + 1, 3, d) and run.n_iter == ref.n_iter
        np.testing.assert_allclose(path, [h.means for h in ref.history], rtol=0, atol=1e-9)
        np.testing.assert_array_equal(path[-1], run.means)
    np.testing.assert_allclose(paths.log_likelihoods, [r.log_likelihood for r in refs], rtol=1e-10)


def test_paths_across_chunks(monkeypatch):
    x = g.load_faithful()[0][:, 0]
    starts = [([[a], [b]], [[[1.0]], [[1.0]]], [0.5, 0.5]) for a in (2.0, 3.0, 4.5) for b in (1.8, 3.5, 5.0)]
    whole = g.em_paths(x, starts, tol=1e-8, max_iter=500)
    monkeypatch.setattr(batch, "CHUNK", 2 * 272 * 2)  # two starts per chunk
    parts = g.em_paths(x, starts, tol=1e-8, max_iter=500)
    for a, b in zip(whole.means, parts.means):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


def test_a_symmetric_start_never_breaks_symmetry_and_mirrored_starts_swap_labels():
    """Two equal components see equal responsibilities for ever; swapping the starts swaps the fit."""
    X, _ = g.sample_gmm(150, [[-4.0], [0.0], [3.5]], [[[0.64]], [[0.36]], [[0.49]]], [0.35, 0.4, 0.25],
                        random_state=0)
    starts = [([[1.0], [1.0]], np.ones((2, 1, 1)), [0.5, 0.5]), ([[-2.0], [3.0]], np.ones((2, 1, 1)), [0.5, 0.5]),
              ([[3.0], [-2.0]], np.ones((2, 1, 1)), [0.5, 0.5])]
    paths = g.em_paths(X, starts, tol=1e-8, max_iter=1000)
    same = paths.means[0]
    np.testing.assert_array_equal(same[:, 0], same[:, 1])
    single = g.log_likelihood(X, X.mean(axis=0)[None], [[[X.var() + 1e-6]]], [1.0])
    assert paths.runs[0].log_likelihood == pytest.approx(single, abs=1e-6)  # a single Gaussian, twice
    np.testing.assert_allclose(paths.means[1], paths.means[2][:, ::-1], rtol=0, atol=1e-12)
    assert paths.runs[1].log_likelihood == pytest.approx(paths.runs[2].log_likelihood, abs=1e-9)


def test_on_step_sees_every_iteration_of_the_starts_still_running():
    X, _ = g.load_faithful()
    starts = [g.init_params(X, 2, random_state=s) for s in range(4)]
    seen = []
    runs = g.run_em_batch(X, starts, tol=1e-6, max_iter=300,
                          on_step=lambda t, running, means: seen.append((t, list(running), means.shape)))
    for s, run in enumerate(runs):
        assert [t for t, running, _ in seen if s in running] == list(range(1, run.n_iter + 1))
    assert all(shape == (len(running), 2, 2) for _, running, shape in seen)


def test_distinct_optima_groups_and_orders():
    levels, index = g.distinct_optima([-355.3401, -349.2, -378.7, -349.2004, -355.34])
    np.testing.assert_array_equal(levels, [-349.2, -355.34, -378.7])
    np.testing.assert_array_equal(index, [1, 0, 2, 0, 1])
    levels, index = g.distinct_optima([-1.0, -1.5], atol=1.0)
    assert levels.tolist() == [-1.0] and index.tolist() == [0, 0]


@given(st.lists(st.floats(-1e4, 1e4), min_size=1, max_size=40), st.floats(0, 10))
def test_distinct_optima_properties(values, atol):
    levels, index = g.distinct_optima(values, atol=atol)
    values = np.array(values)
    assert np.all(np.diff(levels) < 0)  # best first, all different
    assert set(index.tolist()) == set(range(len(levels)))
    assert np.all(levels[index] >= values)  # each group's level is its highest value
    for j in range(len(levels) - 1):  # groups are separated by more than atol
        assert values[index == j].min() - values[index == j + 1].max() > atol


@pytest.mark.parametrize("values, atol, pattern", [
    ([], 1e-3, r"log_likelihoods must be a non-empty 1-D array of finite numbers; got shape \(0,\)"),
    ([[1.0, 2.0]], 1e-3, r"non-empty 1-D array .* got shape \(1, 2\)"),
    ([1.0, np.nan], 1e-3, r"with NaN or infinite values"),
    ([1.0], -1, r"atol must be a finite number >= 0"),
])
def test_distinct_optima_bad_input(values, atol, pattern):
    with pytest.raises(ValueError, match=pattern):
        g.distinct_optima(values, atol=atol)


def test_em_paths_bad_input_says_which_start():
    x = g.load_faithful()[0][:, 0]
    with pytest.raises(ValueError, match=r"starts\[1\]: weights must sum to 1"):
        g.em_paths(x, [([[2.0], [4.0]], [[[1.0]], [[1.0]]], [0.5, 0.5]), ([[2.0], [4.0]], [[[1.0]], [[1.0]]], [0.5, 0.6])])

