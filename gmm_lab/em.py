"""The EM algorithm for a Gaussian mixture, in log space.

Read this file top to bottom to see EM in code: the E-step, the M-step, and the loop that
alternates them (``em_loop``, which ``run_em`` calls: the loop notebook 05 writes out).
Names and argument order follow the lab handout (``e_step(X, means, covariances,
weights)``, ``m_step(X, responsibilities)`` returning ``(weights, means,
covariances)``), so the two can be read side by side; the maths is done the
numerically safe way: Cholesky factors instead of inverses and determinants
(``gmm_lab.gaussian``), and log-sum-exp instead of dividing tiny densities. Arrays are
laid out as in scikit-learn: points in rows, ``X`` of shape (n_samples, n_features),
responsibilities (n_samples, n_components).

Every function takes ``covariance_type`` (default ``"full"``), one of scikit-learn's
four, with its shapes: "full" (n_components, n_features, n_features), "tied"
(n_features, n_features), "diag" (n_components, n_features) and "spherical"
(n_components,). Only the covariances differ: the M-step estimates them by type
(``gmm_lab.covariances``) and the E-step whitens with the type's precision factor
(``gmm_lab.gaussian``).

The public functions check their inputs (``gmm_lab.validation``) and call the private
steps ``_e_step`` and ``_m_step``, which trust them. The loop, ``em_loop``, calls
``_e_step`` by name, as scikit-learn's ``fit_predict`` calls its ``_e_step`` and
``_m_step``, and the M-step it is given: ``run_em`` gives it ``_m_step``, ``run_em_map``
and ``fixed_variance_em`` (``gmm_lab.practice``) M-steps of their own.
"""

import warnings

import numpy as np

from .collapse import collapse_message, collapsed_in_batch
from .covariances import estimate_covariances, precision_cholesky
from .gaussian import log_gaussian_prob
from .parameters import check_start
from .results import CollapseWarning, EMResult, EMStep, MStep, warn_not_converged
from .validation import (
    check_covariance_type,
    check_n_components,
    check_nonnegative_float,
    check_positive_int,
    check_responsibilities,
    check_X,
)

__all__ = ["e_step", "m_step", "log_likelihood", "log_mixture_pdf", "run_em", "em_loop", "NK_FLOOR"]

# Added to every N_j = sum_i r_ij, as scikit-learn does: a component that no point is
# responsible for gets weight ~0 and the mean and covariance of nothing, never 0 / 0.
NK_FLOOR = 10 * np.finfo(float).eps


# --------------------------------------------------------------------------- #
# E-step: responsibilities, and the log-likelihood from the same pass
# --------------------------------------------------------------------------- #
def _e_step(X, means, covariances, weights, covariance_type="full"):
    """Responsibilities (n_samples, n_components) and per-point log p(x_i), shape (n_samples,).

    With ``a_ij = log w_j + log N(x_i | mu_j, Sigma_j)`` and ``m_i = max_j a_ij``:
    ``log p(x_i) = m_i + log sum_j exp(a_ij - m_i)`` (log-sum-exp: the largest term is
    exp(0) = 1, so nothing underflows to 0/0) and ``r_ij = exp(a_ij - log p(x_i))``.
    """
    prec_chol = precision_cholesky(covariances, covariance_type=covariance_type)  # fails on a covariance that is not PD
    a = log_gaussian_prob(X, means, prec_chol, covariance_type=covariance_type)
    with np.errstate(divide="ignore"):  # a weight of exactly 0 gives log 0 = -inf: r = 0
        a += np.log(weights)
    top = a.max(axis=1, keepdims=True)
    resp = np.exp(a - top)  # exp(a_ij - m_i): one exp pass gives both results
    total = resp.sum(axis=1, keepdims=True)  # sum_j exp(a_ij - m_i) = p(x_i) / exp(m_i)
    resp /= total
    return resp, np.log(total[:, 0]) + top[:, 0]


def e_step(X, means, covariances, weights, *, covariance_type="full"):
    """Responsibilities: the posterior probability of each component for each point.

    ``r[i, j] = w_j N(x_i | mu_j, Sigma_j) / sum_l w_l N(x_i | mu_l, Sigma_l)``,
    computed in log space, so a point far from every component still gets a
    finite row that sums to 1.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    means : array-like of shape (n_components, n_features)
    covariances : array-like of shape (n_components, n_features, n_features)
        For "full"; "tied" (n_features, n_features), "diag" (n_components, n_features),
        "spherical" (n_components,).
    weights : array-like of shape (n_components,)
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"

    Returns
    -------
    responsibilities : ndarray of shape (n_samples, n_components)
    """
    return _e_step(*check_start(X, means, covariances, weights, covariance_type), covariance_type)[0]


def log_mixture_pdf(X, means, covariances, weights, *, covariance_type="full", check_input=True):
    """Per-point log mixture density ``log sum_j w_j N(x_i | mu_j, Sigma_j)``, shape (n_samples,).

    Equal to scikit-learn's ``GaussianMixture.score_samples`` for the same parameters
    (and ``covariance_type``, shapes as in ``e_step``). ``check_input=False`` skips the
    checks, for a caller that has made them (``bic``, ``sweep``).
    """
    if check_input:
        X, means, covariances, weights = check_start(X, means, covariances, weights, covariance_type)
    return _e_step(X, means, covariances, weights, covariance_type)[1]


def log_likelihood(X, means, covariances, weights, *, covariance_type="full", check_input=True):
    """Total mixture log-likelihood ``sum_i log sum_j w_j N(x_i | mu_j, Sigma_j)``, a float.

    This is the quantity EM increases. (The lab handout instead summed
    ``log(w_j N(x_i | ...))`` over both i and j, which is not a likelihood.)
    Shapes, ``covariance_type`` and ``check_input`` as in ``log_mixture_pdf``.
    """
    return float(log_mixture_pdf(X, means, covariances, weights, covariance_type=covariance_type,
                                 check_input=check_input).sum())


# --------------------------------------------------------------------------- #
# M-step: weighted fractions, means and covariances
# --------------------------------------------------------------------------- #
def _m_step(X, resp, reg_covar, covariance_type="full"):
    """The M-step on checked arrays: an ``MStep`` (weights, means, covariances)."""
    nk = resp.sum(axis=0) + NK_FLOOR  # N_j, the points' worth each component is responsible for
    means = resp.T @ X / nk[:, None]
    covariances = estimate_covariances(X, resp, nk, means, reg_covar, covariance_type=covariance_type)
    return MStep(nk / X.shape[0], means, covariances)


def m_step(X, responsibilities, *, reg_covar=1e-6, covariance_type="full", check_input=True):
    """Maximum-likelihood mixture parameters given responsibilities.

    With ``N_j = sum_i r_ij``: ``w_j = N_j / n``, ``mu_j = sum_i r_ij x_i / N_j``,
    ``Sigma_j = sum_i r_ij (x_i - mu_j)(x_i - mu_j)^T / N_j + reg_covar * I`` for
    "full"; "diag" keeps its diagonal, "spherical" the mean of that diagonal, and
    "tied" pools every component's scatter into one matrix (divided by n).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    responsibilities : array-like of shape (n_samples, n_components)
        Non-negative rows that sum to 1.
    reg_covar : float, default=1e-6
        Added to each covariance's diagonal (to each variance for "diag" and
        "spherical"), as scikit-learn does, so that a component that collapses onto a
        few points keeps a usable covariance.
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
    check_input : bool, default=True
        False skips the checks, for a caller that has checked `X` (``check_X``) and the
        responsibilities already (``init_params``).

    Returns
    -------
    MStep
        ``(weights, means, covariances)``, the handout's order, also by name:

        weights : ndarray of shape (n_components,)
        means : ndarray of shape (n_components, n_features)
        covariances : ndarray of shape (n_components, n_features, n_features)
            For "full"; "tied" (n_features, n_features), "diag" (n_components,
            n_features), "spherical" (n_components,).
    """
    if check_input:
        covariance_type = check_covariance_type(covariance_type)
        X = check_X(X)
        responsibilities = check_responsibilities(responsibilities, X.shape[0])
        reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
    return _m_step(X, responsibilities, reg_covar, covariance_type)


# --------------------------------------------------------------------------- #
# The loop
# --------------------------------------------------------------------------- #
def em_loop(X, means, covariances, weights, maximize, *, covariance_type="full", max_iter=100, tol=1e-4,
            keep_history=True, log_prior=None, settled=None):
    """EM from a checked start: the loop of notebook 05, E-step and M-step until the objective settles.

    Iteration t is an E-step (the responsibilities of the parameters after iteration t - 1)
    and an M-step (the new parameters from them), as notebook 05 writes it. Its loop calls
    ``e_step`` and ``m_step``, then ``log_likelihood`` for the stopping rule: three passes over
    the points. Here the E-step's own pass gives the log-likelihood too (log p(x_i) is its
    normaliser), so each E-step is made at the end of the iteration before, where it gives
    the new parameters' log-likelihood and the next iteration's responsibilities at once.
    The numbers are the same (notebook 05 compares them); the loop body reads M-step, E-step.

    The one EM loop of gmm_lab: ``run_em`` runs it with the maximum-likelihood M-step,
    ``run_em_map`` with the MAP M-step, ``fixed_variance_em`` with one that moves only the means.

    Parameters
    ----------
    X, means, covariances, weights : ndarray
        Checked (``gmm_lab.validation.check_start``), in the shapes of `covariance_type`.
    maximize : callable
        The M-step: ``maximize(X, responsibilities, current)`` returns the new ``(weights,
        means, covariances)``; ``current`` is the ``EMStep`` the responsibilities came from.
    covariance_type, max_iter, keep_history : as for ``run_em``.
    tol : float or None, default=1e-4
        Stop when an iteration changes the objective by less than `tol` (None: never).
    log_prior : callable, optional
        ``log_prior(means, covariances, weights)``, added to the log-likelihood to make the
        objective EM climbs (MAP EM). None: the objective is the log-likelihood.
    settled : callable, optional
        ``settled(previous, new)`` on two ``EMStep``: a stopping rule instead of `tol`.

    Returns
    -------
    (history, log_likelihoods, objectives, converged) : list of EMStep, two ndarrays of
    shape (n_iter + 1,) (equal without `log_prior`), bool.
    """
    # Stored feature by feature (Fortran order), every pass of the steps over "feature e of all
    # the points" runs along contiguous memory: about twice as fast an iteration at small d.
    X = np.asfortranarray(X)

    def objective(state):
        return state.log_likelihood + (log_prior(state.means, state.covariances, state.weights) if log_prior else 0.0)

    resp, log_prob = _e_step(X, means, covariances, weights, covariance_type)  # the E-step of iteration 1
    current = EMStep(0, means, covariances, weights, resp, float(log_prob.sum()))
    history, trace, objectives = [current], [current.log_likelihood], [objective(current)]
    converged = False
    for t in range(1, max_iter + 1):
        weights, means, covariances = maximize(X, resp, current)  # M-step: theta(t) from r(t)
        try:  # E-step of theta(t): r(t + 1), and log p(x_i) under theta(t) from the same pass
            resp, log_prob = _e_step(X, means, covariances, weights, covariance_type)
        except ValueError as exc:
            raise ValueError(
                f"EM iteration {t}: {exc} (effective number of points per "
                f"component: {np.round(np.asarray(weights) * X.shape[0], 3).tolist()})"
            ) from None
        previous, current = current, EMStep(t, means, covariances, weights, resp, float(log_prob.sum()))
        trace.append(current.log_likelihood)
        objectives.append(objective(current))
        if keep_history:
            history.append(current)
        if settled is not None:
            converged = settled(previous, current)
        elif tol is not None:
            converged = abs(objectives[-1] - objectives[-2]) < tol
        if converged:
            break
    if history[-1] is not current:  # keep_history=False: the final state
        history.append(current)
    return history, np.array(trace), np.array(objectives), converged


def run_em(X, means, covariances, weights, *, max_iter=100, tol=1e-4, reg_covar=1e-6, keep_history=True,
           covariance_type="full", check_input=True):
    """Fit a Gaussian mixture by EM from the given start.

    One iteration is an E-step followed by an M-step (``em_loop``, with ``m_step``). The
    total log-likelihood is recorded for the start and after each iteration; the run stops
    when an iteration changes it by less than `tol` (the lab handout's rule, applied to the
    correct quantity), or after `max_iter` iterations, with a ``ConvergenceWarning``. With
    ``tol=None`` it runs exactly `max_iter` iterations, with no stopping rule and no
    warning (to look at EM after a given number of iterations, as PRML Fig. 9.8 does).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    means, covariances, weights : array-like
        The start, in the shapes of `covariance_type` (see ``e_step``).
    max_iter : int, default=100
    tol : float or None, default=1e-4
        On the *total* log-likelihood of the n points. scikit-learn's ``GaussianMixture``
        stops instead when the *mean* log-likelihood per point (its lower bound) changes by
        less than its ``tol``, 1e-3 by default: n times 1e-3 on the total, 10 n times this
        default (2,720 times at n = 272), so it stops sooner
        (Old Faithful, n = 272, from ``init_params(X, 2, random_state=0)``: 21 iterations
        there, 23 here; notebook 05 shows a start where it stops on a plateau). None: no
        stopping rule, run exactly `max_iter` iterations
        (``converged`` is then False, and no warning).
    reg_covar : float, default=1e-6
        Added to every covariance diagonal in each M-step. 0 reproduces plain EM.
    keep_history : bool, default=True
        Keep every iteration's parameters and responsibilities in ``history``
        (n_iter copies of an (n_samples, n_components) array). Turn off for very large data.
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
        The covariances of the result and of its history have the type's shape.
    check_input : bool, default=True
        False skips the checks of the arguments, for a caller that has checked them
        (``run_restarts``).

    Returns
    -------
    EMResult
        With a ``CollapseWarning`` when a component ends collapsed (``EMResult.collapsed``).
    """
    if check_input:
        max_iter = check_positive_int(max_iter, "max_iter")
        tol = None if tol is None else check_nonnegative_float(tol, "tol")
        reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
        X, means, covariances, weights = check_start(X, means, covariances, weights, covariance_type)
        check_n_components(len(weights), X.shape[0])

    def maximum_likelihood(X, resp, current):  # the M-step, m_step's, on checked arrays
        return _m_step(X, resp, reg_covar, covariance_type)

    history, trace, _, converged = em_loop(X, means, covariances, weights, maximum_likelihood,
                                           covariance_type=covariance_type, max_iter=max_iter, tol=tol,
                                           keep_history=keep_history)
    end = history[-1]
    if not converged and tol is not None:
        warn_not_converged("EM", max_iter, trace, tol)
    collapsed = collapsed_in_batch(X, end.covariances[None], end.weights[None], covariance_type=covariance_type,
                                   reg_covar=reg_covar)[0]
    if collapsed:
        warnings.warn(collapse_message(collapsed, end.weights, X.shape[0], reg_covar), CollapseWarning, stacklevel=2)
    return EMResult(end.means, end.covariances, end.weights, end.responsibilities, trace, end.iteration, converged,
                    max_iter, tol, history, covariance_type, collapsed, reg_covar)
