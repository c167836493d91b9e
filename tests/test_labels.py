"""align_labels: the renumbering with the most agreement (Hungarian), for label switching."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gmm_lab as g


def brute_force_agreement(reference, lab, k):
    """The most points any injective renumbering of k labels into max(k, n_classes) numbers puts in agreement."""
    size = max(k, reference.max() + 1)
    return max(np.sum(np.array(p)[lab] == reference) for p in itertools.permutations(range(size), k))


def test_example_by_hand():
    reference = np.array([0, 0, 1, 1, 2, 2])
    aligned, perm, agreement = g.align_labels(reference, [2, 2, 0, 0, 1, 0])
    np.testing.assert_array_equal(perm, [1, 2, 0])
    np.testing.assert_array_equal(aligned, [0, 0, 1, 1, 2, 1])
    assert agreement == pytest.approx(5 / 6)


def test_order_puts_fitted_parameters_in_the_reference_order():
    """Fit, then align to the true classes: means[order][c] is the component of class c."""
    means = np.array([[0.0, 0.0], [6.0, 0.0], [0.0, 6.0]])
    X, truth = g.sample_gmm(600, means, np.stack([0.5 * np.eye(2)] * 3), [0.3, 0.3, 0.4], random_state=0)
    fit = g.run_em(X, *g.init_params(X, 3, method="k-means++", random_state=4), max_iter=500)
    alignment = g.align_labels(truth, fit.responsibilities.argmax(axis=1), n_labels=3)
    assert alignment.agreement > 0.99
    np.testing.assert_allclose(fit.means[alignment.order], means, atol=0.2)
    np.testing.assert_array_equal(fit.responsibilities[:, alignment.order].argmax(axis=1), alignment.labels)


def test_more_labels_than_classes_get_the_next_numbers():
    reference = np.array([0, 0, 0, 1, 1, 1])
    lab = np.array([3, 3, 1, 0, 0, 2])  # four labels, two classes
    aligned, perm, agreement = g.align_labels(reference, lab)
    assert perm[3] == 0 and perm[0] == 1  # the two matched labels
    np.testing.assert_array_equal(perm[[1, 2]], [2, 3])  # the others: 2, 3 in label order
    np.testing.assert_array_equal(aligned, [0, 0, 2, 1, 1, 3])
    assert agreement == pytest.approx(4 / 6) == brute_force_agreement(reference, lab, 4) / 6


def test_fewer_labels_than_classes_take_the_best_classes():
    reference = np.array([0, 1, 1, 1, 2, 2, 2, 2])
    aligned, perm, agreement = g.align_labels(reference, [0, 0, 0, 0, 1, 1, 1, 1])
    np.testing.assert_array_equal(perm, [1, 2])  # class 0 (one point) is left out
    assert agreement == pytest.approx(7 / 8)
    np.testing.assert_array_equal(g.align_labels(reference, [0, 0, 0, 0, 1, 1, 1, 1]).order, [0, 1])


def test_n_labels_covers_an_unused_component():
    aligned, perm, _ = g.align_labels([0, 0, 1, 1, 2], [1, 1, 0, 0, 0], n_labels=3)
    assert len(perm) == 3 and sorted(perm) == [0, 1, 2] and perm[2] == 2


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.integers(1, 80), st.integers(0, 2**32 - 1))
def test_a_random_permutation_is_undone(k, n, seed):
    rng = np.random.default_rng(seed)
    reference = np.concatenate([np.arange(k), rng.integers(0, k, size=n)])  # every class occurs
    perm = rng.permutation(k)
    out = g.align_labels(reference, perm[reference])
    np.testing.assert_array_equal(out.labels, reference)
    np.testing.assert_array_equal(out.permutation, np.argsort(perm))  # the inverse permutation
    assert out.agreement == 1.0
    np.testing.assert_array_equal(out.order, perm)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_agreement_is_the_best_over_all_renumberings(n_classes, k, n, seed):
    rng = np.random.default_rng(seed)
    reference = rng.integers(0, n_classes, size=n)
    lab = np.concatenate([np.arange(k), rng.integers(0, k, size=n)])[:n] if n >= k else rng.integers(0, k, size=n)
    out = g.align_labels(reference, lab, n_labels=k)
    assert len(set(out.permutation)) == k  # a renumbering: no two labels merged
    assert round(out.agreement * n) == brute_force_agreement(reference, lab, k)
    np.testing.assert_array_equal(out.labels, out.permutation[lab])


@pytest.mark.parametrize("call, pattern", [
    (lambda: g.align_labels([0, 1, 1], [0, 1]), r"label the same points; got 3 and 2"),
    (lambda: g.align_labels([0, 1], [0, -1]), r"labels must hold integer labels 0, 1, 2.*got -1 at index 1.*unique"),
    (lambda: g.align_labels([0.5, 1], [0, 1]), r"reference must hold integer labels.*0.5 at index 0"),
    (lambda: g.align_labels([[0, 1]], [[0, 1]]), r"reference must be 1-D"),
    (lambda: g.align_labels([0, 1, 2], [0, 1, 2], n_labels=2), r"labels go up to 2 but n_labels=2"),
    (lambda: g.align_labels([], []), r"labels is empty"),
    (lambda: g.align_labels(["a", "b"], [0, 1]), r"reference could not be read as an array of numbers"),
])
def test_align_labels_bad_input(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call()



# --------------------------------------------------------------------------- confusion_table
def test_confusion_table_by_hand():
    table = g.confusion_table([0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 0])
    np.testing.assert_array_equal(table, [[2, 0, 0], [0, 2, 0], [0, 1, 1]])
    assert table.dtype.kind == "i"


def test_confusion_table_keeps_rows_and_columns_nobody_uses():
    # a class no label matched (3 classes, 2 labels) and a label matched to no class (4 labels, 2 classes)
    np.testing.assert_array_equal(g.confusion_table([0, 0, 1, 1, 2, 2], [0, 0, 0, 0, 1, 1]),
                                  [[2, 0, 0], [2, 0, 0], [0, 0, 2]])
    table = g.confusion_table([0, 0, 1, 1], [0, 1, 2, 3])
    assert table.shape == (4, 4) and table[2:].sum() == 0 and table.sum() == 4
    assert g.confusion_table([0, 1], [0, 0], n_labels=3).shape == (3, 3)  # n_labels, as in align_labels


@pytest.mark.filterwarnings("ignore:A single label was found:UserWarning")  # scikit-learn's, with labels= given
@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 60), st.integers(0, 2**32 - 1))
def test_confusion_table_is_scikit_learns_after_alignment(n_classes, k, n, seed):
    from sklearn.metrics import confusion_matrix

    rng = np.random.default_rng(seed)
    reference = rng.integers(0, n_classes, size=n)
    lab = rng.integers(0, k, size=n)
    table = g.confusion_table(reference, lab, n_labels=k)
    out = g.align_labels(reference, lab, n_labels=k)
    assert table.shape == (max(reference.max() + 1, k),) * 2
    np.testing.assert_array_equal(table, confusion_matrix(reference, out.labels, labels=range(len(table))))
    np.testing.assert_array_equal(table.sum(axis=1), np.bincount(reference, minlength=len(table)))  # class sizes
    assert np.trace(table) == round(out.agreement * n)


def test_confusion_table_bad_input():
    with pytest.raises(ValueError, match=r"label the same points; got 3 and 2"):
        g.confusion_table([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match=r"labels must hold integer labels"):
        g.confusion_table([0, 1], [0, 0.5])
