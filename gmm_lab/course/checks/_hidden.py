"""Hidden cases: data the student cannot see, drawn when the notebook is graded.

The visible cases are the same on every run (seeded), so an answer could look them up
instead of computing them. When the environment variable ``GMM_LAB_GRADING_SEED`` holds a
whole number (the grader draws one for each grading run: ``tools/grade.py``), every check
adds a few cases drawn from ``numpy.random.default_rng([seed, <the check>, i])``: the same
kinds of data at other sizes, dimensions and numbers of components. Unset, nothing changes.
"""

import os
import zlib

import numpy as np

from ._cases import random_cov

__all__ = ["SEED_ENV", "grading_seed", "hidden_rngs", "hidden_name", "random_mixture"]

SEED_ENV = "GMM_LAB_GRADING_SEED"


def grading_seed():
    """The grader's seed, or None when the variable is unset or empty."""
    text = os.environ.get(SEED_ENV, "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"{SEED_ENV} must be a whole number >= 0 (the seed of the hidden cases); got {text!r}. "
                         f"Unset it, or set it to a number such as 20250611.")
    return int(text)


def hidden_rngs(check, count=2):
    """`count` generators for `check`'s hidden cases (none without a grading seed)."""
    seed = grading_seed()
    if seed is None:
        return []
    return [np.random.default_rng([seed, zlib.crc32(check.encode()), i]) for i in range(count)]


def hidden_name(i, what):
    return f"hidden case {i + 1} (drawn when graded): {what}"


def random_mixture(rng, *, max_d=4, max_k=4, n=None):
    """(X, means, covariances, weights, what): a mixture of random size, dimension and weights, and its
    description ("3-D, 2 components, 90 points")."""
    d, k = int(rng.integers(1, max_d + 1)), int(rng.integers(1, max_k + 1))
    n = int(rng.integers(15 * k, 150)) if n is None else n
    means = rng.normal(scale=3.0, size=(k, d))
    covariances = np.array([random_cov(rng, d, scale=rng.uniform(0.3, 2.0)) for _ in range(k)])
    weights = rng.dirichlet(np.full(k, 3.0)) if k > 1 else np.ones(1)
    labels = rng.choice(k, size=n, p=weights)
    X = np.empty((n, d))
    for j in range(k):
        rows = labels == j
        X[rows] = means[j] + rng.standard_normal((int(rows.sum()), d)) @ np.linalg.cholesky(covariances[j]).T
    what = f"{d}-D, {k} component{'s' * (k > 1)}, {n} points"
    return X, means, covariances, weights, what
