"""Notebook 16's live figure (gmm_lab.course.widgets.bayesian): what is drawn is the fits' maths.

Bar heights are the fits' weights (scikit-learn's, normalised over the K components, and labelled so); ellipses are the 1-sigma ellipses of the covariances (axes
and angle from their eigen-decomposition), drawn for the active components only; each component
keeps its colour and marker shape (gmm_lab/course/encoding.py) on its bar and on its mean.
"""

import numpy as np
import pytest
from matplotlib.colors import to_rgb

import gmm_lab as g
from gmm_lab.course.encoding import COMPONENT_PALETTE, MARKERS, responsibility_paths
from gmm_lab.course.widgets.bayesian import KIND_NAMES, ConcentrationExplorer

STOPS = np.array([-3.0, 0.0, 3.0])


@pytest.fixture(scope="module")
def demo():
    X, _ = g.load_faithful()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    fits = {kind: [g.run_variational(Z, 4, weight_concentration_prior_type=kind, weight_concentration_prior=10.0**a,
                                     max_iter=300, random_state=0) for a in STOPS] for kind in KIND_NAMES}
    return ConcentrationExplorer(Z, fits, STOPS)


def _same_path(a, b):
    return np.allclose(a.vertices, b.vertices) and np.array_equal(a.codes, b.codes)


@pytest.mark.parametrize("log10_alpha", list(STOPS))
def test_bars_ellipses_and_means_are_the_fit(demo, log10_alpha):
    demo.set(log10_alpha=log10_alpha)
    k = demo.k
    for kind in KIND_NAMES:
        fit = demo.fits[kind][int(np.flatnonzero(STOPS == log10_alpha)[0])]
        active = fit.weights > 0.01
        heights = [bar.get_height() for bar in demo.bars[kind]]
        np.testing.assert_allclose(heights, fit.weights, rtol=0, atol=1e-15)
        np.testing.assert_allclose(demo.bar_marks[kind].get_offsets(), np.column_stack([np.arange(1, k + 1),
                                                                                        fit.weights]))
        for j, (row, cov) in enumerate(zip(demo.ellipses[kind], fit.covariances)):
            (e,) = row
            vals, vecs = np.linalg.eigh(cov)  # ascending: the major axis is the last eigenvector
            assert e.get_center() == pytest.approx(tuple(fit.means[j]))
            assert (e.width, e.height) == pytest.approx((2 * np.sqrt(vals[1]), 2 * np.sqrt(vals[0])))
            major = np.array([np.cos(np.radians(e.angle)), np.sin(np.radians(e.angle))])
            assert abs(major @ vecs[:, 1]) == pytest.approx(1.0)  # along the major eigenvector
            assert e.get_visible() == bool(active[j])
        np.testing.assert_allclose(demo.mean_marks[kind].get_offsets(), fit.means)
        np.testing.assert_array_equal(demo.mean_marks[kind].get_sizes() > 0, active)
        assert f"{KIND_NAMES[kind]}: {int(active.sum())} active" in demo.status.value


def test_bars_are_labelled_as_normalised_weights_over_grey_data(demo):
    for i, kind in enumerate(KIND_NAMES):
        ax, bax = demo.axes[2 * i], demo.axes[2 * i + 1]
        assert bax.get_ylabel() == f"weight, normalised over\nthe K = {demo.k} components"
        assert sum(bar.get_height() for bar in demo.bars[kind]) == pytest.approx(1.0)
        data = ax.collections[0]  # the data, drawn first, grey (not coloured by responsibilities)
        np.testing.assert_allclose(data.get_offsets(), demo.X)
        assert to_rgb(data.get_facecolors()[0]) == pytest.approx(to_rgb("0.6"))


def test_each_component_keeps_its_colour_and_marker(demo):
    k = demo.k
    shapes = responsibility_paths(np.eye(k))  # the marker shapes encoding.py gives components 1..k
    assert [MARKERS[j] for j in range(k)] == demo.markers
    for kind in KIND_NAMES:
        for j in range(k):
            colour = to_rgb(COMPONENT_PALETTE[j])
            assert to_rgb(demo.bars[kind][j].get_facecolor()) == pytest.approx(colour)
            assert to_rgb(demo.ellipses[kind][j][0].get_edgecolor()) == pytest.approx(colour)
            for marks in (demo.mean_marks[kind], demo.bar_marks[kind]):
                assert to_rgb(marks.get_facecolors()[j]) == pytest.approx(colour)
                assert _same_path(marks.get_paths()[j], shapes[j])
        # two components never share both colour and shape
        assert len({(COMPONENT_PALETTE[j], MARKERS[j]) for j in range(k)}) == k


def test_bad_input_says_what_is_wrong(demo):
    fits = demo.fits
    with pytest.raises(ValueError, match="evenly spaced"):
        ConcentrationExplorer(demo.X, fits, [-3.0, 0.0, 1.0])
    with pytest.raises(ValueError, match="one fit per value of log10_alphas"):
        ConcentrationExplorer(demo.X, {"dirichlet_process": fits["dirichlet_process"]}, STOPS)
