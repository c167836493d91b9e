"""Checks for a student's ``n_parameters(n_components, n_features, covariance_type)`` and ``bic``.

``n_parameters`` is compared with ``gmm_lab.n_parameters`` (scikit-learn's count) for every
covariance type; ``bic(X, means, covariances, weights)`` (full covariances) with
``-2 gmm_lab.log_likelihood(...) + n_parameters(k, d) log n``.
"""

import numbers

import numpy as np
from scipy.special import logsumexp

from ... import criteria, em
from ... import gaussian as reference_gaussian
from ._cases import far_point, mixture, to_lists
from ._compare import as_array, close, fmt_pair
from ._refusals import REFUSALS
from ._hidden import hidden_name, hidden_rngs, random_mixture
from ._engine import DEFAULT_TIMEOUT, LIST_HINT, Case, run_check
from ._report import Problem
from .steps import HANDOUT_HINT

__all__ = ["check_n_parameters", "check_bic"]

SYMMETRIC = ("a covariance matrix is symmetric: it has d(d + 1)/2 free entries (the diagonal and one "
             "triangle), not d².")
WEIGHTS = "the k weights sum to 1, so only k − 1 of them are free."
FAR = ("a point far from every component: its mixture density underflows to 0 in pdf space and its log "
       "to −inf. Compute ℓ in log space (g.log_likelihood, or log-sum-exp).")


# --------------------------------------------------------------------------- #
# n_parameters
# --------------------------------------------------------------------------- #
def _count(k, d, covariance_type, *, cov=None, weights=None, means=None):
    """The count with one part replaced (to build the wrong answers)."""
    cov = {"full": k * d * (d + 1) // 2, "diag": k * d, "spherical": k, "tied": d * (d + 1) // 2}[covariance_type] \
        if cov is None else cov
    return cov + (k * d if means is None else means) + (k - 1 if weights is None else weights)


def _n_parameters_mistakes(k, d, t):
    pairs = [
        (WEIGHTS, _count(k, d, t, weights=k)),
        ("the means count too: k d numbers.", _count(k, d, t, means=0)),
        ("count the means and the k − 1 free weights too, not only the covariances.", _count(k, d, t, means=0, weights=0)),
    ]
    if t == "full":
        pairs.insert(0, (SYMMETRIC, _count(k, d, t, cov=k * d * d)))
    elif t == "tied":
        pairs.insert(0, ("tied: all components share one covariance matrix, d(d + 1)/2 numbers in all, not per "
                         "component.", _count(k, d, t, cov=k * d * (d + 1) // 2)))
        pairs.append((SYMMETRIC, _count(k, d, t, cov=d * d)))
    elif t == "diag":
        pairs.insert(0, ("diag: each component has d variances (the diagonal) and no covariances.",
                         _count(k, d, t, cov=k * d * (d + 1) // 2)))
    else:
        pairs.insert(0, ("spherical: each component has one variance, the same in every direction (σⱼ² I).",
                         _count(k, d, t, cov=k * d)))
    return pairs


def _n_parameters_cases():
    specs = [(3, 2, "full"), (1, 1, "full"), (3, 2, "diag"), (3, 2, "spherical"), (3, 2, "tied"),
             (10, 64, "full"), (10, 64, "diag"), (10, 64, "tied")]
    hidden = [(int(rng.integers(1, 13)), int(rng.integers(1, 40)), str(rng.choice(["full", "diag", "spherical", "tied"])))
              for rng in hidden_rngs("check_n_parameters", 3)]
    names = [f'{t}, {k} component{"s" * (k > 1)} in {d}-D' for k, d, t in specs + hidden]
    names[len(specs):] = [hidden_name(i, name) for i, name in enumerate(names[len(specs):])]
    return [Case(name, (k, d), {"expected": criteria.n_parameters(k, d, covariance_type=t), "spec": (k, d, t)},
                 kwargs={"covariance_type": t}) for name, (k, d, t) in zip(names, specs + hidden)]


def _judge_n_parameters(case, got):
    expected = case.data["expected"]
    if isinstance(got, bool) or not isinstance(got, (numbers.Number, np.number)):
        return Problem(case.name, f"n_parameters returned a {type(got).__name__}", hint="return one whole number.")
    if got == expected:
        return None
    hint = next((h for h, v in _n_parameters_mistakes(*case.data["spec"]) if v == got), "")
    return Problem(case.name, "wrong count", str(expected), f"{got:g}", hint)


def check_n_parameters(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(n_components, n_features, covariance_type=...)`` -> int against ``gmm_lab.n_parameters``.

    Cases: each type with 3 components in 2-D, one component in 1-D, and 10 components in
    64-D (the digits' 8 x 8 pixels) for "full", "diag" and "tied".

    Refuses ``gmm_lab.n_parameters`` (and so ``bic`` and ``aic``, which call it); plain Python is allowed.
    """
    return run_check("check_n_parameters", fn, ("n_parameters", "n_components", "n_features", "covariance_type=..."),
                     _n_parameters_cases(), _judge_n_parameters, timeout,
                     refused=REFUSALS["check_n_parameters"])


# --------------------------------------------------------------------------- #
# BIC
# --------------------------------------------------------------------------- #
def _bic_cases():
    specs = [("2-D, 3 components", mixture(501, 200, 2, 3)),
             ("1-D data (d = 1), 2 components", mixture(502, 80, 1, 2, spread=3.0)),
             ("5-D data, 3 components", mixture(503, 150, 5, 3, spread=2.0))]
    X, m, c, w = mixture(505, 60, 2, 3)
    specs.append(("a point far from every component", (np.vstack([X, far_point(m, c, w)]), m, c, w)))
    for i, rng in enumerate(hidden_rngs("check_bic")):
        X, m, c, w, what = random_mixture(rng)
        specs.append((hidden_name(i, what), (X, m, c, w)))
    cases = []
    for name, (X, m, c, w) in specs:
        cases.append(Case(name, (X, m, c, w), {"X": X, "means": m, "covariances": c, "weights": w},
                          error_hint=FAR if name.startswith("a point far") else ""))
    X, m, c, w = mixture(504, 40, 2, 2)
    cases.append(Case("lists instead of arrays", to_lists(X, m, c, w),
                      {"X": X, "means": m, "covariances": c, "weights": w}, error_hint=LIST_HINT))
    for case in cases:
        d = case.data
        d["ll"] = em.log_likelihood(d["X"], d["means"], d["covariances"], d["weights"])
        d["n"], (d["k"], d["d"]) = d["X"].shape[0], d["means"].shape
        d["p"] = criteria.n_parameters(d["k"], d["d"])
        d["expected"] = -2 * d["ll"] + d["p"] * np.log(d["n"])
    return cases


def _bic_mistakes(data):
    ll, n, p, k, dim = data["ll"], data["n"], data["p"], data["k"], data["d"]
    a = np.column_stack([np.log(w) + reference_gaussian.log_gaussian_pdf(data["X"], m, c)
                         for m, c, w in zip(data["means"], data["covariances"], data["weights"])])
    penalty = p * np.log(n)
    return [
        ("-2ℓ + p log n: the log-likelihood term is −2ℓ (ℓ is negative, so it is a positive number).", 2 * ll + penalty),
        ("−2ℓ + 2p is AIC; BIC's penalty is p log n.", -2 * ll + 2 * p),
        ("use the natural log of n (np.log), not log10.", -2 * ll + p * np.log10(n)),
        ("use the natural log of n (np.log), not log2.", -2 * ll + p * np.log2(n)),
        ("this is half of BIC (−ℓ + ½ p log n, Schwarz's form); scikit-learn and gmm_lab use −2ℓ + p log n.",
         -ll + 0.5 * penalty),
        ("ℓ is the total log-likelihood, the sum over points, not the average per point.", -2 * ll / n + penalty),
        ("the log-likelihood term is −2ℓ, not −ℓ: BIC = −2ℓ + p log n.", -ll + penalty),
        ("n in the penalty is the number of points, X.shape[0].", -2 * ll + p * np.log(dim)),
        ("n in the penalty is the number of points, X.shape[0].", -2 * ll + p * np.log(k)),
        (f"p: {SYMMETRIC}", -2 * ll + (p + k * dim * (dim - 1) // 2) * np.log(n)),
        (f"p: {WEIGHTS}", -2 * ll + (p + 1) * np.log(n)),
        ("p counts the means too (k d numbers).", -2 * ll + (p - k * dim) * np.log(n)),
        (HANDOUT_HINT, -2 * np.sum(a) + penalty),
        ("ℓ = Σᵢ log Σⱼ πⱼ Nⱼ(xᵢ): the weights πⱼ are missing.",
         -2 * logsumexp(a - np.log(data["weights"]), axis=1).sum() + penalty),
    ]


def _judge_bic(case, got):
    expected = case.data["expected"]
    if close(expected, got, rtol=1e-8):
        return None
    if as_array(got) is None:
        return Problem(case.name, f"bic returned a {type(got).__name__}", hint="return one number: −2ℓ + p log n.")
    if np.ndim(got) == 0 and np.isinf(float(got)):
        return Problem(case.name, "infinite", *fmt_pair(expected, got), FAR)
    if np.ndim(got) != 0:
        return Problem(case.name, f"bic returned an array of shape {np.shape(got)}",
                       hint="return one number: −2ℓ + p log n, with ℓ summed over all points.")
    e, g = fmt_pair(expected, got)
    hint = next((h for h, v in _bic_mistakes(case.data) if close(v, got, rtol=1e-8)), "")
    return Problem(case.name, "wrong value", e, g, hint)


def check_bic(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(X, means, covariances, weights)`` -> float, BIC of a full-covariance mixture.

    Expected: ``-2 log_likelihood + n_parameters(k, d) log n``, as ``gmm_lab.bic`` (and
    scikit-learn). Cases: 2-D, 1-D, 5-D, a point far from every component, Python lists.

    Refuses ``gmm_lab.bic`` and ``aic``; ``gmm_lab.log_likelihood`` (notebook 03) and ``n_parameters``
    (notebook 09) are allowed.
    """
    return run_check("check_bic", fn, ("bic", "X", "means", "covariances", "weights"), _bic_cases(), _judge_bic,
                     timeout,
                     refused=REFUSALS["check_bic"])
