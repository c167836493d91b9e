"""k-means clustering by Lloyd's algorithm: EM's hard-assignment cousin (PRML section 9.1).

Each iteration moves every centre to the mean of its points (the "M-step"), then
assigns every point to its nearest centre (the "E-step"). Neither half can increase
the distortion ``J = sum_i ||x_i - mu_{label_i}||^2``, so J never increases, and
the run stops when an iteration changes no assignment. The result keeps J and every
iteration's centres and labels, so a notebook can draw PRML Fig. 9.2 and step through
the run with a slider. It agrees with scikit-learn's ``KMeans(algorithm="lloyd")``
from the same centres. ``temper`` joins the two: it hardens EM's soft responsibilities
into k-means-like assignments.
"""

import warnings
from dataclasses import dataclass, field

import numpy as np

from .results import ConvergenceWarning
from .validation import (
    as_float_array,
    check_distinct_rows,
    check_finite,
    check_n_components,
    check_positive_int,
    check_random_state,
    check_responsibilities,
    check_X,
)

__all__ = ["KMeansResult", "KMeansStep", "kmeans", "kmeans_plusplus", "temper"]


def kmeans_plusplus(X, n_clusters, *, random_state=None, check_input=True):
    """Indices of `n_clusters` seeds chosen by k-means++ (D² sampling).

    The first seed is a uniformly random point; each next one is point i with
    probability proportional to D(x_i)², its squared distance to the nearest seed so
    far, so far-away, uncovered regions get a seed early.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_clusters : int
    random_state : None, int or numpy.random.Generator
    check_input : bool, default=True
        False skips the checks, for a caller that has made them (``init_params``).

    Returns
    -------
    indices : ndarray of shape (n_clusters,)
    """
    k = n_clusters
    if check_input:
        X = check_X(X)
        k = check_n_components(n_clusters, X.shape[0], name="n_clusters")
        check_distinct_rows(X, k)  # D² sampling cannot place k different seeds otherwise
    rng = check_random_state(random_state)
    idx = [int(rng.integers(X.shape[0]))]
    d2 = np.sum((X - X[idx[0]]) ** 2, axis=1)
    for _ in range(1, k):
        nxt = int(rng.choice(X.shape[0], p=d2 / d2.sum()))
        idx.append(nxt)
        np.minimum(d2, np.sum((X - X[nxt]) ** 2, axis=1), out=d2)
    return np.array(idx)


@dataclass(frozen=True)
class KMeansStep:
    """One snapshot of a k-means run.

    ``iteration`` 0 is the start: the given centres and the nearest-centre labels of
    every point. For ``iteration = t >= 1``, ``centres`` are those after the t-th update
    and ``labels`` the assignment to them; ``distortion`` is J of the two.
    """

    iteration: int
    centres: np.ndarray
    labels: np.ndarray
    distortion: float


@dataclass
class KMeansResult:
    """What ``kmeans`` returns.

    Attributes
    ----------
    centres : ndarray of shape (n_clusters, n_features)
    labels : ndarray of shape (n_samples,)
        The final centres and each point's nearest one.
    distortions : ndarray of shape (n_iter + 1,)
        J of the start (the given centres and their assignment, ``distortions[0]``)
        and after each iteration t (``distortions[t]``). Never increases.
    update_distortions : ndarray of shape (n_iter,)
        J just after the centre update of iteration t + 1, before the points are
        reassigned: the half-step in between (see ``half_step_distortions``).
    n_iter : int
        Number of iterations run (a centre update then an assignment each).
    converged : bool
        Whether the last iteration changed no assignment.
    max_iter : int
    history : list of KMeansStep
        ``history[t]`` is the state after iteration t (0: the start), so
        ``history[t].distortion == distortions[t]``. With ``keep_history=False``
        only the start and the final state are kept.
    """

    centres: np.ndarray
    labels: np.ndarray
    distortions: np.ndarray
    update_distortions: np.ndarray
    n_iter: int
    converged: bool
    max_iter: int
    history: list = field(repr=False)

    @property
    def distortion(self):
        """J of the final centres and labels."""
        return float(self.distortions[-1])

    @property
    def half_step_distortions(self):
        """J after every half-step, shape (2 n_iter + 1,): start, update 1, assignment 1, update 2, ...

        What PRML Fig. 9.2 plots: entry ``2t - 1`` is J after the centre update of
        iteration t (with the labels of iteration t - 1) and entry ``2t`` after its
        reassignment, ``distortions[t]``.
        """
        out = np.empty(2 * self.n_iter + 1)
        out[0::2] = self.distortions
        out[1::2] = self.update_distortions
        return out


def _assign(X, centres):
    """Each point's nearest centre (the first, on a tie) and its squared distance to it."""
    d2 = np.empty((X.shape[0], len(centres)))
    for j, c in enumerate(centres):
        diff = X - c
        d2[:, j] = np.einsum("ij,ij->i", diff, diff)
    labels = d2.argmin(axis=1)
    return labels, d2[np.arange(X.shape[0]), labels]


def _update(X, labels, sq_dist, k):
    """New centres: the mean of each cluster's points, an empty cluster relocated first.

    A cluster with no points gets the point farthest from its own centre (``sq_dist``)
    as its only point, as scikit-learn does; several empty clusters take the farthest
    points in turn, from the farthest, each from a cluster that keeps at least one
    point. Returns the centres and the labels they are the means of.
    """
    counts = np.bincount(labels, minlength=k)
    empty = np.flatnonzero(counts == 0)
    if empty.size:
        labels = labels.copy()
        far = iter(np.argsort(-sq_dist, kind="stable"))
        for j in empty:
            i = next(i for i in far if counts[labels[i]] > 1)
            counts[labels[i]] -= 1
            labels[i], counts[j] = j, 1
    sums = np.column_stack([np.bincount(labels, weights=X[:, e], minlength=k) for e in range(X.shape[1])])
    return sums / counts[:, None], labels


def _check_centres(X, centres, random_state):
    """Starting centres (k, d): given, or k-means++ seeds of X when `centres` is an int."""
    if isinstance(centres, (int, np.integer)) and not isinstance(centres, bool):
        k = check_n_components(int(centres), X.shape[0], name="n_clusters")
        check_distinct_rows(X, k)
        return X[kmeans_plusplus(X, k, random_state=random_state, check_input=False)].copy()
    centres = as_float_array(centres, "centres")
    if centres.ndim != 2 or centres.shape[1] != X.shape[1] or centres.shape[0] < 1:
        raise ValueError(
            f"centres must be an int k (k-means++ seeds) or an array of shape (k, n_features) = "
            f"(k, {X.shape[1]}); got shape {centres.shape}."
        )
    check_finite(centres, "centres")
    check_distinct_rows(X, centres.shape[0])  # k clusters need k distinct points, or one stays empty
    return centres


def kmeans(X, centres, *, max_iter=100, random_state=None, keep_history=True, check_input=True):
    """Lloyd's algorithm: move each centre to its points' mean, then assign each point to its nearest centre.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    centres : int or array-like of shape (n_clusters, n_features)
        The starting centres, or a number of clusters k: then k-means++ seeds
        (``kmeans_plusplus``) drawn with `random_state`.
    max_iter : int, default=100
        A ``ConvergenceWarning`` says when the run stops here with assignments still changing.
    random_state : None, int or numpy.random.Generator
        Only used to seed k-means++ (when `centres` is an int).
    keep_history : bool, default=True
        Keep every iteration's centres and labels in ``history`` (n_iter copies of an
        (n_samples,) array of labels).
    check_input : bool, default=True
        False skips the checks of `X`, `max_iter` and of `centres` when it is a number of
        clusters, for a caller that has made them (``init_params``).

    Returns
    -------
    KMeansResult

    Notes
    -----
    The start assigns every point to its nearest given centre; iteration t then moves
    the centres and reassigns, so ``distortions[t]`` is J after t iterations, and the
    run stops at the first iteration whose assignment equals the previous one
    (scikit-learn counts that check as one more iteration: its ``n_iter_`` is this
    ``n_iter + 1`` when converged).

    A cluster that ends up with no points is relocated, as in scikit-learn: its
    centre becomes the point farthest from its own centre, which then belongs to it.
    So every cluster keeps at least one point, and J still never increases. k must not
    exceed the number of distinct points of X.

    Examples
    --------
    >>> import numpy as np, gmm_lab as g
    >>> X, _ = g.load_faithful()
    >>> run = g.kmeans(X, 2, random_state=0)
    >>> run.converged, bool(np.all(np.diff(run.distortions) <= 0))
    (True, True)
    """
    if check_input:
        X = check_X(X)
        max_iter = check_positive_int(max_iter, "max_iter")
        centres = _check_centres(X, centres, random_state)
    else:  # a number of clusters, checked by the caller
        centres = X[kmeans_plusplus(X, centres, random_state=random_state, check_input=False)].copy()
    k = len(centres)
    labels, sq_dist = _assign(X, centres)
    history = [KMeansStep(0, centres, labels, float(sq_dist.sum()))]
    distortions, updates = [history[0].distortion], []
    converged = False
    for t in range(1, max_iter + 1):
        centres, moved = _update(X, labels, sq_dist, k)
        updates.append(float(np.sum((X - centres[moved]) ** 2)))
        new_labels, sq_dist = _assign(X, centres)
        distortions.append(float(sq_dist.sum()))
        n_changed = int(np.sum(new_labels != labels))
        converged = n_changed == 0
        labels = new_labels
        if keep_history or converged or t == max_iter:
            history.append(KMeansStep(t, centres, labels, distortions[-1]))
        if converged:
            break
    if not converged:
        warnings.warn(
            f"k-means did not converge in max_iter={max_iter} iterations: the last iteration still "
            f"reassigned {n_changed} points. Increase max_iter.",
            ConvergenceWarning,
            stacklevel=2,
        )
    return KMeansResult(centres, labels, np.array(distortions), np.array(updates), t, converged, max_iter, history)


def temper(responsibilities, temperature):
    """Sharpen (T < 1) or soften (T > 1) responsibilities: ``r_ij^(1/T)``, renormalised per row.

    T = 1 leaves them unchanged; as T -> 0 each row becomes one-hot on its largest
    entry (a hard, k-means-like assignment); as T grows rows tend to uniform. Feeding
    tempered responsibilities to ``m_step`` interpolates between soft EM and hard
    assignments.

    Parameters
    ----------
    responsibilities : array-like of shape (n_samples, n_components)
    temperature : float > 0

    Returns
    -------
    tempered : ndarray of shape (n_samples, n_components)
    """
    n = np.shape(responsibilities)[0] if np.ndim(responsibilities) else 0
    r = check_responsibilities(responsibilities, n, for_m_step=False)
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float, np.number)) or not temperature > 0:
        raise ValueError(f"temperature must be a number > 0; got {temperature!r}.")
    with np.errstate(divide="ignore"):
        logr = np.log(r) / temperature
    logr -= logr.max(axis=1, keepdims=True)
    out = np.exp(logr)
    return out / out.sum(axis=1, keepdims=True)
