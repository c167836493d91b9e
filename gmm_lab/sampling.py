"""Drawing points from a mixture: ancestral sampling."""

import numpy as np

from .covariances import full_covariances
from .parameters import check_params
from .validation import check_random_state

__all__ = ["sample_gmm"]


def sample_gmm(n, means, covariances, weights, *, random_state=None, covariance_type="full"):
    """Draw `n` points by ancestral sampling: pick a component, then a point from it.

    Component j is picked with probability ``weights[j]``; the point is then
    ``means[j] + L_j z`` with ``L_j`` the Cholesky factor of ``covariances[j]`` and z
    standard normal. Each point uses one uniform u (component j when u falls in the
    j-th slice of [0, 1), slices of width ``weights[j]``) and one z, drawn in that
    order: the same `random_state` with other parameters moves the *same* draws,
    which is what lets a slider reshape a sample smoothly (notebook 02).

    Parameters
    ----------
    n : int
    means : array-like of shape (n_components, n_features)
    covariances : array-like of shape (n_components, n_features, n_features)
        For "full"; "diag" (n_components, n_features), "spherical" (n_components,),
        "tied" (n_features, n_features).
    weights : array-like of shape (n_components,)
    random_state : None, int or numpy.random.Generator
    covariance_type : {"full", "diag", "spherical", "tied"}, default="full"
        The draws of every type are those of the same model written with "full"
        covariances (``full_covariances``).

    Returns
    -------
    X : ndarray of shape (n, n_features)
    labels : ndarray of shape (n,)
        The component each point was drawn from.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be an integer >= 0; got {n!r}.")
    means, covariances, weights = check_params(means, covariances, weights, covariance_type=covariance_type)
    rng = check_random_state(random_state)
    k, d = means.shape
    covariances = full_covariances(covariances, covariance_type=covariance_type, n_components=k, n_features=d)
    u = rng.random(int(n))
    z = rng.standard_normal((int(n), d))
    cdf = np.cumsum(weights)
    labels = np.minimum(np.searchsorted(cdf / cdf[-1], u, side="right"), k - 1)
    X = np.empty((int(n), d))
    for j in range(k):
        rows = labels == j
        X[rows] = means[j] + z[rows] @ np.linalg.cholesky(covariances[j]).T
    return X, labels
