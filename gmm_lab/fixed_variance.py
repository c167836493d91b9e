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
from dataclasses import dataclass

import numpy as np

from ._validation import (
    as_float_array,
    check_n_components,
    check_nonnegative_float,
    check_params,
    check_positive_int,
    check_X,
)
from .results import ConvergenceWarning

__all__ = ["FixedVarianceResult", "fixed_variance_em"]

LOG_2PI = np.log(2 * np.pi)


@dataclass
class FixedVarianceResult:
    """What ``fixed_variance_em`` returns.

    Attributes
    ----------
    means : ndarray of shape (n_components, n_features)
        The final means.
    responsibilities : ndarray of shape (n_samples, n_components)
        Computed from the final means.
    variance : float
        The shared variance sigma^2, held fixed.
    weights : ndarray of shape (n_components,)
        The weights, held fixed.
    log_likelihoods : ndarray of shape (n_iter + 1,)
        The total log-likelihood of the start and after each iteration (never decreases).
    n_iter : int
    converged : bool
        Whether the last iteration moved no mean coordinate by more than ``tol``.
    """

    means: np.ndarray
    responsibilities: np.ndarray
    variance: float
    weights: np.ndarray
    log_likelihoods: np.ndarray
    n_iter: int
    converged: bool

    @property
    def log_likelihood(self):
        """Total log-likelihood of the final means."""
        return float(self.log_likelihoods[-1])


def _e_step(X, means, log_weights, variance):
    """Responsibilities (n, k) and the total log-likelihood, in log space."""
    d2 = ((X[:, None, :] - means[None, :, :]) ** 2).sum(axis=2)
    a = log_weights - 0.5 * d2 / variance - 0.5 * X.shape[1] * (LOG_2PI + np.log(variance))
    top = a.max(axis=1, keepdims=True)
    with np.errstate(under="ignore"):
        e = np.exp(a - top)
    total = e.sum(axis=1, keepdims=True)
    return e / total, float((np.log(total) + top).sum())


def fixed_variance_em(X, means, variance, *, weights=None, max_iter=1000, tol=1e-10):
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
    tol : float, default=1e-10
        Stop when no coordinate of any mean moves by more than this in an iteration.

    Returns
    -------
    FixedVarianceResult

    Notes
    -----
    Each iteration is ``m_step``'s update of the means applied to ``e_step``'s
    responsibilities for the covariances ``variance * I`` and the fixed weights; so the
    log-likelihood never decreases. A component whose responsibilities all underflow to 0
    (possible for a tiny variance and a mean far from every point) keeps its mean, as a
    k-means centre with no points would in the exercise of notebook 07. As the variance
    tends to 0 the run is Lloyd's algorithm (``gmm_lab.kmeans``) from the same centres.

    Examples
    --------
    >>> import gmm_lab as g
    >>> X, _ = g.load_faithful()
    >>> Z = (X - X.mean(axis=0)) / X.std(axis=0)
    >>> start = [[-1.75, 1.0], [1.75, -1.0]]
    >>> hard = g.fixed_variance_em(Z, start, 1e-4)
    >>> bool(np.allclose(hard.means, g.kmeans(Z, start).centres))
    True
    """
    max_iter = check_positive_int(max_iter, "max_iter")
    tol = check_nonnegative_float(tol, "tol")
    try:
        variance = float(variance)
    except (TypeError, ValueError):
        raise ValueError(f"variance must be a number > 0 (sigma squared); got {variance!r}.") from None
    if not (np.isfinite(variance) and variance > 0):
        raise ValueError(f"variance must be a finite number > 0 (sigma squared); got {variance!r}.")
    means = as_float_array(means, "means")
    k = means.shape[0] if means.ndim == 2 and means.shape[0] else 1  # else check_params says what is wrong
    weights = np.full(k, 1.0 / k) if weights is None else weights
    means, _, weights = check_params(means, np.full(k, variance), weights, covariance_type="spherical")
    X = check_X(X, n_features=means.shape[1])
    check_n_components(k, X.shape[0])
    with np.errstate(divide="ignore"):  # a weight of 0: that component takes no point
        log_weights = np.log(weights)
    resp, ll = _e_step(X, means, log_weights, variance)
    trace = [ll]
    converged = False
    for t in range(1, max_iter + 1):
        nk = resp.sum(axis=0)
        new = means.copy()
        some = nk > 0
        new[some] = (resp[:, some].T @ X) / nk[some, None]
        step = float(np.max(np.abs(new - means)))
        means = new
        resp, ll = _e_step(X, means, log_weights, variance)
        trace.append(ll)
        if step <= tol:
            converged = True
            break
    if not converged:
        warnings.warn(
            f"fixed-variance EM did not converge in max_iter={max_iter} iterations: the last iteration "
            f"still moved a mean by {step:.3g} (tol={tol:g}). Increase max_iter, or loosen tol.",
            ConvergenceWarning,
            stacklevel=2,
        )
    return FixedVarianceResult(means, resp, variance, weights, np.array(trace), t, converged)
