"""Numbers the prose of notebooks 12 and 13 states, recomputed (the style of tests/test_claims.py).

Each test finds the sentence in the notebook's markdown, reads the number as written and
recomputes it with gmm_lab (and scikit-learn where the text is about scikit-learn). Numbers
a code cell prints are checked by nbval instead.
"""

import functools
import warnings

import numpy as np
import pytest
from sklearn.datasets import load_digits, load_iris, make_moons
from sklearn.decomposition import PCA
from sklearn.mixture import GaussianMixture
from test_claims import printed, same, stated

import gmm_lab as g

NB12 = "12-Old-Faithful-and-Iris"
NB13 = "13-Density-Estimation-and-Generation"
BOOK_MEANS = np.array([[-1.75, 1.0], [1.75, -1.0]])


# --------------------------------------------------------------------------- 12: Old Faithful
@functools.cache
def faithful():
    X, _ = g.load_faithful()
    centre, scale = X.mean(axis=0), X.std(axis=0)
    return X, (X - centre) / scale, centre, scale


def book_run(variance=0.25, means=BOOK_MEANS, max_iter=20):
    _, Z, _, _ = faithful()
    return g.run_em(Z, np.asarray(means, float), np.array([variance * np.eye(2)] * 2), np.array([0.5, 0.5]),
                    max_iter=max_iter, tol=None)


def test_12_other_circles_reach_the_same_fit():
    stated(NB12, r"Circles of other sizes, from \$0\.1\\,\\mathbf I\$ to \$\\mathbf I\$, .*? reach the same fit "
                 r"within the 20 iterations")
    _, Z, _, _ = faithful()
    settled = g.run_em(Z, BOOK_MEANS, np.array([0.25 * np.eye(2)] * 2), [0.5, 0.5], max_iter=500, tol=1e-8)
    for variance in (0.1, 0.25, 0.5, 1.0):
        assert book_run(variance).log_likelihood == pytest.approx(settled.log_likelihood, abs=1e-6)


def test_12_the_panels_read_as_the_text_says():
    stated(NB12, r"(the blue component gets nearly all of the lower-left cluster and the left edge of the "
                 r"upper-right one)")
    _, Z, _, _ = faithful()
    run = book_run()
    final = run.responsibilities.argmax(axis=1)  # 0: the lower-left cluster (blue), 1: upper right
    assert np.all(run.means[0] < 0) and np.all(run.means[1] > 0)
    blue = run.history[0].responsibilities[:, 0] > 0.5  # the first E-step
    assert blue[final == 0].mean() > 0.95
    assert 0.1 < blue[final == 1].mean() < 0.3
    upper = Z[final == 1, 0]
    assert np.median(upper[blue[final == 1]]) < np.quantile(upper, 0.25)  # its left edge
    stated(NB12, r"(the blue one stretches into a long diagonal ellipse)")
    width, height, angle = g.course.plotting.ellipse_geometry(run.history[1].covariances[0])
    assert width / height > 4 and 35 < angle < 65
    stated(NB12, r"(by \$L = 5\$ the two components have nearly separated the clusters)")
    assert np.mean(run.history[5].responsibilities.argmax(axis=1) == final) > 0.97


def test_12_the_gap_falls_slowly_then_linearly():
    stated(NB12, r"(the slow stretch while the components turn and shrink, then a steep, nearly straight fall)")
    ll = book_run().log_likelihoods  # the run the figure shows: the gap is to its end, iteration 20
    gap = ll[-1] - ll
    ratios = gap[1:15] / gap[:14]  # gap[t + 1] / gap[t] while the gap is well above rounding
    assert np.all(ratios[1:5] > 0.5)  # iterations 1 to 5: slow
    assert np.all((ratios[7:13] > 0.03) & (ratios[7:13] < 0.11))  # 7 to 13: about the same factor
    assert gap[17] < 1e-9  # then rounding


def test_12_fit_in_minutes_against_scikit_learn():
    X, Z, centre, scale = faithful()
    S = np.diag(scale)
    run = book_run()
    raw_start = (centre + BOOK_MEANS * scale, S @ (0.25 * np.eye(2)) @ S, np.array([0.5, 0.5]))
    sk = GaussianMixture(2, weights_init=raw_start[2], means_init=raw_start[0], tol=1e-10, max_iter=500,
                         precisions_init=np.linalg.inv(np.array([raw_start[1]] * 2))).fit(X)
    np.testing.assert_allclose(centre + run.means * scale, sk.means_, atol=1e-4)
    np.testing.assert_allclose(S @ run.covariances @ S, sk.covariances_, rtol=1e-4)
    np.testing.assert_allclose(run.weights, sk.weights_, atol=1e-6)
    assert run.log_likelihood - len(X) * np.log(scale).sum() == pytest.approx(sk.score(X) * len(X), abs=1e-4)
    # the values the brief and the cells state
    assert np.round(sk.weights_, 3).tolist() == [0.356, 0.644]
    assert np.round(sk.means_, 1).tolist() == [[2.0, 54.5], [4.3, 80.0]]
    assert round(sk.score(X) * len(X), 2) == -1130.26
    short, wait = stated(NB12, r"Short eruptions \(about (\d) minutes\) are followed by short waits \(about (\d+) minutes\)")
    assert same(short, sk.means_[0, 0]) and same(wait, sk.means_[0, 1])
    stated(NB12, r"(about a third of the eruptions are short)")
    assert abs(sk.weights_[0] - 1 / 3) < 0.03
    w1, w2 = stated(NB12, r"weights about ([\d.]+) and ([\d.]+), short")
    assert same(w1, sk.weights_[0]) and same(w2, sk.weights_[1])


def test_12_symmetric_start_answer():
    at20, fit, iterations = stated(NB12, r"after 20 iterations the log-likelihood is about \$(-[\d.]+)\$, against "
                                         r"\$(-[\d.]+)\$ for\s*the fit\..*?EM needs (\d+)\s*iterations")
    symmetric = np.array([[-1.5, 1.5], [1.5, -1.5]])
    assert same(at20, book_run(means=symmetric).log_likelihood)
    _, Z, _, _ = faithful()
    settled = g.run_em(Z, symmetric, np.array([0.25 * np.eye(2)] * 2), [0.5, 0.5], max_iter=500, tol=1e-8)
    assert same(fit, settled.log_likelihood) and int(iterations) == settled.n_iter


# --------------------------------------------------------------------------- 12: Iris
@functools.cache
def iris():
    return load_iris(return_X_y=True)


@functools.cache
def iris_restarts(method="k-means++", reg_covar=1e-6):
    X, _ = iris()
    with warnings.catch_warnings():  # the collapsed starts are what the claims count
        warnings.simplefilter("ignore", g.CollapseWarning)
        return g.run_restarts(X, 3, range(300), method=method, tol=1e-6, max_iter=1000, keep_history=False,
                              reg_covar=reg_covar)


def _common(runs):
    ends, counts = np.unique(np.round(runs.log_likelihoods, 2), return_counts=True)
    common = ends[np.argmax(counts)]
    return common, next(r for r in runs.runs.values() if round(r.log_likelihood, 2) == common)


def test_12_confusion_table_claims():
    X, species = iris()
    _, fit = _common(iris_restarts())
    table = g.confusion_table(species, fit.responsibilities.argmax(axis=1))
    moved, right = stated(NB12, r"and (\d+) versicolor flowers sit in the virginica cluster\. Without ever seeing a "
                                r"label, EM sorts (\d+) of the 150 flowers by species")
    assert table[0].tolist() == [50, 0, 0] and table[2].tolist() == [0, 0, 50]  # setosa apart, virginica whole
    assert int(moved) == table[1, 2] and int(right) == np.trace(table)


def test_12_the_spike_is_as_described():
    X, species = iris()
    best = iris_restarts().best
    (sd,) = stated(NB12, r"its spread in that direction is ([\d.]+) cm: \$\\sqrt\{10\^\{-6\}\}\$")
    thin = np.linalg.eigvalsh(best.covariances)[:, 0]
    spike = int(np.argmin(thin))
    assert same(sd, np.sqrt(thin[spike])) and thin[spike] == pytest.approx(1e-6, rel=1e-6)
    (n29,) = stated(NB12, r"The spike claims that (\d+) flowers have the same width to within 0\.001 cm")
    members = best.responsibilities.argmax(axis=1) == spike
    assert int(n29) == members.sum() == np.sum(X[:, 3] == 0.2)
    assert np.all(X[members, 3] == 0.2) and np.all(species[members] == 0)


def test_12_reg_covar_curve_claims():
    X, species = iris()
    groups = np.where(species > 0, 0, np.where(X[:, 3] == 0.2, 2, 1))

    def end(labels, reg):
        w, m, c = g.m_step(X, np.eye(3)[labels], reg_covar=reg)
        with warnings.catch_warnings():  # the spike collapses below the rounding variance: the claim
            warnings.simplefilter("ignore", g.CollapseWarning)
            return g.run_em(X, m, c, w, tol=1e-6, max_iter=1000, reg_covar=reg).log_likelihood

    (per_decade,) = stated(NB12, r"about \$\\tfrac\{29\}2\\ln 10 \\approx (\d+)\$ per decade")
    assert same(per_decade, 29 / 2 * np.log(10))
    slope = (end(groups, 1e-8) - end(groups, 1e-5)) / 3
    assert abs(slope - 29 / 2 * np.log(10)) < 0.5
    (rounding,) = stated(NB12, r"for \$h = 0\.1\$ cm, \$([\d.]+)\\times10\^\{-4\}")
    assert same(rounding, 0.1**2 / 12 * 1e4)
    good = [end(species, reg) for reg in (1e-8, 1e-6, 0.1**2 / 12)]
    assert max(good) - min(good) < 0.5  # "barely moves up to the rounding variance"
    regs = np.logspace(-8, -2, 13)
    above = [end(groups, reg) > end(species, reg) for reg in regs]
    crossing = regs[np.argmin(above)]  # the first reg_covar where the spike is no longer higher
    assert all(above[: np.argmin(above)]) and not any(above[np.argmin(above):])
    assert crossing < 0.1**2 / 12


def test_12_the_floor_makes_the_best_fit_the_common_one():
    stated(NB12, r"(The best of the 300 starts is now the species-like fit, and it is also the most common end)")
    X, species = iris()
    floored = iris_restarts(reg_covar=0.1**2 / 12)
    common, _ = _common(floored)
    assert round(floored.best.log_likelihood, 2) == common
    assert np.trace(g.confusion_table(species, floored.best.responsibilities.argmax(axis=1))) == 145
    stated(NB12, r"(The starts that found the spike now stop at an ordinary, lower local optimum)")
    spiky = [s for s, r in iris_restarts().runs.items() if r.log_likelihood > common + 1]
    assert spiky
    for s in spiky:
        r = floored.runs[s]
        assert r.log_likelihood < common - 1
        assert np.linalg.eigvalsh(r.covariances)[:, 0].min() > 2 * 0.1**2 / 12  # no component pinned at the floor
    stated(NB12, r"A few starts still end with a\s+component on three or four flowers")
    stated(NB12, r"and they end far below the best")
    assert 0 < len(floored.collapsed) <= 10
    for s in floored.collapsed:
        r = floored.runs[s]
        on = {int(np.sum(r.responsibilities.argmax(axis=1) == j)) for j in r.collapsed}
        assert on <= {3, 4}  # four points or fewer in 4-D always lie on a flat slice
        assert r.log_likelihood < common - 10


def test_13_no_collapsed_fit_is_used():
    """Read from what the notebook printed (nbval keeps it current): some starts collapse, no kept fit does."""
    stated(NB13, r"a start can end with one of\s+them collapsed onto a point or two")
    [(n, starts, low, high, kept)] = printed(NB13, r"(\d+) of the (\d+) starts collapsed, onto ([\d.]+) to ([\d.]+) "
                                                   r"points' worth; collapsed fits kept: (\d+)")
    assert 0 < int(n) < int(starts) == 60 and 1.0 <= float(low) <= float(high) <= 2.0 and kept == "0"


def test_12_random_starts_answer():
    (method,) = stated(NB12, r"2\. Run the 300 Iris starts with `method=\"(\w+)\"`")  # the question's own method
    best_ll, seed, n_points, n_common = stated(
        NB12, r"the best of 300 random starts ends at \$(-[\d.]+)\$ \(seed (\d+)\), above .*? with a component on "
              r"just (\d) flowers\..*?Only (\d+)\s*of the 300 random starts reach")
    runs = iris_restarts(method=method)
    common, _ = _common(iris_restarts())
    assert same(best_ll, runs.best.log_likelihood) and int(seed) == runs.best_random_state
    assert runs.best.log_likelihood > common
    best = runs.best
    j = int(np.argmin(np.linalg.eigvalsh(best.covariances)[:, 0]))
    assert int(n_points) == round(best.weights[j] * 150)
    assert int(n_common) == np.sum(np.round(runs.log_likelihoods, 2) == common)


def test_12_millimetre_answer():
    (floor_mm,) = stated(NB12, r"the floor is \$1\^2/12 \\approx ([\d.]+)\$ mm")
    assert same(floor_mm, 1 / 12) and 1 / 12 * 1e-2 == pytest.approx(0.1**2 / 12)


# --------------------------------------------------------------------------- 13: two moons
@functools.cache
def moons():
    X, _ = make_moons(200, noise=0.05, random_state=0)
    held_out, _ = make_moons(2000, noise=0.05, random_state=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.CollapseWarning)
        fits = {K: g.run_restarts(X, K, range(3), method="k-means++", tol=1e-3, max_iter=500,
                                  keep_history=False).best_uncollapsed for K in range(1, 21)}
    return X, held_out, fits, g.per_point_scores(X, fits, held_out)


def test_13_penalties_and_parameter_counts():
    (bic_per,) = stated(NB13, r"\$\\approx ([\d.]+)\$ for \$n = 200\$")
    assert same(bic_per, 0.5 * np.log(200))
    stated(NB13, r"(\$p = 6K - 1\$)")
    assert all(g.n_parameters(K, 2) == 6 * K - 1 for K in range(1, 21))
    (entries,) = stated(NB13, r"\$64\\cdot65/2 = (\d+)\$ free entries per component")
    assert int(entries) == 64 * 65 // 2
    (pdsh_entries,) = stated(NB13, r"\$41\\cdot42/2 = (\d+)\$")
    assert int(pdsh_entries) == 41 * 42 // 2


def test_13_aic_tracks_held_out_and_bic_stops_early():
    _, held_out, fits, s = moons()
    stated(NB13, r"(The training curve \(dashed\) keeps climbing)")
    assert np.all(np.diff(s["train"]) > 0)
    stated(NB13, r"(\*\*AIC tracks the held-out curve\*\*)")
    assert np.max(np.abs(s["aic"] - s["held_out"])) < 0.15
    best = {k: int(np.argmax(v)) + 1 for k, v in s.items()}
    assert abs(best["aic"] - best["held_out"]) <= 2
    stated(NB13, r"(\*\*BIC stops early\*\*, where the held-out curve is\s*still rising)")
    K = best["bic"]
    assert best["bic"] < best["held_out"] and s["held_out"][K] > s["held_out"][K - 1] + 0.05  # index K is K + 1
    stated(NB13, r"(So BIC's choice is clearly worse on new data, while 8 components are as good as the held-out "
                 r"maximum within the noise)")

    def lp(k):
        f = fits[k]
        return g.log_mixture_pdf(held_out, f.means, f.covariances, f.weights)

    for k, clearly in ((K, True), (8, False)):
        diff = lp(best["held_out"]) - lp(k)
        z = diff.mean() / (diff.std() / np.sqrt(len(diff)))
        assert (z > 3) if clearly else (abs(z) < 2), (k, z)


def test_13_twenty_components_answer():
    X, held_out, fits, s = moons()
    at20, at_best = stated(NB13, r"dropped to \$(-[\d.]+)\$ per point, from \$(-[\d.]+)\$ at its best")
    assert same(at20, s["held_out"][-1]) and same(at_best, s["held_out"].max())
    assert np.argmax(s["train"]) == 19
    n_eff, var, sd = stated(NB13, r"effective\s+#?\s*number of points of ([\d.]+) and a smallest variance of "
                                  r"\$([\d.]+)\\times10\^\{-5\}\$ \(a standard deviation\s+#?\s*of ([\d.]+),")
    thin = np.linalg.eigvalsh(fits[20].covariances)[:, 0]
    assert same(n_eff, (fits[20].weights * len(X)).min()) and same(var, thin.min() * 1e5)
    assert same(sd, np.sqrt(thin.min()))
    assert np.argmin(fits[20].weights) == np.argmin(thin)  # the smallest component is also the thinnest
    stated(NB13, r"Two of the three starts\s+#?\s*at \$K = 20\$ went all the way")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.CollapseWarning)
        r = g.run_restarts(X, 20, range(3), method="k-means++", tol=1e-3, max_iter=500, keep_history=False)
    stated(NB13, r"a component on one point \(in the other, on two, a line\)")
    assert len(r.collapsed) == 2
    on = []
    for s in r.collapsed:
        run = r.runs[s]
        j = run.collapsed[0]
        on.append(round(run.weights[j] * len(X), 1))
        assert np.linalg.eigvalsh(run.covariances[j])[0] == pytest.approx(1e-6, rel=1e-3)
    assert sorted(on) == [1.0, 2.0]
    assert sum(r.runs[s].log_likelihood > fits[20].log_likelihood + 0.5 for s in r.collapsed) == 1


def test_13_scikit_learn_sample_is_grouped():
    stated(NB13, r"(returns its samples grouped by\s*component, all of component 1 first)")
    X, _, _, _ = moons()
    _, labels = GaussianMixture(3, random_state=0).fit(X).sample(6)
    assert np.all(np.diff(labels) >= 0)
    _, labels = GaussianMixture(3, random_state=0).fit(X).sample(300)
    assert np.all(np.diff(labels) >= 0) and len(np.unique(labels)) == 3


# --------------------------------------------------------------------------- 13: digits
def test_13_vanderplas_recipe_breaks_in_scikit_learn():
    stated(NB13, r"(every component owns fewer points than it has dimensions, so every\s*covariance is singular)")
    stated(NB13, r"(EM\s*stops after two iterations, \"converged\")")
    import sklearn

    assert sklearn.__version__.startswith("1.9")
    digits, _ = load_digits(return_X_y=True)
    Z = PCA(0.99, whiten=True).fit_transform(digits)
    assert Z.shape[1] == 41
    gm = GaussianMixture(110, covariance_type="full", random_state=0).fit(Z)
    assert (gm.weights_ * len(Z)).max() < 41
    np.testing.assert_allclose(np.linalg.eigvalsh(gm.covariances_)[:, 0], 1e-6, rtol=1e-3)
    assert gm.n_iter_ == 2 and gm.converged_
    assert g.n_parameters(110, 41) > 50 * len(Z)  # "far more parameters than there are images"


def test_13_digit_components_gather_digits():
    stated(NB13, r"(many of\s*its components gather one digit each \(not all)")
    digits, digit = load_digits(return_X_y=True)
    Z = PCA(20).fit_transform(digits)
    fit = g.run_restarts(Z, 10, [0], method="k-means++", tol=1.0, max_iter=500, keep_history=False).best
    labels = fit.responsibilities.argmax(axis=1)
    purity = [np.bincount(digit[labels == j]).max() / np.sum(labels == j) for j in range(10)]
    assert sum(p > 0.8 for p in purity) >= 6 and min(purity) < 0.8


def test_13_every_digit_component_owns_many_more_images_than_dimensions():
    low, high = stated(NB13, r"here (\d+) to (\d+) images for 20; VanderPlas' recipe gives each fewer than 41")
    digits, _ = load_digits(return_X_y=True)
    Z = PCA(20).fit_transform(digits)
    fits = {K: g.run_restarts(Z, K, [0], method="k-means++", tol=1.0, max_iter=500, keep_history=False).best
            for K in range(2, 17, 2)}
    K = min(fits, key=lambda k: g.bic(Z, fits[k]))
    owned = fits[K].weights * len(Z)
    assert same(low, owned.min()) and same(high, owned.max()) and owned.min() > 5 * 20


def test_13_two_components_ignore_the_moons():
    """"at K = 2 one component holds about four fifths of the weight and spreads over both moons"."""
    stated(NB13, r"at \$K=2\$ one component holds\s*about four fifths of the weight and spreads over both moons")
    X, _, fits, _ = moons()
    fit = fits[2]
    big = int(np.argmax(fit.weights))
    assert abs(fit.weights[big] - 0.8) < 0.05
    _, labels = make_moons(200, noise=0.05, random_state=0)
    mine = fit.responsibilities.argmax(axis=1) == big
    assert min(np.sum(mine & (labels == 0)), np.sum(mine & (labels == 1))) > 40  # both moons, in good part
