# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # 09 — Covariance types: what shape may a component take?
#
# **Learning goals.** After this notebook you can
# 1. name the four covariance types — full, diag, spherical, tied — say what shape each lets a
#    component take, and count its free parameters;
# 2. predict which type fits rotated, stretched or unequal clusters, and check it with BIC;
# 3. draw any type as ellipses (`g.full_covariances`) and count parameters (`g.n_parameters`);
# 4. explain why the type with the best log-likelihood is not always the one to choose.
#
# **Time.** Core path about 35 minutes (§1–§4); deep dive (optional, about 10 minutes): §5 (Iris
# under the four types, as classifiers); the exercise at the end about 15 minutes.

# %% slideshow={"slide_type": "subslide"}
import numpy as np

import gmm_lab as g
from gmm_lab.course import deep_dive_figures as gd
from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets.covtypes import TYPES, CovarianceTypesExplorer

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Four ways to restrict $\boldsymbol\Sigma_j$
#
# So far every component had its own **full** covariance: any symmetric positive definite
# $d\times d$ matrix, an ellipse of any size, elongation and orientation. That freedom costs
# parameters, and with many features or few points it is more than the data can pin down.
# scikit-learn (and `gmm_lab`, with the same `covariance_type=` and the same array shapes) offers
# three restrictions:
#
# | type | $\boldsymbol\Sigma_j$ | its ellipse | covariance parameters | array shape |
# | --- | --- | --- | --- | --- |
# | `full` | any, one per component | any size, shape and orientation | $K\,d(d+1)/2$ | $(K, d, d)$ |
# | `diag` | $\operatorname{diag}(\sigma_{j1}^2,\dots,\sigma_{jd}^2)$ | stretched **along the axes** only | $K\,d$ | $(K, d)$ |
# | `spherical` | $\sigma_j^2\,\mathbf I$ | a **circle** (a ball), any size | $K$ | $(K,)$ |
# | `tied` | $\boldsymbol\Sigma$, **shared** by all components | any shape, but the **same** for all | $d(d+1)/2$ | $(d, d)$ |
#
# A symmetric $d\times d$ matrix has $d(d+1)/2$ free entries: the diagonal and one triangle. On top
# of the covariances every type has $Kd$ mean entries and $K-1$ free weights (they sum to 1), so

# %% [markdown] slideshow={"slide_type": "subslide"}
# $$
# p_{\text{full}} = K\frac{d(d+1)}{2} + Kd + K - 1 .
# $$

# %% [markdown] slideshow={"slide_type": "subslide"}
# `g.n_parameters(K, d, covariance_type=t)` counts them as scikit-learn does. For three components in
# the plane, and for ten components on the 64 pixels of an 8×8 digit image:

# %%
for k, d in [(3, 2), (10, 64)]:
    counts = {t: g.n_parameters(k, d, covariance_type=t) for t in TYPES}
    print(f"K={k:>2}, d={d:>2}: " + ", ".join(f"{t} {p:,}" for t, p in counts.items())
          + f";  full / diag = {counts['full'] / counts['diag']:.1f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# In the plane the types differ by a few parameters; in 64 dimensions a full covariance per
# component makes the model 17 times larger than a diagonal one, and a full covariance needs at
# least 65 points in its component (d + 1, spread in every direction) before it can be invertible. The M-step for each type is the full one
# restricted (`gmm_lab/covariances.py`, `estimate_covariances`): **diag** keeps the diagonal of
# the weighted scatter, **spherical** the mean of that diagonal, **tied** pools the scatter of every
# component and divides by $n$. Each returns scikit-learn's shape;
# `g.full_covariances` expands any of them into $(K, d, d)$ matrices, which is what drawing needs:

# %%
X, labels, truth = g.make_rotated_blobs(angle=45, stretch=3.0)
fits = g.fit_each_type(X, labels)
for t, fit in fits.items():
    full = g.full_covariances(fit.covariances, covariance_type=t, n_components=3, n_features=2)
    print(f"{t:<9} covariances {str(np.shape(fit.covariances)):<9} -> full {full.shape};"
          f"  Σ₁ = {np.round(full[0], 2).tolist()}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. The same clusters, four fits
#
# The data: three clusters of the **same shape** but **different sizes** (standard deviations
# 1, 0.7 and 0.45 before stretching; 120, 105 and 75 points), all rotated by one angle and
# stretched by one factor (`g.make_rotated_blobs`). Each type is fitted by EM **started from the
# true labels** (`g.params_from_labels`), so that each panel shows what the type *can* fit, not
# where EM happened to start. Points are coloured by each fit's responsibilities, ellipses are 2σ,
# and the thick frame marks the type with the lowest BIC, the criterion of notebook 10:
# $\mathrm{BIC} = -2\ell + p\log n$, the fit penalised by its number of parameters (lower is better).
# The line above the figure gives every type's BIC, lowest first.
#
# Move the sliders. Every setting was fitted when the figure was built; dragging only looks fits up.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
explorer = CovarianceTypesExplorer()
explorer

# %% [markdown] slideshow={"slide_type": "subslide"}
# At the starting setting (45°, stretch 3), in numbers:

# %%
_, at_start = explorer.current(45, 3.0)
for t in TYPES:
    f, p = at_start[t], g.n_parameters(3, 2, covariance_type=t)
    print(f"{t:<9} p = {p:>2}   log-likelihood {f['log_likelihood']:8.1f}"
          f"   BIC {f['bic']:7.1f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# What to look for:
#
# * **Tilted and stretched** (45°): only `full` and `tied` can tilt an ellipse. `tied` must give all
#   three clusters one shape, too big for the small one and too small for the big one; `diag` and
#   `spherical` can only draw axis-aligned ellipses and circles round tilted clouds, and their
#   log-likelihood falls far behind. `full` wins despite its extra parameters.
# * **Stretched along an axis** (0° or 90°): `diag` fits as well as `full` (the true covariances
#   *are* diagonal), with three fewer parameters, so BIC prefers it.
# * **Round** (stretch 1): `spherical` is enough, and the cheapest.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. What BIC chooses over the whole slider grid
#
# The type with the lowest BIC at every setting of the sliders (the same fits the figure shows):

# %%
choice = {key: min(TYPES, key=lambda t: fits_[t]["bic"])
          for key, (_, fits_) in explorer.table.items()}
print("stretch " + "".join(f"{a:>10}°" for a in explorer.angles))
for s in explorer.stretches:
    print(f"{s:>7g} " + "".join(f"{choice[a, s]:>11}" for a in explorer.angles))
print("tied chosen anywhere:", "tied" in choice.values())

# %% [markdown] slideshow={"slide_type": "subslide"}
# Round clusters (stretch 1) go to `spherical` at every angle (rotating a circle changes nothing),
# axis-aligned ones to `diag`, and tilted, stretched ones to `full`. `tied` never wins here, because
# the three clusters have different sizes. It wins when they really share one covariance:

# %%
X_same, labels_same, _ = g.make_rotated_blobs(angle=45, stretch=3.0, scales=(1.0, 1.0, 1.0))
fits_same = g.fit_each_type(X_same, labels_same)
for t, fit in fits_same.items():
    p = g.n_parameters(3, 2, covariance_type=t)
    print(f"{t:<9} p = {p:>2}   log-likelihood {fit.log_likelihood:8.1f}"
          f"   BIC {g.bic(X_same, fit):7.1f}")

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, axes = gp.new_figure(1, 4, size=(11.2, 3.4))
for ax, (t, fit) in zip(axes, fits_same.items()):
    key = "upper left" if ax is axes[-1] else False  # one key, where this panel has room
    gp.plot_responsibilities(X_same, fit.responsibilities, ax=ax, s=10, key=key)
    gp.plot_ellipses(fit.means, fit.covariances, ax=ax, n_std=(2,), covariance_type=t)
    ax.set(title=f"{t}: BIC {g.bic(X_same, fit):.0f}", aspect="equal",
           xlim=(-7.5, 7.5), ylim=(-7.5, 7.5))
gp.show(fig, alt="The four covariance types fitted to three clusters that share one tilted, "
                 "stretched shape: full and tied draw the same three tilted ellipses, diag and "
                 "spherical draw axis-aligned ellipses and circles; the titles give each BIC.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# With one shared shape, `tied` fits almost as well as `full` with 6 fewer parameters, and BIC
# takes it. (A tied mixture is what linear discriminant analysis assumes: with a shared covariance,
# the boundary between two components' regions is a straight line; see *Try it*.)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Which type, in practice?
#
# * Start from what you know: features on very different scales, or independent by design, suggest
#   `diag` (after standardising); many features and few points rule out `full`.
# * Otherwise compare types with BIC (or held-out likelihood) on *your* data, as above: notebook 10
#   does it for Old Faithful, together with the number of components. The type and $K$ trade off:
#   a `spherical` mixture can mimic one elongated cluster with two round components.
# * The restricted types are also cheaper per EM iteration and more stable: a `spherical` or `diag`
#   covariance has fewer ways to become singular (notebook 11).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Iris under the four types (deep dive)
#
# scikit-learn's example *GMM covariances* (`plot_gmm_covariances`) uses a mixture as a
# classifier. Fit each type to three quarters of the Iris flowers (notebook 12), with component
# $j$ started at species $j$, then call a flower's species the component it is most likely under;
# count how often that is right on the flowers EM was fitted to and on the quarter it never saw.
# The split is stratified (each species keeps its share in both parts) and seeded. The example
# sets only the starting means (`means_init`; its covariances come from its default k-means start);
# we start each type from each species' training flowers, means, covariances and weights
# (`g.params_from_labels`), as section 2 did. After the start EM sees no label.

# %% slideshow={"slide_type": "subslide"}
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

iris = load_iris()
X_tr, X_te, y_tr, y_te = train_test_split(iris.data, iris.target, test_size=0.25,
                                          stratify=iris.target, random_state=0)
print(f"{len(X_tr)} flowers to fit, {len(X_te)} held out; per species {np.bincount(y_te)} held out")

# %%
iris_fits = {}
for t in TYPES:
    start = g.params_from_labels(X_tr, y_tr, covariance_type=t)  # each species' mean, spread, share
    fit = iris_fits[t] = g.run_em(X_tr, *start, covariance_type=t, tol=1e-6, max_iter=500)
    test = g.e_step(X_te, fit.means, fit.covariances, fit.weights, covariance_type=t).argmax(axis=1)
    train = fit.responsibilities.argmax(axis=1)  # component j began as species j
    print(f"{t:<9} p = {g.n_parameters(3, 4, covariance_type=t)}, {fit.n_iter:>2} iterations, BIC "
          f"{g.bic(X_tr, fit):5.1f}; right: {np.mean(train == y_tr):.1%} of the fitted flowers, "
          f"{np.mean(test == y_te):.1%} of the held-out ones")

# %% [markdown] slideshow={"slide_type": "subslide"}
# In the sepal plane, as in the example: each flower in its species' colour and shape (the held-out
# ones larger, outlined), each fitted component's 2σ ellipse (its shadow on these two of the four
# measurements) in the colour of the species it started at:

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, axes = gp.new_figure(2, 2, size=(9.0, 5.3), sharex=True, sharey=True)
for ax, (t, fit) in zip(axes.flat, iris_fits.items()):
    gd.plot_class_fit(X_tr, y_tr, fit, dims=(0, 1), ax=ax, held_out=(X_te, y_te),
                      names=iris.target_names if ax is axes[0, 1] else None)
    ax.set(title=t, aspect="equal", xlim=(4, 8.2), ylim=(1.8, 4.6))
for ax in axes[1]:
    ax.set_xlabel("sepal length (cm)")
for ax in axes[:, 0]:
    ax.set_ylabel("sepal width (cm)")
gp.show(fig, alt="Iris flowers in the plane of sepal length and width, four times, with the three "
                 "components fitted by each covariance type. Full draws three ellipses of their "
                 "own tilt and size; tied three equal tilted ellipses; diag three upright "
                 "ellipses; spherical three circles. Setosa sits apart at the upper left; "
                 "versicolor and virginica overlap.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Within a species the measurements are correlated (a flower with longer sepals has wider ones), so
# only `full` and `tied` can follow the clouds, and only `full` can give each species its own
# shape: it fits best, classifies best, and BIC chooses it despite its 44 parameters. `diag` misses
# the correlations, `spherical` the shapes too. Read the held-out column with care: 38 flowers, so one
# flower is 2.6 percentage points, and `full` and `tied` both get every held-out flower right.
# A classifier trained on the labels would use them all the way; here they only choose the start.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * `full`: any ellipse per component, $K\,d(d+1)/2$ covariance parameters. `diag`: axis-aligned
#   ellipses, $Kd$. `spherical`: circles, $K$. `tied`: one shared ellipse, $d(d+1)/2$.
# * Plus $Kd$ means and $K-1$ weights for every type (`g.n_parameters`).
# * The richer type always fits at least as well; BIC asks whether the extra parameters pay for
#   themselves, and here picks `spherical` for round, `diag` for axis-aligned, `full` for tilted
#   clusters, and `tied` when the clusters share one shape.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. At 90° and stretch 4 the `full` and `diag` ellipses look the same and their log-likelihoods
#    differ by less than 1. Why, and why does BIC still prefer `diag`?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. Why does `tied` lose even at 0°, where its one matrix can be diagonal like the truth's?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. With a shared covariance, why is the boundary where two components are equally likely a
#    straight line?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 4. A data set has 30 features and 100 points. Which types can you fit with $K=5$?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. At 90° the true covariances are diagonal, so the best `full` covariance of each cluster is
#    nearly diagonal too: its off-diagonal entries are only the sample's chance correlations, which
#    buy less than one unit of log-likelihood. BIC charges $\log n = \log 300 \approx 5.7$ for
#    each of the three extra parameters, so `diag` wins.
# 2. Because the clusters differ in *size*: one shared matrix cannot be large for the first cluster
#    and small for the third. At 0° its log-likelihood is more than 40 below `full`'s at every
#    stretch, far more than the 6 parameters it saves are worth (BIC charges $6\log 300\approx 34$,
#    that is 17 units of log-likelihood).
# 3. The log of the ratio of the two weighted densities is
#    $\log\frac{\pi_1}{\pi_2} - \tfrac12(\mathbf x-\boldsymbol\mu_1)^\top\boldsymbol\Sigma^{-1}(\mathbf x-\boldsymbol\mu_1)
#    + \tfrac12(\mathbf x-\boldsymbol\mu_2)^\top\boldsymbol\Sigma^{-1}(\mathbf x-\boldsymbol\mu_2)$: the
#    quadratic terms $\mathbf x^\top\boldsymbol\Sigma^{-1}\mathbf x$ cancel because $\boldsymbol\Sigma$ is shared,
#    leaving a function linear in $\mathbf x$; setting it to 0 gives a straight line (a hyperplane).
#    With different covariances the quadratic terms stay: curved boundaries.
# 4. Not `full`: each component would get about 20 points, and the scatter of 20 points spans at
#    most 19 of the 30 directions, so every covariance would be singular (a component needs more
#    than 30 points). `diag` (30 variances per component), `spherical` and `tied` (one matrix from
#    all 100 points: their scatter about 5 means spans up to 95 directions, more than the 30
#    needed for full rank) can be fitted; `g.n_parameters(5, 30, covariance_type=t)` gives their sizes.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: count the parameters
#
# Write `n_parameters(n_components, n_features, *, covariance_type="full")`: the number of free parameters of
# a Gaussian mixture, for each of the four types, as in the table of section 1. The check compares
# with `gmm_lab.n_parameters` (scikit-learn's count) for every type, in 1, 2 and 64 dimensions.

# %% nbgrader={"grade": false, "grade_id": "n_parameters", "locked": false, "schema_version": 3, "solution": true, "task": false}
def n_parameters(n_components, n_features, *, covariance_type="full"):
    """Free parameters of a mixture: covariances (by type), means, and the weights that sum to 1."""
    # Hint: weights k − 1, means k·d; full k·d(d+1)/2, diag k·d, spherical k, tied d(d+1)/2.
    ### BEGIN SOLUTION
    k, d = n_components, n_features
    covariances = {"full": k * d * (d + 1) // 2, "diag": k * d,
                   "spherical": k, "tied": d * (d + 1) // 2}
    return covariances[covariance_type] + k * d + (k - 1)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_n_parameters", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from gmm_lab.course.checks import check_n_parameters

check_n_parameters(n_parameters)
