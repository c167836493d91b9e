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
# # 06 — The lab handout, reproduced and corrected
#
# **Learning goals.** After this notebook you can
# 1. reproduce the handout's lab run exactly: its data, its start, its "Converged in 12 iterations", its means;
# 2. explain why its "log-likelihood" is not a log-likelihood, and what that does to its stopping rule;
# 3. show where its pdf-space E-step breaks;
# 4. confirm the fit against scikit-learn from the same start, and draw it properly.
#
# The handout ("Lab 2: Build and visualize a GMM") draws 500 points around $(0,0)$ and 500 around
# $(5,5)$ with `np.random.seed(42)`, starts EM from two random data points with identity
# covariances and equal weights, and loops E-step, M-step, "log-likelihood" until that changes by
# less than $10^{-4}$. `gmm_lab` reproduces its random stream exactly, without touching NumPy's
# global state.
#
# **Time.** Core path about 90 minutes (the whole lab); no deep dives; the exercise at the end
# about 15 minutes.

# %% slideshow={"slide_type": "subslide"}
import warnings

import numpy as np
from sklearn.mixture import GaussianMixture

import gmm_lab as g
from gmm_lab.course import plotting as gp
from gmm_lab.course.handout import handout_e_step, handout_log_likelihood, run_handout_em

X, means0, covs0, weights0 = g.handout_start()
print("data:", X.shape, " first point:", np.round(X[0], 4))
print("starting means (two random data points):\n", np.round(means0, 4))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The run, as the handout does it
#
# `run_handout_em` replays the handout's loop: its pdf-space E-step, its M-step (no `reg_covar`),
# and its stopping rule on its own "log-likelihood".

# %%
lab = run_handout_em(X, means0, covs0, weights0, tol=1e-4)
print(f"Converged in {lab.n_iter} iterations.")
print("final means:\n", np.round(lab.means, 4))
print("final weights:", np.round(lab.weights, 4))
print(f'handout\'s "log-likelihood" at the end: {lab.handout_log_likelihoods[-1]:.2f}')

# %% [markdown] slideshow={"slide_type": "subslide"}
# And its figure, as it draws it: each point coloured by its most responsible component,
# the means as red crosses.

# %% tags=["hide-input"]
fig, ax = gp.new_figure(size=(6, 4.5))
ax.scatter(X[:, 0], X[:, 1], c=lab.responsibilities.argmax(axis=1), cmap="viridis", alpha=0.6, s=30)
ax.scatter(lab.means[:, 0], lab.means[:, 1], c="red", marker="x", s=100, label="Means")
ax.set(title="Gaussian Mixture Model Clustering (as in the handout)")
ax.legend()
ax.grid(True)
gp.show(fig, alt="The handout's figure: the 1000 points coloured by their most responsible "
                 "component (two clusters, around (0, 0) and (5, 5)) with the two fitted means "
                 "as red crosses.")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Flaw 1: its "log-likelihood" sums the wrong logs
#
# The log-likelihood of a mixture is a sum over points of the log of a **sum** over components:
#
# $$
# \ell(\theta) = \sum_{i=1}^n \log\Big(\sum_{j=1}^K \pi_j\,\mathcal N(\mathbf x_i\mid\boldsymbol\mu_j,\boldsymbol\Sigma_j)\Big).
# $$
#
# The handout computes, for each component, $\sum_i\log(\pi_j\mathcal N_j(\mathbf x_i)+10^{-8})$ and adds those up:
#
# $$
# \tilde\ell(\theta) = \sum_{j=1}^K\sum_{i=1}^n \log\big(\pi_j\,\mathcal N(\mathbf x_i\mid\boldsymbol\mu_j,\boldsymbol\Sigma_j) + 10^{-8}\big),
# $$

# %% [markdown] slideshow={"slide_type": "subslide"}
# a sum of logs where a log of a sum belongs. For every point it adds the log-density under the
# component that *does not* explain it, which is tiny — here, clipped by the $10^{-8}$ floor at
# $\log 10^{-8}\approx-18.4$. Same final parameters, two very different numbers:

# %%
wrong = handout_log_likelihood(X, lab.means, lab.covariances, lab.weights)
right = g.log_likelihood(X, lab.means, lab.covariances, lab.weights)
print(f'handout\'s "log-likelihood": {wrong:.2f}')
print(f"true log-likelihood:        {right:.2f}")
print(f"difference per point:       {(wrong - right) / len(X):.2f}")
print(f"(compare log 1e-8 = {np.log(1e-8):.2f})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Worse, the two quantities move in **opposite directions**. As EM separates the components, each
# point's "other" component explains it less and less, so $\tilde\ell$ *falls* at every iteration
# while the true $\ell$ rises (notebook 05 proved it must):

# %% tags=["hide-input"]
fig, (ax1, ax2) = gp.new_figure(1, 2, size=(9, 3.6))
its = np.arange(1, lab.n_iter + 1)
ax1.plot(its, lab.handout_log_likelihoods, "o-", color=gp.PALETTE[5])
ax1.set(title='handout\'s "log-likelihood" (falls)', xlabel="iteration", ylabel="value")
ax2.plot(its, lab.true_log_likelihoods, "o-", color=gp.PALETTE[0])
ax2.set(title="true log-likelihood (rises)", xlabel="iteration", ylabel="total log-likelihood")
gp.show(fig, alt=f"Two curves over the handout's {lab.n_iter} iterations: left, the handout's "
                 f"\"log-likelihood\" falls at every iteration; right, the true log-likelihood "
                 f"rises and levels off.")
print("handout's quantity changes:", np.round(np.diff(lab.handout_log_likelihoods)[:4], 1), "...")
print("true log-likelihood changes:", np.round(np.diff(lab.true_log_likelihoods)[:4], 1), "...")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### So the stopping point changes
#
# The handout stops when *its* quantity settles, which happens later than the true likelihood.
# `gmm_lab.run_em` applies the same rule (change below $10^{-4}$, checked from the second iteration)
# to the true log-likelihood. Plain EM (`reg_covar=0`, like the handout):

# %%
ours = g.run_em(X, means0, covs0, weights0, tol=1e-4, reg_covar=0.0)
print(f"stopping on the true log-likelihood: {ours.n_iter} iterations (handout: {lab.n_iter})")
print(f"true log-likelihood: ours {ours.log_likelihood:.4f}, "
      f"handout's end point {lab.true_log_likelihoods[-1]:.4f}")
print(f"largest difference in the means: {np.abs(ours.means - lab.means).max():.1e}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Here the handout's extra iterations are harmless (both stop at the same fit, to four decimals),
# but its criterion is unrelated to the quantity EM improves: it can stop too early, too late, or
# — since it falls while the fit improves — be read as "the fit is getting worse".

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Flaw 2: the pdf-space E-step
#
# Notebook 03 showed it: the handout multiplies densities and divides by their sum, which is
# $0/0$ for a point far from both components. On the handout's own data, with one extra point:

# %%
glitch = np.vstack([X, [[40.0, -40.0]]])
r_pdf = handout_e_step(glitch, lab.means, lab.covariances, lab.weights)
r_log = g.e_step(glitch, lab.means, lab.covariances, lab.weights)
print("handout's E-step, last row:", r_pdf[-1], "-> its next M-step would make every mean NaN")
print("log-space E-step, last row:", np.round(r_log[-1], 6))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Checked against scikit-learn
#
# scikit-learn's `GaussianMixture` runs the same algorithm. Started from the same parameters
# (`weights_init`, `means_init`, `precisions_init`), with `reg_covar=0` and `tol=0` so that it runs
# exactly 12 iterations, it must land where the handout's 12 iterations did:

# %%
sk = GaussianMixture(
    n_components=2, covariance_type="full", weights_init=weights0, means_init=means0,
    precisions_init=np.linalg.inv(covs0), reg_covar=0.0, tol=0.0, max_iter=lab.n_iter,
)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # it warns that tol=0 never "converges"
    sk.fit(X)
print(f"iterations: {sk.n_iter_}")
print(f"largest difference from the handout's means:       "
      f"{np.abs(sk.means_ - lab.means).max():.1e}")
print(f"largest difference from the handout's covariances: "
      f"{np.abs(sk.covariances_ - lab.covariances).max():.1e}")
ours_ll = g.log_likelihood(X, lab.means, lab.covariances, lab.weights)
print(f"true log-likelihood: scikit-learn {sk.score(X) * len(X):.4f}, gmm_lab {ours_ll:.4f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. The final figure, drawn properly
#
# Soft colours (each point in its most likely component's colour and shape, the colour faded
# towards grey as that component becomes less certain; the key shows the scale), the 1/2/3σ
# ellipses of each fitted component, the fitted means, and the true centres (rings) for
# reference. Only a handful of points
# between the clusters are visibly uncertain.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, ax = gp.new_figure(size=(6.5, 5))
gp.plot_responsibilities(X, ours.responsibilities, ax=ax, s=12)
gp.plot_ellipses(ours.means, ours.covariances, ax=ax)
gp.plot_means(ours.means, ax=ax, label="fitted means")
ax.plot([0, 5], [0, 5], "o", mfc="none", mec="black", ms=18, mew=1.5, label="true centres")
ax.set(xlabel="x₁", ylabel="x₂", aspect="equal",
       title=f"EM fit, log-likelihood {ours.log_likelihood:.2f}")
ax.legend(loc="upper left")
gp.show(fig, alt="The final fit: points coloured by responsibility (all but a few certain), the "
                 "1-, 2- and 3-sigma ellipses of the two fitted components around (0, 0) and (5,"
                 " 5), the fitted means (crosses) and the true centres (rings around them).")
unsure = (ours.responsibilities.max(axis=1) < 0.99).sum()
print(f"points with a largest responsibility below 0.99: {unsure} of {len(X)}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# | | handout | corrected |
# | --- | --- | --- |
# | E-step | densities, then divide: NaN far from the data | log-sum-exp: always finite |
# | "log-likelihood" | $\sum_j\sum_i\log(\pi_j\mathcal N_j+10^{-8})$: about $-21468.29$, falls as the fit improves | $\sum_i\log\sum_j\pi_j\mathcal N_j$: $-3408.06$, never falls |
# | stopping | 12 iterations, on the wrong quantity | 8 iterations, same rule on the true one |
# | covariance safety | none: a collapsed component crashes | `reg_covar` and a clear error |
# | figure | hard colours, means | soft colours, 1/2/3σ ellipses, means |
#
# The fit itself was fine: on two well-separated clusters the handout's EM lands where
# scikit-learn does. Its flaws bite on harder data, and in what it teaches about the likelihood.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. Change the $10^{-8}$ in the handout's formula to $10^{-300}$ (`np.log(dens + 1e-300)` by hand). What happens to $\tilde\ell$ and why?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. Take the Old Faithful data in **seconds** (`g.load_faithful()[0] * 60`), start like the handout (two data
#    points drawn with `np.random.default_rng(0).choice(len(X), 2, replace=False)`, identity covariances,
#    equal weights) and run `run_handout_em`. What goes wrong? Then `g.run_em` from the same start?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. Why does the handout's figure not show that a few points are uncertain?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. With a smaller floor, the "other component" terms are no longer clipped at $-18.4$; they become the true,
#    very negative log-densities, and at the handout's final fit $\tilde\ell$ is about $-33{,}093$ instead of
#    $-21{,}468$. It still falls, overall, as the fit improves. The floor was hiding, not fixing, the problem.
# 2. In seconds, points are hundreds of units from the starting means while the identity covariances say
#    "spread 1": the densities underflow, and from that start the first
#    pdf-space E-step returns NaN rows for 267 of the 272 points; the M-step's means are NaN (here `gmm_lab`'s
#    checks stop the replay with a ValueError; the handout's own code would carry on with NaN). `g.run_em` from
#    the same start converges in 7 iterations to the usual two clusters: log space does not care about units.
# 3. It colours by `argmax`, a hard label, and throws away the responsibilities it computed; soft colours (or the
#    largest responsibility as transparency) show the uncertainty.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: fix the handout's code
#
# `gmm_lab.course.checks` runs a function on seeded cases and says what is wrong. First let it judge the
# handout's own E-step and "log-likelihood" (kept in `gmm_lab.course.handout`): it finds the two flaws of
# sections 2 and 3 by itself.

# %%
from gmm_lab.course.checks import check_e_step, check_log_likelihood

check_e_step(handout_e_step)

# %% slideshow={"slide_type": "subslide"}
check_log_likelihood(handout_log_likelihood)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Now repair them, keeping the handout's style (a loop over components with SciPy's
# `multivariate_normal`). **1.** Its E-step computes `weights[i] * rv.pdf(X)` and divides by the row
# sums. Write `e_step` that does the same in log space.

# %% nbgrader={"grade": false, "grade_id": "fix_e_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np
from scipy.stats import multivariate_normal


def e_step(X, means, covariances, weights):
    """The handout's E-step, repaired: the same loop, in log space."""
    # Hint: column i = np.log(weights[i]) + rv.logpdf(X); subtract row maxima, np.exp, normalise.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    log_resp = np.zeros((len(X), len(weights)))
    for i in range(len(weights)):
        rv = multivariate_normal(mean=means[i], cov=covariances[i])
        log_resp[:, i] = np.log(weights[i]) + rv.logpdf(X)
    log_resp -= log_resp.max(axis=1, keepdims=True)
    responsibilities = np.exp(log_resp)
    return responsibilities / responsibilities.sum(axis=1, keepdims=True)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_fix_e_step", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_e_step(e_step)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **2.** Its loop adds `np.sum(np.log(weights[i] * rv.pdf(X) + 1e-8))` over the components. Write
# `log_likelihood` that computes $\ell=\sum_i\log\sum_j\pi_j\mathcal N_j(\mathbf x_i)$ instead, in log space
# (`scipy.special.logsumexp` does the log-sum-exp of notebook 03).

# %% nbgrader={"grade": false, "grade_id": "fix_log_likelihood", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np
from scipy.special import logsumexp
from scipy.stats import multivariate_normal


def log_likelihood(X, means, covariances, weights):
    """The quantity the handout meant: the sum over points of log sum_j w_j N_j(x_i)."""
    # Hint: columns np.log(weights[i]) + rv.logpdf(X); logsumexp over axis=1, then sum.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    log_terms = np.column_stack([
        np.log(w) + multivariate_normal(mean=m, cov=c).logpdf(X)
        for m, c, w in zip(means, covariances, weights)
    ])
    return float(logsumexp(log_terms, axis=1).sum())
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_fix_log_likelihood", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_log_likelihood(log_likelihood)
