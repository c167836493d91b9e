"""Check for a student's ancestral sampler, ``sample_gmm(n, means, covariances, weights, random_state=...)``.

Called like ``gmm_lab.sample_gmm``: it must return ``(X, labels)`` with X of shape (n, d)
and the component of each point in ``labels``. A sample is random, so the check compares
statistics of a large sample with what the parameters imply, with tolerances of five
standard errors or more: a right sampler passes for any seed (a false alarm has odds
below one in ten thousand), and the usual mistakes are off by far more than that.
"""

import numpy as np

from ._call import call_student
from ._cases import mixture, to_lists
from ._compare import fmt
from ._refusals import REFUSALS
from ._hidden import hidden_name, hidden_rngs
from ._engine import DEFAULT_TIMEOUT, LIST_HINT, Case, run_check
from ._report import Problem

__all__ = ["check_sample_gmm"]

N = 5000
SAME_SEED = "the same seed gives the same sample"


def _cases():
    specs = [
        ("2-D, 3 components", mixture(501, 10, 2, 3)),
        ("1-D data (d = 1), 2 components", mixture(502, 10, 1, 2)),
        ("5-D data, 2 components", mixture(503, 10, 5, 2)),
        ("nearly singular covariance", mixture(504, 10, 2, 3, flat_component=True)),
    ]
    cases = [Case(name, (N, m, c, w), {"params": (m, c, w)}, kwargs={"random_state": np.random.default_rng(7)})
             for name, (_, m, c, w) in specs]
    _, m, c, w = mixture(505, 10, 2, 2)
    cases.append(Case("lists instead of arrays", (N, *to_lists(m, c, w)), {"params": (m, c, w)},
                      kwargs={"random_state": np.random.default_rng(8)}, error_hint=LIST_HINT))
    cases.append(Case(SAME_SEED, (500, m, c, w), {"params": (m, c, w)}, kwargs={"random_state": 11}))
    for i, rng in enumerate(hidden_rngs("check_sample_gmm", 1)):
        k, d = int(rng.integers(1, 4)), int(rng.integers(1, 5))
        _, m, c, w = mixture(int(rng.integers(2**32)), 10, d, k)
        cases.append(Case(hidden_name(i, f"{d}-D, {k} component{'s' * (k > 1)}"), (N, m, c, w), {"params": (m, c, w)},
                          kwargs={"random_state": int(rng.integers(2**32))}))
    return cases


def _sub(number):
    """A component's number as a subscript, as the notebooks write μ₂."""
    return str(number).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _standardised_gap(S, cov, n_j):
    """How far a sample covariance S is from cov, in standard errors (about 1 for a right sampler)."""
    L = np.linalg.cholesky(cov)
    W = np.linalg.solve(L, np.linalg.solve(L, S).T)  # L⁻¹ S L⁻ᵀ: the identity if S = cov
    return float(np.max(np.abs(W - np.eye(len(cov))))) / np.sqrt(2.0 / n_j)


def _cov_hint(S, cov, n_j):
    L = np.linalg.cholesky(cov)
    candidates = [
        ("x = μ + Σ z has covariance Σ², not Σ: multiply z by the Cholesky factor L (Σ = L Lᵀ).", cov @ cov),
        ("for rows, x = μ + z @ L.T (L lower triangular, Σ = L Lᵀ); z @ L gives covariance Lᵀ L.", L.T @ L),
        ("drawing each coordinate on its own loses the correlations: use μ + z @ L.T with L = "
         "np.linalg.cholesky(Σ), or rng.multivariate_normal.", np.diag(np.diag(cov))),
        ("the covariance is a variance: its square root is the standard deviation (scale).", np.sqrt(np.abs(cov))),
    ]
    for hint, implied in candidates:
        if not np.allclose(implied, cov, rtol=0.05) and _standardised_gap(S, implied, n_j) < 8:
            return hint
    return ""


def _judge_sample(case, got):
    means, covs, weights = case.data["params"]
    n, k = case.args[0], len(weights)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return Problem(case.name, f"sample_gmm must return (X, labels); it returned a {type(got).__name__}",
                       hint="end with: return X, labels")
    X, labels = (np.asarray(a) for a in got)
    if X.shape != (n, means.shape[1]) or labels.shape != (n,):
        return Problem(case.name, "wrong shapes", f"X shape {(n, means.shape[1])}, labels shape {(n,)}",
                       f"X shape {X.shape}, labels shape {labels.shape}",
                       hint="X holds one point per row (n, d); labels one component index per point (n,).")
    if not np.all(np.isin(labels, np.arange(k))):
        return Problem(case.name, f"labels must be component indices 0 … {k - 1}",
                       hint="labels[i] is the index of the component that made X[i]: 0 for component 1, and so on.")
    share = np.bincount(labels.astype(int), minlength=k) / n
    se = np.sqrt(weights * (1 - weights) / n) + 1e-12
    if np.any(np.abs(share - weights) > 5 * se):
        hint = ("components picked with equal chances: pick them with the weights, rng.choice(k, size=n, p=weights)."
                if np.allclose(share, 1 / k, atol=0.02) else "each component must be picked with probability weights[j].")
        return Problem(case.name, "the share of each label is not its weight", fmt(weights), fmt(share), hint)
    for j in range(k):
        pts = X[labels == j].astype(float)
        n_j = len(pts)
        if n_j < 50:
            continue
        z = (pts.mean(axis=0) - means[j]) / np.sqrt(np.diag(covs[j]) / n_j)
        if np.max(np.abs(z)) > 6:
            return Problem(case.name, f"the points labelled {j} do not have the mean of component {j + 1}, "
                           f"μ{_sub(j + 1)} = means[{j}]", fmt(means[j]),
                           fmt(pts.mean(axis=0)), "draw each point from its own label's component: labels[i] = j means "
                                                  "X[i] ~ N(means[j], covariances[j]); don't draw labels and points "
                                                  "separately.")
        S = np.atleast_2d(np.cov(pts, rowvar=False))
        if _standardised_gap(S, covs[j], n_j) > 8:
            return Problem(case.name, f"the points labelled {j} do not have the covariance of component {j + 1}, "
                           f"Σ{_sub(j + 1)} = covariances[{j}]", fmt(covs[j]), fmt(S),
                           _cov_hint(S, covs[j], n_j))
    return None


def _judge(fn, timeout):
    def judge(case, got):
        if case.name != SAME_SEED:
            return _judge_sample(case, got)
        callers = np.random.get_state()
        sentinel = np.random.RandomState(2024).get_state()  # a known global state, to see if it moves
        np.random.set_state(sentinel)
        again = call_student(fn, case.args, {"random_state": 11}, timeout)
        after = np.random.get_state()
        moved = not (np.array_equal(sentinel[1], after[1]) and sentinel[2] == after[2])
        np.random.set_state(callers)  # leave the caller's global stream as it was
        if moved:
            return Problem(case.name, "your function used NumPy's global random state",
                           hint="draw from rng = np.random.default_rng(random_state), not np.random.normal, "
                                "np.random.choice and friends: the same seed must give the same sample.")
        same = again.error is None and not again.timed_out and all(
            np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(got, again.value))
        if not same:
            return Problem(case.name, "two calls with random_state=11 gave different samples",
                           hint="make every draw from rng = np.random.default_rng(random_state).")
        return _judge_sample(case, got) if case.args[0] >= 2000 else None

    return judge


def check_sample_gmm(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(n, means, covariances, weights, random_state=...)`` -> (X, labels), an ancestral sampler.

    Cases: 2-D, 1-D, 5-D, a nearly singular covariance, Python lists (5000 points each:
    label shares, per-label means and covariances within 5 to 8 standard errors), and
    the same seed twice (same sample, NumPy's global random state untouched).

    Refuses ``gmm_lab.sample_gmm``; NumPy's generators are allowed.
    """
    return run_check("check_sample_gmm", fn, ("sample_gmm", "n", "means", "covariances", "weights"), _cases(),
                     _judge(fn, timeout), timeout,
                     refused=REFUSALS["check_sample_gmm"])

