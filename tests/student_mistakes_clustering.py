"""Student-style k-means steps and label matchings, right and wrong, for tests/test_checks_clustering.py.

The exercises of notebooks 07 (one k-means iteration) and 08 (label matching by trying every
permutation). Written the way students write them (loops, broadcasting, itertools), not
derived from the checks' own reference; each wrong one is paired in the tests with the hint
it must get.
"""

from itertools import permutations

import numpy as np


# --------------------------------------------------------------------------- #
# k-means, one iteration
# --------------------------------------------------------------------------- #
def kmeans_step_right(X, centres):
    X, centres = np.asarray(X, dtype=float), np.asarray(centres, dtype=float)
    d2 = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    labels = d2.argmin(axis=1)
    new_centres = centres.copy()
    for j in range(len(centres)):
        if np.any(labels == j):
            new_centres[j] = X[labels == j].mean(axis=0)
    return labels, new_centres


def kmeans_step_loops(X, centres):
    """A right answer with Python loops over points and sqrt distances (the first minimum kept on ties)."""
    X, centres = np.asarray(X, dtype=float), np.asarray(centres, dtype=float)
    labels = np.zeros(len(X), dtype=int)
    for i, x in enumerate(X):
        best = np.inf
        for j, c in enumerate(centres):
            dist = np.sqrt(np.sum((x - c) ** 2))
            if dist < best:
                best, labels[i] = dist, j
    sums, counts = np.zeros_like(centres), np.zeros(len(centres))
    np.add.at(sums, labels, X)
    np.add.at(counts, labels, 1)
    new = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centres)
    return labels, new


def kmeans_step_argmax(X, centres):
    X, centres = np.asarray(X, dtype=float), np.asarray(centres, dtype=float)
    labels = ((X[:, None] - centres[None]) ** 2).sum(axis=2).argmax(axis=1)
    return labels, np.array([X[labels == j].mean(axis=0) if np.any(labels == j) else centres[j]
                             for j in range(len(centres))])


def kmeans_step_last_on_tie(X, centres):
    X, centres = np.asarray(X, dtype=float), np.asarray(centres, dtype=float)
    labels = np.zeros(len(X), dtype=int)
    for i, x in enumerate(X):
        best = np.inf
        for j, c in enumerate(centres):
            dist = np.sum((x - c) ** 2)
            if dist <= best:  # "<=": a tie goes to the later centre
                best, labels[i] = dist, j
    return labels, _means(X, labels, centres)


def kmeans_step_dot_product(X, centres):
    """"Closeness" as the dot product x·c, the largest wins: ignores ‖c‖², so it is not the nearest centre."""
    X, centres = np.asarray(X, dtype=float), np.asarray(centres, dtype=float)
    closeness = X @ centres.T  # (n, K)
    labels = closeness.argmax(axis=1)
    return labels, _means(X, labels, centres)


def _means(X, labels, centres):
    out = centres.copy()
    for j in range(len(centres)):
        if np.any(labels == j):
            out[j] = X[labels == j].mean(axis=0)
    return out


def kmeans_step_nan_for_empty(X, centres):
    X, centres = np.asarray(X, dtype=float), np.asarray(centres, dtype=float)
    labels = ((X[:, None] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)
    return labels, np.array([X[labels == j].mean(axis=0) for j in range(len(centres))])  # mean of nothing: NaN


def kmeans_step_update_first(X, centres):
    """Update then assign: returns the labels of the new centres."""
    X, centres = np.asarray(X, dtype=float), np.asarray(centres, dtype=float)
    labels, new = kmeans_step_right(X, centres)
    return ((X[:, None] - new[None]) ** 2).sum(axis=2).argmin(axis=1), new


def kmeans_step_in_place(X, centres):
    X = np.asarray(X, dtype=float)
    labels = ((X[:, None] - np.asarray(centres)[None]) ** 2).sum(axis=2).argmin(axis=1)
    for j in range(len(centres)):
        if np.any(labels == j):
            centres[j] = X[labels == j].mean(axis=0)  # overwrites the caller's centres
    return labels, centres


def kmeans_step_no_asarray(X, centres):
    labels = ((X[:, None] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)  # fails for lists
    return labels, _means(X, labels, centres.copy())


def kmeans_step_swapped(X, centres):
    labels, new = kmeans_step_right(X, centres)
    return new, labels


def kmeans_step_squeezed(X, centres):
    labels, new = kmeans_step_right(X, centres)
    return labels, new.squeeze()


def kmeans_step_zero_for_empty(X, centres):
    X, centres = np.asarray(X, dtype=float), np.asarray(centres, dtype=float)
    labels = ((X[:, None] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)
    sums, counts = np.zeros_like(centres), np.bincount(labels, minlength=len(centres))
    np.add.at(sums, labels, X)
    return labels, sums / np.maximum(counts, 1)[:, None]


def kmeans_step_relocates_like_gmm_lab(X, centres):
    """gmm_lab.kmeans' (and scikit-learn's) rule for an empty cluster: the farthest point."""
    X, centres = np.asarray(X, dtype=float), np.asarray(centres, dtype=float)
    labels, new = kmeans_step_right(X, centres)
    for j in np.flatnonzero(np.bincount(labels, minlength=len(centres)) == 0):
        far = ((X - centres[labels]) ** 2).sum(axis=1).argmax()
        new[j] = X[far]
    return labels, new


# --------------------------------------------------------------------------- #
# label matching by brute force
# --------------------------------------------------------------------------- #
def best_permutation_right(reference, labels):
    reference, labels = np.asarray(reference), np.asarray(labels)
    k = max(reference.max(), labels.max()) + 1
    best, best_score = None, -1
    for p in permutations(range(k)):
        score = np.sum(np.array(p)[labels] == reference)
        if score > best_score:
            best, best_score = np.array(p), score
    return best


def best_permutation_inverse(reference, labels):
    return np.argsort(best_permutation_right(reference, labels))


def best_permutation_majority(reference, labels):
    reference, labels = np.asarray(reference), np.asarray(labels)
    k = max(reference.max(), labels.max()) + 1
    return np.array([np.bincount(reference[labels == j], minlength=k).argmax() if np.any(labels == j) else j
                     for j in range(k)])


def best_permutation_min(reference, labels):
    reference, labels = np.asarray(reference), np.asarray(labels)
    k = max(reference.max(), labels.max()) + 1
    return np.array(min(permutations(range(k)), key=lambda p: np.sum(np.array(p)[labels] == reference)))


def best_permutation_k_from_labels(reference, labels):
    reference, labels = np.asarray(reference), np.asarray(labels)
    k = labels.max() + 1  # misses a class the fit never uses
    return np.array(max(permutations(range(k)), key=lambda p: np.sum(np.array(p)[labels] == reference)))


def best_permutation_sorts_in_place(reference, labels):
    labels.sort()  # "tidy up" the caller's labels
    return best_permutation_right(reference, labels)


def best_permutation_tuple(reference, labels):
    """Right permutation, but returned as the tuple itertools.permutations yields: permutation[labels] fails."""
    reference, labels = np.asarray(reference), np.asarray(labels)
    k = max(reference.max(), labels.max()) + 1
    return max(permutations(range(k)), key=lambda p: np.sum(np.array(p)[labels] == reference))
