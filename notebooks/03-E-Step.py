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
# # 03 — The E-step: who made this point?
#
# **Learning goals.** After this notebook you can
# 1. derive the responsibilities $r_{ij}$ from Bayes' rule and compute them by hand;
# 2. predict how they change when a component moves (slider);
# 3. show that the textbook pdf-space formula returns **NaN** for a point far from every
#    component, and fix it with the **log-sum-exp** trick;
# 4. explain why a single NaN row ruins a whole fit.
#
# **Time.** Core path about 50 minutes (§1–§3 up to log-sum-exp); deep dive (optional, about 15
# minutes): §3's "One NaN row poisons everything" and §4; the two exercises at the end about 25
# minutes.

# %%
import numpy as np

import gmm_lab as g
from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets.estep import CERTAIN, EStepExplorer
from gmm_lab.course.handout import handout_e_step

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Responsibilities are posterior probabilities
#
# In notebook 02 every point came with a hidden label $z_i$. Given the parameters
# $\theta=\{\pi_j,\boldsymbol\mu_j,\boldsymbol\Sigma_j\}$, Bayes' rule says how probable each label is
# *after* seeing the point:
#
# $$
# r_{ij} \;=\; P(z_i=j\mid\mathbf x_i,\theta)
# \;=\; \frac{\overbrace{\pi_j}^{\text{prior}}\;\overbrace{\mathcal N(\mathbf x_i\mid\boldsymbol\mu_j,\boldsymbol\Sigma_j)}^{\text{likelihood}}}
#            {\underbrace{\sum_{l=1}^K \pi_l\,\mathcal N(\mathbf x_i\mid\boldsymbol\mu_l,\boldsymbol\Sigma_l)}_{p(\mathbf x_i)\ \text{(evidence)}}} .
# $$
#
# Each row $(r_{i1},\dots,r_{iK})$ is a probability distribution: non-negative, summing to 1.
# This is the **E-step** ("expectation": $r_{ij}=\mathbb E[\mathbb 1\{z_i=j\}]$). It is *soft*
# clustering: a point between two components belongs a bit to each.
#
# Our data: 300 points from three overlapping components (we know the truth, so we can check).

# %% slideshow={"slide_type": "subslide"}
X, labels, truth = g.make_three_blobs()
means, covs, weights = truth["means"], truth["covariances"], truth["weights"]
print(f"X: {X.shape}, true weights {weights}")
for j in range(3):
    print(f"component {j + 1}: mean {means[j]}, covariance {covs[j].tolist()}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The formula, by hand, for three points — numerator, evidence, ratio — next to `gmm_lab.e_step`:

# %%
pts = X[:3]
numer = np.column_stack([w * g.gaussian_pdf(pts, m, c) for m, c, w in zip(means, covs, weights)])
evidence = numer.sum(axis=1, keepdims=True)
with np.printoptions(precision=4, suppress=True):
    print("pi_j N(x_i | mu_j, Sigma_j):\n", numer)
    print("r by hand:\n", numer / evidence)
    print("r from gmm_lab.e_step:\n", g.e_step(pts, means, covs, weights))
print("true components (labels + 1, to count from 1 as above):", labels[:3] + 1)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Move a component, watch the colours
#
# Each point takes the colour and shape of its most likely component — blue circle, orange square
# or wine-red triangle — its colour faded towards grey as its largest responsibility drops towards
# $1/3$ (all three equally likely; the key in the corner shows the scale). Drag component 2
# (orange): the points it reaches change colour and shape, and points *behind* it can switch too, because responsibilities compete — they must
# sum to 1.
#
# The star is a **probe point** with its own sliders. The right panel shows its responsibilities
# $r_j$ (bars) and, above each bar, the number the E-step starts from,
# $a_j = \log\pi_j + \log\mathcal N(\mathbf x\mid\boldsymbol\mu_j,\boldsymbol\Sigma_j)$: "how well does component $j$
# explain $\mathbf x$", on a log scale with no upper or lower limit. The E-step turns them into
# probabilities, $r_j = e^{a_j}/\sum_l e^{a_l}$. Only the *differences* between the $a_j$ matter: move
# the probe far away and every $a_j$ plunges, yet the bars stay clear-cut.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
EStepExplorer(X, means, covs, weights)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. The numerical trap
#
# Now take a point far from every component, say $(40, -40)$, and the lab handout's E-step, which
# multiplies densities and divides by their sum exactly as the formula reads:

# %%
far = np.array([[40.0, -40.0]])
dens = [w * g.gaussian_pdf(far, m, c)[0] for m, c, w in zip(means, covs, weights)]
print("densities pi_j N_j :", np.array(dens))
print("handout's E-step   :", handout_e_step(far, means, covs, weights)[0])

# %% [markdown] slideshow={"slide_type": "subslide"}
# Every density underflowed to exactly 0 (notebook 01), so the row is $0/0 = $ **NaN**. Yet the
# question "which component is *least* unlikely?" has a perfectly good answer; the information
# is in the log-densities, which are ordinary numbers:

# %%
log_terms = np.array([np.log(w) + g.log_gaussian_pdf(far, m, c)[0]
                      for m, c, w in zip(means, covs, weights)])
print("log(pi_j N_j):", np.round(log_terms, 2))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Log-sum-exp
#
# With $a_j = \log\pi_j + \log\mathcal N(\mathbf x\mid\boldsymbol\mu_j,\boldsymbol\Sigma_j)$ and $m=\max_j a_j$,
#
# $$
# \log p(\mathbf x) = \log\sum_j e^{a_j} = m + \log\sum_j e^{a_j-m},
# \qquad
# r_j = e^{\,a_j-\log p(\mathbf x)} = \frac{e^{a_j-m}}{\sum_l e^{a_l-m}} .
# $$
#
# After subtracting $m$ the largest term is $e^0=1$: the sum is at least 1, nothing underflows to
# $0/0$, and nothing overflows. The identity is exact; only the rounding changes.

# %%
m = log_terms.max()
shifted = np.exp(log_terms - m)
print("exp(a_j - m):      ", shifted)
print("responsibilities:  ", shifted / shifted.sum())
print("gmm_lab.e_step:    ", g.e_step(far, means, covs, weights)[0])
print(f"log p(x) = {m + np.log(shifted.sum()):.2f}  (the density, exp of that, is 0.0 in float64)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### One NaN row poisons everything (deep dive)
#
# A single far point — a typo, a sensor glitch, a value in the wrong unit — is enough. The
# M-step (next notebook) averages over *all* points, so one NaN makes every mean NaN. `gmm_lab`
# refuses NaN responsibilities with a clear message instead of silently producing NaN parameters:

# %%
X_glitch = np.vstack([X, far])
resp_pdf = handout_e_step(X_glitch, means, covs, weights)
print(f"rows with NaN (pdf space): {np.isnan(resp_pdf).any(axis=1).sum()} of {len(X_glitch)}")
try:
    g.m_step(X_glitch, resp_pdf)
except ValueError as err:
    print("ValueError:", err)
resp_log = g.e_step(X_glitch, means, covs, weights)
print(f"rows with NaN (log space): {np.isnan(resp_log).any(axis=1).sum()}")
print(f"the glitch's row: {np.round(resp_log[-1], 4)}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. The whole picture (deep dive)
#
# Soft colours for all 300 points (left) next to the true labels (right). Where components
# overlap, the E-step is honestly unsure; the true labels there are close to a coin toss.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
resp = g.e_step(X, means, covs, weights)
fig, (ax1, ax2) = gp.new_figure(1, 2, size=(9, 4))
lim = dict(xlim=(-4, 11), ylim=(-4, 11), aspect="equal")  # room at the top right for the key
ax1.set(title="responsibilities (soft)", xlabel="x₁", ylabel="x₂", **lim)
gp.plot_responsibilities(X, resp, ax=ax1, key="free")  # the key in a corner with no point
gp.plot_ellipses(means, covs, ax=ax1, n_std=(2,))
gp.plot_responsibilities(X, np.eye(3)[labels], ax=ax2, key=False)
ax2.set(title="true labels (hidden in practice)", xlabel="x₁", **lim)
gp.show(fig, alt="The 300 points twice: left, coloured by their responsibilities under the true "
                 "parameters, with 2-sigma ellipses (only points between the blobs fade towards "
                 "grey); right, coloured by their true labels, which mostly agree.")
unsure = resp.max(axis=1) < CERTAIN
agree = (resp.argmax(axis=1) == labels).mean()
print(f"{unsure.sum()} points have a largest responsibility below {CERTAIN}; "
      f"the most probable label is the true one for {agree:.1%}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * E-step: $r_{ij}=\pi_j\mathcal N_j(\mathbf x_i)/\sum_l\pi_l\mathcal N_l(\mathbf x_i)$, Bayes' rule for the hidden label.
# * In pdf space, far points give $0/0=$ NaN, and one NaN row ruins the M-step.
# * Compute $a_{ij}=\log\pi_j+\log\mathcal N_j(\mathbf x_i)$, subtract the row maximum, exponentiate,
#   normalise: log-sum-exp. The same pass gives $\log p(\mathbf x_i)$, which we need for the likelihood.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. Drag component 2 up and to the right as far as its sliders go, to $(7, 7)$. Which points stay
#    orange-ish, and why do some points *far* from every component still get a confident colour?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. Put the probe on the straight line between two means. Is its responsibility exactly 50/50? What decides?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. Without running code, using the means and covariances printed in section 1: what does
#    `handout_e_step` return for a point at $(30, 30)$? And at $(40,-40)$?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. Only one point stays orange, the right-most of component 2's own points, at about $(5.6, 3.0)$
#    (one more keeps a share above 0.2, at about $(4.1, 6.7)$); every other point goes to component 1 or 3,
#    whichever is relatively likelier. Responsibilities are *relative*: far from everything, the
#    component whose Gaussian falls off slowest in that direction (widest covariance along it,
#    largest weight) wins almost surely, even though all densities are tiny. Confident $\neq$ well
#    explained; $\log p(\mathbf x)$ tells you that.
# 2. Not in general: the weights $\pi_j$ and the covariances (their widths and the normalising
#    $|\boldsymbol\Sigma_j|^{-1/2}$) tilt the balance. It is 50/50 exactly where $a_1=a_2$, a curve (a
#    conic section) rather than the midpoint.
# 3. At $(30,30)$ the squared Mahalanobis distances $(\mathbf x-\boldsymbol\mu_j)^\top\boldsymbol\Sigma_j^{-1}(\mathbf x-\boldsymbol\mu_j)$
#    are about 1350, 2170 and 933. A density is below $e^{-\Delta^2/2}$ (times a modest constant), and
#    float64 holds nothing below about $e^{-745}$. The terms $\pi_j\mathcal N_j$ are about
#    $e^{-678}\approx10^{-294}$, $e^{-1088}$ and $e^{-470}\approx10^{-204}$: only component 2's underflows
#    to 0; components 1 and 3 are tiny yet ordinary float64 numbers. So the row is
#    $(\approx5\times10^{-91}, 0, 1)$, no NaN: the pdf-space E-step fails only when *every* component
#    underflows, which is why the bug hides in testing. At $(40,-40)$ all three do (section 3): NaN.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 1: your own E-step
#
# Write `e_step(X, means, covariances, weights)`: the responsibilities, shape $(n, K)$, computed
# in log space as in section 3. You may use `g.log_gaussian_pdf` for the log-densities. The check
# runs it on seeded cases — 1-D and 5-D data, a point far from every component, a nearly singular
# covariance, Python lists — and compares with `gmm_lab.e_step`.

# %% nbgrader={"grade": false, "grade_id": "e_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np

import gmm_lab as g


def e_step(X, means, covariances, weights):
    """Responsibilities r[i, j] = P(z_i = j | x_i), an array of shape (n, k)."""
    # Hint: a[i, j] = log πⱼ + log Nⱼ(xᵢ); subtract each row's max, exponentiate, normalise.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    a = np.column_stack([np.log(w) + g.log_gaussian_pdf(X, m, c)
                         for m, c, w in zip(means, covariances, weights)])
    a -= a.max(axis=1, keepdims=True)  # the largest term of each row becomes exp(0) = 1: no 0/0
    r = np.exp(a)
    return r / r.sum(axis=1, keepdims=True)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_e_step", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} slideshow={"slide_type": "subslide"}
from gmm_lab.course.checks import check_e_step

check_e_step(e_step)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 2: the log-likelihood
#
# The same pass gives $\log p(\mathbf x_i) = m_i + \log\sum_j e^{a_{ij}-m_i}$. Write
# `log_likelihood(X, means, covariances, weights)`, the total $\ell=\sum_i\log p(\mathbf x_i)$ as one
# float. The check compares it with `gmm_lab.log_likelihood` and recognises the usual wrong
# quantities (the handout's among them: notebook 06).

# %% nbgrader={"grade": false, "grade_id": "log_likelihood", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np

import gmm_lab as g


def log_likelihood(X, means, covariances, weights):
    """Total log-likelihood, sum over points of log sum_j w_j N(x_i | mu_j, Sigma_j): a float."""
    # Hint: the E-step's a[i, j]; log-sum-exp over each row (axis=1), then sum over points.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    a = np.column_stack([np.log(w) + g.log_gaussian_pdf(X, m, c)
                         for m, c, w in zip(means, covariances, weights)])
    m = a.max(axis=1)
    log_p = m + np.log(np.exp(a - m[:, None]).sum(axis=1))  # log p(x_i), exact and finite
    return float(log_p.sum())
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_log_likelihood", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} slideshow={"slide_type": "subslide"}
from gmm_lab.course.checks import check_log_likelihood

check_log_likelihood(log_likelihood)
