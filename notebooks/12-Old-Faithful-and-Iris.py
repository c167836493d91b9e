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
# # 12 — Real data: Old Faithful and Iris
#
# **Learning goals.** After this notebook you can
# 1. reproduce Bishop's Fig. 9.8, EM on the Old Faithful eruptions, and say what each of its panels shows;
# 2. read a fit in the data's own units, and check it against scikit-learn;
# 3. compare clusters with known classes: align the labels, then read a confusion table;
# 4. recognise a degenerate optimum — a *higher* likelihood that is a *worse* model — say where it
#    comes from (measurements rounded to 0.1 cm), and remove it with `reg_covar`.
#
# Two classic data sets. Old Faithful (272 eruptions of the geyser, notebook 05) is the data of
# Bishop's *Pattern Recognition and Machine Learning* (PRML), chapter 9. Iris (150 flowers of three
# species, four measurements each, in scikit-learn; nothing is downloaded) comes with the answer:
# the species, which lets us grade the clusters, and it hides a trap.
#
# **Time.** Core path about 50 minutes (§1–§6); no deep dives; the exercise at the end about 15
# minutes.

# %% slideshow={"slide_type": "subslide"}
import itertools
import warnings

import numpy as np
from sklearn.datasets import load_iris
from sklearn.mixture import GaussianMixture

import gmm_lab as g
from gmm_lab.course import figures as gf
from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets.realdata import FIG98_PANELS, Fig98Explorer

X, columns = g.load_faithful()
print(f"Old Faithful: {X.shape[0]} eruptions, columns {columns}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. PRML Fig. 9.8: EM on Old Faithful
#
# Bishop first **standardises** each column, $z = (x - \bar x)/s$ with $s$ its standard deviation,
# so both have mean 0 and variance 1 and one picture shows both on the same scale. Then he starts
# EM from a deliberately poor guess: two small circles, each on the wrong side of the data. The
# book does not print the starting values; we read them off the figure: means $(-1.75, 1)$ and
# $(1.75, -1)$, circles of standard deviation $0.5$ ($\boldsymbol\Sigma_j = 0.25\,\mathbf I$), equal weights.
# (Circles of other sizes, from $0.1\,\mathbf I$ to $\mathbf I$, change the numbers along the way but
# reach the same fit within the 20 iterations.) `tol=None` makes `run_em` run exactly `max_iter`
# iterations: no stopping rule.

# %%
centre, scale = X.mean(axis=0), X.std(axis=0)
Z = (X - centre) / scale  # standardised: every column has mean 0 and variance 1
start = (np.array([[-1.75, 1.0], [1.75, -1.0]]),  # means, read off the figure
         np.array([0.25 * np.eye(2)] * 2),  # circles of standard deviation 0.5
         np.array([0.5, 0.5]))
run = g.run_em(Z, *start, max_iter=20, tol=None)  # exactly 20 iterations, like the figure
for L in (0, 1, 2, 5, 20):
    print(f"L = {L:>2}: log-likelihood {run.log_likelihoods[L]:9.2f}")
settled = g.run_em(Z, *start, max_iter=500, tol=1e-8)
print(f"with tol=1e-8 EM stops after {settled.n_iter} iterations, at {settled.log_likelihood:.2f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The book's six panels, from this run. $L$ counts complete iterations (an E-step, then an M-step).
# Points are coloured and shaped by their responsibilities (grey circles before the first E-step), each component
# is drawn as its one-standard-deviation ellipse, as in the book.

# %% tags=["hide-input"] slideshow={"slide_type": "subslide"}
fig, axes = gp.new_figure(2, 3, size=(8.4, 5.4))
for ax, (name, step) in zip(axes.ravel(), FIG98_PANELS):
    ax.set(title=name, xlim=(-2.5, 2.5), ylim=(-2.5, 3.0), aspect="equal")  # room at the top
    # one colour key, in the last panel, top left: no eruption is short with a long wait
    key = "upper left" if ax is axes[1, 2] else False
    gf.plot_half_step(Z, run.half_step(step), ax=ax, s=7, key=key)
for ax in axes[1]:
    ax.set_xlabel("eruption length (standardised)")
for ax in axes[:, 0]:
    ax.set_ylabel("waiting time (standardised)")
gp.show(fig, alt="PRML Fig. 9.8 reproduced: six panels of standardised Old Faithful. (a) Two "
                 "circles off the data, points grey. (b) The first E-step colours the lower-left "
                 "cluster blue and most of the upper-right one orange. (c) to (e) After 1, 2 and 5 "
                 "iterations the blue ellipse shrinks from a long diagonal band onto the "
                 "lower-left cluster. (f) After 20 iterations each ellipse covers one cluster.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Read it as the book does. **(b)** The first E-step only colours the points: each goes mostly to
# the nearer circle, so the blue component gets nearly all of the lower-left cluster and the left
# edge of the upper-right one. **(c)** The first M-step refits each component to its points: the
# blue one stretches into a long diagonal ellipse, because its points come from both clusters.
# **(d), (e)** Each round the boundary moves and blue lets go of the upper cluster's points; by
# $L = 5$ the two components have nearly separated the clusters. **(f)** After 20 iterations the
# fit has settled: stopping at `tol=1e-8` (printed above) gives the same log-likelihood.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Step through it
#
# The same run, one half-step at a time. In the second panel (on the right; below, in the static picture), how far the log-likelihood still is below
# where the run ends, on a log scale: the slow stretch while the components turn and shrink, then
# a steep, nearly straight fall — each iteration multiplies the gap by about the same factor,
# which is what *linear convergence* means — until it reaches rounding.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
Fig98Explorer(Z, run, xlabel="eruption (standardised)", ylabel="waiting (standardised)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. The fit in minutes
#
# Standardising is a change of units, and a Gaussian stays a Gaussian under it: with
# $\mathbf S = \operatorname{diag}(s)$, a component $\mathcal N(\boldsymbol\mu_z, \boldsymbol\Sigma_z)$ for $z$ is
# $\mathcal N(\bar x + \mathbf S\boldsymbol\mu_z,\ \mathbf S\boldsymbol\Sigma_z\mathbf S)$ for $x$, with the same weight.
# The density changes by the Jacobian of the map, $p_x(x) = p_z(z)/(s_1 s_2)$, so every point's
# log-density drops by $\log(s_1s_2)$ and $\ell_x = \ell_z - n\log(s_1 s_2)$.

# %%
S = np.diag(scale)
means_raw, covs_raw = centre + run.means * scale, S @ run.covariances @ S
for j in np.argsort(means_raw[:, 0]):
    m, sd = means_raw[j], np.sqrt(np.diag(covs_raw[j]))
    print(f"weight {run.weights[j]:.3f}: eruptions {m[0]:.2f} ± {sd[0]:.2f} min, "
          f"waiting {m[1]:.1f} ± {sd[1]:.1f} min")
ll_raw = g.log_likelihood(X, means_raw, covs_raw, run.weights)
jacobian = run.log_likelihood - len(X) * np.log(scale).sum()
print(f"log-likelihood in minutes {ll_raw:.2f}; from the standardised one: {jacobian:.2f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same start in minutes, fitted by `gmm_lab` and by scikit-learn's `GaussianMixture` (given the
# start through `weights_init`, `means_init` and `precisions_init`, the inverse covariances):

# %%
raw_start = (centre + start[0] * scale, S @ start[1] @ S, start[2])
ours = g.run_em(X, *raw_start, max_iter=500, tol=1e-8)
sk = GaussianMixture(2, weights_init=raw_start[2], means_init=raw_start[0], tol=1e-10,
                     precisions_init=np.linalg.inv(raw_start[1]), max_iter=500).fit(X)
print(f"gmm_lab:      log-likelihood {ours.log_likelihood:.3f}, weights {ours.weights.round(3)}")
print(f"scikit-learn: log-likelihood {sk.score(X) * len(X):.3f}, weights {sk.weights_.round(3)}")
print(f"means within 1e-5 min of scikit-learn's: {np.allclose(ours.means, sk.means_, atol=1e-5)}, "
      f"and of the standardised fit mapped back: {np.allclose(ours.means, means_raw, atol=1e-5)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Short eruptions (about 2 minutes) are followed by short waits (about 54 minutes), long ones by
# long waits; about a third of the eruptions are short. EM from the same start in minutes lands on
# the fit we mapped back: a change of units changes nothing in EM but `reg_covar`, which is added
# in whatever units the data has.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Iris: clusters against species
#
# 150 flowers, 50 of each species (*setosa*, *versicolor*, *virginica*), each with four
# measurements in centimetres: sepal length and width, petal length and width. We fit $K = 3$ from
# 300 k-means++ starts (`keep_history=False` runs them all at once) and look at where they end.

# %%
iris = load_iris()
Xi, species = iris.data, iris.target
with warnings.catch_warnings():  # section 5 looks at the starts gmm_lab warns about
    warnings.simplefilter("ignore", g.CollapseWarning)
    runs = g.run_restarts(Xi, 3, range(300), method="k-means++", tol=1e-6, max_iter=1000,
                          keep_history=False)
ends, counts = np.unique(np.round(runs.log_likelihoods, 2), return_counts=True)
for ll, count in list(zip(ends, counts))[::-1][:4]:
    print(f"log-likelihood {ll:8.2f}: {count:3d} of 300 starts")
common = ends[np.argmax(counts)]
fit = next(r for r in runs.runs.values() if round(r.log_likelihood, 2) == common)
print(f"the most common end: {common:.2f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Take the most common end. A cluster's number means nothing (label switching, notebook 08), so
# before comparing with the species we renumber the clusters to agree best with them
# (`g.align_labels`, the Hungarian algorithm on the table of counts). The **confusion table** then
# counts, for each species (row), where its flowers went (column): the diagonal agrees.

# %%
clusters = fit.responsibilities.argmax(axis=1)
table = g.confusion_table(species, clusters)
print(f"{'':>11}" + "".join(f"{'cluster ' + str(j + 1):>11}" for j in range(3)))
for name, row in zip(iris.target_names, table):
    print(f"{name:>11}" + "".join(f"{c:>11}" for c in row))
print(f"agreement: {np.trace(table) / len(species):.3f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Setosa is a cluster of its own; versicolor and virginica overlap, and 5 versicolor flowers sit in
# the virginica cluster. Without ever seeing a label, EM sorts 145 of the 150 flowers by species.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. A higher likelihood, a worse model
#
# The most common end is not the best one. Some starts end far *higher*:

# %%
best = runs.best
seeds = [s for s, r in runs.runs.items() if r.log_likelihood > common + 1]
print(f"best: {best.log_likelihood:.2f}, {best.log_likelihood - common:.1f} above the most common")
print(f"reached from the k-means++ seeds {seeds}: {len(seeds)} of 300 starts")
print(f"the starts gmm_lab flags as collapsed (runs.collapsed): {runs.collapsed}")
thin = np.linalg.eigvalsh(best.covariances)[:, 0]  # each component's smallest variance
spike = int(np.argmin(thin))
members = best.responsibilities.argmax(axis=1) == spike
per_species = np.bincount(species[members], minlength=3)
print(f"component {spike + 1}: {members.sum()} flowers, per species {per_species}")
print(f"  their petal widths: {np.unique(Xi[members, 3])} cm; flowers with width 0.2 cm: "
      f"{np.sum(Xi[:, 3] == 0.2)}, all setosa: {np.all(species[Xi[:, 3] == 0.2] == 0)}")
print(f"  its standard deviations (cm): {np.sqrt(np.diag(best.covariances[spike])).round(3)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# One component sits on the flowers whose petal width is **exactly** 0.2 cm, and its spread in that
# direction is 0.001 cm: $\sqrt{10^{-6}}$, the square root of `reg_covar`. Those flowers all lie on
# the flat slice "petal width = 0.2" of the four-dimensional space. A Gaussian that flattens onto
# that slice, $\sigma^2\to0$ across it, gives each of its $m$ points a density factor
# $1/\sqrt{2\pi\sigma^2}$, so the log-likelihood grows like $\tfrac m2\log(1/\sigma^2)$, without bound: the
# collapse of notebook 04, on $m$ points at once instead of one. Only `reg_covar` stops it, at
# $\sigma^2 = 10^{-6}$. In the petal plane (points spread a little for display only: many flowers
# share the same values):

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, axes = gp.new_figure(1, 2, size=(10.5, 4.3))
shown = Xi[:, 2:] + np.random.default_rng(0).uniform(-0.02, 0.02, (len(Xi), 2))  # display only
for ax, r in zip(axes, (fit, best)):
    gp.plot_responsibilities(shown, r.responsibilities, ax=ax, s=12)
    gp.plot_ellipses(r.means[:, 2:], r.covariances[:, 2:, 2:], ax=ax, n_std=(1, 2), lw=2)
    ax.set(title=f"log-likelihood {r.log_likelihood:.2f}", xlabel="petal length (cm)",
           xlim=(0.5, 7.5), ylim=(-0.2, 2.8))
axes[0].set_ylabel("petal width (cm)")
axes[1].annotate(f"{members.sum()} flowers, all with width 0.2:\na flat ellipse", (1.8, 0.2),
                 xytext=(2.4, 0.75), arrowprops={"arrowstyle": "->"}, fontsize=9)
gp.show(fig, alt="Iris in the petal plane, twice. Left: the most common fit, one ellipse per "
                 "species-like cluster. Right: the best fit by likelihood; one of its components "
                 "is a flat line on the setosa flowers with petal width exactly 0.2 cm.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The optimum does not depend on k-means++. Put the flowers into three groups by hand —
# versicolor and virginica together, the other setosa, the setosa with width 0.2 — take one M-step
# from those hard labels and run EM: it is there at once. (From the species as groups, EM finds
# the most common fit instead.)

# %%
groups = np.where(species > 0, 0, np.where(Xi[:, 3] == 0.2, 2, 1))
w0, m0, c0 = g.m_step(Xi, np.eye(3)[groups])
with warnings.catch_warnings():  # the collapse is what we are after here; printed below
    warnings.simplefilter("ignore", g.CollapseWarning)
    from_groups = g.run_em(Xi, m0, c0, w0, tol=1e-6, max_iter=1000)
w0, m0, c0 = g.m_step(Xi, np.eye(3)[species])
from_species = g.run_em(Xi, m0, c0, w0, tol=1e-6, max_iter=1000)
print(f"from the hand-made groups: {from_groups.log_likelihood:.2f} after {from_groups.n_iter} "
      f"iterations, collapsed components {from_groups.collapsed}; from the species: "
      f"{from_species.log_likelihood:.2f}, collapsed {from_species.collapsed}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Why the higher likelihood is the worse model.** The data were written down to 0.1 cm: a petal
# "0.2 cm" wide is somewhere between 0.15 and 0.25 cm. The spike claims that 29 flowers have the
# same width to within 0.001 cm, a statement about the ruler, not the flowers. Measure the
# flowers again more finely — here: add back a rounding error, uniform on $\pm0.05$ cm, to every
# measurement (ten seeded draws) — and the spike's advantage turns into a large loss:

# %%
spiky, good = from_groups, from_species
scores = []
for seed in range(10):
    remeasured = Xi + np.random.default_rng(seed).uniform(-0.05, 0.05, Xi.shape)
    scores.append([g.log_likelihood(remeasured, r.means, r.covariances, r.weights)
                   for r in (spiky, good)])
spiky_ll, good_ll = np.mean(scores, axis=0)
print(f"as recorded:          spike {spiky.log_likelihood:8.2f}   good {good.log_likelihood:8.2f}")
print(f"re-measured, 10 runs: spike {spiky_ll:8.2f}   good {good_ll:8.2f} (means)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. The remedy: a floor at the rounding variance

# %% [markdown] slideshow={"slide_type": "subslide"}
# Rounding to a step $h$ adds an error spread evenly over $\pm h/2$, whose variance is $h^2/12$:
# for $h = 0.1$ cm, $8.3\times10^{-4}\ \text{cm}^2$. No component can honestly be narrower than that in
# any direction, and `reg_covar`, added to every covariance's diagonal, says exactly this. Below,
# the spike and the good fit again, from the same two hard starts, for a range of `reg_covar`:

# %%
rounding = 0.1**2 / 12
regs = np.logspace(-8, -2, 9)  # 1e-8 to 1e-2, four points every three decades
curves = {"spike (hand-made groups)": groups, "good fit (species)": species}
ends_ = {name: [] for name in curves}
with warnings.catch_warnings():  # below the floor the spike collapses, as we know
    warnings.simplefilter("ignore", g.CollapseWarning)
    for (name, labels_), reg in itertools.product(curves.items(), regs):
        w0, m0, c0 = g.m_step(Xi, np.eye(3)[labels_], reg_covar=reg)
        em_run = g.run_em(Xi, m0, c0, w0, tol=1e-6, max_iter=1000, reg_covar=reg)
        ends_[name].append(em_run.log_likelihood)
print(f"{'reg_covar':<24}" + "".join(f"{reg:8.1e}" for reg in regs))
for name, ends_of in ends_.items():
    print(f"{name:<24}" + "".join(f"{v:8.1f}" for v in ends_of))
print("the spike's fall per decade:", np.round(-np.diff(ends_[next(iter(curves))]) / 0.75, 1))

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same, drawn, with the rounding variance marked:

# %% tags=["hide-input"]
fig, ax = gp.new_figure(size=(6.6, 3.8))
for (name, ends_of), color, marker, ls in zip(ends_.items(), gp.PALETTE[:2], "os", ["-", "--"]):
    ax.semilogx(regs, ends_of, marker=marker, ls=ls, color=color, label=name)
ax.axvline(rounding, color="black", ls=":", label=f"rounding variance 0.1²/12 = {rounding:.1e}")
ax.set(xlabel="reg_covar (cm²)", ylabel="log-likelihood after EM")
ax.legend(fontsize=9)
gp.show(fig, alt="Log-likelihood after EM against reg_covar on a log axis, for the spike (circles) "
                 "and the good fit (squares). The spike's falls along a straight line as reg_covar "
                 "grows and drops below the good fit's just before the rounding variance, marked "
                 "by a dotted line.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The spike's log-likelihood falls on a straight line, about $\tfrac{29}2\ln 10 \approx 33$ per decade of
# `reg_covar` (its 29 points times the $\tfrac12\log\sigma^2$ of each), while the good fit barely moves
# up to the rounding variance; the two cross below it. With the floor there, the same 300 starts:

# %% slideshow={"slide_type": "subslide"}
with warnings.catch_warnings():  # the few flagged starts are printed below
    warnings.simplefilter("ignore", g.CollapseWarning)
    floored = g.run_restarts(Xi, 3, range(300), method="k-means++", tol=1e-6, max_iter=1000,
                             keep_history=False, reg_covar=rounding)
ends, counts = np.unique(np.round(floored.log_likelihoods, 2), return_counts=True)
for ll, count in list(zip(ends, counts))[::-1][:3]:
    print(f"log-likelihood {ll:8.2f}: {count:3d} of 300 starts")
now = [round(floored.runs[s].log_likelihood, 2) for s in seeds]
print(f"the seeds that found the spike ({seeds}) now end at {now}")
table = g.confusion_table(species, floored.best.responsibilities.argmax(axis=1))
print(f"the best fit agrees with the species on {np.trace(table)} of 150 flowers")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The best of the 300 starts is now the species-like fit, and it is also the most common end.
# The starts that found the spike now stop at an ordinary, lower local optimum: the floor removes
# the singularity, not local optima, so restarts are still needed. A few starts still end with a
# component on three or four flowers:

# %%
for s in floored.collapsed:
    r = floored.runs[s]
    on = np.sum(r.responsibilities.argmax(axis=1) == r.collapsed[0])
    print(f"still flagged collapsed: seed {s:3d}, a component on {on} flowers, "
          f"log-likelihood {r.log_likelihood:.2f}")

# %% [markdown]
# In four dimensions, four points or fewer always lie on a flat
# slice, so `gmm_lab` still flags them as collapsed; the floor now holds their width at the rounding
# variance, and they end far below the best, where restarts leave them.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * PRML Fig. 9.8 reproduced: standardised data, a poor start read off the figure, 20 iterations
#   (`run_em(..., max_iter=20, tol=None)`); the fit in minutes: weights about 0.36 and 0.64, short
#   eruptions followed by short waits; scikit-learn agrees from the same start.
# * A change of units maps the fit along and shifts $\ell$ by $n\log(s_1s_2)$, the Jacobian.
# * Clusters against known classes: `align_labels` renumbers them, `confusion_table` counts; on
#   Iris, EM recovers the species but for a few versicolor flowers.
# * A higher likelihood can be a worse model: points that share a rounded value let a component
#   flatten onto them, and the likelihood grows without bound. Set `reg_covar` to the variance of
#   the rounding ($h^2/12$): the spike is gone, and restarts choose the sensible fit.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. Start Fig. 9.8 from the symmetric guess $(\mp1.5, \pm1.5)$ instead (same circles). Where is EM
#    after 20 iterations, and when does it settle?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. Run the 300 Iris starts with `method="random_from_data"` (random flowers as the means). Is the
#    best end the species-like fit?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. Why does `reg_covar` act in centimetres squared, and what would be the right floor if the
#    flowers had been measured in millimetres, to 1 mm?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. Far from it: after 20 iterations the log-likelihood is about $-541.23$, against $-385.46$ for
#    the fit. The two circles sit symmetrically on either side of the data's long, diagonal axis, so
#    the first E-step cuts the data along that axis, each cluster in two halves; EM needs 47
#    iterations (`tol=1e-8`) to turn the split round. Bishop's start is poor, but not that poor.
# 2. No: the best of 300 random starts ends at $-176.49$ (seed 241), above the species-like fit's
#    $-180.19$, with a component on just 3 flowers. Any 3 points in four dimensions lie on a plane,
#    so a component can flatten onto them: the same singularity, without any rounding. Only 18
#    of the 300 random starts reach $-180.19$.
# 3. `reg_covar` is added to variances, which have the data's units squared. In millimetres the
#    data are ten times larger and the rounding step is 1 mm, so the floor is $1^2/12 \approx 0.083$ mm²:
#    the same floor, $8.3\times10^{-4}$ cm², in other units.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: the confusion table
#
# Write `confusion_table(reference, labels)` as section 4 used it: first renumber `labels` to agree
# best with `reference` (use `g.align_labels(reference, labels).labels`), then count: `table[c, j]` is
# the number of points of class `c` whose renumbered label is `j`. The table is $m\times m$ with
# $m$ = `max(reference.max(), labels.max()) + 1`, integers. The check tries clusters numbered
# differently from the classes, a cluster no point went to, more clusters than classes, a labelling
# where two clusters have the same majority class, and Python lists.

# %% nbgrader={"grade": false, "grade_id": "confusion_table", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np

import gmm_lab as g


def confusion_table(reference, labels):
    """Counts (m, m): table[c, j] = points of class c whose label, renumbered to match, is j."""
    # Hint: aligned = g.align_labels(reference, labels).labels; then count each (class, label) pair.
    ### BEGIN SOLUTION
    reference = np.asarray(reference, dtype=int)
    labels = np.asarray(labels, dtype=int)
    aligned = g.align_labels(reference, labels).labels
    m = max(reference.max(), labels.max()) + 1
    table = np.zeros((m, m), dtype=int)
    np.add.at(table, (reference, aligned), 1)  # one count per point, repeated pairs add up
    return table
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_confusion_table", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} slideshow={"slide_type": "subslide"}
from gmm_lab.course.checks import check_confusion_table

check_confusion_table(confusion_table)
