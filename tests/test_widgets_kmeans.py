"""Notebook 07's live figures: what they draw is k-means' and the fixed-variance EM's maths."""

import numpy as np
import pytest

import gmm_lab as g
from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets import catalog
from gmm_lab.course.widgets.kmeans import HARD, LloydExplorer, SmallVarianceExplorer
from helpers import assert_drawn_as, drawn_markers


@pytest.fixture(scope="module")
def faithful():
    X, _ = g.load_faithful()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    start = np.array([[-1.75, 1.0], [1.75, -1.0]])
    return Z, start, g.kmeans(Z, start)


def test_lloyd_draws_each_half_step(faithful):
    Z, start, run = faithful
    demo = LloydExplorer(Z, run)
    assert demo.controls["step"].max == 2 * run.n_iter + 1
    demo.set(step=0)
    np.testing.assert_allclose(demo.centre_marks.get_offsets(), start)
    assert_drawn_as(demo.points, None)  # not assigned yet: grey circles
    for step in range(1, 2 * run.n_iter + 2):
        demo.set(step=step)
        t = (step + 1) // 2
        if step % 2:  # assignment t: each point's nearest centre of the centres in place
            centres = run.history[t - 1].centres
            labels = ((Z[:, None] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)
        else:  # update t: each centre the mean of the points assigned to it
            labels = run.history[t - 1].labels
            centres = np.array([Z[labels == j].mean(axis=0) for j in range(2)])
        np.testing.assert_allclose(demo.centre_marks.get_offsets(), centres, rtol=0, atol=1e-12)
        assert_drawn_as(demo.points, np.eye(2)[labels])
        J = ((Z - centres[labels]) ** 2).sum()
        assert list(demo.mark.get_xdata()) == [step] and demo.mark.get_ydata()[0] == pytest.approx(J, rel=1e-12)
        assert f"J = {J:.1f}" in demo.status.value
        # the boundary: every point on it is equally far from both centres
        bx, by = demo.boundary.get_data()
        ends = np.column_stack([bx, by])
        d = ((ends[:, None] - centres[None]) ** 2).sum(axis=2)
        np.testing.assert_allclose(d[:, 0], d[:, 1], rtol=1e-9)
    assert "converged" in demo.status.value  # the last assignment changes nothing


def test_lloyd_plots_pmrl_fig_9_2(faithful):
    Z, _, run = faithful
    demo = LloydExplorer(Z, run)
    line = demo.axes[1].lines[0]
    np.testing.assert_array_equal(line.get_xdata(), np.arange(1, 2 * run.n_iter + 2))
    np.testing.assert_array_equal(line.get_ydata(), run.half_step_distortions)
    assert np.all(np.diff(line.get_ydata()) <= 0)


def test_lloyd_needs_a_history(faithful):
    Z, start, _ = faithful
    with pytest.raises(ValueError, match="needs the run's full history: run kmeans with keep_history=True"):
        LloydExplorer(Z, g.kmeans(Z, start, keep_history=False))


@pytest.fixture(scope="module")
def small_variance(faithful):
    Z, start, run = faithful
    log2_sigmas = np.arange(-4, 1.001, 0.125)
    fits = [g.fixed_variance_em(Z, start, (2.0**s) ** 2) for s in log2_sigmas]
    return Z, start, run, log2_sigmas, fits


def test_small_variance_draws_the_fit_at_each_sigma(small_variance):
    Z, start, run, log2_sigmas, fits = small_variance
    demo = SmallVarianceExplorer(Z, log2_sigmas, fits, run.centres)
    for s in (-4.0, -1.0, 0.0, 0.5, 1.0):
        demo.set(log2_sigma=s)
        sigma = 2.0**s
        means = g.fixed_variance_em(Z, start, sigma**2).means  # recomputed, not looked up
        r = g.e_step(Z, means, np.repeat((sigma**2 * np.eye(2))[None], 2, axis=0), [0.5, 0.5])
        np.testing.assert_allclose(demo.mean_marks.get_offsets(), means, rtol=0, atol=1e-12)
        np.testing.assert_allclose(demo.points.get_facecolors(), gp.responsibility_colors(r), atol=1e-9)
        assert [gp.MARKERS[j] for j in r.argmax(axis=1)] == drawn_markers(demo.points)
        for row, mean in zip(demo.circles, means):  # circles of radius sigma around the means
            (circle,) = row
            assert circle.get_center() == pytest.approx(tuple(mean))
            assert (circle.width, circle.height) == pytest.approx((2 * sigma, 2 * sigma))
        hard = np.mean(r.max(axis=1) > HARD)
        assert demo.hard_mark.get_ydata()[0] == pytest.approx(hard) and demo.hard_mark.get_xdata()[0] == s
        apart = np.linalg.norm(means[0] - means[1]) / np.linalg.norm(run.centres[0] - run.centres[1])
        assert demo.spread_mark.get_ydata()[0] == pytest.approx(apart, abs=1e-9)
        assert f"{hard:.0%} of the points hard-assigned" in demo.status.value
    assert "both means on the mean of the data" in demo.status.value  # sigma = 2: collapsed
    # the curves on the right, and the critical line at sigma^2 = the largest eigenvalue
    spread_line, hard_line = demo.axes[1].lines[:2]
    np.testing.assert_array_equal(spread_line.get_xdata(), log2_sigmas)
    np.testing.assert_allclose(hard_line.get_ydata(), [np.mean(f.responsibilities.max(1) > HARD) for f in fits])
    critical = demo.axes[1].lines[2].get_xdata()[0]
    assert 2 ** (2 * critical) == pytest.approx(np.linalg.eigvalsh(np.cov(Z.T, bias=True)).max())


def test_small_variance_needs_one_fit_per_sigma(small_variance):
    Z, _, run, log2_sigmas, fits = small_variance
    with pytest.raises(ValueError, match=r"need one fit per sigma \(at least two\); got 3 fits for 41 sigmas"):
        SmallVarianceExplorer(Z, log2_sigmas, fits[:3], run.centres)


def test_catalog_builds_07_as_the_notebook_does():
    demos = [e.build() for e in catalog.entries("07-KMeans-vs-GMM")]
    assert [type(d) for d in demos] == [LloydExplorer, SmallVarianceExplorer]
    assert catalog.counts(demos) == {"sliders": 2, "buttons": 2, "figures": 2}


def test_lloyds_key_says_hard_assignment_not_a_responsibility_scale(faithful):
    """k-means assigns each point to one centre: the key shows each centre's marker and colour, no 0-1 scale."""
    from matplotlib.colors import to_rgb
    from matplotlib.image import AxesImage

    Z, _, run = faithful
    demo = LloydExplorer(Z, run)
    ax = demo.axes[0]
    legend = ax.get_legend()
    assert demo.key is legend
    assert legend.get_title().get_text() == "assigned to"
    assert [t.get_text() for t in legend.get_texts()] == ["centre 1", "centre 2"]
    demo.fig.canvas.draw()  # beside the axes, not on the data
    assert legend.get_window_extent().x0 >= ax.get_window_extent().x1
    handles = legend.legend_handles
    assert [h.get_marker() for h in handles] == gp.component_markers(2) == ["o", "s"]
    np.testing.assert_allclose([to_rgb(h.get_color()) for h in handles], gp.component_colors(2))
    assert all(h.get_linestyle() == "None" for h in handles)  # markers, not a colour bar
    assert not ax.child_axes and not any(isinstance(a, AxesImage) for a in ax.get_children())
    words = " ".join(t.get_text() for t in ax.figure.findobj(lambda a: hasattr(a, "get_text")))
    assert "responsibility" not in words
    assert legend.get_texts()[0].get_fontsize() >= 9
    # the points it keys: at every assignment, each is drawn in its centre's marker and colour
    demo.set(step=1)
    labels = run.history[0].labels
    assert drawn_markers(demo.points) == [gp.component_markers(2)[j] for j in labels]
    np.testing.assert_allclose(demo.points.get_facecolors()[:, :3], gp.component_colors(2)[labels])
