"""The lower bound EM climbs (PRML section 9.4): ``L(q, theta) <= log p(X | theta)`` for any q.

EM in general: the E-step sets q to the posterior, which closes the gap (a Kullback-Leibler
divergence) to the log-likelihood; the M-step raises the bound over theta for that q, and
the log-likelihood with it. Notebook 05 draws both.
"""

import numpy as np

from .covariances import precision_cholesky
from .gaussian import log_gaussian_prob
from .parameters import check_start
from .validation import check_responsibilities

__all__ = ["lower_bound"]


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
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"

    Returns
    -------
    bound : float
    """
    X, means, covariances, weights = check_start(X, means, covariances, weights, covariance_type)
    q = check_responsibilities(responsibilities, X.shape[0], for_m_step=False)
    if q.shape[1] != len(weights):
        raise ValueError(
            f"responsibilities have {q.shape[1]} columns but the mixture has {len(weights)} "
            f"components; pass one column per component."
        )
    prec_chol = precision_cholesky(covariances, covariance_type=covariance_type)
    with np.errstate(divide="ignore"):
        a = log_gaussian_prob(X, means, prec_chol, covariance_type=covariance_type) + np.log(weights)
        log_q = np.log(q)
    used = q > 0  # terms with q_ij = 0 contribute 0 (0 log 0 = 0, and 0 * log 0 of a weight-0 component)
    return float(np.sum(q[used] * (a[used] - log_q[used])))
