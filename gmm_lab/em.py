"""The EM algorithm for a Gaussian mixture, in log space.

Read this file top to bottom to see EM in code. Names and argument order follow the
lab handout (``e_step(X, means, covariances, weights)``, ``m_step(X,
responsibilities)`` returning ``(weights, means, covariances)``), so the two can be
read side by side; the maths is done the numerically safe way: Cholesky factors
instead of inverses and determinants (``gmm_lab.gaussian``), and log-sum-exp instead
of dividing tiny densities. Arrays are laid out as in scikit-learn: points in rows,
``X`` of shape (n_samples, n_features), responsibilities (n_samples, n_components).

Every function takes ``covariance_type`` (default ``"full"``), one of scikit-learn's
four, with its shapes: "full" (n_components, n_features, n_features), "diag"
(n_components, n_features), "spherical" (n_components,) and "tied" (n_features,
n_features). Only the covariances differ: the M-step has one small estimator per
type (``_covariances_full`` and its siblings, as scikit-learn's
``_estimate_gaussian_covariances_*``) and the E-step whitens with the type's
precision factor (``gmm_lab.gaussian``).
"""

import warnings

import numpy as np

from ._fast import fast_em_iterations
from .collapse import collapse_message, collapsed_components
from ._validation import (
    check_covariance_type,
    check_n_components,
    check_nonnegative_float,
    check_params,
    check_positive_int,
    check_responsibilities,
    check_X,
)
from .gaussian import log_gaussian_prob, precision_cholesky
from .results import CollapseWarning, ConvergenceWarning, EMResult, EMStep

__all__ = ["e_step", "m_step", "log_likelihood", "log_mixture_pdf", "lower_bound", "run_em"]


def _prepare(X, means, covariances, weights, covariance_type):
    """Validated inputs plus the precision factors (the factorisation is the PD check)."""
    means, covariances, weights = check_params(means, covariances, weights, check_pd=False,
                                               covariance_type=covariance_type)
    X = check_X(X, n_features=means.shape[1])
    return X, means, covariances, weights, precision_cholesky(covariances, covariance_type)


# --------------------------------------------------------------------------- #
# E-step: responsibilities, and the log-likelihood from the same pass
# --------------------------------------------------------------------------- #
def _e_step(X, means, weights, prec_chol, covariance_type="full"):
    """Responsibilities (n_samples, n_components) and per-point log p(x_i), shape (n_samples,).

    With ``a_ij = log w_j + log N(x_i | mu_j, Sigma_j)`` and ``m_i = max_j a_ij``:
    ``log p(x_i) = m_i + log sum_j exp(a_ij - m_i)`` (log-sum-exp: the largest term is
    exp(0) = 1, so nothing underflows to 0/0) and ``r_ij = exp(a_ij - log p(x_i))``.
    """
    with np.errstate(divide="ignore"):  # a weight of exactly 0 gives log 0 = -inf: r = 0
        a = log_gaussian_prob(X, means, prec_chol, covariance_type) + np.log(weights)
    m = a.max(axis=1, keepdims=True)
    log_prob = m[:, 0] + np.log(np.exp(a - m).sum(axis=1))
    return np.exp(a - log_prob[:, None]), log_prob


def e_step(X, means, covariances, weights, *, covariance_type="full"):
    """Responsibilities: the posterior probability of each component for each point.

    ``r[i, j] = w_j N(x_i | mu_j, Sigma_j) / sum_l w_l N(x_i | mu_l, Sigma_l)``,
    computed in log space, so a point far from every component still gets a
    finite row that sums to 1.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    means : array-like of shape (n_components, n_features)
    covariances : array-like of shape (n_components, n_features, n_features)
        For "full"; "diag" (n_components, n_features), "spherical" (n_components,),
        "tied" (n_features, n_features).
    weights : array-like of shape (n_components,)
    covariance_type : {"full", "diag", "spherical", "tied"}, default="full"

    Returns
    -------
    responsibilities : ndarray of shape (n_samples, n_components)
    """
    X, means, _, weights, prec_chol = _prepare(X, means, covariances, weights, covariance_type)
    return _e_step(X, means, weights, prec_chol, covariance_type)[0]


def log_mixture_pdf(X, means, covariances, weights, *, covariance_type="full"):
    """Per-point log mixture density ``log sum_j w_j N(x_i | mu_j, Sigma_j)``, shape (n_samples,).

    Equal to scikit-learn's ``GaussianMixture.score_samples`` for the same parameters
    (and ``covariance_type``, shapes as in ``e_step``).
    """
    X, means, _, weights, prec_chol = _prepare(X, means, covariances, weights, covariance_type)
    return _e_step(X, means, weights, prec_chol, covariance_type)[1]


def log_likelihood(X, means, covariances, weights, *, covariance_type="full"):
    """Total mixture log-likelihood ``sum_i log sum_j w_j N(x_i | mu_j, Sigma_j)``, a float.

    This is the quantity EM increases. (The lab handout instead summed
    ``log(w_j N(x_i | ...))`` over both i and j, which is not a likelihood.)
    Shapes and ``covariance_type`` as in ``e_step``.
    """
    return float(log_mixture_pdf(X, means, covariances, weights, covariance_type=covariance_type).sum())


def lower_bound(X, responsibilities, means, covariances, weights, *, covariance_type="full"):
    """The lower bound EM climbs: ``L(q, theta) <= log_likelihood(X, theta)`` for any q.

    ``L(q, theta) = sum_i sum_j q_ij [log(w_j N(x_i | mu_j, Sigma_j)) - log q_ij]`` (with
    0 log 0 = 0). By Jensen's inequality it is at most the log-likelihood, and the gap
    is ``sum_i KL(q_i || posterior_i)``: it closes exactly when q is the E-step's
    responsibilities for theta. The M-step maximises it over theta for fixed q.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    responsibilities : array-like of shape (n_samples, n_components)
        Any q: non-negative rows that sum to 1.
    means, covariances, weights : the mixture parameters, as for ``e_step``.
    covariance_type : {"full", "diag", "spherical", "tied"}, default="full"

    Returns
    -------
    bound : float
    """
    X, means, _, weights, prec_chol = _prepare(X, means, covariances, weights, covariance_type)
    q = check_responsibilities(responsibilities, X.shape[0], for_m_step=False)
    if q.shape[1] != len(weights):
        raise ValueError(
            f"responsibilities have {q.shape[1]} columns but the mixture has {len(weights)} "
            f"components; pass one column per component."
        )
    with np.errstate(divide="ignore"):
        a = log_gaussian_prob(X, means, prec_chol, covariance_type) + np.log(weights)
        log_q = np.log(q)
    used = q > 0  # terms with q_ij = 0 contribute 0 (0 log 0 = 0, and 0 * log 0 of a weight-0 component)
    return float(np.sum(q[used] * (a[used] - log_q[used])))


# --------------------------------------------------------------------------- #
# M-step: weighted fractions, means and covariances
# --------------------------------------------------------------------------- #
def _covariances_full(X, resp, nk, means, reg_covar):
    """``Sigma_j = sum_i r_ij (x_i - mu_j)(x_i - mu_j)^T / N_j + reg_covar I``, shape (k, d, d)."""
    d = X.shape[1]
    covariances = np.empty((len(nk), d, d))
    for j in range(len(nk)):
        diff = X - means[j]
        cov = (resp[:, j] * diff.T) @ diff / nk[j]
        covariances[j] = (cov + cov.T) / 2 + reg_covar * np.eye(d)  # exactly symmetric despite rounding
    return covariances


def _covariances_diag(X, resp, nk, means, reg_covar):
    """``sigma_je^2 = sum_i r_ij (x_ie - mu_je)^2 / N_j + reg_covar``: full's diagonal, shape (k, d)."""
    variances = np.empty_like(means)
    for j in range(len(nk)):
        diff = X - means[j]
        variances[j] = resp[:, j] @ (diff * diff) / nk[j]
    return variances + reg_covar


def _covariances_spherical(X, resp, nk, means, reg_covar):
    """``sigma_j^2``: the mean over features of the "diag" variances, shape (k,)."""
    return _covariances_diag(X, resp, nk, means, reg_covar).mean(axis=1)


def _covariances_tied(X, resp, nk, means, reg_covar):
    """``Sigma = sum_j sum_i r_ij (x_i - mu_j)(x_i - mu_j)^T / n + reg_covar I``, shape (d, d).

    Every point's spread about its components' means, pooled: the average of the
    per-component "full" scatter, weighted by N_j.
    """
    d = X.shape[1]
    cov = np.zeros((d, d))
    for j in range(len(nk)):
        diff = X - means[j]
        cov += (resp[:, j] * diff.T) @ diff
    cov /= nk.sum()
    return (cov + cov.T) / 2 + reg_covar * np.eye(d)


COVARIANCE_ESTIMATORS = {
    "full": _covariances_full,
    "diag": _covariances_diag,
    "spherical": _covariances_spherical,
    "tied": _covariances_tied,
}


def _m_step(X, resp, reg_covar, covariance_type="full"):
    """The M-step on validated arrays; returns (weights, means, covariances)."""
    nk = resp.sum(axis=0) + 10 * np.finfo(float).eps  # N_j; as scikit-learn: never 0 / 0
    means = resp.T @ X / nk[:, None]
    covariances = COVARIANCE_ESTIMATORS[covariance_type](X, resp, nk, means, reg_covar)
    return nk / X.shape[0], means, covariances


def m_step(X, responsibilities, *, reg_covar=1e-6, covariance_type="full"):
    """Maximum-likelihood mixture parameters given responsibilities.

    With ``N_j = sum_i r_ij``: ``w_j = N_j / n``, ``mu_j = sum_i r_ij x_i / N_j``,
    ``Sigma_j = sum_i r_ij (x_i - mu_j)(x_i - mu_j)^T / N_j + reg_covar * I`` for
    "full"; "diag" keeps its diagonal, "spherical" the mean of that diagonal, and
    "tied" pools every component's scatter into one matrix (divided by n).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    responsibilities : array-like of shape (n_samples, n_components)
        Non-negative rows that sum to 1.
    reg_covar : float, default=1e-6
        Added to each covariance's diagonal (to each variance for "diag" and
        "spherical"), as scikit-learn does, so that a component that collapses onto a
        few points keeps a usable covariance.
    covariance_type : {"full", "diag", "spherical", "tied"}, default="full"

    Returns
    -------
    The handout's order, (weights, means, covariances):

    weights : ndarray of shape (n_components,)
    means : ndarray of shape (n_components, n_features)
    covariances : ndarray of shape (n_components, n_features, n_features)
        For "full"; "diag" (n_components, n_features), "spherical" (n_components,),
        "tied" (n_features, n_features).
    """
    covariance_type = check_covariance_type(covariance_type)
    X = check_X(X)
    resp = check_responsibilities(responsibilities, X.shape[0])
    reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
    return _m_step(X, resp, reg_covar, covariance_type)


# --------------------------------------------------------------------------- #
# The loop
# --------------------------------------------------------------------------- #
def run_em(X, means, covariances, weights, *, max_iter=100, tol=1e-4, reg_covar=1e-6, keep_history=True,
           covariance_type="full"):
    """Fit a Gaussian mixture by EM from the given start.

    One iteration is an E-step followed by an M-step. The total log-likelihood is
    recorded for the start and after each iteration; the run stops when an iteration
    changes it by less than `tol` (the lab handout's rule, applied to the correct
    quantity), or after `max_iter` iterations, with a ``ConvergenceWarning``. With
    ``tol=None`` it runs exactly `max_iter` iterations, with no stopping rule and no
    warning (to look at EM after a given number of iterations, as PRML Fig. 9.8 does).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    means, covariances, weights : array-like
        The start, in the shapes of `covariance_type` (see ``e_step``).
    max_iter : int, default=100
    tol : float or None, default=1e-4
        On the total (not per-point) log-likelihood. None: no stopping rule, run
        exactly `max_iter` iterations (``converged`` is then False, and no warning).
    reg_covar : float, default=1e-6
        Added to every covariance diagonal in each M-step. 0 reproduces plain EM.
    keep_history : bool, default=True
        Keep every iteration's parameters and responsibilities in ``history``
        (n_iter copies of an (n_samples, n_components) array). Turn off for very large data.
    covariance_type : {"full", "diag", "spherical", "tied"}, default="full"
        The covariances of the result and of its history have the type's shape.

    Returns
    -------
    EMResult
        With a ``CollapseWarning`` when a component ends collapsed (``EMResult.collapsed``).
    """
    max_iter = check_positive_int(max_iter, "max_iter")
    tol = None if tol is None else check_nonnegative_float(tol, "tol")
    reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
    X, means, covariances, weights, prec_chol = _prepare(X, means, covariances, weights, covariance_type)
    check_n_components(means.shape[0], X.shape[0])

    resp, log_prob = _e_step(X, means, weights, prec_chol, covariance_type)
    history = [EMStep(0, means, covariances, weights, resp, float(log_prob.sum()))]
    trace = [history[0].log_likelihood]
    converged = False
    # Each iteration: M-step on the current responsibilities, then the E-step of the new
    # parameters, which also gives their log-likelihood. The loop body is _m_step then
    # _e_step above, computed in a faster memory layout (see gmm_lab/_fast.py).
    iterations = fast_em_iterations(X, resp, reg_covar, covariance_type)
    for t in range(1, max_iter + 1):
        try:
            weights, means, covariances, resp, log_prob = next(iterations)
        except ValueError as exc:
            raise ValueError(
                f"EM iteration {t}: {exc} (effective number of points per "
                f"component: {np.round(resp.sum(axis=0), 3).tolist()})"
            ) from None
        trace.append(float(log_prob.sum()))
        if keep_history:
            history.append(EMStep(t, means, covariances, weights, resp, trace[-1]))
        if tol is not None and abs(trace[-1] - trace[-2]) < tol:
            converged = True
            break
    if history[-1].iteration != t:  # keep_history=False: the final state
        history.append(EMStep(t, means, covariances, weights, resp, trace[-1]))
    if not converged and tol is not None:
        warnings.warn(
            f"EM did not converge in max_iter={max_iter} iterations: the last change in "
            f"log-likelihood was {abs(trace[-1] - trace[-2]):.3g} (tol={tol:g}). "
            f"Increase max_iter, or loosen tol.",
            ConvergenceWarning,
            stacklevel=2,
        )
    collapsed = tuple(collapsed_components(X, means, covariances, weights, covariance_type=covariance_type,
                                                 reg_covar=reg_covar))
    if collapsed:
        warnings.warn(collapse_message(collapsed, weights, X.shape[0], reg_covar), CollapseWarning, stacklevel=2)
    return EMResult(means, covariances, weights, resp, np.array(trace), t, converged, max_iter, tol, history,
                    covariance_type, collapsed)
