"""Many starts, keep the best: EM finds a local maximum, so practice runs it several times.

This is scikit-learn's ``n_init``, with every run kept so that a notebook can show
how the final log-likelihoods spread, and step through any one of them. Without
histories (``keep_history=False``) the starts run all at once (``run_em_batch``):
a hundred starts on Old Faithful take well under a second.
"""

import numbers
import warnings
from dataclasses import dataclass

import numpy as np

from ..em import run_em
from ..init import check_init_method, init_params
from ..results import CollapseWarning, ConvergenceWarning
from ..validation import (
    check_covariance_type,
    check_distinct_rows,
    check_n_components,
    check_nonnegative_float,
    check_positive_int,
    check_X,
)
from .batch import run_em_batch

__all__ = ["Restarts", "run_restarts"]


@dataclass
class Restarts:
    """What ``run_restarts`` returns.

    Attributes
    ----------
    runs : dict
        ``{random_state: EMResult}`` for every start, in the order they were run.
    method : str
        The initialisation used for every start.
    covariance_type : str
        The covariance type of every run.
    """

    runs: dict
    method: str
    covariance_type: str = "full"

    @property
    def log_likelihoods(self):
        """Final total log-likelihood of each run, shape (n_runs,), in ``runs`` order."""
        return np.array([r.log_likelihood for r in self.runs.values()])

    @property
    def best_random_state(self):
        """The start whose run ends with the highest log-likelihood (the first, on ties)."""
        return list(self.runs)[int(np.argmax(self.log_likelihoods))]

    @property
    def best(self):
        """The run with the highest final log-likelihood (an ``EMResult``)."""
        return self.runs[self.best_random_state]

    @property
    def best_uncollapsed(self):
        """The best run among those that did not collapse (``best`` if every run collapsed).

        A collapsed run's likelihood is a spike held finite only by ``reg_covar``
        (``gmm_lab.collapse``), so it is not a better fit however high it is.
        """
        sound = [s for s, r in self.runs.items() if not r.collapsed]
        if not sound:
            return self.best
        return self.runs[max(sound, key=lambda s: self.runs[s].log_likelihood)]

    @property
    def not_converged(self):
        """The starts whose run stopped at ``max_iter`` before converging."""
        return [s for s, r in self.runs.items() if not r.converged]

    @property
    def collapsed(self):
        """The starts whose run ended with a collapsed component (``EMResult.collapsed``)."""
        return [s for s, r in self.runs.items() if r.collapsed]


def run_restarts(X, n_components, random_states=range(10), *, method="random_from_data", max_iter=100, tol=1e-4,
                 reg_covar=1e-6, keep_history=True, covariance_type="full", check_input=True):
    """Run EM from several starts (``init_params(X, n_components, method=..., random_state=s)``).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_components : int
    random_states : iterable of int, default=range(10)
        One start per seed; the seeds key ``Restarts.runs``.
    method : {"kmeans", "k-means++", "random", "random_from_data"}, default="random_from_data"
        As for ``init_params``.
    max_iter, tol, reg_covar, keep_history :
        Passed to ``run_em`` for every run. With ``keep_history=False`` the runs are
        computed all at once by ``run_em_batch`` (the same numbers as ``run_em`` to
        rounding, about 1e-12, and several times faster on small data): what a
        notebook needs to show the spread of final log-likelihoods over many starts.
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
        Passed to ``init_params`` and ``run_em`` for every run.
    check_input : bool, default=True
        False skips the checks of the arguments, for a caller that has made them (``sweep``).

    Returns
    -------
    Restarts
        All runs, and the best (the highest log-likelihood, collapsed or not). A single
        ``ConvergenceWarning`` names the starts that stopped at `max_iter` (each run's
        ``converged`` says it too), and a single ``CollapseWarning`` those that ended with a
        collapsed component (``Restarts.collapsed``).
    """
    if check_input:  # checked once here: init_params and the EM runs below trust them
        X = check_X(X)
        n_components = check_n_components(n_components, X.shape[0])
        covariance_type = check_covariance_type(covariance_type)
        check_init_method(method)
        if method in ("k-means++", "kmeans"):
            check_distinct_rows(X, n_components)
        max_iter = check_positive_int(max_iter, "max_iter")
        tol = None if tol is None else check_nonnegative_float(tol, "tol")
        reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
    states = list(random_states)
    if not states:
        raise ValueError("random_states is empty; pass at least one seed, e.g. range(10).")
    for s in states:
        if isinstance(s, bool) or not isinstance(s, numbers.Integral):
            raise ValueError(f"random_states must be integer seeds (they key the runs); got {s!r}.")
    if len(set(states)) != len(states):
        raise ValueError(f"random_states has repeated seeds {states}; each start needs its own seed.")
    starts = [init_params(X, n_components, method=method, random_state=s, covariance_type=covariance_type,
                          check_input=False) for s in states]
    fit = {"max_iter": max_iter, "tol": tol, "reg_covar": reg_covar, "covariance_type": covariance_type,
           "check_input": False}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # reported once, below
        warnings.simplefilter("ignore", CollapseWarning)
        if keep_history:
            runs = {s: run_em(X, *start, keep_history=True, **fit) for s, start in zip(states, starts)}
        else:
            runs = dict(zip(states, run_em_batch(X, starts, **fit)))
    result = Restarts(runs, method, covariance_type)
    if result.not_converged and tol is not None:  # tol=None runs max_iter iterations by design
        warnings.warn(
            f"EM did not converge in max_iter={max_iter} iterations for {len(result.not_converged)} of "
            f"{len(states)} starts (random_state {', '.join(map(str, result.not_converged))}); their runs "
            f"are kept, with converged=False. Increase max_iter, or loosen tol (now {tol:g}).",
            ConvergenceWarning,
            stacklevel=2,
        )
    if result.collapsed:
        warnings.warn(
            f"{len(result.collapsed)} of {len(states)} starts (random_state "
            f"{', '.join(map(str, result.collapsed))}) ended with a collapsed component (each run's collapsed "
            f"names it): their log-likelihood is a spike, not a better fit; compare the others.",
            CollapseWarning,
            stacklevel=2,
        )
    return result
