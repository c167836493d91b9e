"""Notebook 15's figures draw the maths: the bars of DecompositionExplorer are L, KL and ln p as scipy
computes them, for the half-step and the q chosen; the graphical models draw the mixture's factorisation."""

import functools

import numpy as np
import pytest
from matplotlib.colors import to_rgba
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
    bound, kl, logp = scipy_terms(d.X[:, 0], q, s.means, s.covariances, s.weights)
    floor = d.floor
    assert d.logp_bar.get_y() == pytest.approx(floor) and d.logp_bar.get_height() == pytest.approx(logp - floor)
    top_of_bound = d.bound_bar.get_y() + d.bound_bar.get_height()
    assert top_of_bound == pytest.approx(max(bound, floor), abs=1e-8)
    assert d.kl_bar.get_y() + d.kl_bar.get_height() == pytest.approx(logp, abs=1e-8)  # L + KL is ln p
    if bound > floor:
        assert d.kl_bar.get_height() == pytest.approx(kl, abs=1e-8)
    else:  # cut at the axis, and says its value
        assert d.cut.get_text() == f"L = {bound:.0f}"
    assert d.ring.get_x() + d.ring.get_width() / 2 == pytest.approx(step)
    assert f"KL = {kl:.2f}" in d.status.value and f"ln p = {logp:.2f}" in d.status.value


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
    assert model["nodes"]["x"].observed
    assert model["nodes"]["z"].observed == (kind == "complete")
    if kind != "latent":
        assert parents["z"] == {"pi"}  # p(z | π)
        box = drawn["plate"].get_extents()
        inside = {n for n, p in drawn["nodes"].items() if box.contains(*ax.transData.transform(p.center))}
        assert inside == {"z", "x"}  # the plate repeats the points, not the parameters
