"""The two steps of variational Bayes for a Gaussian mixture, and the bound they climb.

The model of PRML §10.2 with scikit-learn's ``BayesianGaussianMixture`` (full covariances):
a prior on the weights, a Gaussian-Wishart prior on each component's mean μ_k and precision
Λ_k. Variational inference keeps a distribution over every unknown instead of a point:
q(Z) (the responsibilities r_nk), q(π) and q(μ_k, Λ_k) = N(μ_k | m_k, (β_k Λ_k)⁻¹) W(Λ_k | W_k, ν_k).

The prior on the weights is one of two (``weight_concentration_prior_type``):

* ``"dirichlet_distribution"``: π ~ Dir(α₀, …, α₀); q(π) = Dir(α), α_k = α₀ + N_k;
  E[ln π_k] = ψ(α_k) − ψ(Σ_j α_j).
* ``"dirichlet_process"`` (stick-breaking, truncated at K): π_k = v_k Π_{j<k} (1 − v_j),
  v_k ~ Beta(1, α₀); q(v_k) = Beta(a_k, b_k), a_k = 1 + N_k, b_k = α₀ + Σ_{j>k} N_j;
  E[ln π_k] = ψ(a_k) − ψ(a_k + b_k) + Σ_{j<k} [ψ(b_j) − ψ(a_j + b_j)].

ψ is the digamma function. With a small α₀ a component with little data gets E[ln π_k] far
below the others', so the E-step gives it still less: it is switched off.

``m_step`` is the M-step (scikit-learn's ``_estimate_weights``, ``_estimate_means``,
``_estimate_wishart_full``), ``e_step`` the E-step, ``bound`` the lower bound. As in
scikit-learn, ``covariances`` holds (ν_k W_k)⁻¹ = E[Λ_k]⁻¹, whose precision factor U_k (from a
Cholesky factor) gives ν_k (x − m_k)ᵀ W_k (x − m_k) = ‖(x − m_k) U_k‖² without an inverse.
"""

from dataclasses import dataclass

import numpy as np
from scipy.special import betaln, digamma, gammaln, xlogy

from ..covariances import estimate_covariances, precision_cholesky
from ..em import NK_FLOOR
from ..gaussian import log_gaussian_prob

__all__ = ["PRIOR_TYPES", "Priors", "Posterior", "m_step", "stick_parameters", "expected_log_weights",
           "expected_weights", "e_step", "bound"]

PRIOR_TYPES = ("dirichlet_process", "dirichlet_distribution")
LN2 = np.log(2.0)


@dataclass(frozen=True)
class Priors:
    """The checked priors, scikit-learn's trailing-underscore attributes (``weight_concentration_prior_``…).

    kind : {"dirichlet_process", "dirichlet_distribution"}
    alpha0 : float, the weight concentration α₀
    beta0 : float, the mean precision β₀
    m0 : ndarray of shape (n_features,), the mean prior
    nu0 : float, the Wishart's degrees of freedom ν₀ (> n_features − 1)
    psi0 : ndarray of shape (n_features, n_features), the covariance prior W₀⁻¹
    """

    kind: str
    alpha0: float
    beta0: float
    m0: np.ndarray
    nu0: float
    psi0: np.ndarray


@dataclass(frozen=True)
class Posterior:
    """q's parameters after an M-step, for K components in d dimensions.

    concentration : ndarray of shape (K,) (α_k) or (2, K) (the sticks' a_k and b_k)
    beta, nu : ndarrays of shape (K,), β_k and ν_k
    means : ndarray of shape (K, d), m_k = E[μ_k]
    covariances : ndarray of shape (K, d, d), (ν_k W_k)⁻¹ = E[Λ_k]⁻¹ (scikit-learn's ``covariances_``)
    prec_chol : ndarray of shape (K, d, d), its precision factors (U_k U_kᵀ = ν_k W_k)
    """

    concentration: np.ndarray
    beta: np.ndarray
    nu: np.ndarray
    means: np.ndarray
    covariances: np.ndarray
    prec_chol: np.ndarray


def m_step(X, resp, priors, reg_covar):
    """The M-step: q(π), q(μ, Λ) from responsibilities `resp` (n, K), a ``Posterior``.

    With N_k = Σ_n r_nk, x̄_k and S_k the responsibility-weighted mean and covariance
    (plus `reg_covar` I, as scikit-learn adds): β_k = β₀ + N_k, m_k = (β₀ m₀ + N_k x̄_k) / β_k,
    ν_k = ν₀ + N_k, W_k⁻¹ = W₀⁻¹ + N_k S_k + (β₀ N_k / β_k)(x̄_k − m₀)(x̄_k − m₀)ᵀ (PRML 10.58–10.63).
    """
    nk = resp.sum(axis=0) + NK_FLOOR
    xbar = (resp.T @ X) / nk[:, None]
    S = estimate_covariances(X, resp, nk, xbar, reg_covar, covariance_type="full")
    if priors.kind == "dirichlet_process":
        concentration = np.array(stick_parameters(priors.alpha0, nk))
    else:
        concentration = priors.alpha0 + nk
    beta = priors.beta0 + nk
    means = (priors.beta0 * priors.m0 + nk[:, None] * xbar) / beta[:, None]
    nu = priors.nu0 + nk
    diff = xbar - priors.m0
    scatter = (priors.psi0 + nk[:, None, None] * S
               + (nk * priors.beta0 / beta)[:, None, None] * diff[:, :, None] * diff[:, None, :])
    covariances = scatter / nu[:, None, None]
    prec_chol = precision_cholesky(covariances, remedy="Increase reg_covar or covariance_prior, or scale the data.")
    return Posterior(concentration, beta, nu, means, covariances, prec_chol)


def stick_parameters(alpha0, nk):
    """The sticks' q(v_k) = Beta(a_k, b_k) from counts `nk` (K,): a_k = 1 + N_k, b_k = α₀ + Σ_{j>k} N_j."""
    nk = np.asarray(nk, dtype=float)
    return 1.0 + nk, alpha0 + np.concatenate([np.cumsum(nk[::-1])[-2::-1], [0.0]])


def expected_log_weights(post, kind):
    """E_q[ln π_k], shape (K,): digammas of the Dirichlet, or of the sticks' Betas (module docstring)."""
    if kind == "dirichlet_process":
        a, b = post.concentration
        psi_ab = digamma(a + b)
        broken_before = np.concatenate([[0.0], np.cumsum(digamma(b) - psi_ab)[:-1]])  # Σ_{j<k} E[ln(1 − v_j)]
        return digamma(a) - psi_ab + broken_before
    return digamma(post.concentration) - digamma(post.concentration.sum())


def expected_weights(post, kind):
    """E_q[π_k], shape (K,), summing to 1 (the stick's remainder shared out, as scikit-learn's ``weights_``)."""
    if kind == "dirichlet_process":
        a, b = post.concentration
        w = a / (a + b) * np.concatenate([[1.0], np.cumprod(b / (a + b))[:-1]])
    else:
        w = post.concentration.copy()
    return w / w.sum()


def _half_log_det_W(post, d):
    """½ ln|W_k|, shape (K,): from the precision factors, ln|U_k| = ½ ln|ν_k W_k|."""
    return np.log(np.diagonal(post.prec_chol, axis1=1, axis2=2)).sum(axis=1) - 0.5 * d * np.log(post.nu)


def e_step(X, post, kind):
    """The E-step: ln r_nk, shape (n, K), from ln ρ_nk (PRML 10.46) normalised by log-sum-exp.

    ln ρ_nk = E[ln π_k] + ½ E[ln|Λ_k|] − (d/2) ln 2π − ½ [d/β_k + ν_k (x_n − m_k)ᵀ W_k (x_n − m_k)],
    E[ln|Λ_k|] = Σ_{i<d} ψ((ν_k − i)/2) + d ln 2 + ln|W_k| (PRML 10.65).
    """
    d = X.shape[1]
    # −(d/2) ln 2π − ½‖(x − m_k) U_k‖² + ln|U_k|, with ln|U_k| = ½ d ln ν_k + ½ ln|W_k|
    log_gauss = log_gaussian_prob(X, post.means, post.prec_chol) - 0.5 * d * np.log(post.nu)
    psi_sum = digamma(0.5 * (post.nu - np.arange(d)[:, None])).sum(axis=0)
    log_rho = log_gauss + 0.5 * (psi_sum + d * LN2 - d / post.beta) + expected_log_weights(post, kind)
    top = log_rho.max(axis=1, keepdims=True)  # log-sum-exp: the largest term is exp(0) = 1
    return log_rho - (top + np.log(np.exp(log_rho - top).sum(axis=1, keepdims=True)))


def bound(resp, post, kind):
    """scikit-learn's lower bound (``_compute_lower_bound``), a float: the ELBO up to a constant.

    At q(π, μ, Λ) optimal for `resp` (``m_step``'s), the ELBO collapses to normalisers:
    −Σ r ln r − Σ_k ln B(W_k, ν_k) − ln C(q(π)) − (d/2) Σ_k ln β_k, plus terms of the priors, n, d
    and K alone, which scikit-learn omits (and so do we; it also drops the Wishart's π term).
    Differences between iterations, and so the climb and the stopping rule, are the ELBO's.
    """
    d = post.means.shape[1]
    half_log_det_W = _half_log_det_W(post, d)
    log_wishart_norm = -(post.nu * half_log_det_W + 0.5 * post.nu * d * LN2
                         + gammaln(0.5 * (post.nu - np.arange(d)[:, None])).sum(axis=0))
    if kind == "dirichlet_process":
        log_norm_weight = -betaln(*post.concentration).sum()
    else:
        log_norm_weight = gammaln(post.concentration.sum()) - gammaln(post.concentration).sum()
    entropy = -xlogy(resp, resp).sum()  # 0 ln 0 = 0: a hard start is allowed
    return float(entropy - log_wishart_norm.sum() - log_norm_weight - 0.5 * d * np.log(post.beta).sum())
