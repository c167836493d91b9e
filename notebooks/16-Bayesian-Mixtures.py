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
# # 16 — The Bayesian Gaussian mixture: switching components off
#
# **Learning goals.** After this notebook you can
# 1. explain how a prior on the weights with a small concentration $\alpha_0$ switches unneeded
#    components off, through the expected log weights $\mathbb E[\ln\pi_j]$ (the digamma function);
# 2. describe the two priors scikit-learn's `BayesianGaussianMixture` offers: a Dirichlet
#    distribution, and a Dirichlet process built by breaking a stick;
# 3. run variational inference for a mixture (`g.run_variational`) and read its lower bound;
# 4. compare the number of components it keeps with the number BIC chooses (notebook 10).
#
# Notebook 10 chose $K$ by fitting every $K$ and charging for parameters. Here we fit **once**,
# with more components than needed, and let a prior on the weights decide which ones the data
# pay for: PRML §10.2, coded as scikit-learn's `BayesianGaussianMixture`. Letters as in the
# course: point $i$, component $j$, $n$ points, counts $N_j$ (PRML: $n$, $k$, $N$, $N_k$).
#
# **Time.** Core path about 30 minutes (§1–§6); no deep dives; the exercise at the end about 15
# minutes.

# %% slideshow={"slide_type": "subslide"}
import warnings

import numpy as np
from scipy.special import digamma

import gmm_lab as g
from gmm_lab.course import figures as gf
from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets.bayesian import KIND_NAMES, ConcentrationExplorer

X, columns = g.load_faithful()
Z = (X - X.mean(axis=0)) / X.std(axis=0)  # standardised, as in notebooks 10 and 12
n = len(Z)
print(f"{n} eruptions, standardised: each column has mean 0 and standard deviation 1")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. A prior on the weights, and what it does in the E-step
#
# Maximum likelihood gives each weight a point value, $\pi_j = N_j/n$ (with $N_j = \sum_i r_{ij}$, as
# in notebook 04). The Bayesian mixture puts a distribution on the weights instead: a **Dirichlet**
# prior $p(\boldsymbol\pi) \propto \prod_j \pi_j^{\alpha_0 - 1}$, with a concentration $\alpha_0$ that
# acts as $\alpha_0$ pseudo-points per component; and a prior on each component's mean
# $\boldsymbol\mu_j$ and precision $\boldsymbol\Lambda_j = \boldsymbol\Sigma_j^{-1}$ too. The
# parameters are now unknowns, like the assignments. Variational inference (PRML §10.2) keeps a
# distribution $q$ over every unknown and updates its factors in turn, as EM's two steps do (§4
# says what both climb: notebook 15's $\mathcal L(q)$):
#
# * **"M-step"**: from the responsibilities, $q(\boldsymbol\pi) = \mathrm{Dir}(\alpha_0 + N_1, \dots,
#   \alpha_0 + N_K)$, and for each component a distribution $q(\boldsymbol\mu_j, \boldsymbol\Lambda_j)$
#   (a Gaussian-Wishart) whose mean is pulled towards a prior mean $\mathbf m_0$ by $\beta_0$
#   pseudo-points;
# * **"E-step"**: $r_{ij} \propto \exp\big(\mathbb E[\ln \pi_j] + \tfrac12\mathbb E[\ln|\boldsymbol\Lambda_j|]
#   - \tfrac12\mathbb E[(\mathbf x_i - \boldsymbol\mu_j)^\top\boldsymbol\Lambda_j(\mathbf x_i - \boldsymbol\mu_j)]\big)$,
#   where EM had $\ln \pi_j + \ln\mathcal N(\mathbf x_i\mid\boldsymbol\mu_j, \boldsymbol\Sigma_j)$: each
#   term averaged over $q$ instead of taken at one value.
#
# The Gaussian-Wishart and the two expectations over it are **what scikit-learn computes; PRML
# §10.2 derives them** (10.59–10.65); this notebook does not. The weights' term, $\mathbb
# E[\ln\pi_j]$, is the one that switches components off, and the one you can compute:

# %% [markdown] slideshow={"slide_type": "subslide"}
# Under a Dirichlet $q$ with parameters $\alpha_j = \alpha_0 + N_j$, the expected log weight is
#
# $$\mathbb E[\ln\pi_j] = \psi(\alpha_j) - \psi\Big(\textstyle\sum_{l=1}^K \alpha_l\Big),$$
#
# with $\psi$ the **digamma** function, the derivative of $\ln\Gamma$. For large arguments
# $\psi(x) \approx \ln x$, so a busy component gets about $\ln(N_j/n)$, as in EM. For small ones
# $\psi(x) \approx -1/x$: a component with little data and a small $\alpha_0$ gets a weight term far
# below EM's. The E-step then gives it still fewer points, the next update a smaller $\alpha_j$:
# the component is **switched off**. Compare, with $n = 272$ points and $K = 6$ components (the
# number every fit below uses), so that $\sum_l\alpha_l = 6\alpha_0 + n$:

# %%
K = 6  # components in every fit of this notebook (§3 on)
for N_j in (100.0, 10.0, 1.0, 0.1, 0.01):
    terms = [digamma(a0 + N_j) - digamma(K * a0 + n) for a0 in (0.001, 1000.0)]
    print(f"N_j = {N_j:>6}: EM ln(N_j/n) = {np.log(N_j / n):7.2f};  E[ln π_j] with "
          f"α₀ = 0.001: {terms[0]:8.2f},  α₀ = 1000: {terms[1]:6.2f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# A component with a hundredth of a point gets about $-100$ with $\alpha_0 = 0.001$: its
# responsibilities are multiplied by $e^{-100}$. With $\alpha_0 = 1000$ every component has a
# thousand pseudo-points, and the data cannot tell the weights apart: nothing is switched off.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. The Dirichlet process: breaking a stick
#
# scikit-learn's default prior is a **Dirichlet process**, built by breaking a stick of length 1:
# component 1 takes a fraction $v_1$ of it, component 2 a fraction $v_2$ of what is left, and so on,
#
# $$\pi_j = v_j\prod_{l<j}(1 - v_l), \qquad v_j \sim \mathrm{Beta}(1, \alpha_0).$$
#
# A small $\alpha_0$ makes each $v_j$ close to 1: the first sticks take almost everything. The
# prior is not symmetric: later components expect less, $\mathbb E[\pi_j] =
# \frac{1}{1+\alpha_0}\big(\frac{\alpha_0}{1+\alpha_0}\big)^{j-1}$. (Truncated at $K$ components, the
# last stick's remainder is shared out, as scikit-learn does.)

# %%
for a0 in (0.01, 1.0, 100.0):
    prior = 1 / (1 + a0) * (a0 / (1 + a0)) ** np.arange(K)
    print(f"α₀ = {a0:>6}: prior E[π_j] for j = 1..{K}:", np.round(prior, 4))

# %% [markdown] slideshow={"slide_type": "subslide"}
# The update keeps the shape: $q(v_j) = \mathrm{Beta}(a_j, b_j)$ with $a_j = 1 + N_j$ (the points
# component $j$ keeps) and $b_j = \alpha_0 + \sum_{l>j} N_l$ (the points of the components after it), and
#
# $$\mathbb E[\ln\pi_j] = \psi(a_j) - \psi(a_j + b_j) + \sum_{l<j}\big[\psi(b_l) - \psi(a_l + b_l)\big]:$$
#
# the expected log of the part kept, plus the expected logs of the parts broken off before
# (you write this one in the exercise). Both priors are
# `g.run_variational(..., weight_concentration_prior_type=...)`; its parameters, defaults ($\alpha_0 =
# 1/K$, $\mathbf m_0$ the data's mean, the data's covariance as the covariance prior) and steps are
# scikit-learn's, and from the same start it matches `BayesianGaussianMixture` iteration by iteration
# (tested to $10^{-8}$).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Six components on Old Faithful: PRML Fig. 10.6
#
# Bishop's Fig. 10.6 fits $K = 6$ components to Old Faithful with a Dirichlet prior of small
# $\alpha_0$, and shows the components with a non-zero weight after 0, 15, 60 and 120 iterations.
# Here: $\alpha_0 = 0.001$, started from k-means (six clusters, one-hot responsibilities, seeded:
# scikit-learn's default start), 120 iterations without stopping early.

# %%
fig106 = g.run_variational(Z, K, weight_concentration_prior_type="dirichlet_distribution",
                           weight_concentration_prior=1e-3, max_iter=120, tol=None, random_state=0)
panels = (0, 15, 60, 120)
for t in panels:
    w = fig106.weight_history[t]
    print(f"iteration {t:>3}: {np.sum(w > 0.01)} components above 1%; weights (%):",
          " ".join(f"{100 * x:5.2f}" for x in w))

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, axes = gp.new_figure(1, 4, size=(11.0, 3.3))
for ax, t in zip(axes, panels):
    shown = gf.plot_weighted_components(Z, fig106.weight_history[t], fig106.mean_history[t],
                                        fig106.covariance_history[t], ax=ax)
    ax.set(title=f"iteration {t}: {len(shown)} components", xlim=(-2.5, 2.5), ylim=(-2.5, 2.5),
           aspect="equal", xlabel="eruption (standardised)")
axes[0].set_ylabel("waiting (standardised)")
gp.show(fig, alt="PRML Fig. 10.6 reproduced: four panels of standardised Old Faithful after 0, "
                 "15, 60 and 120 iterations. Six ellipses at the start, then fewer: components "
                 "with little data fade and vanish, until two remain, one on each cluster, "
                 "each ellipse filled as densely as its weight.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# At the start k-means has cut the two clusters into six pieces. The pieces compete for the same
# points, and whichever falls behind loses weight, then points, then more weight: one after the
# other the components are switched off, until one remains on each cluster. Their weights end at
# the two clusters' shares of the data. Nothing was pruned by hand: a switched-off component is
# still in the model, with a weight too small to see.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. The bound it climbs
#
# This is notebook 15's bound, $\ln p = \mathcal L(q) + \mathrm{KL}$, with the parameters moved into
# the latent variables. Notebook 15 had $q(\mathbf Z)$ and a point $\theta$; here every unknown
# gets a distribution, $q(\mathbf Z, \boldsymbol\pi, \boldsymbol\mu, \boldsymbol\Lambda) =
# q(\mathbf Z)\,q(\boldsymbol\pi)\,q(\boldsymbol\mu, \boldsymbol\Lambda)$ (assumed to factorise: that
# is the approximation), and
#
# $$\ln p(\mathbf X) = \mathcal L(q) + \mathrm{KL}\big(q\,\|\,p(\mathbf Z, \boldsymbol\pi,
# \boldsymbol\mu, \boldsymbol\Lambda\mid\mathbf X)\big), \quad \mathcal L(q) = \mathbb E_q[\ln p(\mathbf X,
# \mathbf Z, \boldsymbol\pi, \boldsymbol\mu, \boldsymbol\Lambda)] - \mathbb E_q[\ln q]$$
#
# (PRML 10.2–10.3, 10.70). The **evidence** $\ln p(\mathbf X)$ is no longer notebook 03's
# $p(\mathbf x_i\mid\theta)$ at fixed parameters: the parameters are integrated out, over their
# prior. The "E-step" maximises $\mathcal L$ over $q(\mathbf Z)$, the "M-step" over
# $q(\boldsymbol\pi)\,q(\boldsymbol\mu, \boldsymbol\Lambda)$, each with the other fixed, so
# $\mathcal L$ never decreases (tested on random data); unlike EM's E-step, the KL term is not closed
# to 0, because the factorised $q$ cannot equal the posterior. $\mathcal L$'s terms in closed form are
# what scikit-learn computes; PRML §10.2.2 derives them. We
# report scikit-learn's number (`lower_bounds`), which leaves out the ELBO's constant terms (those
# that depend only on the priors, $n$, $d$ and $K$): its differences, and so its climb and the stopping
# rule, are the ELBO's. It is a total over the points, not a mean, and scikit-learn's `tol` of
# $10^{-3}$ applies to it as it is.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
active = (fig106.weight_history > 0.01).sum(axis=1)
drops = np.flatnonzero(np.diff(active) < 0) + 1  # the iterations where a component fell below 1%
fig, ax = gp.new_figure(size=(7.5, 3.2))
ax.plot(fig106.lower_bounds, "o-", ms=2.5, color=gp.PALETTE[0])
for t in drops:
    ax.axvline(t, color="0.4", ls=":", lw=1.2)
ax.set(xlabel="iteration (0 = start)", ylabel="lower bound (no constants)",
       title="the bound never decreases; dotted: a component falls below 1%")
gp.show(fig, alt="The lower bound against the iteration, from about −65 at the start to about 117 "
                 "at the end, rising all the way; dotted vertical lines mark the four iterations "
                 "where a component's weight falls below 1%; the bound rises steeply around each.")

# %% slideshow={"slide_type": "subslide"}
steps = np.diff(fig106.lower_bounds)
size = np.abs(fig106.lower_bounds).max()
print(f"lower bound: start {fig106.lower_bounds[0]:.2f}, end {fig106.lower_bounds[-1]:.2f}; "
      f"no step down beyond rounding (1e-9 of its size): {bool(np.all(steps > -1e-9 * size))}")
print("a component falls below 1% at iterations", drops.tolist())
stopped = g.run_variational(Z, K, weight_concentration_prior_type="dirichlet_distribution",
                            weight_concentration_prior=1e-3, random_state=0)
print(f"with tol = 1e-3 the run stops after {stopped.n_iter} iterations, "
      f"{stopped.n_active()} components above 1%")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The bound climbs slowly while a doomed component still holds points, and fast once it lets them
# go: a component the data do not pay for costs the bound through the weights' normaliser, which
# holds $\sum_j\ln\Gamma(\alpha_0 + N_j)$: $\ln\Gamma$ is convex, so points spread over many
# components are worth less than the same points in a few, and a component with about one point
# costs about $\ln\Gamma(\alpha_0)\approx 6.9$ nats here against an empty one. Switching it off is
# how the bound improves, although the entropy of the responsibilities, which the bound also
# holds, falls as the points stop being shared.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Slide the concentration prior
#
# After scikit-learn's `plot_concentration_prior` example: $K = 6$, both priors, $\alpha_0$ from
# $10^{-3}$ to $10^{3}$, each fit started from the same k-means clusters (every fit is made here; the
# slider only picks one). Left of each pair: the ellipses of the components above 1%; right: every
# component's weight as scikit-learn reports it (`weights_`), the expected weights **normalised to
# sum to 1 over the $K$ components**. For the Dirichlet distribution that is $\mathbb E[\pi_j]$
# itself; for the truncated Dirichlet process it shares the stick's unbroken rest out in
# proportion, so a bar can be much larger than the raw $\mathbb E[\pi_j]$ (printed below).

# %%
stops = np.arange(-3.0, 3.01, 1.0)  # log10 of α₀
fits = {kind: [g.run_variational(Z, K, weight_concentration_prior_type=kind, max_iter=500,
                                 weight_concentration_prior=10.0**a, random_state=0) for a in stops]
        for kind in KIND_NAMES}
for kind, row in fits.items():
    print(f"{KIND_NAMES[kind]:<23} components above 1% for α₀ = 10^-3 … 10^3:",
          [f.n_active() for f in row])

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
ConcentrationExplorer(Z, fits, stops, xlabel="eruption (standardised)",
                      ylabel="waiting (standardised)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# With the **Dirichlet distribution**, $\alpha_0$ decides: up to $\alpha_0 = 1$ two components
# survive; from $\alpha_0 = 10$ on all six are kept, because $\alpha_0$ pseudo-points per component
# make every weight worth having, and the six share the two clusters between them. The **Dirichlet
# process** keeps two at every $\alpha_0$ here. A component that holds no data has $a_j = 1$ only:
# placed before the busy components, its $b_j$ holds all their points and its $v_j$ is small; placed
# after them, $b_j = \alpha_0$ and $\mathbb E[v_j] = 1/(1+\alpha_0)$. With a small $\alpha_0$ little
# of the stick is left to break; with a large one much is left (at $\alpha_0 = 1000$ the two busy
# components break off about a fifth of it), but each empty component takes only about
# $1/(1+\alpha_0)$ of what remains, and scikit-learn's normalisation shares the unbroken rest out in
# proportion. Either way its weight stays small (printed below), and the busy components' bars are
# their raw expectations scaled up by the same factor.

# %%
for kind in KIND_NAMES:
    w = np.sort(fits[kind][-1].weights)
    print(f"{KIND_NAMES[kind]:<23} α₀ = 1000: the smallest weight {w[0]:.4f}, "
          f"the largest {w[-1]:.4f}")
dp = fits["dirichlet_process"][-1]
a, b = dp.concentration  # the sticks' q(v_j) = Beta(a_j, b_j)
raw = a / (a + b) * np.concatenate([[1.0], np.cumprod(b / (a + b))[:-1]])  # E[π_j], not normalised
busy = dp.weights > 0.01
print("Dirichlet process, α₀ = 1000, busy components: raw E[π_j]", np.round(raw[busy], 3),
      f"(sum {raw.sum():.3f}); the bars", np.round(dp.weights[busy], 3))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Against BIC (notebook 10)
#
# Notebook 10 chose $K$ on the same standardised data by fitting $K = 1, \dots, 6$ (full covariances,
# the best of 5 k-means++ starts each) and taking the lowest BIC. The same here, beside one
# variational fit with scikit-learn's defaults (a Dirichlet process, $\alpha_0 = 1/6$):

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore", g.CollapseWarning)
    sweep = g.sweep(Z, range(1, 7), covariance_types=["full"], random_states=range(5))
k_bic = sweep.best("bic", covariance_type="full")[1]
bayes = g.run_variational(Z, K, random_state=0)
on = bayes.weights > 0.01
ml = sweep.fits["full", k_bic]
order = np.argsort(bayes.means[on, 0])  # both fits' components from left to right
print(f"BIC chooses K = {k_bic}; the variational fit keeps {on.sum()} of {K} above 1%")
print("weights, BIC's fit:", np.round(np.sort(ml.weights), 3),
      " variational:", np.round(bayes.weights[on][order], 3))
gap = np.abs(ml.means[np.argsort(ml.means[:, 0])] - bayes.means[on][order]).max()
print(f"largest difference between their means: {gap:.3f} (standardised units)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Both say two, and their two components nearly coincide (the prior pulls the variational means
# slightly towards the data's mean). The routes differ: BIC needed 30 EM runs (6 values of $K$, 5
# starts each) and a penalty derived for large $n$; the Bayesian mixture needed one run, and its
# answer rests on the prior instead: with a Dirichlet distribution and $\alpha_0 \geq 10$ it keeps all
# six (section 5). Neither is free of a choice, but the choice is stated.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * A prior on the weights enters the E-step through $\mathbb E[\ln\pi_j]$, a digamma; with a small
#   concentration $\alpha_0$ a component with little data gets far less than EM's $\ln(N_j/n)$, loses
#   its points, and is switched off.
# * scikit-learn offers a symmetric Dirichlet distribution and a stick-breaking Dirichlet process
#   (its default); `g.run_variational` is the same algorithm, step by step.
# * Variational inference climbs notebook 15's $\mathcal L(q)$, now a lower bound on the evidence
#   $\ln p(\mathbf X)$ with the parameters integrated out; it never decreases; scikit-learn reports
#   it without its constant terms.
# * On Old Faithful, six components end as two (PRML Fig. 10.6), as BIC chooses; the Dirichlet
#   distribution keeps all six once $\alpha_0 \geq 10$, the Dirichlet process keeps two at every
#   $\alpha_0$ tried.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. In the slider, at $\alpha_0 = 1000$, the Dirichlet process shows four tiny bars. Count the
#    components with `fits["dirichlet_process"][-1].n_active(threshold=1e-6)`. What does that say
#    about "switched off"?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. With the Dirichlet distribution and $\alpha_0 = 1000$ all six weights are close to $1/6$. From
#    $\mathbb E[\pi_j] = \alpha_j/\sum_l\alpha_l$, what range can a weight have, whatever the data?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. Run `g.run_variational(Z, 6, random_state=s, max_iter=1000)` for the seeds `s` = 0 to 4. Does
#    the Dirichlet process keep two components each time? Compare the final `lower_bound`s: why
#    can two fits with the same two clusters end at different bounds?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. All 6: the four empty components keep weights of about 0.004 each (the smallest, 0.0039, is
#    printed in section 5), small but not 0.
#    "Switched off" means a weight too small to matter, not a component removed: the threshold
#    (scikit-learn's example uses 1%) is ours to choose.
# 2. $\alpha_j = 1000 + N_j$ with $0 \le N_j \le 272$ and $\sum_l\alpha_l = 6272$: from
#    $1000/6272 = 0.159$ to $1272/6272 = 0.203$. The prior's 6000 pseudo-points outweigh the 272
#    eruptions.
# 3. Two each time, but not at the same speed: seed 1 needs 235 iterations (with the default
#    `max_iter=100` it stops with three components above 1% and a `ConvergenceWarning`). The bounds
#    end at 96.24 (seeds 0 and 3), 84.26 (seeds 2 and 4) and 74.75 (seed 1), with the same two
#    clusters found: the stick-breaking prior is not symmetric, so *which* components hold the two
#    clusters (the first sticks, or later ones) changes the bound. Each start is one local climb,
#    as in EM (notebook 08); scikit-learn's `n_init` runs several and keeps the highest bound.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: the expected log weights of a broken stick
#
# Write `expected_log_weights(a, b)`: given the parameters of $q(v_j) = \mathrm{Beta}(a_j, b_j)$ for
# $j = 1, \dots, K$, return $\mathbb E[\ln\pi_j]$ for every $j$ (an array of shape $(K,)$), with
# $\pi_j = v_j\prod_{l<j}(1 - v_l)$:
# $\mathbb E[\ln v_j] = \psi(a_j) - \psi(a_j + b_j)$ and $\mathbb E[\ln(1 - v_j)] = \psi(b_j) - \psi(a_j + b_j)$
# (`scipy.special.digamma`). The check compares with the formula on sticks from a few fits and on
# Python lists, and knows the usual slips; it refuses an answer that calls `gmm_lab`'s own.

# %% nbgrader={"grade": false, "grade_id": "expected_log_weights", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np
from scipy.special import digamma


def expected_log_weights(a, b):
    """E[ln π_j] under stick-breaking with q(v_j) = Beta(a_j, b_j): an array of shape (K,)."""
    # Hint: E[ln v_j] + Σ_{l<j} E[ln(1 − v_l)]: np.cumsum, shifted by one so that j = 1 adds 0.
    ### BEGIN SOLUTION
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    kept = digamma(a) - digamma(a + b)  # E[ln v_j]
    broken = digamma(b) - digamma(a + b)  # E[ln(1 - v_j)]
    return kept + np.concatenate([[0.0], np.cumsum(broken)[:-1]])
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_expected_log_weights", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} slideshow={"slide_type": "subslide"}
from gmm_lab.course.checks import check_expected_log_weights

check_expected_log_weights(expected_log_weights)
