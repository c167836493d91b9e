"""Numbers the prose of notebooks 09, 10 and 11 states, recomputed (as tests/test_claims.py does for 01-06).

Each test finds the sentence in the notebook's markdown, reads the number as written and
recomputes it with gmm_lab; a claim whose sentence was edited away fails here too.
"""

import warnings

import numpy as np
import pytest

import gmm_lab as g
from gmm_lab.collapse import RTOL
from test_claims import printed, same, stated

NB09, NB10, NB11 = "09-Covariance-Types", "10-Choosing-K", "11-Singularities"


# --------------------------------------------------------------------------- 09
@pytest.fixture(scope="module")
def grid_choices():
    """BIC's type at every slider setting of the 09 explorer (the same fits it precomputes)."""
    out = {}
    for a in range(0, 91, 15):
        for s in (1.0, 2.0, 3.0, 4.0):
            X, labels, _ = g.make_rotated_blobs(a, s)
            fits = g.fit_each_type(X, labels)
            out[a, s] = ({t: g.bic(X, f) for t, f in fits.items()}, {t: f.log_likelihood for t, f in fits.items()})
    return out


def test_09_parameter_counts():
    (times,) = stated(NB09, r"makes the model (\d+) times larger than a diagonal one")
    assert int(times) == round(g.n_parameters(10, 64, covariance_type="full") / g.n_parameters(10, 64, covariance_type="diag"))
    (points,) = stated(NB09, r"needs at least (\d+) points in its component \(d \+ 1")
    assert int(points) == 64 + 1
    sds, counts = stated(NB09, r"standard deviations ([\d., and]+) before stretching; ([\d, and]+) points")
    X, labels, t = g.make_rotated_blobs(0, 1.0)
    for label, text in enumerate(sds.replace(" and", ",").split(",")):
        assert np.allclose(t["covariances"][label], float(text) ** 2 * np.eye(2))
    assert [int(c) for c in counts.replace(" and", ",").split(",")] == np.bincount(labels).tolist()


def test_09_what_bic_chooses(grid_choices):
    stated(NB09, r"Round clusters \(stretch 1\) go to `spherical` at every angle")
    stated(NB09, r"axis-aligned ones to `diag`, and tilted, stretched ones to `full`. `tied` never wins here")
    for (a, s), (bic, _) in grid_choices.items():
        best = min(bic, key=bic.get)
        want = "spherical" if s == 1 else ("diag" if a in (0, 90) else "full")
        assert best == want, (a, s, best)


def test_09_tied_wins_with_one_shared_shape():
    (fewer,) = stated(NB09, r"`tied` fits almost as well as `full` with (\d+) fewer parameters, and BIC takes it")
    assert int(fewer) == g.n_parameters(3, 2, covariance_type="full") - g.n_parameters(3, 2, covariance_type="tied")
    X, labels, _ = g.make_rotated_blobs(45, 3.0, scales=(1.0, 1.0, 1.0))
    fits = g.fit_each_type(X, labels)
    bic = {t: g.bic(X, f) for t, f in fits.items()}
    assert min(bic, key=bic.get) == "tied"
    assert 0 < fits["full"].log_likelihood - fits["tied"].log_likelihood < 5  # "almost as well"


def test_09_answers(grid_choices):
    log_n, = stated(NB09, r"BIC charges \$\\log n = \\log 300 \\approx ([\d.]+)\$ for each of the three extra")
    assert same(log_n, np.log(300))
    bic, ll = grid_choices[90, 4.0]
    assert abs(ll["full"] - ll["diag"]) < 1 and bic["diag"] < bic["full"]  # answer 1
    (gap,) = stated(NB09, r"At 0° its log-likelihood is more than (\d+) below `full`'s at every")
    assert all(grid_choices[0, s][1]["full"] - grid_choices[0, s][1]["tied"] > int(gap) for s in (1.0, 2.0, 3.0, 4.0))
    charge, units = stated(NB09, r"BIC charges \$6\\log 300\\approx (\d+)\$,\s*that is (\d+) units of log-likelihood")
    assert same(charge, 6 * np.log(300)) and same(units, 3 * np.log(300))
    per, dirs, need, rank = stated(NB09, r"each component would get about (\d+) points, and the scatter of \d+ points "
                                         r"spans at most (\d+) of the 30 directions.*?needs more than (\d+) points\)"
                                         r".*?spans up to (\d+) directions, more than the 30")
    assert (int(per), int(dirs), int(need), int(rank)) == (100 // 5, 100 // 5 - 1, 30, 100 - 5)
    assert int(rank) >= 30  # so the pooled scatter can have full rank 30
    X = np.random.default_rng(0).normal(size=(100, 30))
    labels = np.arange(100) % 5
    centred = X - np.array([X[labels == j].mean(axis=0) for j in range(5)])[labels]
    assert np.linalg.matrix_rank(centred.T @ centred) == 30


def test_09_iris_under_the_four_types_as_scikit_learn_fits_them():
    """§5: scikit-learn's GaussianMixture from the same start classifies every flower as gmm_lab's EM does,
    so the printed accuracies are its too; and the prose's numbers."""
    from sklearn.datasets import load_iris
    from sklearn.mixture import GaussianMixture
    from sklearn.model_selection import train_test_split

    iris = load_iris()
    X_tr, X_te, y_tr, y_te = train_test_split(iris.data, iris.target, test_size=0.25, stratify=iris.target,
                                              random_state=0)
    rows = {t: (int(p), float(bic), float(train), float(test)) for t, p, bic, train, test in printed(
        NB09, r"(\w+) +p = (\d+), +\d+ iterations, BIC +([\d.]+); right: ([\d.]+)% of the fitted flowers, "
              r"([\d.]+)% of the held-out ones")}
    assert list(rows) == ["full", "tied", "diag", "spherical"]
    lls = {}
    for t, (p, bic, train, test) in rows.items():
        means, covs, weights = g.params_from_labels(X_tr, y_tr, covariance_type=t)
        ours = g.run_em(X_tr, means, covs, weights, covariance_type=t, tol=1e-6, max_iter=500)
        precisions = np.linalg.inv(covs) if t in ("full", "tied") else 1 / covs
        sk = GaussianMixture(3, covariance_type=t, weights_init=weights, means_init=means, precisions_init=precisions,
                             tol=1e-6 / len(X_tr), max_iter=500, reg_covar=1e-6).fit(X_tr)  # its tol is per point
        assert sk.converged_ and np.abs(sk.means_ - ours.means).max() < 1e-4
        assert sk.lower_bound_ * len(X_tr) == pytest.approx(ours.log_likelihood, abs=1e-3)
        assert same(f"{train:.1f}", 100 * np.mean(sk.predict(X_tr) == y_tr))
        assert same(f"{test:.1f}", 100 * np.mean(sk.predict(X_te) == y_te))
        assert np.array_equal(sk.predict(X_tr), ours.responsibilities.argmax(axis=1))
        assert p == g.n_parameters(3, 4, covariance_type=t) and same(f"{bic:.1f}", g.bic(X_tr, ours))
        lls[t] = ours.log_likelihood
    (n_held,) = printed(NB09, r"\d+ flowers to fit, (\d+) held out")
    held, point = stated(NB09, r"Read the held-out column with care: (\d+) flowers, so one\s+flower is "
                               r"([\d.]+) percentage points")
    (p_full,) = stated(NB09, r"BIC chooses it despite its (\d+) parameters")
    assert int(held) == int(n_held) == len(y_te) and same(point, 100 / len(y_te)) and int(p_full) == rows["full"][0]
    stated(NB09, r"it fits best, classifies best, and BIC chooses it")
    assert max(lls, key=lls.get) == "full" and min(rows, key=lambda t: rows[t][1]) == "full"
    assert max(rows, key=lambda t: rows[t][2]) == "full"
    stated(NB09, r"`full` and `tied` both get every held-out flower right")
    assert rows["full"][3] == rows["tied"][3] == 100.0
    stated(NB09, r"\(a flower with longer sepals has wider ones\)")
    assert all(np.corrcoef(iris.data[iris.target == c][:, :2].T)[0, 1] > 0.3 for c in range(3))


# --------------------------------------------------------------------------- 10
@pytest.fixture(scope="module")
def faithful():
    X, _ = g.load_faithful()
    sd = X.std(axis=0)
    Z = (X - X.mean(axis=0)) / sd
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.CollapseWarning)
        sweep = g.sweep(Z, range(1, 7), random_states=range(5))
        other = g.sweep(Z, range(1, 7), ["full"], random_states=range(5, 10))
    return X, Z, sd, sweep, other


def test_10_standardising(faithful):
    X, _, sd, _, _ = faithful
    wait, erupt = stated(NB10, r"the waiting time \(standard\s*deviation ([\d.]+)\) would dwarf the eruption length \(([\d.]+)\)")
    assert same(wait, sd[1]) and same(erupt, sd[0])
    distinct, total = stated(NB10, r"the waiting times are still whole minutes, (\d+)\s*distinct values for (\d+) eruptions")
    assert (int(distinct), int(total)) == (len(np.unique(X[:, 1])), len(X))
    log_n, ratio = stated(NB10, r"Here \$\\log n = \\log 272 \\approx ([\d.]+)\$: each parameter costs BIC ([\d.]+) times")
    assert same(log_n, np.log(272)) and same(ratio, np.log(272) / 2)


def test_10_bic_and_aic_over_k(faithful):
    _, _, _, sweep, other = faithful
    bic, aic = sweep.table("bic")[0], sweep.table("aic")[0]
    (gap,) = stated(NB10, r"\$K=3\$ comes\s*close \(([\d.]+) higher: a BIC difference of 2 is weak evidence\)")
    assert sweep.best("bic", covariance_type="full") == ("full", 2) and same(gap, bic[2] - bic[1])
    assert np.all(bic[3:] - bic[1] > 15)  # "K >= 4 far behind"
    span, first, then = stated(NB10, r"from \$K=3\$ on its values span only ([\d.]+), while other starts move single "
                                     r"values by more than that \(\$K=5\$: ([\d.]+), then ([\d.]+)\)")
    assert same(span, np.ptp(aic[2:]))
    other_aic = other.table("aic")[0]
    assert same(first, aic[4]) and same(then, other_aic[4]) and abs(aic[4] - other_aic[4]) > np.ptp(aic[2:])
    stated(NB10, r"With\s*five other starts BIC still says 2, and AIC's choice moves")
    assert other.best("bic") == ("full", 2) and other.best("aic") != sweep.best("aic", covariance_type="full")
    assert sweep.best("aic", covariance_type="full")[1] > 2 and other.best("aic")[1] > 2


def test_10_over_types(faithful):
    _, Z, _, sweep, _ = faithful
    stated(NB10, r"Over every type, BIC prefers a \*\*tied\*\* mixture with \*\*three\*\* components, ahead of tied "
                 r"with four and\s*full with two")
    bic = sweep.scores("bic")
    ranking = sorted(bic, key=bic.get)
    assert ranking[:3] == [("tied", 3), ("tied", 4), ("full", 2)]
    assert bic["tied", 3] < bic["full", 2]
    (each,) = stated(NB10, r"It has as many\s*parameters as full with \$K=2\$ \((\d+) each\) and a higher likelihood")
    assert int(each) == g.n_parameters(3, 2, covariance_type="tied") == g.n_parameters(2, 2, covariance_type="full")
    assert sweep.fits["tied", 3].log_likelihood > sweep.fits["full", 2].log_likelihood
    parts = stated(NB10, r"Tied, \$K=3\$: one covariance \((\d+)\) \+ (\d+) mean entries \+ (\d+) weights = (\d+)\. "
                         r"Full, \$K=2\$: two covariances\s*\((\d+)\) \+ (\d+) mean entries \+ (\d+) weight = (\d+)")
    assert [int(v) for v in parts] == [3, 6, 2, 11, 6, 4, 1, 11]


def test_10_held_out_and_prices(faithful):
    _, Z, _, sweep, _ = faithful
    ho = g.held_out_log_likelihood(Z, range(1, 7), covariance_type="full", n_folds=5, random_state=0, random_states=range(2),
                                   tol=1e-3)
    stated(NB10, r"full mixtures do best on new eruptions with two\s*components, and AIC's larger models")
    aic_k = sweep.best("aic", covariance_type="full")[1]
    assert np.argmax(ho) + 1 == 2 == sweep.best("bic", covariance_type="full")[1] and ho[aic_k - 1] < ho[1] and aic_k > 2
    stated(NB10, r"Every later step gains less than\s*BIC's price \(2→3 only just\), and most of them more than AIC's")
    gains = np.diff([sweep.fits["full", k].log_likelihood for k in range(1, 7)])
    bic_price, aic_price = 6 * np.log(272) / 2, 6.0
    assert gains[0] > 5 * bic_price and np.all(gains[1:] < bic_price) and bic_price - gains[1] < 2
    assert np.sum(gains[1:] > aic_price) > len(gains[1:]) / 2


def test_10_the_collapse_the_check_protects_from(faithful):
    _, Z, _, sweep, _ = faithful
    stated(NB10, r"Another start at \$K=6\$ \(k-means\+\+ start 11\) ends with a component on two eruptions")
    with pytest.warns(g.CollapseWarning):
        spike = g.run_em(Z, *g.init_params(Z, 6, method="k-means++", random_state=11), max_iter=1000)
    [j] = spike.collapsed
    assert np.sum(spike.responsibilities[:, j] > 0.5) == 2
    assert spike.log_likelihood > sweep.fits["full", 6].log_likelihood
    stated(NB10, r"Fed to AIC,\s*it would become AIC's choice of the whole sweep")
    assert g.aic(Z, spike) < min(sweep.scores("aic").values())
    assert sum(len(s) for s in sweep.collapsed.values()) == 0  # "skipped no collapsed run above"


# --------------------------------------------------------------------------- 11
def _lone():
    return g.make_lone_point(), (np.array([[0.0], [3.5]]), np.array([[[1.0]], [[0.25]]]), np.array([0.9, 0.1]))


def test_11_the_spike_grows_ln10_per_decade():
    x, (m, _, w) = _lone()
    (rise,) = stated(NB11, r"it rises by \$\\ln 10\\approx ([\d.]+)\$\s*for every tenfold shrink")
    ell = [g.log_likelihood(x, m, np.array([[[1.0]], [[s**2]]]), w) for s in (1e-6, 1e-7)]
    assert same(rise, np.log(10)) and same(rise, ell[1] - ell[0])


def test_11_em_walks_into_it():
    x, start = _lone()
    (first,) = stated(NB11, r"component 2 holds about one point's weight \(\$N_2\\approx1\$, the lone\s*point's\) and "
                            r"still a trace of the others, so \$\\sigma_2=([\d.]+)\$")
    (exponent,) = stated(NB11, r"two iterations later\s*\$\\sigma_2\$ is about \$10\^\{(-\d+)\}\$")
    means, covs, weights = start
    sigmas, n2 = [], []
    for _ in range(3):
        weights, means, covs = g.m_step(x, g.e_step(x, means, covs, weights), reg_covar=0.0)
        sigmas.append(np.sqrt(covs[1, 0, 0]))
        n2.append(weights[1] * len(x))
    assert abs(n2[0] - 1) < 0.01 and round(np.log10(sigmas[2])) == int(exponent)
    assert same(first, sigmas[0]) and sigmas[1] < 1e-5  # a trace of the others, then almost none
    (tiny,) = stated(NB11, r"a variance below \$10\^\{(-\d+)\}\$ of the data's in some direction")
    assert 10.0 ** int(tiny) == RTOL


def test_11_reg_covar_table_as_described():
    x, start = _lone()
    (default,) = stated(NB11, r"\(default\s*\$10\^\{(-\d+)\}\$\)")
    import inspect
    assert inspect.signature(g.m_step).parameters["reg_covar"].default == 10.0 ** int(default)
    (rise,) = stated(NB11, r"each hundredfold smaller `reg_covar` \(a tenfold smaller \$\\sigma_2\$\) buys \$\\ln 10\\approx([\d.]+)\$")
    runs = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.CollapseWarning)
        for reg in (1e-12, 1e-8, 1e-6, 1e-4, 1e-2, 1e-1):
            runs[reg] = g.run_em(x, *start, reg_covar=reg, tol=1e-6, max_iter=500)
    assert same(rise, runs[1e-6].log_likelihood - runs[1e-4].log_likelihood)
    assert same(rise, runs[1e-8].log_likelihood - runs[1e-6].log_likelihood)
    floor, = stated(NB11, r"only at \$10\^\{(-\d)\}\$,\s*a \$\\sigma_2\$ a third of the data's spread")
    assert [bool(r.collapsed) for r in runs.values()] == [True] * 5 + [False] and float(f"1e{floor}") == 1e-1
    assert runs[1e-2].weights[1] * len(x) < 0.995 and runs[1e-4].weights[1] * len(x) > 0.999
    assert runs[1e-2].responsibilities[:60, 1].sum() < 1e-20 < 1e-8 < runs[1e-1].responsibilities[:60, 1].sum()
    assert abs(np.sqrt(1e-1) / x.std() - 1 / 3) < 0.05


def test_11_rounded_faithful():
    X, _ = g.load_faithful()
    share, = stated(NB11, r"\$\\frac1\{12\}\$ min² is about (\d+)% of the eruption\s*lengths' variance")
    assert same(share, 100 / 12 / X[:, 0].var())
    stated(NB11, r"the hundred-odd nats of \"likelihood\" it had over this fit")
    start = g.init_params(X, 5, method="k-means++", random_state=2, covariance_type="diag")
    with pytest.warns(g.CollapseWarning):
        spiky = g.run_em(X, *start, covariance_type="diag", max_iter=1000)
    rounded = g.run_em(X, *start, covariance_type="diag", max_iter=1000, reg_covar=1 / 12)
    assert rounded.collapsed == () and 100 <= spiky.log_likelihood - rounded.log_likelihood < 200


def test_11_cross_validation_rewards_the_spike():
    """§5 and try-it 3: from the collapsed fit the spike stays in every fold and scores higher held out
    than the fit with the floor of 1/12 (read from what the notebook printed; nbval keeps it current)."""
    stated(NB11, r"The spike stays in every fold and scores \*higher\* on eruptions it never saw")
    stated(NB11, r"the spike stays in every fold and scores higher held out than the fit with\s+the floor")
    found = dict((name.strip(), (float(ll), int(n))) for name, ll, n in printed(
        NB11, r"(spike, reg_covar=1e-6|reg_covar=1/12) +held-out log-likelihood +(-[\d.]+); collapsed in (\d) of 5"))
    spike, floored = found["spike, reg_covar=1e-6"], found["reg_covar=1/12"]
    assert spike[1] == 5 and floored[1] == 0 and spike[0] > floored[0]
    stated("10-Choosing-K", r"unless new\s+points repeat that point's values exactly, as rounded data do")


def test_11_the_map_maximum_in_the_figure():
    from gmm_lab.course.widgets import catalog

    demo = catalog.entries(NB11)[0].build()
    (where,) = stated(NB11, r"its maximum is near\s*that width \(\$-\\log_\{10\}\\sigma_2\\approx([\d.]+)\$\)")
    best = demo.curve[np.argmax(demo.curve_objective)]
    s0, kappa = np.sqrt(demo.prior[0]), demo.prior[1]
    assert same(where, best) and same(where, -np.log10(s0 * np.sqrt(kappa / (1 + kappa))))


def test_11_the_map_derivation_checks_each_step():
    """The deep dive's steps as the notebook printed them (nbval keeps them current)."""
    stated(NB11, r"the maximum over \$\\boldsymbol\\Sigma_j\$ is \(deep dive below\)")
    [(t, d)] = printed(NB11, r"1\. terms\(v1\) - terms\(v2\) = (-?[\d.]+); direct: (-?[\d.]+)")
    [slope] = printed(NB11, r"3\. f'\(1 / best\) by finite differences: (\S+)")
    [(formula, ours, lower)] = printed(NB11, r"4\. formula ([\d.]+); g\.m_step_map ([\d.]+); f lower at 0\.9 and "
                                             r"1\.1 times: (\w+)")
    assert t == d and abs(float(slope)) < 1e-6 and formula == ours and lower == "True"
