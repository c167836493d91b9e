"""EM for one Gaussian whose data have missing coordinates: the same two steps, another model.

The latent variables are now the missing entries of each point (NaN in ``X``). Given the
current mean mu and covariance Sigma, a point's missing coordinates m, given its observed
ones o, are Gaussian (PRML section 2.3.1):

    E[x_m | x_o] = mu_m + Sigma_mo Sigma_oo^-1 (x_o - mu_o),
    Cov[x_m | x_o] = Sigma_mm - Sigma_mo Sigma_oo^-1 Sigma_om.

**E-step** (``e_step_missing``): fill each missing entry with its conditional
expectation, and keep the conditional covariance C_i (zero in the observed rows and
columns): ``E[x_i x_i^T] = x_hat_i x_hat_i^T + C_i``. **M-step**: the mean and covariance
of the filled-in points (``m_step_missing``: ``gmm_lab.m_step`` with one component) plus the average C_i, the
spread that filling in with expectations removed. ``run_em_missing`` alternates them; the
observed-data log-likelihood (``observed_log_likelihood``) never decreases.
"""

from dataclasses import dataclass, field

import numpy as np

from ..em import m_step
from ..gaussian import log_gaussian_pdf
from ..results import warn_not_converged
from ..validation import (
    as_float_array,
    check_finite,
    check_nonnegative_float,
    check_positive_int,
    check_random_state,
    cholesky_or_raise,
)

__all__ = ["hide_at_random", "e_step_missing", "m_step_missing", "observed_log_likelihood", "MissingResult",
           "run_em_missing"]

REMEDY = "Pass a symmetric positive definite covariance (for example the covariance of the complete rows)."


def _check_data(X):
    """`X` as a float (n, d) array with NaN for missing entries, every row with an observed entry."""
    X = as_float_array(X, "X")
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(f"X must be 2-D, (n_samples, n_features), with NaN for a missing entry; got shape {X.shape}.")
    if np.any(np.isinf(X)):
        raise ValueError("X holds infinite values; mark a missing entry with NaN, and fix or drop infinite ones.")
    unseen = np.flatnonzero(np.isnan(X).all(axis=0))
    if len(unseen):
        raise ValueError(f"column(s) {unseen.tolist()} of X are missing in every row: nothing can be learnt about "
                         f"them; drop them, X = X[:, ~np.isnan(X).all(axis=0)].")
    empty = np.flatnonzero(np.isnan(X).all(axis=1))
    if len(empty):
        raise ValueError(f"{len(empty)} row(s) of X have no observed coordinate (the first: row {empty[0]}); they "
                         f"carry no information about the Gaussian: drop them, X = X[~np.isnan(X).all(axis=1)].")
    return X


def _check_gaussian(mean, covariance, d):
    mean = as_float_array(mean, "mean").ravel()
    covariance = as_float_array(covariance, "covariance")
    if mean.shape != (d,) or covariance.shape != (d, d):
        raise ValueError(f"mean must have shape ({d},) and covariance ({d}, {d}), one entry per column of X; "
                         f"got {mean.shape} and {covariance.shape}.")
    check_finite(mean, "mean")
    check_finite(covariance, "covariance")
    cholesky_or_raise(covariance, "covariance", REMEDY)
    return mean, covariance


def _patterns(X):
    """(rows, missing mask) for each distinct pattern of missing entries."""
    holes = np.isnan(X)
    kinds, which = np.unique(holes, axis=0, return_inverse=True)
    return [(np.flatnonzero(which.ravel() == p), kind) for p, kind in enumerate(kinds)]


def hide_at_random(X, fraction, *, random_state=None):
    """A copy of `X` in which each point, with probability `fraction`, loses one coordinate (NaN), chosen at random.

    Missing completely at random (what EM needs: which entry is missing does not depend on
    its value); no point loses all its coordinates, so `X` needs at least 2 columns.
    """
    X = as_float_array(X, "X")
    if X.ndim != 2 or X.shape[1] < 2:
        raise ValueError(f"X must be 2-D with at least 2 columns (a point keeps one); got shape {X.shape}.")
    fraction = check_nonnegative_float(fraction, "fraction")
    if fraction > 1:
        raise ValueError(f"fraction is a probability, from 0 to 1; got {fraction}.")
    rng = check_random_state(random_state)
    rows = np.flatnonzero(rng.random(len(X)) < fraction)
    X[rows, rng.integers(X.shape[1], size=len(rows))] = np.nan
    return X


def e_step_missing(X, mean, covariance):
    """The E-step: each missing entry's conditional expectation, and each point's conditional covariance.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        NaN marks a missing entry; every row needs at least one observed entry.
    mean : array-like of shape (n_features,)
    covariance : array-like of shape (n_features, n_features)

    Returns
    -------
    filled : ndarray of shape (n_samples, n_features)
        `X` with each missing entry replaced by ``E[x_m | x_o]``.
    conditional : ndarray of shape (n_samples, n_features, n_features)
        ``Cov[x_m | x_o]`` in the missing rows and columns, 0 elsewhere (all 0 for a complete row).
    """
    X = _check_data(X)
    mean, covariance = _check_gaussian(mean, covariance, X.shape[1])
    filled, conditional = X.copy(), np.zeros((len(X), X.shape[1], X.shape[1]))
    for rows, m in _patterns(X):
        if not m.any():
            continue
        o = ~m
        L = np.linalg.cholesky(covariance[np.ix_(o, o)])
        # Sigma_mo Sigma_oo^-1 through the Cholesky factor of Sigma_oo: no inverse
        gain = np.linalg.solve(L.T, np.linalg.solve(L, covariance[np.ix_(o, m)])).T
        filled[np.ix_(rows, m)] = mean[m] + (X[np.ix_(rows, o)] - mean[o]) @ gain.T
        conditional[np.ix_(rows, m, m)] = covariance[np.ix_(m, m)] - gain @ covariance[np.ix_(o, m)]
    return filled, conditional


def observed_log_likelihood(X, mean, covariance):
    """``sum_i ln N(x_i,o | mu_o, Sigma_oo)``: the log-likelihood of what was observed (NaN: missing)."""
    X = _check_data(X)
    mean, covariance = _check_gaussian(mean, covariance, X.shape[1])
    total = 0.0
    for rows, m in _patterns(X):
        o = ~m
        total += float(log_gaussian_pdf(X[np.ix_(rows, o)], mean[o], covariance[np.ix_(o, o)]).sum())
    return total


@dataclass(frozen=True)
class MissingResult:
    """What ``run_em_missing`` returns: the fitted Gaussian, the last E-step's filled-in data,
    the observed-data log-likelihood of the start and after each iteration."""

    mean: np.ndarray
    covariance: np.ndarray
    filled: np.ndarray = field(repr=False)
    log_likelihoods: np.ndarray
    n_iter: int
    converged: bool


def m_step_missing(filled, conditional):
    """The M-step: the mean and covariance from the E-step's moments (``e_step_missing``'s two arrays).

    ``mu = mean of x_hat_i``, ``Sigma = mean of (x_hat_i - mu)(x_hat_i - mu)^T + mean of C_i``: ``gmm_lab.m_step``
    with one component (every responsibility 1, ``reg_covar=0``), plus the average conditional covariance.
    """
    one = m_step(filled, np.ones((len(filled), 1)), reg_covar=0.0)
    return one.means[0], one.covariances[0] + conditional.mean(axis=0)


def run_em_missing(X, *, mean=None, covariance=None, max_iter=500, tol=1e-8):
    """Maximum-likelihood mean and covariance of a Gaussian from data with missing entries (NaN), by EM.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    mean, covariance : array-like, optional
        The start; default: the mean and variance of each column's observed entries, no correlation.
    max_iter : int, default=500
    tol : float or None, default=1e-8
        Stop when an iteration changes the observed-data log-likelihood by less than `tol`; at
        `max_iter` without that, a ``ConvergenceWarning`` (as ``run_em``). None: no stopping
        rule, run exactly `max_iter` iterations (``converged`` False, no warning).

    Returns
    -------
    MissingResult

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 2.0], [2.0, np.nan], [np.nan, 1.0], [3.0, 5.0], [0.0, 1.5], [2.5, 2.0]])
    >>> fit = run_em_missing(X)
    >>> bool(np.all(np.diff(fit.log_likelihoods) > -1e-9))
    True
    """
    X = _check_data(X)
    max_iter = check_positive_int(max_iter, "max_iter")
    tol = None if tol is None else check_nonnegative_float(tol, "tol")
    if mean is None:
        mean = np.nanmean(X, axis=0)
    if covariance is None:
        few = np.flatnonzero(np.nanvar(X, axis=0) == 0)  # one observed value, or all the same
        if len(few):
            raise ValueError(f"column(s) {few.tolist()} of X have fewer than 2 distinct observed values, so the "
                             f"default start has no variance for them; drop them, or pass a start covariance "
                             f"(covariance=...) that is positive definite.")
        covariance = np.diag(np.nanvar(X, axis=0))
    mean, covariance = _check_gaussian(mean, covariance, X.shape[1])
    trace, converged, t = [observed_log_likelihood(X, mean, covariance)], False, 0
    for t in range(1, max_iter + 1):
        filled, conditional = e_step_missing(X, mean, covariance)  # E-step
        mean, covariance = m_step_missing(filled, conditional)  # M-step
        try:
            trace.append(observed_log_likelihood(X, mean, covariance))
        except ValueError:
            raise ValueError(
                f"EM iteration {t}: the covariance became singular (eigenvalues "
                f"{np.round(np.linalg.eigvalsh(covariance), 12).tolist()}): the observed entries pin the Gaussian "
                f"to a line or plane (for example, the complete rows lie on one line). Add points, or drop a "
                f"column.") from None
        if tol is not None and abs(trace[-1] - trace[-2]) < tol:
            converged = True
            break
    if not converged and tol is not None:
        warn_not_converged("EM", max_iter, trace, tol, objective="observed-data log-likelihood")
    return MissingResult(mean, covariance, e_step_missing(X, mean, covariance)[0], np.array(trace), t, converged)
