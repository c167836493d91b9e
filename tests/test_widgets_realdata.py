"""Notebook 12's live figure (gmm_lab.course.widgets.realdata): what it draws is the run it indexes."""

import numpy as np
import pytest

import gmm_lab as g
from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets import catalog
from gmm_lab.course.widgets.realdata import FIG98_PANELS, GAP_FLOOR, Fig98Explorer
from helpers import assert_drawn_as

BOOK_START = (np.array([[-1.75, 1.0], [1.75, -1.0]]), np.array([0.25 * np.eye(2)] * 2), np.array([0.5, 0.5]))


@pytest.fixture(scope="module")
def book():
    X, _ = g.load_faithful()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    return Z, g.run_em(Z, *BOOK_START, max_iter=20, tol=None)


def test_catalog_builds_it_as_the_notebook_does(book):
    Z, run = book
    [entry] = catalog.entries("12-Old-Faithful-and-Iris")
    demo = entry.build()
    np.testing.assert_array_equal(demo.X, Z)
    np.testing.assert_array_equal(demo.run.log_likelihoods, run.log_likelihoods)
    assert demo.run.n_iter == 20 and not demo.run.converged and demo.run.tol is None


@pytest.fixture(scope="module")
def demo(book):
    return Fig98Explorer(*book)


@pytest.mark.parametrize("step", [0, 1, 2, 3, 4, 10, 39, 40])
def test_each_half_step_draws_its_colours_ellipses_means_and_gap(book, demo, step):
    Z, run = book
    demo.set(step=step)
    h = run.half_step(step)
    assert_drawn_as(demo.points, h.responsibilities)  # None before the first E-step: grey circles
    for row, mean, cov in zip(demo.ellipses, h.state.means, h.state.covariances):
        [e] = row  # one ellipse per component: one standard deviation, as in the book
        w, ht, angle = gp.ellipse_geometry(cov, 1.0)
        assert e.get_center() == pytest.approx(tuple(mean))
        assert (e.width, e.height, e.angle) == pytest.approx((w, ht, angle))
    np.testing.assert_allclose(demo.mean_marks.get_offsets(), h.state.means)
    t = h.parameters_after
    gap = run.log_likelihoods[-1] - run.log_likelihoods[t]
    assert list(demo.gap_mark.get_xdata()) == [t]
    assert demo.gap_mark.get_ydata()[0] == pytest.approx(max(gap, GAP_FLOOR))
    name = dict((s, n) for n, s in FIG98_PANELS).get(step, "")
    assert demo.panel_name.get_text() == name
    if name:
        assert f"PRML Fig. 9.8 {name.split()[0]}" in demo.status.value
    assert f"log-likelihood {h.state.log_likelihood:.2f}" in demo.status.value


def test_the_gap_curve_is_the_distance_to_the_end_of_the_run(book, demo):
    Z, run = book
    line = demo.axes[1].get_lines()[0]
    ll = run.log_likelihoods
    np.testing.assert_array_equal(line.get_xdata(), np.arange(21))
    np.testing.assert_allclose(line.get_ydata(), np.maximum(ll[-1] - ll, GAP_FLOOR))
    assert demo.axes[1].get_yscale() == "log"
    assert np.all(ll[-1] - ll >= -1e-9)  # EM never goes down: the gap is never negative beyond rounding


def test_the_book_panels_and_the_frames(demo):
    assert [s for _, s in FIG98_PANELS] == [0, 1, 2, 4, 10, 40]  # start, first E-step, L = 1, 2, 5, 20
    assert all(f"L = {s // 2}" in n for n, s in FIG98_PANELS[2:])
    frames = demo.frames()
    assert [v["step"] for _, v in frames] == [3, 4, 5, 6]
    assert frames[0][0] == "iteration 2, E-step" and frames[1][0] == "iteration 2, M-step"
    demo.set(step=0)
    demo.steps.forward.click()  # the buttons walk the slider
    assert demo.controls["step"].value == 1 and demo.panel_name.get_text() == "(b) first E-step"


def test_a_run_without_history_is_refused(book):
    Z, _ = book
    short = g.run_em(Z, *BOOK_START, max_iter=5, tol=None, keep_history=False)
    with pytest.raises(ValueError, match="keep_history=True"):
        Fig98Explorer(Z, short)


def test_the_key_covers_no_point_mean_or_ellipse_at_any_half_step():
    """12's key (issue 20: it covered the orange start at half-step 0): at every half-step of the
    notebook's run, no mean (the start's included), no data point and no ellipse comes under the
    key's box in display pixels (its tick labels and title included)."""
    demo = next(e for e in catalog.ENTRIES if e.cls is Fig98Explorer).build()
    ax = demo.axes[0]
    canvas = demo.live.canvas
    canvas.draw()
    box = demo.key.get_tightbbox(canvas.get_renderer())
    assert box.width > 50 and box.height > 20
    fonts = [t.get_fontsize() for t in (demo.key.title, *demo.key.get_xticklabels())]
    assert min(fonts) >= 9, fonts
    radius = np.sqrt(90) / 2 * demo.fig.dpi / 72  # a mean's cross (s=90) reaches this far from its centre

    def under(xy, margin=0.0):
        px = ax.transData.transform(np.atleast_2d(xy))
        return ((px[:, 0] > box.x0 - margin) & (px[:, 0] < box.x1 + margin)
                & (px[:, 1] > box.y0 - margin) & (px[:, 1] < box.y1 + margin))

    assert not under(demo.X, 3).any()
    for step in range(demo.run.n_half_steps + 1):
        demo.set(step=step)
        np.testing.assert_allclose(demo.mean_marks.get_offsets(), demo.run.half_step(step).state.means)
        assert not under(demo.mean_marks.get_offsets(), radius).any(), f"half-step {step}: a mean under the key"
        for (e,) in demo.ellipses:  # each ellipse's outline, as drawn
            outline = ax.transData.inverted().transform(e.get_verts())
            assert not under(outline, 2).any(), f"half-step {step}: an ellipse under the key"
