"""Check for a student's Bernoulli E-step, ``bernoulli_e_step(X, means, weights)`` (notebook 14).

Called like ``gmm_lab.bernoulli_e_step`` and compared with it: responsibilities of shape
(n, K) for binary images X (n, D), means (K, D) strictly between 0 and 1, weights (K,).
"""

import numpy as np
from scipy.special import logsumexp

from ...practice import bernoulli
from ._compare import as_array, close, first_difference, matches_any
from ._engine import DEFAULT_TIMEOUT, LIST_HINT, Case, run_check
from ._hidden import hidden_name, hidden_rngs
from ._refusals import REFUSALS
from ._report import Problem

__all__ = ["check_bernoulli_e_step"]

EPS = bernoulli.MEAN_BOUND  # where run_em_bernoulli leaves the mean of a pixel a component never saw on
FAR_HINT = ("the far digit has every pixel unlike every component: Π μ^x (1 − μ)^(1 − x) underflows to 0 for each, "
            "and its row is 0/0 = NaN. Work in log space: sum the logs, then log-sum-exp over the components.")


def _images(rng, n, d, k, weights):
    """(X, means): binary images drawn from k random prototypes, and means near (not at) them."""
    protos = rng.uniform(0.05, 0.95, size=(k, d))
    z = rng.choice(k, size=n, p=weights)
    X = (rng.random((n, d)) < protos[z]).astype(float)
    return X, np.clip(protos + rng.normal(scale=0.1, size=protos.shape), 0.02, 0.98)


def _never_on(rng):
    """Pixel 0 never on in components 1 and 2 (their means at the bound ε, as a fit leaves them) and pixel 5
    always on (1 − ε); the last image has pixel 0 on: log ε = -23 for those two components."""
    weights = np.array([0.2, 0.3, 0.5])
    X, means = _images(rng, 40, 16, 3, weights)
    X[:, 0], means[:, 0] = 0.0, [EPS, EPS, 0.3]
    X[:, 5], means[:, 5] = 1.0, [1.0 - EPS, 1.0 - EPS, 0.7]
    X[-1, 0] = 1.0
    return X, means, weights


def _far_digit(rng):
    """64 pixels; the last image is the opposite of every component in every pixel (means at the bounds)."""
    weights = np.array([0.35, 0.65])
    protos = (rng.random((2, 64)) < 0.4).astype(float)
    protos[1, :32] = protos[0, :32]  # the two components agree on half the pixels, so one image unlike both exists
    means = np.clip(protos, EPS, 1 - EPS)
    X = (rng.random((30, 64)) < np.clip(protos, 0.1, 0.9)[rng.choice(2, 30, p=weights)]).astype(float)
    far = 1.0 - protos[0]
    far[32:] = 1.0 - protos[1, 32:]
    return np.vstack([X, far]), means, weights, {len(X): "the far digit"}


def _cases():
    rng = np.random.default_rng(1401)
    w3, w2 = np.array([0.2, 0.3, 0.5]), np.array([0.35, 0.65])
    specs = [("16 pixels, 3 components", *_images(rng, 60, 16, 3, w3), w3, {}, ""),
             ("a never-on pixel (means 1e-10, as a fit leaves them) and an always-on one", *_never_on(rng), {}, ""),
             ("a digit far from every component (64 pixels)", *_far_digit(rng), FAR_HINT),
             ("one component", *_images(rng, 20, 9, 1, [1.0]), np.array([1.0]), {},
              "here K = 1: means has shape (1, D) and every responsibility is 1.")]
    cases = [Case(name, (X, m, w), {"X": X, "means": m, "weights": w, "expected": bernoulli.bernoulli_e_step(X, m, w)},
                  labels=labels, error_hint=hint) for name, X, m, w, labels, hint in specs]
    X, m = _images(rng, 12, 6, 2, w2)
    cases.append(Case("lists instead of arrays", (X.tolist(), m.tolist(), w2.tolist()),
                      {"X": X, "means": m, "weights": w2, "expected": bernoulli.bernoulli_e_step(X, m, w2)},
                      error_hint=LIST_HINT))
    for i, hidden in enumerate(hidden_rngs("check_bernoulli_e_step")):
        k, d, n = int(hidden.integers(1, 5)), int(hidden.integers(2, 40)), int(hidden.integers(10, 80))
        w = hidden.dirichlet(np.full(k, 3.0))
        X, m = _images(hidden, n, d, k, w)
        cases.append(Case(hidden_name(i, f"{d} pixels, {k} component{'s' * (k > 1)}, {n} images"), (X, m, w),
                          {"X": X, "means": m, "weights": w, "expected": bernoulli.bernoulli_e_step(X, m, w)}))
    return cases


def _terms(X, means, weights, eps=0.0):
    with np.errstate(divide="ignore"):
        return X @ np.log(means + eps).T + (1 - X) @ np.log(1 - means + eps).T + np.log(weights)


def _normalised(a):
    return np.exp(a - logsumexp(a, axis=1, keepdims=True))


def _mistakes(data):
    X, m, w = data["X"], data["means"], data["weights"]
    a = _terms(X, m, w)
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        p = np.exp(a)
        pdf_space = p / p.sum(axis=1, keepdims=True)
    return [
        (FAR_HINT, pdf_space),
        ("only the pixels that are on count here: add (1 − x) log(1 − μ) for the pixels that are off.",
         _normalised(X @ np.log(m).T + np.log(w))),
        ("μ and 1 − μ are swapped: a pixel that is on (x = 1) has probability μ, one that is off 1 − μ.",
         _normalised(X @ np.log1p(-m).T + (1 - X) @ np.log(m).T + np.log(w))),
        ("the weights πⱼ are missing (Bayes' rule: prior × likelihood).", _normalised(a - np.log(w))),
        ("rows don't sum to 1: normalise over components (axis=1), not over images.",
         np.exp(a - logsumexp(a, axis=0, keepdims=True))),
        ("these are log-responsibilities: return their exponential.", a - logsumexp(a, axis=1, keepdims=True)),
        ("one row per image and one column per component: shape (n, K), not (K, n).", _normalised(a).T),
        ("these are hard (one-hot) assignments; the E-step keeps the probabilities.",
         np.eye(a.shape[1])[a.argmax(axis=1)]),
        ("a small number was added inside the logs (log(μ + ε)): use the means as given; they are already "
         "strictly between 0 and 1.", _normalised(_terms(X, m, w, 1e-10))),
        ("the means were clipped (to [1e-6, 1 − 1e-6]?): use them as given.",
         _normalised(_terms(X, np.clip(m, 1e-6, 1 - 1e-6), w))),
    ]


def _judge(case, got):
    expected = case.data["expected"]
    if close(expected, got):
        return None
    summary, e, g = first_difference(expected, got, case.labels, what="row")
    hint = matches_any(got, _mistakes(case.data))
    arr = as_array(got)
    if hint is None and arr is not None and arr.shape == expected.shape and np.isnan(arr).any():
        hint = FAR_HINT if case.labels else "NaN in your responsibilities: look for 0/0, or 0 · log 0."
    return Problem(case.name, summary, e, g, hint or "")


def check_bernoulli_e_step(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(X, means, weights)`` -> (n, K) against ``gmm_lab.bernoulli_e_step`` on 5 cases.

    Cases: 16 pixels and 3 components; a never-on pixel (means at 1e-10) and an always-on one;
    a digit of 64 pixels far from every component (its probabilities underflow); one component;
    Python lists. Inputs must be left unchanged.

    Refuses ``gmm_lab.bernoulli_e_step`` and the E-step inside ``bernoulli_log_pdf`` and
    ``run_em_bernoulli``; NumPy and SciPy (``logsumexp``) are allowed.
    """
    return run_check("check_bernoulli_e_step", fn, ("bernoulli_e_step", "X", "means", "weights"), _cases(), _judge,
                     timeout, refused=REFUSALS["check_bernoulli_e_step"])
