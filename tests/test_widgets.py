"""Plot helpers and notebook widgets: geometry, colours, and that a control change redraws."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gmm_lab as g
from gmm_lab import plotting as gp
from gmm_lab import widgets as gw


def test_ellipse_geometry_matches_eigendecomposition():
    cov = np.array([[3.0, 1.2], [1.2, 1.0]])
    vals, vecs = np.linalg.eigh(cov)
    width, height, angle = gp.ellipse_geometry(cov, n_std=2)
    assert width == pytest.approx(4 * np.sqrt(vals[1]))
    assert height == pytest.approx(4 * np.sqrt(vals[0]))
    direction = np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle))])
    assert abs(direction @ vecs[:, 1]) == pytest.approx(1.0)  # major axis along the top eigenvector


def test_plot_helpers_draw_on_current_axes_and_return_artists():
    fig, ax = plt.subplots()
    try:
        X, _, t = g.make_three_blobs(60)
        ell = gp.plot_ellipses(t["means"], t["covariances"])  # ax=None: current axes
        assert len(ell) == 3 and len(ell[0]) == 3 and all(e.axes is ax for row in ell for e in row)
        pts = gp.plot_responsibilities(X, g.e_step(X, t["means"], t["covariances"], t["weights"]))
        assert pts.get_offsets().shape == (60, 2)
        cs = gp.plot_density(t["means"], t["covariances"], t["weights"], xlim=(-4, 8), ylim=(-4, 8))
        assert len(cs.levels) > 3
        line, marker = gp.plot_log_likelihood([-5.0, -3.0, -2.5], start=-9.0, current=1)
        np.testing.assert_array_equal(line.get_xdata(), [0, 1, 2, 3])
        assert list(marker.get_xdata()) == [1] and list(marker.get_ydata()) == [-5.0]
        gp.update_ellipses(ell, t["means"] + 1, t["covariances"])
        assert ell[0][0].get_center() == pytest.approx(tuple(t["means"][0] + 1))
    finally:
        plt.close(fig)


def test_mix_colors_blends_the_palette():
    colors = gp.component_colors(3)
    rgba = gp.mix_colors(np.eye(3))
    np.testing.assert_allclose(rgba[:, :3], colors)
    half = gp.mix_colors([[0.5, 0.5, 0.0]])
    np.testing.assert_allclose(half[0, :3], (colors[0] + colors[1]) / 2)


def test_figsize_context_manager_restores():
    before = plt.rcParams["figure.figsize"]
    with gp.figsize(3, 2):
        assert list(plt.rcParams["figure.figsize"]) == [3, 2]
    assert plt.rcParams["figure.figsize"] == before


@settings(max_examples=50, deadline=None)
@given(arrays(float, (5, 3), elements=st.floats(0.01, 1.0)), st.floats(0.01, 20.0))
def test_temper_keeps_rows_normalised_and_their_order(raw, T):
    r = raw / raw.sum(axis=1, keepdims=True)
    top2 = np.sort(r, axis=1)[:, -2:]
    assume(np.all(top2[:, 1] > top2[:, 0] * (1 + 1e-9)))  # no ties for the largest entry
    out = gw.temper(r, T)
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    np.testing.assert_array_equal(out.argmax(axis=1), r.argmax(axis=1))
    np.testing.assert_allclose(gw.temper(r, 1.0), r, atol=1e-12)


def test_temper_limits_and_bad_input():
    r = np.array([[0.6, 0.3, 0.1], [0.2, 0.2, 0.6]])
    np.testing.assert_allclose(gw.temper(r, 1e-3), [[1, 0, 0], [0, 0, 1]], atol=1e-12)
    np.testing.assert_allclose(gw.temper(r, 1e6), np.full((2, 3), 1 / 3), atol=1e-5)
    with pytest.raises(ValueError, match="temperature must be > 0"):
        gw.temper(r, 0.0)


def _demos():
    X3, _, t = g.make_three_blobs()
    F, _ = g.load_faithful()
    r = g.e_step(X3, t["means"], t["covariances"], t["weights"])
    return {
        "Gaussian1D": (gw.Gaussian1D, {"mu": 1.0}),
        "Gaussian2D": (gw.Gaussian2D, {"rho": -0.5}),
        "Mixture1D": (gw.Mixture1D, {"w": 0.8}),
        "Mixture2D": (gw.Mixture2D, {"mu2_x": 0.5}),
        "EStepExplorer": (lambda: gw.EStepExplorer(X3, t["means"], t["covariances"], t["weights"]), {"mu2_x": 1.0}),
        "MStepExplorer": (lambda: gw.MStepExplorer(X3, r), {"log2_T": -4.0}),
        "EMExplorer": (lambda: gw.EMExplorer(F, 2, seeds=range(2)), {"step": 5}),
    }


@pytest.mark.parametrize("name", sorted(_demos()))
def test_demo_redraws_on_change_and_is_deterministic(name):
    factory, change = _demos()[name]
    demo = factory()
    first = demo.live.image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert factory().live.image.value == first  # same start, same pixels
    status = demo.status.value
    demo.set(**change)
    assert demo.live.image.value != first
    assert demo.status.value != status
    # back to the start values: the blitted render reproduces the first image exactly
    for key in change:
        demo.set(**{key: type(change[key])(factory().controls[key].value)})
    assert demo.live.image.value == first
    bundle = demo._repr_mimebundle_()
    assert bundle["text/plain"] == f"[{demo.title}: interactive in JupyterLab with a running kernel]"
    assert "image/png" in bundle and "application/vnd.jupyter.widget-view+json" in bundle


def test_em_explorer_half_steps_index_the_history():
    F, _ = g.load_faithful()
    demo = gw.EMExplorer(F, 2, seeds=[0])
    run = demo.runs[0]
    assert demo.controls["step"].max == 2 * run.n_iter
    snap, resp, t, _ = demo.state(0, 0)
    assert resp is None and snap is run.history[0]
    snap, resp, t, what = demo.state(0, 5)  # iteration 3, E-step
    assert snap is run.history[2] and resp is run.history[2].responsibilities and "E-step" in what
    snap, resp, t, what = demo.state(0, 6)  # iteration 3, M-step
    assert snap is run.history[3] and resp is run.history[2].responsibilities and "M-step" in what
    demo.forward.click()
    assert demo.controls["step"].value == 1 and demo.forward.description == "M-step ▶"
    demo.back.click()
    assert demo.controls["step"].value == 0 and demo.back.disabled
