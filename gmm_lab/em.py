"""The EM algorithm for a Gaussian mixture with full covariances, in log space.

Names and argument order follow the lab handout (``e_step(X, means, covariances,
weights)``, ``m_step(X, responsibilities)``), so the two can be read side by side,
but the maths is done the numerically safe way: Cholesky factors instead of
inverses and determinants, and log-sum-exp instead of dividing tiny densities.
"""

import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy.linalg import solve_triangular

from ._validation import (
    check_nonnegative_float,
    check_n_components,
    check_params,
    check_positive_int,
    check_responsibilities,
    check_X,
    check_finite,
    cholesky_or_raise,
)

__all__ = [
    "ConvergenceWarning",
    "EMResult",
    "EMStep",
    "gaussian_pdf",
    "log_gaussian_pdf",
    "e_step",
    "m_step",
    "log_likelihood",
    "log_mixture_pdf",
    "run_em",
]

LOG_2PI = np.log(2.0 * np.pi)


class ConvergenceWarning(UserWarning):
    """EM stopped at ``max_iter`` before the log-likelihood settled."""


# --------------------------------------------------------------------------- #
# Single Gaussian
# --------------------------------------------------------------------------- #
def _precision_cholesky(covariances, names=None):
    """Upper-triangular factors U_j with U_j U_j^T = inv(covariances[j]).

    `names` label each matrix in error messages (default ``covariances[j]``).

    Returns (prec_chol of shape (k, d, d), log_det of shape (k,)) where
    ``log_det[j] = log|U_j| = -0.5 * log|Sigma_j|``.
    """
    k, d, _ = covariances.shape
    prec_chol = np.empty_like(covariances)
    eye = np.eye(d)
    for j in range(k):
        lower = cholesky_or_raise(covariances[j], names[j] if names else f"covariances[{j}]")
        prec_chol[j] = solve_triangular(lower, eye, lower=True).T
    log_det = np.log(np.diagonal(prec_chol, axis1=1, axis2=2)).sum(axis=1)
    return prec_chol, log_det


def log_gaussian_pdf(X, mean, cov):
    """Log-density of a multivariate normal at each row of `X`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Points. A 1-D `X` is read as n points only for a one-dimensional model.
    mean : array-like of shape (n_features,)
        A scalar is read as the mean of a one-dimensional model.
    cov : array-like of shape (n_features, n_features)
        Symmetric positive definite. A scalar is read as a 1-D variance.

    Returns
    -------
    log_pdf : ndarray of shape (n_samples,)
    """
    mean = np.atleast_1d(np.asarray(mean, dtype=float))
    if mean.ndim != 1:
        raise ValueError(f"mean must be 1-D, of shape (n_features,); got shape {mean.shape}.")
    cov = np.asarray(cov, dtype=float)
    if cov.ndim == 0:
        cov = cov.reshape(1, 1)
    d = mean.shape[0]
    if cov.shape != (d, d):
        raise ValueError(
            f"cov must have shape (n_features, n_features) = ({d}, {d}) to match mean; "
            f"got {cov.shape}."
        )
    X = check_X(X, n_features=d)
    check_finite(mean, "mean")
    check_finite(cov, "cov")
    prec_chol, log_det = _precision_cholesky(cov[None], names=["cov"])
    means = mean[None]
    return _log_gaussian_prob(_augment(X), means, prec_chol, log_det)[0]


def gaussian_pdf(X, mean, cov):
    """Density of a multivariate normal at each row of `X`, shape (n_samples,).

    Computed as ``exp(log_gaussian_pdf(...))``; prefer the log version in code,
    since far from the mean the density underflows to 0.
    """
    return np.exp(log_gaussian_pdf(X, mean, cov))


def _augment(X):
    """X as a (n_features + 1, n_samples) array whose last row is ones.

    The layout lets one matrix product both centre and whiten the points for all
    components at once, and keeps per-point reductions over components fast.
    """
    n, d = X.shape
    out = np.empty((d + 1, n))
    out[:d] = X.T
    out[d] = 1.0
    return out


def _log_gaussian_prob(X1T, means, prec_chol, log_det):
    """Log N(x_i | mu_j, Sigma_j) for all components and points, shape (k, n).

    ``X1T`` comes from ``_augment``. Row (j, e) of the stacked matrix holds column e
    of U_j and, in its last entry, ``-mu_j . U_j[:, e]``, so a single product gives
    every whitened residual ``(x_i - mu_j) U_j``; their squared norms are the
    Mahalanobis distances.
    """
    k, d = means.shape
    stacked = np.empty((k * d, d + 1))
    stacked[:, :d] = prec_chol.transpose(0, 2, 1).reshape(k * d, d)
    stacked[:, d] = -np.einsum("kd,kde->ke", means, prec_chol).reshape(k * d)
    Y = stacked @ X1T
    np.multiply(Y, Y, out=Y)
    out = Y.reshape(k, d, -1).sum(axis=1)
    out *= -0.5
    out += (log_det - 0.5 * d * LOG_2PI)[:, None]
    return out


# --------------------------------------------------------------------------- #
# E-step and log-likelihood
# --------------------------------------------------------------------------- #
def _e_step_core(X1T, means, prec_chol, log_det, weights):
    """Responsibilities, shape (k, n), and per-point log mixture density, shape (n,).

    Log-sum-exp done in place on one (k, n) buffer: subtract each point's largest
    term, exponentiate, normalise; a single ``exp`` pass over the buffer.
    """
    with np.errstate(divide="ignore"):  # a weight of exactly 0 gives log 0 = -inf
        log_w = np.log(weights)
    buf = _log_gaussian_prob(X1T, means, prec_chol, log_det)
    buf += log_w[:, None]
    col_max = buf.max(axis=0)
    buf -= col_max
    np.exp(buf, out=buf)
    total = buf.sum(axis=0)
    buf /= total
    log_prob = np.log(total)
    log_prob += col_max
    return buf, log_prob


def _prepare(X, means, covariances, weights):
    """Validated inputs plus the precision factors (the factorisation is the PD check)."""
    means, covariances, weights = check_params(means, covariances, weights, check_pd=False)
    X = check_X(X, n_features=means.shape[1])
    prec_chol, log_det = _precision_cholesky(covariances)
    return X, means, covariances, prec_chol, log_det, weights


def e_step(X, means, covariances, weights):
    """Responsibilities: the posterior probability of each component for each point.

    ``r[i, j] = w_j N(x_i | mu_j, Sigma_j) / sum_l w_l N(x_i | mu_l, Sigma_l)``,
    computed in log space, so a point far from every component still gets a
    finite row that sums to 1.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    means : array-like of shape (n_components, n_features)
    covariances : array-like of shape (n_components, n_features, n_features)
    weights : array-like of shape (n_components,)

    Returns
    -------
    responsibilities : ndarray of shape (n_samples, n_components)
    """
    X, means, _, prec_chol, log_det, weights = _prepare(X, means, covariances, weights)
    resp_t, _ = _e_step_core(_augment(X), means, prec_chol, log_det, weights)
    return resp_t.T


def log_mixture_pdf(X, means, covariances, weights):
    """Per-point log mixture density ``log sum_j w_j N(x_i | mu_j, Sigma_j)``, shape (n_samples,).

    Equal to scikit-learn's ``GaussianMixture.score_samples`` for the same parameters.
    """
    X, means, _, prec_chol, log_det, weights = _prepare(X, means, covariances, weights)
    _, log_prob = _e_step_core(_augment(X), means, prec_chol, log_det, weights)
    return log_prob


def log_likelihood(X, means, covariances, weights):
    """Total mixture log-likelihood ``sum_i log sum_j w_j N(x_i | mu_j, Sigma_j)``, a float.

    This is the quantity EM increases. (The lab handout instead summed
    ``log(w_j N(x_i | ...))`` over both i and j, which is not a likelihood.)
    """
    return float(log_mixture_pdf(X, means, covariances, weights).sum())


# --------------------------------------------------------------------------- #
# M-step
# --------------------------------------------------------------------------- #
def _m_step_core(XT, resp_t, reg_covar):
    """M-step on transposed arrays: XT of shape (d, n), resp_t of shape (k, n)."""
    d, n = XT.shape
    k = resp_t.shape[0]
    nk = resp_t.sum(axis=1) + 10 * np.finfo(float).eps  # as scikit-learn: no 0 / 0
    means = (resp_t @ XT.T) / nk[:, None]
    covariances = np.empty((k, d, d))
    for j in range(k):
        diff = XT - means[j][:, None]
        weighted = diff * resp_t[j]
        covariances[j] = (weighted @ diff.T) / nk[j]
    covariances = 0.5 * (covariances + covariances.transpose(0, 2, 1))
    covariances[:, np.arange(d), np.arange(d)] += reg_covar
    weights = nk / n
    weights /= weights.sum()
    return weights, means, covariances


def m_step(X, responsibilities, *, reg_covar=1e-6):
    """Maximum-likelihood mixture parameters given responsibilities.

    With ``N_j = sum_i r_ij``: ``w_j = N_j / n``, ``mu_j = sum_i r_ij x_i / N_j``,
    ``Sigma_j = sum_i r_ij (x_i - mu_j)(x_i - mu_j)^T / N_j + reg_covar * I``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    responsibilities : array-like of shape (n_samples, n_components)
        Non-negative rows that sum to 1.
    reg_covar : float, default=1e-6
        Added to each covariance's diagonal (as scikit-learn does) so that a
        component that collapses onto a few points keeps a usable covariance.

    Returns
    -------
    weights : ndarray of shape (n_components,)
    means : ndarray of shape (n_components, n_features)
    covariances : ndarray of shape (n_components, n_features, n_features)
    """
    X = check_X(X)
    resp = check_responsibilities(responsibilities, X.shape[0])
    reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
    return _m_step_core(X.T, resp.T, reg_covar)


# --------------------------------------------------------------------------- #
# The full loop
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class EMStep:
    """One snapshot of a run: parameters, their responsibilities and log-likelihood.

    ``iteration`` 0 is the start; for ``iteration = t >= 1`` the parameters are
    those after the t-th M-step, and ``responsibilities`` are computed from them
    (the E-step that opens iteration t + 1). The responsibilities that *produced*
    these parameters are therefore those of the previous snapshot.
    """

    iteration: int
    means: np.ndarray
    covariances: np.ndarray
    weights: np.ndarray
    responsibilities: np.ndarray
    log_likelihood: float


@dataclass
class EMResult:
    """What ``run_em`` returns.

    Attributes
    ----------
    means, covariances, weights : the final parameters.
    responsibilities : ndarray of shape (n_samples, n_components), from the final parameters.
    log_likelihoods : list of float; ``log_likelihoods[i]`` is the total log-likelihood
        after iteration ``i + 1``.
    n_iter : number of iterations run (E-step then M-step each).
    converged : whether the log-likelihood changed by less than ``tol``.
    history : list of EMStep; ``history[0]`` is the start and ``history[t]`` the state
        after iteration t, so ``history[t].log_likelihood == log_likelihoods[t - 1]``.
        With ``keep_history=False`` only the start and the final state are kept.
    """

    means: np.ndarray
    covariances: np.ndarray
    weights: np.ndarray
    responsibilities: np.ndarray
    log_likelihoods: list
    n_iter: int
    converged: bool
    history: list = field(repr=False)

    @property
    def log_likelihood(self):
        """Total log-likelihood of the final parameters."""
        return self.log_likelihoods[-1]


def run_em(
    X,
    means,
    covariances,
    weights,
    *,
    max_iter=100,
    tol=1e-4,
    reg_covar=1e-6,
    keep_history=True,
):
    """Fit a Gaussian mixture by EM from the given start.

    One iteration is an E-step followed by an M-step. After each iteration the
    total log-likelihood of the new parameters is recorded; the run stops when it
    changes by less than `tol` from the previous iteration (the lab handout's rule,
    applied to the correct quantity), or after `max_iter` iterations, with a
    ``ConvergenceWarning``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    means : array-like of shape (n_components, n_features)
    covariances : array-like of shape (n_components, n_features, n_features)
    weights : array-like of shape (n_components,)
    max_iter : int, default=100
    tol : float, default=1e-4
        On the total (not per-point) log-likelihood.
    reg_covar : float, default=1e-6
        Added to every covariance diagonal in each M-step. 0 reproduces plain EM.
    keep_history : bool, default=True
        Keep every iteration's parameters and responsibilities in ``history``
        (n_iter copies of an (n, k) array). Turn off for very large data.

    Returns
    -------
    EMResult
    """
    max_iter = check_positive_int(max_iter, "max_iter")
    tol = check_nonnegative_float(tol, "tol")
    reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
    X, means, covariances, prec_chol, log_det, weights = _prepare(X, means, covariances, weights)
    check_n_components(means.shape[0], X.shape[0])
    X1T = _augment(X)
    XT = X1T[:-1]

    resp_t, log_prob = _e_step_core(X1T, means, prec_chol, log_det, weights)
    start = EMStep(0, means, covariances, weights, resp_t.T, float(log_prob.sum()))
    history = [start]
    log_likelihoods = []
    converged = False
    n_iter = 0
    for n_iter in range(1, max_iter + 1):
        weights, means, covariances = _m_step_core(XT, resp_t, reg_covar)
        try:
            prec_chol, log_det = _precision_cholesky(covariances)
        except ValueError as exc:
            raise ValueError(
                f"EM iteration {n_iter}: {exc} (effective number of points per "
                f"component: {np.round(weights * X.shape[0], 3).tolist()})"
            ) from None
        resp_t, log_prob = _e_step_core(X1T, means, prec_chol, log_det, weights)
        ll = float(log_prob.sum())
        log_likelihoods.append(ll)
        if keep_history:
            history.append(EMStep(n_iter, means, covariances, weights, resp_t.T, ll))
        if n_iter > 1 and abs(ll - log_likelihoods[-2]) < tol:
            converged = True
            break
    if not keep_history and n_iter >= 1:
        history.append(EMStep(n_iter, means, covariances, weights, resp_t.T, log_likelihoods[-1]))
    if not converged:
        if len(log_likelihoods) > 1:
            last = f"the last change in log-likelihood was {abs(log_likelihoods[-1] - log_likelihoods[-2]):.3g}"
        else:
            last = "a single iteration cannot show convergence"
        warnings.warn(
            f"EM did not converge in max_iter={max_iter} iterations: {last} "
            f"(tol={tol:g}). Increase max_iter, or loosen tol.",
            ConvergenceWarning,
            stacklevel=2,
        )
    return EMResult(
        means=means,
        covariances=covariances,
        weights=weights,
        responsibilities=resp_t.T,
        log_likelihoods=log_likelihoods,
        n_iter=n_iter,
        converged=converged,
        history=history,
    )
