"""Numbers the prose of notebook 15 states, recomputed (the style of tests/test_claims.py).

A number a code cell prints is read from the stored outputs (``printed``), which nbval keeps
current; the others are recomputed here.
"""

import numpy as np
import pytest
from scipy import optimize
from test_claims import printed, stated

import gmm_lab as g
from gmm_lab.course.widgets import catalog

NB = "15-EM-in-General"


def test_holes_with_probability_04_and_96_eruptions():
    (p,) = stated(NB, r"each eruption, with probability (0\.\d), loses one of its two numbers")
    [(lost, n)] = printed(NB, r"(\d+) of (\d+) eruptions lost a number")
    stated(NB, rf"throws away the observed half of {lost} eruptions")
    X, _ = g.load_faithful()
    X_holes = g.hide_at_random(X, float(p), random_state=0)
    assert np.isnan(X_holes).any(axis=1).sum() == int(lost) and len(X) == int(n)
    assert abs(int(lost) / int(n) - float(p)) < 3 * np.sqrt(0.24 / len(X))  # what a probability of 0.4 gives


def test_e_step_closes_m_step_opens_and_ln_p_rises_more():
    stated(NB, r"so \$\\ln p\$ rises by \*more\* than")
    rows = printed(NB, r"iteration (\d): M-step raises L by\s+([\d.]+) and ln p by\s+([\d.]+); gap\s+([\d.]+)")
    assert len(rows) == 4
    for _, dl, dp, gap in rows:
        assert float(dp) > float(dl)  # ln p rises by more than L
        assert abs(float(dp) - float(dl) - float(gap)) < 0.015  # by the gap: KL = ln p - L (each printed to 0.01)
    stated(NB, r"Right: every half-step of the first four iterations")
    assert catalog.entries(NB)[0].build().n_steps == 2 * 4
    [kl] = printed(NB, r"q E-step : L = [^,]+, KL =\s+([\d.]+)")
    assert float(kl) == 0


def test_mean_filling_shrinks_and_ecm_incremental_passes():
    stated(NB, r"Filling with means shrinks the variances and the covariance")
    rows = dict((name.strip(), (float(v1), float(v2), float(c))) for name, v1, v2, c in printed(
        NB, r"(all data \(nothing hidden\)|fill with column means)\s+mean \[[^\]]*\]\s+variances \[\s*([\d.]+)\s+"
            r"([\d.]+)\]\s+covariance\s+([\d.]+)"))
    assert all(m < a for m, a in zip(rows["fill with column means"], rows["all data (nothing hidden)"]))
    passes = {name.strip(): int(k) for name, k in printed(NB, r"(EM|ECM \(partial M-step\)|incremental, [^\n]*?)\s+"
                                                              r"within 0\.01 of the best after\s+(\d+) passes")}
    stated(NB, r"Each half is cheaper; it needs more passes")
    assert passes["ECM (partial M-step)"] > passes["EM"]
    one, twenty, em = stated(NB, r"one point at a time came within 0\.01 of the best in (\d+) passes, 20 points at "
                                 r"a time in (\d+), EM in (\d+)")
    assert (int(one), int(twenty), int(em)) == (passes["incremental, 1 point at a time"],
                                                passes["incremental, 20 points at a time"], passes["EM"])
    (m,) = stated(NB, r"each pass makes (\d+) M-steps instead of one")
    assert int(m) == len(g.load_faithful()[0])


def test_hiding_90_percent_answer():
    ll_exp, est, kept, kept04, iters, iters04 = stated(
        NB, r"log-likelihoods agree to better than \$10\^\{(-\d)\}\$ and the estimates to about "
            r"\$2\\times10\^\{(-\d)\}\$.*?Only (\d+) eruptions keep both numbers \((\d+) at 0\.4\).*?EM needs "
            r"(\d+) iterations instead of (\d+)")
    X, _ = g.load_faithful()
    out = {}
    for frac in (0.4, 0.9):
        Xh = g.hide_at_random(X, frac, random_state=0)
        fit = g.run_em_missing(Xh)

        def negative(p, Xh=Xh):
            L = np.array([[np.exp(p[2]), 0.0], [p[3], np.exp(p[4])]])
            return -g.observed_log_likelihood(Xh, p[:2], L @ L.T)

        best = optimize.minimize(negative, np.r_[np.nanmean(Xh, axis=0), 0.0, 0.0, 0.0], method="BFGS")
        L = np.array([[np.exp(best.x[2]), 0.0], [best.x[3], np.exp(best.x[4])]])
        gap = max(np.abs(best.x[:2] - fit.mean).max(), np.abs(L @ L.T - fit.covariance).max())
        out[frac] = (int((~np.isnan(Xh).any(axis=1)).sum()), fit.n_iter, abs(-best.fun - fit.log_likelihoods[-1]), gap)
    assert out[0.9][:2] == (int(kept), int(iters)) and out[0.4][:2] == (int(kept04), int(iters04))
    assert out[0.9][2] < 10.0 ** int(ll_exp)
    assert 1e-4 < out[0.9][3] < 3e-4 and int(est) == -4
    [(fit04,)] = [(n,) for n in printed(NB, r"EM: (\d+) iterations; observed-data")]
    assert int(fit04) == int(iters04)


def test_complete_data_m_step_is_the_whole_fit():
    stated(NB, r"the M-step with one-hot responsibilities is the whole fit")
    X, _ = g.load_faithful()
    labels = (X[:, 0] > 3).astype(int)
    fit = g.m_step(X, np.eye(2)[labels], reg_covar=0.0)
    for j in range(2):  # each component's own maximum-likelihood Gaussian and share
        np.testing.assert_allclose(fit.means[j], X[labels == j].mean(axis=0))
        np.testing.assert_allclose(fit.covariances[j], np.cov(X[labels == j].T, bias=True), rtol=1e-9)
        assert fit.weights[j] == pytest.approx(np.mean(labels == j))
