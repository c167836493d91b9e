"""Starting points for EM and drawing samples from a mixture."""

import numpy as np

from ._validation import (
    check_X,
    check_n_components,
    check_nonnegative_float,
    check_params,
)
from .em import _m_step_core

__all__ = ["init_params", "sample_gmm"]

INIT_METHODS = ("random", "kmeans++")


def _rng(random_state):
    if isinstance(random_state, np.random.RandomState):
        raise ValueError(
            "random_state must be None, an int seed or a numpy.random.Generator; got a "
            "legacy RandomState. Use numpy.random.default_rng(seed)."
        )
    try:
        return np.random.default_rng(random_state)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"random_state must be None, an int seed or a numpy.random.Generator; got "
            f"{random_state!r} ({exc})."
        ) from None


def _kmeans_plus_plus(X, k, rng):
    """Indices of k seeds chosen by k-means++ (D^2 sampling)."""
    n = X.shape[0]
    idx = [int(rng.integers(n))]
    d2 = np.sum((X - X[idx[0]]) ** 2, axis=1)
    for _ in range(1, k):
        total = d2.sum()
        if total <= 0:
            raise ValueError(
                f"X has fewer than k={k} distinct points, so k-means++ cannot place "
                f"{k} different seeds; use fewer components."
            )
        nxt = int(rng.choice(n, p=d2 / total))
        idx.append(nxt)
        np.minimum(d2, np.sum((X - X[nxt]) ** 2, axis=1), out=d2)
    return np.array(idx)


def init_params(X, k, *, method="random", random_state=None, reg_covar=1e-6):
    """Starting parameters for EM.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    k : int
        Number of components, at most n_samples.
    method : {"random", "kmeans++"}, default="random"
        ``"random"``: means are k distinct data points drawn uniformly (as in the
        lab handout), every covariance is the covariance of all of X, weights are
        equal. ``"kmeans++"``: seeds chosen by k-means++; each point is assigned to
        its nearest seed and the parameters are those of that hard assignment.
    random_state : None, int or numpy.random.Generator
        The same seed gives the same start.
    reg_covar : float, default=1e-6
        Added to the covariance diagonals.

    Returns
    -------
    means : ndarray of shape (k, n_features)
    covariances : ndarray of shape (k, n_features, n_features)
    weights : ndarray of shape (k,)
    """
    X = check_X(X)
    n, d = X.shape
    k = check_n_components(k, n)
    reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
    rng = _rng(random_state)
    if method == "random":
        means = X[rng.choice(n, size=k, replace=False)]
        cov = np.atleast_2d(np.cov(X, rowvar=False, bias=True)) + reg_covar * np.eye(d)
        covariances = np.repeat(cov[None], k, axis=0)
        weights = np.full(k, 1.0 / k)
    elif method == "kmeans++":
        seeds = X[_kmeans_plus_plus(X, k, rng)]
        d2 = ((X[:, None, :] - seeds[None, :, :]) ** 2).sum(axis=2)
        resp = np.zeros((n, k))
        resp[np.arange(n), d2.argmin(axis=1)] = 1.0
        weights, means, covariances = _m_step_core(X.T, resp.T, reg_covar)
    else:
        raise ValueError(f"method must be one of {INIT_METHODS}; got {method!r}.")
    check_params(means, covariances, weights)  # e.g. degenerate data with reg_covar=0
    return means, covariances, weights


def sample_gmm(n, means, covariances, weights, *, random_state=None):
    """Draw `n` points by ancestral sampling: pick a component, then a point from it.

    Parameters
    ----------
    n : int
    means : array-like of shape (k, d)
    covariances : array-like of shape (k, d, d)
    weights : array-like of shape (k,)
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray of shape (n, d)
    labels : ndarray of shape (n,)
        The component each point was drawn from.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be an integer >= 0; got {n!r}.")
    means, covariances, weights = check_params(means, covariances, weights)
    rng = _rng(random_state)
    k, d = means.shape
    labels = rng.choice(k, size=int(n), p=weights)
    z = rng.standard_normal((int(n), d))
    X = np.empty((int(n), d))
    for j in range(k):
        rows = labels == j
        lower = np.linalg.cholesky(covariances[j])
        X[rows] = means[j] + z[rows] @ lower.T
    return X, labels
