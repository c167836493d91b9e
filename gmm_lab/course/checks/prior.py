"""Check for a student's MAP M-step, ``m_step_map(X, responsibilities, covariance_prior, prior_strength)``.

Compared with ``gmm_lab.m_step_map``: the weights and means of the plain M-step, and
covariances ``(S_j + κ S₀) / (N_j + κ)`` with ``S_j = Σᵢ rᵢⱼ (xᵢ − μⱼ)(xᵢ − μⱼ)ᵀ``.
"""

import numpy as np

from ... import em
from ...practice import prior
from ._cases import mixture, to_lists
from ._compare import as_array, close, first_difference, matches_any
from ._refusals import REFUSALS
from ._hidden import hidden_name, hidden_rngs, random_mixture
from ._engine import DEFAULT_TIMEOUT, LIST_HINT, Case, run_check
from ._report import Problem

__all__ = ["check_m_step_map"]

NAMES = ("weights", "means", "covariances")
POOL = "(S_j + κ S₀) / (N_j + κ), with S_j = Σᵢ rᵢⱼ (xᵢ − μⱼ)(xᵢ − μⱼ)ᵀ (not divided by N_j)"


def _cases():
    def soft(seed, n, d, k, **kw):
        X, m, c, w = mixture(seed, n, d, k, **kw)
        shifted = m + 0.5 * np.random.default_rng(seed).normal(size=m.shape)
        return X, em.e_step(X, shifted, c, w)

    X, r = soft(601, 200, 2, 3)
    lone = np.vstack([X[:59], [[12.0, -9.0]]])  # a far point that one component takes alone
    r_lone = np.zeros((60, 2))
    r_lone[:59, 0], r_lone[59, 1] = 1.0, 1.0
    X1, r1 = soft(602, 60, 1, 2, spread=2.0)
    X5, r5 = soft(603, 80, 5, 2, spread=1.0)
    Xl, rl = soft(604, 20, 2, 2)
    specs = [
        ("2-D, 3 components, κ = 3", X, r, 0.1 * np.cov(X.T, bias=True), 3.0),
        ("a component responsible for one point alone (S_j = 0)", lone, r_lone, 0.05 * np.eye(2), 2.0),
        ("1-D data (d = 1), κ = 0.5", X1, r1, np.array([[0.2]]), 0.5),
        ("5-D data, κ = 10", X5, r5, 0.3 * np.eye(5), 10.0),
        ("κ = 0: the plain M-step", X, r, np.eye(2), 0.0),
    ]
    cases = [Case(name, (X_, r_, S0, kappa), {"X": X_, "resp": r_, "S0": S0, "kappa": kappa})
             for name, X_, r_, S0, kappa in specs]
    cases.append(Case("lists instead of arrays", to_lists(Xl, rl, 0.1 * np.eye(2)) + (1.0,),
                      {"X": Xl, "resp": rl, "S0": 0.1 * np.eye(2), "kappa": 1.0}, error_hint=LIST_HINT))
    for i, rng in enumerate(hidden_rngs("check_m_step_map")):
        Xh, mh, ch, wh, what = random_mixture(rng)
        rh = em.e_step(Xh, mh + rng.normal(scale=0.5, size=mh.shape), ch, wh)
        S0, kappa = rng.uniform(0.05, 1.0) * np.eye(Xh.shape[1]), float(rng.uniform(0.5, 10.0))
        cases.append(Case(hidden_name(i, f"{what}, κ = {kappa:.2f}"), (Xh, rh, S0, kappa),
                          {"X": Xh, "resp": rh, "S0": S0, "kappa": kappa}))
    for case in cases:
        d = case.data
        d["expected"] = prior.m_step_map(d["X"], d["resp"], covariance_prior=d["S0"], prior_strength=d["kappa"])
    return cases


def _mistakes(name, data):
    X, r, S0, kappa = data["X"], data["resp"], data["S0"], data["kappa"]
    n, k = r.shape
    d = X.shape[1]
    Nk = r.sum(axis=0)
    w, mu, cov = data["expected"]
    if name == "weights":
        return [("the prior is on the covariances only: the weights stay N_j / n.", (Nk + kappa) / (n + k * kappa))]
    if name == "means":
        return [("the prior is on the covariances only: the means stay Σᵢ rᵢⱼ xᵢ / N_j.", r.T @ X / (Nk + kappa)[:, None])]
    S = np.array([(r[:, j] * (X - mu[j]).T) @ (X - mu[j]) for j in range(k)])
    by = lambda num, den: num / np.asarray(den, dtype=float).reshape(-1, 1, 1)  # noqa: E731
    return [
        (f"divide by N_j + κ: the κ pseudo-points count in the denominator too. {POOL}.", by(S + kappa * S0, Nk)),
        (f"pool the prior with the scatter, then divide: {POOL}; adding κS₀ afterwards is reg_covar-like.",
         by(S, Nk) + kappa * S0),
        (f"pool the prior with the scatter, then divide: {POOL}.", by(S, Nk) + S0),
        (f"multiply S₀ by κ: {POOL}.", by(S + S0, Nk + kappa)),
        (f"S_j is the scatter, not divided by N_j before pooling: {POOL}.", by(by(S, Nk) + kappa * S0, Nk + kappa)),
        (f"pool first, then divide once: {POOL}; the ML covariance S_j / N_j plus a prior term is two "
         f"estimates added, not one pooled estimate.", by(S, Nk) + by(kappa * S0 + 0 * S, Nk + kappa)),
        ("that is the inverse-Wishart's ν + d + 1 written with κ in place of ν: here κ already counts it, "
         f"{POOL}.", by(S + kappa * S0, Nk + kappa + d + 1)),
        (f"the prior is missing: the covariances are the plain M-step's. {POOL}.", by(S, Nk)),
    ]


def _judge(case, got):
    expected = case.data["expected"]
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        return Problem(case.name, f"m_step_map must return (weights, means, covariances); it returned a "
                       f"{type(got).__name__}", hint="end with: return weights, means, covariances")
    for name, exp, value in zip(NAMES, expected, got):
        arr = as_array(value)
        if close(exp, arr):
            continue
        summary, e, g = first_difference(exp, arr, what="component", count_from_one=True)
        hint = matches_any(arr, _mistakes(name, case.data))
        return Problem(case.name, f"{name}: {summary}", e, g, hint or "")
    return None


def check_m_step_map(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(X, responsibilities, covariance_prior, prior_strength)`` against ``gmm_lab.m_step_map``.

    Cases: 2-D soft responsibilities; a component on one point; 1-D; 5-D; κ = 0 (the plain
    M-step); Python lists. Inputs must be left unchanged.

    Refuses ``gmm_lab.m_step_map`` (and ``run_em_map``, which runs it); ``gmm_lab.m_step``
    (notebook 04) and NumPy are allowed.
    """
    return run_check("check_m_step_map", fn,
                     ("m_step_map", "X", "responsibilities", "covariance_prior", "prior_strength"),
                     _cases(), _judge, timeout,
                     refused=REFUSALS["check_m_step_map"])
