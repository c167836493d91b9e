"""check_bernoulli_e_step (14): a right answer passes, the usual mistakes fail with their hint, gmm_lab's own
E-step is refused (and passes when the refusal is lifted), and graded runs add hidden cases."""

import numpy as np
import pytest
from scipy.special import logsumexp

import gmm_lab as g
from gmm_lab.course import checks
from gmm_lab.course.checks import _hidden, _refusals


def _a(X, means, weights):
    X, means = np.asarray(X, dtype=float), np.asarray(means, dtype=float)
    return X, means, np.log(np.asarray(weights, dtype=float))


def right(X, means, weights):
    X, means, log_w = _a(X, means, weights)
    a = X @ np.log(means).T + (1 - X) @ np.log(1 - means).T + log_w
    return np.exp(a - logsumexp(a, axis=1, keepdims=True))


def right_with_loops(X, means, weights):
    X, means, log_w = _a(X, means, weights)
    a = np.array([[log_w[j] + sum(np.log(m) if x else np.log(1 - m) for x, m in zip(row, means[j]))
                   for j in range(len(means))] for row in X])
    top = a.max(axis=1, keepdims=True)
    return np.exp(a - top - np.log(np.exp(a - top).sum(axis=1, keepdims=True)))


def pdf_space(X, means, weights):
    X, means, _ = _a(X, means, weights)
    p = np.prod(means[None] ** X[:, None] * (1 - means[None]) ** (1 - X[:, None]), axis=2) * weights
    return p / p.sum(axis=1, keepdims=True)


def only_on_pixels(X, means, weights):
    X, means, log_w = _a(X, means, weights)
    a = X @ np.log(means).T + log_w
    return np.exp(a - logsumexp(a, axis=1, keepdims=True))


def swapped(X, means, weights):
    X, means, log_w = _a(X, means, weights)
    a = X @ np.log(1 - means).T + (1 - X) @ np.log(means).T + log_w
    return np.exp(a - logsumexp(a, axis=1, keepdims=True))


def no_weights(X, means, weights):
    X, means, _ = _a(X, means, weights)
    a = X @ np.log(means).T + (1 - X) @ np.log(1 - means).T
    return np.exp(a - logsumexp(a, axis=1, keepdims=True))


def clipped(X, means, weights):
    return right(X, np.clip(np.asarray(means, dtype=float), 1e-6, 1 - 1e-6), weights)


def epsilon_in_logs(X, means, weights):
    X, means, log_w = _a(X, means, weights)
    a = X @ np.log(means + 1e-10).T + (1 - X) @ np.log(1 - means + 1e-10).T + log_w
    return np.exp(a - logsumexp(a, axis=1, keepdims=True))


def transposed(X, means, weights):
    return right(X, means, weights).T


@pytest.mark.parametrize("fn", [right, right_with_loops])
def test_right_answers_pass(fn):
    result = checks.check_bernoulli_e_step(fn)
    assert result, repr(result)
    assert result.passed == result.cases and len(result.cases) == 5


@pytest.mark.parametrize("fn, case, hint", [
    (pdf_space, "a digit far from every component", "underflows to 0 for each, and its row is 0/0 = NaN"),
    (only_on_pixels, "16 pixels", "add (1 − x) log(1 − μ) for the pixels that are off"),
    (swapped, "16 pixels", "μ and 1 − μ are swapped"),
    (no_weights, "16 pixels", "the weights πⱼ are missing"),
    (clipped, "a never-on pixel", "the means were clipped"),
    (epsilon_in_logs, "a never-on pixel", "a small number was added inside the logs"),
    (transposed, "16 pixels", "shape (n, K), not (K, n)"),
], ids=lambda x: getattr(x, "__name__", None))
def test_wrong_answers_fail_with_their_hint(fn, case, hint):
    result = checks.check_bernoulli_e_step(fn)
    assert not result and result.status == "failed"
    [message] = [m for m in result.failures if m.startswith(case)]
    assert hint in message, message


def test_the_reference_is_refused_and_is_what_the_check_expects():
    assert checks.check_bernoulli_e_step(g.bernoulli_e_step).status == "refused"
    refusal = _refusals.REFUSALS["check_bernoulli_e_step"]
    _refusals.REFUSALS["check_bernoulli_e_step"] = None
    try:
        assert checks.check_bernoulli_e_step(g.bernoulli_e_step)
    finally:
        _refusals.REFUSALS["check_bernoulli_e_step"] = refusal


def test_the_traps_are_real():
    """The far digit underflows in probability space; the never-on pixel's means sit at the bound."""
    from gmm_lab.course.checks.bernoulli import _cases

    cases = {c.name.split(" (")[0]: c for c in _cases()}
    far = cases["a digit far from every component"]
    X, means, weights = far.args
    with np.errstate(under="ignore", invalid="ignore"):
        assert np.isnan(pdf_space(X[-1:], means, weights)).all()
    X, means, _ = cases["a never-on pixel"].args
    assert X[:-1, 0].max() == 0 and X[-1, 0] == 1 and means[0, 0] == g.practice.bernoulli.MEAN_BOUND


def test_graded_runs_add_hidden_cases(monkeypatch):
    monkeypatch.setenv(_hidden.SEED_ENV, "20250611")
    result = checks.check_bernoulli_e_step(right)
    assert result and sum(c.startswith("hidden case") for c in result.cases) == 2


def test_not_a_function():
    with pytest.raises(ValueError, match=r"needs your function itself, not ndarray"):
        checks.check_bernoulli_e_step(np.zeros(3))
