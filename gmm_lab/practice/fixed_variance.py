"""EM with one fixed, shared spherical variance: k-means is its small-variance limit (PRML 9.3.2).

Give every component the covariance ``sigma^2 I`` and fixed weights, and let EM move
only the means. The E-step is then a softmax of squared distances,

    r_ij = pi_j exp(-||x_i - mu_j||^2 / (2 sigma^2)) / sum_l pi_l exp(-||x_i - mu_l||^2 / (2 sigma^2)),

and the M-step moves each mean to its responsibility-weighted mean of the points. As
sigma -> 0 every row of r becomes one-hot on the nearest mean (the k-means assignment),
so the means follow Lloyd's algorithm and end on k-means' centres. As sigma grows,
every point is shared and the means are pulled together: once sigma^2 exceeds the
largest eigenvalue of the data's covariance, the point where all the means sit on the
mean of the data attracts EM (with equal weights), and they collapse onto it.
"""

import warnings
from dataclasses import KW_ONLY, dataclass

import numpy as np

from ..em import em_loop
from ..parameters import check_params
from ..results import ConvergenceWarning, EMResult, MStep
from ..validation import (
    as_float_array,
    check_n_components,
    check_nonnegative_float,
    check_positive_int,
    check_X,
)

__all__ = ["FixedVarianceResult", "fixed_variance_em", "one_mean_em"]


@dataclass(frozen=True)
class FixedVarianceResult(EMResult):
    """What ``fixed_variance_em`` returns: an ``EMResult`` of "spherical" type whose variances
    (all equal to ``variance``) and weights were held fixed.

    Attributes (besides ``EMResult``'s)
    ----------
    variance : float
        The shared variance sigma^2, held fixed.

    ``converged`` says whether the last iteration moved no mean coordinate by more than
    ``tol``; ``log_likelihoods`` never decreases.
    """

    _: KW_ONLY
    variance: float

    @property
    def n_fixed_parameters(self):
        """The k variances and k - 1 free weights were given, not fitted: only the means count."""
        return 2 * self.n_components - 1


def fixed_variance_em(X, means, variance, *, weights=None, max_iter=1000, tol=1e-10, keep_history=False):
    """EM for a mixture whose components all have the fixed covariance ``variance * I``: only the means move.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    means : array-like of shape (n_components, n_features)
        The starting means.
    variance : float > 0
        The shared variance sigma^2 of every component, in every direction.
    weights : array-like of shape (n_components,), optional
        Fixed mixing weights; equal by default.
    max_iter : int, default=1000
        A ``ConvergenceWarning`` says when the run stops here with the means still moving.
        Near the collapse (sigma^2 close to the largest eigenvalue of the data's
        covariance) EM slows down and may need hundreds of iterations.
    tol : float or None, default=1e-10
        Stop when no coordinate of any mean moves by more than this in an iteration. None:
        no stopping rule, run exactly `max_iter` iterations (and no warning), as ``run_em``.
    keep_history : bool, default=False
        Keep every iteration in ``history``, as ``run_em`` does.

    Returns
    -------
    FixedVarianceResult

    Notes
    -----
    The loop is ``run_em``'s (``gmm_lab.em.em_loop``): the E-step of a "spherical" mixture
    with variances ``variance`` and the fixed weights, and an M-step that moves only the
    means (``m_step``'s means); so the log-likelihood never decreases. A component whose
    responsibilities all underflow to 0 (possible for a tiny variance and a mean far from
    every point) keeps its mean, as a k-means centre with no points would in the exercise
    of notebook 07. As the variance tends to 0 the run is Lloyd's algorithm
    (``gmm_lab.kmeans``) from the same centres.

    Examples
    --------
    >>> import numpy as np, gmm_lab as g
    >>> X, _ = g.load_faithful()
    >>> Z = (X - X.mean(axis=0)) / X.std(axis=0)
    >>> start = [[-1.75, 1.0], [1.75, -1.0]]
    >>> hard = g.fixed_variance_em(Z, start, 1e-4)
    >>> bool(np.allclose(hard.means, g.kmeans(Z, start).centres))
    True
    """
    max_iter = check_positive_int(max_iter, "max_iter")
    tol = None if tol is None else check_nonnegative_float(tol, "tol")
    try:
        variance = float(variance)
    except (TypeError, ValueError):
        raise ValueError(f"variance must be a number > 0 (sigma squared); got {variance!r}.") from None
    if not (np.isfinite(variance) and variance > 0):
        raise ValueError(f"variance must be a finite number > 0 (sigma squared); got {variance!r}.")
    means = as_float_array(means, "means")
    k = means.shape[0] if means.ndim == 2 and means.shape[0] else 1  # else check_params says what is wrong
    weights = np.full(k, 1.0 / k) if weights is None else weights
    means, variances, weights = check_params(means, np.full(k, variance), weights, covariance_type="spherical")
    X = check_X(X, n_features=means.shape[1])
    check_n_components(k, X.shape[0])

    def means_only(X, resp, current):
        """m_step's means; the variances and weights stay; a mean with no responsibility at all stays."""
        nk = resp.sum(axis=0)
        new = current.means.copy()
        some = nk > 0
        new[some] = (resp[:, some].T @ X) / nk[some, None]
        return MStep(weights, new, variances)

    moved = [np.inf]  # the last iteration's largest move of a mean coordinate

    def no_mean_moved(previous, new):
        moved[0] = float(np.max(np.abs(new.means - previous.means)))
        return tol is not None and moved[0] <= tol

    history, trace, _, converged = em_loop(X, means, variances, weights, means_only, covariance_type="spherical",
                                           max_iter=max_iter, keep_history=keep_history, settled=no_mean_moved)
    end = history[-1]
    if not converged and tol is not None:
        warnings.warn(
            f"fixed-variance EM did not converge in max_iter={max_iter} iterations: the last iteration "
            f"still moved a mean by {moved[0]:.3g} (tol={tol:g}). Increase max_iter, or loosen tol.",
            ConvergenceWarning,
            stacklevel=2,
        )
    return FixedVarianceResult(end.means, variances, weights, end.responsibilities, trace, end.iteration, converged,
                               max_iter, tol, history, "spherical", (), 0.0, variance=variance)


def one_mean_em(x, means, sigmas, weights, *, free=0, max_iter=50, tol=1e-8):
    """EM on a 1-D mixture that moves only ``means[free]``, every other parameter fixed (notebook 05's bound).

    ``run_em``'s loop (``em_loop``) with an M-step that is ``m_step``'s mean formula for that
    one component (the other parameters do not enter it); it stops when that mean moves by
    less than `tol`.

    Returns
    -------
    mu : ndarray of shape (n_iter + 1,)
        The free mean at the start (``mu[0]``) and after each iteration.
    q : ndarray of shape (n_iter, n_samples, n_components)
        The E-step responsibilities, ``q[t - 1]`` computed at ``mu[t - 1]``.
    """
    x = check_X(x, n_features=1)
    means, covariances, weights = check_params(np.reshape(means, (-1, 1)), np.square(np.ravel(sigmas)), weights,
                                               covariance_type="spherical")
    free = int(free)
    if not 0 <= free < len(weights):
        raise ValueError(f"free must be the index of a component, 0 to {len(weights) - 1}; got {free}.")

    def move_one_mean(X, resp, current):
        new = current.means.copy()
        new[free] = resp[:, free] @ X / resp[:, free].sum()
        return MStep(weights, new, covariances)

    def settled(previous, new):
        return abs(new.means[free, 0] - previous.means[free, 0]) < tol

    history, _, _, _ = em_loop(x, means, covariances, weights, move_one_mean, covariance_type="spherical",
                               max_iter=check_positive_int(max_iter, "max_iter"), settled=settled)
    return np.array([h.means[free, 0] for h in history]), np.array([h.responsibilities for h in history[:-1]])
