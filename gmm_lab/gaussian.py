"""One multivariate Gaussian, computed the safe way: Cholesky factors and log-densities.

With the Cholesky factor ``Sigma = L L^T``, the precision factor ``U = inv(L)^T``
satisfies ``U U^T = inv(Sigma)``, so for a point x

    (x - mu)^T inv(Sigma) (x - mu) = ||(x - mu) U||^2     and     log|Sigma| = -2 sum_i log U_ii.

No inverse and no determinant is ever formed, and the factorisation fails exactly
when ``Sigma`` is not positive definite, which is how bad covariances are caught.

A mixture's covariances come in scikit-learn's four types, with these shapes:

- ``"full"`` (n_components, n_features, n_features): any covariance per component;
- ``"diag"`` (n_components, n_features): per component, variances along the axes
  (``Sigma_j = diag(sigma_j^2)``, so ``U_j = diag(1 / sigma_j)``);
- ``"spherical"`` (n_components,): per component, one variance
  (``Sigma_j = sigma_j^2 I``, so ``U_j = I / sigma_j``);
- ``"tied"`` (n_features, n_features): one full covariance shared by all components.

``full_covariances`` turns any of them into (n_components, n_features, n_features) matrices.
"""

import numpy as np

from ._validation import (
    as_float_array,
    check_covariance_type,
    check_covariances,
    check_finite,
    check_positive_int,
    check_positive_variances,
    check_X,
    cholesky_or_raise,
)

__all__ = ["log_gaussian_pdf", "gaussian_pdf", "full_covariances"]

LOG_2PI = np.log(2.0 * np.pi)
PDF_REMEDY = "Pass a symmetric positive definite cov, e.g. add a small multiple of the identity."


def _precision_cholesky_full(covariances, names=None, remedy=None):
    """Upper-triangular ``U_j`` with ``U_j U_j^T = inv(covariances[j])``, shape (k, d, d)."""
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
    return np.triu(np.linalg.inv(lower).transpose(0, 2, 1))


def precision_cholesky(covariances, covariance_type="full", names=None, remedy=None):
    """Precision factors of the covariances, in the type's shape (scikit-learn's ``precisions_cholesky_``).

    Parameters
    ----------
    covariances : ndarray, shape as `covariance_type` says (see the module docstring)
    covariance_type : {"full", "diag", "spherical", "tied"}, default="full"
    names : list of str, optional
        How to call each full matrix in an error message (default ``covariances[j]``).
    remedy : str, optional
        What the caller can do when a covariance is not positive definite.

    Returns
    -------
    prec_chol : ndarray, the shape of `covariances`
        "full": upper-triangular ``U_j`` with ``U_j U_j^T = inv(Sigma_j)``; "tied": the one
        such ``U``; "diag" and "spherical": ``1 / sigma`` (the diagonal of ``U_j``).
    """
    kw = {"remedy": remedy} if remedy else {}
    if covariance_type == "full":
        return _precision_cholesky_full(covariances, names, remedy)
    if covariance_type == "tied":
        return _precision_cholesky_full(covariances[None], names or ["covariances (the one tied matrix)"], remedy)[0]
    check_positive_variances(covariances, **kw)  # "diag" and "spherical": variances
    return 1.0 / np.sqrt(covariances)


def log_det_cholesky(prec_chol, covariance_type, n_features):
    """``log|U_j| = -0.5 log|Sigma_j|`` for each component: shape (n_components,), a float for "tied"."""
    if covariance_type in ("full", "tied"):  # (last two axes: the matrix)
        return np.log(np.diagonal(prec_chol, axis1=-2, axis2=-1)).sum(axis=-1)
    if covariance_type == "diag":
        return np.log(prec_chol).sum(axis=-1)
    return n_features * np.log(prec_chol)  # spherical: U_j = I / sigma_j


def log_gaussian_prob(X, means, prec_chol, covariance_type="full"):
    """``log N(x_i | mu_j, Sigma_j)`` for every point and component.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    means : ndarray of shape (n_components, n_features)
    prec_chol : from ``precision_cholesky``, in the type's shape
    covariance_type : {"full", "diag", "spherical", "tied"}, default="full"

    Returns
    -------
    log_prob : ndarray of shape (n_samples, n_components)
    """
    n, d = X.shape
    mahalanobis = np.empty((n, len(means)))
    for j, mu in enumerate(means):
        if covariance_type in ("full", "tied"):
            U = prec_chol[j] if covariance_type == "full" else prec_chol
            y = X @ U - mu @ U  # whitened residuals (x_i - mu_j) U_j, shape (n, d)
        else:  # "diag": U_j = diag(1 / sigma_j), "spherical": U_j = I / sigma_j; a scaling
            y = (X - mu) * prec_chol[j]
        mahalanobis[:, j] = np.sum(y * y, axis=1)
    return -0.5 * (d * LOG_2PI + mahalanobis) + log_det_cholesky(prec_chol, covariance_type, d)


def full_covariances(covariances, covariance_type="full", n_components=None, n_features=None):
    """Any covariance type as full matrices, shape (n_components, n_features, n_features).

    "diag" rows become diagonal matrices, "spherical" variances multiples of the
    identity, and the one "tied" matrix is repeated for every component; "full" is
    returned as a float copy. What plotting or sampling code needs to treat every type alike.

    Parameters
    ----------
    covariances : array-like, shape as `covariance_type` says
        "full" (k, d, d), "diag" (k, d), "spherical" (k,), "tied" (d, d).
    covariance_type : {"full", "diag", "spherical", "tied"}, default="full"
    n_components : int, optional
        Needed for "tied" (how many copies); checked against the shape otherwise.
    n_features : int, optional
        Needed for "spherical" (the size of the identity); checked against the shape otherwise.

    Returns
    -------
    covariances : ndarray of shape (n_components, n_features, n_features)

    Examples
    --------
    >>> full_covariances([[1.0, 4.0]], "diag")
    array([[[1., 0.],
            [0., 4.]]])
    """
    covariance_type = check_covariance_type(covariance_type)
    cov = as_float_array(covariances, "covariances")
    inferred = {  # (n_components, n_features) read off the shape, where it says them
        "full": cov.shape[:2] if cov.ndim == 3 else (None, None),
        "diag": cov.shape if cov.ndim == 2 else (None, None),
        "spherical": (cov.shape[0] if cov.ndim == 1 else None, None),
        "tied": (None, cov.shape[0] if cov.ndim == 2 else None),
    }[covariance_type]
    k = inferred[0] if n_components is None else check_positive_int(n_components, "n_components")
    d = inferred[1] if n_features is None else check_positive_int(n_features, "n_features")
    if k is None or d is None:
        missing = "n_components (how many components share it)" if k is None else "n_features (the size of each matrix)"
        raise ValueError(
            f"full_covariances needs {missing} to expand covariance_type={covariance_type!r} covariances "
            f"of shape {cov.shape}; pass it, e.g. n_components=len(means), n_features=means.shape[1]."
        )
    cov = check_covariances(cov, covariance_type, k, d, check_pd=False)
    if covariance_type == "full":
        return cov
    if covariance_type == "tied":
        return np.repeat(cov[None], k, axis=0)
    variances = cov if covariance_type == "diag" else np.repeat(cov[:, None], d, axis=1)
    return variances[:, :, None] * np.eye(d)


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
    prec_chol = precision_cholesky(cov[None], names=["cov"], remedy=PDF_REMEDY)
    return log_gaussian_prob(X, mean[None], prec_chol)[:, 0]


def gaussian_pdf(X, mean, cov):
    """Density of a multivariate normal at each row of `X`, shape (n_samples,).

    Computed as ``exp(log_gaussian_pdf(...))``; prefer the log version in code,
    since far from the mean the density underflows to 0.
    """
    return np.exp(log_gaussian_pdf(X, mean, cov))
