"""gmm_lab.course.figures: what each chapter figure draws equals the maths it stands for."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb, to_rgba

import gmm_lab as g
from gmm_lab.course import figures as gf
from gmm_lab.course import plotting as gp


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_step_histograms_are_the_densities_in_palette_colours_and_their_own_line_styles(ax):
    rng = np.random.default_rng(0)
    samples = {"a": rng.normal(0, 1, 500), "b": rng.normal(2, 0.5, 500), "c": rng.uniform(-1, 1, 500)}
    bins = np.linspace(-4, 4, 17)
    drawn = gf.plot_step_histograms(samples, bins, ax=ax)
    assert [p.get_label() for p in drawn] == list(samples)
    for j, (patch, s) in enumerate(zip(drawn, samples.values())):
        heights, _ = np.histogram(s, bins=bins, density=True)
        xy = patch.get_xy()  # a step outline: each bin's height at both its edges
        tops = xy[1:-1:2, 1][: len(heights)]
        assert tops == pytest.approx(heights)
        assert to_rgb(patch.get_edgecolor()) == to_rgb(gp.PALETTE[j])
    assert len({p.get_linestyle() for p in drawn}) == 3  # not colour alone


def test_kmeans_answer_draws_the_perpendicular_bisector_and_the_truths_numbering(ax):
    X, truth, _ = g.make_kmeans_traps(random_state=0)["elongated"]
    km = g.kmeans(X, 2, random_state=0)
    drawn = gf.plot_kmeans_answer(X, truth, km, ax=ax)
    a, b = km.centres
    p, q = np.asarray(drawn["boundary"]._xy1), np.asarray(drawn["boundary"]._xy2)
    assert p == pytest.approx((a + b) / 2)
    assert (q - p) @ (a - b) == pytest.approx(0)  # perpendicular to the line joining the centres
    order = g.align_labels(truth, km.labels).order
    assert np.asarray(drawn["centres"].get_offsets()) == pytest.approx(km.centres[order])
    colours = drawn["points"].get_facecolors()[:, :3]
    palette = gp.component_colors(2)
    drawn_as = np.array([int(np.argmin(np.abs(palette - c).sum(axis=1))) for c in colours])
    assert colours == pytest.approx(palette[drawn_as])  # certain: the full colour of one component
    # numbered as the truth: each cluster drawn in its true component's colour more often than not
    assert (drawn_as == truth).mean() > (drawn_as != truth).mean()
    with pytest.raises(ValueError, match="two centres"):
        gf.plot_kmeans_answer(X, truth, g.kmeans(X, 3, random_state=0), ax=ax)


def test_mixture_answer_draws_each_components_ellipses_at_its_mean(ax):
    X, truth, _ = g.make_kmeans_traps(random_state=0)["unequal spreads"]
    fit = g.run_em(X, *g.init_params(X, 2, method="k-means++", random_state=0), tol=1e-6)
    drawn = gf.plot_mixture_answer(X, truth, fit, ax=ax)
    order = g.align_labels(truth, fit.responsibilities.argmax(axis=1)).order
    for row, mean, cov in zip(drawn["ellipses"], fit.means[order], fit.covariances[order]):
        assert [e.get_center() for e in row] == [pytest.approx(tuple(mean))] * 2
        assert (row[0].width, row[0].height) == pytest.approx(gp.ellipse_geometry(cov, 1)[:2])
    assert len(drawn["points"].get_offsets()) == len(X)


def test_scores_star_the_best_and_tell_curves_apart_by_marker(ax):
    ks = np.arange(1, 6)
    bic, aic = np.array([5.0, 3.0, 4.0, 6.0, 7.0]), np.array([5.0, 2.5, 2.0, 2.2, 2.4])
    drawn = gf.plot_scores(ks, {"BIC": bic, "AIC": aic}, ax=ax, best="min")
    (bline, bstar), (aline, astar) = drawn["BIC"], drawn["AIC"]
    assert bline.get_ydata() == pytest.approx(bic) and aline.get_xdata() == pytest.approx(ks)
    assert (bstar.get_xdata()[0], bstar.get_ydata()[0]) == (2, 3.0)
    assert (astar.get_xdata()[0], astar.get_ydata()[0]) == (3, 2.0)
    assert bline.get_marker() != aline.get_marker()
    assert to_rgba(bstar.get_color()) == to_rgba(bline.get_color()) == to_rgba(gp.PALETTE[0])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["BIC", "AIC"]
    (_, hstar), = gf.plot_scores(ks, {"held out": -bic}, ax=ax, best="max").values()
    assert hstar.get_xdata()[0] == 2
    with pytest.raises(ValueError, match="best must be"):
        gf.plot_scores(ks, {"x": bic}, ax=ax, best="lowest")


def test_densities_1d_are_the_mixture_densities_and_the_rug_sits_on_the_bottom(ax):
    x = np.array([[1.0], [1.5], [3.0], [3.2]])
    fit = g.run_em(x, np.array([[1.0], [3.0]]), np.array([[[1.0]], [[1.0]]]), np.array([0.5, 0.5]),
                   max_iter=3, tol=None)
    grid = np.linspace(0, 4, 50)
    lines = gf.plot_densities_1d(grid, {"fit": fit}, ax=ax, rug=x[:, 0])
    expected = np.exp(g.log_mixture_pdf(grid[:, None], fit.means, fit.covariances, fit.weights))
    assert lines[0].get_ydata() == pytest.approx(expected)
    assert to_rgb(lines[0].get_color()) == to_rgb(gp.PALETTE[0]) and lines[0].get_label() == "fit"
    assert lines[1].get_xdata() == pytest.approx(x[:, 0]) and lines[1].get_transform() == ax.get_xaxis_transform()
    assert np.all(lines[1].get_ydata() == 0.02)


def test_half_step_is_grey_before_the_first_e_step_then_coloured(ax):
    X, _, t = g.make_three_blobs(60)
    run = g.run_em(X, t["means"], t["covariances"], t["weights"], max_iter=2, tol=None)
    start = gf.plot_half_step(X, run.half_step(0), ax=ax)
    assert start["points"].get_facecolors()[:, :3] == pytest.approx(gp.GREY[None])  # one grey for all
    assert np.asarray(start["means"].get_offsets()) == pytest.approx(run.half_step(0).state.means)
    later = gf.plot_half_step(X, run.half_step(1), ax=ax)
    expected = gp.responsibility_colors(run.half_step(1).responsibilities)
    assert later["points"].get_facecolors()[:, :3] == pytest.approx(np.asarray(expected)[:, :3])
    assert [row[0].get_center() for row in later["ellipses"]] == [pytest.approx(tuple(m)) for m in
                                                                   run.half_step(1).state.means]


def test_components_drawn_colours_each_point_by_its_component_and_numbers_the_means(ax):
    means = np.array([[0.0, 0.0], [3.0, 1.0], [-2.0, 2.0]])
    X, labels = g.sample_gmm(90, means, np.repeat(0.1 * np.eye(2)[None], 3, axis=0), np.full(3, 1 / 3),
                             random_state=0)
    points, numbers = gf.plot_components_drawn(X, labels, means, ax=ax)
    assert points.get_facecolors()[:, :3] == pytest.approx(gp.component_colors(3)[labels])
    assert [a.get_text() for a in numbers] == ["1", "2", "3"]
    assert [a.xy for a in numbers] == [pytest.approx(tuple(m)) for m in means]
    with pytest.raises(ValueError, match="labels must lie in 0..2"):
        gf.plot_components_drawn(X, labels + 1, means, ax=ax)


def test_weighted_components_draw_active_ellipses_inked_by_weight(ax):
    """PRML Fig. 10.6's panel: only components above the threshold; 1σ ellipse (eigen-decomposition),
    fill alpha = weight, mean in the component's colour and marker shape."""
    from matplotlib.patches import Ellipse

    from gmm_lab.course.encoding import COMPONENT_PALETTE, MARKERS, responsibility_paths

    means = np.array([[0.0, 0.0], [2.0, 1.0], [-1.0, 3.0]])
    covs = np.array([[[1.0, 0.6], [0.6, 0.5]], [[0.3, 0.0], [0.0, 0.2]], [[0.5, -0.2], [-0.2, 0.4]]])
    weights = np.array([0.7, 0.295, 0.005])
    shown = gf.plot_weighted_components(np.zeros((5, 2)), weights, means, covs, ax=ax)
    assert shown.tolist() == [0, 1]
    ellipses = [p for p in ax.patches if isinstance(p, Ellipse)]
    assert len(ellipses) == 4  # an outline and a fill for each component shown
    for j in shown:
        outline, fill = ellipses[2 * j], ellipses[2 * j + 1]
        vals, vecs = np.linalg.eigh(covs[j])
        for e in (outline, fill):
            assert e.get_center() == pytest.approx(tuple(means[j]))
            assert (e.width, e.height) == pytest.approx((2 * np.sqrt(vals[1]), 2 * np.sqrt(vals[0])))
            major = np.array([np.cos(np.radians(e.angle)), np.sin(np.radians(e.angle))])
            assert abs(major @ vecs[:, 1]) == pytest.approx(1.0)
        assert to_rgb(outline.get_edgecolor()) == pytest.approx(to_rgb(COMPONENT_PALETTE[j]))
        assert fill.get_alpha() == pytest.approx(weights[j])
        assert to_rgb(fill.get_facecolor()) == pytest.approx(to_rgb(COMPONENT_PALETTE[j]))
    marks = ax.collections[1:]  # the data first, then one mean per component shown
    assert len(marks) == 2
    for j, m in zip(shown, marks):
        np.testing.assert_allclose(m.get_offsets(), [means[j]])
        path, expected = m.get_paths()[0], responsibility_paths(np.eye(3))[j]  # the shape of MARKERS[j]
        assert np.allclose(path.vertices, expected.vertices), MARKERS[j]
        assert to_rgb(m.get_facecolors()[0]) == pytest.approx(to_rgb(COMPONENT_PALETTE[j]))
