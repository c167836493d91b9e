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
# # 05 — EM: alternate, and watch the likelihood climb
#
# **Learning goals.** After this notebook you can
# 1. write the EM loop and say what each half-step changes;
# 2. explain *why* the log-likelihood can never decrease, and check it on real runs;
# 3. choose a stopping rule and read a log-likelihood curve;
# 4. show that different starting points can end in different answers, and what to do about it.
#
# The data: 272 eruptions of the Old Faithful geyser — how long each eruption lasted and how
# long until the next one (Bishop, *Pattern Recognition and Machine Learning*, Fig. 9.8).

# %%
import matplotlib.pyplot as plt
import numpy as np

import gmm_lab as g
from gmm_lab import plotting as gp
from gmm_lab import widgets as gw

X, columns = g.load_faithful()
print(f"{len(X)} eruptions; columns: {columns}")

# %% [markdown]
# ## 1. The loop
#
# Start from some $\theta^{(0)}$, then repeat for $t=1,2,\dots$
#
# * **E-step**: $r^{(t)}_{ij} = P(z_i=j\mid\mathbf x_i,\theta^{(t-1)})$ (notebook 03);
# * **M-step**: $\theta^{(t)}$ = weighted fractions, means and covariances from $r^{(t)}$ (notebook 04);
# * record $\ell(\theta^{(t)}) = \sum_i\log\sum_j\pi_j\mathcal N(\mathbf x_i\mid\boldsymbol\mu_j,\boldsymbol\Sigma_j)$
#   and stop when it changes by less than `tol`.
#
# `gmm_lab.run_em` is that loop, and it keeps every iteration in `history`, so the sliders below
# only *look up* precomputed states; nothing is refitted while you drag.

# %%
start = g.init_params(X, 2, random_state=0)
fit = g.run_em(X, *start, tol=1e-6)
print(f"converged: {fit.converged}, after {fit.n_iter} iterations")
print(f"log-likelihood: start {fit.history[0].log_likelihood:.3f} -> end {fit.log_likelihood:.3f}")
print("first five:", np.round(fit.log_likelihoods[:5], 3))

# %% [markdown]
# ## 2. Step through it
#
# Each click is a **half-step**. After an E-step the ellipses have not moved but the colours
# (responsibilities) have; after an M-step the ellipses jump to fit the colours. On the right,
# the ring marks where you are on the log-likelihood curve. The random start puts both means on
# data points and gives both components the covariance of *all* the data, so early iterations
# are slow: the components must first break their symmetry.

# %%
gw.EMExplorer(X, 2, seeds=range(8), max_iter=200, xlabel="eruption length (min)", ylabel="waiting time to next (min)")

# %% [markdown]
# ## 3. Why the log-likelihood never decreases
#
# For any distribution $q_i(j)$ over the label of point $i$, Jensen's inequality gives a lower bound:
#
# $$
# \log p(\mathbf x_i\mid\theta) = \log\sum_j q_i(j)\,\frac{\pi_j\mathcal N_j(\mathbf x_i)}{q_i(j)}
# \;\ge\; \sum_j q_i(j)\log\frac{\pi_j\mathcal N_j(\mathbf x_i)}{q_i(j)} \;=:\; \mathcal L_i(q_i,\theta),
# $$
#
# and the gap is exactly $\mathrm{KL}\big(q_i\,\|\,P(z_i\mid\mathbf x_i,\theta)\big)\ge0$. So:
#
# * the **E-step** sets $q_i = P(z_i\mid\mathbf x_i,\theta^{(t-1)})$: the gap closes, the bound touches $\ell(\theta^{(t-1)})$;
# * the **M-step** maximises the bound over $\theta$ (that is $Q$ of notebook 04, plus a constant), so it cannot go down;
# * hence $\ell(\theta^{(t)}) \ge \mathcal L(q,\theta^{(t)}) \ge \mathcal L(q,\theta^{(t-1)}) = \ell(\theta^{(t-1)})$.
#
# A proof is nice; a check is nicer. Across 16 runs from different starts, the smallest step:

# %%
smallest = []
for seed in range(16):
    run = g.run_em(X, *g.init_params(X, 2, random_state=seed), tol=1e-6, max_iter=500, reg_covar=0.0)
    ll = np.array([run.history[0].log_likelihood] + run.log_likelihoods)
    smallest.append(np.diff(ll).min())
print(f"smallest change in 16 runs: {min(smallest):.2e}  (never negative: {min(smallest) >= 0})")

# %% [markdown]
# That check used plain EM (`reg_covar=0`), the algorithm the proof is about, and stopped at
# `tol=1e-6`. Two caveats for real code: with `reg_covar>0` the M-step is no longer the exact
# maximiser, so the guarantee holds only approximately; and once the true increase is below about
# $10^{-10}$ (on a total of $-1130$, the 13th significant digit) rounding noise can show up as
# tiny "decreases". Asking for `tol` below that is asking for noise.
#
# ## 4. When to stop
#
# `run_em` stops when $|\ell(\theta^{(t)})-\ell(\theta^{(t-1)})| <$ `tol`, on the **total**
# log-likelihood (scikit-learn uses the per-point average, so its `tol` is $n$ times smaller in
# these units). The curve is typically a fast rise, a plateau, sometimes a second rise — a
# small `tol` guards against stopping on a plateau. The costs of three choices:

# %%
for tol in [1e-1, 1e-4, 1e-8]:
    r = g.run_em(X, *start, tol=tol, max_iter=1000)
    print(f"tol={tol:<6g} iterations {r.n_iter:>3}   log-likelihood {r.log_likelihood:.6f}")

# %% [markdown]
# ## 5. Different starts, different answers
#
# With $K=2$ every start above ends at the same fit. With $K=3$ the likelihood has several
# **local maxima**, and EM climbs whichever hill it starts on. Pick a seed, move to the end, and
# compare the final log-likelihoods in the status line.

# %%
gw.EMExplorer(X, 3, seeds=range(8), max_iter=400, xlabel="eruption length (min)", ylabel="waiting time to next (min)")

# %% [markdown]
# The distinct end points, side by side. Higher is better *for the data at hand*; the standard
# remedy is to run several starts and keep the best (scikit-learn's `n_init`).

# %%
ends = {}
for seed in range(8):
    r = g.run_em(X, *g.init_params(X, 3, random_state=seed), tol=1e-6, max_iter=2000)
    ends.setdefault(round(r.log_likelihood, 2), (seed, r))
fig, axes = gp.new_figure(1, len(ends), size=(3.4 * len(ends), 3.4))
for ax, (ll, (seed, r)) in zip(axes, sorted(ends.items(), reverse=True)):
    gp.plot_responsibilities(X, r.responsibilities, ax=ax, s=8)
    gp.plot_ellipses(r.means, r.covariances, ax=ax, n_std=(1, 2))
    ax.set(title=f"seed {seed}: log-lik {ll:.2f}", xlabel="eruption (min)")
axes[0].set_ylabel("waiting (min)")
plt.show()

# %% [markdown]
# ## Summary
#
# * EM alternates an E-step (responsibilities) and an M-step (weighted refit).
# * The log-likelihood never decreases: the E-step makes a lower bound tight, the M-step raises it.
# * Stop on a small change of the total log-likelihood; keep the history to see how you got there.
# * EM finds a *local* maximum; several starts (and keeping the best) is standard practice.
#
# ## Try it
#
# 1. In the first explorer, which iterations raise the log-likelihood most? What happens to the ellipses then?
# 2. Can an E-step change the log-likelihood? Look at the ring as you step.
# 3. With $K=3$, is the fit with the highest log-likelihood the "right" one? What else would you check?
#
# <details><summary>Answers</summary>
#
# 1. The big jumps come when the two components stop sharing the data and each takes one cluster;
#    before that, both ellipses are nearly the whole data's covariance and move slowly.
# 2. No: the E-step changes $q$, not $\theta$, and $\ell$ depends on $\theta$ only. The ring stays at
#    the same height on an E-step; only M-steps move it up.
# 3. Not necessarily: a third component may just model a few points (look at its weight and
#    ellipse). Compare models with a held-out likelihood or a criterion such as BIC, and ask whether
#    the components mean something.
#
# </details>

# %% [markdown]
# ## Exercise: your own EM loop
#
# Write `run_em(X, means, covariances, weights)`: from the given start, repeat E-step, M-step
# (plain EM: `reg_covar=0`) and record the log-likelihood, until it changes by less than `tol`.
# Use `g.e_step`, `g.m_step` and `g.log_likelihood` (or your own from notebooks 03 and 04). Return
# `(means, covariances, weights, log_likelihoods)`; the trace may start with the start's
# log-likelihood or not. The check follows plain EM from the same start and tells you where your
# loop leaves it.

# %% nbgrader={"grade": false, "grade_id": "run_em", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np

import gmm_lab as g


def run_em(X, means, covariances, weights, tol=1e-6, max_iter=500):
    """Plain EM from the start given; returns (means, covariances, weights, log_likelihoods)."""
    # Hint: keep a list with the start's log-likelihood; each pass: r = g.e_step(...), then g.m_step(X, r, reg_covar=0), then append; stop on a change < tol.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    log_likelihoods = [g.log_likelihood(X, means, covariances, weights)]
    for _ in range(max_iter):
        r = g.e_step(X, means, covariances, weights)
        weights, means, covariances = g.m_step(X, r, reg_covar=0.0)  # new arrays: the start is untouched
        log_likelihoods.append(g.log_likelihood(X, means, covariances, weights))
        if abs(log_likelihoods[-1] - log_likelihoods[-2]) < tol:
            break
    return means, covariances, weights, log_likelihoods
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_run_em", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from gmm_lab.checks import check_run_em

check_run_em(run_em)
