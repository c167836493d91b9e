"""check_kmeans_step (07) and check_best_permutation (08): right answers pass, wrong ones get their hint.

The answers are in tests/student_mistakes_clustering.py, written the way students write
them, and each wrong one is paired with the hint it must get (as in tests/test_checks.py).
"""

import re

import numpy as np
import pytest

import gmm_lab as g
from gmm_lab.course import checks
from gmm_lab.course.checks import CheckFailed
from gmm_lab.course.checks.clustering import reference_kmeans_step
import student_mistakes_clustering as smc


# --------------------------------------------------------------------------- #
# the tests
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("check, fn", [
    (checks.check_kmeans_step, smc.kmeans_step_right),
    (checks.check_kmeans_step, smc.kmeans_step_loops),
    (checks.check_best_permutation, smc.best_permutation_right),
], ids=lambda x: getattr(x, "__name__", ""))
def test_right_answers_pass(check, fn):
    result = check(fn)
    assert result, repr(result)
    assert result.failures == [] and result.passed == result.cases and len(result.cases) >= 6


WRONG = [
    (checks.check_kmeans_step, smc.kmeans_step_argmax, "np.argmin of the distances, not np.argmax"),
    (checks.check_kmeans_step, smc.kmeans_step_last_on_tie, "take the first of them (lowest index)"),
    (checks.check_kmeans_step, smc.kmeans_step_nan_for_empty, "the mean of no points is 0/0 = NaN"),
    (checks.check_kmeans_step, smc.kmeans_step_zero_for_empty, "it must stay where it was, not move to 0"),
    (checks.check_kmeans_step, smc.kmeans_step_relocates_like_gmm_lab, "only the centre of the empty cluster is wrong"),
    (checks.check_kmeans_step, smc.kmeans_step_update_first, "assign first (to the centres given), then update"),
    (checks.check_kmeans_step, smc.kmeans_step_in_place, "changed its input centres"),
    (checks.check_kmeans_step, smc.kmeans_step_no_asarray, "np.asarray(X, dtype=float)"),
    (checks.check_kmeans_step, smc.kmeans_step_swapped, "return labels first, then the new centres"),
    (checks.check_kmeans_step, smc.kmeans_step_squeezed, "must have the shape of centres, (2, 1)"),
    (checks.check_best_permutation, smc.best_permutation_inverse, "this is the inverse permutation"),
    (checks.check_best_permutation, smc.best_permutation_majority, "two labels were given the same class"),
    (checks.check_best_permutation, smc.best_permutation_min, "keep the one with the largest agreement"),
    (checks.check_best_permutation, smc.best_permutation_k_from_labels, "every number 0 .. k − 1 must appear"),
    (checks.check_best_permutation, smc.best_permutation_sorts_in_place, "changed its input labels"),
    (checks.check_kmeans_step, smc.kmeans_step_dot_product, "the largest dot product x·c is not the nearest centre"),
    (checks.check_best_permutation, smc.best_permutation_tuple, "return a NumPy array, e.g. np.array(best)"),
]


@pytest.mark.parametrize("check, fn, hint", WRONG, ids=[f"{c.__name__}-{f.__name__}" for c, f, _ in WRONG])
def test_wrong_answer_fails_with_its_hint(check, fn, hint):
    result = check(fn)
    assert not result and result.status == "failed"
    assert result.failures and len(result.failures) + len(result.passed) == len(result.cases)
    assert any(hint in message for message in result.failures), "\n\n".join(result.failures)
    assert hint in repr(result)
    assert not re.search(r"\bcentre 0\b", repr(result))  # centres count from 1, as the notebooks' μ₁ … μ_K
    for number, index in re.findall(r"\bcentre (\d+)(?: \(index (\d+)\))?", repr(result)):
        assert not index or int(number) == int(index) + 1


def test_every_new_check_has_at_least_three_diagnosed_mistakes():
    counts = {}
    for check, _, _ in WRONG:
        counts[check.__name__] = counts.get(check.__name__, 0) + 1
    assert set(counts) == {"check_kmeans_step", "check_best_permutation"} and min(counts.values()) >= 3, counts


def _floats(text):
    return np.array([float(x) for x in re.findall(r"-?\d+(?:\.\d*)?(?:e[-+]?\d+)?", text)])


def test_a_dot_product_answer_is_shown_its_point_and_the_distances():
    """The first differing point's coordinates and squared distances, computed here; no tie-breaking hint."""
    from gmm_lab.course.checks.clustering import _cases

    cases = {c.name: c for c in _cases()}
    result = checks.check_kmeans_step(smc.kmeans_step_dot_product)
    assert result.failures and "take the first of them" not in repr(result)
    for message in result.failures:
        name, rest = message.split(": labels differ first at point ", 1)
        i = int(rest.split("\n")[0])
        X, centres = cases[name].data["X"], cases[name].data["centres"]
        labels, _ = smc.kmeans_step_dot_product(X, centres)
        d2 = ((X[i] - centres) ** 2).sum(axis=1)
        assert i == np.flatnonzero(labels != reference_kmeans_step(X, centres)[0])[0]
        lines = message.splitlines()
        point = next(line for line in lines if "the point: x =" in line)
        np.testing.assert_allclose(_floats(point.split("=", 1)[1]), X[i], rtol=1e-3, atol=1e-4)
        dist = next(line for line in lines if "its squared distances to centres" in line)
        np.testing.assert_allclose(_floats(dist.split(":", 1)[1]), d2, rtol=1e-3, atol=1e-4)
        assert f"expected {d2.argmin()} (centre {d2.argmin() + 1}, the nearest)" in message
        assert f"got      {labels[i]} (centre {labels[i] + 1})" in message
        assert d2[labels[i]] > d2.min()  # the label it got is farther: not a tie


def test_the_empty_centre_is_named_as_the_notebooks_number_it():
    """The empty cluster's centre is centres[2]: the report says centre 3 (index 2)."""
    [message] = checks.check_kmeans_step(smc.kmeans_step_nan_for_empty).failures
    assert message.startswith("a centre no point is nearest to (an empty cluster): new_centres: differs at "
                              "centre 3 (index 2)"), message


def test_a_tuple_is_the_right_permutation_but_not_usable_as_the_notebook_uses_it():
    reference, labels = np.array([0, 0, 1, 1, 2]), np.array([2, 2, 0, 0, 1])
    permutation = smc.best_permutation_tuple(reference, labels)
    assert isinstance(permutation, tuple) and np.array_equal(np.array(permutation)[labels], reference)
    with pytest.raises(TypeError):
        permutation[labels]  # what 08 then does with it: permutation[fitted]
    result = checks.check_best_permutation(smc.best_permutation_tuple)
    assert result.passed == [] and all(": the right permutation, but a tuple, not a NumPy array" in m
                                       for m in result.failures)


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
        checks.check_kmeans_step(smc.kmeans_step_last_on_tie)
    assert checks.check_best_permutation(smc.best_permutation_right) is None


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
