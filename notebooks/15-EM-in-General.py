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
# # 15 — EM in general: the bound, another model, other steps
#
# **Learning goals.** After this notebook you can
# 1. state $\ln p(\mathbf X\mid\theta) = \mathcal L(q,\theta) + \mathrm{KL}(q\,\|\,p(\mathbf Z\mid\mathbf X,\theta))$
#    for *any* $q$, and read the E-step and the M-step off it;
# 2. derive EM for a model that is not a mixture, a Gaussian with missing coordinates, from the
#    same two steps;
# 3. explain why EM still climbs when the M-step only improves (generalised EM) or when each
#    E-step revisits a few points (incremental EM);
# 4. read and draw the graphical model of a mixture: what is observed, what is latent, what is a parameter.
#
# Notebook 05 (§3) showed the lower bound for one free mean of a 1-D mixture. Here is the whole
# statement, for any model with latent variables (Bishop, *Pattern Recognition and Machine
# Learning*, §9.4).
#
# **Time.** Core path about 35 minutes (§1–§5); no deep dives; the exercise at the end about 15
# minutes.

# %% slideshow={"slide_type": "subslide"}
import numpy as np
from scipy import optimize

import gmm_lab as g
from gmm_lab.course import plotting as gp
from gmm_lab.course.graphs import draw_model
from gmm_lab.course.widgets.general import DecompositionExplorer

X, columns = g.load_faithful()
x = X[:, :1]  # eruption lengths, minutes, as one column
print(f"{len(X)} eruptions; columns: {columns}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Any $q$ gives a lower bound
#
# Let $\mathbf Z$ be the latent variables (for a mixture, every point's component) and $q(\mathbf Z)$
# *any* distribution over them. The product rule, $\ln p(\mathbf X,\mathbf Z\mid\theta) =
# \ln p(\mathbf Z\mid\mathbf X,\theta) + \ln p(\mathbf X\mid\theta)$, averaged over $q$, gives
#
# $$
# \ln p(\mathbf X\mid\theta) = \underbrace{\sum_{\mathbf Z} q(\mathbf Z)\ln\frac{p(\mathbf X,\mathbf Z\mid\theta)}{q(\mathbf Z)}}_{\mathcal L(q,\theta)}
# \;+\; \underbrace{\sum_{\mathbf Z} q(\mathbf Z)\ln\frac{q(\mathbf Z)}{p(\mathbf Z\mid\mathbf X,\theta)}}_{\mathrm{KL}(q\,\|\,p(\mathbf Z\mid\mathbf X,\theta))}.
# $$
#
# Nothing here is about Gaussians. The KL divergence is never negative and is 0 only when $q$ is
# the posterior, so $\mathcal L(q,\theta)\le\ln p(\mathbf X\mid\theta)$ for every $q$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# For a mixture, $q$ is a table of responsibilities, one row per point, and both terms are sums
# over the points. `g.decomposition` computes the three terms each on its own (the KL term from
# its definition, not as a difference). The eruption lengths, two components, a start:

# %%
start = (np.array([[2.5], [4.0]]), np.array([[[0.5]], [[0.5]]]), np.array([0.5, 0.5]))
some_q = {"equal": np.full((len(x), 2), 0.5), "E-step": g.e_step(x, *start)}
for name, q in some_q.items():
    d = g.decomposition(x, q, *start)
    print(f"q {name:<7}: L = {d.bound:8.2f}, KL = {d.kl:6.2f}, L + KL = {d.bound + d.kl:8.2f}, "
          f"ln p = {d.log_likelihood:8.2f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. The E-step closes the gap; the M-step raises the bound
#
# EM alternates two moves on $\mathcal L(q,\theta)$:
#
# * **E-step**: maximise $\mathcal L$ over $q$, $\theta$ fixed. $\ln p$ does not depend on $q$, so
#   this is making the KL term 0: $q$ becomes the posterior (PRML Fig. 9.12).
# * **M-step**: maximise $\mathcal L$ over $\theta$, $q$ fixed. $\mathcal L$ rises; the KL term, 0 before,
#   opens again (the posterior has moved, $q$ has not), so $\ln p$ rises by *more* than
#   $\mathcal L$ (Fig. 9.13).
#
# Left: this half-step's bar, $\ln p$ beside $\mathcal L$ (solid) with the KL gap (hatched) on top;
# the second slider mixes $q$ toward "every component equally likely", and the gap grows. At an
# M half-step, $\theta$ is then the M-step's for that mixed $q$ (`g.m_step(x, q)`, closed form
# for any $q$), so $\mathcal L$ still rises. It opens at iteration 1's E-step (at the start $q$
# is already uniform, and mixing changes nothing).
# Right: every half-step of the first four iterations, $q$ from the last E-step.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
run = g.run_em(x, *start, max_iter=500, tol=1e-6)
DecompositionExplorer(x, run, n_iterations=4)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The gap each M-step opens, which the next E-step closes (it is $\ln p$'s rise minus
# $\mathcal L$'s):

# %%
bound, kl, logp = g.decomposition_path(x, run, n_half_steps=8)
for t in range(1, 5):
    print(f"iteration {t}: M-step raises L by {bound[2 * t] - bound[2 * t - 1]:5.2f} and ln p by "
          f"{logp[2 * t] - logp[2 * t - 1]:5.2f}; gap {kl[2 * t]:5.2f}")
print(f"largest |KL| after an E-step: {np.abs(kl[1::2]).max():.1e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. The same two steps, another model: a Gaussian with missing coordinates
#
# Hide entries of Old Faithful at random: each eruption, with probability 0.4, loses one of its
# two numbers (NaN). We want the mean and covariance of one Gaussian from what is left. The
# latent variables are now the **missing entries** $\mathbf x_{i,m}$; the recipe is the same.
#
# * **E-step**: $q$ is their posterior given the observed entries $\mathbf x_{i,o}$, a Gaussian:
#   $\mathbb E[\mathbf x_{m}\mid\mathbf x_{o}] = \boldsymbol\mu_m + \boldsymbol\Sigma_{mo}\boldsymbol\Sigma_{oo}^{-1}(\mathbf x_{o}-\boldsymbol\mu_o)$,
#   $\mathrm{Cov}[\mathbf x_{m}\mid\mathbf x_{o}] = \boldsymbol\Sigma_{mm} - \boldsymbol\Sigma_{mo}\boldsymbol\Sigma_{oo}^{-1}\boldsymbol\Sigma_{om}$.
# * **M-step**: maximise the expected complete-data log-likelihood. It needs only
#   $\mathbb E[\mathbf x_i]$ and $\mathbb E[\mathbf x_i\mathbf x_i^\top]$: the mean of the filled-in
#   points, and their covariance **plus** the average conditional covariance.

# %%
X_holes = g.hide_at_random(X, 0.4, random_state=0)
holes = np.isnan(X_holes)
print(f"{holes.any(axis=1).sum()} of {len(X)} eruptions lost a number: "
      f"{holes[:, 0].sum()} eruption lengths, {holes[:, 1].sum()} waiting times")
fit = g.run_em_missing(X_holes)
print(f"EM: {fit.n_iter} iterations; observed-data log-likelihood {fit.log_likelihoods[0]:.2f} "
      f"-> {fit.log_likelihoods[-1]:.2f}; smallest change {np.diff(fit.log_likelihoods).min():.1e}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Is it the maximum-likelihood estimate? Ask a general-purpose optimiser (SciPy's BFGS) to maximise
# the same observed-data log-likelihood over $\boldsymbol\mu$ and a Cholesky factor of
# $\boldsymbol\Sigma$, with no EM at all:

# %%
def negative_ll(p):
    L = np.array([[np.exp(p[2]), 0.0], [p[3], np.exp(p[4])]])  # Σ = L Lᵀ, always PD
    return -g.observed_log_likelihood(X_holes, p[:2], L @ L.T)


p0 = np.r_[np.nanmean(X_holes, axis=0), 0.0, 0.0, 0.0]
best = optimize.minimize(negative_ll, p0, method="BFGS")
L = np.array([[np.exp(best.x[2]), 0.0], [best.x[3], np.exp(best.x[4])]])
print(f"BFGS: ln p = {-best.fun:.4f}; EM: {fit.log_likelihoods[-1]:.4f}")
print(f"largest difference: mean {np.abs(best.x[:2] - fit.mean).max():.1e}, "
      f"covariance {np.abs(L @ L.T - fit.covariance).max():.1e}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Against the estimate from all the data before anything was hidden, and two shortcuts: drop
# every incomplete eruption, or fill each hole with its column's mean (no E-step) and fit:

# %%
complete_rows = X_holes[~holes.any(axis=1)]
mean_filled = np.where(holes, np.nanmean(X_holes, axis=0), X_holes)
estimates = {"all data (nothing hidden)": X, "EM": None,
             "drop incomplete rows": complete_rows, "fill with column means": mean_filled}
for name, data in estimates.items():
    mu, S = (fit.mean, fit.covariance) if data is None else (data.mean(0), np.cov(data.T, bias=1))
    print(f"{name:<26} mean {np.round(mu, 2)}  variances {np.round(np.diag(S), 2)}  "
          f"covariance {S[0, 1]:6.2f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Filling with means shrinks the variances and the covariance: every filled point sits on a line,
# and nothing accounts for the spread a hole hides. EM fills in with the *conditional* expectation
# (the regression line through the observed coordinate, below) and adds back the conditional
# variance in the M-step.
#
# Dropping rows is unbiased here only because the holes are completely at random, and it throws
# away the observed half of 96 eruptions.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, ax = gp.new_figure(size=(8.0, 4.2))
done = ~holes.any(axis=1)
ax.scatter(*X[done].T, s=12, color="#999999", marker="o", label="complete eruptions")
for col, marker, colour in ((1, "s", "#0072B2"), (0, "^", "#E69F00")):
    rows = holes[:, col]
    ax.scatter(*fit.filled[rows].T, s=30, marker=marker, color=colour,
               label=f"{columns[col]} missing: filled in by the E-step")
ax.set(xlabel="eruption length (min)", ylabel="waiting time to next (min)",
       title="EM's fill-ins lie on the conditional-mean lines of the fitted Gaussian")
ax.legend(loc="upper left", fontsize=9)
gp.show(fig, alt="Old Faithful scatter: complete eruptions in grey circles; eruptions whose "
                 "waiting time was hidden, filled in as blue squares along one straight "
                 "line; those whose eruption length was hidden, as orange triangles along "
                 "another straight line.")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Generalised and incremental EM
#
# The argument of §2 needs less than EM does:
#
# * **Generalised EM**: an M-step that only *raises* $\mathcal L$ is enough. `g.run_ecm` maximises
#   over one block at a time: weights and means (covariances held), then, after the next E-step,
#   covariances (means held), as in Meng and Rubin's ECM. Each half is cheaper; it needs more passes.
# * **Incremental EM** (Neal and Hinton, 1998): $\mathcal L$ is a sum over points, and an E-step for a
#   *few* points already raises it. `g.incremental_em` makes the E-step of a mini-batch, replaces
#   those points' old contributions to the sums $\sum_i r_{ij}$, $\sum_i r_{ij}\mathbf x_i$,
#   $\sum_i r_{ij}\mathbf x_i\mathbf x_i^\top$ by their new ones, and makes the M-step from the sums:
#   many M-steps per pass over the data.

# %% slideshow={"slide_type": "subslide"}
Z = (X - X.mean(axis=0)) / X.std(axis=0)  # both columns on one scale
start2 = g.init_params(Z, 2, random_state=0)
passes = 40
curves = {"EM": g.run_em(Z, *start2, max_iter=passes, tol=None).log_likelihoods,
          "ECM (partial M-step)": g.run_ecm(Z, *start2, max_iter=passes, tol=None).log_likelihoods}
for size in (1, 20):
    inc = g.incremental_em(Z, *start2, batch_size=size, n_passes=passes, random_state=0)
    curves[f"incremental, {size} point{'s' * (size > 1)} at a time"] = inc.log_likelihoods
top = max(c.max() for c in curves.values())
for name, c in curves.items():
    print(f"{name:<32} within 0.01 of the best after {np.argmax(c > top - 0.01):>2} passes")

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, ax = gp.new_figure(size=(8.0, 4.0))
for (name, c), marker, ls in zip(curves.items(), "osD^", ("-", "--", ":", "-.")):
    ax.plot(c, marker=marker, ls=ls, ms=4, lw=1.6, label=name)
ax.set(xlabel="passes over the data", ylabel="log-likelihood",
       title="the same start, the same data: log-likelihood per pass")
ax.legend(loc="lower right", fontsize=9)
gp.show(fig, alt="Log-likelihood against passes over the data for EM, ECM and incremental EM "
                 "with 1 and 20 points per update, from one start on standardised Old "
                 "Faithful: the incremental runs climb off the early plateau in fewer "
                 "passes, ECM takes the most.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The sums must stay exact: after a pass of updates, they equal the sums recomputed from every
# point's latest responsibilities, and its M-step equals `g.m_step` on those responsibilities:

# %%
stats = inc.statistics
again = g.sufficient_statistics(Z, inc.responsibilities, shift=stats.shift)
pairs = zip((stats.S0, stats.S1, stats.S2), (again.S0, again.S1, again.S2))
print(f"largest difference in the sums: {max(np.abs(a - b).max() for a, b in pairs):.1e}")
direct = g.m_step(Z, inc.responsibilities)
print(f"M-step from the sums against g.m_step: means differ by "
      f"{np.abs(g.m_step_from_statistics(stats).means - direct.means).max():.1e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. The graphical model of a mixture
#
# A graphical model draws the factorisation of the joint distribution: a circle per random
# variable, **shaded** when it is observed, a small dot per parameter, an arrow from each factor's
# conditioning variables to its variable, and a **plate** for "repeated for $i = 1,\dots,n$".
# Left to right, PRML Figs. 9.4, 9.6 and 9.9 in this course's letters: one point,
# $p(\mathbf x, z) = p(z)\,p(\mathbf x\mid z)$; $n$ points with their parameters,
# $\prod_i p(z_i\mid\boldsymbol\pi)\,p(\mathbf x_i\mid z_i,\boldsymbol\mu,\boldsymbol\Sigma)$, $z_i\in\{1,\dots,K\}$;
# and the same with every $z_i$ observed, the **complete data**.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, axes = gp.new_figure(1, 3, size=(10.0, 3.2))
titles = ("one point: z latent", "n points and the parameters", "complete data: every zᵢ observed")
for ax, kind, title in zip(axes, ("latent", "plate", "complete"), titles):
    draw_model(kind, ax)
    ax.set_title(title, fontsize=11)
gp.show(fig, alt="Three graphical models. Left: an open circle z with an arrow to a shaded "
                 "circle x. Middle: inside a plate marked n, open z_i above shaded x_i; a "
                 "dot pi points to z_i, dots mu and Sigma point to x_i. Right: the same with "
                 "z_i shaded too.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# With every $z_i$ observed (right), the log-likelihood splits into one term per component, and
# each is maximised in closed form: the M-step with one-hot responsibilities is the whole fit.
# EM's E-step replaces the unknown one-hot $z_i$ by its expectation, the responsibilities; that
# is what the open circle costs.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * For any $q$: $\ln p(\mathbf X\mid\theta) = \mathcal L(q,\theta) + \mathrm{KL}(q\,\|\,p(\mathbf Z\mid\mathbf X,\theta))$,
#   and $\mathrm{KL}\ge0$. The E-step closes the gap; the M-step raises $\mathcal L$, and $\ln p$ by more.
# * The same two steps give EM for other models: for a Gaussian with missing entries, the E-step
#   fills in conditional expectations and keeps conditional covariances; the M-step needs both.
# * Any step that raises $\mathcal L$ will do: a partial M-step (generalised EM, ECM) or an
#   E-step over a few points with exact running sums (incremental EM).
# * A graphical model draws the factorisation: shaded is observed, open is latent, a dot is a parameter.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. In the figure of §2, set the half-step to an E-step and move the mixing slider. Which bar
#    moves, and which never does? Why?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. Hide more: `g.hide_at_random(X, 0.9, random_state=0)`. Does EM still agree with BFGS? How
#    many eruptions keep both numbers, and how many iterations does EM need now?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. Incremental EM with one point at a time makes 272 M-steps per pass. Why does it not take
#    272 times fewer passes than EM?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. The $\ln p$ bar never moves: it depends on $\theta$ only, and the slider changes $q$. The
#    bound falls and the KL gap grows by the same amount, so their stack keeps $\ln p$'s height.
# 2. Yes: both maximise the same function. Their log-likelihoods agree to better than $10^{-7}$
#    and the estimates to about $2\times10^{-4}$ (BFGS stops a little short of the top; EM ran
#    until its log-likelihood settled). Only 37 eruptions keep both numbers (176 at 0.4), so the
#    likelihood is flatter and EM needs 89 iterations instead of 14: the more information is
#    missing, the slower EM converges.
# 3. Each update moves the parameters by what a few points say, and the sums still hold the other
#    points' responsibilities from older parameters. Above, one point at a time came within 0.01
#    of the best in 13 passes, 20 points at a time in 14, EM in 20: fewer, nowhere near 272 times
#    fewer, and each pass makes 272 M-steps instead of one.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: the E-step for missing coordinates
#
# Write `fill_in(X, mean, covariance)`: `X` has NaN for missing entries. Return `filled`, `X` with
# each NaN replaced by $\mathbb E[\mathbf x_m\mid\mathbf x_o]$, and `conditional`, shape (n, d, d),
# each row's $\mathrm{Cov}[\mathbf x_m\mid\mathbf x_o]$ in its missing rows and columns, 0 elsewhere.
# The check tries 2-D and 4-D data, rows with several holes and none, a nearly singular
# covariance, and Python lists; leave `X` unchanged.

# %% nbgrader={"grade": false, "grade_id": "fill_in", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np


def fill_in(X, mean, covariance):
    """E-step of a Gaussian with missing entries: (filled (n, d), conditional (n, d, d))."""
    # Hint: per row, m = np.isnan(row), o = ~m; gain = Σ[m, o] Σ[o, o]⁻¹ (np.linalg.solve).
    ### BEGIN SOLUTION
    X, mean, S = (np.asarray(a, dtype=float) for a in (X, mean, covariance))
    filled, conditional = X.copy(), np.zeros((len(X), X.shape[1], X.shape[1]))
    for i, row in enumerate(X):
        m = np.isnan(row)
        o = ~m
        gain = np.linalg.solve(S[np.ix_(o, o)], S[np.ix_(o, m)]).T  # Σ_mo Σ_oo⁻¹
        filled[i, m] = mean[m] + gain @ (row[o] - mean[o])
        conditional[i][np.ix_(m, m)] = S[np.ix_(m, m)] - gain @ S[np.ix_(o, m)]
    return filled, conditional
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_fill_in", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} slideshow={"slide_type": "subslide"}
from gmm_lab.course.checks import check_fill_in

check_fill_in(fill_in)
