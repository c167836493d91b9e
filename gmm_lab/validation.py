"""Input checks shared by the EM functions.

Every check raises a ``ValueError`` whose message says what is wrong and what
to do about it. The functions return fresh ``float64`` arrays, so callers never
modify the user's inputs in place. Public functions check their inputs here once,
at the boundary; what they call inside the package trusts them.
"""

import numbers

import numpy as np

__all__ = [
    "COVARIANCE_SHAPES",
    "COVARIANCE_TYPES",
    "EM_REMEDY",
    "SYMMETRY_RTOL",
    "WEIGHT_SUM_TOL",
    "as_float_array",
    "check_covariance_type",
    "check_distinct_rows",
    "check_finite",
    "check_n_components",
    "check_nonnegative_float",
    "check_positive_int",
    "check_positive_variances",
    "check_random_state",
    "check_responsibilities",
    "check_X",
    "cholesky_or_raise",
    "covariance_shape",
]

WEIGHT_SUM_TOL = 1e-8
ROW_SUM_TOL = 1e-8
SYMMETRY_RTOL = 1e-8  # a covariance is symmetric when |C - C.T| <= this times its largest entry
# scikit-learn's four covariance types, in its order, and the shape of ``covariances`` for each
COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")
COVARIANCE_SHAPES = {
    "full": "(n_components, n_features, n_features)",
    "diag": "(n_components, n_features)",
    "spherical": "(n_components,)",
    "tied": "(n_features, n_features)",
}


def as_float_array(value, name):
    """`value` as a fresh float64 array; complex or non-numeric input is a ValueError."""
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as exc:  # e.g. ragged nested lists
        raise ValueError(
            f"{name} could not be read as an array of numbers ({exc}); "
            f"pass a NumPy array or a (nested) list of numbers."
        ) from None
    if np.iscomplexobj(raw):
        # float() would silently drop the imaginary part of a complex array
        raise ValueError(
            f"{name} must be real, but it holds complex numbers; pass real data "
            f"(for example {name}.real, if the imaginary parts are rounding noise)."
        )
    try:
        return np.array(raw, dtype=float)  # always a copy
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{name} could not be read as an array of numbers ({exc}); "
            f"pass a NumPy array or a (nested) list of numbers."
        ) from None


def check_finite(arr, name):
    """ValueError naming the first NaN or infinite entry of `arr`, if any."""
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))
        where = tuple(int(i) for i in bad[0])
        raise ValueError(
            f"{name} contains NaN or infinite values ({len(bad)} of them, the first at "
            f"index {where}); remove or impute those entries before fitting."
        )


def check_X(X, n_features=None, name="X"):
    """Return `X` as a finite float array of shape (n_samples, n_features).

    A 1-D `X` is read as n points of a one-dimensional model, but only where that
    is unambiguous: when no model dimension is known yet (``n_features=None``) or
    when the model is one-dimensional (``n_features == 1``).
    """
    arr = as_float_array(X, name)
    if arr.ndim == 1:
        if n_features in (None, 1):
            arr = arr.reshape(-1, 1)
        else:
            raise ValueError(
                f"{name} is 1-D with shape {arr.shape}, but the model has "
                f"{n_features} features, so it is ambiguous. Pass "
                f"{name}.reshape(1, -1) for a single point, or a 2-D array of shape "
                f"(n_samples, {n_features})."
            )
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D, of shape (n_samples, n_features); got {arr.ndim}-D "
            f"with shape {arr.shape}. Reshape it, e.g. {name}.reshape(len({name}), -1)."
        )
    if arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"{name} is empty (shape {arr.shape}); pass at least one point.")
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(
            f"{name} has {arr.shape[1]} features but the parameters have {n_features}; "
            f"pass data and parameters of the same dimension."
        )
    check_finite(arr, name)
    return arr


def check_distinct_rows(X, k):
    """Indices of the first occurrence of each distinct row of `X`; ValueError if fewer than `k`."""
    _, first = np.unique(X, axis=0, return_index=True)
    if len(first) < k:
        raise ValueError(
            f"X has only {len(first)} distinct points but {k} components (or clusters) need {k} "
            f"different starting means; use at most {len(first)} components, or more varied data."
        )
    return np.sort(first)


def check_positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1; got {value!r}.")
    return int(value)


def check_nonnegative_float(value, name):
    try:
        val = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number >= 0; got {value!r}.") from None
    if not np.isfinite(val) or val < 0:
        raise ValueError(f"{name} must be a finite number >= 0; got {value!r}.")
    return val


def check_random_state(random_state):
    """A ``numpy.random.Generator`` from None, an int seed or a Generator."""
    if isinstance(random_state, np.random.RandomState):
        raise ValueError(
            "random_state must be None, an int seed or a numpy.random.Generator; got a "
            "legacy RandomState. Use numpy.random.default_rng(seed)."
        )
    try:
        return np.random.default_rng(random_state)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"random_state must be None, an int seed or a numpy.random.Generator; got "
            f"{random_state!r} ({exc})."
        ) from None


def check_n_components(n_components, n_samples, name="n_components"):
    """`n_components` (or k-means' ``n_clusters``: `name`) as an int from 1 to the number of points."""
    k = check_positive_int(n_components, name)
    if k > n_samples:
        what = "cluster" if name == "n_clusters" else "component"
        raise ValueError(
            f"{name}={k} but there are only {n_samples} data points, and each {what} needs at "
            f"least one. Use fewer {what}s or more data."
        )
    return k


EM_REMEDY = "Increase reg_covar (e.g. 1e-6), use fewer components, or scale the data."


def cholesky_or_raise(cov, name, remedy=EM_REMEDY):
    """Lower Cholesky factor of a symmetric positive definite `cov`, else ValueError.

    `remedy` ends the message: what the caller can do about it (the default suits
    the EM functions, which take ``reg_covar``).
    """
    scale = max(float(np.max(np.abs(cov))), np.finfo(float).tiny)
    if not np.allclose(cov, cov.T, rtol=0.0, atol=SYMMETRY_RTOL * scale):
        raise ValueError(
            f"{name} is not symmetric (largest |C - C.T| = {np.max(np.abs(cov - cov.T)):.3g}); "
            f"pass a symmetric matrix, e.g. (C + C.T) / 2."
        )
    try:
        return np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        vals = np.linalg.eigvalsh(cov)
        smallest, largest = float(vals[0]), float(vals[-1])
        if smallest < 0 and abs(smallest) > len(vals) * np.finfo(float).eps * abs(largest):
            how = f"it has a negative eigenvalue ({smallest:.3g})"
        else:  # what a collapsed component gives: a tiny number of either sign, i.e. zero
            how = (f"its smallest eigenvalue, {smallest:.3g}, is zero to machine precision "
                   f"relative to the largest, {largest:.3g}")
        raise ValueError(
            f"{name} is not positive definite: {how}, so the density is not defined "
            f"(a collapsed component, or degenerate features). {remedy}"
        ) from None


def check_covariance_type(covariance_type):
    """`covariance_type` if it is one of scikit-learn's four, else a ValueError listing them."""
    if not isinstance(covariance_type, str) or covariance_type not in COVARIANCE_TYPES:
        raise ValueError(
            f"covariance_type must be one of {', '.join(map(repr, COVARIANCE_TYPES))} (as in "
            f"scikit-learn's GaussianMixture); got {covariance_type!r}."
        )
    return covariance_type


def covariance_shape(covariance_type, n_components, n_features):
    """The shape of ``covariances`` for a covariance type, e.g. (k, d) for "diag"."""
    k, d = n_components, n_features
    return {"full": (k, d, d), "diag": (k, d), "spherical": (k,), "tied": (d, d)}[covariance_type]


def check_positive_variances(variances, remedy=EM_REMEDY):
    """ValueError naming the first variance <= 0 of "diag" (k, d) or "spherical" (k,) covariances."""
    if np.all(variances > 0):
        return
    where = tuple(int(i) for i in np.argwhere(~(variances > 0))[0])
    raise ValueError(
        f"covariances[{', '.join(map(str, where))}] = {variances[where]:.3g} is not a positive variance, "
        f"so the density of component {where[0]} is not defined (a collapsed component, or "
        f"degenerate features). {remedy}"
    )


def check_responsibilities(resp, n_samples, for_m_step=True):
    """Validate a responsibility matrix of shape (n_samples, n_components).

    With ``for_m_step`` (the default) there must also be no more components than points.
    """
    resp = as_float_array(resp, "responsibilities")
    if resp.ndim != 2 or resp.shape[0] != n_samples:
        raise ValueError(
            f"responsibilities must have shape (n_samples, n_components) with "
            f"n_samples={n_samples} (one row per point of X); got {resp.shape}."
        )
    check_finite(resp, "responsibilities")
    if for_m_step:
        check_n_components(resp.shape[1], n_samples)
    if np.any(resp < 0):
        raise ValueError(
            "responsibilities must be non-negative: each row is a probability "
            "distribution over components."
        )
    row_err = np.abs(resp.sum(axis=1) - 1.0)
    if np.any(row_err > ROW_SUM_TOL):
        i = int(np.argmax(row_err))
        raise ValueError(
            f"each row of responsibilities must sum to 1 (within {ROW_SUM_TOL:g}); row "
            f"{i} sums to {float(resp[i].sum())!r}. Normalise with resp / resp.sum(axis=1, "
            f"keepdims=True)."
        )
    return resp
