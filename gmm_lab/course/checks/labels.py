"""Check for a student's label matching by brute force, ``best_permutation(reference, labels)``.

It must return ``permutation``, an array of the k numbers 0 .. k - 1 in some order, where
``permutation[j]`` is the new number of label j, chosen among all k! orders to make
``permutation[labels]`` agree with `reference` at as many points as possible; k is the
number of classes and labels together (``max(reference.max(), labels.max()) + 1``). It
is compared with ``gmm_lab.align_labels`` (the Hungarian algorithm): when several
permutations agree equally well, any of them passes.
"""

from itertools import permutations

import numpy as np

from ...practice.labels import align_labels
from ._compare import as_array, fmt, fmt_whole
from ._refusals import REFUSALS
from ._hidden import hidden_name, hidden_rngs
from ._engine import DEFAULT_TIMEOUT, LIST_HINT, Case, run_check
from ._report import Problem

__all__ = ["check_best_permutation"]


def _agreement(permutation, reference, labels):
    return float(np.mean(permutation[labels] == reference))


def _case_data(seed, n, k, *, noise=0.15, used=None):
    """True classes and a fit's labels for them: the classes renamed by a random permutation, some points wrong."""
    rng = np.random.default_rng(seed)
    reference = rng.integers(k, size=n)
    renamed = rng.permutation(k)  # the fit calls class c "renamed[c]"
    labels = renamed[reference]
    wrong = rng.random(n) < noise
    labels[wrong] = rng.integers(k, size=wrong.sum())
    if used is not None:  # the fit never uses some labels: map them onto the others
        labels = np.where(np.isin(labels, used), labels, used[0])
    return reference, labels


def _cases():
    specs = [
        ("3 clusters", _case_data(705, 200, 3)),
        ("2 clusters", _case_data(702, 80, 2, noise=0.3)),
        ("4 clusters", _case_data(703, 300, 4)),
        ("the fit never uses label 3 (k = 4 all the same)", _case_data(707, 120, 4, used=np.array([2, 0, 1]))),
        ("two permutations agree equally well", (np.array([0, 0, 1, 1, 2, 2]), np.array([1, 0, 0, 1, 2, 2]))),
    ]
    for i, rng in enumerate(hidden_rngs("check_best_permutation")):
        k, n = int(rng.integers(2, 6)), int(rng.integers(40, 300))
        specs.append((hidden_name(i, f"{k} clusters, {n} points"), _case_data(int(rng.integers(2**32)), n, k)))
    cases = []
    for name, (reference, labels) in specs:
        best = align_labels(reference, labels, n_labels=max(reference.max(), labels.max()) + 1)
        data = {"reference": reference, "labels": labels, "best": best}
        cases.append(Case(name, (reference, labels), data))
    reference, labels = _case_data(708, 40, 3)
    best = align_labels(reference, labels)
    cases.append(Case("lists instead of arrays", (reference.tolist(), labels.tolist()),
                      {"reference": reference, "labels": labels, "best": best}, error_hint=LIST_HINT))
    return cases


ARRAY_HINT = ("return a NumPy array, e.g. np.array(best): the notebook renumbers a fit with permutation[labels], "
              "and a tuple (what itertools.permutations yields) or a list cannot be indexed by an array (TypeError).")


def _judge(case, got):
    problem = _judge_values(case, got)
    if isinstance(got, np.ndarray) or as_array(got) is None:
        return problem
    if problem is None:
        return Problem(case.name, f"the right permutation, but a {type(got).__name__}, not a NumPy array",
                       hint=ARRAY_HINT)
    problem.summary += f"; also, return a NumPy array, not a {type(got).__name__}: np.array(best)"
    return problem


def _judge_values(case, got):
    reference, labels, best = case.data["reference"], case.data["labels"], case.data["best"]
    k = len(best.permutation)
    perm = as_array(got)
    if perm is None or perm.ndim != 1:
        return Problem(case.name, f"expected an array of {k} numbers, got {type(got).__name__}",
                       hint="return the permutation itself: permutation[j] is the new number of label j.")
    if perm.shape != (k,):
        return Problem(case.name, "wrong length", f"shape ({k},)", f"shape {perm.shape}",
                       hint=f"k = max(reference.max(), labels.max()) + 1 = {k} here: every number 0 .. k − 1 must "
                            f"appear, even one no point has.")
    if not np.array_equal(np.sort(perm), np.arange(k)):
        hint = ("two labels were given the same class: a permutation uses every class exactly once. Try every "
                "order with itertools.permutations(range(k)) instead of choosing each label's majority class.")
        return Problem(case.name, "not a permutation of 0 .. k − 1", fmt(np.arange(k)), fmt_whole(perm), hint)
    perm = perm.astype(int)
    got_agreement = _agreement(perm, reference, labels)
    if np.isclose(got_agreement, best.agreement, rtol=0, atol=1e-12):
        return None
    inverse = np.argsort(perm)
    if np.isclose(_agreement(inverse, reference, labels), best.agreement, rtol=0, atol=1e-12):
        hint = ("this is the inverse permutation: permutation[j] must be the new number of label j, so that "
                "permutation[labels] is the relabelled fit (not: the label that becomes j).")
    elif np.array_equal(perm, np.arange(k)):
        hint = "this is the identity: the labels are unchanged. Keep the permutation with the most agreement."
    elif np.isclose(got_agreement, min(_agreement(np.array(p), reference, labels) for p in permutations(range(k))), atol=1e-12):
        hint = "this permutation agrees least: keep the one with the largest agreement (max, not min)."
    else:
        hint = "count agreement as np.mean(permutation[labels] == reference) and keep the largest over all k! orders."
    return Problem(case.name, "another permutation agrees with the reference at more points",
                   f"agreement {best.agreement:.4f} (e.g. {best.permutation.tolist()})",
                   f"agreement {got_agreement:.4f} with {perm.tolist()}", hint)


def check_best_permutation(fn, *, timeout=DEFAULT_TIMEOUT):
    """Check ``fn(reference, labels)`` -> permutation against ``gmm_lab.align_labels`` on 6 cases.

    The permutation (``permutation[j]``: the new number of label j) must agree with the
    reference as well as the best one; ties between permutations are all accepted.
    Cases: 3, 2 and 4 clusters; a label the fit never uses; two equally good
    permutations; Python lists. Inputs must be left unchanged.

    Refuses ``gmm_lab.align_labels`` and ``confusion_table``; itertools and NumPy are allowed
    (SciPy's ``linear_sum_assignment`` is not gmm_lab's, and is not refused).
    """
    return run_check("check_best_permutation", fn, ("best_permutation", "reference", "labels"), _cases(), _judge,
                     timeout,
                     refused=REFUSALS["check_best_permutation"])
