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
# # 08 — Initialisation and local optima
#
# **Learning goals.** After this notebook you can
# 1. say what a random start, a k-means++ start and a k-means start are, and why the last two are better;
# 2. run many restarts, read the spread of their final log-likelihoods, and turn "how often does a
#    start reach the best fit" into how many restarts to run (scikit-learn's `n_init`);
# 3. read a map of **basins of attraction** — which optimum each starting point leads to — and
#    explain why some starts never get anywhere;
# 4. explain why every optimum of a mixture comes $K!$ times (label switching), and match a
#    fit's labels to the truth.
#
# Notebook 05 showed that EM climbs to a *local* maximum and that different starts can end on
# different ones. Here we ask how often, from which starts, and what to do about it.
#
# **Time.** Core path about 35 minutes (§1–§4); deep dive (optional, about 10 minutes): §5 (all
# four of scikit-learn's starts and what each costs); the exercise at the end about 15 minutes.

# %% slideshow={"slide_type": "subslide"}
import warnings

import numpy as np

import gmm_lab as g
from gmm_lab.course import deep_dive_figures as gd
from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets.local_optima import BasinExplorer

# nine round clusters on a 3 x 3 grid, 30 points each on average
centres = 4.0 * np.array([(i, j) for i in range(3) for j in range(3)])
X, labels = g.sample_gmm(270, centres, np.repeat(0.49 * np.eye(2)[None], 9, axis=0),
                         np.full(9, 1 / 9), random_state=0)
print(f"{len(X)} points from 9 clusters (standard deviation 0.7, 4 apart); we fit K = 9")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Three ways to start
#
# EM needs a first guess $\theta^{(0)}$. `g.init_params` takes scikit-learn's names for them
# (`GaussianMixture(init_params=...)`) and draws the same kinds of start, not the same numbers
# (scikit-learn starts its covariances at `reg_covar` for two of them, so its rates below would
# differ); three of the four:
#
# * **`"random_from_data"`** (the lab handout's): the means are $K$ data points drawn at random,
#   every covariance is the covariance of all the data, the weights are equal.
# * **`"k-means++"`** (Arthur and Vassilvitskii, 2007; scikit-learn's seeding for k-means):
#   the first seed is a random data point; each next seed is point $i$ with probability proportional
#   to $D(\mathbf x_i)^2$, its squared distance to the nearest seed so far. Far-away, uncovered
#   regions are likely to get the next seed. Each point is then assigned to its nearest seed and the
#   start is the M-step of that hard assignment (each cluster's fraction, mean and covariance).
# * **`"kmeans"`** (scikit-learn's default): k-means++ seeds, then a whole run of k-means (notebook
#   07) from them, and the M-step of the clusters it ends with.

# %% [markdown] slideshow={"slide_type": "subslide"}
# (The fourth, `"random"`, draws random responsibilities: every component then starts near the
# mean of all the data; the deep dive of section 5 runs it.) We draw 100 starts of each kind, seeds 0 to 99, and run EM from each
# (`g.run_restarts`; with `keep_history=False` it runs them all at once, much faster than one by
# one, and keeps of each run its start, `history[0]`, and its end; section 2 looks at the ends).
# Each run keeps its start in `history[0]`. A start is only as good as the clusters it covers: how
# many of the nine true clusters get at least one starting mean (the true centre nearest to each)?

# %% slideshow={"slide_type": "subslide"}
def true_clusters_taken(means):
    """How many components take each true cluster (each mean counts for its nearest true centre)."""
    nearest = ((means[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    return np.bincount(nearest, minlength=len(centres))


print("the nine true centres themselves take", true_clusters_taken(centres), "(one each)")

# %% [markdown]
# Now the 300 runs, and of each start how many true clusters it covers:

# %%
with warnings.catch_warnings():  # collapsed runs are counted below; section 2 says what they are
    warnings.simplefilter("ignore", g.CollapseWarning)
    fits = {m: g.run_restarts(X, 9, range(100), method=m, tol=1e-6, max_iter=2000,
                              keep_history=False)
            for m in ("random_from_data", "k-means++", "kmeans")}
for method, r in fits.items():
    covered = np.array([np.count_nonzero(true_clusters_taken(run.history[0].means))
                        for run in r.runs.values()])
    n_collapsed = sum(bool(run.collapsed) for run in r.runs.values())
    print(f"{method:<16} starts cover {covered.mean():.2f} of the 9 clusters on average; "
          f"all 9 in {np.mean(covered == 9):.0%} of the starts; {n_collapsed} runs end collapsed")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Random means land where the data are dense *by chance*, so two often fall in the same cluster
# and leave another without a mean; D² sampling makes that much less likely, and a k-means run
# from its seeds moves a doubled-up centre on to an empty cluster more often still.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Many restarts
#
# Does the better start give a better fit? Where the 300 runs end:

# %%
best = max(r.log_likelihoods.max() for r in fits.values())
reach = {}
for method, r in fits.items():
    reach[method] = np.mean(r.log_likelihoods > best - 0.5)  # within 0.5 of the best found
    needed = int(np.ceil(np.log(0.05) / np.log(1 - reach[method])))
    its = np.median([run.n_iter for run in r.runs.values()])
    print(f"{method:<16} median log-likelihood {np.median(r.log_likelihoods):8.1f}; reach the best "
          f"({best:.2f}) {reach[method]:.0%} of the time; {needed} restarts for 95%; "
          f"median {its:.0f} iterations")

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, ax = gp.new_figure(size=(8.0, 3.6))
bins = np.linspace(min(r.log_likelihoods.min() for r in fits.values()) - 1, best + 2, 40)
looks = zip(("0.45", gp.PALETTE[0], gp.PALETTE[1]), (":", "-", "--"))  # colour and line style
for (method, r), (colour, style) in zip(fits.items(), looks):
    ax.hist(r.log_likelihoods, bins=bins, histtype="step", lw=2, ls=style, color=colour,
            label=f'"{method}" starts')
ax.axvline(best, color="black", ls=":", lw=1.5, label=f"best found, {best:.1f}")
ax.set(xlabel="final log-likelihood", ylabel="runs (of 100)",
       title="Nine clusters, K = 9: where 100 starts of each kind end")
ax.legend(loc="upper left")
gp.show(fig, alt="Histograms of the final log-likelihood of 100 EM runs from each of three "
                 "kinds of start on nine clusters with K = 9: random data points, k-means++ seeds "
                 "and whole k-means runs. All three reach the same best value; the k-means runs "
                 "pile up on it, the k-means++ runs close to it, and the random runs spread far "
                 "below it.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Every kind of start *can* reach the best fit; k-means++ starts do so far more often than random
# ones, k-means starts more often still, and their runs are shorter (the k-means run has done part
# of EM's work, with hard assignments). The other end points are **local maxima**: EM has stopped
# climbing there for good. Run on to `tol=1e-9`, none of them moves by more than $10^{-4}$; nearly
# all of them give two components to one true cluster, and so leave a component too few for the
# others: one component stretches over two clusters.
#
# Some runs end worse than stuck: a component has **collapsed** onto one or two points (its
# covariance is singular but for `reg_covar`; section 1 counted them, and `run_em` warns with a
# `CollapseWarning`). Such a run is not a fit of nine clusters at all: its component sits on a
# point, and only `reg_covar` keeps its likelihood finite. Random starts do this far more often
# than the other two, which seldom put a mean where only a point or two are near it. Notebook 11
# is about these runs; here they are simply runs that did not reach the best fit. The evidence:

# %% slideshow={"slide_type": "subslide"}
for method, r in fits.items():
    runs = list(r.runs.values())
    ends = [(run.means, run.covariances, run.weights) for run in runs]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.CollapseWarning)
        on = g.run_em_batch(X, ends, tol=1e-9, max_iter=5000)  # run every end on
    moved = max(abs(a.log_likelihood - b.log_likelihood) for a, b in zip(on, runs))
    worse = [run for run in runs if run.log_likelihood <= best - 0.5]
    doubled = np.mean([true_clusters_taken(run.means).max() >= 2 for run in worse])
    held = max((run.weights[j] * len(X) for run in runs for j in run.collapsed), default=0)
    at_best = sum(run.log_likelihood > best - 0.5 for run in runs if run.collapsed)
    print(f"{method:<16} run on to tol=1e-9, no end moves by more than {moved:.0e}; "
          f"{doubled:.0%} of the {len(worse)} below the best give two components to one cluster;"
          f"\n{'':<17}a collapsed component holds at most {held:.1f} points; "
          f"{at_best} collapsed runs reach the best")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **What it means for `n_init`.** If one run reaches the best fit with probability $p$, at
# least one of $n$ independent runs does with probability $1-(1-p)^n$; for 95% we need
# $n\ge\log 0.05/\log(1-p)$, the number printed above. scikit-learn's `GaussianMixture` runs
# **one** start unless you set `n_init`. Two caveats: $p$ here is estimated from 100 runs, so
# the numbers of restarts are rough (a few runs more or fewer change them a lot when $p$ is small);
# and "the best found" is only the best of 300 runs, not a proof of the global maximum.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. A map of where each start leads
#
# With many parameters we cannot draw the space of starts, but we can in a small case. Take
# one-dimensional data from **three** clusters and fit **two** components: some pair of clusters
# must share a component, and different choices are different local maxima. Fix the starting spreads
# ($\sigma_1=\sigma_2=1$) and weights ($\tfrac12$), and vary only the two starting means: every start
# is a point $(\mu_1,\mu_2)$ of the plane. `g.em_paths` runs EM from all $61\times61$ starts at
# once (`g.run_em_batch` underneath) and keeps every start's path of means.

# %%
x, _ = g.sample_gmm(150, [[-4.0], [0.0], [3.5]], [[[0.64]], [[0.36]], [[0.49]]], [0.35, 0.4, 0.25],
                    random_state=0)
grid = np.linspace(-6, 6, 61)  # starting means, 0.2 apart
starts = [([[a], [b]], [[[1.0]], [[1.0]]], [0.5, 0.5]) for a in grid for b in grid]
paths = g.em_paths(x, starts, tol=1e-8, max_iter=1000)
levels, optimum = g.distinct_optima(paths.log_likelihoods)  # the end points, best first
for j, level in enumerate(levels):
    print(f"log-likelihood {level:8.2f}: reached from {np.sum(optimum == j):4d} of {len(starts)} "
          f"starts ({np.mean(optimum == j):.1%})")
single = g.log_likelihood(x, [[x.mean()]], [[[x.var() + 1e-6]]], [1.0])
print(f"one Gaussian fitted to all the data: {single:.2f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Three end points. The best, $\ell\approx-349.2$, gives the left cluster a component of its own and
# merges the middle and right ones; the second merges the left and middle ones. The third is no
# maximum at all: it is the log-likelihood of a **single Gaussian**. It is reached exactly from the
# diagonal $\mu_1=\mu_2$: two components that start identical get identical responsibilities
# ($\tfrac12$ each, for every point), so the M-step makes them identical again, forever. That point is
# a **saddle**: the smallest difference between the components grows and EM leaves it, but a start
# exactly on it never gets that difference.
#
# On the map, colour and hatching tell the end point (plain: the best; hatched: the second), dark or
# light the side component 1 ends on. Pick a start with the sliders: the white line is its EM path
# on the map (each dot an iteration), the right panel the fit it reaches. The dashed line and ring
# belong to the **mirror** start $(\mu_2,\mu_1)$, the same start with the components' names swapped.
# Read the path with care: the map colours starts with $\sigma=1$ and $\pi=\tfrac12$, but after
# the first iteration the path's points have other spreads and weights, so a path may cross a region
# of another end (from $(1.2, 1)$ it crosses the best end's region on its way to the second): where a
# point of the path would lead as a *start* is not where EM goes from there.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
BasinExplorer(x, grid, paths, xlabel="x")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Identifiability: every optimum comes $K!$ times
#
# The map is symmetric about its diagonal, with light and dark swapped: the start $(\mu_2,\mu_1)$
# reaches the fit of $(\mu_1,\mu_2)$ with the two components' names exchanged. That is no accident. A
# mixture's density $\sum_j\pi_j\mathcal N(\mathbf x\mid\boldsymbol\mu_j,\boldsymbol\Sigma_j)$ does not change if we
# renumber the components, so neither does the likelihood: every fit comes in $K!$ versions, one per
# order of its components, all with the same log-likelihood: the parameters are **not identifiable**,
# the data cannot tell the $K!$ orders apart. Checked on the whole map:

# %%
codes, _ = g.basin_codes(paths, grid)  # 2 x optimum + (1 if component 1 ends right); -1: identical
optimum_map, mirrored = np.where(codes < 0, -1, codes // 2), codes.T
same_fit = np.array_equal(optimum_map, optimum_map.T)
swapped = np.array_equal(codes[codes >= 0] % 2, 1 - mirrored[codes >= 0] % 2)
print(f"start (b, a) reaches the same optimum as (a, b): {same_fit}; "
      f"with the components swapped: {swapped}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Label switching** is what this means in practice: "component 1" of one run may be "component
# 3" of another, and neither has to be class 1 of the truth. To compare a clustering with the truth
# (or two runs with each other) we first match the labels: among all $K!$ renumberings, take the one
# that makes the most points agree. `g.align_labels` finds it with the Hungarian algorithm on the
# table of counts (label $j$, class $c$). Six k-means++ starts on the three clusters of notebooks 03
# and 04 all reach the same fit, under different names:

# %% slideshow={"slide_type": "subslide"}
X3, labels3, true3 = g.make_three_blobs()
runs3 = g.run_restarts(X3, 3, range(6), method="k-means++", tol=1e-6, keep_history=False)
for seed, run in runs3.runs.items():
    fitted = run.responsibilities.argmax(axis=1)
    aligned = g.align_labels(labels3, fitted)
    print(f"seed {seed}: log-likelihood {run.log_likelihood:.3f}; labels equal to the truth for "
          f"{np.mean(fitted == labels3):4.0%} of points as numbered, {aligned.agreement:.1%} after "
          f"renumbering {aligned.permutation.tolist()}")
bayes = g.e_step(X3, true3["means"], true3["covariances"], true3["weights"]).argmax(axis=1)
print(f"the true mixture, labelling each point by its most likely component: "
      f"{np.mean(bayes == labels3):.1%}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same fit, the same 97% agreement, under different numbers. (The last 3% are points that lie
# where another component is more likely than their own: even the true mixture labels about as many
# wrongly, last line.) The
# `permutation` says where each label goes: `permutation[j]` is the new number of label $j$,
# so `permutation[fitted]` is the renumbered fit, and `aligned.order` reorders the fitted means,
# covariances and weights to match.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. All four starts, and what each costs (deep dive)
#
# scikit-learn's example *GMM Initialization Methods* (`plot_gmm_init`) puts its four
# `init_params` side by side. Section 1 ran three of them; here the fourth, `"random"` (random
# responsibilities), joins them on the same nine clusters and the same seeds, the first 30 of
# section 1's. A start has a price too: a `"kmeans"` start runs Lloyd's algorithm to the end before
# EM's first step. A k-means iteration is cheap next to an EM iteration (distances and means; no
# covariances, no exponentials), but it is not free, so we count both. `g.kmeans` with the same seed
# is the very run `init_params` makes (the same k-means++ seeds from the same generator):

# %% slideshow={"slide_type": "subslide"}
seeds, methods = range(30), ("random", "random_from_data", "k-means++", "kmeans")
with warnings.catch_warnings():  # collapsed runs are counted below
    warnings.simplefilter("ignore", g.CollapseWarning)
    fits["random"] = g.run_restarts(X, 9, seeds, method="random", tol=1e-6, max_iter=2000,
                                    keep_history=False)
lloyd = {s: g.kmeans(X, 9, random_state=s, keep_history=False) for s in seeds}
same = all(np.allclose(g.params_from_labels(X, lloyd[s].labels)[0],
                       fits["kmeans"].runs[s].history[0].means) for s in seeds)
print(f"k-means with seed s ends where the \"kmeans\" start of seed s begins: {same}")

# %% [markdown]
# The cost of each kind of start and where it leads, over the 30 seeds ("reach the best": end within
# 0.5 of the best of section 2, as there):

# %%
for method in methods:
    runs = [fits[method].runs[s] for s in seeds]
    ends = np.array([run.log_likelihood for run in runs])
    k_its = np.median([lloyd[s].n_iter for s in seeds]) if method == "kmeans" else 0
    em_its = np.median([run.n_iter for run in runs])
    print(f"{method:<16} median {k_its:2.0f} k-means + {em_its:3.0f} EM iterations; median end "
          f"{np.median(ends):7.1f}; {np.sum(ends > best - 0.5):2d} of 30 reach the best; "
          f"{sum(bool(run.collapsed) for run in runs):2d} collapsed")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Where each kind of start puts its nine means (✕), with every point in the colour and shape of the
# component it is most likely under at the start (grey: no component more likely than another),
# for seed 0; the title gives the iterations and where EM ends from there:

# %% tags=["hide-input"]
fig, axes = gp.new_figure(1, 4, size=(11.2, 3.3))
for ax, method in zip(axes, methods):
    run = fits[method].runs[0]
    gd.plot_start(X, run.history[0], ax=ax)
    its = f"{lloyd[0].n_iter} k-means + " if method == "kmeans" else ""
    ax.set_title(f'"{method}": {its}{run.n_iter} EM\niterations, ends at {run.log_likelihood:.1f}',
                 fontsize=10)
    ax.set(aspect="equal", xticks=[0, 4, 8], yticks=[0, 4, 8])
gp.show(fig, alt="Nine round clusters on a 3 by 3 grid, four times, with the nine starting means "
                 "of one start of each kind: random responsibilities put all nine means together "
                 "near the centre and leave every point grey; random data points leave some "
                 "clusters without a mean; k-means++ seeds and a k-means run give most clusters "
                 "one mean each.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# A `"random"` start is the weakest here: its nine means all begin near the mean of the data, every
# point shared almost equally among them (grey), and EM must first break that symmetry. It takes
# about 150 EM iterations, none of the 30 runs reaches the best fit, and about half of them end
# collapsed. Random data points do a little better. k-means++ seeds and whole k-means runs reach
# the best fit about half the time each, and the `"kmeans"` start gets there in about half as many
# EM iterations, for a few k-means iterations more: one reason scikit-learn makes it its default.
# On other data the order can change: k-means looks for round clusters of similar spread
# (notebook 07), so for clusters of very different sizes or shapes its partition can be a poor
# start for a mixture.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * k-means++ seeds spread over the data (D² sampling); random data points often double up. A
#   k-means run from the seeds (scikit-learn's default start) does better still. All can reach the
#   best fit; k-means++ and k-means starts do so more often and converge faster.
# * If one run reaches the best fit with probability $p$, $n\ge\log0.05/\log(1-p)$ runs reach it with
#   95% probability: set `n_init` (scikit-learn) with that in mind.
# * Each start has a basin of attraction; starts with identical components stay on a saddle
#   for ever (a single Gaussian, drawn twice).
# * A mixture's likelihood does not care about the order of its components: $K!$ equivalent
#   optima, so labels must be matched (`g.align_labels`) before they are compared.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. Start both means to the right of all the data, at $(5, 6)$ (the data end at about 4.7). Where
#    does EM go? Must a start be "near the data"?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. Set $\mu_1 = \mu_2 = 1$, then move one slider a single step. What happens, and why?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. Run the map with `tol=1e-6` instead of `1e-8`. Is there a new optimum?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 4. How many renumberings would `align_labels` have to try for $K=10$ components by brute force?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. To the second optimum ($\ell=-355.34$), in 25 iterations. The first E-step gives every point
#    mostly to the nearer mean, 5; the other, 6, gets small shares, largest for the points on the right.
#    So the first M-step moves the means to $-0.38$ (about the centre of all the data) and $3.58$ (a
#    weighted mean of the right-hand points), inside the data, and EM carries on from there. A start
#    need not be near the data: what matters is how its first E-step splits the points.
# 2. From $(1, 1)$ EM stays on the single-Gaussian saddle ($\ell=-378.67$). From $(1.2, 1)$ the two
#    components differ a little at the start; the difference grows, and EM reaches the second
#    optimum, $\ell=-355.34$. A saddle repels every start but the ones exactly on it.
# 3. Two starts, $(-4.8, 4.8)$ and $(4.8, -4.8)$, then stop at $\ell=-370.5$ after a slow stretch,
#    which looks like a fourth optimum; run on with `tol=1e-8` they reach $-355.34$, the second optimum.
#    A loose `tol` can stop on a plateau; an "optimum" reached by a few starts deserves a longer run.
# 4. $10! = 3{,}628{,}800$. The Hungarian algorithm needs about $K^3=1000$ steps instead.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: match labels by trying every renumbering
#
# Write `best_permutation(reference, labels)`: with $k$ = `max(reference.max(), labels.max()) + 1`,
# try every order of the numbers $0,\dots,k-1$ (`itertools.permutations(range(k))`) and return the one,
# as an array `permutation`, that makes `permutation[labels]` agree with `reference` at the most
# points. (`permutation[j]` is the new number of label $j$.) The check compares with `g.align_labels`;
# where two renumberings agree equally well, either passes. It tries 2 to 4 clusters, a label the
# fit never uses, and Python lists.

# %% nbgrader={"grade": false, "grade_id": "best_permutation", "locked": false, "schema_version": 3, "solution": true, "task": false} slideshow={"slide_type": "subslide"}
from itertools import permutations

import numpy as np


def best_permutation(reference, labels):
    """The renumbering permutation (permutation[j]: new number of label j) that agrees most."""
    # Hint: try each p in permutations(range(k)); score = (np.array(p)[labels] == reference).sum().
    ### BEGIN SOLUTION
    reference = np.asarray(reference, dtype=int)
    labels = np.asarray(labels, dtype=int)
    k = max(reference.max(), labels.max()) + 1
    best, best_score = None, -1
    for p in permutations(range(k)):
        p = np.array(p)
        score = np.sum(p[labels] == reference)  # points on which the renumbered fit agrees
        if score > best_score:
            best, best_score = p, score
    return best
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_best_permutation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} slideshow={"slide_type": "subslide"}
from gmm_lab.course.checks import check_best_permutation

check_best_permutation(best_permutation)
