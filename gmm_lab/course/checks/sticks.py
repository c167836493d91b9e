"""Check for a student's ``expected_log_weights(a, b)``: E[ln π_j] under the stick-breaking q(π).

In notebook 16's letters (component j, earlier sticks l < j): with q(v_j) = Beta(a_j, b_j) and
π_j = v_j Π_{l<j} (1 − v_l), the expected log weights are
E[ln π_j] = ψ(a_j) − ψ(a_j + b_j) + Σ_{l<j} [ψ(b_l) − ψ(a_l + b_l)] (ψ: the digamma function),
the E-step's weight term of a Dirichlet-process mixture (notebook 16, scikit-learn's
``_estimate_log_weights``). Compared with that formula (SciPy's digamma); the usual mistakes
(no earlier sticks, the current stick counted as broken too, the log of the expectation, a and b
swapped, the Dirichlet distribution's formula) are diagnosed.
"""

import numpy as np
from scipy.special import digamma

from ...practice.variational_steps import stick_parameters
from ._cases import to_lists
from ._compare import close, first_difference
from ._engine import DEFAULT_TIMEOUT, LIST_HINT, Case, run_check
from ._hidden import hidden_name, hidden_rngs
from ._refusals import REFUSALS
from ._report import Problem

__all__ = ["check_expected_log_weights"]


def _formula(a, b, *, before=True, shift=True, log=digamma, swap=False):
    """E[ln π_j] with the usual mistakes as switches (the defaults: right)."""
    if swap:
        a, b = b, a
    own = log(a) - log(a + b)
    broken = np.cumsum(log(b) - log(a + b))
    if not before:
        return own
    return own + (np.concatenate([[0.0], broken[:-1]]) if shift else broken)


def _mistakes(a, b):
    return [
        ("π_j = v_j Π_{l<j} (1 − v_l): add Σ_{l<j} E[ln(1 − v_l)] = Σ_{l<j} [ψ(b_l) − ψ(a_l + b_l)], the sticks broken "
         "off before j.", _formula(a, b, before=False)),
        ("the sum runs over the earlier sticks only, l < j: stick j itself is kept (v_j), not broken off "
         "(shift the cumulative sum by one: 0 for j = 1).", _formula(a, b, shift=False)),
        ("E[ln v] is not ln E[v]: use the digamma function, E[ln v_j] = ψ(a_j) − ψ(a_j + b_j) "
         "(scipy.special.digamma).", _formula(a, b, log=np.log)),
        ("a_j belongs to v_j (the part kept) and b_j to 1 − v_j (the rest): E[ln v_j] = ψ(a_j) − ψ(a_j + b_j).",
         _formula(a, b, swap=True)),
        ("that is the Dirichlet distribution's ψ(α_j) − ψ(Σ_l α_l); the stick-breaking weights need both a and b.",
         digamma(a) - digamma(a.sum())),
    ]


def _cases():
    specs = [
        ("3 sticks", np.array([2.0, 5.0, 1.5]), np.array([6.0, 1.0, 0.5])),
        ("one stick (K = 1)", np.array([3.0]), np.array([0.7])),
        ("after an M-step, α₀ = 0.001: 6 sticks, the last three nearly empty",
         *stick_parameters(1e-3, [180.0, 90.0, 2.0, 1e-3, 1e-6, 0.0])),
        ("after an M-step, α₀ = 100: 10 sticks", *stick_parameters(100.0, np.linspace(40.0, 0.5, 10))),
    ]
    for i, rng in enumerate(hidden_rngs("check_expected_log_weights")):
        k = int(rng.integers(1, 12))
        specs.append((hidden_name(i, f"{k} sticks"), *stick_parameters(float(10.0 ** rng.uniform(-3, 3)),
                                                               rng.gamma(0.5, 40.0, size=k))))
    cases = [Case(name, (a, b), {"a": a, "b": b, "expected": _formula(a, b)}) for name, a, b in specs]
    a, b = stick_parameters(1.0, [5.0, 3.0, 1.0, 0.5])
    cases.append(Case("lists instead of arrays", to_lists(a, b), {"a": a, "b": b, "expected": _formula(a, b)},
                      error_hint=LIST_HINT))
    return cases


def _judge(case, got):
    expected = case.data["expected"]
    if close(expected, got, rtol=1e-9):
        return None
    summary, e, g = first_difference(expected, got, what="stick", count_from_one=True, first=1e-9)
    hint = next((h for h, v in _mistakes(case.data["a"], case.data["b"]) if close(v, got, rtol=1e-9)), "")
    if not hint and "shape" in summary:
        hint = "return one expected log weight per stick: an array of shape (K,), K = len(a)."
    return Problem(case.name, summary, e, g, hint)


def check_expected_log_weights(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(a, b)`` -> E[ln π_j], shape (K,), under stick-breaking with q(v_j) = Beta(a_j, b_j).

    Cases: 3 sticks, one stick, the sticks after an M-step with α₀ = 0.001 (nearly empty sticks)
    and α₀ = 100 (ten sticks), Python lists.

    Refuses gmm_lab's own (``gmm_lab.practice.variational_steps.expected_log_weights``, and the
    E-step and ``run_variational`` that call it); NumPy and SciPy (``scipy.special.digamma``) are allowed.
    """
    return run_check("check_expected_log_weights", fn, ("expected_log_weights", "a", "b"), _cases(), _judge,
                     timeout, refused=REFUSALS["check_expected_log_weights"])
