"""Model choice (sweep, held-out likelihood) and the data and starts of notebooks 09 and 10."""

import warnings

import numpy as np
import pytest
from sklearn.mixture import GaussianMixture

import gmm_lab as g


@pytest.fixture(scope="module")
def faithful_sweep():
    X, _ = g.load_faithful()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    return Z, g.sweep(Z, [1, 2, 3], ("full", "tied"), range(3))


def test_sweep_keeps_the_best_run_of_each_model(faithful_sweep):
    Z, sw = faithful_sweep
    assert sorted(sw.fits) == [(t, k) for t in ("full", "tied") for k in (1, 2, 3)]
    for (t, k), fit in sw.fits.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", g.CollapseWarning)
            runs = g.run_restarts(Z, k, range(3), method="k-means++", keep_history=False, covariance_type=t,
                                  max_iter=1000)
        assert fit.log_likelihood == max(r.log_likelihood for r in runs.runs.values() if not r.collapsed)
        assert fit.covariance_type == t and len(fit.weights) == k


def test_scores_tables_and_choices_agree(faithful_sweep):
    Z, sw = faithful_sweep
    bic = sw.table("bic")
    assert bic.shape == (2, 3)
    assert bic[0, 1] == pytest.approx(g.bic(Z, sw.fits["full", 2]))
    i, j = np.unravel_index(np.argmin(bic), bic.shape)
    assert sw.best("bic") == (sw.covariance_types[i], sw.ks[j])
    assert sw.best("aic", covariance_type="full") == ("full", sw.ks[int(np.argmin(sw.table("aic")[0]))])
    assert sw.best("log_likelihood", covariance_type="full") == ("full", 3)  # the training likelihood always wants more
    gm = GaussianMixture(2, means_init=sw.fits["full", 2].means, weights_init=sw.fits["full", 2].weights,
                         precisions_init=np.linalg.inv(sw.fits["full", 2].covariances), max_iter=1, tol=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gm.fit(Z)
    assert abs(gm.bic(Z) - bic[0, 1]) < 0.1  # scikit-learn's BIC, one EM step further


def test_collapsed_starts_are_skipped_and_counted():
    X, _ = g.load_faithful()  # raw units: start 2 of diag K=5 sits on 14 eruptions waiting 83 min
    sw = g.sweep(X, [5], ["diag"], range(4), max_iter=1000)
    assert sw.collapsed == {("diag", 5): [2]}
    assert sw.fits["diag", 5].collapsed == ()
    with pytest.warns(g.CollapseWarning):
        spike = g.run_restarts(X, 5, range(4), method="k-means++", keep_history=False, covariance_type="diag",
                               max_iter=1000).best
    assert spike.log_likelihood > sw.fits["diag", 5].log_likelihood  # what a plain "best of" would have taken


def test_held_out_log_likelihood_is_a_cross_validation():
    X, _ = g.load_faithful()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    ho = g.held_out_log_likelihood(Z, [1, 2], n_folds=4, random_state=3, random_states=range(2))
    folds = np.array_split(np.random.default_rng(3).permutation(len(Z)), 4)
    total = 0.0
    for i, test in enumerate(folds):
        train = np.concatenate(folds[:i] + folds[i + 1:])
        mean, cov = Z[train].mean(axis=0), np.cov(Z[train].T, bias=True) + 1e-6 * np.eye(2)
        total += g.log_likelihood(Z[test], mean[None], cov[None], [1.0])
    assert ho[0] == pytest.approx(total, rel=1e-9)  # K = 1 needs no EM: the training mean and covariance
    assert ho[1] > ho[0]


def test_bad_input_to_model_choice():
    X, _ = g.load_faithful()
    with pytest.raises(ValueError, match="covariance_type must be one of"):
        g.sweep(X, [1], ["round"])
    with pytest.raises(ValueError, match="at least one number of components"):
        g.sweep(X, [])
    sw = g.sweep(X, [1], ["full"], range(1))
    with pytest.raises(ValueError, match="criterion must be 'bic', 'aic' or 'log_likelihood'"):
        sw.scores("BIC")
    with pytest.raises(ValueError, match="'tied' is not in this sweep"):
        sw.best("bic", covariance_type="tied")
    with pytest.raises(ValueError, match="n_folds must be between 2 and the number of points"):
        g.held_out_log_likelihood(X, [1], n_folds=1)


# --------------------------------------------------------------------------- the data of 09
@pytest.mark.parametrize("angle, stretch", [(0, 1.0), (30, 2.5), (90, 4.0)])
def test_rotated_blobs_are_their_covariances(angle, stretch):
    X, labels, t = g.make_rotated_blobs(angle, stretch)
    assert X.shape == (300, 2) and np.bincount(labels).tolist() == [120, 105, 75]
    a = np.radians(angle)
    long_axis = np.array([np.cos(a), np.sin(a)])
    for j, scale in enumerate((1.0, 0.7, 0.45)):
        vals, vecs = np.linalg.eigh(t["covariances"][j])
        assert vals == pytest.approx(scale**2 * np.array([1 / stretch, stretch]))  # same area at every stretch
        if stretch > 1:
            assert abs(vecs[:, 1] @ long_axis) == pytest.approx(1.0)
        z = np.linalg.solve(np.linalg.cholesky(t["covariances"][j]), (X[labels == j] - t["means"][j]).T)
        assert abs(z.mean()) < 0.3 and 0.7 < z.std() < 1.3  # whitened: standard normal
    X2, labels2, _ = g.make_rotated_blobs(angle + 10, stretch)
    assert np.array_equal(labels, labels2)  # the same points move when the slider moves
    Xs, _, ts = g.make_rotated_blobs(angle, stretch, scales=(1, 1, 1))
    assert np.allclose(ts["covariances"], ts["covariances"][0])  # one shared covariance: "tied"


@pytest.mark.parametrize("kw, match", [({"stretch": 0.5}, "stretch must be a number >= 1"),
                                       ({"scales": (1, 2)}, "scales must be three positive numbers"),
                                       ({"scales": (1, -1, 1)}, "scales must be three positive numbers"),
                                       ({"n": 0}, "n must be an integer >= 1")])
def test_rotated_blobs_bad_input(kw, match):
    with pytest.raises(ValueError, match=match):
        g.make_rotated_blobs(**kw)


@pytest.mark.parametrize("covariance_type", ["full", "diag", "spherical", "tied"])
def test_params_from_labels_is_each_groups_own_fit(covariance_type):
    """Each component: its points' share, mean and (biased) covariance, in the type's form, + reg_covar."""
    X, labels, _ = g.make_rotated_blobs()
    means, covs, weights = g.params_from_labels(X, labels, covariance_type=covariance_type, reg_covar=1e-3)
    groups = [X[labels == j] for j in range(3)]
    np.testing.assert_allclose(weights, [len(x) / len(X) for x in groups], rtol=1e-12)
    np.testing.assert_allclose(weights, [0.4, 0.35, 0.25])
    np.testing.assert_allclose(means, [x.mean(axis=0) for x in groups], rtol=1e-12)
    scatter = np.array([np.cov(x.T, bias=True) for x in groups])
    expected = {"full": scatter + 1e-3 * np.eye(2),
                "diag": np.diagonal(scatter, axis1=1, axis2=2) + 1e-3,
                "spherical": np.diagonal(scatter, axis1=1, axis2=2).mean(axis=1) + 1e-3,
                "tied": np.einsum("j,jde->de", weights, scatter) + 1e-3 * np.eye(2)}[covariance_type]
    np.testing.assert_allclose(covs, expected, rtol=1e-10)


@pytest.mark.parametrize("labels, match", [([0, 2, 2], r"components \[1\] have no points"),
                                           ([0.0, 1.0, 1.0], "non-negative integers"),
                                           ([0, -1, 1], "non-negative integers"),
                                           ([0, 1], "3 non-negative integers")])
def test_params_from_labels_bad_input(labels, match):
    with pytest.raises(ValueError, match=match):
        g.params_from_labels([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]], labels)


def test_a_model_whose_every_start_collapsed_is_refused():
    """Twelve values rounded to four, K = 4: every start puts each component on one repeated value."""
    X = np.repeat([[0.0], [1.0], [2.0], [3.0]], 3, axis=0)
    with pytest.raises(ValueError, match=r"every one of the 3 starts for covariance_type='full', K=4 ended with a "
                                         r"collapsed component.*Raise reg_covar"):
        g.sweep(X, [4], ["full"], range(3))
    with pytest.raises(ValueError, match="ended with a collapsed component"):
        g.held_out_log_likelihood(X, [4], n_folds=2, random_states=range(3))


def test_seeds_may_come_from_a_generator():
    X, _ = g.load_faithful()
    from_list = g.sweep(X, [1, 2], ["full"], [0, 1])
    from_generator = g.sweep(X, [1, 2], ["full"], (s for s in range(2)))
    assert all(from_list.fits[key].log_likelihood == from_generator.fits[key].log_likelihood for key in from_list.fits)
    assert np.array_equal(g.held_out_log_likelihood(X, [1, 2], random_states=[0, 1]),
                          g.held_out_log_likelihood(X, [1, 2], random_states=(s for s in range(2))))
    with pytest.raises(ValueError, match="at least one number of components"):
        g.held_out_log_likelihood(X, [])
