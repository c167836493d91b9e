"""Student-style confusion tables, right and wrong, for tests/test_checks.py (notebook 12's exercise).

Written the way students write them (loops, dictionaries, pandas-free NumPy), each wrong
one paired in the tests with the hint it must get.
"""

import numpy as np

import gmm_lab as g


def confusion_right(reference, labels):
    """A good answer: align with gmm_lab, then count with np.add.at."""
    reference = np.asarray(reference)
    aligned = g.align_labels(reference, labels).labels
    m = max(reference.max(), np.max(labels)) + 1
    table = np.zeros((m, m), dtype=int)
    np.add.at(table, (reference, aligned), 1)
    return table


def confusion_loops(reference, labels):
    """Right too, with the Hungarian matching from SciPy and plain loops."""
    from scipy.optimize import linear_sum_assignment

    reference, labels = list(reference), list(labels)
    m = max(max(reference), max(labels)) + 1
    raw = np.zeros((m, m), dtype=int)
    for c, j in zip(reference, labels):
        raw[j, c] += 1
    rows, cols = linear_sum_assignment(raw, maximize=True)
    rename = dict(zip(rows, cols))
    table = np.zeros((m, m), dtype=int)
    for c, j in zip(reference, labels):
        table[c, rename[j]] += 1
    return table


def confusion_no_alignment(reference, labels):
    reference, labels = np.asarray(reference), np.asarray(labels)
    m = max(reference.max(), labels.max()) + 1
    table = np.zeros((m, m), dtype=int)
    for c, j in zip(reference, labels):
        table[c, j] += 1
    return table


def confusion_transposed(reference, labels):
    return confusion_right(reference, labels).T


def confusion_majority_vote(reference, labels):
    """Each cluster renamed to its most common class: not one-to-one."""
    reference, labels = np.asarray(reference), np.asarray(labels)
    m = max(reference.max(), labels.max()) + 1
    table = np.zeros((m, m), dtype=int)
    for j in np.unique(labels):
        majority = np.bincount(reference[labels == j], minlength=m).argmax()
        for c in reference[labels == j]:
            table[c, majority] += 1
    return table


def confusion_fractions(reference, labels):
    table = confusion_right(reference, labels)
    return table / table.sum(axis=1, keepdims=True)


def confusion_sized_by_unique(reference, labels):
    reference, labels = np.asarray(reference), np.asarray(labels)
    aligned = g.align_labels(reference, labels).labels
    table = np.zeros((len(np.unique(reference)), len(np.unique(labels))), dtype=int)
    for c, j in zip(reference, aligned):
        if j < table.shape[1]:
            table[c, j] += 1
    return table


def confusion_sized_by_reference(reference, labels):
    """Sized by the classes alone: an IndexError when the fit has more clusters than there are classes."""
    reference, labels = np.asarray(reference), np.asarray(labels)
    k = len(np.unique(reference))
    aligned = g.align_labels(reference, labels).labels
    table = np.zeros((k, k), dtype=int)
    np.add.at(table, (reference, aligned), 1)
    return table


def confusion_in_place(reference, labels):
    aligned = g.align_labels(reference, labels).labels
    labels[:] = aligned  # "relabel the clusters"
    return confusion_right(reference, labels)


def confusion_fancy_index(reference, labels):
    """Aligned, but counted with fancy-index +=, which adds 1 once per distinct pair."""
    reference = np.asarray(reference)
    aligned = g.align_labels(reference, labels).labels
    m = max(reference.max(), np.max(labels)) + 1
    table = np.zeros((m, m), dtype=int)
    table[reference, aligned] += 1
    return table
