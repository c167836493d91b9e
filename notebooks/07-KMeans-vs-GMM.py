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
# # 07 — k-means and Gaussian mixtures: hard and soft clustering
#
# **Learning goals.** After this notebook you can
# 1. run k-means (Lloyd's algorithm) by hand, and say why its distortion $J$ never increases;
# 2. derive k-means as the limit of EM when every component has the same round variance
#    $\sigma^2\mathbf I$ and $\sigma\to0$, and say what happens when $\sigma$ is large instead;
# 3. recognise data on which k-means fails and a Gaussian mixture does not, measure the
#    difference, and explain why k-means' own objective *prefers* the wrong answer there.
#
# The data: Old Faithful again, each column standardised (mean 0, standard deviation 1) as in
# Bishop's *Pattern Recognition and Machine Learning* (PRML), Fig. 9.1, with the book's
# deliberately poor start: two centres in the empty corners. The book does not print them; we
# read them off its figure.
#
# **Time.** Core path about 55 minutes (§1–§3); deep dive (optional, about 20 minutes): the
# derivation of the collapse in §2, and §4 (k-means compresses an image); the exercise at the end
# about 15 minutes.

# %% slideshow={"slide_type": "subslide"}
import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

import gmm_lab as g
from gmm_lab.course import deep_dive_figures as gd
from gmm_lab.course import figures as gf
from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets.kmeans import LloydExplorer, SmallVarianceExplorer

X, columns = g.load_faithful()
Z = (X - X.mean(axis=0)) / X.std(axis=0)  # standardised, as in PRML Fig. 9.1
start = np.array([[-1.75, 1.0], [1.75, -1.0]])  # read off PRML Fig. 9.1(a)
print(f"{len(Z)} eruptions, columns {columns} standardised")
print(f"start centres {start.tolist()}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Lloyd's algorithm
#
# k-means gives every point *one* cluster: $z_{ij}=1$ if point $i$ belongs to cluster $j$,
# else 0. It looks for centres $\boldsymbol\mu_j$ and assignments that make the **distortion**
#
# $$
# J = \sum_{i=1}^n\sum_{j=1}^K z_{ij}\,\lVert\mathbf x_i-\boldsymbol\mu_j\rVert^2
# $$
#
# small: the total squared distance of the points to their centres. Lloyd's algorithm
# alternates two half-steps, each of which minimises $J$ over one half of the unknowns:
#
# * **assignment (the "E-step")**: with the centres fixed, $J$ is a sum of one term per point,
#   smallest when each point picks its **nearest** centre: $z_{ij}=1$ for
#   $j=\arg\min_l\lVert\mathbf x_i-\boldsymbol\mu_l\rVert^2$;
# * **update (the "M-step")**: with the assignments fixed, $\partial J/\partial\boldsymbol\mu_j =
#   2\sum_i z_{ij}(\boldsymbol\mu_j-\mathbf x_i) = 0$ gives
#   $\boldsymbol\mu_j = \sum_i z_{ij}\mathbf x_i\big/\sum_i z_{ij}$, the **mean** of the cluster's points.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Neither half can increase $J$, and there are finitely many assignments, so the algorithm
# stops: at the first assignment that changes nothing. That is a *local* minimum of $J$, not
# necessarily the global one. `g.kmeans` keeps $J$ after every half-step and every iteration's
# centres and labels; scikit-learn's `KMeans` from the same centres agrees:

# %%
run = g.kmeans(Z, start)
J = run.half_step_distortions  # J after each half-step: E, M, E, M, ...
changed = [int(np.sum(b.labels != a.labels)) for a, b in zip(run.history, run.history[1:])]
print("J after each half-step:", np.round(J, 1).tolist())
print("points that changed cluster at assignments 2, 3, ...:", changed)
print("final centres", run.centres.round(3).tolist(), " cluster sizes", np.bincount(run.labels))
sk = KMeans(2, init=start, n_init=1, algorithm="lloyd").fit(Z)
print(f"scikit-learn's KMeans, same start: J = {sk.inertia_:.4f} (ours {run.distortion:.4f})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Step through it below (the buttons walk the half-steps; this is PRML Figs. 9.1 and 9.2 in one).
# Each point takes its cluster's colour and shape; the dashed line is the **boundary**, the perpendicular
# bisector of the two centres, where a point is equally far from both. After an assignment every
# point is on its own centre's side; after an update the centres, and with them the boundary, have
# moved, and some points are on the wrong side until the next assignment. On the right, $J$ after
# each half-step: it drops fast, and the last assignment changes nothing.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
LloydExplorer(Z, run, xlabel="eruption (standardised)", ylabel="waiting (standardised)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. k-means is EM with hard responsibilities
#
# Take a Gaussian mixture whose components are all **round and equally wide**,
# $\boldsymbol\Sigma_j=\sigma^2\mathbf I$ with one fixed $\sigma$, with equal weights $\pi_j=1/K$, and
# let EM move only the means. The E-step (notebook 03) is then a *softmax of squared distances*:
#
# $$
# r_{ij} = \frac{\exp\!\big(-\lVert\mathbf x_i-\boldsymbol\mu_j\rVert^2/2\sigma^2\big)}
#               {\sum_l \exp\!\big(-\lVert\mathbf x_i-\boldsymbol\mu_l\rVert^2/2\sigma^2\big)},
# $$
#
# and the M-step (notebook 04) moves each mean to $\boldsymbol\mu_j=\sum_i r_{ij}\mathbf x_i/\sum_i r_{ij}$.
# Now shrink $\sigma$. Divide the top and bottom by the term of the **nearest** mean $l^\ast$: every
# other term becomes $\exp\!\big(-(\lVert\mathbf x_i-\boldsymbol\mu_l\rVert^2-\lVert\mathbf x_i-\boldsymbol\mu_{l^\ast}\rVert^2)/2\sigma^2\big)$,
# minus a positive gap divided by $2\sigma^2$, which tends to $-\infty$ as $\sigma\to0$: the term vanishes.
# So $r_{ij}\to1$ for the nearest mean and $0$ for the others (a point exactly halfway between two means
# stays split) — the k-means assignment — and the M-step becomes the k-means update. Even the
# objective agrees: EM's $Q$ (notebook 04) becomes $-J/2\sigma^2$ plus a constant (PRML §9.3.2).
# **k-means is EM with hard responsibilities**: the limit $\sigma\to0$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# `g.fixed_variance_em` is exactly this EM (its iterations are `e_step` and `m_step`'s means
# with the variance held fixed; the tests check it). Below it runs from the same start for $\sigma$
# from $2^{-4}$ to $2$:

# %%
log2_sigmas = np.arange(-4, 1.001, 0.125)
fits = [g.fixed_variance_em(Z, start, (2.0**s) ** 2) for s in log2_sigmas]
for s in (-4.0, -1.0, 0.0, 0.5):
    fit = fits[int(np.argmin(np.abs(log2_sigmas - s)))]
    hard = np.mean(fit.responsibilities.max(axis=1) > 0.99)
    off = np.linalg.norm(fit.means - run.centres, axis=1).max()
    print(f"sigma = {2**s:<6.4g} {hard:4.0%} hard (r > 0.99); "
          f"means ≤ {off:.1e} from k-means' centres; {fit.n_iter} iterations")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Move $\sigma$ and watch the responsibilities (colour and shape: the most likely component's, the
# colour faded to grey where the two are equally likely) and the means (✕); the black ✚ are k-means' centres and the
# circles have radius $\sigma$. Small $\sigma$: every point is certain and the means sit on k-means'
# centres. Larger $\sigma$: the points between the clusters are shared, and shared points pull both
# means towards the middle. On the right, the fraction of hard-assigned points and the distance
# between the means, against $\log_2\sigma$.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
SmallVarianceExplorer(Z, log2_sigmas, fits, run.centres,
                      xlabel="eruption (standardised)", ylabel="waiting (standardised)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The collapse: large $\sigma$
#
# Past a point the two means do not just come closer: they **merge**, both on the mean of the
# data, and stay there. Why? Put both means at the data mean $\mathbf m$: every point is shared
# half and half, the M-step puts both means back at $\mathbf m$ — a fixed point, for every $\sigma$.
# Is it stable? Split the means a little, $\mathbf m\pm\boldsymbol\delta$: the split grows by a
# factor $\lambda_{\max}/\sigma^2$ per iteration along the data's longest axis (the deep dive below
# derives it), where $\lambda_{\max}$ is the largest eigenvalue of the data's covariance $\mathbf S$.
# So it **grows** while $\sigma^2<\lambda_{\max}$ and **dies out** once $\sigma^2>\lambda_{\max}$, the
# variance of the data along its longest axis. (This is the first "phase transition" of
# *deterministic annealing*, which runs such an EM while lowering $\sigma$ slowly.)
#
# **Deep dive (optional): the factor $\lambda_{\max}/\sigma^2$, step by step.** Write $\mathbf y_i=\mathbf x_i-\mathbf m$.
# 1. With equal weights, $r_{i1}$ is a logistic function of the difference of the two log-densities,
#    $u_i=\big(\lVert\mathbf y_i+\boldsymbol\delta\rVert^2-\lVert\mathbf y_i-\boldsymbol\delta\rVert^2\big)/2\sigma^2
#    =2\,\mathbf y_i^\top\boldsymbol\delta/\sigma^2$: $r_{i1}=1/(1+e^{-u_i})$.
# 2. For small $\boldsymbol\delta$, $1/(1+e^{-u})\approx\tfrac12+u/4$, so
#    $r_{i1}\approx\tfrac12+\mathbf y_i^\top\boldsymbol\delta/2\sigma^2$ (and $r_{i2}=1-r_{i1}$).
# 3. The M-step: $\sum_i r_{i1}\approx n/2$ (the $\mathbf y_i$ sum to zero), and
#    $\sum_i r_{i1}\mathbf y_i\approx\sum_i\mathbf y_i\mathbf y_i^\top\boldsymbol\delta/2\sigma^2=n\,\mathbf S\boldsymbol\delta/2\sigma^2$,
#    so the new first mean is $\mathbf m+\mathbf S\boldsymbol\delta/\sigma^2$ (the second, by symmetry,
#    $\mathbf m-\mathbf S\boldsymbol\delta/\sigma^2$): the split becomes $\mathbf S\boldsymbol\delta/\sigma^2$.
# 4. Along $\mathbf S$'s top eigenvector, $\mathbf S\boldsymbol\delta=\lambda_{\max}\boldsymbol\delta$: the
#    split is multiplied by $\lambda_{\max}/\sigma^2$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Each step checked on the standardised data, with a split of $10^{-4}$ along the top eigenvector
# (steps 2 and 3 drop terms of higher order in the split, so their errors are tiny next to it):

# %%
S = np.cov(Z.T, bias=True)  # the data's covariance
values, vectors = np.linalg.eigh(S)
m, y, delta, s2 = Z.mean(axis=0), Z - Z.mean(axis=0), 1e-4 * vectors[:, -1], 0.8 * values[-1]
r1 = g.e_step(Z, [m + delta, m - delta], [s2, s2], [0.5, 0.5], covariance_type="spherical")[:, 0]
u = 2 * y @ delta / s2
step1 = np.abs(r1 - 1 / (1 + np.exp(-u))).max()
step2 = np.abs(r1 - (0.5 + y @ delta / (2 * s2))).max()
new = g.fixed_variance_em(Z, [m + delta, m - delta], s2, max_iter=1, tol=None).means
split = (new[0] - new[1]) / 2
step3 = np.linalg.norm(split - S @ delta / s2) / np.linalg.norm(split)
print(f"1. r = 1 / (1 + exp(-u)):          largest error {step1:.1e}")
print(f"2. r = 1/2 + y.delta / 2 sigma^2:  largest error {step2:.1e}")
print(f"3. new split = S delta / sigma^2:  relative error {step3:.1e}")
print(f"4. growth {np.linalg.norm(split) / np.linalg.norm(delta):.6f}"
      f" = lambda_max / sigma^2 = {values[-1] / s2:.6f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# On the standardised data:

# %%
lam_max = np.linalg.eigvalsh(np.cov(Z.T, bias=True)).max()
apart = np.array([np.linalg.norm(f.means[0] - f.means[1]) for f in fits])
print(f"largest eigenvalue of the data's covariance: {lam_max:.4f},\n"
      f"so the collapse begins at sigma = {np.sqrt(lam_max):.4f}")
print(f"on the grid: means apart up to sigma = {2 ** log2_sigmas[apart > 1e-6].max():.4f}, "
      f"merged from sigma = {2 ** log2_sigmas[apart <= 1e-6].min():.4f}")
print("iterations near the collapse, by sigma:")
print({f"{2**s:.3f}": f.n_iter for s, f in zip(log2_sigmas, fits) if 0.25 <= s <= 0.75})

# %% [markdown] slideshow={"slide_type": "subslide"}
# Near the transition EM crawls (a few hundred iterations): the split changes by a factor
# $\lambda_{\max}/\sigma^2$ close to 1 per iteration. A mixture that also *learns* its variances is not
# pushed into this collapse by a $\sigma$ held too wide: each component's variance shrinks to the spread
# of its own points. (It has a merged fixed point of its own, though, which notebook 08 runs into.)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Where k-means fails and a Gaussian mixture does not
#
# In the limit above every cluster is round, equally wide, and the boundary between two
# clusters is the straight line halfway between their centres. Data that are not like that trip
# k-means up. Three mixtures of two Gaussians (`g.make_kmeans_traps`, 300–400 points each):
#
# | data | the two components |
# | --- | --- |
# | **elongated** | two parallel, long thin clusters (standard deviations 2.5 and 0.35, tilted 30°) |
# | **unequal sizes** | a big round cluster (weight 95%) and a small, tighter one (weight 5%) |
# | **unequal spreads** | a wide cluster (standard deviation 1.5) beside a tight one (0.3) |
#
# For each, the best of 10 k-means runs (lowest $J$; k-means++ seeds) against the best of 10 EM
# runs of a full-covariance mixture (highest log-likelihood; k-means++ starts), each point labelled
# by its most likely component. Two scores against the true components: the **adjusted Rand index**
# (ARI: 1 for the same partition, about 0 for a random one; it ignores how clusters are numbered),
# and the number of **errors** once the labels are matched to the truth (`g.align_labels`;
# notebook 08).

# %% slideshow={"slide_type": "subslide"}
traps, results = g.make_kmeans_traps(random_state=0), {}
for name, (Xt, truth, _) in traps.items():
    km = min((g.kmeans(Xt, 2, random_state=s) for s in range(10)), key=lambda r: r.distortion)
    em = g.run_restarts(Xt, 2, range(10), method="k-means++", tol=1e-6, max_iter=1000,
                        keep_history=False)
    results[name] = (km, em)
    line = f"{name:<16}"
    for who, lab in (("k-means", km.labels), ("GMM", em.best.responsibilities.argmax(axis=1))):
        errors = round((1 - g.align_labels(truth, lab).agreement) * len(truth))
        line += f" {who} ARI {adjusted_rand_score(truth, lab):.2f} ({errors:>3} errors) "
    reached = np.sum(em.log_likelihoods > em.best.log_likelihood - 1e-3)
    print(line + f"\n{'':<17}{reached} of 10 EM starts reach the best fit")

# %% [markdown] slideshow={"slide_type": "subslide"}
# And $J$, k-means' own objective, for k-means' answer and for the true partition:

# %%
def distortion(X, labels):
    """k-means' J of a partition: each point's squared distance to its cluster's mean."""
    return sum(((X[labels == j] - X[labels == j].mean(axis=0)) ** 2).sum()
               for j in np.unique(labels))


for name, (Xt, truth, _) in traps.items():
    km = results[name][0]
    print(f"{name:<16} J of k-means' answer {km.distortion:.1f}  <  J of the true partition "
          f"{distortion(Xt, truth):.1f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# What the two answers look like. Top row: k-means' clusters and their boundary (dashed); bottom row: the
# mixture's responsibilities and its 1σ and 2σ ellipses. Labels are matched to the true components
# first, so that the same colour and shape mean the same cluster in every panel.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, axes = gp.new_figure(2, 3, size=(9.6, 4.6))
for col, (name, (Xt, truth, _)) in enumerate(traps.items()):
    km, fit = results[name][0], results[name][1].best
    gf.plot_kmeans_answer(Xt, truth, km, ax=axes[0, col])
    gf.plot_mixture_answer(Xt, truth, fit, ax=axes[1, col], key="upper left" if col == 0 else False)
    for ax, who, lab in zip(axes[:, col], ("k-means", "GMM"),
                            (km.labels, fit.responsibilities.argmax(axis=1))):
        ax.set_title(f"{name}: {who} (ARI {adjusted_rand_score(truth, lab):.2f})", fontsize=10)
gp.show(fig, alt="Three data sets side by side: two parallel elongated clusters, a big cluster "
                 "with a small tight one, and a wide cluster beside a tight one. Top row: k-means "
                 "cuts each of them with a straight line halfway between its centres, splitting "
                 "the true clusters. Bottom row: a full-covariance Gaussian mixture finds the true "
                 "clusters, with their shapes as ellipses.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Read the numbers again: **in every case the true partition has a larger $J$ than k-means'
# answer.** k-means did not fail to optimise; it found a *better* $J$ than the truth. Its objective
# measures every cluster with the same round yardstick, so it prefers to cut the long clusters
# across, to split the big cluster in two rather than leave it whole next to a small one, and to
# move the boundary into the wide cluster. More restarts cannot fix that — a better
# minimiser of $J$ only finds answers with a $J$ at least as low. The mixture changes the
# objective instead: each component has its own covariance and weight, and the log-likelihood
# rewards a long, thin or wide component where the data are long, thin or wide.
#
# The mixture is not perfect either: where the clusters overlap, a few points are more likely
# under the other component than under their own, and even the true mixture would put them in the
# wrong cluster; and for the unequal sizes not every start reaches the best fit (notebook 08 is
# about that).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. k-means compresses an image: vector quantisation (deep dive)
#
# k-means is useful without any mixture. Each pixel of a colour photo is three numbers, red, green
# and blue, 8 bits each: a point in three dimensions. Run k-means on the pixels with $K$ clusters
# and replace every pixel by its cluster's centre: the image now has only $K$ colours, the
# **code book**, and a pixel is sent as the number of its code word, $\lceil\log_2K\rceil$ bits
# instead of 24. Sending the code book costs 24 bits a colour, so $N$ pixels take
# $24K+N\lceil\log_2K\rceil$ bits instead of $24N$ (PRML §9.1.1 and Fig. 9.3). This is
# **vector quantisation**, and $J$ is its error: the total squared colour error of the pixels.
#
# The photo is one scikit-learn ships (nothing is downloaded), thinned to every 4th pixel of every
# 4th row so that k-means is quick. `g.quantise` runs `g.kmeans` (from seeded k-means++ starts) on
# the pixels, rounds the centres to 8 bits a channel, as they are sent, and gives each pixel the
# nearest of them:

# %% slideshow={"slide_type": "subslide"}
from sklearn.datasets import load_sample_image

image = load_sample_image("china.jpg")[::4, ::4]  # (rows, columns, red-green-blue), 0-255
n = image.shape[0] * image.shape[1]
print(f"{image.shape[1]} x {image.shape[0]} = {n:,} pixels: {24 * n:,} bits at 24 bits a pixel")
quantised = {k: g.quantise(image, k, random_state=0) for k in (2, 3, 10)}
for k, q in quantised.items():
    error = np.sqrt(np.mean((q.image.astype(float) - image) ** 2))
    print(f"K = {k:>2}: {q.bits:>6,} bits, {q.bits_per_pixel:.2f} a pixel "
          f"({q.bits / (24 * n):.1%} of the original); k-means: {q.run.n_iter} iterations\n"
          f"        colour error {error:4.1f} of 255 (root mean square)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The original and the three code books, each panel titled with its bits a pixel (the code book's
# share included):

# %% tags=["hide-input"]
fig, axes = gp.new_figure(1, 4, size=(11.2, 2.7))
gd.plot_quantised(image, quantised.values(), axes)
gp.show(fig, alt="A photo of a Chinese pagoda among trees, under a sky fading from blue to white, "
                 "four times: the original, then redrawn with 2, 3 and 10 colours found by "
                 "k-means. With 2 colours it is a dark silhouette on a pale sky; 3 add a lighter "
                 "brown that brings back some detail; 10 come close to the original, but the sky "
                 "falls into a few flat bands and the pagoda's reds are gone.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Two colours keep only light against dark, yet cost about a twenty-fourth of the bits; ten keep
# most of the picture at a sixth. Vector quantisation is lossy, and k-means chooses the code book
# that makes the squared error smallest *for this image* (at a local minimum of $J$). Real image
# formats do better by other means: JPEG transforms blocks of pixels and spends bits where the eye
# sees them, rather than coding each pixel's colour alone. k-means is hard assignment: a Gaussian
# mixture would give each pixel responsibilities, but to send a pixel we must pick one code word.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * Lloyd's algorithm alternates assignment (nearest centre) and update (mean of each cluster);
#   each half-step minimises $J$ over its half, so $J$ never increases and the run stops at a
#   local minimum.
# * k-means is EM for round components $\sigma^2\mathbf I$ of equal weight in the limit $\sigma\to0$:
#   responsibilities turn one-hot, the M-step's weighted means turn into cluster means.
# * With $\sigma$ held fixed and large, the means collapse onto the data mean once $\sigma^2$ exceeds the
#   data's largest variance $\lambda_{\max}$.
# * k-means fails where clusters are elongated, of unequal sizes or unequal spreads — not for lack
#   of optimisation: its $J$ prefers the wrong partition. A full-covariance mixture models those shapes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. In the k-means explorer, which half-step lowers $J$ the most, and why is $J$ so large after the
#    first assignment?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. In the $\sigma$ explorer, set $\log_2\sigma=0$ ($\sigma=1$). Only a few points are hard-assigned,
#    yet the means are still close to k-means' centres. Why?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. On the elongated data, would running k-means from 1000 starts instead of 10 help?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 4. Start EM from k-means' answer (responsibilities = its one-hot labels, then `g.m_step`,
#    then `g.run_em`). Does the mixture recover the true clusters? (Mind the order: `m_step`
#    returns weights, means, covariances, as the handout does; `run_em` takes means first.)

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. The first update: $J$ drops from 1203.1 to 253.2. The start centres sit in the empty corners,
#    far from every point, so the first assignment's $J$ counts long distances; moving each centre to
#    the mean of its points removes most of them.
# 2. At $\sigma=1$ only 11% of the points have a largest responsibility above 0.99, but 84% have one
#    above 0.9: most points still belong mostly to one cluster (faded colours, not grey). The points that
#    are really shared lie between the clusters and pull on both means, which end at most 0.25 from
#    k-means' centres (standardised units). The mean that moves most is that of the smaller cluster: the
#    shared points are a larger part of its points.
# 3. No. Its answer already has a lower $J$ than the true partition (1375.6 against 1683.5); more starts
#    can only find a $J$ at least as low, i.e. an answer at least as "good" for k-means.
# 4. On the elongated data, yes: EM from k-means' answer reaches the same fit as the best of the ten
#    starts (ARI 1.00). On the unequal sizes it does not: it stops at a worse local optimum
#    (log-likelihood −1177.16 against −1162.67, ARI 0.83). Starting from k-means' answer, as
#    scikit-learn's `GaussianMixture` does by default, is a start like any other.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: one iteration of k-means
#
# Write `kmeans_step(X, centres)` returning `(labels, new_centres)`: first assign each point to its
# nearest centre (squared Euclidean distance; on an exact tie the **first** such centre, as
# `np.argmin` picks), then move each centre to the mean of its points. A centre that no point is
# nearest to (an empty cluster) **stays where it is** (`g.kmeans` and scikit-learn move it to the
# farthest point instead; that is not asked here). `labels` has shape $(n,)$, `new_centres` the shape
# of `centres`, $(K, d)$. The check tries 1-D and 5-D data, exact ties, an empty cluster and
# Python lists, and checks that your function leaves its inputs unchanged.

# %% nbgrader={"grade": false, "grade_id": "kmeans_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np


def kmeans_step(X, centres):
    """One k-means iteration: nearest-centre labels (n,), then each centre to its mean (K, d)."""
    # Hint: squared distances (n, K) by broadcasting; argmin per row; mean of each cluster's points.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    centres = np.asarray(centres, dtype=float)
    sq_dist = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)  # (n, K)
    labels = sq_dist.argmin(axis=1)  # the first nearest centre on a tie
    new_centres = centres.copy()  # a new array: an empty cluster keeps its centre
    for j in range(len(centres)):
        if np.any(labels == j):
            new_centres[j] = X[labels == j].mean(axis=0)
    return labels, new_centres
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_kmeans_step", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} slideshow={"slide_type": "subslide"}
from gmm_lab.course.checks import check_kmeans_step

check_kmeans_step(kmeans_step)
