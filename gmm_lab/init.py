"""Starting points for EM, by scikit-learn's four ``init_params`` methods, or from a given partition."""

import numpy as np

from .clustering import kmeans, kmeans_plusplus
from .covariances import precision_cholesky
from .em import m_step
from .validation import (
    check_covariance_type,
    check_distinct_rows,
    check_n_components,
    check_nonnegative_float,
    check_random_state,
    check_X,
)

__all__ = ["init_params", "params_from_labels"]

# scikit-learn's names (GaussianMixture's init_params), in its order
INIT_METHODS = ("kmeans", "k-means++", "random", "random_from_data")


def check_init_method(method):
    """`method` if it is one of ``INIT_METHODS``, else a ValueError that lists them."""
    if method not in INIT_METHODS:
        hint = {"kmeans++": " (scikit-learn spells it 'k-means++')"}.get(method, "")
        raise ValueError(f"method must be one of {', '.join(map(repr, INIT_METHODS))}; got {method!r}{hint}.")
    return method


def _covariance_of_all(X, k, reg_covar, covariance_type):
    """The covariance of all of X (plus reg_covar), for k components, in the type's shape."""
    d = X.shape[1]
    cov = np.atleast_2d(np.cov(X, rowvar=False, bias=True)) + reg_covar * np.eye(d)
    if covariance_type == "tied":
        return cov
    one = {"full": cov, "diag": np.diag(cov), "spherical": np.diag(cov).mean()}[covariance_type]
    return np.repeat(np.asarray(one)[None], k, axis=0)


def _hard(labels, k):
    """One-hot responsibilities of a partition: row i is 1 in column labels[i]."""
    return np.eye(k)[labels]


def init_params(X, n_components, *, method="random_from_data", random_state=None, reg_covar=1e-6,
                covariance_type="full", check_input=True):
    """Starting parameters for EM, by one of scikit-learn's ``init_params`` methods.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_components : int
        At most the number of distinct points of X.
    method : {"kmeans", "k-means++", "random", "random_from_data"}, default="random_from_data"
        How the start is drawn; scikit-learn's names, and the same kind of start, though
        not its numbers (its random draws and, for "random_from_data" and "k-means++",
        its tiny starting covariances differ):

        - ``"random_from_data"`` (the lab handout's, and the default here): the means are
          `n_components` distinct data points drawn uniformly (repeated rows count once);
          every covariance is the covariance of all of X (in the type's form: its diagonal
          for "diag", the mean of that for "spherical"); the weights are equal.
        - ``"k-means++"``: k-means++ seeds (``kmeans_plusplus``); each point is assigned
          to its nearest seed and the start is the ``m_step`` of that hard assignment.
        - ``"kmeans"`` (scikit-learn's default): a whole k-means run (``kmeans``, from
          k-means++ seeds) and the ``m_step`` of its final assignment.
        - ``"random"``: random responsibilities (uniform, each row normalised) and their
          ``m_step``: every component starts near the mean of all the data.
    random_state : None, int or numpy.random.Generator
        The same seed gives the same start.
    reg_covar : float, default=1e-6
        Added to the covariance diagonals.
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
    check_input : bool, default=True
        False skips the checks of the arguments, for a caller that has checked them
        (``run_restarts``, which draws many starts); the start itself is always checked.

    Returns
    -------
    means : ndarray of shape (n_components, n_features)
    covariances : ndarray of shape (n_components, n_features, n_features)
        For "full"; "tied" (n_features, n_features), "diag" (n_components, n_features),
        "spherical" (n_components,).
    weights : ndarray of shape (n_components,)
    """
    if check_input:
        X = check_X(X)
        n_components = check_n_components(n_components, X.shape[0])
        reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
        covariance_type = check_covariance_type(covariance_type)
        check_init_method(method)
        if method in ("k-means++", "kmeans"):
            check_distinct_rows(X, n_components)  # D² sampling needs as many distinct points as seeds
    n, k = X.shape[0], n_components
    rng = check_random_state(random_state)
    if method == "random_from_data":
        rows = check_distinct_rows(X, k)
        means = X[rng.choice(rows, size=k, replace=False)]
        covariances = _covariance_of_all(X, k, reg_covar, covariance_type)
        weights = np.full(k, 1.0 / k)
    else:
        if method == "random":
            resp = rng.uniform(size=(n, k))
            resp /= resp.sum(axis=1, keepdims=True)
        elif method == "k-means++":
            seeds = X[kmeans_plusplus(X, k, random_state=rng, check_input=False)]
            resp = _hard(((X[:, None, :] - seeds[None, :, :]) ** 2).sum(axis=2).argmin(axis=1), k)
        else:  # "kmeans"
            resp = _hard(kmeans(X, k, random_state=rng, keep_history=False, check_input=False).labels, k)
        weights, means, covariances = m_step(X, resp, reg_covar=reg_covar, covariance_type=covariance_type,
                                             check_input=False)
    precision_cholesky(covariances, covariance_type=covariance_type)  # a start EM can use? (degenerate data and reg_covar=0: no)
    return means, covariances, weights


def params_from_labels(X, labels, *, reg_covar=1e-6, covariance_type="full", check_input=True):
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
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
    check_input : bool, default=True
        False skips the checks of `X`, `reg_covar` and `covariance_type` (``fit_each_type``).

    Returns
    -------
    (means, covariances, weights), as ``init_params``.
    """
    if check_input:
        X = check_X(X)
        reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
        covariance_type = check_covariance_type(covariance_type)
    labels = np.asarray(labels)
    if labels.shape != (X.shape[0],) or not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0:
        raise ValueError(f"labels must be {X.shape[0]} non-negative integers, one component per point of X; "
                         f"got an array of shape {labels.shape} and dtype {labels.dtype}.")
    k = int(labels.max()) + 1
    missing = sorted(set(range(k)) - set(labels.tolist()))
    if missing:
        raise ValueError(f"components {missing} have no points: number the components 0 to k - 1, each with a point.")
    weights, means, covariances = m_step(X, _hard(labels, k), reg_covar=reg_covar, covariance_type=covariance_type,
                                         check_input=False)
    return means, covariances, weights
