"""One multivariate Gaussian, computed the safe way: Cholesky factors and log-densities.

With the Cholesky factor ``Sigma = L L^T``, the precision factor ``U = inv(L)^T``
satisfies ``U U^T = inv(Sigma)``, so for a point x

    (x - mu)^T inv(Sigma) (x - mu) = ||(x - mu) U||^2     and     log|Sigma| = -2 sum_i log U_ii.

No inverse and no determinant is ever formed, and the factorisation fails exactly
when ``Sigma`` is not positive definite, which is how bad covariances are caught.
"""

import numpy as np

from ._validation import as_float_array, check_finite, check_X, cholesky_or_raise

__all__ = ["log_gaussian_pdf", "gaussian_pdf"]

LOG_2PI = np.log(2.0 * np.pi)
PDF_REMEDY = "Pass a symmetric positive definite cov, e.g. add a small multiple of the identity."


def precision_cholesky(covariances, names=None, remedy=None):
    """Precision factors of each covariance, and their log-determinants.

    Parameters
    ----------
    covariances : ndarray of shape (n_components, n_features, n_features)
    names : list of str, optional
        How to call each matrix in an error message (default ``covariances[j]``).
    remedy : str, optional
        What the caller can do when a matrix is not positive definite.

    Returns
    -------
    prec_chol : ndarray of shape (n_components, n_features, n_features)
        Upper-triangular ``U_j`` with ``U_j U_j^T = inv(covariances[j])``.
    log_det : ndarray of shape (n_components,)
        ``log|U_j| = -0.5 * log|covariances[j]|``.
    """
    k, d, _ = covariances.shape
    asym = np.abs(covariances - covariances.transpose(0, 2, 1)).max(axis=(1, 2))
    scale = np.maximum(np.abs(covariances).max(axis=(1, 2)), np.finfo(float).tiny)
    try:
        if np.any(asym > 1e-8 * scale):
            raise np.linalg.LinAlgError
        lower = np.linalg.cholesky(covariances)  # all components in one call
    except np.linalg.LinAlgError:
        for j in range(k):  # find the first bad matrix and say what is wrong with it
            name = names[j] if names else f"covariances[{j}]"
            cholesky_or_raise(covariances[j], name, **({"remedy": remedy} if remedy else {}))
        raise ValueError("covariances could not be factorised; pass symmetric positive definite matrices.") from None
    # inv(L) is lower triangular; np.triu drops rounding noise from LAPACK's general inverse.
    # (Not scipy's solve_triangular: on tiny matrices its threaded BLAS call is slow on a busy machine.)
    prec_chol = np.triu(np.linalg.inv(lower).transpose(0, 2, 1))
    log_det = np.log(np.diagonal(prec_chol, axis1=1, axis2=2)).sum(axis=1)
    return prec_chol, log_det


def log_gaussian_prob(X, means, prec_chol, log_det):
    """``log N(x_i | mu_j, Sigma_j)`` for every point and component.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    means : ndarray of shape (n_components, n_features)
    prec_chol, log_det : from ``precision_cholesky``

    Returns
    -------
    log_prob : ndarray of shape (n_samples, n_components)
    """
    n, d = X.shape
    mahalanobis = np.empty((n, len(means)))
    for j, (mu, U) in enumerate(zip(means, prec_chol)):
        y = X @ U - mu @ U  # whitened residuals (x_i - mu_j) U_j, shape (n, d)
        mahalanobis[:, j] = np.sum(y * y, axis=1)
    return -0.5 * (d * LOG_2PI + mahalanobis) + log_det


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
    mean = np.atleast_1d(as_float_array(mean, "mean"))
    if mean.ndim != 1:
        raise ValueError(f"mean must be 1-D, of shape (n_features,); got shape {mean.shape}.")
    cov = as_float_array(cov, "cov")
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
    prec_chol, log_det = precision_cholesky(cov[None], names=["cov"], remedy=PDF_REMEDY)
    return log_gaussian_prob(X, mean[None], prec_chol, log_det)[:, 0]


def gaussian_pdf(X, mean, cov):
    """Density of a multivariate normal at each row of `X`, shape (n_samples,).

    Computed as ``exp(log_gaussian_pdf(...))``; prefer the log version in code,
    since far from the mean the density underflows to 0.
    """
    return np.exp(log_gaussian_pdf(X, mean, cov))
