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
# # 10 — Choosing K: BIC, AIC and held-out likelihood
#
# **Learning goals.** After this notebook you can
# 1. explain why the log-likelihood of the training data cannot choose the number of components;
# 2. compute BIC and AIC from the log-likelihood, the number of points and the number of
#    parameters, by hand and with `g.bic` / `g.aic`;
# 3. choose $K$ and the covariance type on Old Faithful, and read the curves honestly: a sharp
#    minimum, a flat one, a choice that moves with the starts;
# 4. check a choice with the held-out log-likelihood, and explain why BIC and AIC disagree;
# 5. keep collapsed fits out of the comparison.
#
# **Time.** Core path about 25 minutes (§0–§5); no deep dives; the exercise at the end about 15
# minutes.

# %% slideshow={"slide_type": "subslide"}
import warnings

import numpy as np

import gmm_lab as g
from gmm_lab.course import figures as gf
from gmm_lab.course import plotting as gp

X, columns = g.load_faithful()
mean, sd = X.mean(axis=0), X.std(axis=0)
Z = (X - mean) / sd  # standardised: each column has mean 0 and standard deviation 1
n = len(Z)
print(f"{n} eruptions; standard deviations {np.round(sd, 2)} min (eruption length, waiting time)")
print(f"distinct values: {len(np.unique(X[:, 0]))} eruption lengths, "
      f"{len(np.unique(X[:, 1]))} waiting times")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 0. Why standardise, and what it does not fix
#
# We work in standardised units, each column divided by its standard deviation. Three reasons:
#
# * **The starts.** k-means++ seeds by Euclidean distance; in minutes the waiting time (standard
#   deviation 13.6) would dwarf the eruption length (1.1), and the seeds would spread along one axis.
# * **`reg_covar`** is one number added to every variance: $10^{-6}$ min² is a different fraction of
#   each column's spread in minutes, the same fraction once both columns have variance 1.
# * **The criteria do not care.** For the *same* fit, expressed in either units, the log-likelihoods
#   differ by $n\log(s_1s_2)$ (the Jacobian of the change of units), the same for every model: all
#   differences between models, and so every choice below, are unchanged (checked in section 1).
#
# Standardising does **not** remove the rounding: the waiting times are still whole minutes, 51
# distinct values for 272 eruptions. A component that sits on eruptions sharing a value, or on two
# points, has a covariance that is singular but for `reg_covar`, and a likelihood that is a spike
# (notebook 11 takes one apart). A criterion fed such a fit rewards the spike. So `g.sweep`, which
# fits every model below from several starts, checks each run (`fit.collapsed`) and keeps the best
# run that did **not** collapse; section 5 shows what that protects us from.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The training log-likelihood only goes up
#
# Fit mixtures with $K = 1, \dots, 6$ components and all four covariance types (notebook 09), each
# from 5 k-means++ starts, keeping the best (`g.sweep`). For full covariances:

# %%
Ks = range(1, 7)
sweep = g.sweep(Z, Ks, random_states=range(5))
print(f"collapsed runs skipped: {sum(len(s) for s in sweep.collapsed.values())}")
print(" K   p   log-likelihood     BIC     AIC")
for k in Ks:
    fit = sweep.fits["full", k]
    print(f"{k:>2} {g.n_parameters(k, 2):>3}   {fit.log_likelihood:14.2f} "
          f"{g.bic(Z, fit):7.1f} {g.aic(Z, fit):7.1f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The log-likelihood rises with every component: a mixture with $K+1$ components can do everything
# one with $K$ can (give the extra one weight 0) and more. On the data it was fitted to it will
# always prefer the bigger model, and with $K=n$ it would put a spike on every point. To choose,
# we must charge for the parameters $p$ (`g.n_parameters`, notebook 09). Two classic charges:
#
# $$
# \mathrm{BIC} = -2\ell + p\log n, \qquad \mathrm{AIC} = -2\ell + 2p \qquad\text{(lower is better)}.
# $$

# %% [markdown] slideshow={"slide_type": "subslide"}
# Here $\log n = \log 272 \approx 5.61$: each parameter costs BIC 2.8 times what it costs AIC. By
# hand, for $K=2$, and the check that changing units shifts every model alike:

# %%
fit2 = sweep.fits["full", 2]
p, ll = g.n_parameters(2, 2), fit2.log_likelihood
print(f"BIC by hand: -2 * {ll:.3f} + {p} * log({n}) = {-2 * ll + p * np.log(n):.3f};"
      f"  g.bic: {g.bic(Z, fit2):.3f}")
print(f"AIC by hand: -2 * {ll:.3f} + 2 * {p} = {-2 * ll + 2 * p:.3f};  g.aic: {g.aic(Z, fit2):.3f}")
for k in (2, 3):  # the same fits, in minutes
    f = sweep.fits["full", k]
    ll_min = g.log_likelihood(X, f.means * sd + mean, f.covariances * np.outer(sd, sd), f.weights)
    print(f"K={k}: ℓ standardised - ℓ in minutes = {f.log_likelihood - ll_min:.4f}"
          f"  (n log(s₁s₂) = {n * np.log(sd.prod()):.4f})")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. BIC, AIC and held-out likelihood over K (full covariances)
#
# A criterion is a formula for what we really want to know: how well would the model do on *new*
# eruptions? That we can also estimate directly. **Cross-validation**: cut the data into 5 folds;
# fit on four, score the log-likelihood of the fifth; repeat for each fold and add up
# (`g.held_out_log_likelihood`, each fit the best of 2 starts that did not collapse). Higher is
# better, and a spike on a training point earns nothing on points it has not seen, unless new
# points repeat that point's values exactly, as rounded data do (notebook 11 §5 shows a spike that
# cross-validation rewards).

# %% slideshow={"slide_type": "subslide"}
held_out = g.held_out_log_likelihood(Z, Ks, covariance_type="full", n_folds=5, random_state=0,
                                     random_states=range(2), tol=1e-3)
bic_full, aic_full = sweep.table("bic")[0], sweep.table("aic")[0]
print(" K      BIC     AIC   held-out ℓ")
for k, b, a, h in zip(Ks, bic_full, aic_full, held_out):
    print(f"{k:>2} {b:8.1f} {a:7.1f} {h:12.1f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Side by side: what training rewards, what the criteria charge, and what new eruptions say.

# %% tags=["hide-input"]
fig, (ax, cax, hax) = gp.new_figure(1, 3, size=(11.2, 3.8))
gf.plot_scores(Ks, {"training ℓ": [sweep.fits["full", k].log_likelihood for k in Ks]}, ax=ax,
               best=None, colors=["black"])
ax.set(ylabel="log-likelihood ℓ", title="training ℓ: always up")
gf.plot_scores(Ks, {"BIC": bic_full, "AIC": aic_full}, ax=cax, best="min")
cax.set(ylabel="criterion (lower is better)", title="BIC and AIC (star: lowest)",
        ylim=(aic_full[1:].min() - 20, bic_full[1:].max() + 20))
gf.plot_scores(Ks, {"held-out ℓ": held_out}, ax=hax, best="max", colors=[gp.PALETTE[2]])
hax.set(ylabel="held-out ℓ (higher is better)", ylim=(held_out[1:].min() - 10, held_out.max() + 5),
        title="5-fold cross-validation (star: highest)")
gp.show(fig, alt="Full-covariance mixtures with K=1 to 6 on Old Faithful. Left: the training log-"
                 f"likelihood rises with every K. Middle: BIC (circles) is lowest at K="
                 f"{Ks[int(np.argmin(bic_full))]}, K=3 close, larger K far above; AIC (squares) "
                 f"falls, goes flat, lowest at K={Ks[int(np.argmin(aic_full))]}. Right: held-out "
                 f"log-likelihood peaks at K={Ks[int(np.argmax(held_out))]}. K=1 is off the scale.")

# %% slideshow={"slide_type": "subslide"}
print(f"BIC chooses K = {sweep.best('bic', covariance_type='full')[1]};  next best is "
      f"{np.sort(bic_full)[1] - bic_full.min():.1f} higher")
print(f"AIC chooses K = {sweep.best('aic', covariance_type='full')[1]};  "
      f"from K=3 on AIC spans only {np.ptp(aic_full[2:]):.1f}")
other = g.sweep(Z, Ks, ["full"], random_states=range(5, 10))  # five other starts
print(f"other starts: BIC chooses K = {other.best('bic')[1]}, "
      f"AIC chooses K = {other.best('aic')[1]}")
print("AIC with the other starts:", np.round(other.table("aic")[0], 1))
k_aic = sweep.best("aic", covariance_type="full")[1]
print("held-out ℓ:", np.round(held_out, 1), f"-> best K = {Ks[int(np.argmax(held_out))]};"
      f"  K=2 beats AIC's K={k_aic} by {held_out[1] - held_out[k_aic - 1]:.1f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **BIC** is lowest at $K=2$, the two clusters every picture of Old Faithful shows. $K=3$ comes
# close (2.0 higher: a BIC difference of 2 is weak evidence) and $K\ge4$ are far behind: each further
# component raises $\ell$ by less than BIC's price. **AIC** keeps falling past $K=2$ and then goes
# flat: from $K=3$ on its values span only 3.7, while other starts move single values by more than
# that ($K=5$: 771.9, then 759.7), because a better local optimum at one $K$ moves the minimum. With
# five other starts BIC still says 2, and AIC's choice moves. An honest report reads: "BIC: 2, with
# 3 close behind. AIC: more than 2, and how many depends on the starts."
#
# The **held-out likelihood** sides with BIC here: full mixtures do best on new eruptions with two
# components, and AIC's larger models, which fit the training folds better, do worse on the
# held-out ones.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Over K *and* covariance type
#
# The same comparison over all 24 models of the sweep:

# %%
bic_all = sweep.scores("bic")
for t, row in zip(sweep.covariance_types, sweep.table("bic")):
    print(f"{t:<9} BIC " + " ".join(f"{v:7.1f}" for v in row))
ranking = sorted(bic_all, key=bic_all.get)
print("lowest BIC:", ", ".join(f"{t} K={k} ({bic_all[t, k]:.1f})" for t, k in ranking[:3]))
lowest_aic = min(sweep.scores("aic").values())
print("lowest AIC:", "{} K={}".format(*sweep.best("aic")), f"({lowest_aic:.1f})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Over every type, BIC prefers a **tied** mixture with **three** components, ahead of tied with four and
# full with two.
# Look at what it is, next to the other choices:

# %% tags=["hide-input"]
picks = [("full", 2, "BIC, full only"), (*ranking[0], "BIC, every type"),
         (*sweep.best("aic"), "AIC")]
fig, axes = gp.new_figure(1, 3, size=(11.2, 4.0))
for ax, (t, k, why) in zip(axes, picks):
    fit = sweep.fits[t, k]
    gp.plot_responsibilities(Z, fit.responsibilities, ax=ax, s=9)
    gp.plot_ellipses(fit.means, fit.covariances, ax=ax, n_std=(1, 2), covariance_type=t)
    ax.set(title=f"{why}: {t}, K={k}", xlabel="eruption length (standardised)", aspect="equal",
           xlim=(-2.6, 2.6), ylim=(-2.6, 2.6))
axes[0].set_ylabel("waiting time (standardised)")
gp.show(fig, alt="Three chosen models on standardised Old Faithful: full with two components (two "
                 "tilted ellipses), tied with three (the long-eruption cluster split in two, all "
                 "ellipses the same shape), and AIC's pick with more, smaller components.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# BIC's pick over every type, back in minutes:

# %%
tied3 = sweep.fits[ranking[0]]
for w, m in sorted(zip(tied3.weights, tied3.means * sd + mean), key=lambda t: t[1][0]):
    print(f"{ranking[0][0]} K={ranking[0][1]}: weight {w:.3f}, "
          f"mean eruption {m[0]:.2f} min, waiting {m[1]:.1f} min")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The tied model gives every component the *same* ellipse. One shape cannot cover both the small
# round cluster of short eruptions and the long, tilted cloud of long ones, so it spends a third
# component on the long eruptions: two overlapping ellipses of the shared shape. It has as many
# parameters as full with $K=2$ (11 each) and a higher likelihood, so BIC takes it. The lesson:
# **$K$ is the number of components, not the number of clusters**. How many components a cluster
# needs depends on the shape each may take (a `spherical` mixture needs several round components
# for one elongated cluster). If the goal is clusters to interpret, compare the models you would
# interpret, and look at them.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Why BIC and AIC disagree
#
# They answer different questions.
#
# * **AIC** (Akaike) estimates how well the fitted model will *predict* new data: for large $n$ it is
#   an unbiased estimate of $-2\times$ the expected log-likelihood of a fresh data set of the same
#   size. Its penalty, 2 per parameter, corrects for the optimism of scoring a model on the data it
#   was fitted to. It aims at prediction, not at finding a "true" $K$: even with unlimited data from
#   one of the models, it picks a larger one with a probability that does not go to 0.
# * **BIC** (Schwarz) approximates $-2\log p(\mathbf X\mid\text{model})$, the evidence of Bayesian
#   model comparison with the parameters integrated out (a Laplace approximation). Its penalty
#   grows with $\log n$: it asks more of every parameter as the data grow, and if the data really
#   came from one of the models it picks that one with probability tending to 1 (for mixtures
#   this needs some care, but holds under mild conditions: Keribin, 2000).

# %% [markdown] slideshow={"slide_type": "subslide"}
# With $n=272$ the prices of one more full component (6 parameters) are:

# %%
extra = g.n_parameters(3, 2) - g.n_parameters(2, 2)
print(f"one more full component: {extra} parameters; it must raise ℓ by more than "
      f"{extra * np.log(n) / 2:.1f} (BIC) or {extra:.1f} (AIC)")
gains = np.diff([sweep.fits["full", k].log_likelihood for k in Ks])
print("gain in ℓ from K to K+1 (full):",
      ", ".join(f"{k}→{k + 1}: {v:.1f}" for k, v in zip(Ks, gains)))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Going from 1 to 2 components pays either price many times over. Every later step gains less than
# BIC's price (2→3 only just), and most of them more than AIC's. That band between the two prices
# is where they disagree, and no formula settles it; what you want the model for does. A density to predict or sample from
# (notebook 13) is judged by held-out likelihood; clusters to interpret also by whether they mean
# something. On real data there is rarely a "true" $K$ for BIC to be consistent about.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. What the collapse check protects
#
# `g.sweep` skipped no collapsed run above. That is these starts' luck, not a property of the data.
# Another start at $K=6$ (k-means++ start 11) ends with a component on two eruptions:

# %%
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", g.CollapseWarning)
    spike = g.run_em(Z, *g.init_params(Z, 6, method="k-means++", random_state=11), max_iter=1000)
j = spike.collapsed[0]
print(f"{caught[0].category.__name__}; component {j + 1} sits on (minutes):",
      X[spike.responsibilities[:, j] > 0.5].tolist())
print(f"ℓ = {spike.log_likelihood:.2f} (the sweep's best K=6: "
      f"{sweep.fits['full', 6].log_likelihood:.2f}); AIC = {g.aic(Z, spike):.1f} "
      f"(lowest AIC of the sweep: {lowest_aic:.1f})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Two points always lie on a line, so a full covariance fitted to them is singular but for
# `reg_covar`: a thin needle whose spike raises $\ell$ above the sweep's best $K=6$ fit. Fed to AIC,
# it would become AIC's choice of the whole sweep. Skipping collapsed runs (or a prior, notebook
# 11) is part of choosing $K$, not a detail.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * The training log-likelihood always prefers more components; compare models with a penalty.
# * $\mathrm{BIC}=-2\ell+p\log n$ and $\mathrm{AIC}=-2\ell+2p$; $p$ counts weights ($K-1$), means ($Kd$)
#   and covariances (by type).
# * Old Faithful, standardised: with full covariances BIC chooses $K=2$ ($K=3$ close behind), with
#   both sets of starts; AIC prefers more, on a curve too flat to say how many. Over types, BIC chooses tied with
#   $K=3$: components are not clusters.
# * Held-out log-likelihood checks a choice directly; here (full covariances) it agrees with BIC.
# * Keep collapsed fits out: their likelihood is a spike, and a criterion would reward it.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. Why does the tied model with $K=3$ have exactly as many parameters as full with $K=2$?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. BIC's penalty grows with $n$. If Old Faithful had 10 times as many eruptions from the same
#    geyser, what would you expect BIC to do, and AIC?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. Cross-validation here used 5 folds, one shuffle and 2 starts per fit. What would you do before
#    trusting its choice, and what would you expect for tied covariances?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. Tied, $K=3$: one covariance (3) + 6 mean entries + 2 weights = 11. Full, $K=2$: two covariances
#    (6) + 4 mean entries + 1 weight = 11. Both are printed by `g.n_parameters`.
# 2. With more data, real structure beyond two Gaussian clusters (the clusters are not exactly
#    Gaussian) becomes detectable: $\ell$'s gains grow like $n$, BIC's price only like $\log n$, so BIC
#    would eventually accept more components too, and AIC even more. Neither "converges" to 2 unless
#    the data really are two Gaussians.
# 3. Repeat it with other shuffles (`random_state`) and more starts per fit, and look at the spread
#    of the differences between neighbouring $K$: a few nats on 272 points can be within the noise
#    of the fold assignment. For tied covariances, following BIC, one would expect $K=3$ to do
#    best; `g.held_out_log_likelihood(Z, Ks, covariance_type="tied", ...)` tests it.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: BIC by hand
#
# Write `bic(X, means, covariances, weights)`: the BIC of a mixture with **full** covariances,
# $-2\ell + p\log n$, with $\ell$ the total log-likelihood of `X` (use `g.log_likelihood`) and $p$ the
# number of free parameters, which you count yourself. The check knows the right number (scikit-learn's
# BIC) on 1-D, 2-D and 5-D mixtures and Python lists, and the usual slips; it refuses an answer that
# calls `g.bic` or `g.aic`: the exercise is the formula.

# %% nbgrader={"grade": false, "grade_id": "bic", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np

import gmm_lab as g


def bic(X, means, covariances, weights):
    """BIC = -2 log-likelihood + p log n of a full-covariance mixture (lower is better)."""
    # Hint: p = k·d(d+1)/2 covariances + k·d means + (k − 1) weights; n = number of points.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    k, d = np.shape(means)
    p = k * d * (d + 1) // 2 + k * d + (k - 1)
    return -2.0 * g.log_likelihood(X, means, covariances, weights) + p * np.log(len(X))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_bic", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} slideshow={"slide_type": "subslide"}
from gmm_lab.course.checks import check_bic

check_bic(bic)
