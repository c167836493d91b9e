"""Many starts, keep the best, keep them all."""

import warnings

import numpy as np
import pytest

import gmm_lab as g


@pytest.fixture(scope="module")
def faithful():
    return g.load_faithful()[0]


def test_restarts_keep_every_run_and_the_best(faithful):
    res = g.run_restarts(faithful, 3, range(8), max_iter=1000, tol=1e-6)
    assert list(res.runs) == list(range(8)) and res.method == "random_from_data"
    for s, run in res.runs.items():  # each run is run_em from init_params(random_state=s)
        ref = g.run_em(faithful, *g.init_params(faithful, 3, random_state=s), max_iter=1000, tol=1e-6)
        np.testing.assert_array_equal(run.means, ref.means)
    lls = res.log_likelihoods
    np.testing.assert_array_equal(lls, [r.log_likelihood for r in res.runs.values()])
    assert res.best is res.runs[res.best_random_state] and res.best.log_likelihood == lls.max()
    assert len(np.unique(np.round(lls, 2))) >= 2, "K=3 on Old Faithful has more than one local optimum"
    assert res.not_converged == []


def test_restarts_warn_once_naming_the_unconverged_starts(faithful):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = g.run_restarts(faithful, 2, [3, 4], max_iter=2, tol=1e-6)
    messages = [str(w.message) for w in caught if issubclass(w.category, g.ConvergenceWarning)]
    assert len(messages) == 1 and "2 of 2 starts (random_state 3, 4)" in messages[0]
    assert res.not_converged == [3, 4] and not any(r.converged for r in res.runs.values())


@pytest.mark.parametrize("states, pattern", [
    ([], "random_states is empty"),
    ([1, 1], "repeated seeds"),
    ([0.5], "must be integer seeds"),
    ([np.random.default_rng(0)], "must be integer seeds"),
])
def test_restarts_bad_seeds(faithful, states, pattern):
    with pytest.raises(ValueError, match=pattern):
        g.run_restarts(faithful, 2, states)


def test_best_uncollapsed_skips_collapsed_starts():
    """On two moons with K = 20, the best of three starts is collapsed onto one point; the best
    uncollapsed is the best of the others (and `best` is kept as it was)."""
    from sklearn.datasets import make_moons

    X, _ = make_moons(200, noise=0.05, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.CollapseWarning)
        r = g.run_restarts(X, 20, range(3), method="k-means++", tol=1e-3, max_iter=500, keep_history=False)
    assert r.best.collapsed and r.collapsed and len(r.collapsed) < 3
    sound = {s: run.log_likelihood for s, run in r.runs.items() if not run.collapsed}
    assert r.best_uncollapsed is r.runs[max(sound, key=sound.get)]
    assert not r.best_uncollapsed.collapsed
    assert r.best_uncollapsed.log_likelihood < r.best.log_likelihood


def test_best_uncollapsed_is_best_when_nothing_collapses():
    X, _, _ = g.make_three_blobs()
    r = g.run_restarts(X, 3, range(4), method="k-means++", keep_history=False)
    assert not r.collapsed and r.best_uncollapsed is r.best


def test_best_uncollapsed_when_every_start_collapsed_is_the_best():
    from types import SimpleNamespace

    runs = {s: SimpleNamespace(log_likelihood=ll, collapsed=(0,)) for s, ll in ((0, -5.0), (1, -2.0), (2, -9.0))}
    r = g.Restarts(runs=runs, method="random_from_data")
    assert r.best_uncollapsed is runs[1] is r.best
    runs[2].collapsed = ()
    assert r.best_uncollapsed is runs[2]
