"""The notebooks' live figures: what each draws equals the maths, and a control change redraws once."""

import base64
import io

import numpy as np
import pytest
from PIL import Image

import gmm_lab as g
from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets import catalog, pixels, static
from gmm_lab.course.widgets.convergence import EMExplorer
from gmm_lab.course.widgets.convergence_1d import BoundExplorer, EM1DExplorer
from gmm_lab.practice.fixed_variance import one_mean_em
from gmm_lab.course.widgets.estep import EStepExplorer
from gmm_lab.course.widgets.gaussian import Gaussian1D, Gaussian2D
from gmm_lab.course.widgets.mixtures import Mixture1D, Mixture2D
from gmm_lab.course.widgets.mstep import HARD, MStepExplorer
from helpers import as_built, assert_drawn_as


def _geometry(ellipse):
    return ellipse.get_center(), ellipse.width, ellipse.height


def _assert_ellipses(patches, means, covariances, n_std):
    for row, mean, cov in zip(patches, means, covariances):
        for e, s in zip(row, n_std):
            w, h, _ = gp.ellipse_geometry(cov, s)
            assert e.get_center() == pytest.approx(tuple(mean))
            assert (e.width, e.height) == pytest.approx((w, h))


# --------------------------------------------------------------------------- every demo
@pytest.mark.parametrize("entry", catalog.ENTRIES, ids=lambda e: f"{e.notebook}-{e.cls.__name__}")
def test_demo_redraws_once_per_change_and_is_deterministic(entry):
    demo = entry.build()
    first = demo.live.image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    again = entry.build()
    assert again.live.image.value == first  # same start, same pixels
    status, renders = demo.status.value, demo.live.renders
    demo.set(**entry.move)
    assert demo.live.renders == renders + len(entry.move), "one render per control change"
    assert demo.live.image.value != first and demo.status.value != status
    start = again.values()  # a fresh build's values (the second build, untouched)
    demo.set(**{key: start[key] for key in entry.move})  # back: the blitted render is exact
    assert demo.live.image.value == first
    shown, values, renders = demo.live.image.value, demo.values(), demo.live.renders
    bundle, metadata = demo._repr_mimebundle_()
    assert bundle["text/plain"] == f"[{demo.title}: interactive in JupyterLab with a running kernel]"
    assert "image/png" in bundle and "application/vnd.jupyter.widget-view+json" in bundle
    # the static picture: one panel per frame, named in the alt text; the live figure is untouched
    alt = metadata["image/png"]["alt"]
    assert alt.startswith(demo.title) and all(label in alt for label, _ in demo.frames())
    assert f"at {len(demo.frames())} settings" in alt
    assert demo.values() == values and demo.live.image.value == shown
    # laid out for a projector: it fits a slide, and its axis text is 14 px there (static.py)
    picture = Image.open(io.BytesIO(base64.b64decode(bundle["image/png"])))
    assert picture.width <= static.BOX[0] + 2 * pixels.PAD and picture.height <= static.BOX[1]
    assert float(picture.text[pixels.AXIS_TEXT_KEY]) >= static.MIN_PX / static.SCREEN
    # each frame of each panel (the static picture lays each panel out on its own), then the state shown
    assert demo.live.renders == renders + len(demo.frames()) * np.size(demo.strip_panel) + 1


@pytest.mark.parametrize("entry", catalog.ENTRIES, ids=lambda e: f"{e.notebook}-{e.cls.__name__}")
def test_no_text_of_a_live_figure_is_set_under_nine_points(entry):
    """A laptop's notebook column shrinks a figure to about 0.93 (issue 20 §8: 6-7 pt keys and legends)."""
    from gmm_lab.course.projector import MIN_TEXT_PT, small_text

    demo = as_built(entry)
    texts = [t for t in demo.fig.findobj(lambda a: hasattr(a, "get_fontsize")) if t.get_text().strip()]
    assert len(texts) >= 5 and small_text(demo.fig) == [], small_text(demo.fig)
    assert min(t.get_fontsize() for t in texts) >= MIN_TEXT_PT


def test_catalog_counts_what_a_notebook_shows():
    demos = [e.build() for e in catalog.entries("05-EM-Convergence")]
    assert catalog.counts(demos) == catalog.shown("05-EM-Convergence") == {"sliders": 4, "buttons": 8, "figures": 4}
    assert catalog.notebooks() == sorted(catalog.notebooks())


# --------------------------------------------------------------------------- 01
def test_gaussian1d_draws_the_density_and_its_log():
    demo = Gaussian1D()
    demo.set(mu=1.2, sigma=0.5)
    np.testing.assert_allclose(demo.pdf_line.get_ydata(), g.gaussian_pdf(demo.x, 1.2, 0.25), rtol=1e-12)
    np.testing.assert_allclose(demo.log_line.get_ydata(), g.log_gaussian_pdf(demo.x, 1.2, 0.25), rtol=1e-12)
    assert (demo.band1.get_x(), demo.band1.get_width()) == pytest.approx((0.7, 1.0))
    assert (demo.band2.get_x(), demo.band2.get_width()) == pytest.approx((0.2, 2.0))
    assert "0.798" in demo.status.value and "can exceed 1" not in demo.status.value
    demo.set(sigma=0.3)
    assert "1.330" in demo.status.value and "a density can exceed 1" in demo.status.value


def test_gaussian2d_ellipses_axes_and_samples_are_the_covariance():
    demo = Gaussian2D()
    demo.set(mu_x=1.0, mu_y=-0.5, sigma_x=2.0, sigma_y=0.8, rho=0.7)
    mean = np.array([1.0, -0.5])
    cov = np.array([[4.0, 0.7 * 1.6], [0.7 * 1.6, 0.64]])
    _assert_ellipses(demo.ellipses, [mean], [cov], (1, 2, 3))
    vals, vecs = np.linalg.eigh(cov)
    for line, val, vec in zip(demo.axes_lines, vals, vecs.T):  # the 1-sigma half-axes sqrt(lambda) u
        x, y = line.get_data()
        np.testing.assert_allclose([x[1] - x[0], y[1] - y[0]], np.sqrt(val) * vec, atol=1e-12)
    pts = demo.points.get_offsets()
    np.testing.assert_allclose(pts, g.sample_gmm(300, mean[None], cov[None], [1.0], random_state=0)[0])
    # the samples are mu + L z for one fixed z: whitening them gives the same z at any setting
    z = np.linalg.solve(np.linalg.cholesky(cov), (pts - mean).T).T
    demo.set(rho=-0.3, sigma_x=1.0)
    cov2 = np.array([[1.0, -0.3 * 0.8], [-0.3 * 0.8, 0.64]])
    z2 = np.linalg.solve(np.linalg.cholesky(cov2), (demo.points.get_offsets() - mean).T).T
    np.testing.assert_allclose(z2, z, atol=1e-10)
    assert len(demo.density.levels) >= 3 and demo.contours.get_segments()
    for level, line in demo.density.lines:  # the contours are this Gaussian's, at its own levels
        np.testing.assert_allclose(g.gaussian_pdf(line, mean, cov2), level, rtol=0.08, atol=1e-3)


# --------------------------------------------------------------------------- 02
def test_mixture1d_curve_histogram_and_weights_are_the_mixture():
    demo = Mixture1D()
    demo.set(w=0.3, mu1=-1.0, mu2=2.5)
    comps = [0.3 * g.gaussian_pdf(demo.x, -1.0, 1.0), 0.7 * g.gaussian_pdf(demo.x, 2.5, 0.49)]
    np.testing.assert_allclose(demo.mix_line.get_ydata(), comps[0] + comps[1], rtol=1e-12)
    X, labels = g.sample_gmm(2000, [[-1.0], [2.5]], [[[1.0]], [[0.49]]], [0.3, 0.7], random_state=1)
    counts, _ = np.histogram(X[:, 0], demo.edges)
    np.testing.assert_allclose([b.get_height() for b in demo.bars], counts / (2000 * np.diff(demo.edges)))
    assert demo.wbars[0].get_height() == pytest.approx(np.mean(labels == 0))
    # the y-axis holds the tallest density the sliders can make (all weight on sigma = 0.7)
    demo.set(w=0.0)
    assert demo.axes[0].get_ylim()[1] > demo.mix_line.get_ydata().max()
    assert "of 2000" not in demo.status.value  # the count is try-it question 3: not given away


def test_mixture2d_points_are_coloured_by_their_component_and_contours_follow_the_density():
    demo = Mixture2D()
    demo.set(w=0.4, mu2_x=2.0, mu2_y=-1.0)
    means = np.array([[0.0, 0.0], [2.0, -1.0]])
    X, labels = g.sample_gmm(600, means, Mixture2D.COVS, [0.4, 0.6], random_state=2)
    np.testing.assert_allclose(demo.points.get_offsets(), X)
    np.testing.assert_allclose(demo.points.get_facecolors()[:, :3], gp.component_colors(2)[labels])
    assert_drawn_as(demo.points, np.eye(2)[labels])  # the hidden label, in colour and shape
    assert demo.density.lines and demo.contours.get_segments()
    for level, line in demo.density.lines:  # every contour line runs where the density is its level
        dens = np.exp(g.log_mixture_pdf(line, means, Mixture2D.COVS, [0.4, 0.6]))
        np.testing.assert_allclose(dens, level, rtol=0.08, atol=1e-3)


@pytest.mark.parametrize("levels, cmap", [(8, "viridis"), (6, "Greys"), (3, "Greys")])
@pytest.mark.parametrize("mu2, w", [((3.0, 3.0), 0.5), ((0.5, -1.0), 0.9), ((-3.0, 5.0), 0.05)])
def test_density_lines_are_matplotlibs_contour_lines(levels, cmap, mu2, w):
    """DensityLines draws what ax.contour draws: the same levels, lines and colours."""
    from gmm_lab.course.widgets.pixels import DensityLines

    means, weights, lim = np.array([[0.0, 0.0], mu2]), np.array([w, 1 - w]), (-4.0, 7.0)
    fig, (ax, ref_ax) = gp.new_figure(1, 2, pyplot=False)
    lines = DensityLines(ax, lim, levels=levels, cmap=cmap)
    lines.update(means, Mixture2D.COVS, weights)
    ref = gp.plot_density(means, Mixture2D.COVS, weights, ax=ref_ax, xlim=lim, ylim=lim, levels=levels, num=90,
                          cmap=cmap)
    np.testing.assert_array_equal(lines.levels, ref.levels)
    colours = dict(zip(ref.levels, ref.get_edgecolor()))
    for level, path in zip(ref.levels, ref.get_paths()):
        mine = [line for lv, line in lines.lines if lv == level]
        theirs = [p for p in path.to_polygons(closed_only=False) if len(p)]
        assert len(mine) == len(theirs)
        for a, b in zip(sorted(mine, key=len), sorted(theirs, key=len)):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    drawn = lines.collection.get_colors()
    for (level, _), colour in zip(lines.lines, drawn):
        np.testing.assert_allclose(colour, colours[level])


# --------------------------------------------------------------------------- 03
def test_estep_colours_are_the_responsibilities_of_the_moved_mixture():
    X, _, t = g.make_three_blobs()
    demo = EStepExplorer(X, t["means"], t["covariances"], t["weights"])
    demo.set(mu2_x=6.0, mu2_y=-2.0, probe_x=3.0, probe_y=0.5)
    means = t["means"].copy()
    means[1] = (6.0, -2.0)
    r = g.e_step(X, means, t["covariances"], t["weights"])
    assert_drawn_as(demo.points, r)
    np.testing.assert_allclose(demo.mean_marks.get_offsets(), means)
    _assert_ellipses(demo.ellipses, means, t["covariances"], (1, 2))
    probe = np.array([[3.0, 0.5]])
    r_probe = g.e_step(probe, means, t["covariances"], t["weights"])[0]
    np.testing.assert_allclose([b.get_height() for b in demo.resp_bars], r_probe)
    a = np.log(t["weights"]) + [g.log_gaussian_pdf(probe, m, c)[0] for m, c in zip(means, t["covariances"])]
    assert [tx.get_text() for tx in demo.log_text] == [f"a = {v:.2f}" for v in a]
    assert f"{np.mean(r.max(axis=1) < 0.9):.0%} of the points" in demo.status.value


# --------------------------------------------------------------------------- 04
def test_mstep_draws_the_m_step_of_the_tempered_responsibilities():
    X, _, t = g.make_three_blobs()
    r = g.e_step(X, t["means"], t["covariances"], t["weights"])
    demo = MStepExplorer(X, r)
    demo.set(log2_T=-2.0)
    rt = g.temper(r, 0.25)
    w, m, c = g.m_step(X, rt)
    _assert_ellipses(demo.ellipses, m, c, (1, 2))
    np.testing.assert_allclose([b.get_height() for b in demo.wbars], w)
    assert_drawn_as(demo.points, rt)
    assert [tx.get_text() for tx in demo.nk_text] == [f"N = {v * len(X):.1f}" for v in w]
    assert f"{np.mean(rt.max(axis=1) > HARD):.1%} of points are hard-assigned" in demo.status.value


# --------------------------------------------------------------------------- 05
@pytest.fixture(scope="module")
def faithful_runs():
    X, _ = g.load_faithful()
    return X, g.run_restarts(X, 2, range(3), max_iter=200, tol=1e-6)


def test_em_explorer_shows_the_half_step_it_indexes(faithful_runs):
    X, runs = faithful_runs
    demo = EMExplorer(X, runs)
    run = runs.runs[0]
    assert demo.controls["step"].max == run.n_half_steps
    for step in (0, 1, 2, 5, 6, run.n_half_steps):
        demo.set(step=step)
        h = run.half_step(step)
        assert_drawn_as(demo.points, h.responsibilities)  # None before the first E-step: grey circles
        _assert_ellipses(demo.ellipses, h.state.means, h.state.covariances, (1, 2))
        assert list(demo.ll_mark.get_xdata()) == [h.parameters_after]
        assert list(demo.ll_mark.get_ydata()) == [run.log_likelihoods[h.parameters_after]]
    np.testing.assert_array_equal(demo.ll_line.get_ydata(), run.log_likelihoods)
    demo.set(step=5)
    assert "iteration 3, E-step" in demo.status.value and "after iteration 2" in demo.status.value


def test_em_explorer_buttons_and_one_render_per_run_change(faithful_runs):
    X, runs = faithful_runs
    demo = EMExplorer(X, runs)
    demo.steps.forward.click()
    assert demo.controls["step"].value == 1 and demo.steps.forward.description == "M-step ▶"
    demo.steps.back.click()
    assert demo.controls["step"].value == 0 and demo.steps.back.disabled
    demo.set(step=demo.controls["step"].max)  # the end of the first run ...
    longest = max(runs.runs, key=lambda s: runs.runs[s].n_iter)
    shortest = min(runs.runs, key=lambda s: runs.runs[s].n_iter)
    for seed in (longest, shortest):  # ... then a longer run, and a shorter one
        renders = demo.live.renders
        demo.set(run=seed)
        run = runs.runs[seed]
        assert demo.live.renders == renders + 1  # one render per change
        step = demo.controls["step"]  # a new run opens at its start, on a slider over its own half-steps
        assert (step.value, step.min, step.max) == (0, 0, run.n_half_steps)
        assert "start: the initial parameters" in demo.status.value
        assert demo.steps.back.disabled and not demo.steps.forward.disabled
        demo.steps.forward.click()  # the buttons walk the new slider
        assert step.value == 1 and demo.live.renders == renders + 2
        demo.set(step=step.max)  # its end, as the End key puts it: the run's own final log-likelihood
        assert demo.steps.forward.disabled
        assert f"Ring: after iteration {run.n_iter}, ℓ = {run.log_likelihood:.3f}" in demo.status.value


def test_em_explorer_says_when_a_run_stopped_unconverged():
    X, _ = g.load_faithful()
    with pytest.warns(g.ConvergenceWarning, match="1 of 1 starts"):
        runs = g.run_restarts(X, 3, [0], max_iter=5, tol=1e-6)
    demo = EMExplorer(X, runs)
    assert "stopped at max_iter=5 without converging" in demo.status.value
    assert EMExplorer(X, g.run_restarts(X, 2, [0], max_iter=500, tol=1e-6)).status.value.count("converged after") == 1
    with pytest.raises(ValueError, match="runs is empty"):
        EMExplorer(X, {})


def test_em1d_draws_the_bells_and_colours_of_each_half_step():
    x = g.load_faithful()[0][:, 0]
    start = (np.array([[3.0], [3.6]]), np.array([[[1.0]], [[1.0]]]), np.array([0.5, 0.5]))
    run = g.run_em(x, *start, max_iter=500, tol=1e-6)
    demo = EM1DExplorer(x, run)
    for step in (1, 2, 9, run.n_half_steps):
        demo.set(step=step)
        h = run.half_step(step)
        s = h.state
        comps = [w * g.gaussian_pdf(demo.grid, m, c) for w, m, c in zip(s.weights, s.means, s.covariances)]
        for line, c in zip(demo.comp_lines, comps):
            np.testing.assert_allclose(line.get_ydata(), c, rtol=1e-12)
        np.testing.assert_allclose(demo.mix_line.get_ydata(), np.sum(comps, axis=0), rtol=1e-12)
        assert_drawn_as(demo.rug, h.responsibilities)
        assert list(demo.ll_mark.get_xdata()) == [h.parameters_after]


def test_bound_explorer_draws_the_log_likelihood_and_the_bound_that_touches_it():
    x = g.load_faithful()[0][:, 0]
    grid = np.linspace(1.2, 5.2, 41)
    demo = BoundExplorer(x, [3.9, 4.3], [0.4, 0.45], [0.35, 0.65], grid=grid)
    covs = np.array([0.16, 0.2025])[:, None, None]

    def params(mu):
        return np.array([[mu], [4.3]]), covs, np.array([0.35, 0.65])

    np.testing.assert_allclose(demo.ell, [g.log_likelihood(x, *params(m)) for m in grid], rtol=1e-12)
    mu, q = one_mean_em(x, [3.9, 4.3], [0.4, 0.45], [0.35, 0.65])
    np.testing.assert_array_equal(demo.mu, mu)
    assert np.all(np.diff([g.log_likelihood(x, *params(m)) for m in mu]) >= -1e-9)  # EM never goes down
    for t in (1, 2, 3):
        demo.set(step=2 * t - 1)  # E-step t: the bound of q_t, touching l at mu[t-1]
        bound = demo.bound_line.get_ydata()
        np.testing.assert_allclose(bound, [g.lower_bound(x, q[t - 1], *params(m)) for m in grid], rtol=1e-12)
        assert np.all(bound <= demo.ell + 1e-9)
        assert g.lower_bound(x, q[t - 1], *params(mu[t - 1])) == pytest.approx(g.log_likelihood(x, *params(mu[t - 1])), rel=1e-12)
        assert list(demo.dot.get_xdata()) == [mu[t - 1]]
        demo.set(step=2 * t)  # its M-step: mu[t] is the top of that bound
        assert list(demo.dot.get_xdata()) == [mu[t]] and list(demo.top.get_xdata()) == [mu[t]]
        assert g.lower_bound(x, q[t - 1], *params(mu[t])) >= bound.max() - 1e-9


@pytest.mark.parametrize("covariance_type", ["diag", "spherical", "tied"])
def test_em_explorer_draws_runs_of_any_covariance_type(covariance_type):
    X, _ = g.load_faithful()
    runs = g.run_restarts(X, 2, range(2), max_iter=200, tol=1e-6, covariance_type=covariance_type)
    demo = EMExplorer(X, runs)
    run = runs.runs[0]
    for step in (0, 2, run.n_half_steps):
        demo.set(step=step)
        state = run.half_step(step).state
        full = g.full_covariances(state.covariances, covariance_type=covariance_type, n_components=2, n_features=2)
        _assert_ellipses(demo.ellipses, state.means, full, (1, 2))


@pytest.mark.parametrize("shape", [(1, 1), (7, 13), (420, 1250)])
def test_encode_png_is_a_png_of_exactly_the_pixels(shape):
    from PIL import Image

    from gmm_lab.course.widgets.pixels import encode_png

    rgba = np.random.default_rng(0).integers(0, 256, size=(*shape, 4), dtype=np.uint8)
    png = encode_png(rgba)
    image = Image.open(io.BytesIO(png))
    image.load()  # decodes the whole stream: a bad checksum or length fails here
    assert image.format == "PNG" and image.mode == "RGBA" and image.size == shape[::-1]
    np.testing.assert_array_equal(np.asarray(image), rgba)  # every pixel, as it was
    assert encode_png(rgba) == png  # deterministic



@pytest.mark.parametrize("bad", [np.zeros((4, 5, 4)), np.zeros((4, 5, 3), np.uint8), np.zeros((4, 5), np.uint8),
                                 np.full((4, 5, 4), 300), np.zeros((0, 5, 4), np.uint8)])
def test_encode_png_refuses_what_is_not_an_rgba_image(bad):
    from gmm_lab.course.widgets.pixels import encode_png

    with pytest.raises(ValueError, match=r"non-empty \(height, width, 4\) uint8 RGBA array.*buffer_rgba"):
        encode_png(bad)


# --------------------------------------------------------------------------- slider construction
def test_slider_is_named_by_its_description_and_reads_out_each_stop_exactly():
    import ipywidgets as W

    from gmm_lab.course.widgets.live import slider

    s = slider("correlation ρ", 0.6, -0.95, 0.95, 0.05)
    assert isinstance(s, W.FloatSlider) and s.description == "correlation ρ" and s.readout_format == ".2f"
    assert (s.value, s.min, s.max, s.step) == (0.6, -0.95, 0.95, 0.05)
    n = slider("half-step", 0, 0, 9, 1, integer=True)
    assert isinstance(n, W.IntSlider) and (n.value, n.max) == (0, 9)
    # the readout is also the spoken value text: it must tell every stop apart
    with pytest.raises(ValueError, match=r"'std σ': readout_format '\.1f' shows its step 0\.05 as 0\.1"):
        slider("std σ", 1.0, 0.3, 3, 0.05, readout_format=".1f")
    with pytest.raises(ValueError, match=r"'mean μ': readout_format '\.0f' shows its value 0\.5 as 0"):
        slider("mean μ", 0.5, -3, 3, 1.0, readout_format=".0f")
    with pytest.raises(ValueError, match="a slider needs a description"):
        slider("  ", 0.0, -1, 1, 0.1)


@pytest.mark.parametrize("entry", catalog.ENTRIES, ids=lambda e: f"{e.notebook}-{e.cls.__name__}")
def test_every_slider_has_a_name_unique_in_its_figure(entry):
    demo = as_built(entry)
    # what the entry declares it shows (the browser tests' expectation) is what it builds
    assert (len(demo.sliders), len(demo.buttons)) == (entry.sliders, entry.buttons), entry
    names = [s.description for s in demo.sliders]
    assert names and all(n.strip() for n in names) and len(set(names)) == len(names), names
    # what the browser reads them from: a group named by the title, holding the access helper
    assert "gmm-figure" in demo.widget._dom_classes and demo.widget.children[-1] is demo.access
    assert demo.access.title == demo.title and "gmm-status" in demo.status._dom_classes


def test_a_figure_with_two_sliders_of_one_name_is_refused():
    from gmm_lab.course.widgets.live import slider

    class Twice(Mixture1D):
        def _controls(self):
            return {"w": slider("weight π₁", 0.35, 0.0, 1.0, 0.01), "mu1": slider("weight π₁", -2.0, -5, 5, 0.1),
                    "mu2": slider("mean μ₂", 2.0, -5, 5, 0.1)}

    with pytest.raises(ValueError, match=r"slider names must differ within a figure; \['weight π₁'\] appear twice"):
        Twice()
