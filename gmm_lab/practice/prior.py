"""A prior on the covariances: maximum a posteriori (MAP) EM, which cannot collapse.

Maximum likelihood lets a component shrink onto a single point (``gmm_lab.collapse``).
A conjugate prior on each covariance forbids that. Ours says "each component's
covariance is worth ``prior_strength`` = κ extra points, scattered with covariance
``covariance_prior`` = S₀ about its mean":

    log p(Σ_j) = -(κ / 2) [log|Σ_j| + tr(S₀ Σ_j⁻¹)] + const,

which is an inverse-Wishart prior IW(Ψ = κ S₀, ν = κ − d − 1) up to its normalising
constant (a proper distribution when ν > d − 1, i.e. κ > 2d; any κ >= 0 is a valid
penalty). The weights and means get no prior. EM then climbs the MAP objective
``ℓ(θ) + Σ_j log p(Σ_j)`` instead of ℓ: the E-step is unchanged, and the M-step's
covariance becomes

    Σ_j = (S_j + κ S₀) / (N_j + κ),     S_j = Σ_i r_ij (x_i − μ_j)(x_i − μ_j)ᵀ,

the scatter of the component's points pooled with κ pseudo-points. A component on one
point (S_j = 0, N_j = 1) keeps Σ_j = κ S₀ / (1 + κ); as κ → 0 it is the plain M-step.
Compare ``reg_covar``, which adds a fixed ε I to the ML covariance whatever N_j is: the
formula above with κ S₀ = ε N_j I held fixed as κ → 0 (a "prior" that grows with the data
it is pooled with, and weighs nothing in the denominator).

Full covariances only (``covariance_type="full"``).
"""

import warnings
from dataclasses import KW_ONLY, dataclass

import numpy as np

from ..collapse import collapse_message, collapsed_in_batch
from ..covariances import precision_cholesky
from ..em import NK_FLOOR, em_loop
from ..parameters import check_params
from ..results import CollapseWarning, ConvergenceWarning, EMResult, MStep
from ..validation import (
    as_float_array,
    check_finite,
    check_n_components,
    check_nonnegative_float,
    check_positive_int,
    check_responsibilities,
    check_X,
    cholesky_or_raise,
)

__all__ = ["MAPResult", "log_covariance_prior", "m_step_map", "run_em_map"]

PRIOR_REMEDY = "Pass a positive definite S₀, e.g. a fraction of the data's covariance, or a positive number."


def covariance_prior_matrix(covariance_prior, n_features):
    """S₀ as a (d, d) matrix: a number s² is s² I, a (d,) array the diagonal, a (d, d) array itself."""
    d = check_positive_int(n_features, "n_features")
    S0 = as_float_array(covariance_prior, "covariance_prior")
    if S0.ndim == 0:
        S0 = S0 * np.eye(d)
    elif S0.shape == (d,):
        S0 = np.diag(S0)
    elif S0.shape != (d, d):
        raise ValueError(f"covariance_prior must be a number, an array of shape ({d},) (variances) or "
                         f"({d}, {d}) (a covariance), to match {d} features; got shape {S0.shape}.")
    check_finite(S0, "covariance_prior")
    cholesky_or_raise(S0, "covariance_prior", remedy=PRIOR_REMEDY)
    return S0


def _log_prior(prec_chol, S0, kappa):
    """Σ_j -(κ/2)[log|Σ_j| + tr(S₀ Σ_j⁻¹)] from the precision factors U_j (U_j U_jᵀ = Σ_j⁻¹)."""
    log_det = -2.0 * np.log(np.diagonal(prec_chol, axis1=1, axis2=2)).sum(axis=1)
    trace = np.einsum("de,jeg,jdg->j", S0, prec_chol, prec_chol)  # tr(U_jᵀ S₀ U_j) = tr(S₀ Σ_j⁻¹)
    return float(-0.5 * kappa * np.sum(log_det + trace))


def log_covariance_prior(covariances, covariance_prior, prior_strength):
    """The log-prior of full covariances, ``Σ_j -(κ/2)[log|Σ_j| + tr(S₀ Σ_j⁻¹)]`` (no constant), a float.

    Parameters
    ----------
    covariances : array-like of shape (n_components, n_features, n_features)
    covariance_prior : float, array-like of shape (n_features,) or (n_features, n_features)
        S₀, the covariance the prior pulls each component towards.
    prior_strength : float
        κ >= 0, the prior's worth in points.
    """
    covariances = as_float_array(covariances, "covariances")
    if covariances.ndim != 3 or covariances.shape[1] != covariances.shape[2]:
        raise ValueError(f"covariances must have shape (n_components, n_features, n_features); got {covariances.shape}.")
    S0 = covariance_prior_matrix(covariance_prior, covariances.shape[1])
    kappa = check_nonnegative_float(prior_strength, "prior_strength")
    return _log_prior(precision_cholesky(covariances), S0, kappa)


def _m_step_map(X, resp, S0, kappa):
    """The MAP M-step on checked arrays: an ``MStep``."""
    nk = resp.sum(axis=0) + NK_FLOOR  # as the ML M-step: never 0 / 0
    means = resp.T @ X / nk[:, None]
    covariances = np.empty((len(nk), X.shape[1], X.shape[1]))
    for j in range(len(nk)):
        diff = X - means[j]
        scatter = (resp[:, j] * diff.T) @ diff  # S_j, not divided by N_j
        cov = (scatter + kappa * S0) / (nk[j] + kappa)
        covariances[j] = (cov + cov.T) / 2
    return MStep(nk / X.shape[0], means, covariances)


def m_step_map(X, responsibilities, *, covariance_prior, prior_strength):
    """The MAP M-step: ``m_step``'s weights and means, covariances ``(S_j + κ S₀) / (N_j + κ)``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    responsibilities : array-like of shape (n_samples, n_components)
    covariance_prior : float, array-like of shape (n_features,) or (n_features, n_features)
        S₀ (a number s² means s² I).
    prior_strength : float
        κ >= 0; 0 gives the plain M-step (``m_step(..., reg_covar=0)``).

    Returns
    -------
    MStep
        ``(weights, means, covariances)``, shapes (k,), (k, d), (k, d, d), as ``m_step``.
    """
    X = check_X(X)
    resp = check_responsibilities(responsibilities, X.shape[0])
    S0 = covariance_prior_matrix(covariance_prior, X.shape[1])
    kappa = check_nonnegative_float(prior_strength, "prior_strength")
    return _m_step_map(X, resp, S0, kappa)


@dataclass(frozen=True)
class MAPResult(EMResult):
    """What ``run_em_map`` returns: an ``EMResult`` (``log_likelihoods`` is ℓ) plus the MAP objective.

    Attributes (besides ``EMResult``'s)
    ----------
    objectives : ndarray of shape (n_iter + 1,)
        ``ℓ(θ) + log_covariance_prior(Σ)`` at the start and after each iteration: what EM
        climbs here, and what the stopping rule watches.
    covariance_prior : ndarray of shape (n_features, n_features)
    prior_strength : float
    """

    _: KW_ONLY
    objectives: np.ndarray
    covariance_prior: np.ndarray
    prior_strength: float


def run_em_map(X, means, covariances, weights, *, covariance_prior, prior_strength, max_iter=100, tol=1e-4,
               keep_history=True):
    """EM for the MAP objective with the covariance prior of this module (full covariances).

    As ``run_em`` (one E-step and one M-step per iteration, every iteration kept in
    ``history`` unless ``keep_history=False``), with ``m_step_map`` as the M-step and no ``reg_covar``: with
    ``prior_strength > 0`` the prior keeps every covariance positive definite. Stops when
    the objective changes by less than `tol`, else after `max_iter` iterations with a
    ``ConvergenceWarning``; with ``tol=None`` it runs exactly `max_iter` iterations.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    means : array-like of shape (n_components, n_features)
    covariances : array-like of shape (n_components, n_features, n_features)
    weights : array-like of shape (n_components,)
        The start, as for ``run_em``.
    covariance_prior : float or array-like of shape (n_features, n_features)
        S₀, the prior's guess of a covariance (a float means S₀ = value · I).
    prior_strength : float
        κ, the prior's weight in pseudo-points. 0 is plain EM without ``reg_covar``, which
        can collapse: then the run warns with a ``CollapseWarning``, as ``run_em`` does.
    max_iter : int, default=100
    tol : float or None, default=1e-4
    keep_history : bool, default=True
        As for ``run_em``.

    Returns
    -------
    MAPResult
    """
    max_iter = check_positive_int(max_iter, "max_iter")
    tol = None if tol is None else check_nonnegative_float(tol, "tol")
    means, covariances, weights = check_params(means, covariances, weights, check_pd=False, covariance_type="full")
    X = check_X(X, n_features=means.shape[1])
    check_n_components(len(weights), X.shape[0])
    S0 = covariance_prior_matrix(covariance_prior, X.shape[1])
    kappa = check_nonnegative_float(prior_strength, "prior_strength")

    def maximum_a_posteriori(X, resp, current):
        return _m_step_map(X, resp, S0, kappa)

    def log_prior(means, covariances, weights):
        return _log_prior(precision_cholesky(covariances), S0, kappa)

    history, trace, objectives, converged = em_loop(X, means, covariances, weights, maximum_a_posteriori,
                                                    max_iter=max_iter, tol=tol, keep_history=keep_history,
                                                    log_prior=log_prior)
    end = history[-1]
    if not converged and tol is not None:
        warnings.warn(f"MAP EM did not converge in max_iter={max_iter} iterations (tol={tol:g}); increase max_iter.",
                      ConvergenceWarning, stacklevel=2)
    collapsed = collapsed_in_batch(X, end.covariances[None], end.weights[None], covariance_type="full",
                                   reg_covar=0.0)[0]
    if collapsed:
        warnings.warn(collapse_message(collapsed, end.weights, X.shape[0], 0.0), CollapseWarning, stacklevel=2)
    return MAPResult(end.means, end.covariances, end.weights, end.responsibilities, trace, end.iteration, converged,
                     max_iter, tol, history, "full", collapsed, 0.0, objectives=objectives, covariance_prior=S0,
                     prior_strength=kappa)
