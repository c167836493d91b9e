"""Check for a student's E-step of a Gaussian with missing coordinates (notebook 15).

``fill_in(X, mean, covariance)`` -> ``(filled, conditional)``, as ``gmm_lab.e_step_missing``:
each NaN of X replaced by its conditional expectation given the row's observed entries, and
each row's conditional covariance, (n, d, d), zero in the observed rows and columns.
"""

import numpy as np

from ...practice import missing
from ._cases import gaussian, near_singular_cov, to_lists
from ._compare import close, first_difference, fmt
from ._engine import DEFAULT_TIMEOUT, LIST_HINT, Case, run_check
from ._hidden import hidden_name, hidden_rngs
from ._refusals import REFUSALS
from ._report import Problem

__all__ = ["check_fill_in", "hide_entries"]


def hide_entries(seed, X, fraction):
    """`X` with entries hidden (NaN) at random, each row keeping at least one, and row 0 complete.

    Seeded; the check's cases and tests/test_general_em.py both hide entries with it.
    """
    rng = np.random.default_rng(seed)
    X = np.array(X, dtype=float)
    hide = rng.random(X.shape) < fraction
    hide[np.arange(len(X)), rng.integers(X.shape[1], size=len(X))] = False  # one entry kept per row
    hide[0] = False  # a complete row: nothing to fill in
    X[hide] = np.nan
    return X


def _case(name, seed, n, d, fraction, cov=None, **kw):
    X, mean, cov = gaussian(seed, n, d, cov=cov)
    X = hide_entries(seed, X, fraction)
    # compared with the library's E-step (as checks/bernoulli.py); the refusal stops the student calling it
    return Case(name, (X, mean, cov), {"expected": missing.e_step_missing(X, mean, cov)}, **kw)


def _cases():
    cases = [
        _case("2-D, one coordinate missing in some rows", 601, 12, 2, 0.4),
        _case("4-D, several coordinates missing per row", 602, 15, 4, 0.5),
        _case("nearly singular covariance", 603, 10, 2, 0.4, cov=near_singular_cov()),
    ]
    X, mean, cov = cases[0].args
    cases.append(Case("lists instead of arrays", to_lists(X, mean, cov), cases[0].data, error_hint=LIST_HINT))
    for i, rng in enumerate(hidden_rngs("check_fill_in", 1)):
        d = int(rng.integers(2, 6))
        cases.append(_case(hidden_name(i, f"{d}-D"), int(rng.integers(2**32)), 12, d, 0.5))
    return cases


def _judge(case, got):
    filled, conditional = case.data["expected"]
    X, mean, cov = (np.asarray(a, dtype=float) for a in case.args)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return Problem(case.name, f"fill_in must return (filled, conditional); it returned a {type(got).__name__}",
                       hint="end with: return filled, conditional")
    f, c = (np.asarray(a, dtype=float) for a in got)
    if f.shape != filled.shape or c.shape != conditional.shape:
        return Problem(case.name, "wrong shapes", f"filled {filled.shape}, conditional {conditional.shape}",
                       f"filled {f.shape}, conditional {c.shape}",
                       hint="filled has X's shape (n, d); conditional one (d, d) matrix per row: (n, d, d).")
    holes = np.isnan(X)
    if np.any(np.isnan(f)):
        return Problem(case.name, "filled still holds NaN", hint="replace every NaN of X by its conditional "
                                                                   "expectation μ_m + Σ_mo Σ_oo⁻¹ (x_o − μ_o).")
    if not np.array_equal(f[~holes], X[~holes]):
        return Problem(case.name, "an observed entry changed", hint="fill in the NaN only: observed entries stay.")
    if not close(filled, f):
        naive = mean * holes + np.nan_to_num(X)  # the mean, ignoring what was observed
        hint = ("you filled in the mean μ_m: the expectation given the observed entries adds "
                "Σ_mo Σ_oo⁻¹ (x_o − μ_o)." if close(filled, naive) or np.allclose(f[holes], naive[holes]) else
                "E[x_m | x_o] = μ_m + Σ_mo Σ_oo⁻¹ (x_o − μ_o), with o the row's observed entries, m its missing.")
        where, expected, got = first_difference(filled, f, what="row")
        return Problem(case.name, f"filled is not the conditional expectation: {where}", expected, got, hint)
    if not close(conditional, c):
        rows = [i for i in range(len(X)) if not close(conditional[i], c[i])]
        i = rows[0]
        m = holes[i]
        hint = ("Σ_mm is the covariance before seeing x_o: subtract Σ_mo Σ_oo⁻¹ Σ_om."
                if np.allclose(c[i][np.ix_(m, m)], cov[np.ix_(m, m)]) else
                "Cov[x_m | x_o] = Σ_mm − Σ_mo Σ_oo⁻¹ Σ_om in the missing rows and columns, 0 elsewhere.")
        return Problem(case.name, f"the conditional covariance of row {i} is wrong", fmt(conditional[i]),
                       fmt(c[i]), hint)
    return None


def check_fill_in(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(X, mean, covariance)`` -> (filled, conditional), the E-step of a Gaussian with missing entries.

    Cases: 2-D with one coordinate missing, 4-D with several missing per row, a nearly
    singular covariance, Python lists; every case has a complete row (nothing to fill in).
    Inputs must be left unchanged (hint: ``filled = X.copy()``).

    Compared with ``gmm_lab.e_step_missing``, which it refuses (with ``run_em_missing``) as the
    student's answer; NumPy is allowed.
    """
    return run_check("check_fill_in", fn, ("fill_in", "X", "mean", "covariance"), _cases(), _judge, timeout,
                     refused=REFUSALS["check_fill_in"])
