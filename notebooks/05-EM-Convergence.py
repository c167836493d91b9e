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
# # 05 — EM: alternate, and watch the likelihood climb
#
# **Learning goals.** After this notebook you can
# 1. write the EM loop yourself from `e_step`, `m_step` and `log_likelihood`, and say what each half-step changes;
# 2. explain *why* the log-likelihood can never decrease — EM climbs a lower bound — and check it on real runs;
# 3. choose a stopping rule and read a log-likelihood curve;
# 4. show that different starting points can end in different answers, and what to do about it.
#
# The data: 272 eruptions of the Old Faithful geyser — how long each eruption lasted and how
# long until the next one (Bishop, *Pattern Recognition and Machine Learning*, Fig. 9.8). We
# start with the eruption lengths alone, in one dimension, where every number fits in a picture.
#
# **Time.** Core path about 80 minutes (§1–§6); no deep dives; the exercise at the end about 15
# minutes.

# %% slideshow={"slide_type": "subslide"}
import numpy as np

import gmm_lab as g
from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets.convergence import EMExplorer
from gmm_lab.course.widgets.convergence_1d import BoundExplorer, EM1DExplorer

X, columns = g.load_faithful()
x = X[:, 0]  # eruption lengths, minutes
print(f"{len(X)} eruptions; columns: {columns}; eruption lengths from {x.min()} to {x.max()} min")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The loop, written out
#
# Start from some $\theta^{(0)}$, then repeat for $t=1,2,\dots$
#
# * **E-step**: $r^{(t)}_{ij} = P(z_i=j\mid x_i,\theta^{(t-1)})$ (notebook 03);
# * **M-step**: $\theta^{(t)}$ = weighted fractions, means and variances from $r^{(t)}$ (notebook 04);
# * record $\ell(\theta^{(t)}) = \sum_i\log\sum_j\pi_j\,\mathcal N(x_i\mid\mu_j,\sigma_j^2)$
#   and stop when it changes by less than `tol`.

# %% [markdown] slideshow={"slide_type": "subslide"}
# That is the whole algorithm. In code, with the three functions of the previous notebooks:

# %%
def em(x, means, covs, weights, max_iter=100, tol=1e-4):
    """EM for a Gaussian mixture: E-step, M-step, until the log-likelihood settles."""
    trace = [g.log_likelihood(x, means, covs, weights)]  # the start
    for t in range(1, max_iter + 1):
        resp = g.e_step(x, means, covs, weights)  # E-step: responsibilities
        weights, means, covs = g.m_step(x, resp)  # M-step: refit every component
        trace.append(g.log_likelihood(x, means, covs, weights))
        if abs(trace[-1] - trace[-2]) < tol:
            break
    return means, covs, weights, np.array(trace)

# %% [markdown]
# A poor start: two overlapping bells of variance 1 in the middle of the data. Run the loop from
# there:

# %%
start = (np.array([[3.0], [3.6]]), np.array([[[1.0]], [[1.0]]]), np.array([0.5, 0.5]))
means, covs, weights, trace = em(x, *start, max_iter=500, tol=1e-6)
print(f"{len(trace) - 1} iterations; log-likelihood {trace[0]:.3f} -> {trace[-1]:.3f}")
print("means", means.ravel().round(3), " std devs", np.sqrt(covs.ravel()).round(3))
print("weights", weights.round(3))

# %% [markdown] slideshow={"slide_type": "subslide"}
# `gmm_lab.run_em` is this loop, with checks on the input, a `ConvergenceWarning` when it runs
# out of iterations, and a `history` of every iteration (so that the sliders below only *look
# up* states; nothing is refitted while you drag). Same start, same numbers:

# %%
run1d = g.run_em(x, *start, max_iter=500, tol=1e-6)
same = np.allclose(run1d.log_likelihoods, trace, rtol=0, atol=1e-9)
print(f"run_em: {run1d.n_iter} iterations; the same trace to 1e-9: {same}")
print(f"largest difference in the means: {np.abs(run1d.means - means).max():.1e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Step through it in one dimension
#
# Each click is a **half-step**. After an E-step the bells have not moved but the colours of the
# points (under the histogram) have: each point takes its most likely component's colour and
# shape, the colour faded to grey where the two are equally likely. After an M-step the bells jump to fit the colours.
# In the second panel (on the right; below, in the static picture), the ring marks the log-likelihood of the *current* parameters. Focus the slider
# and press **End** to jump to the last half-step (**Home** goes back to the start).

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
EM1DExplorer(x, run1d, xlabel="eruption length (min)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Why the log-likelihood never decreases
#
# For any distribution $q_i(j)$ over the label of point $i$, Jensen's inequality
# ($\log$ of an average $\ge$ average of the $\log$) gives a **lower bound**:
#
# $$
# \log p(x_i\mid\theta) = \log\sum_j q_i(j)\,\frac{\pi_j\mathcal N_j(x_i)}{q_i(j)}
# \;\ge\; \sum_j q_i(j)\log\frac{\pi_j\mathcal N_j(x_i)}{q_i(j)} \;=:\; \mathcal L_i(q_i,\theta).
# $$

# %% [markdown] slideshow={"slide_type": "subslide"}
# The gap between the two sides is the **Kullback–Leibler divergence**
# $\mathrm{KL}(q\,\|\,p) = \sum_j q(j)\log\frac{q(j)}{p(j)}$, a measure of how far the
# distribution $q$ is from $p$: it is never negative, and it is 0 exactly when $q=p$. Here
# $\log p(x_i\mid\theta) - \mathcal L_i(q_i,\theta) = \mathrm{KL}\big(q_i\,\|\,P(z_i\mid x_i,\theta)\big)\ge0$. So:
#
# * the **E-step** sets $q_i = P(z_i\mid x_i,\theta^{(t-1)})$, the responsibilities: the gap closes, and the
#   bound $\mathcal L(q,\theta)=\sum_i\mathcal L_i$ *touches* $\ell(\theta)$ at $\theta^{(t-1)}$;
# * the **M-step** maximises the bound over $\theta$ (it is the $Q$ of notebook 04 plus the
#   entropy of $q$, which does not depend on $\theta$), so it cannot go down;
# * hence $\ell(\theta^{(t)}) \ge \mathcal L(q,\theta^{(t)}) \ge \mathcal L(q,\theta^{(t-1)}) = \ell(\theta^{(t-1)})$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# To *see* it, free a single parameter. Below, the mixture of eruption lengths has all its
# parameters fixed except the mean $\mu_1$ of the first component, so $\ell$ is a curve over
# $\mu_1$ (black). Each E-step draws the bound $\mathcal L(q,\mu_1)$ (green) for the current
# responsibilities: it touches $\ell$ at the current $\mu_1$ and lies below it everywhere else.
# The M-step moves $\mu_1$ to the top of the bound, where $\ell$ is higher still; the dotted
# gap is the KL divergence the next E-step closes (this is Bishop's Fig. 9.14, made to move).

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
bound = BoundExplorer(x, [3.9, 4.3], [0.4, 0.45], [0.35, 0.65], grid=np.linspace(1.2, 5.2, 161),
                      xlabel="eruption length (min)")
bound

# %% [markdown] slideshow={"slide_type": "subslide"}
# `gmm_lab.lower_bound` computes $\mathcal L(q,\theta)$; a check that the bound is tight right
# after the E-step, and strictly below for any other $q$:

# %%
theta = (run1d.history[3].means, run1d.history[3].covariances, run1d.history[3].weights)
q_estep = g.e_step(x, *theta)
q_other = np.random.default_rng(0).dirichlet([1.0, 1.0], size=len(x))
print(f"log-likelihood          {g.log_likelihood(x, *theta):.6f}")
print(f"bound, q from the E-step {g.lower_bound(x, q_estep, *theta):.6f}")
print(f"bound, some other q      {g.lower_bound(x, q_other, *theta):.6f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# A proof is nice; a check on real runs is nicer. Across 16 runs on the 2-D data from different
# starts, the smallest change of the log-likelihood from one iteration to the next:

# %%
smallest = []
for seed in range(16):
    start_s = g.init_params(X, 2, random_state=seed)
    run = g.run_em(X, *start_s, tol=1e-6, max_iter=500, reg_covar=0.0)
    smallest.append(np.diff(run.log_likelihoods).min())
print(f"smallest change in 16 runs: {min(smallest):.2e}  (never negative: {min(smallest) >= 0})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# That check used plain EM (`reg_covar=0`), the algorithm the proof is about, and stopped at
# `tol=1e-6`. Two caveats for real code: with `reg_covar>0` the M-step is no longer the exact
# maximiser, so the guarantee holds only approximately; and once the true increase is below about
# $10^{-10}$ (on a total of $-1130$, that is the 14th significant digit; a float64 carries about
# 16) rounding noise can show up as
# tiny "decreases". Asking for `tol` below that is asking for noise.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Two dimensions: Old Faithful, step by step
#
# The same half-steps on both columns, eruption length and waiting time, with ellipses for the
# components. The random start puts both means on data points and gives both components the
# covariance of *all* the data, so early iterations are slow: the components must first break
# their symmetry. The dropdown picks the start (the seed of `init_params`); `g.run_restarts`
# ran EM from each.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
runs2 = g.run_restarts(X, 2, range(8), max_iter=200, tol=1e-6)
EMExplorer(X, runs2, xlabel="eruption length (min)", ylabel="waiting time to next (min)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. When to stop
#
# `run_em` stops when $|\ell(\theta^{(t)})-\ell(\theta^{(t-1)})| <$ `tol`, on the **total**
# log-likelihood. scikit-learn's `tol` applies to the *average* log-likelihood per point, so
# in our units a `tol` of theirs counts $n$ times over ($n=272$ here). The curve is typically a
# fast rise, a plateau, sometimes a second rise — a small `tol` guards against stopping on a
# plateau. The costs of three choices:

# %%
start2 = g.init_params(X, 2, random_state=0)
for tol in [1e-1, 1e-4, 1e-8]:
    r = g.run_em(X, *start2, tol=tol, max_iter=1000)
    print(f"tol={tol:<6g} iterations {r.n_iter:>3}   log-likelihood {r.log_likelihood:.6f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# scikit-learn's default, `tol=1e-3` on the mean per point, is $272\times10^{-3}=0.272$ on our total
# here: 2,720 times `run_em`'s default `tol=1e-4`. From the start above the two
# stop close together. From another (seed 2) EM first crawls along a plateau, where both bells
# stretch over both clusters side by side, and scikit-learn's rule stops there, far below the top
# (its rule also looks one iteration behind ours: it compares the bounds of the two E-steps before):

# %%
from sklearn.mixture import GaussianMixture

for seed in (0, 2):
    means0, covs0, weights0 = g.init_params(X, 2, random_state=seed)
    ours = g.run_em(X, means0, covs0, weights0)  # tol=1e-4 on the total log-likelihood
    theirs = GaussianMixture(2, weights_init=weights0, means_init=means0,  # tol=1e-3 on the mean
                             precisions_init=np.linalg.inv(covs0)).fit(X)
    ll_theirs = theirs.score(X) * len(X)  # score is the mean per point
    print(f"seed {seed}: run_em {ours.n_iter:>2} iterations, log-likelihood "
          f"{ours.log_likelihood:.2f}; scikit-learn {theirs.n_iter_:>2}, {ll_theirs:.2f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Different starts, different answers
#
# With $K=2$ every start above ends at the same fit. With $K=3$ the likelihood has several
# **local maxima**, and EM climbs whichever hill it starts on. Pick a start, press **End**, and
# compare the final log-likelihoods in the status line. Some runs take hundreds of
# iterations (the curve's axis stretches the first ten).

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
runs3 = g.run_restarts(X, 3, range(8), max_iter=400, tol=1e-6)
EMExplorer(X, runs3, xlabel="eruption length (min)", ylabel="waiting time to next (min)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The distinct end points, side by side. Higher is better *for the data at hand*; the standard
# remedy is to run several starts and keep the best (scikit-learn's `n_init`; here `runs3.best`).

# %% tags=["hide-input"]
ends = {}
for seed, r in runs3.runs.items():
    ends.setdefault(round(r.log_likelihood, 2), (seed, r))
print(f"{len(ends)} distinct end points; the best start is seed {runs3.best_random_state}")
fig, axes = gp.new_figure(1, len(ends), size=(3.4 * len(ends), 3.4))
for ax, (ll, (seed, r)) in zip(axes, sorted(ends.items(), reverse=True)):
    gp.plot_responsibilities(X, r.responsibilities, ax=ax, s=8, key=ax is axes[0])
    gp.plot_ellipses(r.means, r.covariances, ax=ax, n_std=(1, 2))
    ax.set(title=f"seed {seed}: log-lik {ll:.2f}", xlabel="eruption (min)")
axes[0].set_ylabel("waiting (min)")
gp.show(fig, alt=f"The {len(ends)} different fits that EM with K=3 reaches on Old Faithful from "
                 f"different starts, side by side, each with its points coloured by "
                 f"responsibility, its 1- and 2-sigma ellipses and its final log-likelihood in "
                 f"the title.")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * EM alternates an E-step (responsibilities) and an M-step (weighted refit): a dozen lines.
# * The log-likelihood never decreases: the E-step makes a lower bound touch it, the M-step climbs the bound.
# * Stop on a small change of the total log-likelihood; keep the history to see how you got there.
# * EM finds a *local* maximum; several starts (and keeping the best) is standard practice.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. In the 1-D explorer, which iterations raise the log-likelihood most? What are the bells doing then?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. Can an E-step change the log-likelihood? Watch the ring as you step.

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. In the bound explorer, why does the bound touch $\ell$ at exactly one point, and why is the
#    M-step's new $\mu_1$ not the top of $\ell$ itself?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 4. With $K=3$, is the fit with the highest log-likelihood the "right" one? What else would you check?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. The big rises come once the two components stop sharing the data and each takes one of the
#    two clusters of eruption lengths; before that both bells are wide and overlap, and move slowly.
# 2. No: the E-step changes $q$, not $\theta$, and $\ell$ depends on $\theta$ only. The ring stays at
#    the same height on an E-step; only M-steps move it up.
# 3. The bound equals $\ell$ where its $q$ is the exact posterior, i.e. at the $\mu_1$ whose E-step
#    made it; elsewhere $q$ is not that $\mu_1$'s posterior and the KL gap is positive. The M-step
#    maximises the bound, not $\ell$: that is what makes it a closed-form weighted mean, and why EM
#    needs several iterations. To see them, run `print(bound.mu.round(4))` in a new cell: the free
#    mean after each iteration, closing in on the top of $\ell$ in ever smaller moves.
# 4. Not necessarily: a third component may just model a few points (look at its weight and
#    ellipse). Compare models with a held-out likelihood or a criterion such as BIC, and ask whether
#    the components mean something.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: your own EM loop
#
# Section 1 wrote the loop for you; now write it yourself, without scrolling back up.
# Write `run_em(X, means, covariances, weights)`: from the given start, repeat E-step, M-step
# (plain EM: `reg_covar=0`) and record the log-likelihood, until it changes by less than `tol`.
# It must work in any dimension and leave the arrays it is given unchanged: the check tries
# 1-D and 5-D data, Python lists, and a point far from every component.
# Use `g.e_step`, `g.m_step` and `g.log_likelihood` (or your own from notebooks 03 and 04). Return
# `(means, covariances, weights, log_likelihoods)`; the trace may start with the start's
# log-likelihood or not. The check follows plain EM from the same start and tells you where your
# loop leaves it.

# %% nbgrader={"grade": false, "grade_id": "run_em", "locked": false, "schema_version": 3, "solution": true, "task": false} slideshow={"slide_type": "subslide"}
import numpy as np

import gmm_lab as g


def run_em(X, means, covariances, weights, tol=1e-6, max_iter=500):
    """Plain EM from the start given; returns (means, covariances, weights, log_likelihoods)."""
    # Hint: trace = [the start's ℓ]; loop: e_step, m_step(reg_covar=0), append ℓ; stop on < tol.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    log_likelihoods = [g.log_likelihood(X, means, covariances, weights)]
    for _ in range(max_iter):
        r = g.e_step(X, means, covariances, weights)
        # new arrays each time: the start the caller passed is left untouched
        weights, means, covariances = g.m_step(X, r, reg_covar=0.0)
        log_likelihoods.append(g.log_likelihood(X, means, covariances, weights))
        if abs(log_likelihoods[-1] - log_likelihoods[-2]) < tol:
            break
    return means, covariances, weights, log_likelihoods
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_run_em", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from gmm_lab.course.checks import check_run_em

check_run_em(run_em)
