"""Numbers and statements the prose of notebook 14 makes, checked (the style of tests/test_claims.py).

Numbers a cell prints are read from the stored outputs (``printed``; nbval keeps them current);
the others, mostly in the folded answers, are recomputed here.
"""

import functools

import numpy as np
import pytest
from scipy.special import logsumexp, xlogy
from sklearn.datasets import load_digits
from test_claims import printed, same, stated

import gmm_lab as g
from gmm_lab.course.widgets.catalog import _bernoulli_run  # functools.cache: built once a process
from gmm_lab.practice.bernoulli import MEAN_BOUND

NB = "14-Bernoulli-Mixtures"


@functools.cache
def digits():
    values, digit = load_digits(return_X_y=True)
    return values, digit, (values >= 8).astype(float)


def best_of(X, K, seeds, **kwargs):  # the notebook's
    runs = [g.run_em_bernoulli(X, *g.bernoulli_start(K, X.shape[1], s), keep_history=False, max_iter=500,
                               **kwargs) for s in seeds]
    return max(runs, key=lambda run: run.log_likelihood)


def test_the_data_as_described():
    values, _, X = digits()
    stated(NB, r"(1797) handwritten digits as \$8\\times8\$ images .*? from 0 to 16")
    assert values.shape == (1797, 64) and values.min() == 0 and values.max() == 16
    [share] = printed(NB, r"(\d+\.\d)% of the pixels are on")
    stated(NB, r"(about a third) of all pixels are on")
    assert 0.3 < float(share) / 100 < 0.37 and same(share, 100 * X.mean())
    stated(NB, r"means drawn uniformly between (0\.25) and (0\.75)")
    means, weights = g.bernoulli_start(4, 5, 0)
    assert means.min() >= 0.25 and means.max() <= 0.75 and np.allclose(weights, 0.25)
    [n] = printed(NB, r"(\d+) images; \d+ iterations")
    assert stated(NB, r"the three least certain images of all (\d+)") == (n,)


def test_each_of_the_three_components_found_mostly_one_digit_and_the_2s_split():
    stated(NB, r"(each component has found mostly one digit)")
    [owner] = printed(NB, r"components 1, 2, 3 hold mostly the digits \[(.*?)\]")
    assert owner == "2, 3, 4"  # component j holds mostly the digit j + 1, so the split below is (2s, 3s, 4s)
    splits = {int(c): (int(n), np.array(split.split(), dtype=int))
              for n, c, split in printed(NB, r"the (\d+) images of a (\d) go to components 1, 2, 3: \[(.*?)\]")}
    assert sorted(splits) == [2, 3, 4]
    for c, (n, split) in splits.items():
        assert split.sum() == n
    stated(NB, r"(Nearly every 3 and 4 lands in its own component), but the 2s split")
    assert splits[3][1][1] / splits[3][0] > 0.97 and splits[4][1][2] / splits[4][0] > 0.97
    moved, twos = stated(NB, r"the 2s split: (\d+) of the (\d+) go to the component of the 3s")
    assert (int(moved), int(twos)) == (splits[2][1][1], splits[2][0])
    # §4: the 2 that goes to the 3s is as certain as the typical 2, and the ink of such 2s sits with the 3s'
    [largest] = printed(NB, r"largest responsibility of each: \[(.*?)\]")
    largest = np.array(largest.split(), dtype=float)
    stated(NB, r"(The 2 that goes to the 3s is not a close call: its responsibility is as certain as the typical 2's)")
    assert largest[0] >= 0.99 and largest[1] >= 0.99
    [columns] = printed(NB, r"2s with the 2s (\d\.\d), 2s with the 3s (\d\.\d), 3s (\d\.\d)")
    assert stated(NB, r"where the 3s' is \((\d\.\d) against (\d\.\d), printed above\), right of the other "
                      r"2s' \((\d\.\d)\)") == (columns[1], columns[2], columns[0])
    assert float(columns[0]) < float(columns[1]) and abs(float(columns[1]) - float(columns[2])) < 0.15
    [agree] = printed(NB, r"K = 3, digits 2-4: (\d+\.\d)% of the images agree")
    stated(NB, r"With three digits, (more than nine images in ten) land with their own digit; with ten, fewer do")
    [agree10] = printed(NB, r"K = 10, all: (\d+\.\d)% of the images agree")
    assert float(agree) > 90 and float(agree10) < float(agree)


def test_ten_components_share_one_digit_and_leave_another_without():
    stated(NB, r"(two components may share one digit written in two ways, and then some other digit has no "
               r"component of its own)")
    _, digit, _ = digits()
    run = _bernoulli_run()  # the catalog's run of the explorer: the notebook's best of ten seeds, with its history
    [seed] = printed(NB, r"the best is seed (\d+)")
    np.testing.assert_array_equal(run.history[0].means, g.bernoulli_start(10, 64, int(seed))[0])
    [iterations] = printed(NB, r"the best is seed \d+: (\d+) iterations")
    [lls] = printed(NB, r"log-likelihood of each start, seeds 0 to 9:\n\[(.*?)\]")
    ll = lls.split()[int(seed)]
    assert int(iterations) == run.n_iter and int(ll) == round(run.log_likelihood)
    labels = run.responsibilities.argmax(axis=1)
    majority = [np.bincount(digit[labels == j], minlength=10).argmax() for j in range(10)]
    assert len(set(majority)) < 10
    # §3: the jump, then the slow climb the log-scale gap shows, then the fast end
    [gaps] = printed(NB, r"nats below the end after iterations 0, 1, 10, 70: \[(.*?)\]")
    gap = run.log_likelihood - run.log_likelihoods
    assert np.array_equal(np.array(gaps.split(), dtype=int), np.round(gap[[0, 1, 10, 70]]).astype(int))
    stated(NB, r"(one M-step already gives every component a faint digit; the log-likelihood jumps, closing most "
               r"of the gap to the end)")
    assert gap[1] < 0.2 * gap[0]
    stated(NB, r"(the gap shrinks from hundreds of nats to a few over dozens of iterations, and only then falls fast)")
    assert 100 <= gap[10] < 1000 and 1 <= gap[70] < 10
    assert gap[-2] < 1e-3 * gap[70]  # the last 22 iterations shrink it far more than the 60 before (176 to 4)


def test_bic_wants_more_components_than_digits():
    stated(NB, r"by less than `tol=0\.1` nats \(about \$(6)\\times10\^\{-5\}\$ per image")
    assert printed(NB, r"tol = 0\.1 nats in total: (\S+) per image") == ["6e-05"] and round(0.1 / 1797, 5) == 6e-05
    [bics] = printed(NB, r"BIC: \{(.*?)\}")
    bic = {int(k): int(b) for k, b in (item.split(": ") for item in bics.split(", "))}
    stated(NB, r"(BIC differs by hundreds) between these \$K\$")
    best = min(bic.values())
    assert all(b - best >= 100 for b in bic.values() if b != best)
    stated(NB, r"polish each of the (21) fits")
    assert 3 * len(range(4, 29, 4)) == 21
    [(K, p)] = printed(NB, r"BIC chooses K = (\d+): p = .*? = (\d+)")
    stated(NB, r"(BIC wants more components than there are digits)")
    stated(NB, r"(\$p = K\\cdot D \+ K - 1\$)")
    assert int(K) > 10 and int(p) == int(K) * 64 + int(K) - 1


def test_the_never_on_pixel_section():
    stated(NB, r"Fit the (first 1000) images and score the other (797)")
    assert 1797 - 1000 == 797
    stated(NB, r"\$\\varepsilon = (10\^\{-10\})\$ \(its `bound`\)")
    assert MEAN_BOUND == 1e-10
    stated(NB, r"costs \$\\log\\varepsilon \\approx (-23)\$ nats")
    assert round(np.log(MEAN_BOUND)) == -23
    [count] = printed(NB, r"new images with probability 0 under plain EM: (\d+)")
    stated(NB, r"The (four) new images plain EM called impossible")
    assert count == "4"


def test_the_answers():
    values, digit, X = digits()
    stated(NB, r"(Eight) pixels are never on at a threshold of 4 \(ten at 8\)")
    assert ((values >= 4).sum(axis=0) == 0).sum() == 8 and (X.sum(axis=0) == 0).sum() == 10
    thick, thin = stated(NB, r"\((\d+\.\d)% of the pixels are on instead of (\d+\.\d)%\)")
    assert same(thick, 100 * (values >= 4).mean()) and same(thin, 100 * X.mean())
    stated(NB, r"\$p = 10\\cdot64 \+ 9 = (649)\$, for \$1797\\cdot64 = (115\{,\}008)\$")
    assert 10 * 64 + 9 == 649 and 1797 * 64 == 115_008
    stated(NB, r"`g.n_parameters\(10, 64\)` = (21,449): more than (30) times as many")
    assert g.n_parameters(10, 64) == 21_449 and 30 < 21_449 / 649 < 34
    stated(NB, r"costs \$\\log 10\^\{-3\}\\approx(-6\.9)\$ nats")
    assert same("-6.9", np.log(1e-3))
    stated(NB, r"(the four images become much less surprising; the training log-likelihood falls a little)")
    train, new = X[:1000], X[1000:]
    tight, loose = best_of(train, 10, range(3)), best_of(train, 10, range(3), bound=1e-3)
    plain = np.where(tight.at_bound, tight.means.round(), tight.means)  # the bound undone, as in §7
    terms = (xlogy(new[:, None], plain) + xlogy(1 - new[:, None], 1 - plain)).sum(axis=2)
    with np.errstate(divide="ignore"):
        surprising = np.isinf(logsumexp(terms + np.log(tight.weights), axis=1))
    before = g.bernoulli_log_pdf(new, tight.means, tight.weights)
    after = g.bernoulli_log_pdf(new, loose.means, loose.weights)
    assert surprising.sum() == 4 and np.all(after[surprising] > before[surprising] + 10)
    assert loose.log_likelihood < tight.log_likelihood
    assert loose.log_likelihood == pytest.approx(tight.log_likelihood, rel=0.01)
