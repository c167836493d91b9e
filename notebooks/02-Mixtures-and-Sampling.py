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
# # 02 — Mixtures and sampling
#
# **Learning goals.** After this notebook you can
# 1. write a Gaussian mixture density as a weighted sum of Gaussians, and say why the weights must sum to 1;
# 2. sample from a mixture by *ancestral sampling*: first a component, then a point from it;
# 3. explain why a mixture of two Gaussians is **not** the distribution of a sum of two Gaussian variables;
# 4. see the hidden label $z$ that EM will have to guess.
#
# **Time.** Core path about 25 minutes (§1, §2 and §4); deep dive (optional, about 10 minutes):
# §3 (2-D sampling); the exercise at the end about 15 minutes.

# %%
import numpy as np

import gmm_lab as g
from gmm_lab.course import figures as gf
from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets.mixtures import Mixture1D, Mixture2D

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The mixture density
#
# A Gaussian mixture with $K$ components has density
#
# $$
# p(\mathbf x) \;=\; \sum_{j=1}^{K} \pi_j\, \mathcal N(\mathbf x\mid\boldsymbol\mu_j,\boldsymbol\Sigma_j),
# \qquad \pi_j\ge 0,\quad \sum_{j=1}^K \pi_j = 1 .
# $$

# %% [markdown] slideshow={"slide_type": "subslide"}
# Each $\mathcal N(\cdot)$ integrates to 1, so $p$ integrates to $\sum_j\pi_j$: the weights must sum
# to 1 for $p$ to be a density. `gmm_lab` refuses weights that do not:

# %%
means = np.array([[-2.0], [2.0]])
covs = np.array([[[1.0]], [[0.49]]])
try:
    g.log_mixture_pdf([0.0], means, covs, [0.5, 0.6])
except ValueError as err:
    print("ValueError:", err)

grid = np.linspace(-10, 10, 4001)
dens = np.exp(g.log_mixture_pdf(grid, means, covs, [0.35, 0.65]))
print(f"integral of the mixture density: {np.trapezoid(dens, grid):.10f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Ancestral sampling
#
# The sum hides a story of how a point is made. Introduce a **latent** (hidden) label
# $z\in\{1,\dots,K\}$:
#
# 1. pick a component: $P(z=j) = \pi_j$;
# 2. draw the point from that component: $\mathbf x\mid z=j \sim \mathcal N(\boldsymbol\mu_j,\boldsymbol\Sigma_j)$.
#
# Summing out the label gives back the mixture: $p(\mathbf x) = \sum_j P(z=j)\,p(\mathbf x\mid z=j)$.
# Below, 2000 points are made this way by `gmm_lab.sample_gmm`. Each point has one uniform number
# $u$ (it goes to component 1 when $u<\pi_1$) and one standard normal $z$, drawn once from a fixed
# seed, so moving a slider reshapes the *same* samples rather than re-drawing them. Watch the
# histogram follow the black curve, and the bar on the right follow $\pi_1$.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
Mixture1D()

# %% [markdown] slideshow={"slide_type": "subslide"}
# `gmm_lab.sample_gmm` does the same for any number of components and dimensions, and also
# returns the labels — the information EM will *not* have.

# %%
X, labels = g.sample_gmm(5000, means, covs, [0.35, 0.65], random_state=0)
print("share of each label:", np.round(np.bincount(labels) / len(labels), 3))
print("sample mean per label:", np.round([X[labels == j].mean() for j in range(2)], 3))
print("sample std per label: ", np.round([X[labels == j].std() for j in range(2)], 3))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. In two dimensions (deep dive)
#
# The same construction in the plane. On the left, the mixture density; on the right, samples
# coloured and shaped by the component that produced them (colour and shape are the hidden labels:
# in real data you see only grey points). Pull component 2 onto component 1 (its mean sliders towards 0) and
# the two bumps merge into one — from the points alone you could no longer tell there were two.

# %% tags=["hide-input"] slideshow={"slide_type": "subslide"}
Mixture2D()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. A mixture is not a sum

# %% [markdown] slideshow={"slide_type": "subslide"}
# A common slip: "a mixture of $\mathcal N(-2,1)$ and $\mathcal N(2,0.7^2)$" is **not** the
# distribution of $X_1+X_2$ or of $\pi_1X_1+\pi_2X_2$. Those are *single* Gaussians (a linear
# combination of independent Gaussians is Gaussian). The mixture picks **one** of the two, at
# random. Same ingredients, very different results:

# %%
rng = np.random.default_rng(1)
x1 = rng.normal(-2.0, 1.0, 20000)
x2 = rng.normal(2.0, 0.7, 20000)
pick = rng.random(20000) < 0.5
samples = {
    "mixture: x1 or x2 (50/50)": np.where(pick, x1, x2),
    "sum: x1 + x2": x1 + x2,
    "weighted sum: 0.5 x1 + 0.5 x2": 0.5 * x1 + 0.5 * x2,
}
for name, s in samples.items():
    print(f"{name:<30} mean {s.mean():5.2f}, standard deviation {s.std():.2f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Three means near 0 and three spreads: numbers that cannot tell one bump from two. The
# histograms can:

# %% tags=["hide-input"]
fig, ax = gp.new_figure(size=(8, 3.4))
gf.plot_step_histograms(samples, bins=np.linspace(-6, 6, 80), ax=ax)
ax.set(xlabel="x", ylabel="density", title="two bumps (mixture) versus one (sums)")
ax.legend(fontsize=9)
gp.show(fig, alt="Histograms of 20000 draws: the 50/50 mixture of N(-2, 1) and N(2, 0.7²) (solid) "
                 "has two bumps near -2 and 2; the sum x1 + x2 (dashed) and the average "
                 "0.5 x1 + 0.5 x2 (dotted) are single bell curves centred at 0.")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * $p(\mathbf x)=\sum_j\pi_j\mathcal N(\mathbf x\mid\boldsymbol\mu_j,\boldsymbol\Sigma_j)$ with weights that sum to 1.
# * Ancestral sampling: draw the hidden label $z\sim\pi$, then $\mathbf x\sim\mathcal N(\boldsymbol\mu_z,\boldsymbol\Sigma_z)$.
# * A mixture chooses between components; a sum adds them. Only a mixture *can* be multi-modal
#   (a sum of independent Gaussians never is); it need not be (try question 2).
# * Fitting a mixture means guessing the hidden labels and the parameters at the same time: that is what EM does.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. In the 1-D explorer, set $\pi_1=0$. What is left, and what does the histogram's left bump do?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. Put $\mu_1=\mu_2$. Is the result a Gaussian? (The widths differ, 1 and 0.7, but on a linear axis the
#    curve looks like a bell. A Gaussian's kurtosis $\mathbb E[(x-\mu)^4]/\sigma^4$ is 3: work out the
#    mixture's from its components' moments, or estimate it from a large sample.)

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. At $\pi_1=0.35$ the right-hand bar (the fraction of the 2000 samples that came from
#    component 1) is not exactly 0.35. Why not, and how far from 0.35 would you expect it to be?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. Only component 2: $p(x)=\mathcal N(x\mid\mu_2,\sigma_2^2)$, and every sample comes from it;
#    the left bump disappears.
# 2. No. With equal means the mixture's variance is $\sum_j\pi_j\sigma_j^2$ and its fourth central
#    moment $3\sum_j\pi_j\sigma_j^4$, so at $\pi_1=0.35$ its kurtosis is
#    $3(0.35+0.65\cdot0.7^4)/(0.35+0.65\cdot0.7^2)^2\approx3.40$, above a Gaussian's 3: more peaked and
#    heavier-tailed (a *scale mixture*), a difference the linear axis hides. It is Gaussian only if the
#    variances are equal too.
# 3. Each sample picks component 1 with probability 0.35, independently, so the count is
#    Binomial$(2000, 0.35)$: mean 700, standard deviation $\sqrt{2000\cdot0.35\cdot0.65}\approx21$ samples,
#    i.e. the fraction is typically within about $\pm0.011$ of 0.35. With these fixed draws it is
#    whatever share of the 2000 uniforms falls below 0.35 (`g.sample_gmm(2000, ..., random_state=1)`).
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: your own ancestral sampler
#
# Write `sample_gmm(n, means, covariances, weights, random_state=None)` as section 2 describes:
# draw the $n$ labels with probabilities `weights`, then each point from its label's Gaussian
# ($\boldsymbol\mu_j + \mathbf L_j\mathbf z$, notebook 01). Return `(X, labels)`. Draw everything from
# `rng = np.random.default_rng(random_state)`, so the same seed gives the same sample. A sample is
# random, so the check compares statistics of a large sample (label shares, per-label means and
# covariances) with what the parameters imply, and runs the same seed twice.

# %% nbgrader={"grade": false, "grade_id": "sample_gmm", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np


def sample_gmm(n, means, covariances, weights, random_state=None):
    """n points from a Gaussian mixture, and the component each one came from."""
    # Hint: labels = rng.choice(k, size=n, p=weights); X = mean + z @ L.T, L = cholesky(cov).
    ### BEGIN SOLUTION
    rng = np.random.default_rng(random_state)
    means = np.asarray(means, dtype=float)
    covariances = np.asarray(covariances, dtype=float)
    labels = rng.choice(len(weights), size=n, p=weights)  # 1. pick a component for each point
    z = rng.standard_normal((n, means.shape[1]))
    X = np.empty((n, means.shape[1]))
    for j in range(len(weights)):  # 2. draw each point from its component
        rows = labels == j
        X[rows] = means[j] + z[rows] @ np.linalg.cholesky(covariances[j]).T
    return X, labels
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_sample_gmm", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} slideshow={"slide_type": "subslide"}
from gmm_lab.course.checks import check_sample_gmm

check_sample_gmm(sample_gmm)
