"""Check for a student's EM loop, ``run_em(X, means, covariances, weights)``.

The student's function may return anything with attributes ``means``, ``covariances``,
``weights`` and ``log_likelihoods`` (like ``gmm_lab.run_em``'s result), a dict with
those keys, or the 4-tuple ``(means, covariances, weights, log_likelihoods)``. Its
trace may start with the log-likelihood of the starting parameters or not: both are
accepted. The reference is plain EM: ``gmm_lab.run_em`` with ``reg_covar=0`` and no stopping
rule, run as far as the student's trace goes; its history gives the parameters and the
log-likelihood after every iteration.
"""

import warnings

import numpy as np

from ... import em
from ... import gaussian as reference_gaussian
from ...init import init_params
from ._cases import far_point, mixture, to_lists
from ._compare import as_array, close, fmt_pair
from ._refusals import REFUSALS
from ._hidden import hidden_name, hidden_rngs
from ._engine import DEFAULT_TIMEOUT, LIST_HINT, Case, run_check
from ._report import Problem
from .steps import FAR_HINT, HANDOUT_HINT

__all__ = ["check_run_em"]

FIELDS = ("means", "covariances", "weights", "log_likelihoods")
MAX_TRACE = 1000  # longer traces are not followed
SETTLED = 1e-3  # the last change of the total log-likelihood must be below this
TRACE_RTOL = 1e-6  # a student who keeps gmm_lab.m_step's default reg_covar=1e-6 still passes
PARAM_RTOL = 1e-5


def _cases():
    def start(seed, n, d, k, **kw):
        X, *_ = mixture(seed, n, d, k, **kw)
        return X, init_params(X, k, random_state=seed)

    X, (m, c, w) = start(401, 300, 2, 3, spread=5.0)
    X1, (m1, c1, w1) = start(402, 120, 1, 2, spread=4.0)
    X5, (m5, c5, w5) = start(403, 120, 5, 2, spread=3.0)
    Xf, (mf, cf, wf) = start(404, 150, 2, 2, spread=4.0)
    Xf = np.vstack([Xf, far_point(mf, cf, wf)])
    Xl, (ml, cl, wl) = start(405, 60, 2, 2, spread=4.0)
    cases = [
        Case("2-D, 3 components", (X, m, c, w)),
        Case("1-D data (d = 1), 2 components", (X1, m1, c1, w1),
             error_hint="here d = 1: X has shape (n, 1), means (k, 1), covariances (k, 1, 1)."),
        Case("5-D data, 2 components", (X5, m5, c5, w5)),
        Case("a point far from every starting component", (Xf, mf, cf, wf), error_hint=FAR_HINT),
        Case("lists instead of arrays", to_lists(Xl, ml, cl, wl), error_hint=LIST_HINT),
    ]
    data = [X, X1, X5, Xf, Xl]
    for i, rng in enumerate(hidden_rngs("check_run_em", 1)):
        (Xh, mh, ch, wh), what = _hidden_start(rng, start)
        cases.append(Case(hidden_name(i, what), (Xh, mh, ch, wh)))
        data.append(Xh)
    for case, X_ in zip(cases, data):
        case.data = {"X": X_, "start": tuple(np.asarray(a, dtype=float) for a in case.args[1:]), "ref": None}
    return cases


def _hidden_start(rng, start):
    """Data and a start from which plain EM (reg_covar=0) runs to the end: a start whose EM collapses a
    component onto a point would fail a right answer too (the visible cases are chosen so as well)."""
    for _ in range(20):
        k, d, n = int(rng.integers(2, 4)), int(rng.integers(1, 4)), int(rng.integers(80, 200))
        X, params = start(int(rng.integers(2**32)), n, d, k, spread=4.0)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # a collapse, or no convergence in 500 iterations
                em.run_em(X, *params, reg_covar=0.0, tol=1e-8, max_iter=500)
        except (ValueError, Warning):
            continue
        return (X, *params), f"{d}-D, {k} components, {n} points"
    raise RuntimeError("no hidden start without a collapse in 20 draws")  # pragma: no cover


class _Reference:
    """Plain EM (``run_em`` with ``reg_covar=0``, no stopping rule) from the case's start, run further
    on demand: params[t] and lls[t] after t iterations."""

    def __init__(self, X, start):
        self.X, self.start = X, start
        self.params, self.lls = [start], [em.log_likelihood(X, *start)]

    def extend(self, t):
        if len(self.params) <= t:
            with warnings.catch_warnings():  # a case may collapse: that is the student's run to compare, too
                warnings.simplefilter("ignore")
                run = em.run_em(self.X, *self.start, max_iter=max(t, 2 * len(self.params)), tol=None, reg_covar=0.0)
            self.params = [(h.means, h.covariances, h.weights) for h in run.history]
            self.lls = list(run.log_likelihoods)
        return self


def _unpack(got):
    if all(hasattr(got, f) for f in FIELDS):
        return [getattr(got, f) for f in FIELDS]
    if isinstance(got, dict) and all(f in got for f in FIELDS):
        return [got[f] for f in FIELDS]
    if isinstance(got, (tuple, list)) and len(got) == 4:
        return list(got)
    return None


def _params_match(got, ref):
    return all(close(r, g, rtol=PARAM_RTOL, atol=1e-6 * max(1.0, float(np.abs(r).max()))) for r, g in zip(ref, got))


def _diagnose_trace(trace, ref, X):
    """A hint for a trace that is neither EM's trace with nor without the start value."""
    m = len(trace)
    if np.isnan(trace).any():
        i = int(np.argmax(np.isnan(trace)))
        return (f"NaN from entry {i} on: a NaN in the E-step (pdf space: the far point's 0/0) spreads to every "
                "parameter in the next M-step. Compute the E-step in log space with log-sum-exp.")
    for lo in (1, 0):  # without, then with the start value
        seg = ref.lls[lo:lo + m]
        params = ref.params[lo:lo + m]
        logs, floored = [], []
        for means, covs, weights in params:
            a = np.column_stack([np.log(w) + reference_gaussian.log_gaussian_pdf(X, mu, c) for mu, c, w in zip(means, covs, weights)])
            logs.append(a.sum())
            with np.errstate(under="ignore"):
                floored.append(np.log(np.exp(a) + 1e-8).sum())  # the handout's, with its 1e-8
        if close(logs, trace, rtol=1e-6) or close(floored, trace, rtol=1e-6):
            return HANDOUT_HINT
        if close(np.array(seg) / len(X), trace, rtol=1e-6):
            return "your trace holds the average log-likelihood per point; record the total, the sum over points."
    if m > 1 and np.ptp(trace) == 0:
        return ("the log-likelihood never changes: feed each M-step's parameters back into the next E-step "
                "(weights, means, covariances = m_step(...) inside the loop).")
    drops = np.flatnonzero(np.diff(trace) < -1e-6 * np.abs(trace[1:]))
    if drops.size:
        return (f"your log-likelihood decreases (entry {drops[0]} to {drops[0] + 1}); EM never decreases it, so the "
                "E-step, the M-step or the log-likelihood is wrong: check each with its own check.")
    return ""


def _judge(case, got):
    parts = _unpack(got)
    if parts is None:
        return Problem(case.name, f"run_em returned a {type(got).__name__}",
                       hint="return an object with attributes means, covariances, weights and log_likelihoods, "
                            "or the tuple (means, covariances, weights, log_likelihoods).")
    means, covs, weights, trace = parts
    trace = as_array(trace)
    if trace is None or trace.ndim != 1 or len(trace) == 0:
        return Problem(case.name, "log_likelihoods is not a non-empty list of numbers",
                       hint="append the log-likelihood (a float) to a list after every iteration.")
    m = len(trace)
    if m > MAX_TRACE:
        return Problem(case.name, f"{m} log-likelihoods: the loop did not stop",
                       hint="stop when the change of the log-likelihood is below tol (e.g. 1e-4).")
    X = case.data["X"]
    if case.data["ref"] is None:
        case.data["ref"] = _Reference(X, case.data["start"])
    ref = case.data["ref"].extend(m + 1)
    t = None
    for lo in (0, 1):  # with the start value: trace[i] = lls[i]; without: trace[i] = lls[i + 1]
        if close(ref.lls[lo:lo + m], trace, rtol=TRACE_RTOL):
            t = m - 1 + lo
            break
    if t is None:
        lo = 1 if abs(trace[0] - ref.lls[1]) <= abs(trace[0] - ref.lls[0]) else 0
        expected = np.array(ref.lls[lo:lo + m])
        i = int(np.argmax(~np.isclose(trace, expected, rtol=TRACE_RTOL)))
        return Problem(case.name, f"log_likelihoods differ from plain EM's at entry {i}",
                       *fmt_pair(expected[i], trace[i]), _diagnose_trace(trace, ref, X))
    got_params = [as_array(means), as_array(covs), as_array(weights)]
    if t == 0:
        return Problem(case.name, "no iteration ran: the trace holds only the start's log-likelihood",
                       hint="run E-step, M-step, log-likelihood in a loop until the change is below tol.")
    if not _params_match(got_params, ref.params[t]):
        if _params_match(got_params, ref.params[t + 1]):
            hint = ("your parameters are one iteration ahead of your trace: record the log-likelihood of the "
                    "new parameters, after the M-step.")
        elif _params_match(got_params, ref.params[t - 1]):
            hint = "you return the parameters from before the last M-step: return the updated ones."
        else:
            hint = "return the final means, covariances and weights, in that order."
        return Problem(case.name, f"the returned parameters are not those after iteration {t}, where the trace ends",
                       hint=hint)
    change = abs(ref.lls[t] - ref.lls[t - 1])
    if change > SETTLED:
        return Problem(case.name, f"stopped after {t} iteration{'s' * (t > 1)} while the log-likelihood still "
                       f"changed by {change:.3g}",
                       hint=f"loop until |ℓ(t) − ℓ(t−1)| < tol with a small tol such as 1e-4 (this check expects "
                            f"below {SETTLED:g}); with prev = 0 before the loop, ll - prev < tol holds at once.")
    return None


def check_run_em(fn, *, timeout=2 * DEFAULT_TIMEOUT):
    """Check ``fn(X, means, covariances, weights)``, an EM loop, against plain EM (reg_covar=0) on 5 cases.

    The returned log-likelihood trace must be EM's, with or without the start value;
    the parameters must be those of the iteration the trace ends on; the last step must
    change the log-likelihood by less than 1e-3. Cases: 2-D, 1-D, 5-D, data with a point
    far from every starting component, Python lists. Inputs must be left unchanged.
    A whole EM run is allowed `timeout` seconds (default 10) per case.

    Refuses gmm_lab's loops (``run_em``, ``em.em_loop``: also ``run_em_map``, ``run_restarts``; the
    batched ``run_em_batch``); ``gmm_lab.e_step``, ``m_step`` and ``log_likelihood`` (notebooks 03, 04) are allowed.
    """
    return run_check("check_run_em", fn, ("run_em", "X", "means", "covariances", "weights"), _cases(), _judge, timeout,
                     refused=REFUSALS["check_run_em"])

