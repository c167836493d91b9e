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
# # 01 — The Gaussian density
#
# **Learning goals.** After this notebook you can
# 1. write down the 1-D and the multivariate Gaussian density and say what each symbol does;
# 2. read a covariance matrix off a picture: its eigenvectors are the axes of the density's
#    ellipses, its eigenvalues their squared lengths;
# 3. check numerically that a density integrates to 1;
# 4. explain why code computes the **log**-density, not the density.
#
# **Time.** Core path about 55 minutes (§1–§4); no deep dives; the exercise at the end about 15
# minutes.

# %%
import numpy as np

import gmm_lab as g
from gmm_lab.course.widgets.gaussian import Gaussian1D, Gaussian2D

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. One dimension
#
# A Gaussian (normal) random variable with mean $\mu$ and standard deviation $\sigma>0$ has density
#
# $$
# \mathcal N(x\mid\mu,\sigma^2) \;=\; \frac{1}{\sqrt{2\pi\sigma^2}}\,
# \exp\!\Big(-\frac{(x-\mu)^2}{2\sigma^2}\Big),
# \qquad
# \log \mathcal N(x\mid\mu,\sigma^2) \;=\; -\tfrac12\log(2\pi\sigma^2) - \frac{(x-\mu)^2}{2\sigma^2}.
# $$
#
# The log-density is a downward **parabola** in $x$: its peak sits at $\mu$, and $\sigma$ sets
# how fast it falls. Move the sliders: the bell gets lower as it gets wider (the area stays 1),
# while the parabola just gets flatter. The shaded bands hold 68.3% and 95.4% of the probability.
#
# A density is **not** a probability, and it can exceed 1: at $\sigma=0.3$ the peak is
# $1/(0.3\sqrt{2\pi})\approx1.33$ (the status line says so when it happens). Only *areas* under the
# curve are probabilities, and the total area is always 1.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
Gaussian1D()

# %% [markdown] slideshow={"slide_type": "subslide"}
# `gmm_lab.log_gaussian_pdf` computes exactly the formula above. A quick check by hand, at three points:

# %%
x = np.array([-1.0, 0.5, 2.0])
mu, sigma = 0.5, 1.5
by_hand = -0.5 * np.log(2 * np.pi * sigma**2) - (x - mu) ** 2 / (2 * sigma**2)
print("by hand :", np.round(by_hand, 6))
print("gmm_lab :", np.round(g.log_gaussian_pdf(x, mu, sigma**2), 6))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Does it integrate to 1?
#
# A density must integrate to 1. We cannot integrate symbolically here, but a fine grid and the
# trapezoid rule get very close. (The grid must cover the bulk of the mass: $\pm 10\sigma$ is plenty.)

# %%
for mu, sigma in [(0.0, 1.0), (3.0, 0.2), (-2.0, 4.0)]:
    grid = np.linspace(mu - 10 * sigma, mu + 10 * sigma, 4001)
    area = np.trapezoid(g.gaussian_pdf(grid, mu, sigma**2), grid)
    print(f"mu={mu:+.1f}, sigma={sigma:.1f}:  integral = {area:.10f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Two (and more) dimensions
#
# For a point $\mathbf x\in\mathbb R^d$, a mean vector $\boldsymbol\mu$ and a symmetric positive
# definite covariance matrix $\boldsymbol\Sigma$,
#
# $$
# \mathcal N(\mathbf x\mid\boldsymbol\mu,\boldsymbol\Sigma) \;=\;
# \frac{1}{(2\pi)^{d/2}\,|\boldsymbol\Sigma|^{1/2}}
# \exp\!\Big(-\tfrac12\,\underbrace{(\mathbf x-\boldsymbol\mu)^\top\boldsymbol\Sigma^{-1}(\mathbf x-\boldsymbol\mu)}_{\text{squared Mahalanobis distance } \Delta^2}\Big).
# $$
#
# In 2-D we write $\boldsymbol\Sigma = \begin{pmatrix}\sigma_{x_1}^2 & \rho\,\sigma_{x_1}\sigma_{x_2}\\ \rho\,\sigma_{x_1}\sigma_{x_2} & \sigma_{x_2}^2\end{pmatrix}$
# with the spreads $\sigma_{x_1}, \sigma_{x_2}$ along the two axes (sliders "σ along x₁", "σ along x₂")
# and the correlation $-1<\rho<1$. (Subscripts $x_1, x_2$ name *axes*; from notebook 02 on, a
# subscript number such as $\mu_2$ names a *component*.) The density is constant where $\Delta^2$ is constant: on
# **ellipses**. Writing $\boldsymbol\Sigma = \mathbf U\boldsymbol\Lambda\mathbf U^\top$ (eigen-decomposition),
# the ellipse $\Delta = s$ has its axes along the eigenvectors (columns of $\mathbf U$) with half-lengths
# $s\sqrt{\lambda_i}$. The orange segments below are $\sqrt{\lambda_i}\,\mathbf u_i$: the 1σ half-axes.

# %% [markdown] slideshow={"slide_type": "subslide"}
# The right panel **samples** the same Gaussian: with the Cholesky factor $\mathbf L$
# ($\boldsymbol\Sigma=\mathbf L\mathbf L^\top$) and standard normal $\mathbf z$, the point
# $\mathbf x = \boldsymbol\mu + \mathbf L\mathbf z$ has exactly this mean and covariance. The 300 draws
# $\mathbf z$ are fixed, so as you move the sliders you watch the *same* points being stretched and sheared.
# About 86% of them fall inside the 2σ ellipse (in 2-D the share inside $s\sigma$ is $1-e^{-s^2/2}$).

# %% tags=["hide-input"]
Gaussian2D()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same check of the normalisation, now on a 2-D grid (a Riemann sum over cells):

# %%
mean = np.array([0.5, -1.0])
cov = np.array([[2.0, 1.2], [1.2, 1.5]])
xs = np.linspace(-12, 12, 601)
xx, yy = np.meshgrid(xs, xs)
dens = g.gaussian_pdf(np.column_stack([xx.ravel(), yy.ravel()]), mean, cov)
cell = (xs[1] - xs[0]) ** 2
print(f"sum of density x cell area = {dens.sum() * cell:.8f}")
print(f"share inside the 2-sigma ellipse (theory 1 - exp(-2) = {1 - np.exp(-2):.4f}):")
delta2 = -2 * (g.log_gaussian_pdf(np.column_stack([xx.ravel(), yy.ravel()]), mean, cov)
               + np.log(2 * np.pi) + 0.5 * np.log(np.linalg.det(cov)))
print(f"  numerical {dens[delta2 <= 4].sum() * cell:.4f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Why code computes the log-density
#
# Densities get **tiny** quickly. At 40 standard deviations from the mean the exact value is about
# $10^{-348}$, but a 64-bit float cannot go below about $10^{-308}$ (and loses precision from
# $10^{-308}$ to $5\times10^{-324}$), so it is stored as exactly **0**. The log is an ordinary number:

# %%
for dist in [5, 20, 38, 40]:
    x = np.array([[dist, 0.0]])
    p = g.gaussian_pdf(x, [0, 0], np.eye(2))[0]
    logp = g.log_gaussian_pdf(x, [0, 0], np.eye(2))[0]
    print(f"{dist:>3} sigma away:  pdf = {p:.3e}   log pdf = {logp:9.2f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same happens to a **likelihood**, a product over data points: 1000 points, each with a
# modest density, multiply to something far below $10^{-308}$. Sums of logs do not underflow:

# %%
rng = np.random.default_rng(0)
sample = rng.normal(size=(1000, 2))
dens = g.gaussian_pdf(sample, [0, 0], np.eye(2))
print(f"product of 1000 densities: {np.prod(dens)}")
print(f"sum of 1000 log-densities: {g.log_gaussian_pdf(sample, [0, 0], np.eye(2)).sum():.2f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# How `gmm_lab` computes $\log\mathcal N$ without ever inverting $\boldsymbol\Sigma$ or taking its
# determinant (`gmm_lab/gaussian.py`): it factorises $\boldsymbol\Sigma=\mathbf L\mathbf L^\top$ (Cholesky,
# $\mathbf L$ lower triangular) and inverts the triangular $\mathbf L$ once, giving
# $\mathbf U = (\mathbf L^{-1})^\top$ with $\mathbf U\mathbf U^\top = \boldsymbol\Sigma^{-1}$. Then every point's
# $\Delta^2 = \lVert(\mathbf x-\boldsymbol\mu)^\top\mathbf U\rVert^2$ comes from one matrix product for all
# points, and $\log|\boldsymbol\Sigma| = 2\sum_i\log L_{ii}$. Both are cheap and numerically stable,
# and the Cholesky factorisation *fails* exactly when $\boldsymbol\Sigma$ is not positive definite —
# which is how bad covariances are caught with a clear message:

# %%
try:
    g.log_gaussian_pdf([[0.0, 0.0]], [0, 0], [[1.0, 2.0], [2.0, 1.0]])
except ValueError as err:
    print("ValueError:", err)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * $\mathcal N(\mathbf x\mid\boldsymbol\mu,\boldsymbol\Sigma)$ is constant on ellipses whose axes are
#   the eigenvectors of $\boldsymbol\Sigma$, with half-lengths $\sqrt{\lambda_i}$ per standard deviation.
# * $\boldsymbol\mu + \mathbf L\mathbf z$ samples it; the density integrates to 1 (checked numerically).
# * Densities underflow to 0 far from the mean and in products over data; log-densities do not.
#   From here on, everything is computed in log space.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. In the 2-D explorer, make the two spreads equal ("σ along x₁" = "σ along x₂") and set $\rho=0$.
#    What shape are the ellipses, and what happens to the principal axes?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. From the starting spreads, push $\rho$ to $0.95$. Which eigenvalue heads towards 0 (read the
#    status line), and what does the density look like?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. How far from the mean, in standard deviations, does the density of a *standard* normal
#    ($\mu=0$, $\sigma=1$, one dimension) underflow to exactly 0 in float64?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. Circles. $\boldsymbol\Sigma=\sigma^2\mathbf I$ has a repeated eigenvalue, so *every* direction
#    is an eigenvector: the principal axes are not unique (`eigh` just returns the coordinate axes).
# 2. The smaller one. The eigenvalues are
#    $\tfrac12\big(\sigma_{x_1}^2+\sigma_{x_2}^2 \pm \sqrt{(\sigma_{x_1}^2-\sigma_{x_2}^2)^2 + 4\rho^2\sigma_{x_1}^2\sigma_{x_2}^2}\big)$;
#    at the starting spreads (1.5 and 1.0) and $\rho=0.95$ they are 3.18 and 0.07: the smaller one is
#    heading towards 0, which it reaches only at $|\rho|=1$. The ellipses collapse towards a line: the two
#    coordinates become (almost) exact linear functions of each other, and $\boldsymbol\Sigma$ nearly singular.
# 3. About $38.6$ standard deviations. The smallest positive float64 is about $5\times10^{-324}$, and
#    $\log(5\times10^{-324})\approx-744.4$. The log-density $-\tfrac12 z^2 - \tfrac12\log 2\pi$ drops below that
#    once $\tfrac12 z^2 + \tfrac12\log 2\pi > 744.4$, i.e. $z > \sqrt{2\,(744.4 - 0.92)}\approx 38.6$. For another
#    $\sigma$ the density is divided by $\sigma$, which shifts the threshold by $\log\sigma$ inside the square root.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: your own `log_gaussian_pdf`
#
# Write `log_gaussian_pdf(X, mean, cov)` yourself, the way section 4 describes: `X` has shape
# $(n, d)$, `mean` shape $(d,)$, `cov` shape $(d, d)$, and the result holds $\log\mathcal N(\mathbf x_i\mid\boldsymbol\mu,\boldsymbol\Sigma)$
# for each row, shape $(n,)$. Use NumPy and SciPy, not `gmm_lab`. Then run the check below it: it
# calls your function on seeded cases, among them the traps — 1-D and 5-D data, a point so far
# away that its density underflows to 0, a nearly singular covariance, Python lists instead of
# arrays — and checks that your function leaves its inputs alone. It says what is wrong, and why.

# %% nbgrader={"grade": false, "grade_id": "log_gaussian_pdf", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np
from scipy.linalg import solve_triangular


def log_gaussian_pdf(X, mean, cov):
    """log N(x | mean, cov) for each row x of X: an array of shape (n,)."""
    # Hint: L = np.linalg.cholesky(cov); Δ² = |L⁻¹(x − μ)|², and log|Σ| = 2 Σᵢ log Lᵢᵢ.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    mean = np.asarray(mean, dtype=float)
    L = np.linalg.cholesky(np.asarray(cov, dtype=float))
    z = solve_triangular(L, (X - mean).T, lower=True)  # column i is L⁻¹(xᵢ − μ)
    squared_distance = np.sum(z**2, axis=0)
    log_det = 2 * np.sum(np.log(np.diag(L)))
    return -0.5 * (X.shape[1] * np.log(2 * np.pi) + log_det + squared_distance)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_log_gaussian_pdf", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} slideshow={"slide_type": "subslide"}
from gmm_lab.course.checks import check_log_gaussian_pdf

check_log_gaussian_pdf(log_gaussian_pdf)
