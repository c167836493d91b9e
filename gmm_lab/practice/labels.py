"""Label switching: a mixture's components have no natural order, so match them to a reference.

Two fits of the same data (or a fit and the true classes) may find the same clusters
under different numbers. ``align_labels`` renumbers one labelling to agree best with
another: the matching of labels to reference classes that puts the most points in
agreement, found by the Hungarian algorithm (``scipy.optimize.linear_sum_assignment``)
on their contingency table. ``confusion_table`` then counts, class by class, where the
points went.
"""

from typing import NamedTuple

import numpy as np

from ..validation import as_float_array, check_positive_int

__all__ = ["Alignment", "align_labels", "confusion_table"]


class Alignment(NamedTuple):
    """What ``align_labels`` returns (a named tuple: ``aligned, permutation, agreement = ...``).

    Attributes
    ----------
    labels : ndarray of shape (n_samples,)
        The relabelled labels, ``permutation[labels]``.
    permutation : ndarray of shape (n_labels,)
        ``permutation[j]`` is the new number of label j: the reference class it is
        matched to, or, for labels left over when there are more labels than classes,
        the next unused numbers (n_classes, n_classes + 1, ... in the labels' order).
    agreement : float
        The fraction of points whose new label equals their reference class (the
        largest possible over all renumberings).
    """

    labels: np.ndarray
    permutation: np.ndarray
    agreement: float

    @property
    def order(self):
        """Component indices in their new order: ``means[order]`` puts the component renamed c at row c.

        That is ``argsort(permutation)``; it reorders every per-component array alike
        (``weights[order]``, ``covariances[order]`` unless "tied", ``responsibilities[:, order]``).
        When there are fewer labels than classes, rows follow the classes matched, in order.
        """
        return np.argsort(self.permutation, kind="stable")


def _as_labels(values, name):
    arr = as_float_array(values, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, one integer label per point; got shape {arr.shape}.")
    bad = ~np.isfinite(arr) | (arr < 0) | (arr != np.round(arr))
    if np.any(bad):
        raise ValueError(
            f"{name} must hold integer labels 0, 1, 2, ...; got {float(arr[bad][0]):g} at index "
            f"{int(np.argmax(bad))}. Map them to 0..k-1 first, e.g. numpy.unique({name}, return_inverse=True)[1]."
        )
    return arr.astype(int)


def align_labels(reference, labels, *, n_labels=None):
    """Renumber `labels` to agree best with `reference` (Hungarian matching).

    Parameters
    ----------
    reference : array-like of int, shape (n_samples,)
        The labelling to agree with: true classes, or another fit's labels.
    labels : array-like of int, shape (n_samples,)
        The labelling to renumber, e.g. ``result.responsibilities.argmax(axis=1)``.
        The number of labels may differ from the number of reference classes.
    n_labels : int, optional
        How many labels there are (default ``labels.max() + 1``); pass the number of
        components k so that a component no point is assigned to is renumbered too.

    Returns
    -------
    Alignment
        ``(labels, permutation, agreement)``; ``Alignment.order`` reorders fitted parameters.

    Examples
    --------
    >>> import numpy as np
    >>> reference = np.array([0, 0, 1, 1, 2, 2])
    >>> labels = np.array([2, 2, 0, 0, 1, 0])
    >>> aligned, permutation, agreement = align_labels(reference, labels)
    >>> permutation  # label 2 is class 0, label 0 class 1, label 1 class 2
    array([1, 2, 0])
    >>> aligned, round(agreement, 3)
    (array([0, 0, 1, 1, 2, 1]), 0.833)
    >>> align_labels(reference, labels).order  # means[order]: the fit's components in class order
    array([2, 0, 1])
    """
    reference = _as_labels(reference, "reference")
    labels = _as_labels(labels, "labels")
    if reference.shape != labels.shape:
        raise ValueError(
            f"reference and labels must label the same points; got {reference.shape[0]} and {labels.shape[0]} labels."
        )
    if labels.size == 0:
        raise ValueError("labels is empty; pass at least one labelled point.")
    k = int(labels.max()) + 1 if n_labels is None else check_positive_int(n_labels, "n_labels")
    if labels.max() >= k:
        raise ValueError(f"labels go up to {labels.max()} but n_labels={k}; pass n_labels > {labels.max()}.")
    n_classes = int(reference.max()) + 1
    size = max(k, n_classes)
    table = np.zeros((k, size), dtype=int)  # table[j, c]: points labelled j of class c
    np.add.at(table, (labels, reference), 1)
    # imported here so that ``import gmm_lab`` stays light (scipy.optimize pulls in scipy.sparse)
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(table, maximize=True)
    permutation = np.empty(k, dtype=int)
    permutation[rows] = cols
    extra = permutation >= n_classes  # matched to no class: next numbers, in label order
    permutation[extra] = n_classes + np.arange(extra.sum())
    aligned = permutation[labels]
    return Alignment(aligned, permutation, float(np.mean(aligned == reference)))


def confusion_table(reference, labels, *, n_labels=None):
    """Counts of reference classes against labels renumbered by ``align_labels``.

    ``table[c, j]`` is the number of points of class c whose aligned label is j, so the
    diagonal holds the points that agree and each row sums to its class's size.

    Parameters
    ----------
    reference : array-like of int, shape (n_samples,)
        The classes (rows), e.g. the true species.
    labels : array-like of int, shape (n_samples,)
        The labels to renumber and count (columns), e.g. ``fit.responsibilities.argmax(axis=1)``.
    n_labels : int, optional
        How many labels there are (default ``labels.max() + 1``), as in ``align_labels``.

    Returns
    -------
    table : ndarray of int, shape (m, m)
        With ``m = max(reference.max() + 1, n_labels)``: a class no label matched, or a
        label matched to no class, keeps its row or column of counts.

    Examples
    --------
    >>> confusion_table([0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 0])
    array([[2, 0, 0],
           [0, 2, 0],
           [0, 1, 1]])
    """
    aligned, permutation, _ = align_labels(reference, labels, n_labels=n_labels)
    reference = _as_labels(reference, "reference")
    m = max(int(reference.max()) + 1, len(permutation))
    table = np.zeros((m, m), dtype=int)
    np.add.at(table, (reference, aligned), 1)
    return table
