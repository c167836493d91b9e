"""Plot helpers: what is drawn equals the maths (geometry, colours, curves, contours)."""

import base64
import io

import matplotlib.pyplot as plt
from matplotlib._pylab_helpers import Gcf
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

import gmm_lab as g
from gmm_lab.course import plotting as gp


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


# --------------------------------------------------------------------------- #
# every covariance type: what is drawn is the type's own Gaussian
# --------------------------------------------------------------------------- #
TYPED = {  # parameters of each type, and the (k, 2, 2) covariances they mean, written by hand
    "full": (np.array([[[2.0, 0.8], [0.8, 1.0]], [[0.5, -0.2], [-0.2, 0.3]]]),
             [[[2.0, 0.8], [0.8, 1.0]], [[0.5, -0.2], [-0.2, 0.3]]]),
    "diag": (np.array([[2.0, 0.5], [0.3, 1.2]]), [[[2.0, 0], [0, 0.5]], [[0.3, 0], [0, 1.2]]]),
    "spherical": (np.array([0.7, 1.9]), [[[0.7, 0], [0, 0.7]], [[1.9, 0], [0, 1.9]]]),
    "tied": (np.array([[1.5, -0.6], [-0.6, 0.8]]), [[[1.5, -0.6], [-0.6, 0.8]]] * 2),
}
TYPED_MEANS = np.array([[0.0, 1.0], [3.0, -2.0]])


def _drawn_mahalanobis(ellipse, mean, cov):
    """Squared Mahalanobis distance of points on the drawn outline (the patch maps the unit circle)."""
    t = np.linspace(0, 2 * np.pi, 13)
    outline = ellipse.get_patch_transform().transform(np.column_stack([np.cos(t), np.sin(t)]))
    diff = outline - mean
    return np.einsum("ni,ij,nj->n", diff, np.linalg.inv(cov), diff)


@pytest.mark.parametrize("covariance_type", sorted(TYPED))
def test_ellipses_of_every_type_are_its_sigma_contours(ax, covariance_type):
    covs, by_hand = TYPED[covariance_type]
    by_hand = np.array(by_hand, dtype=float)
    ell = gp.plot_ellipses(TYPED_MEANS, covs, ax=ax, n_std=(1, 2), covariance_type=covariance_type)
    for j, row in enumerate(ell):
        for e, s in zip(row, (1, 2)):
            np.testing.assert_allclose(_drawn_mahalanobis(e, TYPED_MEANS[j], by_hand[j]), s**2, rtol=1e-9)
    if covariance_type == "diag":  # axis-aligned
        assert all(e.angle % 90 == pytest.approx(0, abs=1e-9) or e.angle % 90 == pytest.approx(90) for e in ell[0])
    if covariance_type == "spherical":  # circles
        assert all(e.width == pytest.approx(e.height) for row in ell for e in row)
    gp.update_ellipses(ell, TYPED_MEANS + 1, 4 * covs, n_std=(1, 2), covariance_type=covariance_type)
    for j, row in enumerate(ell):
        for e, s in zip(row, (1, 2)):
            np.testing.assert_allclose(_drawn_mahalanobis(e, TYPED_MEANS[j] + 1, 4 * by_hand[j]), s**2, rtol=1e-9)


@pytest.mark.parametrize("covariance_type", sorted(TYPED))
def test_density_of_every_type_is_the_mixture_of_its_gaussians(ax, covariance_type):
    from scipy.stats import multivariate_normal

    covs, by_hand = TYPED[covariance_type]
    weights = np.array([0.3, 0.7])
    xx, yy, dens = gp.density_grid(TYPED_MEANS, covs, weights, (-4, 6), (-5, 4), num=30,
                                   covariance_type=covariance_type)
    pts = np.column_stack([xx.ravel(), yy.ravel()])
    ref = sum(w * multivariate_normal(m, c).pdf(pts) for m, c, w in zip(TYPED_MEANS, by_hand, weights))
    np.testing.assert_allclose(dens.ravel(), ref, rtol=1e-10, atol=1e-300)
    cs = gp.plot_density(TYPED_MEANS, covs, weights, ax=ax, xlim=(-4, 6), ylim=(-5, 4), levels=4,
                         covariance_type=covariance_type)
    assert len(cs.levels) >= 3


def test_plot_helpers_refuse_a_shape_that_is_not_the_type():
    fig, ax = plt.subplots()
    try:
        with pytest.raises(ValueError, match=r"= \(2, 2\) for covariance_type='diag'.*got \(2, 2, 2\)"):
            gp.plot_ellipses(TYPED_MEANS, TYPED["full"][0], ax=ax, covariance_type="diag")
        with pytest.raises(ValueError, match=r"covariance_type must be one of"):
            gp.density_grid(TYPED_MEANS, TYPED["full"][0], [0.5, 0.5], (0, 1), (0, 1), covariance_type="ful")
    finally:
        plt.close(fig)


def test_show_displays_the_figure_with_its_alt_text_and_closes_it(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False, metadata=None: shown.append((obj, metadata)))
    fig, ax = gp.new_figure()
    ax.set_title("a title", fontsize=14)  # the tick labels, 10 pt, are the smallest text
    gp.show(fig, alt="  A test figure with nothing in it, for the test.  ")
    [(bundle, metadata)] = shown
    assert metadata == {"image/png": {"alt": "A test figure with nothing in it, for the test."}}
    assert bundle["text/plain"] == repr(fig)  # what IPython shows for a figure
    picture = Image.open(io.BytesIO(base64.b64decode(bundle["image/png"])))
    # rendered at SHOW_DPI (the figure's own size in inches, less the white margins), its axis text recorded
    assert picture.width == pytest.approx(fig.get_figwidth() * gp.SHOW_DPI, rel=0.05)
    assert float(picture.text[gp.AXIS_TEXT_KEY]) == pytest.approx(10 * gp.SHOW_DPI / 72, abs=0.01)
    assert all(manager.canvas.figure is not fig for manager in Gcf.figs.values())  # closed
    with pytest.raises(ValueError, match="alt must describe the figure"):
        gp.show(gp.new_figure()[0], alt="a plot")
    fig, ax = gp.new_figure()
    ax.legend(ax.plot([0, 1], [0, 1]), ["a line"], fontsize=7.5)  # a legend too small for a laptop
    with pytest.raises(ValueError, match=r"text set under 9 pt .*'a line', 7.5"):
        gp.show(fig, alt="A test figure with a small legend, for the test.")
    ax.get_legend().get_texts()[0].set_fontsize(9)
    assert gp.small_text(fig) == []
    plt.close("all")


@pytest.mark.parametrize("corner", gp.CORNERS)
@pytest.mark.parametrize("k", [2, 3, 6, 9])
@pytest.mark.parametrize("size", [(4.2, 3.8), (3.3, 3.3)])  # (3.3, 3.3): a panel of a 2 x 3 figure
def test_a_key_in_any_corner_stays_inside_its_axes_and_legible(corner, k, size):
    fig, ax = gp.new_figure(size=size)
    key = gp.add_responsibility_key(ax, k, loc=corner)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame, box = ax.get_window_extent(renderer), key.get_tightbbox(renderer)  # with tick labels and title
    assert frame.x0 < box.x0 and box.x1 < frame.x1 and frame.y0 < box.y0 and box.y1 < frame.y1
    side = ("left" if corner.endswith("left") else "right", "lower" if corner.startswith("lower") else "upper")
    centre = key.get_window_extent(renderer)
    assert (centre.x0 < frame.x0 + frame.width / 2) == (side[0] == "left")
    assert (centre.y0 < frame.y0 + frame.height / 2) == (side[1] == "lower")
    if k > 2:  # a row per component, each as tall as its label (issue 20: 9-point text, not 6)
        assert centre.height / k >= gp.KEY_FONTSIZE * fig.dpi / 72
    assert min(t.get_fontsize() for t in key.findobj(lambda a: hasattr(a, "get_fontsize"))) >= 9
    plt.close(fig)
    with pytest.raises(ValueError, match="corner must be one of"):
        gp.key_box(k, "top")


@pytest.mark.parametrize("key, expected", [(True, "lower right"), (np.True_, "lower right"), (1, "lower right"),
                                           ("upper left", "upper left"), (False, None), (np.False_, None)])
def test_plot_responsibilities_key_argument(ax, key, expected):
    r = np.array([[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]])
    gp.plot_responsibilities(np.zeros((3, 2)), r, ax=ax, key=key)
    if expected is None:
        assert not ax.child_axes
    else:
        (inset,) = ax.child_axes  # placed where key_box puts a key in that corner (axes fractions)
        ax.figure.canvas.draw()
        np.testing.assert_allclose(ax.transAxes.inverted().transform(inset.get_window_extent()).ravel(),
                                   np.add(gp.key_box(2, expected), [0, 0, *gp.key_box(2, expected)[:2]]), atol=1e-6)


def _notebook_figure(name, marker):
    """The figure of notebook `name`'s code cell containing `marker`, made by running the cells up to it."""
    from pathlib import Path

    import jupytext

    (path,) = Path(__file__).parents[1].glob(f"notebooks/{name}-*.py")
    figures, namespace = [], {}
    shown = gp.show
    gp.show = lambda fig, alt: figures.append(fig)
    try:
        for cell in jupytext.read(path).cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, str(path), "exec"), namespace)
                if marker in cell.source:
                    return figures[-1]
    finally:
        gp.show = shown
    raise AssertionError(f"no code cell of {name} contains {marker!r}")


@pytest.mark.parametrize("name, marker, n", [("03", 'key="free"', 300), ("12", 'key = "upper left"', 272)])
def test_a_notebooks_key_lies_on_no_point(name, marker, n):
    """03 §4 (issue 20: about 20 of 300 points lay under its key, with 6-7 pt text) and 12's Fig. 9.8
    (its title ran over panel (f)'s cluster): the key's box in display pixels, tick labels and title
    included, holds no point's marker; its text is 9 pt."""
    fig = _notebook_figure(name, marker)
    try:
        (ax,) = [a for a in fig.axes if a.child_axes]
        (key,) = ax.child_axes
        fig.canvas.draw()
        box = key.get_tightbbox(fig.canvas.get_renderer())
        points = ax.collections[0]
        radius = np.sqrt(points.get_sizes().max()) / 2 * fig.dpi / 72
        px = ax.transData.transform(points.get_offsets())
        assert len(px) == n
        under = ((px[:, 0] > box.x0 - radius) & (px[:, 0] < box.x1 + radius)
                 & (px[:, 1] > box.y0 - radius) & (px[:, 1] < box.y1 + radius))
        assert under.sum() == 0, f"{under.sum()} points under the key"
        texts = [t for t in key.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text")) if t.get_text()]
        assert texts and min(t.get_fontsize() for t in texts) >= 9
    finally:
        plt.close("all")


def test_a_free_corner_is_one_with_no_point_or_an_error_that_says_what_to_do(ax):
    ax.set(xlim=(0, 1), ylim=(0, 1))
    assert gp.free_corner(ax, 2, [[0.9, 0.1]]) == "upper right"  # lower right taken
    assert gp.free_corner(ax, 2, [[0.9, 0.1], [0.9, 0.9]]) == "upper left"
    with pytest.raises(ValueError, match="every corner .* widen the axes' limits"):
        gp.free_corner(ax, 2, [[0.2, 0.2], [0.8, 0.2], [0.2, 0.85], [0.8, 0.85]])


def test_legend_above_sits_between_the_frame_and_the_title():
    fig, ax = gp.new_figure()
    for ls, label in zip(["-", "--", ":"], ["one", "two", "three"]):
        ax.plot([0, 1], [0, 1], ls=ls, label=label)
    ax.set_title("a title")
    legend = gp.legend_above(ax, ncol=2)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame, box, title = ax.get_window_extent(), legend.get_window_extent(renderer), ax.title.get_window_extent(renderer)
    assert legend._ncols == 2 and [t.get_text() for t in legend.get_texts()] == ["one", "two", "three"]
    assert frame.y1 <= box.y0 and box.y1 <= title.y0  # above the data, under the title
    assert min(t.get_fontsize() for t in legend.get_texts()) >= 9
    plt.close(fig)
