"""Collapsed components: a fit whose likelihood is a spike, not a better model.

A component responsible for a single point (or for points that share a coordinate, or
lie on a line) can shrink its covariance towards zero in some direction, and its density,
and so the log-likelihood, grows without bound (Bishop, PRML 9.2.1). EM walks into such
a spike happily: each M-step sets the component's covariance to the scatter of its
points, which is zero in the thin direction. With ``reg_covar=0`` what is left is
rounding noise (variances of 1e-28 and the like, not exactly 0, so nothing fails) and
the run stops with ``converged=True`` at a log-likelihood that means nothing; with
``reg_covar > 0`` the variance in that direction is ``reg_covar`` exactly, which keeps
the numbers finite but leaves the spike in place.

``collapsed_components`` finds such components after the fact: those whose covariance,
minus ``reg_covar``, is singular up to rounding, on the scale of the data (each feature
measured in units of its own variance, so the test does not depend on the units).
``run_em`` records them in ``EMResult.collapsed`` and warns (``CollapseWarning``).
"""

import numpy as np

from ._validation import check_covariance_type, check_nonnegative_float, check_params, check_X
from .gaussian import full_covariances

__all__ = ["collapsed_components", "collapsed_in_batch", "collapse_message", "RTOL", "EMPTY"]

# A variance below this fraction of the data's (in the component's thinnest direction,
# reg_covar removed) is rounding residue: a real spread is never 1e-10 of the data's.
RTOL = 1e-10
EMPTY = 1e-6  # points' worth of weight below which a component is empty, not collapsed


def _thinnest(X, covariances, covariance_type, k, reg_covar):
    """Each component's smallest variance, reg_covar removed, in units of the data's variance."""
    scale = np.maximum(X.var(axis=0), np.finfo(float).tiny)  # a constant feature: every component is thin in it
    if covariance_type == "diag":
        return ((covariances - reg_covar) / scale).min(axis=1)
    if covariance_type == "spherical":
        return (covariances - reg_covar) / scale.max()
    full = full_covariances(covariances, covariance_type, n_components=k, n_features=X.shape[1])
    s = 1.0 / np.sqrt(scale)
    scatter = (full - reg_covar * np.eye(X.shape[1])) * s[:, None] * s[None, :]
    return np.linalg.eigvalsh(scatter)[:, 0]


def collapsed_components(X, means, covariances, weights, *, covariance_type="full", reg_covar=0.0):
    """The components whose covariance is singular but for ``reg_covar`` (indices, ascending).

    Component j has collapsed when the points it is responsible for lie, up to rounding,
    on a point, a line or a plane: its covariance minus ``reg_covar * I`` then has a
    variance of at most ``RTOL`` (1e-10) times the data's in its thinnest direction
    (features measured in units of their own variance). Its density is a spike there, and
    the log-likelihood rewards the spike, not a better fit. An empty component (weight
    below ``EMPTY`` points' worth, 1e-6) adds nothing to the likelihood: it is not counted.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data the mixture was fitted to (it gives the scale).
    means : array-like of shape (n_components, n_features)
    covariances : array-like
        In the shape of `covariance_type` (see ``gmm_lab.e_step``).
    weights : array-like of shape (n_components,)
    covariance_type : {"full", "diag", "spherical", "tied"}, default="full"
        For "tied", either every component has collapsed (the one shared matrix is
        singular) or none.
    reg_covar : float, default=0.0
        What the fit added to every variance (``run_em``'s `reg_covar`): removed before testing.

    Returns
    -------
    list of int

    Examples
    --------
    >>> X = [[0.0, 0.0], [1.0, 2.0], [2.0, 1.0], [5.0, 5.0]]
    >>> collapsed_components(X, [[1.0, 1.0], [5.0, 5.0]], [[[1.0, 0.3], [0.3, 1.0]], [[1e-6, 0], [0, 1e-6]]],
    ...                      [0.75, 0.25], reg_covar=1e-6)
    [1]
    """
    covariance_type = check_covariance_type(covariance_type)
    reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
    means, covariances, weights = check_params(means, covariances, weights, check_pd=False,
                                               covariance_type=covariance_type)
    k, d = means.shape
    X = check_X(X, n_features=d)
    thin = np.broadcast_to(_thinnest(X, covariances, covariance_type, k, reg_covar), (k,))
    return [int(j) for j in np.flatnonzero((thin <= RTOL) & (weights * X.shape[0] >= EMPTY))]


def collapsed_in_batch(X, covariances, weights, *, covariance_type, reg_covar):
    """``collapsed_components`` for many fits of one data set at once.

    For ``run_em_batch``, whose thousands of fits (a basin map) made one call per fit
    cost as much as the EM itself. The arrays are the batch's own, already checked there.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    covariances : ndarray
        The fits' covariances stacked: shape (n_fits,) + the shape of `covariance_type`.
    weights : ndarray of shape (n_fits, n_components)
    covariance_type : {"full", "diag", "spherical", "tied"}
    reg_covar : float

    Returns
    -------
    list of tuple of int
        For each fit, what ``collapsed_components`` returns for it, as a tuple.
    """
    covariance_type = check_covariance_type(covariance_type)
    S, k = weights.shape
    d = X.shape[1]
    if covariance_type in ("full", "tied"):  # a stack of (d, d) matrices either way; tied: one per fit
        flat = covariances.reshape(-1, d, d)
        thin = _thinnest(X, flat, "full", len(flat), reg_covar).reshape(S, -1)
    elif covariance_type == "diag":
        thin = _thinnest(X, covariances.reshape(-1, d), "diag", S * k, reg_covar).reshape(S, k)
    else:
        thin = _thinnest(X, covariances.reshape(-1), "spherical", S * k, reg_covar).reshape(S, k)
    hit = (np.broadcast_to(thin, (S, k)) <= RTOL) & (weights * X.shape[0] >= EMPTY)
    return [tuple(int(j) for j in np.flatnonzero(row)) for row in hit]


def collapse_message(collapsed, weights, n_samples, reg_covar):
    """The text of a ``CollapseWarning``: which components, on how many points, and what to do."""
    which = "; ".join(f"component {j + 1} (index {j}), on about {weights[j] * n_samples:.3g} points" for j in collapsed)
    if reg_covar == 0:
        held = ("a collapsed covariance is singular up to rounding, so the density is a spike and the "
                "log-likelihood is unbounded: the value reported is rounding noise, not a better fit")
    else:
        held = (f"the points a collapsed component is responsible for lie on a point, line or plane "
                f"(repeated or rounded values?), and only reg_covar={reg_covar:g} keeps its density finite: "
                f"the log-likelihood rewards that spike, not a better fit")
    return (f"EM ended with collapsed components: {which}. {held[0].upper()}{held[1:]}. Compare other "
            f"starts, raise reg_covar (e.g. to the variance of the data's rounding), or put a prior on the "
            f"covariances (gmm_lab.run_em_map).")
