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

``collapsed_components(X, fit)`` finds such components after the fact: those whose
covariance, minus the fit's ``reg_covar``, is singular up to rounding, on the scale of the
data (each feature measured in units of its own variance, so the test does not depend on
the units). ``run_em`` (through ``collapsed_in_batch``, which does the same for many fits at
once) records them in ``EMResult.collapsed`` and warns (``CollapseWarning``).
"""

import numpy as np

from .results import EMResult
from .validation import check_X

__all__ = ["collapsed_components", "collapsed_in_batch", "collapse_message", "RTOL", "EMPTY"]

# A variance below this fraction of the data's (in the component's thinnest direction,
# reg_covar removed) is rounding residue: a real spread is never 1e-10 of the data's.
RTOL = 1e-10
EMPTY = 1e-6  # points' worth of weight below which a component is empty, not collapsed


def _thinnest(X, covariances, covariance_type, reg_covar):
    """Each component's smallest variance, reg_covar removed, in units of the data's variance.

    `covariances`: "diag" (m, d) rows, "spherical" (m,) variances, or "full" (m, d, d) matrices.
    """
    scale = np.maximum(X.var(axis=0), np.finfo(float).tiny)  # a constant feature: every component is thin in it
    if covariance_type == "diag":
        return ((covariances - reg_covar) / scale).min(axis=1)
    if covariance_type == "spherical":
        return (covariances - reg_covar) / scale.max()
    s = 1.0 / np.sqrt(scale)
    scatter = (covariances - reg_covar * np.eye(X.shape[1])) * s[:, None] * s[None, :]
    return np.linalg.eigvalsh(scatter)[:, 0]


def collapsed_components(X, fit):
    """The components of a fit whose covariance is singular but for ``reg_covar`` (indices, ascending).

    Component j has collapsed when the points it is responsible for lie, up to rounding,
    on a point, a line or a plane: its covariance minus the fit's ``reg_covar * I`` then
    has a variance of at most ``RTOL`` (1e-10) times the data's in its thinnest direction
    (features measured in units of their own variance). Its density is a spike there, and
    the log-likelihood rewards the spike, not a better fit. An empty component (weight
    below ``EMPTY`` points' worth, 1e-6) adds nothing to the likelihood: it is not counted.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data the mixture was fitted to (it gives the scale).
    fit : EMResult
        What ``run_em`` (or ``run_em_map``, a run of ``run_restarts``, ...) returns: its
        covariances, weights, ``covariance_type`` and ``reg_covar`` are read. For "tied",
        either every component has collapsed (the one shared matrix is singular) or none.

    Returns
    -------
    tuple of int
        What the run recorded as ``fit.collapsed``, for the data it was fitted to.

    Examples
    --------
    A component started on the one point far from the rest shrinks onto it:

    >>> import warnings, numpy as np, gmm_lab as g
    >>> X = [[0.0, 0.0], [1.0, 2.0], [2.0, 1.0], [0.5, 1.5], [5.0, 5.0]]
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     fit = g.run_em(X, [[1.0, 1.0], [5.0, 5.0]], [np.eye(2), np.eye(2)], [0.8, 0.2])
    >>> collapsed_components(X, fit), fit.collapsed, caught[0].category.__name__
    ((1,), (1,), 'CollapseWarning')
    """
    if not isinstance(fit, EMResult):
        raise ValueError(f"fit must be an EMResult (what run_em returns); got {type(fit).__name__}. For "
                         f"parameters of your own, fit them with run_em, or pass run_em's result.")
    X = check_X(X, n_features=np.shape(fit.means)[1])
    found = collapsed_in_batch(X, np.asarray(fit.covariances)[None], np.asarray(fit.weights)[None],
                               covariance_type=fit.covariance_type, reg_covar=fit.reg_covar)
    return found[0]


def collapsed_in_batch(X, covariances, weights, *, covariance_type, reg_covar):
    """The collapsed components of many fits of one data set at once, on checked arrays.

    What ``run_em`` (one fit) and ``run_em_batch`` (thousands, for a basin map) record as
    ``EMResult.collapsed``; ``collapsed_components`` reads it for a fit of yours.

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
    S, k = weights.shape
    d = X.shape[1]
    if covariance_type in ("full", "tied"):  # a stack of (d, d) matrices either way; tied: one per fit
        flat = covariances.reshape(-1, d, d)
        thin = _thinnest(X, flat, "full", reg_covar).reshape(S, -1)
    elif covariance_type == "diag":
        thin = _thinnest(X, covariances.reshape(-1, d), "diag", reg_covar).reshape(S, k)
    elif covariance_type == "spherical":
        thin = _thinnest(X, covariances.reshape(-1), "spherical", reg_covar).reshape(S, k)
    else:
        raise ValueError(f"covariance_type {covariance_type!r} is not one of scikit-learn's four.")
    hit = (np.broadcast_to(thin, (S, k)) <= RTOL) & (weights * X.shape[0] >= EMPTY)
    return [tuple(int(j) for j in np.flatnonzero(row)) for row in hit]


def collapse_message(collapsed, weights, n_samples, reg_covar):
    """The text of a ``CollapseWarning``: which components, on how many points, and what to do."""
    def points(count):
        return f"{count:.3g} point" + ("" if f"{count:.3g}" == "1" else "s")

    which = "; ".join(f"component {j + 1} (index {j}), on about {points(weights[j] * n_samples)}" for j in collapsed)
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
