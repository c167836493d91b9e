# ---
# jupyter:
#   jupytext:
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
# # Practice for the exam: EM, k-means and BIC on paper
#
# Four short problems to do with a pen and a calculator, in about 45 minutes. Write down
# each step: the exam marks the working, not only the number. Round to three decimals.
# `make pdf` prints this sheet (build/pdf/); the worked answers are in the instructor's
# edition only (`make pdf EDITION=instructor`).

# %% [markdown]
# ## Problem 1. One EM iteration by hand (1-D, two components)
#
# Five points: $x = (-1,\ 0,\ 1,\ 2,\ 4)$. Start from $\pi_1 = \pi_2 = \tfrac12$,
# $\mu_1 = 0$, $\mu_2 = 2$, $\sigma_1^2 = \sigma_2^2 = 1$.
#
# 1. **E-step.** Show that with equal weights and variances the responsibility of component 1
#    is $r_{i1} = 1 / \bigl(1 + e^{-(2 - 2x_i)}\bigr)$ here, and compute it for the five points.
# 2. **M-step.** Compute $N_1 = \sum_i r_{i1}$ and $N_2$, then the new $\pi_k$, $\mu_k$ and
#    $\sigma_k^2$ (the variance about the *new* mean).
# 3. Which point moved the most weight from one component to the other, and why does
#    $\sigma_2^2$ grow while $\sigma_1^2$ shrinks?

# %% [markdown]
# <details><summary>Answers</summary>
#
# 1. $r_{i1} = \dfrac{\tfrac12\,\mathcal N(x_i\mid 0,1)}{\tfrac12\,\mathcal N(x_i\mid 0,1) +
#    \tfrac12\,\mathcal N(x_i\mid 2,1)} = \dfrac{1}{1 + e^{-\frac12\left((x_i-2)^2 - x_i^2\right)}}$,
#    and $\tfrac12\bigl((x_i-2)^2 - x_i^2\bigr) = 2 - 2x_i$. For $x = (-1, 0, 1, 2, 4)$ the
#    exponents $2-2x_i$ are $(4, 2, 0, -2, -6)$, so
#    $r_{i1} = (0.982,\ 0.881,\ 0.500,\ 0.119,\ 0.002)$ and $r_{i2} = 1 - r_{i1}$.
# 2. $N_1 = 2.484$, $N_2 = 2.516$, so $\pi = (0.497,\ 0.503)$.
#    $\sum_i r_{i1} x_i = -0.234$ and $\sum_i r_{i2} x_i = 6.234$, so
#    $\mu_1 = -0.234 / 2.484 = -0.094$ and $\mu_2 = 6.234 / 2.516 = 2.478$.
#    $\sigma_k^2 = \frac{1}{N_k}\sum_i r_{ik} (x_i - \mu_k)^2$ gives
#    $\sigma_1^2 = 0.795$ and $\sigma_2^2 = 1.810$.
#    The log-likelihood rises from $-10.093$ to $-9.466$ (EM never lowers it).
# 3. The point $x = 4$ belongs almost wholly to component 2 ($r = 0.998$); it lies 1.5 from
#    the new $\mu_2$, which widens component 2. Component 1 keeps the three points near 0,
#    whose spread is less than 1, so its variance shrinks.
#
# </details>

# %% [markdown]
# ## Problem 2. A k-means step by hand
#
# Six points in the plane: $A=(1,1)$, $B=(2,1)$, $C=(1,2)$, $D=(4,3)$, $E=(5,4)$, $F=(4,5)$.
# Start with the centres $c_1 = (1,1)$ and $c_2 = (2,1)$.
#
# 1. **Assign** each point to its nearest centre (squared Euclidean distance) and compute
#    the distortion $J = \sum_i \lVert x_i - c_{z_i}\rVert^2$.
# 2. **Update** the centres, and compute $J$ again with the same assignment.
# 3. Assign again: which point changes cluster, and what is $J$ now? Why can $J$ never rise
#    from one half-step to the next?

# %% [markdown]
# <details><summary>Answers</summary>
#
# 1. Squared distances to $(c_1, c_2)$: $A$ (0, 1), $B$ (1, 0), $C$ (1, 2), $D$ (13, 8),
#    $E$ (25, 18), $F$ (25, 20). So cluster 1 is $\{A, C\}$, cluster 2 is $\{B, D, E, F\}$,
#    and $J = 0 + 0 + 1 + 8 + 18 + 20 = 47$.
# 2. $c_1 = (1, 1.5)$ and $c_2 = (3.75, 3.25)$; with the same assignment $J = 14.0$
#    ($0.5$ from cluster 1, $13.5$ from cluster 2, of which $B$ alone gives $8.125$).
# 3. $B$ moves to cluster 1: its squared distance to $c_1$ is $1.25$, to $c_2$ $8.125$.
#    Now $J = 7.125$. Each half-step minimises $J$ over its own half (the assignment with the
#    centres fixed, the centres, as means, with the assignment fixed), so $J$ cannot rise:
#    $47 \to 14.0 \to 7.125$.
#
# </details>

# %% [markdown]
# ## Problem 3. Choosing K with BIC, by hand
#
# Gaussian mixtures with full covariances were fitted to the Old Faithful data ($n = 272$
# eruptions, $d = 2$: duration and waiting time), the best of ten starts for each $K$. Their
# log-likelihoods:
#
# | $K$ | 1 | 2 | 3 |
# | --- | --- | --- | --- |
# | $\log L$ | $-1289.8$ | $-1130.3$ | $-1114.4$ |
#
# 1. How many free parameters $p$ has a $K$-component full-covariance mixture in $d = 2$?
# 2. Compute $\mathrm{BIC} = -2 \log L + p \ln n$ (with $\ln 272 = 5.606$) for each $K$. Which
#    $K$ does BIC choose?
# 3. Compute $\mathrm{AIC} = -2 \log L + 2p$. Which $K$ does AIC choose, and why do the two
#    disagree?

# %% [markdown]
# <details><summary>Answers</summary>
#
# 1. Per component: 2 for the mean and 3 for the symmetric $2\times2$ covariance; plus $K-1$
#    weights. $p = 5K + K - 1 = 6K - 1$: $p = 5,\ 11,\ 17$.
# 2. From the table: BIC $= 2607.6$ ($K=1$), $2322.3$ ($K=2$), $2324.1$ ($K=3$): the smallest is
#    $K = 2$, by 1.8. (From the unrounded log-likelihoods: $2607.6$, $2322.2$, $2324.2$.)
# 3. AIC $= 2589.6$, $2282.6$, $2262.8$: AIC chooses $K = 3$. Going from 2 to 3 components
#    raises $\log L$ by $15.9$, i.e. lowers $-2\log L$ by $31.8$, for 6 more parameters: AIC
#    charges $2 \times 6 = 12$ for them, BIC $5.606 \times 6 = 33.6$. BIC's penalty grows with
#    $\ln n$, so it prefers fewer components.
#
# </details>

# %% [markdown]
# ## Problem 4. Reading a responsibility off a figure
#
# The figure shows the two weighted components $\pi_k\,\mathcal N(x \mid \mu_k, \sigma_k^2)$
# of a 1-D mixture (solid: component 1, dashed: component 2).

# %% tags=["hide-input"]
import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import norm

from gmm_lab.course.plotting import PALETTE, new_figure, show

WEIGHTS, MEANS, SIGMAS, PROBE = (0.6, 0.4), (0.0, 3.0), (1.0, 1.5), 2.0
x = np.linspace(-3, 7, 401)
fig, ax = new_figure(size=(7, 3.4))
for k, style in enumerate(["-", "--"]):
    ax.plot(x, WEIGHTS[k] * norm.pdf(x, MEANS[k], SIGMAS[k]), style, color=PALETTE[k], lw=2.2,
            label=f"component {k + 1}: $\\pi_{k + 1}\\,\\mathcal{{N}}(x)$")
ax.axvline(PROBE, color="black", lw=1, ls=":")
ax.set_xticks(np.arange(-3, 8))
ax.set_yticks(np.arange(0, 0.26, 0.02))
ax.grid(True, color="0.85")
ax.set(xlim=(-3, 7), ylim=(0, 0.25), xlabel="$x$", ylabel="weighted density")
ax.legend(loc="upper right")
show(fig, "Two weighted Gaussian densities over x from -3 to 7: component 1 (solid) peaks at "
     "x = 0 with height 0.24, component 2 (dashed) at x = 3 with height 0.11; a dotted line "
     "marks x = 2, where component 1 is about 0.03 high and component 2 about 0.085.")

# %% [markdown]
# 1. Read the two curves' heights at the dotted line, $x = 2$, and compute the responsibility
#    of component 1 for a point at $x = 2$.
# 2. Where, roughly, is the responsibility of component 1 exactly $\tfrac12$? Is it closer to
#    $\mu_1$ or to $\mu_2$, and why?
# 3. Without computing: for a point at $x = 6$, which component is responsible?

# %% [markdown]
# <details><summary>Answers</summary>
#
# 1. At $x = 2$ the heights are about $0.032$ (component 1) and $0.085$ (component 2), so
#    $r_1 = 0.032 / (0.032 + 0.085) \approx 0.28$ (exactly $0.276$ from the densities, with
#    $\pi = (0.6, 0.4)$, $\mu = (0, 3)$, $\sigma = (1, 1.5)$).
# 2. Where the curves cross, at $x \approx 1.58$: closer to $\mu_2 = 3$ than to $\mu_1 = 0$
#    in distance, because component 1 has the larger weight and, near its mean, the taller
#    curve; the point must be far enough from $\mu_1$ for the narrower component to lose.
# 3. Component 2: its wider (dashed) curve lies above the solid one for every $x$ right of
#    the crossing, and the narrow component 1 falls off faster far from its mean.
#
# </details>
