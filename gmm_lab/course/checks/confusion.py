"""Check for a student's ``confusion_table(reference, labels)``: classes against aligned labels.

Called like ``gmm_lab.confusion_table``: ``table[c, j]`` counts the points of reference
class c whose label, renumbered by ``gmm_lab.align_labels`` (Hungarian matching), is j;
the table is m x m with ``m = max(reference.max(), labels.max()) + 1``. The cases are
small seeded labellings (clusters numbered differently from the classes, a cluster no
point went to, a labelling where two clusters have the same majority class, more clusters
than classes) and lists.
"""

import numpy as np

from ...practice.labels import confusion_table
from ._compare import as_array, fmt_whole
from ._refusals import REFUSALS
from ._hidden import hidden_name, hidden_rngs
from ._engine import DEFAULT_TIMEOUT, LIST_HINT, Case, run_check
from ._report import Problem

__all__ = ["check_confusion_table"]

NO_ALIGN_HINT = ("the columns are in the clusters' own numbering: renumber the labels first, "
                 "aligned = g.align_labels(reference, labels).labels, then count.")
TRANSPOSED_HINT = "rows are the reference classes and columns the aligned labels: table[c, j], not table[j, c]."
MAJORITY_HINT = ("two clusters were renamed to the same class (each cluster to its majority class): a "
                 "renumbering must be one-to-one, so one class loses its column. Use g.align_labels (Hungarian).")
FRACTION_HINT = "the table holds counts of points (integers), not fractions: don't divide."
ONCE_HINT = ("each (class, label) pair was counted once, however many points share it: "
             "table[reference, aligned] += 1 with index arrays adds 1 once per distinct pair (NumPy does not "
             "accumulate repeated indices). Use np.add.at(table, (reference, aligned), 1), or loop over the points.")
SIZE_HINT = ("size the table m x m with m = max(reference.max(), labels.max()) + 1, so that a cluster no "
             "point went to, or a class no cluster matched, keeps its row or column.")
MORE_CLUSTERS_HINT = ("the fit has more clusters (3) than the reference has classes (2): a table sized by the "
                      "classes alone (len(np.unique(reference)) or reference.max() + 1) has no column for the extra "
                      "cluster, and counting it raises IndexError. Size it m x m with m = max(reference.max(), "
                      "labels.max()) + 1: here 3 x 3, with a row of zeros for the class no point has.")


def _shuffled(rng, reference, k, errors):
    """`reference` relabelled by a random permutation of range(k), with `errors` points moved."""
    labels = rng.permutation(k)[reference]
    wrong = rng.choice(len(labels), size=errors, replace=False)
    labels[wrong] = (labels[wrong] + 1 + rng.integers(k - 1, size=errors)) % k
    return labels


def _majority_trap():
    """Three classes of 20; cluster 1's majority is class 0, as is cluster 0's (Hungarian gives it class 1)."""
    reference = np.repeat([0, 1, 2, 0, 1, 2], [12, 0, 0, 8, 6, 0])
    reference = np.concatenate([reference, np.repeat([1, 2], [14, 20])])
    labels = np.repeat([0, 1, 2], [12, 14, 34])
    order = np.random.default_rng(605).permutation(len(labels))
    return reference[order], labels[order]


def _cases():
    rng = np.random.default_rng(601)
    ref3 = np.repeat([0, 1, 2], [30, 25, 35])[rng.permutation(90)]
    ref4 = rng.integers(4, size=120)
    ref_unused = np.repeat([0, 1, 2], [10, 10, 10])
    unused = np.where(ref_unused == 1, 0, ref_unused)  # cluster 1 gets no points: labels 0 and 2 only
    ref_list = np.repeat([0, 1], [8, 6])
    specs = [
        ("3 classes, clusters numbered differently", ref3, _shuffled(rng, ref3, 3, 9), ""),
        ("4 classes, 120 points", ref4, _shuffled(rng, ref4, 4, 20), ""),
        ("a cluster no point went to", ref_unused, unused, SIZE_HINT),
        ("two clusters with the same majority class", *_majority_trap(), ""),
        ("more clusters than classes", np.array([0, 0, 1, 1, 1]), np.array([0, 1, 2, 2, 2]), MORE_CLUSTERS_HINT),
        ("lists instead of arrays", ref_list.tolist(), _shuffled(rng, ref_list, 2, 3).tolist(), LIST_HINT),
    ]
    cases = []
    for name, reference, labels, hint in specs:
        data = {"expected": confusion_table(reference, labels)}
        if hint in (SIZE_HINT, MORE_CLUSTERS_HINT):  # also what a table of the wrong shape is told here
            data["size_hint"] = hint
        cases.append(Case(name, (reference, labels), data, error_hint=hint))
    for i, rng in enumerate(hidden_rngs("check_confusion_table")):
        m, n = int(rng.integers(2, 6)), int(rng.integers(20, 200))
        reference = rng.integers(m, size=n)
        labels = _shuffled(rng, reference, m, int(rng.integers(0, n // 4)))
        cases.append(Case(hidden_name(i, f"{m} classes, {n} points"), (reference, labels),
                          {"expected": confusion_table(reference, labels)}))
    return cases


def _counts(reference, labels, m):
    table = np.zeros((m, m), dtype=int)
    np.add.at(table, (reference, labels), 1)
    return table


def _divided(table, by):
    with np.errstate(divide="ignore", invalid="ignore"):
        return table / by


def _mistakes(reference, labels, expected):
    m = len(expected)
    raw = _counts(reference, labels, m)
    majority = np.array([np.bincount(reference[labels == j], minlength=m).argmax() if np.any(labels == j) else j
                         for j in range(m)])
    n_used = len(np.unique(labels))
    return [
        (ONCE_HINT, (expected > 0).astype(int)),
        (ONCE_HINT, (raw > 0).astype(int)),
        (NO_ALIGN_HINT, raw),
        (TRANSPOSED_HINT, expected.T),
        (MAJORITY_HINT, _counts(reference, majority[labels], m)),
        (FRACTION_HINT, expected / len(reference)),
        (FRACTION_HINT, expected / np.maximum(expected.sum(axis=1, keepdims=True), 1)),
        (FRACTION_HINT, _divided(expected, expected.sum(axis=1, keepdims=True))),
        (SIZE_HINT, expected[:, :n_used] if n_used < m else None),
    ]


def _judge(case, got):
    expected = case.data["expected"]
    arr = as_array(got)
    if arr is not None and arr.shape == expected.shape and np.array_equal(arr, expected):
        return None
    reference, labels = (np.asarray(a, dtype=int) for a in case.args)
    hint = ""
    for candidate_hint, value in _mistakes(reference, labels, expected):
        same_shape = value is not None and arr is not None and arr.shape == np.shape(value)
        if same_shape and np.allclose(arr, value, equal_nan=True):  # NaN: 0/0 for a class with no point
            hint = candidate_hint
            break
    if arr is None:
        return Problem(case.name, f"not a table of numbers: got {type(got).__name__}",
                       hint="return a 2-D NumPy array of counts, shape (m, m).")
    if arr.shape != expected.shape:
        return Problem(case.name, "wrong shape", f"shape {expected.shape}", f"shape {arr.shape}",
                       hint or case.data.get("size_hint", SIZE_HINT))
    if not hint and arr.sum() != len(reference):
        hint = f"every point is counted once: the entries must add up to n = {len(reference)}."
    return Problem(case.name, "the counts differ", fmt_whole(expected, 3), fmt_whole(arr, 3), hint)


def check_confusion_table(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(reference, labels)`` -> (m, m) counts, against ``gmm_lab.confusion_table`` on 6 cases.

    Cases: 3 and 4 classes with the clusters numbered differently; a cluster no point went
    to (the table keeps its column); a labelling where two clusters share a majority class
    (a majority vote is not a renumbering); more clusters than classes (a table sized by the
    classes alone has no column for the extra cluster); Python lists. Inputs must be left
    unchanged.

    Refuses ``gmm_lab.confusion_table``; ``gmm_lab.align_labels`` (the exercise's hint) and NumPy are
    allowed.
    """
    return run_check("check_confusion_table", fn, ("confusion_table", "reference", "labels"), _cases(), _judge,
                     timeout,
                     refused=REFUSALS["check_confusion_table"])

