"""Notebook 09's live figure: what it draws is each covariance type's fit of the slider's data."""

import numpy as np
import pytest

import gmm_lab as g
from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets.covtypes import TYPES, CovarianceTypesExplorer
from helpers import assert_drawn_as


@pytest.fixture(scope="module")
def demo():
    return CovarianceTypesExplorer(angles=(0, 30, 60), stretches=(1.0, 2.5, 4.0))


@pytest.mark.parametrize("angle, stretch", [(30, 4.0), (0, 2.5), (60, 1.0)])
def test_each_panel_is_its_type_s_fit(demo, angle, stretch):
    demo.set(angle=angle, stretch=stretch)
    X, labels, _ = g.make_rotated_blobs(angle, stretch)
    fits = g.fit_each_type(X, labels)
    bics = {t: g.bic(X, f) for t, f in fits.items()}
    for t, points, ellipses, text, ax in zip(TYPES, demo.points, demo.ellipses, demo.scores, demo.axes):
        f = fits[t]
        np.testing.assert_allclose(points.get_offsets(), X)
        assert_drawn_as(points, f.responsibilities)
        covs = g.full_covariances(f.covariances, covariance_type=t, n_components=3, n_features=2)
        for (e,), mean, cov in zip(ellipses, f.means, covs):  # the 2-sigma ellipse of each component
            w, h, a = gp.ellipse_geometry(cov, 2)
            assert e.get_center() == pytest.approx(tuple(mean))
            assert (e.width, e.height) == pytest.approx((w, h))
            if t in ("full", "tied") and w > h * 1.01:
                assert np.cos(np.radians(e.angle - a)) ** 2 == pytest.approx(1.0)
        assert text.get_text().startswith(f"BIC {bics[t]:.0f}")
        assert ax.get_title() == f"{t} ({g.n_parameters(3, 2, covariance_type=t)} parameters)"
    best = min(bics, key=bics.get)
    corners = [[0, 0], [1, 1]]  # the frame sits on the panel of BIC's choice
    np.testing.assert_allclose(demo.frame.get_transform().transform(corners),
                               demo.axes[TYPES.index(best)].transAxes.transform(corners))
    assert f"BIC prefers <b>{best}</b>" in demo.status.value
    assert [t.get_fontweight() for t in demo.scores] == ["bold" if t == best else "normal" for t in TYPES]
    for t in TYPES:  # the live figure leaves the BICs to the status line; the static picture has them
        assert f"{t} {bics[t]:.0f}" in demo.status.value
    assert all(text.get_animated() for text in demo.scores)
    assert not set(demo.scores) & set(demo.dynamic()) and demo.static_only() == demo.scores


def test_the_shapes_each_type_can_draw(demo):
    demo.set(angle=30, stretch=4.0)
    _, fits = demo.current(30, 4.0)
    for t, ellipses in zip(TYPES, demo.ellipses):
        angles = [e.angle % 180 for (e,) in ellipses]
        sizes = [(round(e.width, 9), round(e.height, 9)) for (e,) in ellipses]
        if t == "diag":
            assert all(min(a, 180 - a) < 1e-6 or abs(a - 90) < 1e-6 for a in angles)  # along the axes
        if t == "spherical":
            assert all(w == h for w, h in sizes)  # circles
        if t == "tied":
            assert len(set(sizes)) == 1 and np.ptp(angles) < 1e-6  # one shape for all
        if t == "full":
            assert all(abs(a - 30) < 10 for a in angles)  # tilted like the data


def test_slider_values_off_the_grid_snap_to_the_nearest_fit(demo):
    assert demo.current(37, 3.1) is demo.table[30, 2.5]
    demo.set(angle=44, stretch=3.1)  # what a benchmark's evenly spaced values do
    np.testing.assert_allclose(demo.points[0].get_offsets(), demo.table[30, 2.5][0])
