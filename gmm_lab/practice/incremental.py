"""Incremental EM (Neal and Hinton 1998): revisit a few points at a time, keep running sums.

A Gaussian mixture's M-step needs the data only through three sums per component, its
*sufficient statistics*: ``S0_j = sum_i r_ij``, ``S1_j = sum_i r_ij x_i`` and
``S2_j = sum_i r_ij x_i x_i^T``. Incremental EM keeps every point's responsibilities and
these sums. For a mini-batch of points it makes the E-step of those points only, replaces
their old contributions to the sums by the new ones (subtract the old, add the new: an exact
update, not a running average) and makes the M-step from the sums. Each update raises the
bound L(q, theta) of PRML section 9.4, up to ``reg_covar`` (the M-step adds ``reg_covar I`` to
each covariance, so it maximises only nearly), since the points not revisited keep their q; one
pass over the data makes many M-steps, so it often needs fewer passes than EM.

The sums are kept for ``x - shift`` (``shift`` the data's mean), so that ``S2 / S0 - m m^T``
does not lose its digits for data far from the origin.
"""

from dataclasses import dataclass, field

import numpy as np

from ..em import e_step, log_likelihood
from ..parameters import check_start
from ..results import MStep
from ..validation import (
    as_float_array,
    check_finite,
    check_nonnegative_float,
    check_positive_int,
    check_random_state,
    check_responsibilities,
    check_X,
    cholesky_or_raise,
)

__all__ = ["Statistics", "sufficient_statistics", "update_statistics", "m_step_from_statistics",
           "IncrementalResult", "incremental_em"]


@dataclass(frozen=True)
class Statistics:
    """A mixture's sufficient statistics of ``x - shift``: S0 (k,), S1 (k, d), S2 (k, d, d), for n points."""

    S0: np.ndarray
    S1: np.ndarray
    S2: np.ndarray
    shift: np.ndarray
    n: int


def sufficient_statistics(X, responsibilities, shift=None):
    """The sums ``S0_j = sum_i r_ij``, ``S1_j = sum_i r_ij y_i``, ``S2_j = sum_i r_ij y_i y_i^T`` of ``y = x - shift``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    responsibilities : array-like of shape (n_samples, n_components)
    shift : array-like of shape (n_features,), optional
        Default: the mean of `X`.

    Returns
    -------
    Statistics
    """
    X = check_X(X)
    r = check_responsibilities(responsibilities, X.shape[0], for_m_step=False)
    if shift is None:
        shift = X.mean(axis=0)
    else:
        shift = np.atleast_1d(as_float_array(shift, "shift"))
        if shift.shape != (X.shape[1],):
            raise ValueError(f"shift must have shape ({X.shape[1]},), one entry per feature of X; got {shift.shape}. "
                             f"Leave it None for the mean of X.")
        check_finite(shift, "shift")
    Y = X - shift
    return Statistics(r.sum(axis=0), r.T @ Y, np.einsum("ik,ia,ib->kab", r, Y, Y), shift, X.shape[0])


def update_statistics(stats, X_batch, old, new):
    """The statistics after some points' responsibilities change from `old` to `new` (both (m, k)).

    Exact: the old contributions are taken out and the new ones put in,
    ``S += sum_{i in batch} (new_i - old_i) (1, y_i, y_i y_i^T)``.
    """
    old, new = np.asarray(old, dtype=float), np.asarray(new, dtype=float)
    Y = check_X(X_batch, n_features=len(stats.shift), name="X_batch") - stats.shift  # no silent broadcasting
    if old.shape != (len(Y), len(stats.S0)) or new.shape != old.shape:
        raise ValueError(f"old and new must have shape ({len(Y)}, {len(stats.S0)}): one row per point of the "
                         f"batch, one column per component; got {old.shape} and {new.shape}.")
    delta = new - old
    return Statistics(stats.S0 + delta.sum(axis=0), stats.S1 + delta.T @ Y,
                      stats.S2 + np.einsum("ik,ia,ib->kab", delta, Y, Y), stats.shift, stats.n)


def m_step_from_statistics(stats, *, reg_covar=1e-6):
    """The M-step from the sums: ``w_j = S0_j / n``, ``mu_j = S1_j / S0_j``, ``Sigma_j = S2_j / S0_j - m_j m_j^T``.

    The same parameters as ``m_step`` on the responsibilities that made the sums (tested), with
    ``reg_covar`` added to each covariance's diagonal. A ValueError if a component holds no
    points' worth (S0_j = 0) or its covariance is not positive definite.
    """
    if np.any(stats.S0 <= 0):
        raise ValueError(f"component(s) {np.flatnonzero(stats.S0 <= 0).tolist()} hold no points' worth (S0 = 0): "
                         f"start from parameters that give every component some responsibility.")
    m = stats.S1 / stats.S0[:, None]
    covariances = stats.S2 / stats.S0[:, None, None] - np.einsum("ka,kb->kab", m, m)
    covariances += reg_covar * np.eye(stats.S1.shape[1])
    for j, c in enumerate(covariances):
        cholesky_or_raise(c, f"the covariance of component {j + 1} from the statistics",
                          "Use larger mini-batches, or a larger reg_covar.")
    return MStep(stats.S0 / stats.n, m + stats.shift, covariances)


@dataclass(frozen=True)
class IncrementalResult:
    """What ``incremental_em`` returns.

    ``log_likelihoods[p]`` is the log-likelihood after p passes over the data (0: the start; 1:
    the first pass, a full E-step and M-step, as EM's first iteration); ``responsibilities``
    are those each point last got; ``statistics`` the sums kept from them.
    """

    means: np.ndarray
    covariances: np.ndarray
    weights: np.ndarray
    responsibilities: np.ndarray
    statistics: Statistics = field(repr=False)
    log_likelihoods: np.ndarray
    batch_size: int


def _sweep(X, theta, resp, stats, order, batch_size, reg_covar):
    """One pass: for each mini-batch in `order`, its E-step, the sums updated, an M-step. Updates resp in place."""
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        new = e_step(X[rows], theta.means, theta.covariances, theta.weights)  # the E-step of these points
        stats = update_statistics(stats, X[rows], resp[rows], new)
        resp[rows] = new
        theta = m_step_from_statistics(stats, reg_covar=reg_covar)  # the M-step, from the sums
    return theta, stats


def incremental_em(X, means, covariances, weights, *, batch_size=1, n_passes=20, reg_covar=1e-6,
                   random_state=None):
    """Incremental EM for a full-covariance mixture: mini-batch E-steps, an M-step after each.

    The first pass is EM's first iteration (an E-step of every point, an M-step), which fills
    the sums; every later pass visits the points in a new random order, `batch_size` at a time.

    Parameters
    ----------
    X, means, covariances, weights : the data and the start, as for ``run_em``.
    batch_size : int, default=1
    n_passes : int, default=20
    reg_covar : float, default=1e-6
    random_state : int or numpy.random.Generator, optional
        The order of the points in each pass.

    Returns
    -------
    IncrementalResult

    Examples
    --------
    >>> import gmm_lab as g
    >>> X, _ = g.load_faithful()
    >>> fit = incremental_em(X, *g.init_params(X, 2, random_state=0), batch_size=10, n_passes=5,
    ...                      random_state=0)
    >>> fit.log_likelihoods.shape
    (6,)
    """
    X, means, covariances, weights = check_start(X, means, covariances, weights)
    batch_size = check_positive_int(batch_size, "batch_size")
    n_passes = check_positive_int(n_passes, "n_passes")
    reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
    rng = check_random_state(random_state)
    resp = e_step(X, means, covariances, weights)
    stats = sufficient_statistics(X, resp)
    theta = m_step_from_statistics(stats, reg_covar=reg_covar)
    trace = [log_likelihood(X, means, covariances, weights), log_likelihood(X, *_order(theta))]
    for _ in range(n_passes - 1):
        theta, stats = _sweep(X, theta, resp, stats, rng.permutation(len(X)), batch_size, reg_covar)
        trace.append(log_likelihood(X, *_order(theta)))
    return IncrementalResult(theta.means, theta.covariances, theta.weights, resp, stats, np.array(trace), batch_size)


def _order(theta):
    """(means, covariances, weights), the order the EM functions take."""
    return theta.means, theta.covariances, theta.weights
