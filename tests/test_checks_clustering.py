"""check_kmeans_step (07) and check_best_permutation (08): right answers pass, wrong ones get their hint.

The answers below are written the way students write them (loops, broadcasting,
itertools), not derived from the checks' own reference, and each wrong one is paired
with the hint it must get (as in tests/test_checks.py).
"""

from itertools import permutations

import numpy as np
import pytest

import gmm_lab as g
from gmm_lab.course import checks
from gmm_lab.course.checks import CheckFailed
from gmm_lab.course.checks.clustering import reference_kmeans_step


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


# --------------------------------------------------------------------------- #
# the tests
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("check, fn", [
    (checks.check_kmeans_step, reference_kmeans_step),
    (checks.check_kmeans_step, kmeans_step_right),
    (checks.check_kmeans_step, kmeans_step_loops),
    (checks.check_best_permutation, best_permutation_right),
    (checks.check_best_permutation, lambda reference, labels: g.align_labels(reference, labels, n_labels=max(
        np.max(reference), np.max(labels)) + 1).permutation),
], ids=lambda x: getattr(x, "__name__", ""))
def test_right_answers_pass(check, fn):
    result = check(fn)
    assert result, repr(result)
    assert result.failures == [] and result.passed == result.cases and len(result.cases) >= 6


WRONG = [
    (checks.check_kmeans_step, kmeans_step_argmax, "np.argmin of the distances, not np.argmax"),
    (checks.check_kmeans_step, kmeans_step_last_on_tie, "take the first of them (lowest index)"),
    (checks.check_kmeans_step, kmeans_step_nan_for_empty, "the mean of no points is 0/0 = NaN"),
    (checks.check_kmeans_step, kmeans_step_zero_for_empty, "it must stay where it was, not move to 0"),
    (checks.check_kmeans_step, kmeans_step_relocates_like_gmm_lab, "only the centre of the empty cluster is wrong"),
    (checks.check_kmeans_step, kmeans_step_update_first, "assign first (to the centres given), then update"),
    (checks.check_kmeans_step, kmeans_step_in_place, "changed its input centres"),
    (checks.check_kmeans_step, kmeans_step_no_asarray, "np.asarray(X, dtype=float)"),
    (checks.check_kmeans_step, kmeans_step_swapped, "return labels first, then the new centres"),
    (checks.check_kmeans_step, kmeans_step_squeezed, "must have the shape of centres, (2, 1)"),
    (checks.check_best_permutation, best_permutation_inverse, "this is the inverse permutation"),
    (checks.check_best_permutation, best_permutation_majority, "two labels were given the same class"),
    (checks.check_best_permutation, best_permutation_min, "keep the one with the largest agreement"),
    (checks.check_best_permutation, best_permutation_k_from_labels, "every number 0 .. k − 1 must appear"),
    (checks.check_best_permutation, best_permutation_sorts_in_place, "changed its input labels"),
]


@pytest.mark.parametrize("check, fn, hint", WRONG, ids=[f"{c.__name__}-{f.__name__}" for c, f, _ in WRONG])
def test_wrong_answer_fails_with_its_hint(check, fn, hint):
    result = check(fn)
    assert not result and result.status == "failed"
    assert result.failures and len(result.failures) + len(result.passed) == len(result.cases)
    assert any(hint in message for message in result.failures), "\n\n".join(result.failures)
    assert hint in repr(result)


def test_every_new_check_has_at_least_three_diagnosed_mistakes():
    counts = {}
    for check, _, _ in WRONG:
        counts[check.__name__] = counts.get(check.__name__, 0) + 1
    assert set(counts) == {"check_kmeans_step", "check_best_permutation"} and min(counts.values()) >= 3, counts


def test_the_traps_are_where_the_cases_say():
    """The tie case has exact ties, the empty-cluster case an empty cluster, the 1-D case d = 1."""
    from gmm_lab.course.checks.clustering import _cases

    cases = {c.name: c for c in _cases()}
    X, centres = cases["points exactly halfway between two centres (ties)"].args
    d2 = ((X[:, None] - centres[None]) ** 2).sum(axis=2)
    assert np.sum(d2[:, 0] == d2[:, 1]) >= 4
    X, centres = cases["a centre no point is nearest to (an empty cluster)"].args
    labels, _ = reference_kmeans_step(X, centres)
    assert np.bincount(labels, minlength=len(centres))[-1] == 0
    assert cases["1-D data (d = 1), 2 clusters"].args[0].shape[1] == 1
    assert cases["5-D data, 4 clusters"].args[0].shape[1] == 5


def test_one_iteration_repeated_is_lloyds_algorithm():
    """The exercise's step, repeated until nothing changes, ends where gmm_lab.kmeans does (no empty cluster here)."""
    X, _ = g.load_faithful()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    centres = np.array([[-1.75, 1.0], [1.75, -1.0]])
    for _ in range(20):
        labels, new = reference_kmeans_step(Z, centres)
        if np.array_equal(new, centres):
            break
        centres = new
    km = g.kmeans(Z, [[-1.75, 1.0], [1.75, -1.0]])
    np.testing.assert_allclose(centres, km.centres, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(labels, km.labels)


def _stub(X, centres):
    raise NotImplementedError("Hint: labels = argmin of squared distances; centres = means of their points.")


def test_stub_and_raise_mode(monkeypatch):
    result = checks.check_kmeans_step(_stub)
    assert result.status == "not implemented" and "Hint: labels = argmin" in repr(result)
    monkeypatch.setenv("GMM_LAB_CHECKS_RAISE", "1")
    with pytest.raises(CheckFailed, match="take the first of them"):
        checks.check_kmeans_step(kmeans_step_last_on_tie)
    assert checks.check_best_permutation(best_permutation_right) is None


@pytest.mark.parametrize("check", [checks.check_kmeans_step, checks.check_best_permutation], ids=lambda c: c.__name__)
def test_not_a_function(check):
    with pytest.raises(ValueError, match=r"needs your function itself, not ndarray"):
        check(np.zeros(3))


def test_wrong_signature():
    with pytest.raises(ValueError, match=r"calls your function as kmeans_step\(X, centres\)"):
        checks.check_kmeans_step(lambda X: X)
    with pytest.raises(ValueError, match=r"calls your function as best_permutation\(reference, labels\)"):
        checks.check_best_permutation(lambda labels: labels)


def test_the_label_cases_need_relabelling():
    """In every case but the tie, the identity is not good enough, and inverting the answer is wrong in the 3-cluster one."""
    from gmm_lab.course.checks.labels import _cases

    for case in _cases():
        reference, labels, best = case.data["reference"], case.data["labels"], case.data["best"]
        identity = np.mean(labels == reference)
        assert (identity == best.agreement) == (case.name == "two permutations agree equally well"), case.name
        if case.name == "3 clusters":
            inverse = np.argsort(best.permutation)
            assert np.mean(inverse[labels] == reference) < best.agreement
