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
# # 04 — The M-step: refit each component to the points it is responsible for
#
# **Learning goals.** After this notebook you can
# 1. derive the M-step updates for $\pi_j$, $\boldsymbol\mu_j$ and $\boldsymbol\Sigma_j$ from the expected complete-data log-likelihood;
# 2. compute them with weighted averages, and check numerically that they maximise it;
# 3. explain how soft (EM) and hard (k-means-like) assignments give different estimates;
# 4. explain why a component can collapse onto a point, and what `reg_covar` does about it.
#
# **Time.** Core path about 40 minutes (§1 and §2); deep dive (optional, about 10 minutes): §3
# (collapse and `reg_covar`); the exercise at the end about 15 minutes.

# %% slideshow={"slide_type": "subslide"}
import numpy as np

import gmm_lab as g
from gmm_lab.course.widgets.mstep import MStepExplorer

X, labels, truth = g.make_three_blobs()
n = len(X)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. What the M-step maximises
#
# **If we knew the labels**, fitting would be easy. Write $z_{ij}=1$ if point $i$ came from
# component $j$ and 0 otherwise. The *complete-data* log-likelihood — of the points *and* their
# labels — is
#
# $$
# \log p(\mathbf X, \mathbf Z\mid\theta) = \sum_{i=1}^n\sum_{j=1}^K z_{ij}\,\Big[\log\pi_j + \log\mathcal N(\mathbf x_i\mid\boldsymbol\mu_j,\boldsymbol\Sigma_j)\Big]:
# $$
#
# each point contributes the log-probability of its own component only, so each component could
# be fitted to its own points. **We don't know the labels**, but the E-step gave us their posterior
# probabilities, $r_{ij}=P(z_{ij}=1\mid\mathbf x_i,\theta^{\text{old}}) = \mathbb E[z_{ij}]$. Replacing each unknown $z_{ij}$
# by its expectation gives the **expected complete-data log-likelihood**
#
# $$
# Q(\theta) \;=\; \mathbb E_{\mathbf Z\mid\mathbf X,\theta^{\text{old}}}\big[\log p(\mathbf X,\mathbf Z\mid\theta)\big]
# \;=\; \sum_{i=1}^n\sum_{j=1}^K r_{ij}\,\Big[\log\pi_j + \log\mathcal N(\mathbf x_i\mid\boldsymbol\mu_j,\boldsymbol\Sigma_j)\Big],
# $$

# %% [markdown] slideshow={"slide_type": "subslide"}
# the log-likelihood *as if* point $i$ belonged to component $j$ with weight $r_{ij}$. The M-step
# maximises $Q$ over $\theta$ with the $r_{ij}$ held fixed (notebook 05 shows why that raises the real
# log-likelihood). Write $N_j=\sum_i r_{ij}$, the *effective number of points* of component $j$.
#
# **The weights.** Only $\sum_j N_j\log\pi_j$ depends on $\pi$, and the $\pi_j$ must sum to 1. With a
# Lagrange multiplier $\lambda$ for that constraint, set the derivative of
# $\sum_j N_j\log\pi_j + \lambda\big(1-\sum_j\pi_j\big)$ to zero: $N_j/\pi_j - \lambda = 0$, so
# $\pi_j = N_j/\lambda$; summing over $j$, $1 = \sum_j N_j/\lambda = n/\lambda$ (every row of $r$ sums to 1), so
# $\lambda = n$ and
# $\pi_j = N_j/n$.
#
# **The means.** Only the $j$-th term depends on $\boldsymbol\mu_j$:
# $-\tfrac12\sum_i r_{ij}(\mathbf x_i-\boldsymbol\mu_j)^\top\boldsymbol\Sigma_j^{-1}(\mathbf x_i-\boldsymbol\mu_j)$ + const. Its gradient is
# $\sum_i r_{ij}\boldsymbol\Sigma_j^{-1}(\mathbf x_i-\boldsymbol\mu_j)$; setting it to zero (and multiplying by $\boldsymbol\Sigma_j$) gives
# $\sum_i r_{ij}\mathbf x_i = N_j\boldsymbol\mu_j$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The covariances.** Write $\boldsymbol\Lambda_j=\boldsymbol\Sigma_j^{-1}$. The terms with $\boldsymbol\Lambda_j$ are
# $\sum_i r_{ij}\big[\tfrac12\log|\boldsymbol\Lambda_j| - \tfrac12(\mathbf x_i-\boldsymbol\mu_j)^\top\boldsymbol\Lambda_j(\mathbf x_i-\boldsymbol\mu_j)\big]$.
# With $\partial\log|\boldsymbol\Lambda|/\partial\boldsymbol\Lambda = \boldsymbol\Lambda^{-1}$ and
# $\partial\,\mathbf a^\top\boldsymbol\Lambda\mathbf a/\partial\boldsymbol\Lambda = \mathbf a\mathbf a^\top$, the derivative is
# $\tfrac12 N_j\boldsymbol\Lambda_j^{-1} - \tfrac12\sum_i r_{ij}(\mathbf x_i-\boldsymbol\mu_j)(\mathbf x_i-\boldsymbol\mu_j)^\top$; setting it to zero:
#
# $$
# \pi_j = \frac{N_j}{n},\qquad
# \boldsymbol\mu_j = \frac{1}{N_j}\sum_i r_{ij}\,\mathbf x_i,\qquad
# \boldsymbol\Sigma_j = \frac{1}{N_j}\sum_i r_{ij}\,(\mathbf x_i-\boldsymbol\mu_j)(\mathbf x_i-\boldsymbol\mu_j)^\top .
# $$

# %% [markdown] slideshow={"slide_type": "subslide"}
# Weighted versions of "fraction of points", "mean" and "covariance". With one-hot $r$ they are exactly
# the per-cluster fraction, centroid and covariance.
#
# We start from responsibilities computed at a deliberately poor guess (means pulled towards the
# centre), so that the M-step has something to fix.

# %%
guess_means = 0.5 * truth["means"] + 0.5 * truth["means"].mean(axis=0)
guess_covs = np.repeat(np.eye(2)[None], 3, axis=0)
resp = g.e_step(X, guess_means, guess_covs, [1 / 3, 1 / 3, 1 / 3])

Nk = resp.sum(axis=0)
mu_0 = resp[:, 0] @ X / Nk[0]
diff = X - mu_0
sigma_0 = (resp[:, 0, None] * diff).T @ diff / Nk[0]
weights, means, covs = g.m_step(X, resp, reg_covar=0.0)
with np.printoptions(precision=4, suppress=True):
    print("N_j =", Nk, " -> pi =", Nk / n)
    print("component 1 by hand:   mu =", mu_0, " Sigma =", sigma_0.ravel())
    print("component 1, gmm_lab:  mu =", means[0], " Sigma =", covs[0].ravel())

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Check: nothing beats the M-step
#
# If these formulas maximise $Q$, nudging any parameter away from them must lower $Q$.
# Below, 200 random nudges of the means and covariances (kept positive definite) and of the weights:

# %%
def Q(weights, means, covs):
    return sum(resp[:, j] @ (np.log(weights[j]) + g.log_gaussian_pdf(X, means[j], covs[j]))
               for j in range(3))


rng = np.random.default_rng(0)
best = Q(weights, means, covs)
losses = []
for _ in range(200):
    A = 0.05 * rng.normal(size=(3, 2, 2))
    w = weights * np.exp(0.05 * rng.normal(size=3))
    nudged_means = means + 0.05 * rng.normal(size=(3, 2))
    losses.append(best - Q(w / w.sum(), nudged_means, covs + A @ A.transpose(0, 2, 1)))
print(f"Q at the M-step: {best:.3f};  every nudge lowers it: {min(losses) > 0}")
print(f"smallest drop: {min(losses):.2e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Soft versus hard
#
# Raise each responsibility to the power $1/T$ and renormalise each row (`g.temper`):
# $T=1$ is EM's M-step; $T\to0$ turns every row one-hot on its largest entry, a **hard**
# assignment as in k-means; large $T$ spreads every point evenly over all components.
# Move the temperature and watch the estimates: dotted ellipses are the $T=1$ answer. The status
# line counts the points that are **hard-assigned**, which here means: their largest
# responsibility exceeds 0.999 (the bars' labels are the effective numbers of points $N_j$).
#
# * Hard assignments cut the overlap regions apart, so the covariances come out **too small**
#   and too "rounded off" along the borders.
# * Very soft assignments drag every mean towards the overall centre and every covariance towards
#   the covariance of all the data.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
MStepExplorer(X, g.e_step(X, truth["means"], truth["covariances"], truth["weights"]))

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same comparison in numbers, at the true parameters' responsibilities: the spreads
# (determinants of $\boldsymbol\Sigma_j$, an "area") of the soft and hard estimates, of each true
# component's own points (what we could compute if we knew the labels), and of the truth.

# %%
r_true = g.e_step(X, truth["means"], truth["covariances"], truth["weights"])
cases = {"soft (T=1)": r_true, "hard (T->0)": g.temper(r_true, 1e-3),
         "true labels": np.eye(3)[labels]}
for name, r in cases.items():
    w, m, c = g.m_step(X, r)
    print(f"{name:<12} weights {np.round(w, 3)}  det(Sigma_j) {np.round(np.linalg.det(c), 3)}")
true_dets = np.round(np.linalg.det(truth["covariances"]), 3)
print(f"{'truth':<12} weights {truth['weights']}  det(Sigma_j) {true_dets}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Two things to read off. Hard assignments give the **smallest** spread for every component:
# cutting the overlap regions apart drops each component's tail points. And no estimate equals
# the truth, not even the one that knows the labels: 300 points carry **sampling noise**, so the
# covariance of one component's own hundred-odd points is off from the true one by several
# percent. The soft weights barely differ from the hard ones here; it is the spreads that move.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Collapse, and `reg_covar` (deep dive)
#
# Suppose one component ends up responsible for a *single* point. Its M-step mean is that point and
# its covariance is the zero matrix: the density $\mathcal N(\mathbf x_i\mid\mathbf x_i,\boldsymbol\Sigma)$
# grows without bound as $\boldsymbol\Sigma\to0$, and so does the likelihood. This is a real
# degeneracy of maximum likelihood for mixtures, not a bug in the code: the "best" fit is infinitely
# good and useless.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Practice (and scikit-learn) adds a small `reg_covar` to every covariance diagonal,
# $\boldsymbol\Sigma_j \leftarrow \boldsymbol\Sigma_j + \epsilon\mathbf I$ (default $\epsilon=10^{-6}$),
# which bounds the density. With $\epsilon=0$, `gmm_lab` stops with a message that says what to do:

# %%
one_point = np.zeros((n, 3))
one_point[: n // 2, 0] = 1.0
one_point[n // 2 :, 1] = 1.0
one_point[0] = [0.0, 0.0, 1.0]  # component 3 is responsible for point 0 only
w, m, c = g.m_step(X, one_point, reg_covar=1e-6)
with np.printoptions(precision=8, suppress=True):
    print(f"component 3 with reg_covar=1e-6: N_3 = {w[2] * n:.3f}, Sigma_3 =", c[2].ravel())
    print("  with reg_covar=0 it is the zero matrix, up to rounding: the point is its own mean")
_, _, c0 = g.m_step(X, one_point, reg_covar=0.0)
try:
    g.log_likelihood(X, m, c0, w)
except ValueError as err:
    print("reg_covar=0 -> ValueError:", err)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * M-step: $\pi_j=N_j/n$, $\boldsymbol\mu_j$ = responsibility-weighted mean, $\boldsymbol\Sigma_j$ =
#   responsibility-weighted covariance, with $N_j=\sum_i r_{ij}$. They maximise $Q$ (checked by nudging).
# * Hard assignments (k-means style) give smaller spreads than soft ones where components overlap;
#   no estimate from 300 points is free of sampling noise.
# * A component on one point makes the likelihood unbounded; `reg_covar` keeps covariances invertible.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. At which temperature do more than 95% of the points become hard-assigned? What happens to the weights?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. The update for $\boldsymbol\mu_j$ does not involve $\boldsymbol\Sigma_j$ at all, while the one for
#    $\boldsymbol\Sigma_j$ uses the *new* $\boldsymbol\mu_j$. Why is that allowed?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. The M-step covariance divides by $N_j$, not $N_j-1$. Is that a bug?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. Read it off the status line: more than 95% of the points are hard-assigned (largest
#    responsibility above 0.999) from $\log_2T=-2.25$ ($T\approx0.21$: 95.3%) down; at $\log_2T=-2$ it is
#    94.7%. A few points (0.7%) stay soft even at $\log_2T=-6$: they sit almost exactly where two
#    components are equally likely. The weights barely move, from $(0.370, 0.403, 0.227)$ at $T=1$
#    to the fractions of points whose largest responsibility is $j$, $(0.367, 0.407, 0.227)$.
# 2. In the derivation, $\boldsymbol\Sigma_j^{-1}$ multiplies the whole gradient
#    $\sum_i r_{ij}\boldsymbol\Sigma_j^{-1}(\mathbf x_i-\boldsymbol\mu_j)$, so it is zero at the same $\boldsymbol\mu_j$ whatever the
#    (invertible) $\boldsymbol\Sigma_j$: the best mean is the same for every covariance. Maximising over
#    $\boldsymbol\mu_j$ first and then over $\boldsymbol\Sigma_j$ at that mean therefore finds the joint maximum.
# 3. No: it is the maximum-likelihood estimate, which is what EM maximises. Dividing by $N_j-1$ would no
#    longer maximise $Q$, so the guarantee that the likelihood never decreases would be lost (and for a
#    component with $N_j<1$ the "covariance" would come out negative).
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: your own M-step
#
# Write `m_step(X, responsibilities)` returning `(weights, means, covariances)` in that order (the
# handout's), with shapes $(K,)$, $(K, d)$ and $(K, d, d)$: the formulas of section 1, without
# `reg_covar`. The check compares with `gmm_lab.m_step(..., reg_covar=0)` on soft and hard
# responsibilities, 1-D and 5-D data, a far point, a component on nearly collinear points and
# Python lists.

# %% nbgrader={"grade": false, "grade_id": "m_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np


def m_step(X, responsibilities):
    """Weights (k,), means (k, d), covariances (k, d, d) from responsibilities (n, k)."""
    # Hint: N_j = Σᵢ rᵢⱼ; weights N_j / n; means, covariances: rᵢⱼ-weighted averages / N_j.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    r = np.asarray(responsibilities, dtype=float)
    Nk = r.sum(axis=0)  # effective number of points of each component
    means = (r.T @ X) / Nk[:, None]
    covariances = np.empty((len(Nk), X.shape[1], X.shape[1]))
    for j in range(len(Nk)):
        diff = X - means[j]  # centred on the new mean
        covariances[j] = (r[:, j] * diff.T) @ diff / Nk[j]
    return Nk / len(X), means, covariances
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_m_step", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} slideshow={"slide_type": "subslide"}
from gmm_lab.course.checks import check_m_step

check_m_step(m_step)
