"""gmm_lab.run_em_bernoulli (notebook 14): plain EM from the same start, a log-likelihood that never
decreases, the never-on pixel kept finite, and bad input refused with what to fix."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import logsumexp

import gmm_lab as g
from gmm_lab.practice.bernoulli import MEAN_BOUND


def textbook_em(X, means, weights, n_iter):
    """PRML 9.56-9.60 as written, in probability space: the products of the pixels' probabilities."""
    trace, resp_trace = [], []
    for _ in range(n_iter + 1):
        p = np.prod(means[None] ** X[:, None] * (1 - means[None]) ** (1 - X[:, None]), axis=2)  # (n, K)
        joint = weights * p
        trace.append(np.log(joint.sum(axis=1)).sum())
        resp = joint / joint.sum(axis=1, keepdims=True)
        resp_trace.append(resp)
        Nk = resp.sum(axis=0)
        weights, means = Nk / len(X), resp.T @ X / Nk[:, None]
    return np.array(trace), resp_trace


def prototypes(seed, n=300, d=12, k=3):
    """Binary images from k noisy prototypes, every pixel on in some image and off in another."""
    rng = np.random.default_rng(seed)
    protos = rng.uniform(0.1, 0.9, size=(k, d))
    z = rng.choice(k, size=n, p=[0.2, 0.3, 0.5][:k] if k == 3 else None)
    return (rng.random((n, d)) < protos[z]).astype(float), rng.uniform(0.25, 0.75, size=(k, d)), np.full(k, 1 / k)


def test_equals_a_textbook_implementation_from_the_same_start():
    X, means, weights = prototypes(0)
    fit = g.run_em_bernoulli(X, means, weights, max_iter=30, tol=None)
    trace, resp = textbook_em(X, means, weights, 30)
    assert not fit.at_bound.any()  # the bound never acted: this is plain EM
    np.testing.assert_allclose(fit.log_likelihoods, trace, rtol=1e-10)
    for t in (0, 1, 7, 30):
        np.testing.assert_allclose(fit.history[t].responsibilities, resp[t], rtol=1e-10, atol=1e-12)
    assert len(fit.history) == 31 and fit.history[0].means is not None and fit.history[5].covariances is None
    assert [h.log_likelihood for h in fit.history] == list(fit.log_likelihoods)
    np.testing.assert_allclose(fit.history[0].means, means)  # the trace includes the start


def test_the_result_reads_like_em_results():
    X, means, weights = prototypes(1)
    fit = g.run_em_bernoulli(X, means, weights, tol=1e-8, max_iter=500)
    assert fit.converged and fit.n_iter == len(fit.log_likelihoods) - 1 and fit.n_components == 3
    assert fit.log_likelihood == fit.log_likelihoods[-1] == pytest.approx(g.bernoulli_log_pdf(X, fit.means,
                                                                                               fit.weights).sum())
    np.testing.assert_allclose(fit.responsibilities, g.bernoulli_e_step(X, fit.means, fit.weights))
    assert fit.n_parameters == 3 * 12 + 2
    assert fit.bic() == pytest.approx(-2 * fit.log_likelihood + 38 * np.log(300))
    short = g.run_em_bernoulli(X, means, weights, tol=1e-8, max_iter=500, keep_history=False)
    assert [h.iteration for h in short.history] == [0, fit.n_iter]
    np.testing.assert_array_equal(short.means, fit.means)
    with pytest.warns(g.ConvergenceWarning, match="did not converge in max_iter=2"):
        g.run_em_bernoulli(X, means, weights, max_iter=2)


def test_the_e_step_is_bayes_rule_in_log_space_even_far_from_every_component():
    rng = np.random.default_rng(2)
    means = np.clip(rng.random((3, 64)).round(), MEAN_BOUND, 1 - MEAN_BOUND)  # at the bounds, as a fit leaves them
    far = 1 - means[:1].round()  # every pixel wrong for component 1: π p(x) = 1e-640 in probability space
    X = np.vstack([far, means.round()])
    a = X @ np.log(means).T + (1 - X) @ np.log(1 - means).T + np.log([0.2, 0.3, 0.5])
    r = g.bernoulli_e_step(X, means, [0.2, 0.3, 0.5])
    np.testing.assert_allclose(r, np.exp(a - logsumexp(a, axis=1, keepdims=True)), rtol=1e-9)
    assert np.all(np.isfinite(r)) and np.allclose(r.sum(axis=1), 1)


def test_a_never_on_pixel_stays_finite_and_plain_em_says_why_it_fails():
    X, means, weights = prototypes(3)
    X[:, 4] = 0  # pixel 4 is never on
    fit = g.run_em_bernoulli(X, means, weights, max_iter=1000)
    np.testing.assert_array_equal(fit.means[:, 4], MEAN_BOUND)
    assert np.isfinite(fit.log_likelihoods).all() and np.all(np.diff(fit.log_likelihoods) > -1e-9)
    new = X[:1].copy()
    new[0, 4] = 1  # a new image with that pixel on: log ε = -23 nats less likely, not impossible
    assert g.bernoulli_log_pdf(new, fit.means, fit.weights)[0] < g.bernoulli_log_pdf(X[:1], fit.means,
                                                                                      fit.weights)[0] - 20
    assert np.isfinite(g.bernoulli_log_pdf(new, fit.means, fit.weights)).all()
    with pytest.raises(ValueError, match=r"EM iteration 1: the log-likelihood is NaN or -inf, because a mean "
                                         r"reached 0 or 1.*bound=0.0.*Use bound > 0"):
        g.run_em_bernoulli(X, means, weights, bound=0)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 30), d=st.integers(1, 8), k=st.integers(1, 4), seed=st.integers(0, 2**32 - 1),
       p_on=st.floats(0.0, 1.0))
def test_the_log_likelihood_never_decreases(n, d, k, seed, p_on):
    rng = np.random.default_rng(seed)
    k = min(k, n)
    X = rng.random((n, d)) < p_on  # booleans; whole columns off (or on) when p_on is near 0 (or 1)
    fit = g.run_em_bernoulli(X, rng.uniform(0.05, 0.95, (k, d)), rng.dirichlet(np.ones(k)), max_iter=40, tol=None)
    ll = fit.log_likelihoods
    assert np.isfinite(ll).all()
    assert np.all(np.diff(ll) >= -1e-9 * np.maximum(1.0, np.abs(ll[1:])))
    assert np.all((fit.means >= MEAN_BOUND) & (fit.means <= 1 - MEAN_BOUND))
    assert fit.weights.sum() == pytest.approx(1.0)


GOOD = (np.array([[0, 1, 1], [1, 0, 0], [1, 1, 0]]), [[0.3, 0.6, 0.5], [0.7, 0.2, 0.4]], [0.5, 0.5])


@pytest.mark.parametrize("change, message", [
    ({"X": [[0, 1, 0.5], [1, 0, 0], [1, 1, 0]]}, r"X must be binary, 0 or 1 in every entry.*X\[0, 2\] = 0\.5.*"
                                                  r"Threshold it first"),
    ({"X": [[0, 1, 2], [1, 0, 0], [1, 1, 0]]}, r"X must be binary"),
    ({"X": [[0, 1, np.nan], [1, 0, 0], [1, 1, 0]]}, r"X contains NaN or infinite values"),
    ({"X": [[0, 1], [1, 0]]}, r"X has 2 features but the parameters have 3"),
    ({"means": [[0.3, 0.6], [0.7, 0.2]]}, r"means have 2 features but X has 3|X has 3 features but the parameters "
                                          r"have 2"),
    ({"means": [[0.3, 0.6, 0.0], [0.7, 0.2, 0.4]]}, r"means must lie strictly between 0 and 1.*means\[0, 2\] = 0\.0"
                                                    r".*rng.uniform\(0.25, 0.75"),
    ({"means": [[0.3, 0.6, 0.5], [1.0, 0.2, 0.4]]}, r"strictly between 0 and 1.*means\[1, 0\] = 1\.0"),
    ({"means": [[0.3, 0.6, 0.5], [0.7, np.nan, 0.4]]}, r"means contains NaN"),
    ({"means": [0.3, 0.6, 0.5]}, r"means must be 2-D"),
    ({"weights": [0.6, 0.6]}, r"weights must sum to 1.*Divide them by their sum"),
    ({"weights": [1.2, -0.2]}, r"weights must be non-negative"),
    ({"weights": [1.0]}, r"weights must have shape \(n_components,\) = \(2,\)"),
    ({"X": [[0, 1, 1]]}, r"n_components=2 but there are only 1 data points"),
])
def test_bad_input_says_what_to_fix(change, message):
    args = dict(zip(("X", "means", "weights"), GOOD)) | change
    with pytest.raises(ValueError, match=message):
        g.run_em_bernoulli(args["X"], args["means"], args["weights"])
    if "data points" not in message:  # the E-step of one new image under a fitted mixture is fine
        with pytest.raises(ValueError, match=message):
            g.bernoulli_e_step(args["X"], args["means"], args["weights"])


@pytest.mark.parametrize("kwargs, message", [({"bound": 0.5}, "bound must be below 0.5"),
                                             ({"bound": -1e-3}, "bound must be a finite number >= 0"),
                                             ({"max_iter": 0}, "max_iter must be an integer >= 1"),
                                             ({"tol": -1}, "tol must be a finite number >= 0")])
def test_bad_options_say_what_to_fix(kwargs, message):
    with pytest.raises(ValueError, match=message):
        g.run_em_bernoulli(*GOOD, **kwargs)


def test_inputs_are_left_unchanged():
    X, means, weights = (np.array(a, dtype=float) for a in GOOD)
    copies = [a.copy() for a in (X, means, weights)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        g.run_em_bernoulli(X, means, weights, max_iter=3)
    for a, b in zip((X, means, weights), copies):
        np.testing.assert_array_equal(a, b)
