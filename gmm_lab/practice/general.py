"""EM in general (PRML section 9.4): the decomposition it climbs, and a generalised EM.

For any distribution q over the latent variables,

    ln p(X | theta) = L(q, theta) + KL(q || p(Z | X, theta)),

with ``L(q, theta) = sum_Z q(Z) ln(p(X, Z | theta) / q(Z))`` (``gmm_lab.lower_bound``) and a
Kullback-Leibler divergence that is never negative. The E-step sets q to the posterior: the
KL term becomes 0 and L touches ln p. The M-step raises L over theta with q fixed; ln p rises
at least as much, since the KL term, 0 before, can only have grown. ``decomposition`` computes
the three terms, each on its own (the KL term from its definition, not as a difference), and
``decomposition_path`` follows them through a run, half-step by half-step (PRML Figs. 9.11-9.13).

A generalised EM (GEM) only needs an M-step that *raises* L, not one that maximises it.
``run_ecm`` is one: each iteration's M-step maximises over one block of parameters with the
other held fixed (weights and means, then, in the next iteration, covariances), the
expectation conditional maximisation of Meng and Rubin (1993) with an E-step between the
blocks. It runs through ``run_em``'s own loop (``em_loop``), given that partial M-step.
"""

from typing import NamedTuple

import numpy as np

from ..bound import lower_bound
from ..covariances import estimate_covariances
from ..em import NK_FLOOR, em_loop, log_mixture_pdf, m_step
from ..gaussian import log_gaussian_pdf
from ..parameters import check_start
from ..results import EMResult, MStep, warn_not_converged
from ..validation import check_nonnegative_float, check_positive_int, check_responsibilities

__all__ = ["Decomposition", "decomposition", "decomposition_path", "log_posterior", "run_ecm"]


class Decomposition(NamedTuple):
    """``log_likelihood = bound + kl`` (to rounding), each computed on its own."""

    bound: float
    kl: float
    log_likelihood: float


def log_posterior(X, means, covariances, weights):
    """``ln p(j | x_i, theta)``, shape (n_samples, n_components), and ``ln p(x_i | theta)``, shape (n_samples,).

    For checked full-covariance arrays (``check_start``); a weight of 0 gives a log posterior of
    -inf in its column. The log joint ``ln w_j + ln N(x_i | mu_j, Sigma_j)`` less the log mixture
    density, in log space throughout.
    """
    log_p = log_mixture_pdf(X, means, covariances, weights, check_input=False)
    with np.errstate(divide="ignore"):
        log_joint = np.column_stack([np.log(w) + log_gaussian_pdf(X, m, c)
                                     for m, c, w in zip(means, covariances, weights)])
    return log_joint - log_p[:, None], log_p


def decomposition(X, q, means, covariances, weights):
    """The three terms of ``ln p(X | theta) = L(q, theta) + KL(q || posterior)`` for a full-covariance mixture.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    q : array-like of shape (n_samples, n_components)
        Any distribution over each point's component: non-negative rows that sum to 1.
    means, covariances, weights : the mixture, as for ``e_step``.

    Returns
    -------
    Decomposition
        ``bound`` (``lower_bound``), ``kl`` (``sum_i sum_j q_ij ln(q_ij / p(j | x_i))``, with
        0 ln 0 = 0, from the log posterior) and ``log_likelihood``.

    Examples
    --------
    >>> import gmm_lab as g
    >>> X, _ = g.load_faithful()
    >>> start = g.init_params(X, 2, random_state=0)
    >>> d = decomposition(X, g.e_step(X, *start), *start)  # the E-step's q: no gap
    >>> abs(d.kl) < 1e-9 and abs(d.bound - d.log_likelihood) < 1e-9
    True
    """
    X, means, covariances, weights = check_start(X, means, covariances, weights)
    q = check_responsibilities(q, X.shape[0], for_m_step=False)
    if q.shape[1] != len(weights):
        raise ValueError(f"q has {q.shape[1]} columns but the mixture has {len(weights)} components; "
                         f"pass one column per component.")
    log_post, log_p = log_posterior(X, means, covariances, weights)
    with np.errstate(divide="ignore"):
        log_q = np.log(q)
    used = q > 0  # 0 ln 0 = 0
    kl = float(np.sum(q[used] * (log_q - log_post)[used]))
    return Decomposition(lower_bound(X, q, means, covariances, weights), kl, float(log_p.sum()))


def decomposition_path(X, run, start_q=None, *, n_half_steps=None):
    """The decomposition at each half-step of a full-covariance `run` (an ``EMResult`` with its history).

    At the start the parameters are the run's start and q is `start_q` (default: every
    component equally likely for every point); at the E-step of iteration t, the parameters
    after iteration t - 1 and their posterior; at its M-step, the new parameters and the same q.

    Returns
    -------
    bound, kl, log_likelihood : ndarray of shape (n_half_steps + 1,)
    """
    n_half_steps = run.n_half_steps if n_half_steps is None else min(int(n_half_steps), run.n_half_steps)
    rows = []
    for step in range(n_half_steps + 1):
        h = run.half_step(step)
        q = h.responsibilities
        if q is None:
            q = np.full((len(h.state.responsibilities), run.n_components), 1 / run.n_components) \
                if start_q is None else start_q
        rows.append(decomposition(X, q, h.state.means, h.state.covariances, h.state.weights))
    return tuple(np.array(column) for column in zip(*rows))


def run_ecm(X, means, covariances, weights, *, max_iter=100, tol=1e-4, reg_covar=1e-6):
    """A generalised EM: each M-step maximises over one block of parameters only (full covariances).

    Odd iterations: an E-step, then the weights and means of ``m_step`` with the covariances
    kept; even iterations: an E-step, then the covariances around the current means, the
    weights and means kept. Each partial M-step maximises the bound over its block with the
    other fixed, so it raises the bound and the log-likelihood never decreases, up to
    `reg_covar` (the covariance step adds ``reg_covar I``, so it maximises only nearly: an iteration
    in which a component collapses can lower the log-likelihood a little); it needs
    more iterations than EM (tested). ``run_em``'s loop (``em_loop``) does the rest; as ``run_em``,
    it warns (``ConvergenceWarning``) when it stops at `max_iter` with `tol` unmet, and
    ``tol=None`` runs exactly `max_iter` iterations, with no warning.

    Parameters
    ----------
    X, means, covariances, weights, max_iter, tol, reg_covar : as for ``run_em``.

    Returns
    -------
    EMResult
        Its ``history`` holds every iteration, whichever block it moved.
    """
    max_iter = check_positive_int(max_iter, "max_iter")
    tol = None if tol is None else check_nonnegative_float(tol, "tol")
    reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
    X, means, covariances, weights = check_start(X, means, covariances, weights)

    def one_block(X, resp, current):  # iteration current.iteration + 1
        if current.iteration % 2 == 0:  # weights and means: m_step's, its covariances left aside
            new = m_step(X, resp, reg_covar=reg_covar, check_input=False)
            return MStep(new.weights, new.means, current.covariances)
        # the covariances around the kept means; N_j floored as in m_step, so a component no point is
        # responsible for gets reg_covar I, not 0 / 0 = NaN
        nk = resp.sum(axis=0) + NK_FLOOR
        return MStep(current.weights, current.means, estimate_covariances(X, resp, nk, current.means, reg_covar))

    history, trace, _, converged = em_loop(X, means, covariances, weights, one_block, max_iter=max_iter, tol=tol)
    end = history[-1]
    if not converged and tol is not None:
        warn_not_converged("ECM", max_iter, trace, tol)
    return EMResult(end.means, end.covariances, end.weights, end.responsibilities, trace, end.iteration,
                    converged, max_iter, tol, history, "full", (), reg_covar)
