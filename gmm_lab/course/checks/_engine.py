"""Running a student's function on a check's cases and collecting the report."""

import copy
import warnings
from dataclasses import dataclass, field

from ...practice.threads import one_blas_thread
from ._call import (
    call_student,
    changed_inputs,
    function_name,
    require_function,
    student_line,
)
from ._own import watch
from ._report import FAILED, NOT_IMPLEMENTED, REFUSED, TIMED_OUT, CheckResult, Problem

__all__ = ["Case", "run_check", "DEFAULT_TIMEOUT"]

DEFAULT_TIMEOUT = 5.0  # seconds per case; the reference takes milliseconds

LIST_HINT = (
    "this case passes Python lists: convert each input at the top of your function, "
    "e.g. X = np.asarray(X, dtype=float)."
)
MUTATION_HINT = (
    "work on new arrays (diff = X - mean; means = np.array(means, dtype=float)) instead of "
    "changing the caller's arrays in place (X -= mean, means[j] = ...)."
)


@dataclass
class Case:
    """One call of the student's function, with what the judge needs to grade it."""

    name: str
    args: tuple
    data: dict = field(default_factory=dict)  # reference inputs (arrays) and expected values
    kwargs: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)  # row index -> name, e.g. {30: "the far point"}
    error_hint: str = ""  # shown when the student's code raises in this case


def _one_blas_thread():
    """The cases are small: one BLAS thread is faster there, and on a busy machine (a shared
    server, a CI runner) several threads fighting for cores can make a correct function
    look 10x slower and run into the time limit."""
    return one_blas_thread()


def run_check(check, fn, params, cases, judge, timeout=DEFAULT_TIMEOUT, refused=None):
    """Run `fn` on every case; `judge(case, value)` returns a Problem or None.

    `params` names the function and its arguments, e.g. ("e_step", "X", "means", ...).
    `refused` (a ``_own.Refused``): gmm_lab's own answer, which `fn` must not call.
    Stops at the first case that raises NotImplementedError (a stub), runs out of time,
    or calls a refused function.
    """
    require_function(fn, check, params, cases[0].args, cases[0].kwargs)
    with _one_blas_thread():
        return _run_cases(check, fn, params, cases, judge, timeout, refused)


def _run_cases(check, fn, params, cases, judge, timeout, refused):
    result = CheckResult(check, function_name(fn), [c.name for c in cases])
    watched = watch(fn, refused)
    for case in cases:
        args = copy.deepcopy(case.args)
        before = copy.deepcopy(case.args)
        with warnings.catch_warnings():
            # the answer is judged, not its warnings (which would print the kernel's temporary
            # file names into the notebook, and are errors under pytest's -W error)
            warnings.simplefilter("ignore")
            out = call_student(watched, args, case.kwargs, timeout)
        if getattr(watched, "hit", None):  # whatever it returned, raised or took: not the student's work
            result.status = REFUSED
            result.problems = [Problem(case.name, refused.summary(watched.hit), hint=refused.hint)]
            result.passed = []
            break
        if out.not_implemented:
            result.status, result.hint = NOT_IMPLEMENTED, str(out.error)
            result.problems, result.passed = [], []
            break
        if out.timed_out:
            result.status = TIMED_OUT
            result.problems.append(Problem(
                case.name,
                f"stopped after {timeout:g} s (the reference takes a few milliseconds)",
                hint="a Python loop over points inside another loop (over points or components)? "
                     "Compute with NumPy on whole arrays, one loop over components at most.",
            ))
            break
        if out.error is not None:
            result.problems.append(Problem(
                case.name, "your function raised an exception", where=student_line(out.error), hint=case.error_hint
            ))
            continue
        problem = judge(case, out.value)
        changed = changed_inputs(params[1:], before, args)
        if changed:
            note = f"your function changed its input {', '.join(changed)}"
            if problem is None:
                problem = Problem(case.name, note, hint=MUTATION_HINT)
            else:
                problem.summary += f"; also, {note}"
        if problem is None:
            result.passed.append(case.name)
        else:
            result.problems.append(problem)
    if result.problems and result.status not in (TIMED_OUT, REFUSED):
        result.status = FAILED
    return result.finish()
