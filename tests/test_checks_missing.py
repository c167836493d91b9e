"""check_fill_in (notebook 15): passes the E-step of a Gaussian with missing entries, fails the usual mistakes
with their hints (the style of tests/test_checks.py)."""

import numpy as np
import pytest

import gmm_lab as g
from gmm_lab.course import checks


def _parts(X, mean, covariance):
    return (np.asarray(a, dtype=float) for a in (X, mean, covariance))


def fill_right(X, mean, covariance):
    X, mean, S = _parts(X, mean, covariance)
    filled, cond = X.copy(), np.zeros((len(X), X.shape[1], X.shape[1]))
    for i, row in enumerate(X):
        m = np.isnan(row)
        o = ~m
        gain = np.linalg.solve(S[np.ix_(o, o)], S[np.ix_(o, m)]).T
        filled[i, m] = mean[m] + gain @ (row[o] - mean[o])
        cond[i][np.ix_(m, m)] = S[np.ix_(m, m)] - gain @ S[np.ix_(o, m)]
    return filled, cond


def fill_with_mean(X, mean, covariance):
    filled, cond = fill_right(X, mean, covariance)
    X, mean, _ = _parts(X, mean, covariance)
    holes = np.isnan(X)
    filled[holes] = np.broadcast_to(mean, X.shape)[holes]
    return filled, cond


def no_conditioning_of_the_covariance(X, mean, covariance):
    filled, cond = fill_right(X, mean, covariance)
    X, _, S = _parts(X, mean, covariance)
    for i, row in enumerate(X):
        m = np.isnan(row)
        cond[i][np.ix_(m, m)] = S[np.ix_(m, m)]
    return filled, cond


def gain_without_inverse(X, mean, covariance):
    X, mean, S = _parts(X, mean, covariance)
    filled, cond = fill_right(X, mean, covariance)
    for i, row in enumerate(X):
        m = np.isnan(row)
        o = ~m
        filled[i, m] = mean[m] + S[np.ix_(m, o)] @ (row[o] - mean[o])
    return filled, cond


def left_nan(X, mean, covariance):
    X = np.asarray(X, dtype=float)
    return X.copy(), np.zeros((len(X), X.shape[1], X.shape[1]))


def in_place(X, mean, covariance):
    filled, cond = fill_right(X, mean, covariance)
    X[...] = filled  # the caller's array
    return filled, cond


def test_right_answers_pass_and_gmm_labs_e_step_is_refused():
    assert checks.check_fill_in(fill_right)  # written out row by row, independently of gmm_lab
    assert checks.check_fill_in(g.e_step_missing).status == "refused"  # the check's reference, not the student's

    def wrapped(X, mean, covariance):
        return g.e_step_missing(X, mean, covariance)

    assert checks.check_fill_in(wrapped).status == "refused"


@pytest.mark.parametrize("fn, hint", [
    (fill_with_mean, "you filled in the mean μ_m"),
    (no_conditioning_of_the_covariance, "subtract Σ_mo Σ_oo⁻¹ Σ_om"),
    (gain_without_inverse, "E[x_m | x_o] = μ_m + Σ_mo Σ_oo⁻¹ (x_o − μ_o)"),
    (left_nan, "filled still holds NaN"),
    (in_place, "work on new arrays"),
], ids=lambda v: getattr(v, "__name__", None))
def test_mistakes_fail_with_their_hint(fn, hint):
    result = checks.check_fill_in(fn)
    assert not result and result.status == "failed"
    assert any(hint in message for message in result.failures), "\n\n".join(result.failures)


def test_not_a_function():
    with pytest.raises(ValueError, match=r"needs your function itself, not ndarray"):
        checks.check_fill_in(np.zeros(3))
