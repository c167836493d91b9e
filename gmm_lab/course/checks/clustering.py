"""Check for a student's k-means iteration, ``kmeans_step(X, centres) -> (labels, new_centres)``.

One iteration of Lloyd's algorithm, assignment then update: ``labels[i]`` is the index
of the centre nearest to ``X[i]`` (squared Euclidean distance; the first such centre on
a tie, as ``np.argmin`` picks), and ``new_centres[j]`` the mean of the points labelled j,
or ``centres[j]`` unchanged when no point is (an empty cluster). The reference is
computed here; ``gmm_lab.kmeans`` moves an empty cluster's centre to the farthest point
instead (as scikit-learn does), which the exercise does not ask for.
"""

import numpy as np

from ._cases import mixture, to_lists
from ._compare import as_array, close, first_difference, fmt, matches_any
from ._refusals import REFUSALS
from ._hidden import hidden_name, hidden_rngs
from ._engine import DEFAULT_TIMEOUT, LIST_HINT, Case, run_check
from ._report import Problem

__all__ = ["check_kmeans_step"]

EMPTY_HINT = ("no point is nearest to this centre (an empty cluster): the mean of no points is 0/0 = NaN. "
              "Keep such a centre where it is: new_centres[j] = centres[j].")
TIE_HINT = ("these points are exactly as near to two centres: take the first of them (lowest index), as np.argmin "
            "does; a loop that updates on <= (or a max over reversed distances) takes the last.")
DOT_HINT = ("the largest dot product x·c is not the nearest centre: ‖x − c‖² = ‖x‖² − 2 x·c + ‖c‖² also counts "
            "‖c‖², so a centre far from the origin wins the dot product (see the squared distances above). Take "
            "np.argmin of the squared distances ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).")
ONE_D_HINT = "here d = 1: X has shape (n, 1) and centres (k, 1); new_centres must keep the shape (k, 1) (no squeeze)."


def _sq_dist(X, centres):
    return ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)


def _update(X, labels, centres, empty="keep"):
    new = centres.copy()
    for j in range(len(centres)):
        mine = X[labels == j]
        if len(mine):
            new[j] = mine.mean(axis=0)
        elif empty == "nan":
            new[j] = np.nan
        elif empty == "zero":
            new[j] = 0.0
    return new


def reference_kmeans_step(X, centres):
    """The answer the check expects: (labels, new_centres)."""
    X, centres = np.asarray(X, dtype=float), np.asarray(centres, dtype=float)
    labels = _sq_dist(X, centres).argmin(axis=1)
    return labels, _update(X, labels, centres)


def _tie_case():
    """Points on a grid; those with x1 = 2 are exactly halfway between the centres (1, 0) and (3, 0).

    The centres are off the origin so that the largest dot product x·c (x1 > 0: centre 2) is
    not the same mistake here as taking the last centre on a tie (x1 >= 2: centre 2).
    """
    xs, ys = np.meshgrid([0.0, 1.0, 2.0, 3.0, 4.0], [-1.0, 0.0, 1.0, 2.0])
    X = np.column_stack([xs.ravel(), ys.ravel()])
    return X, np.array([[1.0, 0.0], [3.0, 0.0]])


def _cases():
    def data(seed, n, d, k, n_centres=None, **kw):
        X, *_ = mixture(seed, n, d, k, **kw)
        rows = np.random.default_rng(seed).choice(n, n_centres or k, replace=False)
        return X, X[rows] + 0.3  # centres near points, not on them

    X2, c2 = data(601, 150, 2, 3)
    Xe, ce = data(605, 60, 2, 2)
    ce = np.vstack([ce, [[40.0, -40.0]]])  # a centre far from every point
    specs = [
        ("2-D, 3 clusters", (X2, c2), ""),
        ("1-D data (d = 1), 2 clusters", data(602, 60, 1, 2, spread=2.0), ONE_D_HINT),
        ("5-D data, 4 clusters", data(603, 80, 5, 3, n_centres=4, spread=2.0), ""),
        ("points exactly halfway between two centres (ties)", _tie_case(), ""),
        ("a centre no point is nearest to (an empty cluster)", (Xe, ce), ""),
    ]
    cases = []
    for name, (X, centres), hint in specs:
        data_ = {"X": X, "centres": centres, "expected": reference_kmeans_step(X, centres)}
        cases.append(Case(name, (X, centres), data_, error_hint=hint))
    X, centres = data(606, 30, 2, 2)
    cases.append(Case("lists instead of arrays", to_lists(X, centres),
                      {"X": X, "centres": centres, "expected": reference_kmeans_step(X, centres)},
                      error_hint=LIST_HINT))
    for i, rng in enumerate(hidden_rngs("check_kmeans_step")):
        k, d, n = int(rng.integers(2, 4)), int(rng.integers(1, 5)), int(rng.integers(30, 150))
        X, centres = data(int(rng.integers(2**32)), n, d, k, n_centres=int(rng.integers(2, 5)))
        cases.append(Case(hidden_name(i, f"{d}-D, {len(centres)} centres, {n} points"), (X, centres),
                          {"X": X, "centres": centres, "expected": reference_kmeans_step(X, centres)}))
    return cases


def _label_mistakes(X, centres, new_centres):
    d2 = _sq_dist(X, centres)
    k = len(centres)
    return [
        ("each point goes to its nearest centre: np.argmin of the distances, not np.argmax.", d2.argmax(axis=1)),
        (DOT_HINT, (X @ centres.T).argmax(axis=1)),
        (TIE_HINT, k - 1 - d2[:, ::-1].argmin(axis=1)),
        ("these are the labels of the new centres: assign first (to the centres given), then update.",
         _sq_dist(X, new_centres).argmin(axis=1)),
        ("labels count from 0, as the rows of centres do.", d2.argmin(axis=1) + 1),
        ("measure the squared Euclidean distance Σₑ (xₑ − cₑ)², not the sum of absolute differences.",
         np.abs(X[:, None, :] - centres[None]).sum(axis=2).argmin(axis=1)),
    ]


def _centre_mistakes(X, centres, labels):
    return [
        (EMPTY_HINT, _update(X, labels, centres, empty="nan")),
        ("no point is nearest to this centre (an empty cluster): it must stay where it was, not move to 0.",
         _update(X, labels, centres, empty="zero")),
        ("these are the centres you were given: move each centre to the mean of its points.", centres),
        ("each centre moves to the mean of its own points (X[labels == j]), not of all the points.",
         np.repeat(X.mean(axis=0)[None], len(centres), axis=0)),
    ]


def _label(label, k, note=""):
    """A label as the report shows it, with its centre in the notebooks' numbering: "1 (centre 2)"."""
    if not float(label).is_integer() or not 0 <= label < k:
        return f"{label:g} (no centre has this index: labels are 0 … {k - 1})"
    return f"{int(label)} (centre {int(label) + 1}{note})"


def _distances(x, centres):
    """The point and its squared distances to each centre: what decides its label."""
    k = len(centres)
    names = ", ".join(str(j + 1) for j in range(k))
    return (f"the point: x = {fmt(x, 4)}\n"
            f"its squared distances to centres {names} (labels 0 … {k - 1}): {fmt(_sq_dist(x[None], centres)[0], 4)}")


def _judge(case, got):
    X, centres = case.data["X"], case.data["centres"]
    labels_ref, centres_ref = case.data["expected"]
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        what = f"a {type(got).__name__}" + (f" of length {len(got)}" if isinstance(got, (tuple, list)) else "")
        return Problem(case.name, f"kmeans_step must return two things, (labels, new_centres); it returned {what}",
                       hint="end with: return labels, new_centres")
    labels, new = (as_array(v) for v in got)
    if labels is not None and new is not None and labels.shape == centres_ref.shape and new.shape == labels_ref.shape:
        return Problem(case.name, "the two results come in the other order",
                       f"shapes {labels_ref.shape}, {centres_ref.shape}", f"shapes {labels.shape}, {new.shape}",
                       hint="return labels first, then the new centres: return labels, new_centres")
    if labels is None or labels.shape != labels_ref.shape:
        summary, e, g = first_difference(labels_ref, got[0], what="point")
        return Problem(case.name, f"labels: {summary}", e, g, "one label per point: an array of shape (n,).")
    if not np.array_equal(labels, labels_ref):
        i = int(np.argmax(labels != labels_ref))
        hint = matches_any(labels, _label_mistakes(X, centres, centres_ref), rtol=0)
        k = len(centres)
        return Problem(case.name, f"labels differ first at point {i}", _label(labels_ref[i], k, ", the nearest"),
                       _label(labels[i], k), hint or "", detail=_distances(X[i], centres))
    if close(centres_ref, new):
        return None
    summary, e, g = first_difference(centres_ref, got[1], what="centre", count_from_one=True)
    hint = matches_any(new, _centre_mistakes(X, centres, labels_ref))
    if hint is None and new is not None and new.size == centres_ref.size and new.shape != centres_ref.shape:
        hint = f"new_centres must have the shape of centres, {centres_ref.shape}; got {new.shape}."
    elif hint is None and new is not None and new.shape == centres_ref.shape:
        empty = np.flatnonzero(np.bincount(labels_ref, minlength=len(centres)) == 0)
        wrong = np.flatnonzero(~np.isclose(new, centres_ref, equal_nan=True).all(axis=1))
        if empty.size and set(wrong) <= set(empty):
            hint = ("only the centre of the empty cluster is wrong: in this exercise a centre with no points stays "
                    "where it is (gmm_lab.kmeans and scikit-learn move it to the farthest point instead).")
    return Problem(case.name, f"new_centres: {summary}", e, g, hint or "")


def check_kmeans_step(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(X, centres)`` -> (labels, new_centres), one iteration of k-means, on 6 cases.

    Assignment to the nearest centre (the first on a tie), then each centre to the mean of
    its points (unchanged if it has none). Cases: 2-D; 1-D; 5-D; points exactly halfway
    between two centres; a centre no point is nearest to; Python lists. Inputs must be
    left unchanged.

    Refuses ``gmm_lab.kmeans`` and its steps (``clustering._assign``, ``_update``; ``init_params``
    with k-means runs them too); NumPy is allowed.
    """
    return run_check("check_kmeans_step", fn, ("kmeans_step", "X", "centres"), _cases(), _judge, timeout,
                     refused=REFUSALS["check_kmeans_step"])
