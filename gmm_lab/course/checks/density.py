"""Checks for a student's Gaussian density: ``gaussian_pdf`` and ``log_gaussian_pdf``.

Both are called as ``fn(X, mean, cov)`` with X of shape (n, d), mean (d,), cov (d, d),
and must return one value per point, shape (n,), equal to ``gmm_lab``'s.
"""

import numpy as np

from ... import gaussian as reference_gaussian
from ...gaussian import LOG_2PI
from ._cases import far_point, gaussian, near_singular_cov, to_lists
from ._compare import close, first_difference, matches_any
from ._refusals import REFUSALS
from ._hidden import hidden_name, hidden_rngs
from ._engine import DEFAULT_TIMEOUT, LIST_HINT, Case, run_check
from ._report import Problem

__all__ = ["check_gaussian_pdf", "check_log_gaussian_pdf"]

PARAMS = ("X", "mean", "cov")
FULL_MATRIX = ("(X − μ) Σ⁻¹ (X − μ)ᵀ is an n × n matrix; you need only its diagonal, one value per point: "
               "np.sum((diff @ inv) * diff, axis=1).")


def _cases(reference, check):
    specs = [
        ("2-D, correlated", gaussian(101, 200, 2), {}),
        ("1-D data (d = 1)", gaussian(102, 50, 1), {}),
        ("5-D data", gaussian(103, 60, 5), {}),
    ]
    X, mean, cov = gaussian(104, 20, 2)
    X = np.vstack([X, far_point(mean[None], cov[None], [1.0])])
    specs.append(("a point far from the mean", (X, mean, cov), {len(X) - 1: "the far point"}))
    specs.append(("nearly singular covariance", gaussian(105, 40, 2, cov=near_singular_cov()), {}))
    cases = []
    for name, (X, mean, cov), labels in specs:
        data = {"X": X, "mean": mean, "cov": cov, "expected": reference(X, mean, cov)}
        cases.append(Case(name, (X, mean, cov), data, labels=labels, error_hint=_error_hint(name)))
    X, mean, cov = gaussian(106, 15, 2)
    data = {"X": X, "mean": mean, "cov": cov, "expected": reference(X, mean, cov)}
    cases.append(Case("lists instead of arrays", to_lists(X, mean, cov), data, error_hint=LIST_HINT))
    for i, rng in enumerate(hidden_rngs(check)):
        n, d = int(rng.integers(10, 150)), int(rng.integers(1, 6))
        X, mean, cov = gaussian(int(rng.integers(2**32)), n, d)
        data = {"X": X, "mean": mean, "cov": cov, "expected": reference(X, mean, cov)}
        cases.append(Case(hidden_name(i, f"{d}-D, {n} points"), (X, mean, cov), data))
    return cases


def _error_hint(name):
    if name.startswith("1-D"):
        return "here d = 1: X has shape (n, 1), mean (1,), cov (1, 1); keep those shapes (no squeeze)."
    if name.startswith("nearly singular"):
        return "this covariance is valid (positive definite, condition number 2e6): don't round or regularise it."
    return ""


def _parts(X, mean, cov):
    """The pieces of the log-density, computed plainly, for building the common mistakes."""
    d = X.shape[1]
    diff = X - mean
    inv = np.linalg.inv(cov)
    maha = np.sum((diff @ inv) * diff, axis=1)
    return {
        "d": d,
        "maha": maha,
        "logdet": np.linalg.slogdet(cov)[1],
        "const": d * LOG_2PI,
        "maha_cov": np.sum((diff @ cov) * diff, axis=1),  # Sigma instead of its inverse
        "maha_nocentre": np.sum((X @ inv) * X, axis=1),
        "maha_full": diff @ inv @ diff.T,  # (n, n): the whole matrix instead of its diagonal
    }


def _log_mistakes(p, expected):
    """(hint, what that mistake returns) for the usual slips in a log-density."""
    q = -0.5 * (p["const"] + p["logdet"])
    with np.errstate(divide="ignore", over="ignore"):
        underflowed = np.log(np.exp(expected))
    return [
        ("-inf where the density underflowed to 0: np.log of the density comes too late. Compute the "
         "log-density directly: −½ (d log 2π + log|Σ| + (x − μ)ᵀ Σ⁻¹ (x − μ)).", underflowed),
        ("the quadratic term needs its factor ½: −½ (x − μ)ᵀ Σ⁻¹ (x − μ).", q - p["maha"]),
        ("the normalising term is missing: add −½ (d log 2π + log|Σ|).", -0.5 * p["maha"]),
        ("log|Σ| needs the factor ½ (the density has |Σ|^(−½)).", -0.5 * p["const"] - p["logdet"] - 0.5 * p["maha"]),
        ("the 2π term is −(d/2) log 2π, with d the number of features.", -0.5 * (LOG_2PI + p["logdet"] + p["maha"])),
        ("the quadratic form uses the inverse of Σ (np.linalg.solve or inv), not Σ itself.", q - 0.5 * p["maha_cov"]),
        ("subtract the mean first: the quadratic form is in x − μ.", q - 0.5 * p["maha_nocentre"]),
        (FULL_MATRIX, q - 0.5 * p["maha_full"]),
        ("this is the density itself; return its log.", np.exp(expected)),
        ("return a 1-D array of shape (n,), one value per point.", expected[:, None]),
    ]


def _pdf_mistakes(p, expected):
    d = p["d"]
    e = np.exp
    norm = (2 * np.pi) ** (-d / 2) * np.exp(-0.5 * p["logdet"])
    with np.errstate(over="ignore"):
        return [
            ("the normalising constant 1 / ((2π)^(d/2) |Σ|^½) is missing.", e(-0.5 * p["maha"])),
            ("the exponent needs its factor ½: exp(−½ (x − μ)ᵀ Σ⁻¹ (x − μ)).", norm * e(-p["maha"])),
            ("use the square root of the determinant: |Σ|^½.",
             (2 * np.pi) ** (-d / 2) * e(-p["logdet"]) * e(-0.5 * p["maha"])),
            ("the constant is (2π)^(d/2), with the parentheses: 2 * np.pi ** (d / 2) is 2 π^(d/2).",
             e(-0.5 * p["logdet"]) / (2 * np.pi ** (d / 2)) * e(-0.5 * p["maha"])),
            ("the constant is (2π)^(d/2), with d the number of features, not √(2π).",
             (2 * np.pi) ** -0.5 * e(-0.5 * p["logdet"]) * e(-0.5 * p["maha"])),
            ("the quadratic form uses the inverse of Σ (np.linalg.solve or inv), not Σ itself.",
             norm * e(-0.5 * p["maha_cov"])),
            ("subtract the mean first: the quadratic form is in x − μ.", norm * e(-0.5 * p["maha_nocentre"])),
            (FULL_MATRIX, norm * e(-0.5 * p["maha_full"])),
            ("this is the log-density; return the density, np.exp of it.",
             -0.5 * (p["const"] + p["logdet"] + p["maha"])),
            ("return a 1-D array of shape (n,), one value per point.", expected[:, None]),
        ]


def _judge(mistakes):
    def judge(case, got):
        expected = case.data["expected"]
        if close(expected, got):
            return None
        summary, exp_text, got_text = first_difference(expected, got, case.labels, what="point")
        parts = _parts(case.data["X"], case.data["mean"], case.data["cov"])
        hint = matches_any(got, mistakes(parts, expected))
        if hint is None and np.isnan(np.asarray(got, dtype=float)).any():
            hint = "NaN in your answer: look for 0/0, inf - inf or the log of a negative number."
        return Problem(case.name, summary, exp_text, got_text, hint or "")

    return judge


def check_log_gaussian_pdf(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(X, mean, cov)`` against ``gmm_lab.log_gaussian_pdf`` on 6 cases.

    Cases: 2-D; 1-D (d = 1); 5-D; a point so far away that the density underflows
    to 0 (its log is about -800, not -inf); a nearly singular covariance; Python lists.
    Every case also checks that the inputs are left unchanged. Returns a CheckResult.

    Refuses ``gmm_lab.log_gaussian_pdf``, ``gaussian_pdf`` and ``gaussian.log_gaussian_prob``;
    NumPy and SciPy (``scipy.linalg``, also ``scipy.stats``) are allowed.
    """
    cases = _cases(reference_gaussian.log_gaussian_pdf, "check_log_gaussian_pdf")
    return run_check("check_log_gaussian_pdf", fn, ("log_gaussian_pdf",) + PARAMS, cases, _judge(_log_mistakes), timeout,
                     refused=REFUSALS["check_log_gaussian_pdf"])


def check_gaussian_pdf(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(X, mean, cov)`` against ``gmm_lab.gaussian_pdf`` on 6 cases (as for the log version).

    For the far point the right answer is 0.0: the density is below the smallest float.

    Refuses ``gmm_lab.gaussian_pdf``, ``log_gaussian_pdf`` and ``gaussian.log_gaussian_prob``; NumPy
    and SciPy are allowed.
    """
    cases = _cases(reference_gaussian.gaussian_pdf, "check_gaussian_pdf")
    return run_check("check_gaussian_pdf", fn, ("gaussian_pdf",) + PARAMS, cases, _judge(_pdf_mistakes), timeout,
                     refused=REFUSALS["check_gaussian_pdf"])
