"""Choosing a model: how many free parameters it has, and the BIC and AIC that penalise them.

A richer model (more components, or a freer covariance type) always fits the data at
hand at least as well, so its log-likelihood alone cannot choose between models. The
Bayesian and Akaike information criteria add a penalty for the number of free
parameters p; the lower, the better:

    BIC = -2 log L + p log n          AIC = -2 log L + 2 p

Both equal scikit-learn's ``GaussianMixture.bic`` and ``.aic`` for the same fit.
"""

import numpy as np

from .em import log_likelihood
from .results import EMResult
from .validation import check_covariance_type, check_positive_int, check_X

__all__ = ["n_parameters", "bic", "aic"]


def n_parameters(n_components, n_features, *, covariance_type="full"):
    """Number of free parameters of a Gaussian mixture (scikit-learn's ``_n_parameters``).

    ``k - 1`` weights (they sum to 1), ``k d`` mean entries, and the covariances':
    "full" ``k d (d + 1) / 2`` (each symmetric matrix), "diag" ``k d``, "spherical"
    ``k``, "tied" ``d (d + 1) / 2`` (one matrix for all).

    Parameters
    ----------
    n_components, n_features : int
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"

    Returns
    -------
    int

    Examples
    --------
    >>> n_parameters(2, 2), n_parameters(2, 2, covariance_type="spherical")
    (11, 7)
    """
    k = check_positive_int(n_components, "n_components")
    d = check_positive_int(n_features, "n_features")
    covariance_type = check_covariance_type(covariance_type)
    per_covariance = {"full": k * d * (d + 1) // 2, "diag": k * d, "spherical": k, "tied": d * (d + 1) // 2}
    return per_covariance[covariance_type] + k * d + k - 1


def _fit_log_likelihood(X, fit, check_input):
    """(log-likelihood of X under the fit, n_samples, the fit's free parameters)."""
    if not isinstance(fit, EMResult):
        raise ValueError(
            f"fit must be an EMResult (what run_em, run_em_map, fixed_variance_em or a run of run_restarts "
            f"returns); got {type(fit).__name__}."
        )
    k, d = np.shape(fit.means)
    if check_input:
        X = check_X(X, n_features=d)
    ll = log_likelihood(X, fit.means, fit.covariances, fit.weights, covariance_type=fit.covariance_type,
                        check_input=False)  # a fit's parameters, and X checked above
    return ll, X.shape[0], n_parameters(k, d, covariance_type=fit.covariance_type) - fit.n_fixed_parameters


def bic(X, fit, *, check_input=True):
    """Bayesian information criterion of a fit on `X`: ``-2 log L + p log n`` (lower is better).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Usually the data the fit was run on.
    fit : EMResult
        What ``run_em`` returns; its ``covariance_type`` gives p (``n_parameters``, less
        any parameters the run held fixed: ``EMResult.n_fixed_parameters``).
    check_input : bool, default=True
        False skips the check of `X`, for a caller that has made it (``Sweep.scores``).

    Returns
    -------
    float
        Equal to scikit-learn's ``GaussianMixture.bic(X)`` for the same parameters.
    """
    ll, n, p = _fit_log_likelihood(X, fit, check_input)
    return -2.0 * ll + p * np.log(n)


def aic(X, fit, *, check_input=True):
    """Akaike information criterion of a fit on `X`: ``-2 log L + 2 p`` (lower is better).

    Parameters and return as ``bic``; equal to scikit-learn's ``GaussianMixture.aic(X)``.
    AIC's penalty does not grow with n, so it tends to pick larger models than BIC.
    """
    ll, _, p = _fit_log_likelihood(X, fit, check_input)
    return -2.0 * ll + 2.0 * p
