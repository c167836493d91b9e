"""A mixture's parameters, checked: shapes by covariance type, weights, and X beside them.

The checks the EM functions run once on a start (``check_start``) or a set of parameters
(``check_params``); each raises a ``ValueError`` that says what is wrong and what to do.
They return fresh float arrays, so callers never change the user's.
"""

import numpy as np

from .validation import (
    COVARIANCE_SHAPES,
    COVARIANCE_TYPES,
    WEIGHT_SUM_TOL,
    as_float_array,
    check_covariance_type,
    check_finite,
    check_positive_variances,
    check_X,
    cholesky_or_raise,
    covariance_shape,
)

__all__ = ["check_covariances", "check_params", "check_start"]


def check_covariances(covariances, covariance_type, n_components, n_features, check_pd=True):
    """`covariances` as a float array of the type's shape; positive definite unless ``check_pd=False``."""
    covariances = as_float_array(covariances, "covariances")
    expected = covariance_shape(covariance_type, n_components, n_features)
    if covariances.shape != expected:
        fits = [t for t in COVARIANCE_TYPES if covariance_shape(t, n_components, n_features) == covariances.shape]
        hint = (f" (that is the shape for covariance_type={' or '.join(map(repr, fits))}: pass that "
                f"covariance_type if you meant it)" if fits else "")
        raise ValueError(
            f"covariances must have shape {COVARIANCE_SHAPES[covariance_type]} = {expected} for "
            f"covariance_type={covariance_type!r}, to match means of shape ({n_components}, {n_features}); "
            f"got {covariances.shape}{hint}."
        )
    check_finite(covariances, "covariances")
    if check_pd and covariance_type == "full":
        for j in range(n_components):
            cholesky_or_raise(covariances[j], f"covariances[{j}]")
    elif check_pd and covariance_type == "tied":
        cholesky_or_raise(covariances, "covariances (the one tied matrix)")
    elif check_pd:
        check_positive_variances(covariances)
    return covariances


def _in_m_step_order(means, covariances, weights):
    """Whether (means, covariances, weights) look like m_step's (weights, means, covariances): the
    "means" are k probabilities and the "covariances" k rows (the means), or the "weights" are 2-D."""
    if np.ndim(weights) >= 2:
        return True
    k = len(means)
    return (np.ndim(covariances) == 2 and np.shape(covariances)[0] == k and np.all(means >= 0)
            and abs(means.sum() - 1.0) <= WEIGHT_SUM_TOL)


def check_params(means, covariances, weights, n_features=None, check_pd=True, covariance_type="full"):
    """Validate mixture parameters; return float copies (means, covariances, weights).

    Shapes: means (k, d), weights (k,), and covariances as scikit-learn's for
    `covariance_type`: "full" (k, d, d), "diag" (k, d), "spherical" (k,), "tied"
    (d, d). Covariances must be positive definite (variances positive; checked here
    unless ``check_pd=False``, for callers that factorise them next anyway) and weights
    non-negative, summing to 1.
    """
    covariance_type = check_covariance_type(covariance_type)
    means = as_float_array(means, "means")
    if means.ndim == 1 and _in_m_step_order(means, covariances, weights):
        raise ValueError(
            f"means has shape {means.shape} and weights {np.shape(weights)}: these look like m_step's "
            f"(weights, means, covariances), passed in the order (means, covariances, weights) that the "
            f"EM functions take. Pass them by name: step.means, step.covariances, step.weights."
        )
    if means.ndim != 2:
        raise ValueError(
            f"means must be 2-D, of shape (n_components, n_features); got shape "
            f"{means.shape}. For one component use means.reshape(1, -1)."
        )
    check_finite(means, "means")
    k, d = means.shape
    if k < 1:
        raise ValueError("means is empty; pass at least one component.")
    if n_features is not None and d != n_features:
        raise ValueError(
            f"means have {d} features but X has {n_features}; pass means of shape "
            f"(n_components, {n_features})."
        )
    covariances = check_covariances(covariances, covariance_type, k, d, check_pd=check_pd)
    weights = as_float_array(weights, "weights")
    if weights.shape != (k,):
        raise ValueError(
            f"weights must have shape (n_components,) = ({k},) to match means; got "
            f"{weights.shape}."
        )
    check_finite(weights, "weights")
    if np.any(weights < 0):
        raise ValueError(
            f"weights must be non-negative; got {weights.tolist()}. Mixing weights are "
            f"probabilities."
        )
    total = float(weights.sum())
    if abs(total - 1.0) > WEIGHT_SUM_TOL:
        raise ValueError(
            f"weights must sum to 1 (within {WEIGHT_SUM_TOL:g}); they sum to {total!r}. "
            f"Divide them by their sum: weights / weights.sum()."
        )
    return means, covariances, weights


def check_start(X, means, covariances, weights, covariance_type="full"):
    """`X` and a mixture's parameters, checked together; returns (X, means, covariances, weights).

    The covariances are not factorised here: the E-step that uses them next does, and
    that is the positive-definiteness check.
    """
    means, covariances, weights = check_params(means, covariances, weights, check_pd=False,
                                               covariance_type=covariance_type)
    return check_X(X, n_features=means.shape[1]), means, covariances, weights
