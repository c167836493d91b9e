"""Notebook 15's figures draw the maths: the bars of DecompositionExplorer are L, KL and ln p as scipy
computes them, for the half-step and the q chosen; the graphical models draw the mixture's factorisation."""

import functools

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.text import Text
from scipy.special import logsumexp, xlogy
from scipy.stats import norm

import gmm_lab as g
from gmm_lab.course import graphs
from gmm_lab.course.plotting import new_figure
from gmm_lab.course.widgets import catalog


@functools.cache
def demo():
    [entry] = catalog.entries("15-EM-in-General")
    return entry.build()


def scipy_terms(x, q, means, covariances, weights):
    log_joint = np.column_stack([np.log(w) + norm(m[0], np.sqrt(c[0, 0])).logpdf(x)
                                 for m, c, w in zip(means, covariances, weights)])
    log_p = logsumexp(log_joint, axis=1)
    entropy_term = np.sum(xlogy(q, q))
    return (float(np.sum(q * log_joint) - entropy_term),
            float(entropy_term - np.sum(q * (log_joint - log_p[:, None]))), float(log_p.sum()))


def _q(d, step):
    h = d.run.half_step(step)
    return np.full((len(d.X), 2), 0.5) if h.responsibilities is None else h.responsibilities, h.state


@pytest.mark.parametrize("step, mix", [(0, 0.0), (1, 0.0), (2, 0.0), (3, 0.07), (8, 0.1)])
def test_the_bars_are_the_decomposition_scipy_computes(step, mix):
    d = demo()
    d.set(step=step, mix=mix)
    q, s = _q(d, step)
    q = (1 - mix) * q + mix / 2
    if step % 2 == 0 and step and mix:  # an M half-step: θ maximises L for the mixed q
        s = g.m_step(d.X, q, reg_covar=d.run.reg_covar)
        assert "θ maximises L for this mixed q" in d.status.value
    bound, kl, logp = scipy_terms(d.X[:, 0], q, s.means, s.covariances, s.weights)
    floor = d.floor
    assert d.logp_bar.get_y() == pytest.approx(floor) and d.logp_bar.get_height() == pytest.approx(logp - floor)
    top_of_bound = d.bound_bar.get_y() + d.bound_bar.get_height()
    assert top_of_bound == pytest.approx(max(bound, floor), abs=1e-8)
    assert d.kl_bar.get_y() + d.kl_bar.get_height() == pytest.approx(logp, abs=1e-8)  # L + KL is ln p
    if bound > floor:
        assert d.kl_bar.get_height() == pytest.approx(kl, abs=1e-8)
    else:  # cut at the axis, and says its value
        assert d.cut.get_text() == f"L = {bound:.0f}\n(below)"
    assert d.ring.get_x() + d.ring.get_width() / 2 == pytest.approx(step)
    assert f"KL = {kl:.2f}" in d.status.value and f"ln p = {logp:.2f}" in d.status.value


@pytest.mark.parametrize("mix", [0.0, 0.03, 0.1])
def test_l_never_falls_at_an_m_half_step_whatever_the_mix(mix):
    """The M-step maximises L over θ for the q it is given, the mixed one too (up to reg_covar)."""
    d = demo()
    for step in range(2, d.n_steps + 1, 2):
        before, after = d.terms(step - 1, mix)[0], d.terms(step, mix)[0]
        assert after >= before - 1e-9 * abs(before), (step, before, after)


def test_it_opens_where_the_mix_acts_and_the_start_says_why_it_does_not():
    d = catalog.entries("15-EM-in-General")[0].build()
    assert d.values()["step"] == 1 and d.run.half_step(1).kind == "E"
    assert d.terms(1, 0.1)[1] > d.terms(1, 0.0)[1] + 1  # the mix opens a gap here
    d.set(step=0, mix=0.1)
    assert d.terms(0, 0.1) == d.terms(0, 0.0)  # q is uniform already
    assert d.status.value.startswith("<b>start</b>, q: every component equally likely, so mixing it toward "
                                     "uniform changes nothing")
    assert d.status.value.count("start") == 1
    note = d.start_note  # the start's bound lies below the axis: said inside the axes, left-aligned on its bar
    assert d.bound[0] < d.floor and note.get_text() == f"start: L = {d.bound[0]:.0f},\nbelow the axis"
    assert note.xy == (0, d.logp[0])  # the arrow points at the start's bar
    d.fig.canvas.draw()
    hax, box = d.axes[1], Text.get_window_extent(note)  # the text, without its arrow
    assert hax.get_window_extent().contains(box.x0, box.y0) and hax.get_window_extent().contains(box.x1, box.y1)
    assert box.x0 > hax.get_window_extent().x0 + 2  # clear of the y-axis spine
    for b, k in d.history_bars:  # and of every bar
        assert not box.overlaps(b.get_window_extent()) and not box.overlaps(k.get_window_extent())


def test_every_half_step_bar_and_the_styles():
    d = demo()
    for x, (b, k) in enumerate(d.history_bars):
        q, s = _q(d, x)
        bound, kl, logp = scipy_terms(d.X[:, 0], q, s.means, s.covariances, s.weights)
        assert k.get_y() + k.get_height() == pytest.approx(logp, abs=1e-8)
        assert b.get_y() + b.get_height() == pytest.approx(max(bound, d.floor), abs=1e-8)
        assert b.get_x() + b.get_width() / 2 == pytest.approx(x)
    np.testing.assert_allclose(d.logp_line.get_ydata(), d.logp)
    # bound and gap told apart by hatching as well as colour
    assert d.kl_bar.get_hatch() == "//" and not d.bound_bar.get_hatch()
    assert d.kl_bar.get_facecolor() != d.bound_bar.get_facecolor()
    d.set(step=3, mix=0.0)
    height = d.logp_bar.get_height()
    d.set(mix=0.1)
    assert d.logp_bar.get_height() == height  # q moves L and KL, never ln p


@pytest.mark.parametrize("kind", sorted(graphs.MODELS))
def test_the_graphs_draw_the_models_nodes_and_edges(kind):
    fig, ax = new_figure(pyplot=False)
    drawn = graphs.draw_model(kind, ax)
    model = graphs.MODELS[kind]
    assert set(drawn["nodes"]) == set(model["nodes"])
    for name, patch in drawn["nodes"].items():
        node = model["nodes"][name]
        face = to_rgba(patch.get_facecolor())
        if node.parameter:
            assert face == to_rgba("black") and patch.get_radius() == graphs.DOT
        else:
            assert face == to_rgba(graphs.OBSERVED if node.observed else graphs.LATENT)
    for (parent, child), arrow in drawn["edges"].items():
        tail, head = arrow._posA_posB
        a, b = (np.array(model["nodes"][n].xy) for n in (parent, child))
        assert np.linalg.norm(np.array(tail) - a) < np.linalg.norm(np.array(tail) - b)  # from the parent
        assert np.linalg.norm(np.array(head) - b) < np.linalg.norm(np.array(head) - a)  # to the child
    parents = {n: {p for p, c in drawn["edges"] if c == n} for n in model["nodes"]}
    assert parents["x"] == ({"z"} if kind == "latent" else {"z", "mu", "Sigma"})  # p(x | z, μ, Σ)
    if kind != "latent":  # the course's letters: x_i, z_i in a plate over i = 1, ..., n
        assert (model["nodes"]["x"].label, model["nodes"]["z"].label, model["plate"][1]) == ("xᵢ", "zᵢ", "n")
    assert model["nodes"]["x"].observed
    assert model["nodes"]["z"].observed == (kind == "complete")
    if kind != "latent":
        assert parents["z"] == {"pi"}  # p(z | π)
        box = drawn["plate"].get_extents()
        inside = {n for n, p in drawn["nodes"].items() if box.contains(*ax.transData.transform(p.center))}
        assert inside == {"z", "x"}  # the plate repeats the points, not the parameters


def test_the_three_graphs_titles_sit_at_one_height_and_the_models_at_one_scale():
    fig, axes = new_figure(1, 3, size=(10.0, 3.2), pyplot=False)
    for ax, kind in zip(axes, ("latent", "plate", "complete")):
        graphs.draw_model(kind, ax)
        ax.set_title(kind, fontsize=11)
    fig.canvas.draw()
    assert len({round(ax.title.get_window_extent().y0, 3) for ax in axes}) == 1
    assert len({round(ax.get_position().height, 6) for ax in axes}) == 1
    scales = [ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0] for ax in axes]
    np.testing.assert_allclose(scales, scales[0], rtol=1e-9)  # one data unit, one width, in every panel
