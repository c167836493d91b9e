"""Numbers and claims the prose of notebook 16 states, read from its stored outputs or recomputed
(the style of tests/test_claims.py). Printed numbers are nbval's; here, what the text says of them."""

import functools

import numpy as np
import pytest
from scipy.special import gammaln, xlogy
from test_claims import printed, same, stated

import gmm_lab as g

NB = "16-Bayesian-Mixtures"


@functools.cache
def standardised():
    X, _ = g.load_faithful()
    return (X - X.mean(axis=0)) / X.std(axis=0)


def test_the_time_line_and_the_sections():
    stated(NB, r"\*\*Time\.\*\* Core path about 30 minutes \(§1–§6\)")


def test_a_hundredth_of_a_point_gets_about_minus_100():
    stated(NB, r"A component with a hundredth of a point gets about \$-100\$ with \$\\alpha_0 = 0\.001\$")
    (value,) = printed(NB, r"N_j =\s+0\.01: .*?α₀ = 0\.001:\s+(-[\d.]+)")
    assert -110 < float(value) < -90


def test_fig_10_6_switches_components_off():
    stated(NB, r"shows the components with a non-zero weight after 0, 15, 60 and 120 iterations")
    counts = [int(c) for c in printed(NB, r"iteration\s+\d+: (\d) components above 1%")]
    assert counts[0] == 6 and counts[-1] == 2 and counts == sorted(counts, reverse=True)
    stated(NB, r"until one remains on each cluster\. Their weights end at the two clusters' shares of the data")
    fit = g.run_variational(standardised(), 6, weight_concentration_prior_type="dirichlet_distribution",
                            weight_concentration_prior=1e-3, max_iter=120, tol=None, random_state=0)
    on = fit.weights > 0.01
    labels = fit.responsibilities.argmax(axis=1)
    shares = np.bincount(labels, minlength=6)[on] / len(labels)
    np.testing.assert_allclose(fit.weights[on], shares, atol=0.01)
    assert len(set(labels)) == 2  # one component on each cluster
    # the bound rises fastest around the iterations where a component falls below 1%
    stated(NB, r"The bound climbs slowly while a doomed component still holds points, and fast once it lets them")
    steps = np.diff(fit.lower_bounds)[1:]  # after the first, large, step
    active = (fit.weight_history > 0.01).sum(axis=1)
    drops = np.flatnonzero(np.diff(active) < 0) + 1
    assert len(drops) == 4  # the alt text's "four iterations"
    for t in drops:
        assert steps[max(t - 3, 0):t + 4].max() > 3 * np.median(steps[:60]), t
    assert fit.lower_bounds[0] == pytest.approx(-65, abs=1) and fit.lower_bounds[-1] == pytest.approx(117, abs=1)


def test_the_slider_claims():
    stated(NB, r"up to \$\\alpha_0 = 1\$ two components survive; from \$\\alpha_0 = 10\$ on all six are kept")
    (dist,) = printed(NB, r"Dirichlet distribution\s+components above 1% for .*?: \[([\d, ]+)\]")
    (proc,) = printed(NB, r"Dirichlet process\s+components above 1% for .*?: \[([\d, ]+)\]")
    assert [int(c) for c in dist.split(",")] == [2, 2, 2, 2, 6, 6, 6]  # α₀ = 10^-3 … 10^3
    assert {int(c) for c in proc.split(",")} == {2}
    stated(NB, r"The \*\*Dirichlet process\*\* keeps two at every \$\\alpha_0\$ here")


def test_against_bic():
    (k_bic, kept) = printed(NB, r"BIC chooses K = (\d); the variational fit keeps (\d) of 6")[0]
    assert k_bic == kept == "2"
    stated(NB, r"Both say two, and their two components nearly coincide \(the prior pulls the variational means "
               r"slightly towards the data's mean\)")
    (gap,) = printed(NB, r"largest difference between their means: ([\d.]+)")
    assert float(gap) < 0.05
    Z = standardised()
    bayes = g.run_variational(Z, 6, random_state=0)
    ml = g.run_restarts(Z, 2, range(5), method="k-means++", tol=1e-4, max_iter=1000, keep_history=False).best
    on = bayes.means[bayes.weights > 0.01]
    for m in ml.means:  # each variational mean is the ML mean moved towards 0, the data's mean
        v = on[np.argmin(np.linalg.norm(on - m, axis=1))]
        assert np.linalg.norm(v) < np.linalg.norm(m)
    (runs,) = stated(NB, r"BIC needed (\d+) EM runs \(6 values of \$K\$, 5 starts each\)")
    assert int(runs) == 6 * 5


def test_try_it_answers():
    (small,) = printed(NB, r"Dirichlet process\s+α₀ = 1000: the smallest weight ([\d.]+)")
    stated(NB, rf"keep weights of about 0\.004 each \(the smallest, {small}, is printed in section 5\)")
    Z = standardised()
    dp = g.run_variational(Z, 6, weight_concentration_prior=1000.0, max_iter=500, random_state=0)
    assert dp.n_active(threshold=1e-6) == 6 and np.sort(dp.weights)[:4] == pytest.approx(0.004, abs=5e-4)
    lo, hi = stated(NB, r"from \$1000/6272 = ([\d.]+)\$ to \$1272/6272 = ([\d.]+)\$")
    assert same(lo, 1000 / 6272) and same(hi, 1272 / 6272) and 6 * 1000 + len(Z) == 6272
    seed1, *bounds = stated(NB, r"seed 1 needs (\d+) iterations \(with the default `max_iter=100` it stops with "
                                r"three components above 1% and a `ConvergenceWarning`\)\. The bounds end at ([\d.]+) "
                                r"\(seeds 0 and 3\), ([\d.]+) \(seeds 2 and 4\) and ([\d.]+) \(seed 1\)")
    runs = [g.run_variational(Z, 6, random_state=s, max_iter=1000) for s in range(5)]
    assert [r.n_active() for r in runs] == [2] * 5 and all(r.converged for r in runs)
    assert runs[1].n_iter == int(seed1)
    for (a, b), stated_bound in zip([(0, 3), (2, 4), (1, 1)], bounds):
        assert same(stated_bound, runs[a].lower_bound) and same(stated_bound, runs[b].lower_bound)
    with pytest.warns(g.ConvergenceWarning):
        assert g.run_variational(Z, 6, random_state=1).n_active() == 3
    for r in runs:  # the same two clusters: the active components' weights agree
        np.testing.assert_allclose(np.sort(r.weights[r.weights > 0.01]), np.sort(runs[0].weights[runs[0].weights > 0.01]),
                                   atol=0.02)


def test_what_switching_off_costs_and_what_the_stick_leaves():
    """§4: the weights' normaliser pays for switching off while the entropy of q(Z) falls; §5: at α₀ = 1000
    the busy sticks break off about a fifth, and an empty stick after them takes about 1/(1 + α₀)."""
    stated(NB, r"costs about \$\\ln\\Gamma\(\\alpha_0\)\\approx (6\.9)\$ nats")
    assert same("6.9", gammaln(1e-3))
    stated(NB, r"(the entropy of the responsibilities, which the bound also\s+holds, falls)")
    Z = standardised()
    kw = {"weight_concentration_prior_type": "dirichlet_distribution", "weight_concentration_prior": 1e-3,
          "tol": None, "random_state": 0}
    first, last = g.run_variational(Z, 6, max_iter=1, **kw), g.run_variational(Z, 6, max_iter=120, **kw)
    entropy = [-xlogy(f.responsibilities, f.responsibilities).sum() for f in (first, last)]
    normaliser = [gammaln(f.concentration).sum() for f in (first, last)]
    assert entropy[1] < entropy[0] and normaliser[1] > normaliser[0]
    stated(NB, r"at \$\\alpha_0 = 1000\$ the two busy\s+components break off (about a fifth) of it")
    dp = g.run_variational(Z, 6, weight_concentration_prior=1000.0, max_iter=500, random_state=0)
    a, b = dp.concentration
    raw = a / (a + b) * np.concatenate([[1.0], np.cumprod(b / (a + b))[:-1]])
    busy = dp.weights > 0.01
    assert 0.15 < raw[busy].sum() < 0.25 and np.all(raw[~busy] < 2 / 1001)
    # §5: the bars are scikit-learn's weights, the raw E[π_j] normalised over the K components
    stated(NB, r"the busy components' bars are\s+their raw expectations scaled up by the same factor")
    (raw_busy, total, bars) = printed(NB, r"busy components: raw E\[π_j\] \[([\d. ]+)\] \(sum ([\d.]+)\); the bars \[([\d. ]+)\]")[0]
    raw_busy, bars = np.array(raw_busy.split(), float), np.array(bars.split(), float)
    np.testing.assert_allclose(bars, raw_busy / float(total), atol=0.003)
    np.testing.assert_allclose(dp.weights, raw / raw.sum())
