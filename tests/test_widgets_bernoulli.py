"""Notebook 14's live figure (gmm_lab.course.widgets.bernoulli): the tiles are the run's means at the
iteration shown, the curve is the gap to the run's end on a log scale with the ring on it there, and a
move only updates artists."""

import numpy as np
import pytest

import gmm_lab as g
from gmm_lab.course.tiles import GAP, LABEL_GAP, tile_images
from gmm_lab.course.widgets.bernoulli import BernoulliEMExplorer, nats
from gmm_lab.course.widgets.realdata import GAP_FLOOR


@pytest.fixture(scope="module")
def run():
    rng = np.random.default_rng(0)
    protos = rng.random((3, 12)) < 0.4
    X = (rng.random((90, 12)) < np.where(protos, 0.9, 0.1)[rng.choice(3, 90)]).astype(float)
    return g.run_em_bernoulli(X, *g.bernoulli_start(3, 12, 1), tol=1e-8, max_iter=200)


def test_tile_images_puts_each_image_at_its_origin():
    images = np.arange(5 * 6, dtype=float).reshape(5, 6)
    canvas, origins = tile_images(images, shape=(2, 3), ncols=2, row_gap=LABEL_GAP)
    assert canvas.shape == (3 * 2 + 2 * LABEL_GAP, 2 * 3 + GAP)
    for image, (r, c) in zip(images, origins):
        np.testing.assert_array_equal(canvas[r:r + 2, c:c + 3], image.reshape(2, 3))
    assert np.isnan(canvas).sum() == canvas.size - images.size  # the rest is gap, drawn see-through


@pytest.mark.parametrize("t", [0, 1, 4, "end"])
def test_the_tiles_are_the_means_and_the_ring_the_log_likelihood_at_that_iteration(run, t):
    demo = BernoulliEMExplorer(run, shape=(3, 4), per_row=2)
    t = run.n_iter if t == "end" else t
    renders = demo.live.renders
    demo.set(iteration=t)
    assert demo.live.renders == renders + (t != 0)  # a change redraws once (0 is where it opens)
    want, _ = tile_images(run.history[t].means, (3, 4), 2, row_gap=LABEL_GAP)
    np.testing.assert_array_equal(demo.image.get_array().filled(np.nan), want)
    assert demo.image.get_clim() == (0.0, 1.0)
    gap = np.maximum(run.log_likelihoods[-1] - run.log_likelihoods, GAP_FLOOR)  # the last is 0: on the floor
    assert gap[-1] == GAP_FLOOR and np.all(gap[:-1] > GAP_FLOOR)
    assert tuple(demo.gap_mark.get_xydata()[0]) == (t, gap[t])
    curve = demo.gap_line.get_xydata()
    np.testing.assert_array_equal(curve, np.column_stack([np.arange(run.n_iter + 1), gap]))
    assert demo.axes[1].get_yscale() == "log"
    low, high = demo.axes[1].get_ylim()
    assert low < GAP_FLOOR and high > gap[0]  # every point, the floor's included, is inside
    assert f"log-likelihood {run.log_likelihoods[t]:.1f}" in demo.status.value
    assert "e+" not in demo.status.value
    labels = [t.get_text() for t in demo.axes[0].texts]
    assert labels == ["1", "2", "3"]  # each tile numbered as its component


def test_a_change_in_nats_reads_as_a_whole_number_from_100_up():
    assert (nats(1809.4), nats(-250.0), nats(38.47), nats(9.33e-05)) == ("1809", "-250", "38.5", "9.33e-05")


def test_no_tick_past_the_last_iteration_and_the_frames(run):
    demo = BernoulliEMExplorer(run, shape=(3, 4))
    assert max(demo.axes[1].get_xticks()) <= run.n_iter
    steps = [v["iteration"] for _, v in demo.frames()]
    assert steps[0] == 0 and steps[-1] == run.n_iter and steps == sorted(set(steps))


def test_bad_runs_say_what_to_do(run):
    with pytest.raises(ValueError, match="holds 64 pixels but the means have 12"):
        BernoulliEMExplorer(run)
    X = (np.random.default_rng(1).random((20, 4)) < 0.5)
    short = g.run_em_bernoulli(X, *g.bernoulli_start(2, 4, 0), keep_history=False, tol=None, max_iter=3)
    with pytest.raises(ValueError, match="keep_history=True"):
        BernoulliEMExplorer(short, shape=(2, 2))
