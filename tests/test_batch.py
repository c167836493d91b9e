"""run_em_batch: every start's run_em, all at once (and run_restarts without histories)."""

import warnings

import numpy as np
import pytest

import gmm_lab as g
from gmm_lab.practice import batch
from gmm_lab.collapse import collapsed_in_batch
from helpers import make_mixture

TYPES = ("full", "diag", "spherical", "tied")


def assert_same_run(a, b):
    """Two EMResults from the same start: equal to rounding."""
    assert (a.n_iter, a.converged, a.covariance_type, a.max_iter, a.tol) == (b.n_iter, b.converged, b.covariance_type,
                                                                           b.max_iter, b.tol)
    assert a.collapsed == b.collapsed
    np.testing.assert_allclose(a.log_likelihoods, b.log_likelihoods, rtol=1e-10, atol=0)
    for name in ("weights", "means", "covariances", "responsibilities"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=0, atol=1e-9, err_msg=name)
    assert [h.iteration for h in a.history] == [h.iteration for h in b.history] == [0, b.n_iter]
    np.testing.assert_allclose(a.history[0].responsibilities, b.history[0].responsibilities, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(a.history[0].means, b.history[0].means)


@pytest.mark.parametrize("covariance_type", TYPES)
@pytest.mark.parametrize("d", [1, 2, 5])
def test_each_start_is_its_run_em(covariance_type, d):
    X, *_ = make_mixture(300, d, 3, d)
    starts = [g.init_params(X, 3, method=("random_from_data", "k-means++")[s % 2], random_state=s,
                            covariance_type=covariance_type) for s in range(12)]
    kw = {"max_iter": 60, "tol": 1e-6, "covariance_type": covariance_type}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        runs = g.run_em_batch(X, starts, **kw)
        refs = [g.run_em(X, *s, keep_history=False, **kw) for s in starts]
    assert len(runs) == len(starts)
    for run, ref in zip(runs, refs):
        assert_same_run(run, ref)


def test_chunks_and_a_long_tail_give_the_same_runs(monkeypatch):
    X, _ = g.load_faithful()
    starts = [g.init_params(X, 3, random_state=s) for s in range(9)]
    whole = g.run_em_batch(X, starts, max_iter=2000, tol=1e-6)
    assert len({r.n_iter for r in whole}) > 3  # starts stop at different iterations
    monkeypatch.setattr(batch, "CHUNK", 3 * 2 * 272 * 2)  # two starts per chunk
    for a, b in zip(whole, g.run_em_batch(X, starts, max_iter=2000, tol=1e-6)):
        assert_same_run(a, b)


def test_a_basin_map_of_starting_means():
    """The use it was written for: thousands of starts on a grid of initial means (1-D, k=2)."""
    X, _ = g.sample_gmm(150, [[-3.0], [0.0], [3.0]], np.full((3, 1, 1), 0.5), [0.3, 0.4, 0.3], random_state=0)
    grid = np.linspace(-5, 5, 21)
    starts = [(np.array([[a], [b]]), np.ones((2, 1, 1)), [0.5, 0.5]) for a in grid for b in grid if a != b]
    runs = g.run_em_batch(X, starts, max_iter=1000, tol=1e-6)
    lls = np.array([r.log_likelihood for r in runs])
    assert len(np.unique(np.round(lls, 3))) >= 2  # several basins
    for i in (0, 57, len(starts) - 1):
        assert_same_run(runs[i], g.run_em(X, *starts[i], max_iter=1000, tol=1e-6, keep_history=False))


def test_weight_zero_and_collapse():
    X, means, covs, _ = make_mixture(300, 2, 3, 11)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        run, = g.run_em_batch(X, [(means, covs, [0.5, 0.5, 0.0])], max_iter=20, tol=0)
        ref = g.run_em(X, means, covs, [0.5, 0.5, 0.0], max_iter=20, tol=0, keep_history=False)
    assert_same_run(run, ref)
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(100, 2)), np.full((3, 2), 8.0)])
    start = (np.array([[0.0, 0.0], [8.0, 8.0]]), np.array([np.eye(2), np.eye(2) * 0.5]), [0.9, 0.1])
    with pytest.warns(g.CollapseWarning, match=r"1 of 1 starts \(starts\[0\]\)"):
        run, = g.run_em_batch(X, [start], max_iter=100)
    np.testing.assert_allclose(run.covariances[1], 1e-6 * np.eye(2), atol=1e-9)  # as run_em: kept alive by reg_covar
    assert run.collapsed == (1,)
    with pytest.raises(ValueError, match=r"EM iteration \d+, start 1: covariances\[1\] is not positive definite.*reg_covar"):
        g.run_em_batch(X, [g.init_params(X, 2, random_state=0), start], reg_covar=0.0, max_iter=100)


def test_one_warning_for_the_unconverged_starts():
    X, _ = g.load_faithful()
    starts = [g.init_params(X, 2, random_state=s) for s in range(4)]
    with pytest.warns(g.ConvergenceWarning, match=r"max_iter=3 iterations for 4 of 4 starts") as rec:
        runs = g.run_em_batch(X, starts, max_iter=3, tol=0)
    assert len(rec) == 1 and not any(r.converged for r in runs) and all(r.n_iter == 3 for r in runs)


def test_restarts_without_history_are_the_batched_runs():
    X, _ = g.load_faithful()
    lean = g.run_restarts(X, 3, range(6), max_iter=1000, tol=1e-6, keep_history=False, covariance_type="tied")
    full = g.run_restarts(X, 3, range(6), max_iter=1000, tol=1e-6, covariance_type="tied")
    assert list(lean.runs) == list(full.runs) and lean.covariance_type == "tied"
    for s in lean.runs:
        assert_same_run(lean.runs[s], g.run_em(X, *g.init_params(X, 3, random_state=s, covariance_type="tied"),
                                               max_iter=1000, tol=1e-6, keep_history=False, covariance_type="tied"))
        assert len(full.runs[s].history) == full.runs[s].n_iter + 1
    np.testing.assert_allclose(lean.log_likelihoods, full.log_likelihoods, rtol=1e-12)
    assert lean.best_random_state == full.best_random_state


@pytest.mark.parametrize("starts, pattern", [
    ([], r"starts is empty"),
    ([(np.zeros((2, 2)), np.stack([np.eye(2)] * 2), [0.5, 0.6])], r"starts\[0\]: weights must sum to 1"),
    ([(np.zeros((2, 2)), np.stack([np.eye(2)] * 2))], r"starts\[0\]: each start must be a tuple \(means, covariances, weights\)"),
    ([(np.zeros((2, 2)), np.stack([np.eye(2)] * 2), [0.5, 0.5]), (np.zeros((3, 2)), np.stack([np.eye(2)] * 3), np.full(3, 1 / 3))],
     r"starts\[1\] has means of shape \(3, 2\), starts\[0\] \(2, 2\)"),
    ([(np.zeros((2, 3)), np.stack([np.eye(3)] * 2), [0.5, 0.5])], r"starts\[0\]: means have 3 features but X has 2"),
    ([(np.zeros((2, 2)), [np.eye(2), [[1.0, 2.0], [2.0, 1.0]]], [0.5, 0.5])], r"start 0: covariances\[1\] is not positive definite"),
])
def test_bad_starts(starts, pattern):
    X, _ = g.load_faithful()
    with pytest.raises(ValueError, match=pattern):
        g.run_em_batch(X, starts)


@pytest.mark.parametrize("covariance_type", TYPES)
def test_collapses_found_in_a_batch_are_each_fits(covariance_type):
    """Collapsed components are found for all fits at once: the same as one fit at a time."""
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(size=(150, 2)), 0.5 * rng.normal(size=(60, 2)) + [5.0, 0.0], np.full((3, 2), 6.0)])
    starts = [g.init_params(X, 3, random_state=s, covariance_type=covariance_type) for s in range(30)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (g.ConvergenceWarning, g.CollapseWarning))
        runs = g.run_em_batch(X, starts, max_iter=300, tol=1e-8, covariance_type=covariance_type)
    found = [r.collapsed for r in runs]
    assert found == [g.collapsed_components(X, r) for r in runs]  # one fit at a time
    if covariance_type != "tied":  # one shared matrix cannot shrink onto three repeated points
        assert any(found) and not all(found)  # some starts collapse onto the repeated point, some do not


@pytest.mark.parametrize("covariance_type", ["full", "diag", "tied"])  # spherical averages it away
def test_a_constant_feature_collapses_every_component_in_a_batch_too(covariance_type):
    """A feature with one value: every component is thin in it (tied: the one shared matrix)."""
    rng = np.random.default_rng(2)
    X = np.column_stack([rng.normal(size=120), np.full(120, 3.0)])
    starts = [g.init_params(X, 2, random_state=s, covariance_type=covariance_type) for s in range(5)]
    with pytest.warns(g.CollapseWarning, match=r"5 of 5 starts"), warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        runs = g.run_em_batch(X, starts, max_iter=50, tol=1e-6, covariance_type=covariance_type)
    assert [r.collapsed for r in runs] == [(0, 1)] * 5
    with pytest.raises(ValueError, match="covariance_type"):
        collapsed_in_batch(X, np.stack([r.covariances for r in runs]), np.stack([r.weights for r in runs]),
                           covariance_type="Full", reg_covar=1e-6)


@pytest.mark.parametrize("covariance_type", TYPES)
@pytest.mark.parametrize("sep, sd", [(1e3, 1e-2), (1e5, 1e-3)])
def test_tight_components_far_from_the_data_mean_are_run_ems_too(covariance_type, sep, sd):
    """Clusters of spread sd at -sep and +sep: no step may compute x U - mu U or p x^2 - 2 p mu x + p mu^2,
    which cancel there (expanded squares were 1.9 nats off at sep 1e4, sd 1e-3)."""
    rng = np.random.default_rng(3)
    X = np.vstack([rng.normal(-sep, sd, size=(40, 2)), rng.normal(sep, sd, size=(60, 2))])
    means, covs, weights = g.params_from_labels(X, np.repeat([0, 1], [40, 60]), covariance_type=covariance_type)
    start = (means + sd, covs, weights)  # a spread off, so that EM has work to do
    kw = {"max_iter": 20, "tol": None, "covariance_type": covariance_type}
    with warnings.catch_warnings():  # spreads 1e-10 of the data's or less read as collapsed: not the point here
        warnings.simplefilter("ignore", g.CollapseWarning)
        run = g.run_em_batch(X, [start], **kw)[0]
        ref = g.run_em(X, *start, keep_history=False, **kw)
    np.testing.assert_allclose(run.log_likelihoods, ref.log_likelihoods, rtol=0, atol=1e-8)
    np.testing.assert_allclose(run.means, ref.means, rtol=0, atol=1e-9 * sep)
    assert np.all(np.diff(ref.log_likelihoods) >= -1e-9)
