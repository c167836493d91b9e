"""gmm_lab.course.deep_dive_figures: what 07-09's deep-dive figures draw equals the maths."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import gmm_lab as g
from gmm_lab.course import deep_dive_figures as gd
from gmm_lab.course import plotting as gp


@pytest.fixture
def fig():
    fig = plt.figure()
    yield fig
    plt.close(fig)


def test_quantised_panels_show_the_code_book_images_titled_with_k_and_bits(fig):
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, size=(12, 16, 3), dtype=np.uint8)
    qs = [g.quantise(image, k, random_state=0) for k in (2, 5)]
    axes = fig.subplots(1, 3)
    drawn = gd.plot_quantised(image, qs, axes)
    np.testing.assert_array_equal(drawn[0].get_array(), image)
    for picture, q, ax in zip(drawn[1:], qs, axes[1:]):
        np.testing.assert_array_equal(picture.get_array(), q.codebook[q.labels])
        bpp = g.compressed_bits(12 * 16, q.n_colours) / (12 * 16)
        assert ax.get_title() == f"K = {q.n_colours}: {bpp:.2f} bits a pixel ({bpp / 24:.1%})"
        assert ax.title.get_fontsize() >= 9
    assert axes[0].get_title() == "original: 24 bits a pixel"
    with pytest.raises(ValueError, match="3 axes; got 2"):
        gd.plot_quantised(image, qs, axes[:2])


def test_a_start_is_drawn_as_its_first_e_step_and_its_means(fig):
    X, _, _ = g.make_three_blobs()
    fit = g.run_em(X, *g.init_params(X, 3, method="random", random_state=0), max_iter=2, tol=None)
    drawn = gd.plot_start(X, fit.history[0], ax=fig.subplots())
    resp = g.e_step(X, fit.history[0].means, fit.history[0].covariances, fit.history[0].weights)
    assert drawn["points"].get_facecolors()[:, :3] == pytest.approx(gp.responsibility_colors(resp)[:, :3])
    shapes = gp.responsibility_paths(resp)  # colour and shape: the most likely component's
    assert all(np.allclose(a.vertices, b.vertices) for a, b in zip(drawn["points"].get_paths(), shapes))
    assert np.asarray(drawn["means"].get_offsets()) == pytest.approx(fit.history[0].means)


@pytest.mark.parametrize("covariance_type", ["full", "tied", "diag", "spherical"])
def test_class_fit_draws_each_components_marginal_ellipse_in_its_class_colour(fig, covariance_type):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(90, 3)) * [1.0, 2.0, 0.5] + np.repeat([[0, 0, 0], [4, 1, 0], [0, 5, 2]], 30, axis=0)
    y = np.repeat([0, 1, 2], 30)
    fit = g.run_em(X, *g.params_from_labels(X, y, covariance_type=covariance_type),
                   covariance_type=covariance_type, max_iter=5, tol=None)
    ax = fig.subplots()
    drawn = gd.plot_class_fit(X[:60], y[:60], fit, dims=(2, 0), ax=ax, held_out=(X[60:], y[60:]),
                              names=["a", "b", "c"])
    full = g.full_covariances(fit.covariances, covariance_type=covariance_type, n_components=3, n_features=3)
    for j, (ellipse,) in enumerate(drawn["ellipses"]):
        marginal = full[j][np.ix_([2, 0], [2, 0])]
        width, height, angle = gp.ellipse_geometry(marginal, 2)
        assert (ellipse.width, ellipse.height) == pytest.approx((width, height))
        if width > 1.01 * height:  # a circle's angle is arbitrary
            assert (ellipse.angle - angle + 90) % 180 == pytest.approx(90)
        assert ellipse.center == pytest.approx(fit.means[j, [2, 0]])
        assert ellipse.get_edgecolor()[:3] == pytest.approx(gp.component_colors(3)[j])
    assert np.asarray(drawn["points"].get_offsets()) == pytest.approx(X[:60][:, [2, 0]])
    assert drawn["points"].get_facecolors()[:, :3] == pytest.approx(gp.component_colors(3)[y[:60]])
    assert np.asarray(drawn["held_out"].get_offsets()) == pytest.approx(X[60:][:, [2, 0]])
    assert drawn["held_out"].get_sizes()[0] > drawn["points"].get_sizes()[0]
    assert [t.get_text() for t in drawn["key"].get_texts()] == ["a", "b", "c", "held out"]
    markers = [h.get_marker() for h in drawn["key"].legend_handles[:3]]
    assert markers == gp.component_markers(3)  # shape, not hue alone
