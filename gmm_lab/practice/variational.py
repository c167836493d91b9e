"""The Bayesian Gaussian mixture: variational inference that switches unneeded components off.

``run_variational`` is scikit-learn's ``BayesianGaussianMixture`` (full covariances) written
out: the same priors and defaults, the same two steps (``gmm_lab.practice.variational_steps``)
and the same lower bound and stopping rule, so that from the same responsibilities the two
agree iteration by iteration (``tests/test_variational.py``). Its loop is its own, not
``gmm_lab.em.em_loop``: the steps move distributions (q(π), q(μ, Λ)), not parameters, and the
objective is the lower bound, computed from the E-step's responsibilities and the M-step's q.
"""

import numbers
from dataclasses import dataclass, field

import numpy as np

from ..clustering import kmeans
from ..results import warn_not_converged
from ..validation import (
    as_float_array,
    check_finite,
    check_n_components,
    check_nonnegative_float,
    check_positive_int,
    check_random_state,
    check_responsibilities,
    check_X,
    cholesky_or_raise,
)
from . import variational_steps as steps
from .variational_steps import PRIOR_TYPES, Priors, bound, expected_weights

__all__ = ["VariationalResult", "run_variational", "check_priors"]


@dataclass(frozen=True)
class VariationalResult:
    """What ``run_variational`` returns.

    Attributes
    ----------
    weights : ndarray of shape (n_components,)
        E_q[π_k], summing to 1 (scikit-learn's ``weights_``; for the Dirichlet process the
        truncated stick's expected weights, normalised).
    means : ndarray of shape (n_components, n_features)
        E_q[μ_k] = m_k.
    covariances : ndarray of shape (n_components, n_features, n_features)
        E_q[Λ_k]⁻¹ = (ν_k W_k)⁻¹, scikit-learn's ``covariances_``.
    responsibilities : ndarray of shape (n_samples, n_components)
        From the final q (scikit-learn's ``predict_proba(X)``).
    lower_bounds : ndarray of shape (n_iter + 1,)
        scikit-learn's lower bound (``_compute_lower_bound``: the ELBO without its constant
        terms) at the start and after each iteration t (E-step, then M-step).
    weight_history, mean_history, covariance_history : ndarrays of shape (n_iter + 1, ...)
        ``weights``, ``means`` and ``covariances`` at the start and after each iteration.
    n_iter : int
    converged : bool
        Whether the last iteration changed the bound by less than ``tol``.
    concentration, mean_precision, degrees_of_freedom : ndarrays
        q's α_k (or the sticks' (a_k, b_k), shape (2, K)), β_k and ν_k.
    priors : ``variational_steps.Priors``, with every default filled in.
    """

    weights: np.ndarray
    means: np.ndarray
    covariances: np.ndarray
    responsibilities: np.ndarray = field(repr=False)
    lower_bounds: np.ndarray
    weight_history: np.ndarray = field(repr=False)
    mean_history: np.ndarray = field(repr=False)
    covariance_history: np.ndarray = field(repr=False)
    n_iter: int
    converged: bool
    concentration: np.ndarray = field(repr=False)
    mean_precision: np.ndarray = field(repr=False)
    degrees_of_freedom: np.ndarray = field(repr=False)
    priors: Priors = field(repr=False)

    @property
    def lower_bound(self):
        """The final lower bound."""
        return float(self.lower_bounds[-1])

    def n_active(self, threshold=0.01):
        """How many components hold a weight above `threshold` (scikit-learn's example uses 1%)."""
        return int(np.sum(self.weights > threshold))


def _positive(value, name, hint):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0; got {value!r}. {hint}")
    return float(value)


def check_priors(X, n_components, kind, alpha0, beta0, m0, nu0, psi0):
    """The priors with scikit-learn's defaults filled in, a ``Priors``; ValueError on a bad one.

    Defaults: α₀ = 1 / n_components, β₀ = 1, m₀ = the data's mean, ν₀ = n_features, and W₀⁻¹ =
    the data's covariance (``np.cov``, ddof=1).
    """
    n, d = X.shape
    if kind not in PRIOR_TYPES:
        raise ValueError(f"weight_concentration_prior_type must be 'dirichlet_process' or "
                         f"'dirichlet_distribution' (as in scikit-learn); got {kind!r}.")
    alpha0 = 1.0 / n_components if alpha0 is None else _positive(
        alpha0, "weight_concentration_prior", "Small values (e.g. 0.01) switch components off; large keep them.")
    beta0 = 1.0 if beta0 is None else _positive(
        beta0, "mean_precision_prior", "It is how many points' worth the mean prior counts for, e.g. 1.")
    if m0 is None:
        m0 = X.mean(axis=0)
    else:
        m0 = np.atleast_1d(as_float_array(m0, "mean_prior"))
        if m0.shape != (d,):
            raise ValueError(f"mean_prior must have shape ({d},), one entry per feature; got {m0.shape}.")
        check_finite(m0, "mean_prior")
    if nu0 is None:
        nu0 = float(d)
    elif isinstance(nu0, bool) or not isinstance(nu0, numbers.Real) or not np.isfinite(nu0) or nu0 <= d - 1:
        raise ValueError(f"degrees_of_freedom_prior must be a number > n_features - 1 = {d - 1}; got {nu0!r}. "
                         f"Leave it None for scikit-learn's default, n_features = {d}.")
    if psi0 is None:
        if n < 2:
            raise ValueError("the default covariance_prior is the data's covariance, which needs at least 2 "
                             "points; pass covariance_prior, or more data.")
        psi0 = np.atleast_2d(np.cov(X.T))
        flat_cols = np.flatnonzero(np.diag(psi0) <= np.finfo(float).eps * max(np.diag(psi0).max(), 1.0))
        if flat_cols.size:
            raise ValueError(f"column(s) {flat_cols.tolist()} of X have zero variance (constant), so the default "
                             "covariance_prior, the data's covariance, is singular. Drop those columns (they "
                             "tell the components nothing) or jitter them, or pass covariance_prior with a "
                             "positive variance there.")
        remedy = ("The default covariance_prior is the data's covariance: some columns are linear combinations "
                  "of others (e.g. a copy); drop them, or pass a positive definite covariance_prior.")
    else:
        psi0 = np.atleast_2d(as_float_array(psi0, "covariance_prior"))
        if psi0.shape != (d, d):
            raise ValueError(f"covariance_prior must have shape ({d}, {d}); got {psi0.shape}.")
        check_finite(psi0, "covariance_prior")
        remedy = ("Pass a symmetric positive definite matrix, e.g. np.cov(X.T) when every column varies "
                  "(the default), or a diagonal of positive variances.")
    cholesky_or_raise(psi0, "covariance_prior", remedy=remedy)
    return Priors(kind, float(alpha0), float(beta0), m0, float(nu0), psi0)


def _start(X, k, resp, random_state):
    """The starting responsibilities: `resp` checked, or one-hot k-means labels (scikit-learn's default)."""
    if resp is None:
        labels = kmeans(X, k, random_state=check_random_state(random_state), keep_history=False,
                        check_input=False).labels
        resp = np.zeros((len(X), k))
        resp[np.arange(len(X)), labels] = 1.0
        return resp
    resp = check_responsibilities(resp, X.shape[0])
    if resp.shape[1] != k:
        raise ValueError(f"resp has {resp.shape[1]} columns but n_components={k}; pass one column per component.")
    return resp


def run_variational(X, n_components, *, weight_concentration_prior_type="dirichlet_process",
                    weight_concentration_prior=None, mean_precision_prior=None, mean_prior=None,
                    degrees_of_freedom_prior=None, covariance_prior=None, resp=None, max_iter=100, tol=1e-3,
                    reg_covar=1e-6, random_state=None):
    """Variational Bayes for a Gaussian mixture with full covariances (``BayesianGaussianMixture``).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_components : int
        K, an upper bound on the components used: the prior on the weights switches the rest off.
    weight_concentration_prior_type : {"dirichlet_process", "dirichlet_distribution"}
        The prior on the weights: stick-breaking (a Dirichlet process truncated at K) or a
        symmetric Dirichlet (``gmm_lab.practice.variational_steps``).
    weight_concentration_prior : float > 0, default 1 / n_components
        α₀: small switches components off, large keeps them all.
    mean_precision_prior : float > 0, default 1
        β₀: how many points' worth of belief the mean prior holds.
    mean_prior : array-like of shape (n_features,), default the data's mean
        m₀.
    degrees_of_freedom_prior : float > n_features − 1, default n_features
        ν₀ of the Wishart prior on each precision.
    covariance_prior : array-like of shape (n_features, n_features), default the data's covariance
        W₀⁻¹, symmetric positive definite.
    resp : array-like of shape (n_samples, n_components), optional
        The starting responsibilities (rows summing to 1); the first q comes from them.
        Default: one-hot labels of a k-means run (``gmm_lab.kmeans``, k-means++ seeds drawn
        with `random_state`), as scikit-learn's default ``init_params="kmeans"``: every
        component starts on its own part of the data, so the prior has something to switch off.
    max_iter : int, default 100
    tol : float or None, default 1e-3
        Stop when an iteration changes the (total) bound by less than `tol`, as scikit-learn
        does; the first iteration is compared with −∞, so it never stops the run (None: never stop).
    reg_covar : float, default 1e-6
        Added to each component's weighted data covariance S_k, as scikit-learn does.
    random_state : None, int or numpy.random.Generator
        Only for the default start.

    Returns
    -------
    VariationalResult
        A ``ConvergenceWarning`` when `tol` is not met in `max_iter` iterations.

    Examples
    --------
    >>> import gmm_lab as g
    >>> X, _ = g.load_faithful()
    >>> Z = (X - X.mean(axis=0)) / X.std(axis=0)
    >>> fit = g.run_variational(Z, 6, weight_concentration_prior=0.01, random_state=0)
    >>> fit.converged, fit.n_active(), bool(fit.lower_bounds[-1] >= fit.lower_bounds[0])
    (True, 2, True)
    """
    X = check_X(X)
    k = check_n_components(n_components, X.shape[0])
    max_iter = check_positive_int(max_iter, "max_iter")
    tol = None if tol is None else check_nonnegative_float(tol, "tol")
    reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
    priors = check_priors(X, k, weight_concentration_prior_type, weight_concentration_prior, mean_precision_prior,
                          mean_prior, degrees_of_freedom_prior, covariance_prior)
    kind = priors.kind
    resp = _start(X, k, resp, random_state)

    post = steps.m_step(X, resp, priors, reg_covar)  # the first q, from the start (scikit-learn's _initialize)
    bounds, states = [bound(resp, post, kind)], [(expected_weights(post, kind), post.means, post.covariances)]
    converged = False
    for t in range(1, max_iter + 1):
        resp = np.exp(steps.e_step(X, post, kind))  # E-step: q(Z) from q(π, μ, Λ)
        post = steps.m_step(X, resp, priors, reg_covar)  # M-step: q(π, μ, Λ) from q(Z)
        bounds.append(bound(resp, post, kind))
        states.append((expected_weights(post, kind), post.means, post.covariances))
        if tol is not None and t > 1 and abs(bounds[-1] - bounds[-2]) < tol:
            converged = True
            break
    if not converged and tol is not None:
        warn_not_converged("run_variational", max_iter, bounds, tol, objective="the lower bound")
    final = np.exp(steps.e_step(X, post, kind))  # from the final q, as predict_proba
    weights, means, covariances = (np.array(h) for h in zip(*states))
    return VariationalResult(weights[-1], post.means, post.covariances, final, np.array(bounds), weights, means,
                             covariances, t, converged, post.concentration, post.beta, post.nu, priors)

