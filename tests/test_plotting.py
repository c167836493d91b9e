"""Plot helpers: what is drawn equals the maths (geometry, colours, curves, contours)."""

import matplotlib.pyplot as plt
from matplotlib._pylab_helpers import Gcf
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gmm_lab as g
from gmm_lab import plotting as gp


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_ellipse_geometry_matches_eigendecomposition():
    cov = np.array([[3.0, 1.2], [1.2, 1.0]])
    vals, vecs = np.linalg.eigh(cov)
    width, height, angle = gp.ellipse_geometry(cov, n_std=2)
    assert width == pytest.approx(4 * np.sqrt(vals[1]))
    assert height == pytest.approx(4 * np.sqrt(vals[0]))
    direction = np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle))])
    assert abs(direction @ vecs[:, 1]) == pytest.approx(1.0)  # major axis along the top eigenvector


def test_plot_ellipses_draws_each_sigma_level_on_the_current_axes(ax):
    X, _, t = g.make_three_blobs(60)
    ell = gp.plot_ellipses(t["means"], t["covariances"])  # ax=None: the current axes
    assert len(ell) == 3 and all(len(row) == 3 for row in ell)
    for j, row in enumerate(ell):
        vals = np.linalg.eigvalsh(t["covariances"][j])
        for e, s in zip(row, (1, 2, 3)):
            assert e.axes is ax and e.get_center() == pytest.approx(tuple(t["means"][j]))
            assert (e.width, e.height) == pytest.approx((2 * s * np.sqrt(vals[1]), 2 * s * np.sqrt(vals[0])))
            np.testing.assert_allclose(e.get_edgecolor()[:3], gp.component_colors(3)[j])
    gp.update_ellipses(ell, t["means"] + 1, 4 * t["covariances"])
    assert ell[0][0].get_center() == pytest.approx(tuple(t["means"][0] + 1))
    assert ell[0][0].width == pytest.approx(2 * 2 * np.sqrt(np.linalg.eigvalsh(t["covariances"][0])[1]))


def test_responsibility_colors_certain_uncertain_and_in_between():
    colors = gp.component_colors(3)
    np.testing.assert_allclose(gp.responsibility_colors(np.eye(3))[:, :3], colors)  # certain: own colour
    np.testing.assert_allclose(gp.responsibility_colors(np.full((1, 3), 1 / 3))[0, :3], gp.GREY)  # undecided
    # K = 2 is a diverging map through grey: r1 = 0.75 is halfway from grey to colour 1
    two = gp.component_colors(2)
    half = gp.responsibility_colors([[0.75, 0.25], [0.25, 0.75], [0.5, 0.5]])[:, :3]
    np.testing.assert_allclose(half[0], (gp.GREY + two[0]) / 2)
    np.testing.assert_allclose(half[1], (gp.GREY + two[1]) / 2)
    np.testing.assert_allclose(half[2], gp.GREY)


@settings(max_examples=60, deadline=None)
@given(arrays(float, (6, 3), elements=st.floats(0.0, 1.0)).filter(lambda a: np.all(a.sum(axis=1) > 1e-3)))
def test_responsibility_colors_never_show_a_colour_of_no_component(raw):
    """Every colour lies between grey and the most likely component's colour (no blue + orange = olive)."""
    r = raw / raw.sum(axis=1, keepdims=True)
    rgb = gp.responsibility_colors(r)[:, :3]
    top = gp.component_colors(3)[r.argmax(axis=1)]
    s = (r.max(axis=1) - 1 / 3) / (2 / 3)
    np.testing.assert_allclose(rgb, gp.GREY + s[:, None] * (top - gp.GREY), atol=1e-12)


def test_plot_responsibilities_colours_are_the_encoding(ax):
    X, _, t = g.make_three_blobs(80)
    r = g.e_step(X, t["means"], t["covariances"], t["weights"])
    pts = gp.plot_responsibilities(X, r, ax=ax)
    assert len(ax.child_axes) == 1  # the colour key comes with it ...
    gp.plot_responsibilities(X, r, ax=ax, key=False)
    assert len(ax.child_axes) == 1  # ... unless asked not to
    np.testing.assert_allclose(pts.get_offsets(), X)
    np.testing.assert_allclose(pts.get_facecolors()[:, :3], gp.responsibility_colors(r)[:, :3])


@pytest.mark.parametrize("k", [2, 3, 4])
def test_responsibility_key_shows_the_encoding(ax, k):
    key = gp.add_responsibility_key(ax, k)
    image = key.get_images()[0].get_array()
    colors = gp.component_colors(k)
    if k == 2:  # left end: component 2 certain; middle: grey; right end: component 1 certain
        np.testing.assert_allclose(image[0, 0], colors[1])
        np.testing.assert_allclose(image[0, 50], gp.GREY)
        np.testing.assert_allclose(image[0, -1], colors[0])
    else:  # row j: grey (1/k) to component j's colour (1)
        for j in range(k):
            np.testing.assert_allclose(image[j, 0], gp.GREY, atol=1e-12)
            np.testing.assert_allclose(image[j, -1], colors[j])


def test_density_grid_and_contours_are_the_mixture_density(ax):
    _, _, t = g.make_three_blobs(10)
    xx, yy, dens = gp.density_grid(t["means"], t["covariances"], t["weights"], (-4, 8), (-4, 8), num=50)
    assert xx.shape == yy.shape == dens.shape == (50, 50)
    pts = np.column_stack([xx.ravel(), yy.ravel()])
    np.testing.assert_allclose(dens.ravel(), np.exp(g.log_mixture_pdf(pts, t["means"], t["covariances"], t["weights"])))
    cs = gp.plot_density(t["means"], t["covariances"], t["weights"], ax=ax, xlim=(-4, 8), ylim=(-4, 8), levels=5)
    # every contour line runs where the mixture density equals its level
    for level, path in zip(cs.levels, cs.get_paths()):
        if len(path.vertices):
            on_line = np.exp(g.log_mixture_pdf(path.vertices, t["means"], t["covariances"], t["weights"]))
            np.testing.assert_allclose(on_line, level, rtol=0.05, atol=2e-3 * dens.max())


def test_plot_log_likelihood_draws_the_trace_from_the_start(ax):
    line, marker = gp.plot_log_likelihood([-9.0, -5.0, -3.0, -2.5], ax=ax, current=1)
    np.testing.assert_array_equal(line.get_xdata(), [0, 1, 2, 3])
    np.testing.assert_array_equal(line.get_ydata(), [-9.0, -5.0, -3.0, -2.5])
    assert list(marker.get_xdata()) == [1] and list(marker.get_ydata()) == [-5.0]
    _, last = gp.plot_log_likelihood([-9.0, -5.0], ax=ax)
    assert list(last.get_xdata()) == [1]


def test_plot_means_marks_each_mean_in_its_colour(ax):
    means = np.array([[0.0, 1.0], [2.0, 3.0]])
    pts = gp.plot_means(means, ax=ax)
    np.testing.assert_array_equal(pts.get_offsets(), means)
    np.testing.assert_allclose(pts.get_facecolors()[:, :3], gp.component_colors(2))


def test_new_figure_has_a_white_face_in_any_theme():
    fig, axes = gp.new_figure(1, 2, size=(4, 2), pyplot=False)
    assert fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0) and len(axes) == 2
    # not registered with pyplot, so the inline backend does not show it on its own
    assert all(manager.canvas.figure is not fig for manager in Gcf.figs.values())
