"""Checks for a student's ``e_step``, ``log_likelihood`` and ``m_step``.

Each is called with the arguments and conventions of the ``gmm_lab`` function of the
same name and compared with it; ``m_step`` with ``gmm_lab.m_step(..., reg_covar=0)``.
"""

import numpy as np
from scipy.special import logsumexp

from ... import em
from ... import gaussian as reference_gaussian
from ._cases import far_point, mixture, to_lists
from ._compare import as_array, close, first_difference, matches_any
from ._refusals import REFUSALS
from ._hidden import hidden_name, hidden_rngs, random_mixture
from ._engine import DEFAULT_TIMEOUT, LIST_HINT, Case, run_check
from ._report import Problem

__all__ = ["check_e_step", "check_log_likelihood", "check_m_step"]

MIX_PARAMS = ("X", "means", "covariances", "weights")
ONE_D_HINT = "here d = 1: X has shape (n, 1), means (k, 1), covariances (k, 1, 1); keep those shapes (no squeeze)."
FAR_HINT = ("this data has a point far from every component: in pdf space each of its πⱼ Nⱼ underflows "
            "to 0, its row is 0/0 = NaN, and the NaN breaks what follows. Work in log space (log-sum-exp).")
FLAT_HINT = ("the covariance of component 1 (covariances[0]) is valid but nearly singular (condition number 2e6): "
             "use it as given.")


def _mixture_specs():
    """(name, X, means, covariances, weights, row labels, hint if the student's code raises)."""
    X, m, c, w = mixture(204, 30, 2, 3)
    far = far_point(m, c, w)
    return [
        ("2-D, 3 components", *mixture(201, 200, 2, 3), {}, ""),
        ("1-D data (d = 1), 2 components", *mixture(202, 60, 1, 2, spread=2.0), {}, ONE_D_HINT),
        ("5-D data, 3 components", *mixture(203, 60, 5, 3, spread=1.0), {}, ""),
        ("a point far from every component", np.vstack([X, far]), m, c, w, {len(X): "the far point"}, FAR_HINT),
        ("nearly singular covariance", *mixture(205, 60, 2, 3, flat_component=True), {}, FLAT_HINT),
    ]


def _mixture_cases(reference, check):
    cases = []
    for name, X, m, c, w, labels, hint in _mixture_specs():
        data = {"X": X, "means": m, "covariances": c, "weights": w, "expected": reference(X, m, c, w)}
        cases.append(Case(name, (X, m, c, w), data, labels=labels, error_hint=hint))
    X, m, c, w = mixture(206, 20, 2, 2)
    data = {"X": X, "means": m, "covariances": c, "weights": w, "expected": reference(X, m, c, w)}
    cases.append(Case("lists instead of arrays", to_lists(X, m, c, w), data, error_hint=LIST_HINT))
    for i, rng in enumerate(hidden_rngs(check)):
        X, m, c, w, what = random_mixture(rng)
        data = {"X": X, "means": m, "covariances": c, "weights": w, "expected": reference(X, m, c, w)}
        cases.append(Case(hidden_name(i, what), (X, m, c, w), data))
    return cases


def _log_terms(data, reg=0.0):
    """a[i, j] = log w_j + log N(x_i | mu_j, Sigma_j), shape (n, k)."""
    d = data["X"].shape[1]
    covs = data["covariances"] + reg * np.eye(d)
    return np.column_stack([
        np.log(w) + reference_gaussian.log_gaussian_pdf(data["X"], m, c)
        for m, c, w in zip(data["means"], covs, data["weights"])
    ])


# --------------------------------------------------------------------------- #
# E-step
# --------------------------------------------------------------------------- #
NAN_FAR = ("NaN for the far point: every πⱼ Nⱼ(x) underflowed to 0, and 0/0 = NaN. Work in log space "
           "with log-sum-exp: subtract each row's largest log πⱼ + log Nⱼ before exponentiating.")


def _e_step_mistakes(data):
    a = _log_terms(data)
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        num = np.exp(a)
        pdf_space = num / num.sum(axis=1, keepdims=True)
    log_r = a - logsumexp(a, axis=1, keepdims=True)
    log_n = a - np.log(data["weights"])
    k = a.shape[1]
    return [
        (NAN_FAR, pdf_space),
        ("rows don't sum to 1: normalise over components (axis=1), not over points.",
         np.exp(a - logsumexp(a, axis=0, keepdims=True))),
        ("rows don't sum to 1: divide each πⱼ Nⱼ(xᵢ) by its row's sum, the evidence Σₗ πₗ Nₗ(xᵢ).", num),
        ("the weights πⱼ are missing from the numerator (Bayes' rule: prior × likelihood).",
         np.exp(log_n - logsumexp(log_n, axis=1, keepdims=True))),
        ("these are log-responsibilities: return their exponential.", log_r),
        ("one row per point and one column per component: shape (n, k), not (k, n).", np.exp(log_r).T),
        ("these are hard (one-hot) assignments; the E-step keeps the probabilities.", np.eye(k)[a.argmax(axis=1)]),
        ("the covariances were changed (a small number added to the diagonal?): use them as given.",
         np.exp(_log_terms(data, 1e-6) - logsumexp(_log_terms(data, 1e-6), axis=1, keepdims=True))),
    ]


def _judge_e_step(case, got):
    expected = case.data["expected"]
    if close(expected, got):
        return None
    summary, e, g = first_difference(expected, got, case.labels, what="row")
    hint = matches_any(got, _e_step_mistakes(case.data))
    arr = as_array(got)
    if hint is None and arr is not None and arr.shape == expected.shape:
        far = [i for i, name in case.labels.items() if name == "the far point"]
        rows_ok = np.allclose(arr.sum(axis=1), 1.0, atol=1e-6)
        if far and np.allclose(np.delete(arr, far, axis=0), np.delete(expected, far, axis=0), atol=1e-6):
            hint = ("only the far point's row is wrong: a small number added to the densities or the "
                    "denominator, or NaN replaced by 1/k, hides the underflow instead of fixing it. Use log-sum-exp.")
        elif np.isnan(arr).any():
            hint = NAN_FAR if far else "NaN in your responsibilities: look for 0/0."
        elif not rows_ok and np.allclose(arr.sum(axis=0), 1.0, atol=1e-6):
            hint = "rows don't sum to 1: normalise over components (axis=1), not over points."
        elif not rows_ok:
            hint = "rows don't sum to 1: each row is a probability distribution over the components."
    return Problem(case.name, summary, e, g, hint or "")


def check_e_step(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(X, means, covariances, weights)`` -> (n, k) against ``gmm_lab.e_step`` on 6 cases.

    Cases: 2-D; 1-D; 5-D; a point far from every component (every πⱼ Nⱼ underflows);
    a nearly singular covariance; Python lists. Inputs must be left unchanged.

    Refuses gmm_lab's E-step (``e_step``, and ``em._e_step`` however reached: ``log_mixture_pdf``,
    ``run_em``, ...); ``gmm_lab.log_gaussian_pdf`` and ``gaussian_pdf`` (notebook 01), NumPy and SciPy are allowed.
    """
    return run_check("check_e_step", fn, ("e_step",) + MIX_PARAMS, _mixture_cases(em.e_step, "check_e_step"),
                     _judge_e_step, timeout, refused=REFUSALS["check_e_step"])


# --------------------------------------------------------------------------- #
# Log-likelihood
# --------------------------------------------------------------------------- #
HANDOUT_HINT = ("this is the handout's quantity, Σᵢ Σⱼ log(πⱼ N), not the log-likelihood: the sum over "
                "components goes inside the log, Σᵢ log Σⱼ πⱼ Nⱼ(xᵢ).")


def _ll_mistakes(data):
    a = _log_terms(data)
    with np.errstate(divide="ignore", under="ignore"):
        dens = np.exp(a)
        pdf_space = np.log(dens.sum(axis=1)).sum()
        product = np.log(np.prod(dens.sum(axis=1)))
        handout = np.log(dens + 1e-8).sum()
    per_point = logsumexp(a, axis=1)
    log_n = a - np.log(data["weights"])
    resp = np.exp(a - per_point[:, None])
    return [
        (HANDOUT_HINT, handout),
        (HANDOUT_HINT, a.sum()),
        ("-inf: the far point's mixture density underflowed to 0 before the log. Use log-sum-exp: "
         "log Σⱼ exp(aⱼ) = m + log Σⱼ exp(aⱼ − m) with aⱼ = log πⱼ + log Nⱼ and m = maxⱼ aⱼ.", pdf_space),
        ("-inf: the product of the n densities underflows to 0; sum the logs of the points' densities instead.", product),
        ("this is the average per point; return the total, the sum over points.", per_point.mean()),
        ("the weights πⱼ are missing: ℓ = Σᵢ log Σⱼ πⱼ Nⱼ(xᵢ).", logsumexp(log_n, axis=1).sum()),
        ("you kept only the largest component per point (a max); sum over the components inside the log.",
         a.max(axis=1).sum()),
        ("this is Σᵢ Σⱼ rᵢⱼ log(πⱼ Nⱼ), the M-step's Q, not the log-likelihood Σᵢ log Σⱼ πⱼ Nⱼ(xᵢ).", (resp * a).sum()),
        ("return one number, the sum over points, not one value per point.", per_point),
        ("the log-likelihood is negative here: did you flip its sign (a loss)?", -per_point.sum()),
        ("use the natural log (np.log), not log10.", per_point.sum() / np.log(10)),
    ]


def _judge_ll(case, got):
    expected = case.data["expected"]
    if close(expected, got, rtol=1e-8):
        return None
    summary, e, g = first_difference(expected, got)
    hint = matches_any(got, _ll_mistakes(case.data), rtol=1e-8)
    arr = as_array(got)
    if hint is None and arr is not None and np.isnan(arr).any():
        hint = "NaN: look for 0/0 or the log of a negative number; compute in log space."
    return Problem(case.name, summary, e, g, hint or "")


def check_log_likelihood(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(X, means, covariances, weights)`` -> float against ``gmm_lab.log_likelihood`` (6 cases as for the E-step).

    Refuses ``log_likelihood``, ``log_mixture_pdf``, ``lower_bound`` and the E-step's pass that
    computes log p(x) (``em._e_step``: ``e_step``, ``run_em``); ``gmm_lab.log_gaussian_pdf``, NumPy and SciPy are allowed.
    """
    return run_check(
        "check_log_likelihood", fn, ("log_likelihood",) + MIX_PARAMS,
        _mixture_cases(em.log_likelihood, "check_log_likelihood"), _judge_ll, timeout,
        refused=REFUSALS["check_log_likelihood"])


# --------------------------------------------------------------------------- #
# M-step
# --------------------------------------------------------------------------- #
NAMES = ("weights", "means", "covariances")
N_MINUS_1 = ("divide by N_j, not N_j − 1: the M-step is the maximum-likelihood estimate "
             "(np.cov with aweights divides by about N_j − 1 unless bias=True).")


def _reference_m_step(X, resp):
    return em.m_step(X, resp, reg_covar=0.0)


def _m_step_cases():
    def soft(seed, n, d, k, **kw):
        X, m, c, w = mixture(seed, n, d, k, **kw)
        shifted = m + 0.5 * np.random.default_rng(seed).normal(size=m.shape)  # not the truth: something to fix
        return X, em.e_step(X, shifted, c, w)

    X, resp = soft(301, 200, 2, 3)
    hard = np.eye(3)[resp.argmax(axis=1)]
    Xf, mf, cf, wf = mixture(304, 30, 2, 3)
    Xf = np.vstack([Xf, far_point(mf, cf, wf)])
    Xs, ms, cs, ws = mixture(305, 60, 2, 3, flat_component=True)
    specs = [
        ("2-D, 3 components, soft responsibilities", X, resp, {}),
        ("1-D data (d = 1), 2 components", *soft(302, 60, 1, 2, spread=2.0), {}),
        ("5-D data, 2 components", *soft(303, 60, 5, 2, spread=1.0), {}),
        ("hard (one-hot) responsibilities", X, hard, {}),
        ("a point far from every component", Xf, em.e_step(Xf, mf, cf, wf), {}),
        ("a component on nearly collinear points (nearly singular covariance)", Xs, em.e_step(Xs, ms, cs, ws), {}),
    ]
    cases = []
    for name, X, r, labels in specs:
        data = {"X": X, "resp": r, "expected": _reference_m_step(X, r)}
        hint = "here d = 1: X has shape (n, 1); means come out (k, 1), covariances (k, 1, 1)." if "1-D" in name else ""
        cases.append(Case(name, (X, r), data, labels=labels, error_hint=hint))
    X, r = soft(306, 20, 2, 2)
    data = {"X": X, "resp": r, "expected": _reference_m_step(X, r)}
    cases.append(Case("lists instead of arrays", to_lists(X, r), data, error_hint=LIST_HINT))
    return cases + [_hidden_m_step_case(i, rng) for i, rng in enumerate(hidden_rngs("check_m_step"))]


def _hidden_m_step_case(i, rng):
    X, m, c, w, what = random_mixture(rng)
    r = em.e_step(X, m + rng.normal(scale=0.5, size=m.shape), c, w)
    return Case(hidden_name(i, what), (X, r), {"X": X, "resp": r, "expected": _reference_m_step(X, r)})


def _m_step_mistakes(name, X, resp, ref):
    """(hint, value) pairs for the quantity `name` ("weights", "means" or "covariances")."""
    n, k = resp.shape
    Nk = resp.sum(axis=0)
    w, mu, cov = ref
    if name == "weights":
        return [
            ("weights are N_j / n: divide by the number of points.", Nk),
            ("sum the responsibilities over points (axis=0): one N_j per component.", resp.sum(axis=1) / k),
            ("sum the responsibilities over points (axis=0): one N_j per component.", resp.mean(axis=1)),
        ]
    if name == "means":
        return [
            ("divide each weighted sum Σᵢ rᵢⱼ xᵢ by N_j = Σᵢ rᵢⱼ.", resp.T @ X),
            ("divide by N_j = Σᵢ rᵢⱼ, not by n.", resp.T @ X / n),
            ("the means must be weighted by the responsibilities.", np.repeat(X.mean(axis=0)[None], k, axis=0)),
        ]

    def weighted(centres, power=1, divide=Nk):
        out = []
        for j in range(k):
            diff = X - centres[j]
            out.append((resp[:, j] ** power * diff.T) @ diff / divide[j])
        return np.array(out)

    ones = np.ones(n)
    unweighted = np.array([(X - mu[j]).T @ (X - mu[j]) for j in range(k)])
    return [
        ("covariances not weighted by the responsibilities: Σᵢ rᵢⱼ (xᵢ − μⱼ)(xᵢ − μⱼ)ᵀ / N_j.", unweighted / n),
        ("covariances not weighted by the responsibilities: Σᵢ rᵢⱼ (xᵢ − μⱼ)(xᵢ − μⱼ)ᵀ / N_j.", unweighted / Nk[:, None, None]),
        ("covariances not weighted by the responsibilities: Σᵢ rᵢⱼ (xᵢ − μⱼ)(xᵢ − μⱼ)ᵀ / N_j.",
         np.array([np.cov(X, rowvar=False, bias=True).reshape(X.shape[1], -1)] * k)),
        ("divide each covariance by N_j = Σᵢ rᵢⱼ, not by n.", weighted(mu, divide=np.full(k, n))),
        ("divide each covariance by N_j = Σᵢ rᵢⱼ.", weighted(mu, divide=ones)),
        (N_MINUS_1, np.array([np.cov(X, rowvar=False, aweights=resp[:, j]).reshape(X.shape[1], -1) for j in range(k)])),
        (N_MINUS_1, weighted(mu, divide=Nk - 1)),
        ("centre each covariance on its new mean μⱼ, not on the mean of all the data.",
         weighted(np.repeat(X.mean(axis=0)[None], k, axis=0))),
        ("you weighted by rᵢⱼ twice (once per factor of the outer product): weight once.", weighted(mu, power=2)),
        ("a small number was added to the diagonal: here plain EM is expected (reg_covar=0).",
         cov + 1e-6 * np.eye(X.shape[1])),
    ]


def _judge_m_step(case, got):
    expected = case.data["expected"]
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        what = f"a {type(got).__name__}" + (f" of length {len(got)}" if isinstance(got, (tuple, list)) else "")
        return Problem(case.name, f"m_step must return three things, (weights, means, covariances); it returned {what}",
                       hint="end with: return weights, means, covariances")
    arrays = [as_array(v) for v in got]
    for name, exp, arr in zip(NAMES, expected, arrays):
        if close(exp, arr):
            continue
        shapes = [a.shape if a is not None else None for a in arrays]
        if sorted(map(str, shapes)) == sorted(str(e.shape) for e in expected) and shapes != [e.shape for e in expected]:
            return Problem(case.name, "the three results come in another order",
                           ", ".join(f"shape {e.shape}" for e in expected), ", ".join(f"shape {s}" for s in shapes),
                           hint="return them in the handout's order: weights, means, covariances.")
        summary, e, g = first_difference(exp, arr, what="component", count_from_one=True)
        hint = matches_any(arr, _m_step_mistakes(name, case.data["X"], case.data["resp"], expected))
        return Problem(case.name, f"{name}: {summary}", e, g, hint or "")
    return None


def check_m_step(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(X, responsibilities)`` -> (weights, means, covariances) against ``gmm_lab.m_step(..., reg_covar=0)``.

    Cases: soft 2-D; 1-D; 5-D; hard (one-hot) responsibilities; data with a far point;
    a component on nearly collinear points (nearly singular covariance); Python lists.
    Inputs must be left unchanged.

    Refuses gmm_lab's M-steps (``m_step``, ``em._m_step``, ``estimate_covariances``, ``m_step_map``,
    the batched engine's); ``gmm_lab.e_step`` (notebook 03) and NumPy are allowed.
    """
    return run_check("check_m_step", fn, ("m_step", "X", "responsibilities"), _m_step_cases(), _judge_m_step, timeout,
                     refused=REFUSALS["check_m_step"])
