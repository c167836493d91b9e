"""Choosing a model: fit every (covariance type, K), then compare BIC, AIC and held-out likelihood.

``sweep`` runs EM from several starts for each covariance type and number of
components and keeps, for each, the run with the highest log-likelihood among those
that did not collapse (``gmm_lab.collapse``): a collapsed run's likelihood is a spike,
and a criterion fed with it would pick the spike. ``held_out_log_likelihood`` scores
each K on data the fit did not see (K-fold cross-validation).
"""

import warnings
from dataclasses import dataclass, field

import numpy as np

from ..criteria import aic, bic
from ..em import log_likelihood, log_mixture_pdf, run_em
from ..init import check_init_method, params_from_labels
from ..results import CollapseWarning
from ..validation import (
    COVARIANCE_TYPES,
    check_covariance_type,
    check_distinct_rows,
    check_n_components,
    check_nonnegative_float,
    check_positive_int,
    check_random_state,
    check_X,
)
from .restarts import run_restarts

__all__ = ["Sweep", "sweep", "held_out_log_likelihood", "fit_each_type", "per_point_scores"]

CRITERIA = {"bic": bic, "aic": aic}


def _checked_em(X, ks, method, max_iter, tol, reg_covar):
    """The EM settings every model of a sweep shares, checked once: ``run_restarts`` then trusts them."""
    check_init_method(method)
    for k in ks:
        if method in ("k-means++", "kmeans"):
            check_distinct_rows(X, k)
    return {"method": method, "max_iter": check_positive_int(max_iter, "max_iter"),
            "tol": None if tol is None else check_nonnegative_float(tol, "tol"),
            "reg_covar": check_nonnegative_float(reg_covar, "reg_covar")}


def _fit(X, k, covariance_type, random_states, em):
    """(the best run that did not collapse; the seeds that collapsed). Raises if every start collapsed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CollapseWarning)  # counted instead (Sweep.collapsed)
        runs = run_restarts(X, k, random_states, keep_history=False, covariance_type=covariance_type,
                            check_input=False, **em)
    if len(runs.collapsed) == len(runs.runs):
        raise ValueError(
            f"every one of the {len(runs.runs)} starts for covariance_type={covariance_type!r}, K={k} ended with "
            f"a collapsed component, so there is no sound fit to score: K is more than these "
            f"{X.shape[0]} points support at reg_covar={em['reg_covar']:g}, or the data have repeated values. "
            f"Raise reg_covar (e.g. to the variance of the data's rounding), try more starts, or leave K={k} out."
        )
    return runs.best_uncollapsed, runs.collapsed


@dataclass
class Sweep:
    """What ``sweep`` returns: the best sound fit of every (covariance type, K).

    Attributes
    ----------
    fits : dict
        ``{(covariance_type, k): EMResult}``, the highest log-likelihood among the starts
        that did not collapse (``sweep`` raises a ``ValueError`` if every start of a model
        collapsed).
    collapsed : dict
        ``{(covariance_type, k): [random_state, ...]}``, the starts that collapsed (skipped).
    ks : list of int
    covariance_types : list of str
    """

    X: np.ndarray = field(repr=False)
    fits: dict = field(repr=False)
    collapsed: dict = field(repr=False)
    ks: list
    covariance_types: list

    def scores(self, criterion="bic"):
        """``{(covariance_type, k): value}`` of "bic", "aic" (lower is better) or "log_likelihood"."""
        if criterion == "log_likelihood":
            return {key: fit.log_likelihood for key, fit in self.fits.items()}
        if criterion not in CRITERIA:
            raise ValueError(f"criterion must be 'bic', 'aic' or 'log_likelihood'; got {criterion!r}.")
        return {key: CRITERIA[criterion](self.X, fit, check_input=False) for key, fit in self.fits.items()}

    def table(self, criterion="bic"):
        """The scores as an array of shape (len(covariance_types), len(ks)), rows in ``covariance_types`` order."""
        scores = self.scores(criterion)
        return np.array([[scores[t, k] for k in self.ks] for t in self.covariance_types])

    def best(self, criterion="bic", *, covariance_type=None):
        """The (covariance_type, k) a criterion chooses, over every type or within one."""
        scores = self.scores(criterion)
        keys = [key for key in scores if covariance_type is None or key[0] == covariance_type]
        if not keys:
            raise ValueError(f"covariance_type {covariance_type!r} is not in this sweep ({self.covariance_types}).")
        pick = max if criterion == "log_likelihood" else min
        return pick(keys, key=scores.get)


def sweep(X, n_components_range, covariance_types=COVARIANCE_TYPES, random_states=range(5), *, method="k-means++",
          max_iter=1000, tol=1e-4, reg_covar=1e-6):
    """Fit a mixture for every covariance type and number of components, from several starts each.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_components_range : iterable of int
        The numbers of components to try.
    covariance_types : iterable of str, default=COVARIANCE_TYPES, scikit-learn's four
    random_states : iterable of int, default=range(5)
        The starts of every model (``init_params(..., method=method, random_state=s)``).
    method, max_iter, tol, reg_covar :
        As for ``run_restarts`` (whose batched runs this uses).

    Returns
    -------
    Sweep
    """
    X = check_X(X)
    random_states = list(random_states)  # used once per model: a generator would run dry
    ks = [check_n_components(k, X.shape[0]) for k in n_components_range]
    types = [check_covariance_type(t) for t in covariance_types]
    if not ks or not types:
        raise ValueError("sweep needs at least one number of components and one covariance type.")
    em = _checked_em(X, ks, method, max_iter, tol, reg_covar)
    fits, collapsed = {}, {}
    for t in types:
        for k in ks:
            fits[t, k], collapsed[t, k] = _fit(X, k, t, random_states, em)
    return Sweep(X, fits, collapsed, ks, types)


def held_out_log_likelihood(X, n_components_range, *, covariance_type="full", n_folds=5, random_state=0,
                            random_states=range(5), method="k-means++", max_iter=1000, tol=1e-4, reg_covar=1e-6):
    """K-fold cross-validation: the total log-likelihood of every point under a fit that did not see it.

    The points are shuffled (`random_state`) and cut into `n_folds` folds; for each K and
    each fold, a mixture is fitted to the other folds (best sound run of `random_states`,
    as in ``sweep``) and scored on the fold. Higher is better; unlike the training
    log-likelihood it does not grow for ever with K.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_components_range : iterable of int
        The numbers of components to try.
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
    n_folds : int, default=5
        Between 2 and n_samples.
    random_state : int or numpy.random.Generator, default=0
        Shuffles the points before they are cut into folds.
    random_states : iterable of int, default=range(5)
        The starts of every fit, as in ``sweep``.
    method, max_iter, tol, reg_covar :
        As for ``run_restarts``.

    Returns
    -------
    ndarray of shape (len(n_components_range),)
        Summed over the folds, so every point counts once.
    """
    X = check_X(X)
    n_folds = check_positive_int(n_folds, "n_folds")
    if not 2 <= n_folds <= X.shape[0]:
        raise ValueError(f"n_folds must be between 2 and the number of points ({X.shape[0]}); got {n_folds}.")
    covariance_type = check_covariance_type(covariance_type)
    random_states = list(random_states)  # used once per model and fold: a generator would run dry
    ks = list(n_components_range)
    if not ks:
        raise ValueError("held_out_log_likelihood needs at least one number of components in n_components_range.")
    folds = np.array_split(check_random_state(random_state).permutation(X.shape[0]), n_folds)
    trains = [np.concatenate(folds[:i] + folds[i + 1:]) for i in range(n_folds)]
    ks = [check_n_components(k, min(len(t) for t in trains)) for k in ks]  # every training fold fits K
    for train in trains:  # each training fold has the distinct points every K needs
        em = _checked_em(X[train], ks, method, max_iter, tol, reg_covar)
    totals = []
    for k in ks:
        total = 0.0
        for train, test in zip(trains, folds):
            fit, _ = _fit(X[train], k, covariance_type, random_states, em)
            total += log_likelihood(X[test], fit.means, fit.covariances, fit.weights, covariance_type=covariance_type,
                                    check_input=False)
        totals.append(total)
    return np.array(totals)


def fit_each_type(X, labels, covariance_types=COVARIANCE_TYPES):
    """``{covariance_type: EMResult}``: EM for each type, started from the partition `labels`.

    Starting every type from the same partition (``params_from_labels``) shows what each
    type *can* fit, apart from where EM happens to start (notebook 09).
    """
    X = check_X(X)
    types = [check_covariance_type(t) for t in covariance_types]
    return {t: run_em(X, *params_from_labels(X, labels, covariance_type=t, check_input=False), covariance_type=t,
                      tol=1e-6, max_iter=500, keep_history=False, check_input=False) for t in types}


def per_point_scores(X, fits, held_out):
    """Mean log-likelihoods and criteria per point for fits of several sizes, all in nats per point.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data the fits were run on.
    fits : dict of {K: EMResult}
    held_out : array-like of shape (n_held_out, n_features)
        New points from the same source, not used in fitting.

    Returns
    -------
    dict of ndarrays, one entry per K in `fits` order: ``"train"`` (mean log-likelihood of
    X), ``"held_out"`` (of `held_out`), ``"bic"`` and ``"aic"`` (``-BIC / 2n`` and ``-AIC / 2n``:
    the training mean minus each criterion's penalty per point, so that the best K is the
    highest point of every curve).
    """
    X, held_out = check_X(X), check_X(held_out, name="held_out")
    n = len(X)
    rows = []
    for fit in fits.values():
        params, kw = (fit.means, fit.covariances, fit.weights), {"covariance_type": fit.covariance_type}
        rows.append((log_mixture_pdf(X, *params, **kw, check_input=False).mean(),
                     log_mixture_pdf(held_out, *params, **kw, check_input=False).mean(),
                     -bic(X, fit, check_input=False) / (2 * n), -aic(X, fit, check_input=False) / (2 * n)))
    return dict(zip(("train", "held_out", "bic", "aic"), np.array(rows).T))
