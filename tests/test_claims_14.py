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


def test_each_of_the_three_components_found_one_digit():
    stated(NB, r"(Each component has found one digit), without ever being told the labels")
    _, digit, X = digits()
    mask = np.isin(digit, [2, 3, 4])
    fit = best_of(X[mask], 3, range(10))
    labels = fit.responsibilities.argmax(axis=1)
    majority = [np.bincount(digit[mask][labels == j], minlength=10).argmax() for j in range(3)]
    assert sorted(majority) == [2, 3, 4]
    [agree] = printed(NB, r"K = 3, digits 2-4: (\d+\.\d)% of the images agree")
    stated(NB, r"With three digits, (more than nine images in ten) land with their own digit; with ten, fewer do")
    [agree10] = printed(NB, r"K = 10, all: (\d+\.\d)% of the images agree")
    assert float(agree) > 90 and float(agree10) < float(agree)


def test_ten_components_share_one_digit_and_leave_another_without():
    stated(NB, r"(two components may share one digit written in two ways, and then some other digit has no "
               r"component of its own)")
    _, digit, X = digits()
    runs = {s: g.run_em_bernoulli(X, *g.bernoulli_start(10, 64, s), max_iter=500, keep_history=False)
            for s in range(10)}
    fit = runs[max(runs, key=lambda s: runs[s].log_likelihood)]
    labels = fit.responsibilities.argmax(axis=1)
    majority = [np.bincount(digit[labels == j], minlength=10).argmax() for j in range(10)]
    assert len(set(majority)) < 10
    [seed] = printed(NB, r"the best is seed (\d+)")
    run = g.run_em_bernoulli(X, *g.bernoulli_start(10, 64, int(seed)), max_iter=500)
    gains = np.diff(run.log_likelihoods)
    stated(NB, r"(one M-step already gives every component a faint digit; the log-likelihood jumps)")
    assert gains[0] > 0.5 * gains.sum()  # the first iteration does most of the climb


def test_bic_wants_more_components_than_digits():
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
