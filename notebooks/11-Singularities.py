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
# # 11 — Singularities: when the likelihood runs off to infinity
#
# **Learning goals.** After this notebook you can
# 1. show that a component sitting on one data point makes the likelihood unbounded, and say how
#    fast it grows (Bishop, PRML §9.2.1);
# 2. watch EM walk into such a spike, and recognise a collapsed fit (`fit.collapsed`);
# 3. say exactly what `reg_covar` does — a floor under the variances — and what it does not;
# 4. fit with a prior on the covariances (MAP EM), and check that EM climbs the new objective;
# 5. spot the same collapse in real data whose values are rounded.
#
# **Time.** Core path about 30 minutes (§1–§4); deep dive (optional, about 25 minutes): the
# derivation of the MAP M-step in §4, and §5 (rounded data); the exercise at the end about 15
# minutes.

# %% slideshow={"slide_type": "subslide"}
import warnings

import numpy as np

import gmm_lab as g
from gmm_lab.course import figures as gf
from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets.singularity import SpikeExplorer

x = g.make_lone_point()  # 60 points from N(0, 1) (seed 0), and one more at 3.5, on its own
start = (np.array([[0.0], [3.5]]), np.array([[[1.0]], [[0.25]]]), np.array([0.9, 0.1]))
print(f"{len(x)} points: 60 drawn from N(0, 1), and a lone one at {x[-1, 0]}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. One point, one shrinking bell
#
# Put component 2 of a two-component mixture exactly on a data point, $\mu_2 = x_n$. That point's
# density contains the term
#
# $$
# \pi_2\,\mathcal N(x_n\mid x_n, \sigma_2^2) = \frac{\pi_2}{\sqrt{2\pi}\,\sigma_2}
# \;\xrightarrow[\sigma_2\to0]{}\;\infty ,
# $$

# %% [markdown] slideshow={"slide_type": "subslide"}
# while every other point keeps a finite density through component 1. So the log-likelihood
# behaves like $\text{const} - \log\sigma_2$ for small $\sigma_2$: it rises by $\ln 10\approx 2.30$
# for every tenfold shrink of $\sigma_2$, for ever. The "maximum likelihood" fit does not exist:
# the likelihood has no maximum, only a spike that one can climb as high as one likes. Below,
# component 1 is $\mathcal N(0, 1)$ with weight 0.9 and component 2 sits on the lone point with
# weight 0.1:

# %%
def ell(sigma2):
    """ℓ with component 2 on the lone point and standard deviation sigma2."""
    return g.log_likelihood(x, start[0], np.array([[[1.0]], [[sigma2**2]]]), start[2])


for s in [1.0, 1e-2, 1e-4, 1e-8]:
    print(f"σ₂ = {s:<6g}  ℓ = {ell(s):8.2f}")
print(f"rise from σ₂ = 1e-7 to 1e-8: {ell(1e-8) - ell(1e-7):.4f}  (ln 10 = {np.log(10):.4f})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Shrink $\sigma_2$ with the slider. On the left, the density on a log scale: a narrowing spike on
# the lone point. In the second panel (on the right; below, in the static picture), the log-likelihood against $-\log_{10}\sigma_2$: a straight line up
# as far as you go. (The dotted line and the green dashed curve are sections 3 and 4.)
#
# Why does this need a *mixture*? With a single Gaussian on one point, every *other* point's
# density would go to 0 as $\sigma\to0$, and their logs to $-\infty$ faster than the spike's log
# rises. A mixture lets one component chase the spike while another keeps the rest of the data
# covered: this is a degeneracy of mixtures, not of Gaussians.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
s0 = 0.1 * x.std()  # the prior of section 4: kappa = 3 points with standard deviation s0
SpikeExplorer(x, [0.0, 3.5], [1.0, 0.5], [0.9, 0.1], covariance_prior=s0**2, prior_strength=3.0)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. EM walks into it
#
# Nothing stops EM from finding the spike by itself. Start component 2 *near* the lone point with
# $\sigma_2 = 0.5$ and run plain EM (`reg_covar=0`), printing each iteration:

# %%
means, covs, weights = start
for t in range(5):
    sigma2 = np.sqrt(covs[1, 0, 0])
    ll_t = g.log_likelihood(x, means, covs, weights)
    print(f"iteration {t}: σ₂ = {sigma2:<9.3g} N₂ = {weights[1] * len(x):6.4f}   ℓ = {ll_t:7.2f}")
    weights, means, covs = g.m_step(x, g.e_step(x, means, covs, weights), reg_covar=0.0)

# %% [markdown] slideshow={"slide_type": "subslide"}
# After one E-step and M-step, component 2 holds about one point's weight ($N_2\approx1$, the lone
# point's) and still a trace of the others, so $\sigma_2=0.208$. With each step the others count for
# less: two iterations later $\sigma_2$ is about $10^{-14}$: not 0, only because rounding leaves a residue of that size, so
# every formula still runs. From there nothing changes, so the loop's stopping rule (a change of
# $\ell$ below `tol`) is satisfied: plain EM reports `converged=True`, at a log-likelihood that is
# pure rounding noise. `gmm_lab.run_em` therefore also checks the final covariances, records the
# **collapsed** components in `fit.collapsed`, and warns:

# %%
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    fit = g.run_em(x, *start, reg_covar=0.0, tol=1e-6)
print(f"converged={fit.converged} after {fit.n_iter} iterations, ℓ = {fit.log_likelihood:.2f}, "
      f"σ₂ = {np.sqrt(fit.covariances[1, 0, 0]):.2g}, collapsed components: {fit.collapsed}")
print(f"{caught[0].category.__name__}: {caught[0].message}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# A component counts as collapsed when its covariance, minus `reg_covar`, is singular up to
# rounding: a variance below $10^{-10}$ of the data's in some direction
# (`g.collapsed_components`; each feature measured in units of its own variance, so the verdict
# does not depend on the units). Such a component is responsible for points that lie on a point,
# a line or a plane, and the likelihood rewards its spike, not a better fit. `run_restarts`
# and `run_em_batch` warn once, naming the starts that collapsed; `g.sweep` (notebook 10) skips them.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. `reg_covar`: a floor, not a cure
#
# scikit-learn and `gmm_lab` add a small `reg_covar` $=\varepsilon$ to every variance in each
# M-step, $\boldsymbol\Sigma_j \leftarrow \boldsymbol\Sigma_j + \varepsilon\mathbf I$ (default
# $10^{-6}$). A component alone on a point then ends with variance exactly $\varepsilon$,
# $\sigma_j = \sqrt\varepsilon$: the dotted line in the figure above, which the spike cannot pass.
# From the same start:

# %%
for reg in [1e-12, 1e-8, 1e-6, 1e-4, 1e-2, 1e-1]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.CollapseWarning)  # the column "collapsed" says it
        r = g.run_em(x, *start, reg_covar=reg, tol=1e-6, max_iter=500)
    print(f"reg_covar {reg:<6g} σ₂ = {np.sqrt(r.covariances[1, 0, 0]):<8.3g} "
          f"√reg = {np.sqrt(reg):<7.3g} μ₂ = {r.means[1, 0]:.3f}  N₂ = {r.weights[1] * len(x):.2f}"
          f"  ℓ = {r.log_likelihood:7.2f}"
          f"  collapsed: {bool(r.collapsed)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Read the table down. While the component is alone, $\sigma_2 = \sqrt{\varepsilon}$ exactly, and
# each hundredfold smaller `reg_covar` (a tenfold smaller $\sigma_2$) buys $\ln 10\approx2.30$ more
# log-likelihood: the spike of section 1, stopped at the floor. The component **does not go away**:
# it still sits on the lone point, and it is still flagged as collapsed; `reg_covar` only keeps the
# numbers finite (and the covariance invertible). With a floor of $10^{-2}$ or more the spike is low
# enough that component 1 takes a share of the lone point itself ($N_2$ below 1); only at $10^{-1}$,
# a $\sigma_2$ a third of the data's spread, does component 2 take in a trace of the other points
# and stop counting as collapsed. And the floor does not depend on how many points a component
# has: it is a numerical safeguard, not a statement about the data.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. A prior on the covariances: MAP EM
#
# A principled fix changes what EM maximises. Give each covariance a **prior** that says "a
# component's covariance is worth $\kappa$ extra points, scattered with covariance $\mathbf S_0$":
#
# $$
# \log p(\boldsymbol\Sigma_j) = -\frac{\kappa}{2}\Big[\log|\boldsymbol\Sigma_j|
#   + \operatorname{tr}\big(\mathbf S_0\boldsymbol\Sigma_j^{-1}\big)\Big] + \text{const},
# $$
#
# an inverse-Wishart distribution $\mathcal W^{-1}(\kappa\mathbf S_0,\ \kappa-d-1)$ up to its
# constant (the prior conjugate to a Gaussian's covariance). EM then maximises the **MAP objective**
# $\ell(\theta) + \sum_j\log p(\boldsymbol\Sigma_j)$. The E-step is unchanged; in the M-step, only the
# covariance's terms change. Writing $\mathbf S_j=\sum_i r_{ij}(\mathbf x_i-\boldsymbol\mu_j)(\mathbf x_i-\boldsymbol\mu_j)^\top$
# (the scatter, not divided by $N_j$), the maximum over $\boldsymbol\Sigma_j$ is (deep dive below)
#
# $$
# \boldsymbol\Sigma_j = \frac{\mathbf S_j + \kappa\,\mathbf S_0}{N_j + \kappa}:
# $$

# %% [markdown] slideshow={"slide_type": "subslide"}
# the component's own scatter pooled with $\kappa$ pseudo-points. A component alone on a point
# ($\mathbf S_j=0$, $N_j=1$) keeps $\kappa\mathbf S_0/(1+\kappa)$, never 0; with $\kappa=0$ this is
# the plain M-step. (Compare `reg_covar`: $\mathbf S_j/N_j+\varepsilon\mathbf I$ is the limit of this
# formula as $\kappa\to0$ with $\kappa\mathbf S_0=\varepsilon N_j\mathbf I$ held fixed: a "prior" that
# grows with the data it is pooled with and weighs nothing in the denominator.)
# `g.run_em_map` runs it; here with $\kappa=3$ and $\mathbf S_0 = s_0^2$, $s_0$ a tenth of the data's
# standard deviation (the green dashed curve above, whose maximum is marked).
#
# **Deep dive (optional): the MAP M-step, step by step.** Fix the responsibilities and $\boldsymbol\mu_j$.
# 1. The terms of $\sum_i r_{ij}\log\mathcal N(\mathbf x_i\mid\boldsymbol\mu_j,\boldsymbol\Sigma_j)$ that involve
#    $\boldsymbol\Sigma_j$ are $-\frac{N_j}2\log|\boldsymbol\Sigma_j|-\frac12\operatorname{tr}(\mathbf S_j\boldsymbol\Sigma_j^{-1})$
#    (each point's $-\frac12(\mathbf x_i-\boldsymbol\mu_j)^\top\boldsymbol\Sigma_j^{-1}(\mathbf x_i-\boldsymbol\mu_j)$ is a trace,
#    and the traces add up to the scatter's).
# 2. Add the log prior: in $\boldsymbol\Lambda_j=\boldsymbol\Sigma_j^{-1}$ the objective's terms are
#    $f(\boldsymbol\Lambda_j)=\frac{N_j+\kappa}{2}\log|\boldsymbol\Lambda_j|-\frac12\operatorname{tr}\big((\mathbf S_j+\kappa\mathbf S_0)\boldsymbol\Lambda_j\big)$.
# 3. With $\partial\log|\boldsymbol\Lambda|/\partial\boldsymbol\Lambda=\boldsymbol\Lambda^{-1}$ and $\partial\operatorname{tr}(\mathbf A\boldsymbol\Lambda)/\partial\boldsymbol\Lambda=\mathbf A$
#    (symmetric matrices): $\frac{N_j+\kappa}2\boldsymbol\Lambda_j^{-1}-\frac12(\mathbf S_j+\kappa\mathbf S_0)=\mathbf 0$.
# 4. So $\boldsymbol\Sigma_j=\boldsymbol\Lambda_j^{-1}=(\mathbf S_j+\kappa\mathbf S_0)/(N_j+\kappa)$, a maximum: $f$ is
#    concave in $\boldsymbol\Lambda_j$ ($\log|\cdot|$ is concave, the trace linear).

# %% [markdown] slideshow={"slide_type": "subslide"}
# Each step checked on the lone-point data, component 2, from the start's responsibilities:

# %% slideshow={"slide_type": "subslide"}
r = g.e_step(x, *start)[:, 1]
mu, N = r @ x[:, 0] / r.sum(), r.sum()
S = r @ (x[:, 0] - mu) ** 2  # the scatter of component 2 (1-D: a number)


def terms(var):  # step 1: the terms of sum_i r_i log N(x_i | mu, var) that involve the variance
    return -N / 2 * np.log(var) - S / (2 * var)


v1, v2 = 0.3, 2.0  # two variances: the terms must differ by what the direct sums differ by
direct = [r @ g.log_gaussian_pdf(x, [mu], [[var]]) for var in (v1, v2)]
print(f"1. terms(v1) - terms(v2) = {terms(v1) - terms(v2):.10f};"
      f" direct: {direct[0] - direct[1]:.10f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Step 2's objective in the precision; step 3: its slope is 0 at step 4's formula; step 4: the
# formula is `g.m_step_map`'s answer, and a maximum:

# %%
def f(lam):  # step 2: with the prior, in the precision
    return (N + 3.0) / 2 * np.log(lam) - (S + 3.0 * s0**2) * lam / 2


best = (S + 3.0 * s0**2) / (N + 3.0)  # step 4's formula
h = 1e-6 / best
print(f"3. f'(1 / best) by finite differences: {(f(1 / best + h) - f(1 / best - h)) / (2 * h):.1e}")
step = g.m_step_map(x, np.column_stack([1 - r, r]), covariance_prior=s0**2, prior_strength=3.0)
peak = f(1 / best) > max(f(1 / (0.9 * best)), f(1 / (1.1 * best)))
print(f"4. formula {best:.10f}; g.m_step_map {step.covariances[1, 0, 0]:.10f}; "
      f"f lower at 0.9 and 1.1 times: {peak}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Back to the run:

# %%
fit_map = g.run_em_map(x, *start, covariance_prior=s0**2, prior_strength=3.0,
                       tol=1e-8, max_iter=500)
n2 = fit_map.weights[1] * len(x)
print(f"{fit_map.n_iter} iterations; σ₂ = {np.sqrt(fit_map.covariances[1, 0, 0]):.4f}"
      f" (a lone point would keep √(κ s₀² / (1 + κ)) = {np.sqrt(3 * s0**2 / 4):.4f}),"
      f" N₂ = {n2:.3f}")
print(f"ℓ = {fit_map.log_likelihood:.2f}; MAP objective {fit_map.objectives[0]:.2f} -> "
      f"{fit_map.objectives[-1]:.2f}; smallest step {np.diff(fit_map.objectives).min():.2e}")
print(f"collapsed components: {fit_map.collapsed}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# EM climbs the MAP objective (no step goes down: the same argument as in notebook 05, with the
# prior added to the bound), and the component on the lone point now has a finite, sensible
# width. The prior, like `reg_covar`, keeps the component; what changes is that its width is now
# a statement you chose ("clusters narrower than about $s_0$ need more than a few points to be
# believed"), and the objective has a maximum. With no prior the MAP M-step is the plain one:

# %%
resp = g.e_step(x, *start)
plain = g.m_step(x, resp, reg_covar=0.0)
no_prior = g.m_step_map(x, resp, covariance_prior=s0**2, prior_strength=0.0)
print("κ = 0, largest difference from the plain M-step:",
      max(float(np.abs(a - b).max()) for a, b in zip(plain, no_prior)))

# %% [markdown] slideshow={"slide_type": "subslide"}
# The three fits side by side: plain EM on its spike, `reg_covar` at the default floor, and MAP.
# First, the density each puts on the lone point:

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore", g.CollapseWarning)  # two of the three collapse, as shown above
    fits = {"plain EM (reg_covar=0)": fit, "reg_covar=1e-6": g.run_em(x, *start, tol=1e-6),
            "MAP, κ=3": fit_map}
peaks = [np.exp(g.log_mixture_pdf([[3.5]], f.means, f.covariances, f.weights))[0]
         for f in fits.values()]
for name, peak in zip(fits, peaks):
    print(f"{name:<23} density at the lone point 3.5: {peak:.3g}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Left, the densities near the lone point; right, MAP EM's objective and log-likelihood per
# iteration.

# %% tags=["hide-input"]
grid = np.union1d(np.linspace(2.5, 4.5, 400), 3.5 + np.geomspace(1e-16, 1e-2, 60) * [[-1], [1]])
fig, (ax, tax) = gp.new_figure(1, 2, size=(11, 4))
gf.plot_densities_1d(grid, fits, ax=ax, linestyles=["-", "--", ":"], rug=x[:, 0])
ax.set(yscale="log", ylim=(1e-3, 1e15), xlim=(2.5, 4.5), xlabel="x", ylabel="density (log scale)",
       title="near the lone point")
tax.plot(fit_map.objectives, "o-", ms=4, color=gp.PALETTE[2], label="MAP objective ℓ + log p(Σ)")
tax.plot(fit_map.log_likelihoods, "s-", ms=4, color="black", label="log-likelihood ℓ")
tax.set(xlabel="EM iteration", ylabel="nats", title="MAP EM climbs its objective",
        xticks=range(len(fit_map.objectives)))
tax.legend(fontsize=9)
gp.show(fig, alt=f"Left: the density near the lone point at 3.5 for three fits, on a log scale: "
                 f"its peak is {peaks[0]:.0e} for plain EM, {peaks[1]:.2g} with reg_covar=1e-6 and "
                 f"{peaks[2]:.2g} with the prior. Right: MAP EM's objective rises at every "
                 f"iteration and levels off.")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Real data: rounded values (deep dive)
#
# A lone outlier is one way in; **rounded data** is the common one. Old Faithful's waiting times
# are whole minutes: 272 eruptions share 51 distinct waiting times. A component can sit on
# eruptions that share a waiting time exactly, with zero spread in that direction. Here is one that
# does, a diagonal-covariance mixture with $K=5$ from k-means++ start 2, in minutes:

# %%
X, columns = g.load_faithful()
start_5 = g.init_params(X, 5, method="k-means++", random_state=2, covariance_type="diag")
with warnings.catch_warnings():
    warnings.simplefilter("ignore", g.CollapseWarning)
    spiky = g.run_em(X, *start_5, covariance_type="diag", max_iter=1000)
j = spiky.collapsed[0]
mine = spiky.responsibilities[:, j] > 0.5
print(f"{len(np.unique(X[:, 1]))} distinct waiting times among {len(X)} eruptions")
print(f"component {j + 1} collapsed on {mine.sum()} eruptions, "
      f"waiting times {np.unique(X[mine, 1])} min;"
      f" variances {np.round(spiky.covariances[j], 7)} (the second is reg_covar)")
same_wait = (X[:, 1] == X[mine, 1][0]).sum()
print(f"eruptions with that waiting time: {same_wait};  ℓ = {spiky.log_likelihood:.2f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Rounding to whole minutes adds an error spread evenly over $\pm\frac12$ minute, of variance
# $\frac1{12}$ min². No real cluster can be narrower than that, so it is a floor with a meaning:
# a `reg_covar` of $\frac1{12}$ (in minutes², the data's units) instead of $10^{-6}$. From the same
# start:

# %%
rounded = g.run_em(X, *start_5, covariance_type="diag", max_iter=1000, reg_covar=1 / 12)
print(f"reg_covar = 1/12: collapsed {rounded.collapsed}, ℓ = {rounded.log_likelihood:.2f} "
      f"({spiky.log_likelihood - rounded.log_likelihood:.1f} below the spike's), "
      f"{rounded.n_iter} iterations")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The spike is gone, and so are the hundred-odd nats of "likelihood" it had over this fit: they
# measured the floor, not the geyser. (One number floors both columns here, and $\frac1{12}$ min² is about 6% of the eruption
# lengths' variance: on standardised data, as in notebook 10, one floor suits both columns better.)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Would a held-out likelihood expose the spike? Only if new eruptions missed it, and rounded ones do
# not: they come with whole-minute waiting times too. Five-fold cross-validation, each fold's fit
# run from the fit above:

# %%
folds = np.array_split(np.random.default_rng(0).permutation(len(X)), 5)
fits_floors = [("spike, reg_covar=1e-6", spiky, 1e-6), ("reg_covar=1/12", rounded, 1 / 12)]
for name, fit, floor in fits_floors:
    held, still = 0.0, 0
    for i, test in enumerate(folds):
        train = np.concatenate(folds[:i] + folds[i + 1:])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", g.CollapseWarning)
            f = g.run_em(X[train], fit.means, fit.covariances, fit.weights, covariance_type="diag",
                         max_iter=1000, reg_covar=floor)
        held += g.log_likelihood(X[test], f.means, f.covariances, f.weights, covariance_type="diag")
        still += bool(f.collapsed)
    print(f"{name:<22} held-out log-likelihood {held:8.1f}; collapsed in {still} of 5 folds")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The spike stays in every fold and scores *higher* on eruptions it never saw: held-out eruptions
# that waited the spike's minute land on it. Cross-validation measures how well a model predicts
# rounded eruptions, and the spike predicts the rounding. What says that the clock's minutes are not
# the geyser's is what we know about the data, the floor of $\frac1{12}$ min², not a score.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * A component on one point (or on points that share a coordinate, or lie on a line) makes the
#   likelihood unbounded: $\ell\approx\text{const}-\log\sigma$, $+2.30$ per tenfold shrink. ML has
#   no maximum; EM finds the spike by itself.
# * Plain EM stops there with `converged=True`; `gmm_lab` records `fit.collapsed` and warns.
# * `reg_covar` floors every variance at $\varepsilon$: numbers stay finite, the spike is capped at
#   $\sigma=\sqrt\varepsilon$, the component stays. Set it from the data's rounding, not at random.
# * A conjugate (inverse-Wishart) prior changes the objective to $\ell+\sum_j\log p(\boldsymbol\Sigma_j)$:
#   M-step $\boldsymbol\Sigma_j=(\mathbf S_j+\kappa\mathbf S_0)/(N_j+\kappa)$, a maximum that exists,
#   and EM climbs it (`g.run_em_map`).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. In the figure, where is the maximum of the green dashed curve, and how does it move if you double
#    $\kappa$? (Predict, then rebuild the figure with `prior_strength=6.0`.)

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. Why does a *diag* component collapse onto eruptions with one waiting time, while a *full*
#    component needs its points on a line (any line)?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. Is the collapsed fit of section 5 "better" because its log-likelihood is higher? What would a
#    held-out log-likelihood say?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. For one point alone the MAP width is $\sigma_2^2=\kappa s_0^2/(1+\kappa)$. The curve is drawn
#    with component 2 held on the lone point while the others stay fixed, so its maximum is near
#    that width ($-\log_{10}\sigma_2\approx1.1$); doubling $\kappa$ moves it towards $s_0$
#    ($\kappa/(1+\kappa)$ goes from 3/4 to 6/7) and makes the drop to the right steeper.
# 2. A diag covariance has one variance per axis: it is singular as soon as one axis has zero
#    spread, i.e. its points share that coordinate. A full covariance can tilt, so it is singular
#    when its points have zero spread along *some* direction: they lie on a line (in 2-D, any two
#    points do).
# 3. No, and a held-out log-likelihood would not say so either, here: held-out eruptions are rounded
#    to the same minutes, so those that waited the spike's minute land on it (section 5's
#    cross-validation: the spike stays in every fold and scores higher held out than the fit with
#    the floor of $\frac1{12}$). The spike describes the rounding of the clock, not the geyser; its
#    extra likelihood measures the floor, as section 3 showed, and only knowing how the data were
#    rounded rules it out.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: the MAP M-step
#
# Write `m_step_map(X, responsibilities, covariance_prior, prior_strength)` returning
# `(weights, means, covariances)` like `m_step`: the same weights and means, and the covariances
# $(\mathbf S_j+\kappa\mathbf S_0)/(N_j+\kappa)$ of section 4, with `covariance_prior` the matrix
# $\mathbf S_0$ (shape $(d, d)$) and `prior_strength` $\kappa$. The check compares with
# `g.m_step_map` on soft responsibilities, a component alone on one point, 1-D and 5-D data,
# $\kappa=0$ and Python lists.

# %% nbgrader={"grade": false, "grade_id": "m_step_map", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np


def m_step_map(X, responsibilities, covariance_prior, prior_strength):
    """Weights (k,), means (k, d), MAP covariances (k, d, d) with the prior (S₀, κ)."""
    # Hint: as m_step, but Σⱼ = (Σᵢ rᵢⱼ (xᵢ − μⱼ)(xᵢ − μⱼ)ᵀ + κ S₀) / (N_j + κ).
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    r = np.asarray(responsibilities, dtype=float)
    S0 = np.asarray(covariance_prior, dtype=float)
    Nk = r.sum(axis=0)
    means = (r.T @ X) / Nk[:, None]
    covariances = np.empty((len(Nk), X.shape[1], X.shape[1]))
    for j in range(len(Nk)):
        diff = X - means[j]
        scatter = (r[:, j] * diff.T) @ diff  # S_j, not divided by N_j
        covariances[j] = (scatter + prior_strength * S0) / (Nk[j] + prior_strength)
    return Nk / len(X), means, covariances
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_m_step_map", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} slideshow={"slide_type": "subslide"}
from gmm_lab.course.checks import check_m_step_map

check_m_step_map(m_step_map)
