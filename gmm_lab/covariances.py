"""The four covariance types of a mixture: shapes, precision factors, and the M-step's estimate.

A mixture's covariances come in scikit-learn's four types, with these shapes:

- ``"full"`` (n_components, n_features, n_features): any covariance per component;
- ``"tied"`` (n_features, n_features): one full covariance shared by all components;
- ``"diag"`` (n_components, n_features): per component, variances along the axes
  (``Sigma_j = diag(sigma_j^2)``, so ``U_j = diag(1 / sigma_j)``);
- ``"spherical"`` (n_components,): per component, one variance
  (``Sigma_j = sigma_j^2 I``, so ``U_j = I / sigma_j``).

With the Cholesky factor ``Sigma = L L^T``, the precision factor ``U = inv(L)^T``
satisfies ``U U^T = inv(Sigma)`` (``precision_cholesky``; ``gmm_lab.gaussian`` uses it).
``full_covariances`` turns any type into (n_components, n_features, n_features) matrices,
and ``estimate_covariances`` is the M-step's estimate for each type (one small function
per type, as scikit-learn's ``_estimate_gaussian_covariances_*``).
"""

import numpy as np

from .parameters import check_covariances
from .validation import (
    SYMMETRY_RTOL,
    as_float_array,
    check_covariance_type,
    check_positive_int,
    check_positive_variances,
    cholesky_or_raise,
)

__all__ = ["full_covariances", "precision_cholesky", "log_det_cholesky", "estimate_covariances"]


def _precision_cholesky_full(covariances, names=None, remedy=None):
    """Upper-triangular ``U_j`` with ``U_j U_j^T = inv(covariances[j])``, shape (k, d, d)."""
    k, d, _ = covariances.shape
    asym = np.abs(covariances - covariances.transpose(0, 2, 1)).max(axis=(1, 2))
    scale = np.maximum(np.abs(covariances).max(axis=(1, 2)), np.finfo(float).tiny)
    try:
        if np.any(asym > SYMMETRY_RTOL * scale):
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


def precision_cholesky(covariances, *, covariance_type="full", names=None, remedy=None):
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


def log_det_cholesky(prec_chol, *, covariance_type, n_features):
    """``log|U_j| = -0.5 log|Sigma_j|`` for each component: shape (n_components,), a float for "tied"."""
    if covariance_type in ("full", "tied"):  # (last two axes: the matrix)
        return np.log(np.diagonal(prec_chol, axis1=-2, axis2=-1)).sum(axis=-1)
    if covariance_type == "diag":
        return np.log(prec_chol).sum(axis=-1)
    return n_features * np.log(prec_chol)  # spherical: U_j = I / sigma_j


def full_covariances(covariances, *, covariance_type="full", n_components=None, n_features=None):
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
    >>> full_covariances([[1.0, 4.0]], covariance_type="diag")
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


def _covariances_full(X, resp, nk, means, reg_covar):
    """``Sigma_j = sum_i r_ij (x_i - mu_j)(x_i - mu_j)^T / N_j + reg_covar I``, shape (k, d, d)."""
    d = X.shape[1]
    covariances = np.empty((len(nk), d, d))
    for j in range(len(nk)):
        diff = X - means[j]
        cov = (resp[:, j] * diff.T) @ diff / nk[j]
        covariances[j] = (cov + cov.T) / 2 + reg_covar * np.eye(d)  # exactly symmetric despite rounding
    return covariances


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


_ESTIMATORS = {
    "full": _covariances_full,
    "tied": _covariances_tied,
    "diag": _covariances_diag,
    "spherical": _covariances_spherical,
}


def estimate_covariances(X, resp, nk, means, reg_covar, *, covariance_type="full"):
    """The M-step's covariances: each component's scatter about its mean, weighted by its
    responsibilities, in the type's form, plus ``reg_covar`` on the diagonal (checked arrays).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    resp : ndarray of shape (n_samples, n_components)
    nk : ndarray of shape (n_components,)
        ``N_j = sum_i r_ij`` (with the M-step's floor).
    means : ndarray of shape (n_components, n_features)
        The M-step's new means.
    reg_covar : float
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"

    Returns
    -------
    covariances : ndarray, in the shape of `covariance_type`
    """
    return _ESTIMATORS[covariance_type](X, resp, nk, means, reg_covar)
