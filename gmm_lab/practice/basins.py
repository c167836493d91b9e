"""Where EM goes from each start: the path of the means, and which optimum each start reaches.

EM climbs to a local maximum of the likelihood, and which one depends on where it
starts: the starting points that lead to one optimum form its *basin of attraction*.
``em_paths`` runs EM from many starts at once (``run_em_batch``) and keeps every
iteration's means, so a notebook can colour a grid of starts by where EM ends and
draw the way there; ``distinct_optima`` groups the final log-likelihoods into the
optima they stand for.
"""

from dataclasses import dataclass

import numpy as np

from ..validation import as_float_array, check_nonnegative_float
from .batch import run_em_batch

__all__ = ["EMPaths", "em_paths", "distinct_optima", "basin_codes"]


@dataclass
class EMPaths:
    """What ``em_paths`` returns.

    Attributes
    ----------
    runs : list of EMResult
        One per start, as ``run_em_batch`` gives them.
    means : list of ndarray
        ``means[s]`` has shape (n_iter + 1, k, d): the means of start s at the start
        (row 0) and after each iteration t (row t), as ``run_em``'s ``history[t].means``.
    """

    runs: list
    means: list

    @property
    def log_likelihoods(self):
        """Each start's final total log-likelihood, shape (n_starts,)."""
        return np.array([r.log_likelihood for r in self.runs])


def em_paths(X, starts, *, max_iter=100, tol=1e-4, reg_covar=1e-6, covariance_type="full"):
    """EM from each of many starts, all at once, keeping the means of every iteration.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    starts : sequence of (means, covariances, weights)
        One start per entry, as ``run_em`` takes them, all with the same number of components.
    max_iter, tol, reg_covar, covariance_type :
        As for ``run_em``, for every start.

    Returns
    -------
    EMPaths
        The runs (``run_em_batch``'s) and each start's path of means. A path costs
        (n_iter + 1) * k * d numbers, so thousands of starts fit in a few megabytes.

    Examples
    --------
    >>> import numpy as np, gmm_lab as g
    >>> x = g.load_faithful()[0][:, 0]
    >>> starts = [([[a], [b]], [[[1.0]], [[1.0]]], [0.5, 0.5]) for a, b in [(2.0, 4.5), (4.5, 2.0)]]
    >>> paths = g.em_paths(x, starts, tol=1e-8, max_iter=500)
    >>> [p.shape[1:] for p in paths.means], bool(np.allclose(paths.means[0][-1], paths.means[1][-1][::-1]))
    ([(2, 1), (2, 1)], True)
    """
    starts = list(starts)
    steps = []  # (running starts, their means) per iteration of each chunk

    def record(t, running, means):
        steps.append((running, means.copy()))

    runs = run_em_batch(X, starts, max_iter=max_iter, tol=tol, reg_covar=reg_covar, covariance_type=covariance_type,
                        on_step=record)
    paths = [[run.history[0].means] for run in runs]  # the validated start
    for running, means in steps:
        for s, m in zip(running, means):
            paths[s].append(m)
    return EMPaths(runs, [np.array(p) for p in paths])


def distinct_optima(log_likelihoods, *, atol=1e-3):
    """Group final log-likelihoods into the optima they reach: values within `atol` of a neighbour are one.

    Parameters
    ----------
    log_likelihoods : array-like of shape (n_runs,)
        Each run's final log-likelihood.
    atol : float, default=1e-3
        Sorted values closer than this to the next are the same optimum (runs stop at a
        tolerance, so the same optimum ends at slightly different values).

    Returns
    -------
    levels : ndarray of shape (n_optima,)
        The optima, best first: the highest final log-likelihood of each group.
    index : ndarray of int, shape (n_runs,)
        ``levels[index[i]]`` is the optimum run i reached (0: the best).

    Examples
    --------
    >>> levels, index = distinct_optima([-10.0, -12.5, -10.0004, -12.5])
    >>> levels.tolist(), index.tolist()
    ([-10.0, -12.5], [0, 1, 0, 1])
    """
    values = as_float_array(log_likelihoods, "log_likelihoods")
    if values.ndim != 1 or values.size == 0 or not np.all(np.isfinite(values)):
        raise ValueError(f"log_likelihoods must be a non-empty 1-D array of finite numbers; got shape {values.shape}"
                         f"{'' if np.all(np.isfinite(values)) else ' with NaN or infinite values'}.")
    atol = check_nonnegative_float(atol, "atol")
    order = np.argsort(-values, kind="stable")
    group = np.concatenate([[0], np.cumsum(-np.diff(values[order]) > atol)])
    index = np.empty(values.size, dtype=int)
    index[order] = group
    levels = np.array([values[order][group == j][0] for j in range(group[-1] + 1)])
    return levels, index


def basin_codes(paths, grid, *, atol=1e-3):
    """Which end each start of a 1-D, K = 2 grid of starts reaches: what notebook 08's basin map shows.

    Parameters
    ----------
    paths : EMPaths
        ``em_paths`` from the G x G starts ``mu1 = grid[i], mu2 = grid[j]`` (start i * G + j).
    grid : array-like of shape (G,)
    atol : float, default=1e-3
        As for ``distinct_optima``.

    Returns
    -------
    codes : ndarray of int, shape (G, G)
        ``2 * optimum + (0 if component 1 ends on the left else 1)``, or ``-1`` where both
        components end identical.
    levels : ndarray
        The optima's log-likelihoods, best first (``distinct_optima``).
    """
    G = len(grid)
    finals = np.array([run.means[:, 0] for run in paths.runs])
    if finals.shape != (G * G, 2):
        raise ValueError(f"basin_codes needs G * G = {G * G} runs of a 1-D, 2-component mixture; got means of "
                         f"shape {finals.shape} (runs, components).")
    levels, index = distinct_optima(paths.log_likelihoods, atol=atol)
    codes = 2 * index + (finals[:, 0] > finals[:, 1])
    codes[finals[:, 0] == finals[:, 1]] = -1
    return codes.reshape(G, G), levels
