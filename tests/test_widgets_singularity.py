"""Notebook 11's live figure: the density, ℓ and the MAP objective drawn are the maths at each σ."""

import numpy as np
import pytest

import gmm_lab as g
from gmm_lab.course.widgets import catalog
from gmm_lab.course.widgets.singularity import SpikeExplorer


@pytest.fixture(scope="module")
def demo():
    return catalog.entries("11-Singularities")[0].build()


def _covs(sigma):
    return np.array([[[1.0]], [[sigma**2]]])


@pytest.mark.parametrize("shrink", [0.0, 1.5, 3.0, 8.0])
def test_the_curves_are_the_mixture_at_the_slider_s_sigma(demo, shrink):
    demo.set(shrink=shrink)
    x, sigma = demo.x, 10.0**-shrink
    grid, dens = demo.line.get_data()
    assert 3.5 in grid and np.any(np.isclose(grid - 3.5, 0.2 * sigma, rtol=1e-6, atol=0))  # the spike is resolved
    np.testing.assert_allclose(dens, np.exp(g.log_mixture_pdf(grid, [[0.0], [3.5]], _covs(sigma), [0.9, 0.1])),
                               rtol=1e-12)
    ll = g.log_likelihood(x, [[0.0], [3.5]], _covs(sigma), [0.9, 0.1])
    assert list(demo.mark.get_data()[0]) == [shrink] and demo.mark.get_data()[1][0] == pytest.approx(ll, rel=1e-12)
    objective = ll + g.log_covariance_prior(_covs(sigma), *demo.prior)
    assert demo.map_mark.get_data()[1][0] == pytest.approx(objective, rel=1e-12)
    assert f"ℓ = {ll:.2f}" in demo.status.value and f"ℓ + log p = {objective:.6g}" in demo.status.value


def test_the_log_likelihood_climbs_ln10_per_decade_and_the_prior_caps_it(demo):
    big = demo.curve > 4  # σ below 1e-4: only the spike's -log σ changes
    slope = np.polyfit(demo.curve[big], demo.curve_ll[big], 1)[0]
    assert slope == pytest.approx(np.log(10), rel=1e-6)
    best = demo.curve[np.argmax(demo.curve_objective)]
    s0, kappa = np.sqrt(demo.prior[0]), demo.prior[1]
    lone = -np.log10(s0 * np.sqrt(kappa / (1 + kappa)))  # a component alone on the point (section 4)
    assert abs(best - lone) < 0.1
    assert demo.curve_objective[-1] < demo.curve_objective.max() - 1e6  # the prior forbids the spike


def test_the_reg_covar_floor_is_drawn_where_sigma_is_its_root():
    x = g.make_lone_point()
    demo = SpikeExplorer(x, [0.0, 3.5], [1.0, 0.5], [0.9, 0.1], reg_covar=1e-4, shrink=np.arange(0, 4.01, 0.5))
    lines = [l for l in demo.axes[1].get_lines() if l.get_linestyle() == ":"]
    assert len(lines) == 1 and list(lines[0].get_xdata()) == [2.0, 2.0]  # σ = 1e-2 = √1e-4
    assert demo.controls["shrink"].max == 4.0 and demo.frames()[-1][1] == {"shrink": 1.0}
