"""Starting points for EM: random data points, k-means++ seeds, or a given partition."""

import numpy as np

from ._validation import (
    check_covariance_type,
    check_n_components,
    check_nonnegative_float,
    check_params,
    check_random_state,
    check_X,
)
from .em import _m_step

__all__ = ["init_params", "kmeans_plusplus", "params_from_labels"]

INIT_METHODS = ("random", "kmeans++")


def _distinct_rows(X, k):
    """Indices of the first occurrence of each distinct row of X; ValueError if fewer than k."""
    _, first = np.unique(X, axis=0, return_index=True)
    if len(first) < k:
        raise ValueError(
            f"X has only {len(first)} distinct points but k={k} components need {k} "
            f"different starting means; use at most {len(first)} components, or more varied data."
        )
    return np.sort(first)


def kmeans_plusplus(X, k, *, random_state=None):
    """Indices of `k` seeds chosen by k-means++ (D² sampling).

    The first seed is a uniformly random point; each next one is point i with
    probability proportional to D(x_i)², its squared distance to the nearest seed so
    far, so far-away, uncovered regions get a seed early.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    k : int
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    indices : ndarray of shape (k,)
    """
    X = check_X(X)
    k = check_n_components(k, X.shape[0])
    _distinct_rows(X, k)  # D² sampling cannot place k different seeds otherwise
    rng = check_random_state(random_state)
    idx = [int(rng.integers(X.shape[0]))]
    d2 = np.sum((X - X[idx[0]]) ** 2, axis=1)
    for _ in range(1, k):
        nxt = int(rng.choice(X.shape[0], p=d2 / d2.sum()))
        idx.append(nxt)
        np.minimum(d2, np.sum((X - X[nxt]) ** 2, axis=1), out=d2)
    return np.array(idx)


def _covariance_of_all(X, k, reg_covar, covariance_type):
    """The covariance of all of X (plus reg_covar), for k components, in the type's shape."""
    d = X.shape[1]
    cov = np.atleast_2d(np.cov(X, rowvar=False, bias=True)) + reg_covar * np.eye(d)
    if covariance_type == "tied":
        return cov
    one = {"full": cov, "diag": np.diag(cov), "spherical": np.diag(cov).mean()}[covariance_type]
    return np.repeat(np.asarray(one)[None], k, axis=0)


def init_params(X, k, *, method="random", random_state=None, reg_covar=1e-6, covariance_type="full"):
    """Starting parameters for EM.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    k : int
        Number of components, at most the number of distinct points of X.
    method : {"random", "kmeans++"}, default="random"
        ``"random"``: means are k distinct data points drawn uniformly (as in the
        lab handout; repeated rows count once), every covariance is the covariance of
        all of X (in the type's form: its diagonal for "diag", the mean of that for
        "spherical"), weights are equal. ``"kmeans++"``: seeds chosen by k-means++; each
        point is assigned to its nearest seed and the parameters are those of that
        hard assignment (``m_step`` of one-hot responsibilities).
    random_state : None, int or numpy.random.Generator
        The same seed gives the same start.
    reg_covar : float, default=1e-6
        Added to the covariance diagonals.
    covariance_type : {"full", "diag", "spherical", "tied"}, default="full"

    Returns
    -------
    means : ndarray of shape (k, n_features)
    covariances : ndarray of shape (k, n_features, n_features)
        For "full"; "diag" (k, n_features), "spherical" (k,), "tied" (n_features, n_features).
    weights : ndarray of shape (k,)
    """
    X = check_X(X)
    n, d = X.shape
    k = check_n_components(k, n)
    reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
    covariance_type = check_covariance_type(covariance_type)
    if method not in INIT_METHODS:
        raise ValueError(f"method must be one of {INIT_METHODS}; got {method!r}.")
    rng = check_random_state(random_state)
    if method == "random":
        rows = _distinct_rows(X, k)
        means = X[rng.choice(rows, size=k, replace=False)]
        covariances = _covariance_of_all(X, k, reg_covar, covariance_type)
        weights = np.full(k, 1.0 / k)
    else:
        seeds = X[kmeans_plusplus(X, k, random_state=rng)]
        d2 = ((X[:, None, :] - seeds[None, :, :]) ** 2).sum(axis=2)
        weights, means, covariances = _m_step(X, np.eye(k)[d2.argmin(axis=1)], reg_covar, covariance_type)
    check_params(means, covariances, weights, covariance_type=covariance_type)  # e.g. degenerate data, reg_covar=0
    return means, covariances, weights


def params_from_labels(X, labels, *, reg_covar=1e-6, covariance_type="full"):
    """The parameters of a hard partition: ``m_step`` of one-hot responsibilities.

    Each component's weight is its share of the points, its mean and covariance (in
    the type's form) those of its own points. A start for EM that knows the answer,
    to see what a model *can* fit, apart from where EM happens to start.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of int, shape (n_samples,)
        Component of each point, 0 to k - 1; every component needs a point.
    reg_covar : float, default=1e-6
    covariance_type : {"full", "diag", "spherical", "tied"}, default="full"

    Returns
    -------
    (means, covariances, weights), as ``init_params``.
    """
    X = check_X(X)
    labels = np.asarray(labels)
    if labels.shape != (X.shape[0],) or not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0:
        raise ValueError(f"labels must be {X.shape[0]} non-negative integers, one component per point of X; "
                         f"got an array of shape {labels.shape} and dtype {labels.dtype}.")
    k = int(labels.max()) + 1
    missing = sorted(set(range(k)) - set(labels.tolist()))
    if missing:
        raise ValueError(f"components {missing} have no points: number the components 0 to k - 1, each with a point.")
    reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
    weights, means, covariances = _m_step(X, np.eye(k)[labels], reg_covar, check_covariance_type(covariance_type))
    return means, covariances, weights
