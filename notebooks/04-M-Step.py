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

# %% [markdown]
# # 04 — The M-step: refit each component to the points it is responsible for
#
# **Learning goals.** After this notebook you can
# 1. derive the M-step updates for $\pi_j$, $\boldsymbol\mu_j$ and $\boldsymbol\Sigma_j$ from the expected complete-data log-likelihood;
# 2. compute them with weighted averages, and check numerically that they maximise it;
# 3. explain how soft (EM) and hard (k-means-like) assignments give different estimates;
# 4. explain why a component can collapse onto a point, and what `reg_covar` does about it.

# %%
import numpy as np

import gmm_lab as g
from gmm_lab import widgets as gw

X, labels, truth = g.make_three_blobs()
n = len(X)

# %% [markdown]
# ## 1. What the M-step maximises
#
# If we knew the labels $z_i$, fitting would be easy: each component is fitted to its own points.
# We don't, but the E-step gave us $r_{ij}=P(z_i=j\mid\mathbf x_i)$. The M-step maximises the
# log-likelihood *as if* point $i$ belonged to component $j$ with weight $r_{ij}$:
#
# $$
# Q(\theta) \;=\; \sum_{i=1}^n\sum_{j=1}^K r_{ij}\,\Big[\log\pi_j + \log\mathcal N(\mathbf x_i\mid\boldsymbol\mu_j,\boldsymbol\Sigma_j)\Big].
# $$
#
# Setting the derivatives to zero (with a Lagrange multiplier for $\sum_j\pi_j=1$), and writing
# $N_j=\sum_i r_{ij}$ for the *effective number of points* of component $j$:
#
# $$
# \pi_j = \frac{N_j}{n},\qquad
# \boldsymbol\mu_j = \frac{1}{N_j}\sum_i r_{ij}\,\mathbf x_i,\qquad
# \boldsymbol\Sigma_j = \frac{1}{N_j}\sum_i r_{ij}\,(\mathbf x_i-\boldsymbol\mu_j)(\mathbf x_i-\boldsymbol\mu_j)^\top .
# $$
#
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

# %% [markdown]
# ### Check: nothing beats the M-step
#
# If these formulas maximise $Q$, nudging any parameter away from them must lower $Q$.
# Below, 200 random nudges of the means and covariances (kept positive definite) and of the weights:

# %%
def Q(weights, means, covs):
    return sum(
        resp[:, j] @ (np.log(weights[j]) + g.log_gaussian_pdf(X, means[j], covs[j])) for j in range(3)
    )


rng = np.random.default_rng(0)
best = Q(weights, means, covs)
losses = []
for _ in range(200):
    A = 0.05 * rng.normal(size=(3, 2, 2))
    w = weights * np.exp(0.05 * rng.normal(size=3))
    losses.append(best - Q(w / w.sum(), means + 0.05 * rng.normal(size=(3, 2)), covs + A @ A.transpose(0, 2, 1)))
print(f"Q at the M-step: {best:.3f};  every nudge lowers it: {min(losses) > 0} (smallest drop {min(losses):.2e})")

# %% [markdown]
# ## 2. Soft versus hard
#
# Raise each responsibility to the power $1/T$ and renormalise each row (`gw.temper`):
# $T=1$ is EM's M-step; $T\to0$ turns every row one-hot on its largest entry, a **hard**
# assignment as in k-means; large $T$ spreads every point evenly over all components.
# Move the temperature and watch the estimates: dotted ellipses are the $T=1$ answer.
#
# * Hard assignments cut the overlap regions apart, so the covariances come out **too small**
#   and too "rounded off" along the borders.
# * Very soft assignments drag every mean towards the overall centre and every covariance towards
#   the covariance of all the data.

# %%
gw.MStepExplorer(X, g.e_step(X, truth["means"], truth["covariances"], truth["weights"]))

# %% [markdown]
# The same comparison in numbers, at the true parameters' responsibilities: the hard estimates'
# spreads (determinants of $\boldsymbol\Sigma_j$, an "area") against the soft ones and the truth.

# %%
r_true = g.e_step(X, truth["means"], truth["covariances"], truth["weights"])
for name, r in [("soft (T=1)", r_true), ("hard (T->0)", gw.temper(r_true, 1e-3))]:
    w, m, c = g.m_step(X, r)
    print(f"{name:<12} weights {np.round(w, 3)}  det(Sigma_j) {np.round(np.linalg.det(c), 3)}")
print(f"{'truth':<12} weights {truth['weights']}  det(Sigma_j) {np.round(np.linalg.det(truth['covariances']), 3)}")

# %% [markdown]
# ## 3. Collapse, and `reg_covar`
#
# Suppose one component ends up responsible for a *single* point. Its M-step mean is that point and
# its covariance is the zero matrix: the density $\mathcal N(\mathbf x_i\mid\mathbf x_i,\boldsymbol\Sigma)$
# grows without bound as $\boldsymbol\Sigma\to0$, and so does the likelihood. This is a real
# degeneracy of maximum likelihood for mixtures, not a bug in the code: the "best" fit is infinitely
# good and useless.
#
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
_, _, c0 = g.m_step(X, one_point, reg_covar=0.0)
try:
    g.log_likelihood(X, m, c0, w)
except ValueError as err:
    print("reg_covar=0 -> ValueError:", err)

# %% [markdown]
# ## Summary
#
# * M-step: $\pi_j=N_j/n$, $\boldsymbol\mu_j$ = responsibility-weighted mean, $\boldsymbol\Sigma_j$ =
#   responsibility-weighted covariance, with $N_j=\sum_i r_{ij}$. They maximise $Q$ (checked by nudging).
# * Hard assignments (k-means style) underestimate spreads where components overlap; soft ones don't.
# * A component on one point makes the likelihood unbounded; `reg_covar` keeps covariances invertible.
#
# ## Try it
#
# 1. At which temperature do more than 95% of the points become hard-assigned? What happens to the weights?
# 2. Why does $\pi_j = N_j/n$ follow from maximising $\sum_j N_j\log\pi_j$ subject to $\sum_j\pi_j=1$?
# 3. The M-step covariance divides by $N_j$, not $N_j-1$. Is that a bug?
#
# <details><summary>Answers</summary>
#
# 1. Read it off the status line: around $\log_2 T\approx-3$ ($T\approx 0.1$) on this data. The weights move
#    to the fraction of points whose largest responsibility is $j$.
# 2. Lagrangian $\sum_j N_j\log\pi_j + \lambda(1-\sum_j\pi_j)$: the derivative $N_j/\pi_j-\lambda=0$ gives
#    $\pi_j\propto N_j$, and the constraint gives $\lambda=\sum_j N_j = n$.
# 3. No: it is the maximum-likelihood estimate, which is what EM maximises. Dividing by $N_j-1$ would no
#    longer maximise $Q$, so the guarantee that the likelihood never decreases would be lost (and for a
#    component with $N_j<1$ the "covariance" would come out negative).
#
# </details>

# %% [markdown]
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
    """Weights (k,), means (k, d) and covariances (k, d, d) from responsibilities of shape (n, k)."""
    # Hint: N_j = Σᵢ rᵢⱼ; weights N_j / n; means and covariances are rᵢⱼ-weighted averages divided by N_j.
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


# %% nbgrader={"grade": true, "grade_id": "check_m_step", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from gmm_lab.checks import check_m_step

check_m_step(m_step)
