"""Numbers the prose of notebooks 07 and 08 states, recomputed (as tests/test_claims.py does for 01-06).

Each test finds the sentence in the notebook's markdown, reads the number as written and
recomputes it with gmm_lab; seed-specific facts are recomputed, never assumed.
"""

import math
import warnings

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

import gmm_lab as g
from gmm_lab.course.datasets import KMEANS_TRAPS
from test_claims import printed, same, stated

NB07, NB08 = "07-KMeans-vs-GMM", "08-Initialisation-and-Local-Optima"
BOOK_START = np.array([[-1.75, 1.0], [1.75, -1.0]])


@pytest.fixture(scope="module")
def faithful():
    X, _ = g.load_faithful()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    return Z, g.kmeans(Z, BOOK_START)


# --------------------------------------------------------------------------- 07
def test_07_lloyd_answer(faithful):
    Z, run = faithful
    before, after = stated(NB07, r"The first update: \$J\$ drops from ([\d.]+) to ([\d.]+)\.")
    J = run.half_step_distortions
    assert same(before, J[0]) and same(after, J[1])
    assert np.argmax(-np.diff(J)) == 0  # the first update is the biggest drop
    assert run.history[-1].labels.tolist() == run.history[-2].labels.tolist()  # "the last assignment changes nothing"


def test_07_sigma_one_answer(faithful):
    Z, run = faithful
    hard, soft, off = stated(NB07, r"At \$\\sigma=1\$ only (\d+)% of the points have a largest responsibility above "
                                   r"0\.99, but (\d+)% have one above 0\.9.*?at most ([\d.]+) from k-means' centres")
    fit = g.fixed_variance_em(Z, BOOK_START, 1.0)
    top = fit.responsibilities.max(axis=1)
    assert same(hard, 100 * np.mean(top > 0.99)) and same(soft, 100 * np.mean(top > 0.9))
    dist = np.linalg.norm(fit.means - run.centres, axis=1)
    assert same(off, dist.max())
    smaller = np.argmin(np.bincount(run.labels))  # "the mean that moves most is that of the smaller cluster"
    assert np.argmax(dist) == smaller


def test_07_collapse_claims(faithful):
    """The collapse begins at sigma^2 = lambda_max; EM crawls near it ("a few hundred iterations")."""
    Z, _ = faithful
    lam = np.linalg.eigvalsh(np.cov(Z.T, bias=True)).max()
    for factor, apart in ((0.98, True), (1.02, False)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", g.ConvergenceWarning)
            fit = g.fixed_variance_em(Z, BOOK_START, factor * lam, max_iter=20000)
        assert (np.linalg.norm(fit.means[0] - fit.means[1]) > 1e-3) == apart
    slow = g.fixed_variance_em(Z, BOOK_START, 2.0)  # sigma = 1.414, the grid's first collapsed value
    assert 100 <= slow.n_iter < 1000


def test_07_trap_descriptions():
    (points,) = stated(NB07, r"Three mixtures of two Gaussians \(`g\.make_kmeans_traps`, ([\d–]+) points each\)")
    sizes = [t["n"] for t in KMEANS_TRAPS.values()]
    assert points == f"{min(sizes)}–{max(sizes)}"
    major, minor, tilt = stated(NB07, r"\(standard deviations ([\d.]+) and ([\d.]+), tilted (\d+)°\)")
    cov = KMEANS_TRAPS["elongated"]["covariances"][0]
    vals, vecs = np.linalg.eigh(cov)
    assert same(major, np.sqrt(vals[1])) and same(minor, np.sqrt(vals[0]))
    assert same(tilt, np.degrees(np.arctan2(vecs[1, 1], vecs[0, 1])) % 180)
    big, small = stated(NB07, r"a big round cluster \(weight (\d+)%\) and a small, tighter one \(weight (\d+)%\)")
    trap = KMEANS_TRAPS["unequal sizes"]
    assert [same(big, 100 * trap["weights"][0]), same(small, 100 * trap["weights"][1])] == [True, True]
    assert trap["covariances"][1][0, 0] < trap["covariances"][0][0, 0]
    wide, tight = stated(NB07, r"a wide cluster \(standard deviation ([\d.]+)\) beside a tight one \(([\d.]+)\)")
    trap = KMEANS_TRAPS["unequal spreads"]
    assert same(wide, np.sqrt(trap["covariances"][0][0, 0])) and same(tight, np.sqrt(trap["covariances"][1][0, 0]))


@pytest.fixture(scope="module")
def traps():
    out = {}
    for name, (X, truth, params) in g.make_kmeans_traps(random_state=0).items():
        km = min((g.kmeans(X, 2, random_state=s) for s in range(10)), key=lambda r: r.distortion)
        em = g.run_restarts(X, 2, range(10), method="k-means++", tol=1e-6, max_iter=1000, keep_history=False)
        out[name] = (X, truth, params, km, em)
    return out


def test_07_k_means_objective_prefers_the_wrong_answer(traps):
    """"In every case the true partition has a larger J than k-means' answer", and the mixture wins on ARI."""
    stated(NB07, r"in every case the true partition has a larger \$J\$ than k-means' answer")
    for X, truth, _, km, em in traps.values():
        J_true = sum(((X[truth == j] - X[truth == j].mean(axis=0)) ** 2).sum() for j in range(2))
        assert km.distortion < J_true
        assert adjusted_rand_score(truth, em.best.responsibilities.argmax(axis=1)) > adjusted_rand_score(truth, km.labels)
    km_J, true_J = stated(NB07, r"answer already has a lower \$J\$ than the true partition \(([\d.]+) against ([\d.]+)\)")
    X, truth, _, km, _ = traps["elongated"]
    assert same(km_J, km.distortion)
    assert same(true_J, sum(((X[truth == j] - X[truth == j].mean(axis=0)) ** 2).sum() for j in range(2)))


def test_07_the_mixtures_errors_are_the_true_mixtures(traps):
    """"even the true mixture would put them in the wrong cluster": the fit errs on no more points than the truth."""
    stated(NB07, r"even the true mixture would put them in the wrong cluster")
    for X, truth, params, _, em in traps.values():
        bayes = g.e_step(X, params["means"], params["covariances"], params["weights"]).argmax(axis=1)
        fitted = em.best.responsibilities.argmax(axis=1)
        errors = len(truth) * (1 - g.align_labels(truth, fitted).agreement)
        assert round(errors) <= np.sum(bayes != truth)
    X, truth, _, _, em = traps["unequal sizes"]
    assert np.sum(em.log_likelihoods > em.best.log_likelihood - 1e-3) < 10  # "not every start reaches the best fit"


def test_07_starting_from_k_means_answer(traps):
    ari_elong, ll_from, ll_best, ari_sizes = stated(
        NB07, r"ten\s+starts \(ARI ([\d.]+)\)\. On the unequal sizes it does not: it stops at a worse local optimum\s+"
              r"\(log-likelihood (−[\d.]+) against (−[\d.]+), ARI ([\d.]+)\)")
    found = {}
    for name, (X, truth, _, km, em) in traps.items():
        w, m, c = g.m_step(X, np.eye(2)[km.labels])
        fit = g.run_em(X, m, c, w, tol=1e-6, max_iter=1000)
        found[name] = (fit, em.best, adjusted_rand_score(truth, fit.responsibilities.argmax(axis=1)))
    fit, best, ari = found["elongated"]
    assert same(ari_elong, ari) and fit.log_likelihood == pytest.approx(best.log_likelihood, abs=1e-3)
    fit, best, ari = found["unequal sizes"]
    assert same(ll_from, fit.log_likelihood) and same(ll_best, best.log_likelihood) and same(ari_sizes, ari)


# --------------------------------------------------------------------------- 08
def one_d_data():
    x, _ = g.sample_gmm(150, [[-4.0], [0.0], [3.5]], [[[0.64]], [[0.36]], [[0.49]]], [0.35, 0.4, 0.25],
                        random_state=0)
    return x


def em_from(x, a, b, tol=1e-8):
    return g.run_em(x, [[a], [b]], [[[1.0]], [[1.0]]], [0.5, 0.5], tol=tol, max_iter=1000)


def test_08_what_the_optima_are():
    stated(NB08, r"The best, \$\\ell\\approx-349\.2\$, gives the left cluster a component of its own and\s+merges the "
                 r"middle and right ones; the second merges the left and middle ones")
    x = one_d_data()
    best, second = em_from(x, -5.0, -3.0), em_from(x, 5.0, -1.0)
    assert round(best.log_likelihood, 1) == -349.2 and round(second.log_likelihood, 1) == -355.3
    assert sorted(best.means[:, 0].round()) == [-4.0, 1.0]  # -4 alone; 0 and 3.5 share a mean near 1.2
    assert sorted(second.means[:, 0].round()) == [-2.0, 4.0]  # -4 and 0 share a mean near -1.5; 3.5 alone


def test_08_try_it_answers():
    x = one_d_data()
    (data_end,) = stated(NB08, r"\(the data end at about ([\d.]+)\)")
    assert same(data_end, x.max())
    ll, its, m1, m2 = stated(NB08, r"To the second optimum \(\$\\ell=(-[\d.]+)\$\), in (\d+) iterations\..*?to "
                                   r"\$(-[\d.]+)\$ \(about the centre of all the data\) and \$([\d.]+)\$")
    run = em_from(x, 5.0, 6.0)
    assert same(ll, run.log_likelihood) and int(its) == run.n_iter
    assert same(m1, run.history[1].means[0, 0]) and same(m2, run.history[1].means[1, 0])
    assert abs(run.history[1].means[0, 0] - x.mean()) < 0.3
    saddle, second = stated(NB08, r"From \$\(1, 1\)\$ EM stays on the single-Gaussian saddle \(\$\\ell=(-[\d.]+)\$\)\. "
                                  r"From \$\(1\.2, 1\)\$.*?reaches the second\s+optimum, \$\\ell=(-[\d.]+)\$")
    assert same(saddle, em_from(x, 1.0, 1.0).log_likelihood) and same(second, em_from(x, 1.2, 1.0).log_likelihood)
    assert same(second, em_from(x, 1.0, 1.2).log_likelihood)  # the other slider's step too
    plateau, longer = stated(NB08, r"then stop at \$\\ell=(-[\d.]+)\$ after a slow stretch.*?reach \$(-[\d.]+)\$")
    grid = np.linspace(-6, 6, 61)
    runs = g.run_em_batch(x, [([[a], [b]], [[[1.0]], [[1.0]]], [0.5, 0.5]) for a in grid for b in grid],
                          tol=1e-6, max_iter=1000)
    lls = np.array([r.log_likelihood for r in runs])
    odd = np.flatnonzero(np.abs(lls - float(plateau)) < 0.05)
    assert sorted((grid[i // 61].round(1), grid[i % 61].round(1)) for i in odd) == [(-4.8, 4.8), (4.8, -4.8)]
    assert set(np.round(lls, 1)) == {-349.2, -355.3, -378.7, float(plateau)}
    for i in odd:
        assert same(longer, em_from(x, grid[i // 61], grid[i % 61]).log_likelihood)
    (count,) = stated(NB08, r"\$10! = ([\d{},]+)\$")
    assert int(count.replace("{,}", "").replace(",", "")) == math.factorial(10)


def test_08_label_switching_claims():
    (pct,) = stated(NB08, r"The same fit, the same (\d+)% agreement")
    X, labels, truth = g.make_three_blobs()
    runs = g.run_restarts(X, 3, range(6), method="k-means++", tol=1e-6, keep_history=False)
    agreements = {round(g.align_labels(labels, r.responsibilities.argmax(axis=1)).agreement, 6) for r in runs.runs.values()}
    assert len(agreements) == 1 and same(pct, 100 * agreements.pop())
    bayes = g.e_step(X, truth["means"], truth["covariances"], truth["weights"]).argmax(axis=1)
    assert abs(np.mean(bayes == labels) - 0.97) < 0.01  # "even the true mixture labels about as many wrongly"


def test_08_the_other_end_points_are_local_maxima():
    """"run on to tol=1e-9, none of them moves by more than 1e-4"; "nearly all give two components to one cluster".

    The notebook runs every end point on and prints what it found (read here from its stored outputs).
    """
    stated(NB08, r"Run on to `tol=1e-9`, none of them moves by more than \$10\^\{-4\}\$; nearly\s+all of them give "
                 r"two components to one true cluster")
    found = printed(NB08, r"(\S+) +run on to tol=1e-9, no end moves by more than (\S+); (\d+)% of the (\d+) below the "
                          r"best give two components to one cluster")
    assert [method for method, *_ in found] == ["random_from_data", "k-means++", "kmeans"]
    for _, moved, pct, below in found:
        assert float(moved) <= 1e-4 and int(pct) >= 90 and int(below) > 0


def test_08_collapsed_runs():
    """"collapsed onto one or two points"; "Random starts do this far more often than the other two"."""
    stated(NB08, r"a component has \*\*collapsed\*\* onto one or two points")
    stated(NB08, r"Random starts do this far more often\s+than the other two")
    stated(NB08, r"here they are simply runs that did not reach the best fit")
    counts = dict(printed(NB08, r"(\S+) +starts cover [\d.]+ of the 9 clusters.*?; (\d+) runs end collapsed"))
    assert int(counts["random_from_data"]) >= 2 * max(int(counts["k-means++"]), int(counts["kmeans"])) > 0
    for held, reached in printed(NB08, r"a collapsed component holds at most ([\d.]+) points; (\d+) collapsed runs "
                                       r"reach the best"):
        assert float(held) < 2.5 and int(reached) == 0


def test_08_a_path_crosses_another_basin():
    """"from (1.2, 1) it crosses the best end's region on its way to the second": the map colours starts
    (sigma = 1, pi = 1/2), and the path's later points have other spreads and weights."""
    stated(NB08, r"from\s*\$\(1\.2, 1\)\$ it crosses the best end's region on its way to the second")
    x = one_d_data()
    grid = np.linspace(-6, 6, 61)
    starts = [([[a], [b]], [[[1.0]], [[1.0]]], [0.5, 0.5]) for a in grid for b in grid]
    paths = g.em_paths(x, starts, tol=1e-8, max_iter=1000)
    codes, _ = g.basin_codes(paths, grid)
    i, j = np.argmin(abs(grid - 1.2)), np.argmin(abs(grid - 1.0))
    start = i * 61 + j  # start i * G + j begins at (grid[i], grid[j])
    assert (grid[i], grid[j]) == pytest.approx((1.2, 1.0))
    assert codes.ravel()[start] // 2 == 1  # the start's own region: the second end, where it goes
    visited = {codes[np.argmin(abs(grid - m1)), np.argmin(abs(grid - m2))] // 2 for m1, m2 in paths.means[start][:, :, 0]}
    assert 0 in visited  # the best end's region, crossed on the way


def test_07_the_collapse_derivation_checks_each_step():
    """The deep dive's four steps, as the notebook printed them (nbval keeps the outputs current)."""
    stated(NB07, r"the split grows by a\s+factor \$\\lambda_\{\\max\}/\\sigma\^2\$ per iteration")
    [(e1,)] = [(x,) for x in printed(NB07, r"1\. r = 1 / \(1 \+ exp\(-u\)\): +largest error (\S+)")]
    [e2] = printed(NB07, r"2\. r = 1/2 \+ y\.delta / 2 sigma\^2: +largest error (\S+)")
    [e3] = printed(NB07, r"3\. new split = S delta / sigma\^2: +relative error (\S+)")
    [(growth, ratio)] = printed(NB07, r"4\. growth ([\d.]+) = lambda_max / sigma\^2 = ([\d.]+)")
    assert float(e1) < 1e-12 and float(e2) < 1e-9 and float(e3) < 1e-6 and growth == ratio


def test_07_vector_quantisation_numbers():
    """The deep dive's bits, as printed: PRML's 24K + N ceil(log2 K), the shares the prose rounds, errors falling."""
    from sklearn.datasets import load_sample_image

    stated(NB07, r"thinned to every 4th pixel of every\s+4th row")
    [(width, height, n, original)] = printed(NB07, r"(\d+) x (\d+) = ([\d,]+) pixels: ([\d,]+) bits at 24 bits a pixel")
    n = int(n.replace(",", ""))
    assert load_sample_image("china.jpg")[::4, ::4].shape == (int(height), int(width), 3)
    assert n == int(width) * int(height) and int(original.replace(",", "")) == 24 * n
    rows = printed(NB07, r"K = +(\d+): +([\d,]+) bits, ([\d.]+) a pixel \(([\d.]+)% of the original\); "
                         r"k-means: \d+ iterations\n +colour error +([\d.]+) of 255")
    assert [int(k) for k, *_ in rows] == [2, 3, 10]
    share = {}
    for k, bits, per_pixel, pct, _ in rows:
        bits, k = int(bits.replace(",", "")), int(k)
        assert bits == 24 * k + n * math.ceil(math.log2(k))
        assert same(per_pixel, bits / n) and same(pct, 100 * bits / (24 * n))
        share[k] = bits / (24 * n)
    errors = [float(e) for *_, e in rows]
    assert errors == sorted(errors, reverse=True)  # more colours, a closer image
    stated(NB07, r"Two colours keep only light against dark, yet cost about a twenty-fourth of the bits; ten keep\s+"
                 r"most of the picture at a sixth")
    assert abs(24 * share[2] - 1) < 0.05 and abs(6 * share[10] - 1) < 0.05


def test_08_the_four_starts_and_their_cost():
    """§5's prose against its printed table (seeds 0-29 of each kind)."""
    stated(NB08, r"the same seeds, the first 30 of\s+section 1's")
    [same_run] = printed(NB08, r'k-means with seed s ends where the "kmeans" start of seed s begins: (\w+)')
    assert same_run == "True"
    rows = printed(NB08, r"(\S+) +median +(\d+) k-means \+ +(\d+) EM iterations; median end +(-?[\d.]+); +(\d+) of 30 "
                         r"reach the best; +(\d+) collapsed")
    table = {m.strip('"'): [float(v) for v in vals] for m, *vals in rows}
    assert list(table) == ["random", "random_from_data", "k-means++", "kmeans"]
    (about,) = stated(NB08, r"It takes\s+about (\d+) EM iterations, none of the 30 runs reaches the best fit, and about "
                            r"half of them end\s+collapsed")
    _, em_its, end, reach, collapsed = table["random"]
    assert abs(em_its - int(about)) <= 0.05 * int(about) and reach == 0 and 0.4 <= collapsed / 30 <= 0.6
    stated(NB08, r"Random data points do a little better")
    assert table["random_from_data"][3] > reach and table["random_from_data"][2] > end
    stated(NB08, r"k-means\+\+ seeds and whole k-means runs reach\s+the best fit about half the time each, and the "
                 r"`\"kmeans\"` start gets there in about half as many\s+EM iterations, for a few k-means iterations more")
    assert all(0.4 <= table[m][3] / 30 <= 0.6 for m in ("k-means++", "kmeans"))
    assert 0.4 <= table["kmeans"][1] / table["k-means++"][1] <= 0.6 and 1 <= table["kmeans"][0] <= 10
    assert [table[m][0] for m in ("random", "random_from_data", "k-means++")] == [0, 0, 0]
