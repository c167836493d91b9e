"""Student-style expected log weights under stick-breaking, right and wrong, for tests/test_checks.py
(notebook 16's exercise). Each wrong one is paired in the tests with the hint it must get."""

import numpy as np
from scipy.special import digamma


def sticks_right(a, b):
    """A good answer: the kept part's E[ln v_k], plus the broken-off parts of the sticks before."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    broken = digamma(b) - digamma(a + b)
    return digamma(a) - digamma(a + b) + np.concatenate([[0.0], np.cumsum(broken)[:-1]])


def sticks_loops(a, b):
    """Right too, with a loop over the sticks."""
    out, before = [], 0.0
    for ak, bk in zip(a, b):
        out.append(digamma(ak) - digamma(ak + bk) + before)
        before += digamma(bk) - digamma(ak + bk)
    return np.array(out)


def sticks_no_earlier(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return digamma(a) - digamma(a + b)


def sticks_unshifted(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return digamma(a) - digamma(a + b) + np.cumsum(digamma(b) - digamma(a + b))


def sticks_log_of_mean(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.log(a / (a + b)) + np.concatenate([[0.0], np.cumsum(np.log(b / (a + b)))[:-1]])


def sticks_swapped(a, b):
    return sticks_right(b, a)


def sticks_dirichlet(a, b):
    a = np.asarray(a, dtype=float)
    return digamma(a) - digamma(a.sum())


def sticks_in_place(a, b):
    """Right values, but it overwrites the caller's b."""
    a, b = np.asarray(a), np.asarray(b)
    out = sticks_right(a, b)
    b -= b
    return out
