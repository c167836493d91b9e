"""What ``run_em`` returns: the fit, and the trace of how it got there."""

import warnings
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

__all__ = ["CollapseWarning", "ConvergenceWarning", "EMStep", "EMResult", "HalfStep", "MStep", "warn_not_converged"]


class ConvergenceWarning(UserWarning):
    """EM stopped at ``max_iter`` before the log-likelihood settled."""


def warn_not_converged(what, max_iter, trace, tol, objective="log-likelihood", stacklevel=3):
    """The ``ConvergenceWarning`` of a run that stopped at `max_iter` with its last change of
    `objective` (the last two entries of `trace`) still at least `tol`; `stacklevel` 3 names the
    caller of the function that calls this."""
    warnings.warn(f"{what} did not converge in max_iter={max_iter} iterations: the last change in {objective} "
                  f"was {abs(trace[-1] - trace[-2]):.3g} (tol={tol:g}). Increase max_iter, or loosen tol.",
                  ConvergenceWarning, stacklevel=stacklevel)


class CollapseWarning(UserWarning):
    """EM ended with a component collapsed onto a point, line or plane (``gmm_lab.collapse``)."""


class MStep(NamedTuple):
    """What ``m_step`` returns: the new parameters, in the handout's order and by name.

    ``weights, means, covariances = m_step(X, r)`` unpacks as the handout does; the
    EM functions take them as ``(means, covariances, weights)``, so pass them by name
    (``step.means, step.covariances, step.weights``).
    """

    weights: np.ndarray
    means: np.ndarray
    covariances: np.ndarray


@dataclass(frozen=True)
class EMStep:
    """One snapshot of a run: parameters, their responsibilities and log-likelihood.

    ``iteration`` 0 is the start; for ``iteration = t >= 1`` the parameters are
    those after the t-th M-step, and ``responsibilities`` (shape (n_samples,
    n_components)) are computed from them: the E-step that opens iteration t + 1.
    The responsibilities that *produced* these parameters are therefore those of the
    previous snapshot. ``covariances`` has the run's ``covariance_type`` shape.
    """

    iteration: int
    means: np.ndarray
    covariances: np.ndarray
    weights: np.ndarray
    responsibilities: np.ndarray
    log_likelihood: float


@dataclass(frozen=True)
class HalfStep:
    """Where EM stands after a number of half-steps (E-step, M-step, E-step, ...).

    Attributes
    ----------
    kind : {"start", "E", "M"}
        What the last half-step was.
    iteration : int
        The iteration that half-step belongs to (0 for the start).
    state : EMStep
        The current parameters (unchanged by an E-step) and their log-likelihood.
    responsibilities : ndarray of shape (n_samples, n_components), or None
        The responsibilities in play: None at the start, else those of the last
        E-step, which an M-step then used.
    """

    kind: str
    iteration: int
    state: EMStep
    responsibilities: np.ndarray

    @property
    def parameters_after(self):
        """The iteration whose M-step produced the current parameters (0: the start)."""
        return self.state.iteration


@dataclass(frozen=True)
class EMResult:
    """What ``run_em`` returns (and, with a few more fields, ``run_em_map`` and ``fixed_variance_em``).

    Attributes
    ----------
    means : ndarray of shape (n_components, n_features)
    covariances : ndarray
        In the shape of `covariance_type`: "full" (n_components, n_features,
        n_features), "diag" (n_components, n_features), "spherical" (n_components,),
        "tied" (n_features, n_features).
    weights : ndarray of shape (n_components,)
        The final parameters.
    responsibilities : ndarray of shape (n_samples, n_components)
        Computed from the final parameters; stored component by component (each column
        contiguous), as the E-step computes them.
    log_likelihoods : ndarray of shape (n_iter + 1,)
        The total log-likelihood of the start (``log_likelihoods[0]``) and after
        each iteration t (``log_likelihoods[t]``).
    n_iter : int
        Number of iterations run (an E-step then an M-step each).
    converged : bool
        Whether the last iteration changed the log-likelihood by less than ``tol``.
    max_iter, tol : the stopping rule the run used.
    history : list of EMStep
        ``history[0]`` is the start and ``history[t]`` the state after iteration t, so
        ``history[t].log_likelihood == log_likelihoods[t]``. With
        ``keep_history=False`` only the start and the final state are kept.
    covariance_type : {"full", "tied", "diag", "spherical"}
        The covariance type of the run (what ``bic``, ``aic`` and the plots need to
        read `covariances`).
    collapsed : tuple of int
        The components (indices) of the final state that have collapsed onto a point,
        line or plane (``gmm_lab.collapsed_components``): their covariance is singular but
        for ``reg_covar``, and the log-likelihood is a spike, not a fit. A collapsed run
        can still have ``converged=True``: the stopping rule was met.
    reg_covar : float
        What every M-step added to the covariances' diagonals.
    """

    means: np.ndarray
    covariances: np.ndarray
    weights: np.ndarray
    responsibilities: np.ndarray
    log_likelihoods: np.ndarray
    n_iter: int
    converged: bool
    max_iter: int
    tol: float
    history: list = field(repr=False)
    covariance_type: str = "full"
    collapsed: tuple = ()
    reg_covar: float = 0.0

    @property
    def n_components(self):
        return len(self.weights)

    @property
    def n_fixed_parameters(self):
        """How many of its type's parameters the run held fixed instead of fitting: 0 here.

        ``bic`` and ``aic`` count ``n_parameters(...)`` minus these (``fixed_variance_em``
        fits only the means).
        """
        return 0

    @property
    def log_likelihood(self):
        """Total log-likelihood of the final parameters."""
        return float(self.log_likelihoods[-1])

    @property
    def n_half_steps(self):
        """Number of half-steps in the run: an E-step and an M-step per iteration."""
        return 2 * self.n_iter

    def half_step(self, step):
        """The state after `step` half-steps (0 is the start), as a ``HalfStep``.

        Half-step ``2t - 1`` is the E-step of iteration t (parameters as after
        iteration t - 1, new responsibilities), half-step ``2t`` its M-step (new
        parameters from those responsibilities). Only indexes the stored history.
        """
        if len(self.history) != self.n_iter + 1:
            raise ValueError("half_step needs the full history: run run_em with keep_history=True.")
        if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or not 0 <= step <= self.n_half_steps:
            raise ValueError(f"step must be an integer from 0 to {self.n_half_steps}; got {step!r}.")
        step = int(step)
        if step == 0:
            return HalfStep("start", 0, self.history[0], None)
        t = (step + 1) // 2
        previous = self.history[t - 1]
        if step % 2 == 1:
            return HalfStep("E", t, previous, previous.responsibilities)
        return HalfStep("M", t, self.history[t], previous.responsibilities)
