"""A mixture of Bernoulli distributions: EM for binary data (PRML §9.3.3), in log space.

Each component j is D independent coins, one per pixel, with probabilities μ_j of "on":

    p(x | μ_j) = Π_d μ_jd^x_d (1 − μ_jd)^(1 − x_d).

E-step: ``log p(x_i | μ_j) = Σ_d x_id log μ_jd + (1 − x_id) log(1 − μ_jd)`` is one matrix
product (of X with the log-odds ``log μ_jd − log(1 − μ_jd)``, plus ``Σ_d log(1 − μ_jd)``),
and the responsibilities come from ``log π_j + log p(x_i | μ_j)`` by log-sum-exp, as for
Gaussians (``gmm_lab.em``). M-step (PRML 9.57–9.60): ``N_j = Σ_i r_ij``, ``π_j = N_j / n``,
``μ_j = Σ_i r_ij x_i / N_j``.

**The never-on pixel.** A pixel that is off in every image a component is responsible for
gets μ_jd = 0 from the M-step (and an always-on pixel μ_jd = 1). Then ``x log μ`` is
0 · (−∞) = NaN in the E-step's matrix product, and a new image with that pixel on has
probability 0: log-likelihood −∞. Here every mean is kept in ``[ε, 1 − ε]``, ε = ``bound``
(default ``MEAN_BOUND`` = 1e-10): a pixel never seen on costs log ε ≈ −23 nats, finite. This
is still maximum-likelihood EM, on the means restricted to that interval: the M-step's
objective for one μ_jd, ``A log μ + B log(1 − μ)``, is concave, so its maximum on the interval
is the unrestricted maximum clipped to it, which is what the M-step computes. The
log-likelihood therefore never decreases, and where no mean reaches the bound the run is
plain EM exactly (tests/test_bernoulli.py compares it with a textbook version).

``gmm_lab.em.em_loop`` is the Gaussian loop (it calls the Gaussian E-step by name), so this
module has a loop of its own, of the same shape: E-step at the start, then M-step, E-step
until the log-likelihood changes by less than ``tol``.
"""

from dataclasses import dataclass, field

import numpy as np

from ..em import NK_FLOOR
from ..parameters import check_params
from ..results import EMStep, warn_not_converged
from ..validation import (
    as_float_array,
    check_random_state,
    check_finite,
    check_n_components,
    check_nonnegative_float,
    check_positive_int,
    check_X,
)
from .threads import one_blas_thread

__all__ = ["MEAN_BOUND", "BernoulliResult", "bernoulli_e_step", "bernoulli_log_pdf", "bernoulli_start",
           "run_em_bernoulli"]

MEAN_BOUND = 1e-10  # ε: means stay in [ε, 1 − ε]; log ε ≈ −23 nats for a pixel a component never saw on


@dataclass(frozen=True)
class BernoulliResult:
    """What ``run_em_bernoulli`` returns: ``EMResult``'s fields, less what only a Gaussian has.

    A Bernoulli component has no covariance, so there is no ``covariances``,
    ``covariance_type``, ``collapsed`` or ``reg_covar``; ``history`` holds ``EMStep``s whose
    ``covariances`` is None. Everything else reads as in ``EMResult``.

    Attributes
    ----------
    means : ndarray of shape (n_components, n_features)
        The probability of each pixel being on, per component, in ``[bound, 1 - bound]``.
    weights : ndarray of shape (n_components,)
    responsibilities : ndarray of shape (n_samples, n_components)
        Computed from the final parameters.
    log_likelihoods : ndarray of shape (n_iter + 1,)
        The total log-likelihood of the start (``[0]``) and after each iteration.
    n_iter, converged, max_iter, tol : as in ``EMResult``.
    history : list of EMStep
        ``history[t]`` the state after iteration t (``history[0]`` the start).
    bound : float
        ε: the M-step kept every mean in ``[ε, 1 − ε]``.
    """

    means: np.ndarray
    weights: np.ndarray
    responsibilities: np.ndarray
    log_likelihoods: np.ndarray
    n_iter: int
    converged: bool
    max_iter: int
    tol: float
    history: list = field(repr=False)
    bound: float = MEAN_BOUND

    @property
    def n_components(self):
        return len(self.weights)

    @property
    def log_likelihood(self):
        """Total log-likelihood of the final parameters."""
        return float(self.log_likelihoods[-1])

    @property
    def at_bound(self):
        """Boolean (n_components, n_features): the means the bound holds at ε or 1 − ε."""
        return (self.means <= self.bound) | (self.means >= 1.0 - self.bound)

    @property
    def n_parameters(self):
        """Free parameters: K·D means and K − 1 weights (they sum to 1)."""
        k, d = self.means.shape
        return k * d + k - 1

    def bic(self):
        """``-2 log L + p log n`` on the data the run was fitted to (lower is better)."""
        return -2.0 * self.log_likelihood + self.n_parameters * np.log(self.responsibilities.shape[0])


# --------------------------------------------------------------------------- #
# Checks
# --------------------------------------------------------------------------- #
def _check_means(means):
    means = as_float_array(means, "means")
    if means.ndim == 2:
        check_finite(means, "means")
        outside = ~((means > 0) & (means < 1))
        if outside.any():
            j, d = (int(i) for i in np.argwhere(outside)[0])
            raise ValueError(
                f"means must lie strictly between 0 and 1 (each is the probability of a pixel being on, and "
                f"log 0 = -inf); means[{j}, {d}] = {float(means[j, d])!r}. Start from, e.g., "
                f"rng.uniform(0.25, 0.75, size=(K, D)), or np.clip(means, 0.01, 0.99).")
    return means


def _check_binary(X, n_features):
    X = check_X(X, n_features=n_features)  # shapes, NaN and infinities first
    bad = (X != 0) & (X != 1)
    if bad.any():
        i, d = (int(v) for v in np.argwhere(bad)[0])
        raise ValueError(
            f"X must be binary, 0 or 1 in every entry ({int(bad.sum())} entries are not; X[{i}, {d}] = "
            f"{float(X[i, d])!r}). Threshold it first, e.g. (X >= 8).astype(float) for pixel values 0 to 16.")
    return X


def check_bernoulli_start(X, means, weights):
    """(X, means, weights) checked: X binary (n, D), means (K, D) in (0, 1), weights (K,) summing to 1."""
    means = _check_means(means)
    k = means.shape[0] if means.ndim == 2 and means.shape[0] else 1  # else check_params says what is wrong
    means, _, weights = check_params(means, np.ones(k), weights, covariance_type="spherical")
    return _check_binary(X, means.shape[1]), means, weights


# --------------------------------------------------------------------------- #
# The two steps
# --------------------------------------------------------------------------- #
def _e_step(X, means, weights):
    """Responsibilities (n, K) and log p(x_i) (n,), by log-sum-exp; means strictly inside (0, 1)."""
    # log p(x_i | μ_j) = Σ_d x_id log(μ_jd / (1 − μ_jd)) + Σ_d log(1 − μ_jd): one matrix product
    log_off = np.log1p(-means)
    a = X @ (np.log(means) - log_off).T + log_off.sum(axis=1)
    with np.errstate(divide="ignore"):  # a weight of exactly 0: log 0 = -inf, r = 0
        a += np.log(weights)
    top = a.max(axis=1, keepdims=True)
    resp = np.exp(a - top)
    total = resp.sum(axis=1, keepdims=True)
    resp /= total
    return resp, np.log(total[:, 0]) + top[:, 0]


def _m_step(X, resp, bound):
    """(weights, means): PRML 9.59-9.60, each mean clipped to [bound, 1 - bound] (the restricted maximum)."""
    nk = resp.sum(axis=0) + NK_FLOOR  # as the Gaussian M-step: a component with no points is never 0 / 0
    means = np.clip(resp.T @ X / nk[:, None], bound, 1.0 - bound)
    return nk / X.shape[0], means


def bernoulli_e_step(X, means, weights):
    """Responsibilities of a Bernoulli mixture, shape (n_samples, n_components), in log space.

    ``r_ij ∝ π_j Π_d μ_jd^x_id (1 − μ_jd)^(1 − x_id)``, from the logs by log-sum-exp, so a
    binary image far from every component still gets a row that sums to 1.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features), entries 0 or 1
    means : array-like of shape (n_components, n_features), strictly between 0 and 1
    weights : array-like of shape (n_components,)
    """
    return _e_step(*check_bernoulli_start(X, means, weights))[0]


def bernoulli_log_pdf(X, means, weights):
    """Per-point log-probability ``log Σ_j π_j p(x_i | μ_j)`` of a Bernoulli mixture, shape (n_samples,).

    Arguments as for ``bernoulli_e_step``; the sum is the log-likelihood ``run_em_bernoulli`` records.
    """
    return _e_step(*check_bernoulli_start(X, means, weights))[1]


def bernoulli_start(n_components, n_features, random_state=None):
    """A random start, as PRML §9.3.3 makes one: means uniform on (0.25, 0.75), equal weights.

    Returns ``(means, weights)``, shapes (n_components, n_features) and (n_components,).
    """
    k = check_positive_int(n_components, "n_components")
    d = check_positive_int(n_features, "n_features")
    return check_random_state(random_state).uniform(0.25, 0.75, size=(k, d)), np.full(k, 1.0 / k)


# --------------------------------------------------------------------------- #
# The loop
# --------------------------------------------------------------------------- #
def run_em_bernoulli(X, means, weights, *, max_iter=100, tol=1e-4, bound=MEAN_BOUND, keep_history=True):
    """Fit a mixture of Bernoulli distributions to binary data by EM, from the given start.

    Maximum-likelihood EM, in log space, with every mean kept in ``[bound, 1 - bound]`` (the
    module's docstring says why: a never-on pixel). Stops when an iteration changes the total
    log-likelihood by less than `tol`, else after `max_iter` iterations with a
    ``ConvergenceWarning``; ``tol=None`` runs exactly `max_iter` iterations, as ``run_em``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Binary: every entry 0 or 1 (booleans are fine).
    means : array-like of shape (n_components, n_features)
        The start, strictly between 0 and 1.
    weights : array-like of shape (n_components,)
        Non-negative, summing to 1.
    max_iter : int, default=100
    tol : float or None, default=1e-4
        On the total log-likelihood, as ``run_em``.
    bound : float, default=MEAN_BOUND (1e-10)
        ε, from 0 (plain EM: a mean may reach 0 or 1, and the E-step then fails) to below 0.5.
    keep_history : bool, default=True
        Keep every iteration in ``history``; False keeps the start and the end.

    Returns
    -------
    BernoulliResult

    Examples
    --------
    >>> import numpy as np, gmm_lab as g
    >>> X = np.array([[1, 1, 0, 0]] * 5 + [[0, 0, 1, 1]] * 5)
    >>> fit = g.run_em_bernoulli(X, [[0.6, 0.6, 0.4, 0.4], [0.4, 0.4, 0.6, 0.6]], [0.5, 0.5])
    >>> np.round(fit.means, 3).tolist(), bool(fit.at_bound.all())
    ([[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]], True)
    """
    max_iter = check_positive_int(max_iter, "max_iter")
    tol = None if tol is None else check_nonnegative_float(tol, "tol")
    bound = check_nonnegative_float(bound, "bound")
    if bound >= 0.5:
        raise ValueError(f"bound must be below 0.5 (the means are kept in [bound, 1 - bound]); got {bound!r}.")
    X, means, weights = check_bernoulli_start(X, means, weights)
    check_n_components(len(weights), X.shape[0])
    # one BLAS thread, as the checks run: each product is small ((n, D) by (D, K)), so threads cost more
    # than they share out, and on a busy machine far more (notebook 14 ran 10x slower with them, 2026-12-05)
    with one_blas_thread():
        return _loop(X, means, weights, max_iter, tol, bound, keep_history)


def _loop(X, means, weights, max_iter, tol, bound, keep_history):
    """``run_em_bernoulli`` on checked arguments."""
    resp, log_prob = _e_step(X, means, weights)
    current = EMStep(0, means, None, weights, resp, float(log_prob.sum()))
    history, trace, converged = [current], [current.log_likelihood], False
    for t in range(1, max_iter + 1):
        weights, means = _m_step(X, resp, bound)  # M-step: θ(t) from r(t)
        with np.errstate(divide="ignore", invalid="ignore"):  # bound=0: say what broke, below
            resp, log_prob = _e_step(X, means, weights)  # E-step of θ(t): r(t + 1) and log p(x_i)
        if not np.all(np.isfinite(log_prob)):
            raise ValueError(f"EM iteration {t}: the log-likelihood is NaN or -inf, because a mean reached 0 or 1 "
                             f"(a pixel never on, or always on, in a component's images) and bound={bound!r}. "
                             f"Use bound > 0, e.g. the default {MEAN_BOUND:g}.")
        current = EMStep(t, means, None, weights, resp, float(log_prob.sum()))
        trace.append(current.log_likelihood)
        if keep_history:
            history.append(current)
        if tol is not None and abs(trace[-1] - trace[-2]) < tol:
            converged = True
            break
    if history[-1] is not current:
        history.append(current)
    if not converged and tol is not None:
        warn_not_converged("Bernoulli EM", max_iter, trace, tol, stacklevel=4)
    return BernoulliResult(current.means, current.weights, current.responsibilities, np.array(trace), current.iteration,
                           converged, max_iter, tol, history, bound)
