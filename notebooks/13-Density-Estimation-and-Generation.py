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
# # 13 — A mixture as a density: estimation and generation
#
# **Learning goals.** After this notebook you can
# 1. use a Gaussian mixture as a flexible **density estimator**, whose components need not mean anything;
# 2. choose its size with BIC, AIC and the log-likelihood of held-out data, and explain why they disagree;
# 3. **generate** new data by sampling from the fitted density;
# 4. generate new handwritten digits: a mixture in a PCA space, its samples mapped back to images.
#
# Until now a component was a *cluster*: a group of points we wanted to find. Here it is a building
# block. Enough Gaussians, each a small bump, can approximate almost any smooth density, and the
# question changes from "how many groups are there?" to "how many bumps does the shape need?".
# The examples follow VanderPlas, *Python Data Science Handbook*, section 5.12.
#
# **Time.** Core path about 40 minutes (§1–§6); no deep dives; the exercise at the end about 15
# minutes.

# %% slideshow={"slide_type": "subslide"}
import warnings

import numpy as np
from sklearn.datasets import load_digits, make_moons
from sklearn.decomposition import PCA

import gmm_lab as g
from gmm_lab.course import figures as gf
from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets.density import DensityExplorer

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Two moons: a shape no Gaussian fits
#
# 200 points along two interleaved half-circles, with a little noise (scikit-learn's `make_moons`,
# seeded), and 2000 more from the same source, kept aside as **held-out** data: the fits never
# see them. As *clusters*, the moons are two; but two Gaussians, two ellipses, cannot trace a
# crescent. As a *density*, use as many components as the shape needs. We fit every
# $K = 1, \dots, 20$, keeping for each the best of three k-means++ starts (each run stops when the
# log-likelihood changes by less than $10^{-3}$). With many components, a start can end with one of
# them collapsed onto a point or two (notebook 11): its likelihood is a spike, so we keep the best
# start that did *not* collapse (`best_uncollapsed`).

# %%
X, _ = make_moons(200, noise=0.05, random_state=0)
held_out, _ = make_moons(2000, noise=0.05, random_state=1)  # new points from the same source
with warnings.catch_warnings():  # a start that collapses onto a point is skipped, not used
    warnings.simplefilter("ignore", g.CollapseWarning)
    restarts = {K: g.run_restarts(X, K, range(3), method="k-means++", tol=1e-3, max_iter=500,
                                  keep_history=False) for K in range(1, 21)}
fits = {K: r.best_uncollapsed for K, r in restarts.items()}
print(f"{len(fits)} fits; free parameters from {g.n_parameters(1, 2)} (K = 1) "
      f"to {g.n_parameters(20, 2)} (K = 20), for {len(X)} points")
spikes = [r.runs[s] for r in restarts.values() for s in r.collapsed]
on = [run.weights[j] * len(X) for run in spikes for j in run.collapsed]  # points' worth each
print(f"{len(spikes)} of the {3 * len(restarts)} starts collapsed, onto {min(on, default=0):.1f} "
      f"to {max(on, default=0):.1f} points' worth; collapsed fits kept: "
      f"{sum(bool(f.collapsed) for f in fits.values())}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. How many components?
#
# The log-likelihood of the training data cannot decide: more components always fit the 200 points
# better. Three ways to pay for the extra parameters, all on one scale, **nats per point** (higher
# is better):
#
# * **held-out**: $\frac1m\sum_{i=1}^m\log p(\mathbf x^{\text{new}}_i)$, the average log-density of new
#   points. This is what a density estimator is *for*: putting high density where new data will fall;
# * **AIC**: $-\mathrm{AIC}/2n = \ell/n - p/n$, one nat per parameter $p$;
# * **BIC**: $-\mathrm{BIC}/2n = \ell/n - p\ln n/(2n)$, $\tfrac12\ln n$ nats per parameter ($\approx 2.65$ for $n = 200$).
#
# In two dimensions each full-covariance component has a weight, two mean entries and three
# covariance entries, and the weights sum to one: $p = 6K - 1$.

# %% slideshow={"slide_type": "subslide"}
scores = g.per_point_scores(X, fits, held_out)
Ks = np.array(list(fits))
best = {name: int(Ks[np.argmax(scores[name])]) for name in ("bic", "aic", "held_out")}
for name, K in best.items():
    print(f"best K by {name:<8}: {K:>2}   (held-out log-likelihood per point there: "
          f"{scores['held_out'][K - 1]:.3f})")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Slide the number of components
#
# Left: the fitted log-density (the image), the data (black) and 200 new points drawn from the fit
# (white rings). Right: the four curves against $K$, their best points starred. Watch the
# density go from one blob, through ellipses that ignore the moons (at $K=2$ one component holds
# about four fifths of the weight and spreads over both moons), to two moons traced piece by piece.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
DensityExplorer(X, fits, held_out=held_out, xlim=(-1.5, 2.5), ylim=(-1.0, 1.5))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Why BIC stops early
#
# The training curve (dashed) keeps climbing. The held-out curve climbs steeply while components
# are still missing from the moons, then levels off. **AIC tracks the held-out curve**: its penalty
# is an estimate of how much the training log-likelihood flatters a model on new data, which is
# exactly what the held-out curve measures directly. **BIC stops early**, where the held-out curve is
# still rising. BIC approximates how probable "a mixture of exactly $K$ Gaussians" is given the
# data; when the data really come from such a mixture it finds its $K$ as $n$ grows. The moons are
# not a mixture of Gaussians for *any* $K$: more components keep buying a better approximation, and
# BIC's price per parameter is too high to see it. For a density estimator, trust the held-out
# curve (or cross-validation when there is no spare data).

# %% [markdown] slideshow={"slide_type": "subslide"}
# Near its top the held-out curve is flat, and the held-out points are only a sample: the
# difference between two $K$ has a standard error. Per point, with the pairs of log-densities of
# the same held-out points:

# %%
def log_density(K, points):
    f = fits[K]
    return g.log_mixture_pdf(points, f.means, f.covariances, f.weights)


for K in sorted({best["bic"], 8}):
    diff = log_density(best["held_out"], held_out) - log_density(K, held_out)
    print(f"K = {best['held_out']} minus K = {K}: {diff.mean():+.3f} ± "
          f"{diff.std() / np.sqrt(len(diff)):.3f} nats per point (± one standard error)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# So BIC's choice is clearly worse on new data, while 8 components are as good as the held-out
# maximum within the noise.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. New points from the fitted density
#
# A fitted mixture is a **generative** model: ancestral sampling (notebook 02) draws new points
# from it — pick a component with probability $\pi_j$, then a point from $\mathcal N(\boldsymbol\mu_j,
# \boldsymbol\Sigma_j)$. (scikit-learn's `GaussianMixture.sample` returns its samples grouped by
# component, all of component 1 first: shuffle them before using them in order.)

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
k_best = best["held_out"]
chosen = fits[k_best]
new, which = g.sample_gmm(400, chosen.means, chosen.covariances, chosen.weights, random_state=0)
fig, axes = gp.new_figure(1, 2, size=(10.0, 3.4))
axes[0].scatter(X[:, 0], X[:, 1], s=8, color="black", edgecolors="none")
axes[0].set(title=f"the data ({len(X)} points)", ylabel="x₂")
gf.plot_components_drawn(new, which, chosen.means, ax=axes[1], s=16)  # colour, shape, number
axes[1].set(title=f"{len(new)} new points, K = {k_best} (colour, shape, number: component)")
for ax in axes:
    ax.set(xlim=(-1.5, 2.5), ylim=(-1.0, 1.5), xlabel="x₁", aspect="equal")
gp.show(fig, alt="Left: the 200 two-moons points in black. Right: 400 new points sampled from the "
                 "fitted mixture, each in the colour and marker shape of the component that drew "
                 "it, with the component's number by its mean; they trace the same two moons, "
                 "each component one piece of a moon.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Each colour and shape is one component: a short straight piece of a moon. None of them is a
# "cluster"; together they are the shape.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. New handwritten digits
#
# scikit-learn ships 1797 handwritten digits as $8\times8$ images, 64 pixel values from 0 to 16. A
# full covariance in 64 dimensions has $64\cdot65/2 = 2080$ free entries per component. A covariance
# estimated from $m$ images has rank at most $m-1$, so a component needs at least 65 images before
# its covariance can be invertible at all; and some pixels are 0 in every image (printed below), so
# in pixel space every covariance is singular whatever the data. So first **PCA**: keep the 20 directions of largest variance, fit the mixture there,
# and map samples back to pixels with the inverse transform.

# %%
digits, digit = load_digits(return_X_y=True)
print(f"pixels that are 0 in all {len(digits)} images: {np.sum(digits.max(axis=0) == 0)}")
pca = PCA(20).fit(digits)
Z = pca.transform(digits)
print(f"{len(digits)} images; 20 principal components keep "
      f"{pca.explained_variance_ratio_.sum():.1%} of the pixel variance")

# %% [markdown] slideshow={"slide_type": "subslide"}
# BIC over $K = 2, 4, \dots, 16$, one k-means++ start each, stopping when the total log-likelihood
# changes by less than 1 nat (about $6\times10^{-4}$ per image; scikit-learn's default is $10^{-3}$):

# %%
digit_fits = {K: g.run_restarts(Z, K, [0], method="k-means++", tol=1.0, max_iter=500,
                                keep_history=False).best for K in range(2, 17, 2)}
digit_bic = {K: g.bic(Z, f) for K, f in digit_fits.items()}
K_digits = min(digit_bic, key=digit_bic.get)
print("BIC:", {K: round(b) for K, b in digit_bic.items()})
print(f"BIC chooses K = {K_digits}: {g.n_parameters(K_digits, 20)} free parameters")
mixture = digit_fits[K_digits]
agreement = g.align_labels(digit, mixture.responsibilities.argmax(axis=1)).agreement
print(f"components against the true digits, after aligning: {agreement:.1%} agree")
owned = mixture.weights * len(Z)  # effective number of images per component
print(f"each component owns {owned.min():.0f} to {owned.max():.0f} images, for 20 dimensions")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Nobody told the mixture there are ten digits, and BIC was not looking for them; still, many of
# its components gather one digit each (not all: the agreement printed above). Now the point of it
# all: draw new points in the 20-dimensional space, map them back to 64 pixels, clip to the
# pixel range, and look. Top row: each component's mean, as an image.

# %% tags=["hide-input"]
samples, _ = g.sample_gmm(40, mixture.means, mixture.covariances, mixture.weights, random_state=0)
images = np.clip(pca.inverse_transform(np.vstack([mixture.means, samples])), 0, 16)
tiles = np.pad(images.reshape(-1, 8, 8), ((0, 0), (1, 1), (1, 1)))  # a blank frame round each
rows = [np.hstack(list(tiles[i:i + 10])) for i in range(0, len(tiles), 10)]
rows.insert(1, np.zeros((3, rows[0].shape[1])))  # a gap under the means
fig, ax = gp.new_figure(size=(8.0, 4.9))
ax.imshow(np.vstack(rows), cmap="binary", vmin=0, vmax=16)
ax.set_axis_off()
ax.set_title(f"top: the {K_digits} component means; below: 40 new digits sampled from the mixture",
             fontsize=10)
gp.show(fig, alt="A grid of 8 by 8 digit images. Top row: the mean of each mixture component, "
                 "mapped back to pixels, each a blurred digit. Below, four rows of 40 new digits "
                 "sampled from the mixture: many are recognisable, noisier than real digits.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Many samples are recognisable digits, noisier than real ones, and some are blends of two: the
# mixture has learned the shapes, and 20 dimensions leave out the finest strokes.
#
# VanderPlas' recipe differs: PCA keeping 99% of the variance, whitened (41 dimensions), and AIC
# choosing about 110 components. A full covariance in 41 dimensions has $41\cdot42/2 = 861$ free
# entries; with 110 components the model has more parameters than the images have numbers (1797
# images of 41 coordinates each, printed below), and a component owns about 16 images on average,
# fewer than the 42 a covariance in 41 dimensions needs to be invertible. Fitted
# with scikit-learn 1.9, every component owns fewer points than it has dimensions, so every
# covariance is singular, held up only by `reg_covar` (the collapse of notebooks 04 and 11), and EM
# stops after two iterations, "converged". We keep to 20 dimensions and BIC.

# %%
for who, K, d in (("here:", K_digits, 20), ("VanderPlas:", 110, 41)):
    print(f"{who:<12} K = {K:>3} in {d} dimensions: {g.n_parameters(K, d):>6} parameters for "
          f"{len(digits)} x {d} = {len(digits) * d} numbers;\n{'':<12} {len(digits) / K:.0f} "
          f"images per component on average, {d + 1} needed for an invertible covariance")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * As a density estimator, a mixture's components are building blocks, not groups: two moons need
#   several Gaussians, each a piece of a moon.
# * Training log-likelihood always rises with $K$. Held-out log-likelihood measures what a density
#   estimator is for; AIC follows it; BIC, built to find the $K$ of a true mixture, stops early
#   when there is none.
# * A fitted mixture generates: ancestral sampling draws new points (shuffle scikit-learn's
#   grouped `sample`).
# * In high dimensions, reduce first (PCA) until every component owns many more points than it
#   has dimensions (here 109 to 363 images for 20; VanderPlas' recipe gives each fewer than 41),
#   then sample and map back: new handwritten digits.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. Slide $K$ to 20 in the explorer. What happened to the held-out score? Look at the effective
#    numbers of points, `fits[20].weights * 200`, and at the smallest variance of each component.

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. Draw 6 points with scikit-learn: `GaussianMixture(3, random_state=0).fit(X).sample(6)`. In what
#    order do the labels come?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. The held-out data here is 2000 points from the same generator. Why is that a luxury, and what
#    would you do with only the 200 points?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. The held-out score has dropped to $-0.643$ per point, from $-0.539$ at its best, while the
#    training score is the highest of all. The smallest component of `fits[20]` has an effective
#    number of points of 2.3 and a smallest variance of $7.9\times10^{-5}$ (a standard deviation
#    of 0.009, where the data spread over about 0.9 and 0.5): a component fitted to two or three
#    points, too thin for the image to show, which new points seldom hit. Two of the three starts
#    at $K = 20$ went all the way: a component on one point (in the other, on two, a line), its
#    variance across them $10^{-6}$, which is `reg_covar` (the collapse of notebook 04), and one of
#    them with a higher training likelihood still. `best_uncollapsed` skipped both; more components than the data support invite both.
# 2. Sorted: `sample` draws how many points each component gets, then all points of component 1
#    (label 0), then all of component 2 (label 1), and so on, so the labels come out as a
#    non-decreasing sequence.
#    Anything that takes the first few samples (a plot of 10 points, a train/test split) sees
#    only the first components. `g.sample_gmm` picks the component of each point in turn.
# 3. Real data rarely comes with a second sample. Split the 200 points into folds (say 5), fit
#    on four and score the fifth, in turn: cross-validation. Its average held-out log-likelihood
#    estimates the same curve, with more noise.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: sampling, from memory
#
# Generating new data is ancestral sampling, which you wrote in notebook 02. Write it again, without
# looking back, as it would run on a fitted mixture: `sample_gmm(n, means, covariances, weights,
# random_state=None)` returns `(X, labels)`. Pick all $n$ labels at once with probabilities
# `weights`, then draw each point from its label's Gaussian ($\boldsymbol\mu_j + \mathbf L_j\mathbf z$ with
# $\boldsymbol\Sigma_j = \mathbf L_j\mathbf L_j^\top$), everything from `rng = np.random.default_rng(random_state)`.
# The check compares label shares and per-label means and covariances of large samples with the
# parameters, and runs the same seed twice.

# %% nbgrader={"grade": false, "grade_id": "sample_gmm_again", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np


def sample_gmm(n, means, covariances, weights, random_state=None):
    """n points from a Gaussian mixture by ancestral sampling: (X of shape (n, d), labels (n,))."""
    # Hint: labels = rng.choice(k, size=n, p=weights); for each j: μⱼ + z @ Lⱼ.T, Lⱼ = cholesky(Σⱼ).
    ### BEGIN SOLUTION
    rng = np.random.default_rng(random_state)
    means = np.asarray(means, dtype=float)
    covariances = np.asarray(covariances, dtype=float)
    weights = np.asarray(weights, dtype=float)
    labels = rng.choice(len(weights), size=n, p=weights / weights.sum())
    X = np.empty((n, means.shape[1]))
    for j in range(len(weights)):
        rows = labels == j
        z = rng.standard_normal((rows.sum(), means.shape[1]))
        X[rows] = means[j] + z @ np.linalg.cholesky(covariances[j]).T
    return X, labels
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_sample_gmm_again", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} slideshow={"slide_type": "subslide"}
from gmm_lab.course.checks import check_sample_gmm

check_sample_gmm(sample_gmm)
