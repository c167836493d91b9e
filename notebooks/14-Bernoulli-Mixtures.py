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
# # 14 — Mixtures of Bernoulli distributions
#
# **Learning goals.** After this notebook you can
# 1. write down a mixture of **Bernoulli** distributions for binary data, and its E-step and M-step;
# 2. run EM on black-and-white handwritten digits and read the component means as **images**
#    (PRML Fig. 9.10);
# 3. read a digit's responsibilities, match components to the true digits, and choose $K$ with BIC;
# 4. explain why a pixel that is **never on** breaks plain EM, and how a bound on the means fixes it.
#
# Until now every component was a Gaussian. EM does not need Gaussians: it needs a model with a
# hidden label $z$, so that the E-step can compute $p(z \mid \mathbf x)$ and the M-step can fit each
# component to its weighted points. Here each component is a set of coins, one per pixel
# (Bishop, *PRML*, §9.3.3).
#
# **Time.** Core path about 25 minutes (§1–§7); no deep dives; the exercise at the end about 15
# minutes.

# %% slideshow={"slide_type": "subslide"}
import numpy as np
from scipy.special import logsumexp, xlogy
from sklearn.datasets import load_digits

import gmm_lab as g
from gmm_lab.course import plotting as gp
from gmm_lab.course import tiles
from gmm_lab.course.widgets.bernoulli import BernoulliEMExplorer

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Binary digits
#
# scikit-learn ships 1797 handwritten digits as $8\times8$ images (the same as notebook 13), each
# pixel a count of ink from 0 to 16. A Bernoulli mixture models **binary** data, so we threshold:
# a pixel is **on** ($x_d = 1$) when it holds at least half the full ink, 8 of 16, and off
# otherwise. Half is the natural middle of the scale; the digits stay readable (below), and about a
# third of all pixels are on.

# %%
digits, digit = load_digits(return_X_y=True)
X = (digits >= 8).astype(float)  # on: at least half of the full ink (16)
n, D = X.shape
print(f"{n} images of {D} pixels; {X.mean():.1%} of the pixels are on")
never_on = X.sum(axis=0) == 0
print(f"pixels never on in any image: {never_on.sum()} of {D}")

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
first = [int(np.flatnonzero(digit == c)[0]) for c in range(10)]  # the first image of each digit
fig, (ax, fax) = gp.new_figure(1, 2, size=(10.0, 2.9), width_ratios=[3.2, 1])
tiles.plot_tiles(np.vstack([digits[first] / 16, X[first]]), ax=ax, ncols=10)
ax.set_title("top: pixel values 0–16; below: thresholded at 8, on (black) or off", fontsize=10)
tiles.plot_tiles(X.mean(axis=0), ax=fax)
rows, cols = np.divmod(np.flatnonzero(never_on), 8)
fax.plot(cols, rows, "x", color=gp.PALETTE[5], ms=8, mew=2)
fax.set_title("share of images with each pixel on;\n× never on", fontsize=10)
gp.show(fig, alt="Left: the first image of each digit 0 to 9, in grey levels above and thresholded "
                 "to black and white below; the black-and-white digits are still readable. Right: "
                 "an 8 by 8 image of how often each pixel is on, dark in the middle strokes, with "
                 "crosses on the pixels that are never on, along the left and right edges.")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. A mixture of Bernoulli distributions
#
# Component $j$ is $D$ independent coins: pixel $d$ is on with probability $\mu_{jd}$. One image
# $\mathbf x$ has probability
# $$p(\mathbf x\mid\boldsymbol\mu_j)=\prod_{d=1}^{D}\mu_{jd}^{x_d}(1-\mu_{jd})^{1-x_d},\qquad
# p(\mathbf x)=\sum_{j=1}^K\pi_j\,p(\mathbf x\mid\boldsymbol\mu_j).$$
# The pixels are independent *within* a component, not in the mixture: knowing a stroke is on
# makes some components likelier, and with them the rest of their strokes. EM is the same two
# steps as for Gaussians (PRML 9.56–9.60):
#
# * **E-step**: $r_{ij}\propto\pi_j\,p(\mathbf x_i\mid\boldsymbol\mu_j)$, computed from
#   $\log\pi_j+\sum_d\big[x_{id}\log\mu_{jd}+(1-x_{id})\log(1-\mu_{jd})\big]$ with log-sum-exp;
# * **M-step**: $N_j=\sum_i r_{ij}$, $\pi_j=N_j/n$, and
#   $\boldsymbol\mu_j=\frac1{N_j}\sum_i r_{ij}\mathbf x_i$: how often each pixel is on in the images
#   the component is responsible for. A mean is an image.

# %% [markdown] slideshow={"slide_type": "subslide"}
# `g.run_em_bernoulli(X, means, weights)` runs it. As Bishop does, we take the digits 2, 3 and 4,
# $K = 3$, and start from means drawn uniformly between 0.25 and 0.75 (`g.bernoulli_start`), equal
# weights; of ten starts we keep the one with the highest log-likelihood.

# %%
def best_of(X, K, seeds, **kwargs):
    """The run with the highest log-likelihood of those from `g.bernoulli_start(K, D, seed)`."""
    runs = [g.run_em_bernoulli(X, *g.bernoulli_start(K, X.shape[1], s), keep_history=False,
                               max_iter=500, **kwargs) for s in seeds]
    return max(runs, key=lambda run: run.log_likelihood)


mask = np.isin(digit, [2, 3, 4])
X234, digit234 = X[mask], digit[mask]
fit3 = best_of(X234, 3, range(10))
print(f"{len(X234)} images; {fit3.n_iter} iterations, log-likelihood {fit3.log_likelihood:.1f}")
print("weights:", np.round(fit3.weights, 3))

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, ax = gp.new_figure(size=(7.0, 2.3))
tiles.plot_tiles(np.vstack([fit3.means, X234.mean(axis=0)]), ax=ax,
                 labels=["component 1", "component 2", "component 3", "K = 1"])
ax.set_title("the means μⱼ of three components (white 0, black 1), and of one (K = 1)",
             fontsize=10)
gp.show(fig, alt="Four 8 by 8 grey images: the means of the three components fitted to the "
                 "digits 2, 3 and 4, each a blurred but clear 2, 3 or 4, and on the right the mean "
                 "of all these images, a blur in which no digit can be read (PRML Fig. 9.10).")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The right-hand image is the fit with $K=1$: the mean of all the images, a blur of the three
# digits. (Bishop's Fig. 9.10 shows the same for his binarised 2s, 3s and 4s.) Without ever being
# told the labels, each component has found mostly one digit. Give each image to its most
# responsible component and count:

# %%
labels3 = fit3.responsibilities.argmax(axis=1)  # each image to its most responsible component
owner = [int(np.bincount(digit234[labels3 == j]).argmax()) for j in range(3)]
print("components 1, 2, 3 hold mostly the digits", owner)
for c in (2, 3, 4):
    split = np.bincount(labels3[digit234 == c], minlength=3)
    print(f"the {split.sum()} images of a {c} go to components 1, 2, 3: {split}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Nearly every 3 and 4 lands in its own component, but the 2s split: 38 of the 177 go to the
# component of the 3s. The means above say why: the 3s' mean has its ink on the right, and a 2
# written with its curve and stroke further right is likelier under it than under the 2s' mean
# (§4 shows one, and measures where the ink is).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. EM, iteration by iteration
#
# Now all ten digits, $K = 10$. Different starts end at different local maxima (notebook 08):

# %%
runs = {s: g.run_em_bernoulli(X, *g.bernoulli_start(10, D, s), max_iter=500, keep_history=False)
        for s in range(10)}
print("log-likelihood of each start, seeds 0 to 9:")
print(np.array([round(r.log_likelihood) for r in runs.values()]))
seed = max(runs, key=lambda s: runs[s].log_likelihood)
fit10 = g.run_em_bernoulli(X, *g.bernoulli_start(10, D, seed), max_iter=500)  # with its history
print(f"the best is seed {seed}: {fit10.n_iter} iterations, converged: {fit10.converged}")
gap = fit10.log_likelihood - fit10.log_likelihoods  # how far each iteration is below the end
print("nats below the end after iterations 0, 1, 10, 70:", gap[[0, 1, 10, 70]].round().astype(int))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Slide through the best run. From random grey noise, one M-step already gives every component a
# faint digit; the log-likelihood jumps, closing most of the gap to the end. Then the shapes sharpen
# slowly: the gap shrinks from hundreds of nats to a few over dozens of iterations, and only then
# falls fast. On a linear axis the jump would hide that slow climb, so the right panel shows the
# gap, $\ell(\text{end}) - \ell(t)$, on a log scale.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
BernoulliEMExplorer(fit10)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. The responsibilities of a few digits
#
# Back to $K = 3$ on the 2s, 3s and 4s. For most images one component takes nearly all the
# responsibility; the uncertain ones are the images that look a little like two digits. Below, the
# first 2 that goes to the 2s' component, the first 2 that goes to the 3s', the first 3 and 4, and
# the three least certain images of all 541 (hatched: the largest responsibility).

# %%
r, first_of = fit3.responsibilities, lambda where: int(np.flatnonzero(where)[0])
twos_with = {d: (digit234 == 2) & (labels3 == owner.index(d)) for d in (2, 3)}  # 2s with the 2s, 3s
shown = [first_of(twos_with[2]), first_of(twos_with[3])]
shown += [first_of(digit234 == c) for c in (3, 4)]
shown += [int(i) for i in np.argsort(r.max(axis=1))[:3]]  # the three least certain
print("largest responsibility of each:", np.round(r[shown].max(axis=1), 3))
print(f"images with a largest responsibility under 0.9: {np.sum(r.max(axis=1) < 0.9)} of {len(r)}")
column = X234 @ np.tile(np.arange(8), 8) / X234.sum(axis=1)  # an image's average column of ink
print("the ink's average column (0 left, 7 right): "
      f"2s with the 2s {column[twos_with[2]].mean():.1f}, "
      f"2s with the 3s {column[twos_with[3]].mean():.1f}, 3s {column[digit234 == 3].mean():.1f}")

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, axes = gp.new_figure(2, 7, size=(10.0, 3.3), height_ratios=[1.3, 1])
tiles.plot_responsibility_bars(X234[shown], r[shown], axes, names=[f"{d}s" for d in owner])
for ax, i, what in zip(axes[0], shown, ["a 2", "a 2 (to 3s)", "a 3", "a 4"] + ["unsure"] * 3):
    ax.set_title(f"{what}, a {digit234[i]}" if what == "unsure" else what, fontsize=10)
axes[1, 0].set_xlabel("component")
gp.show(fig, alt="Seven black-and-white digit images, each above a bar chart of its "
                 "responsibilities for the components of the 2s, 3s and 4s. A 2, a 3 and a 4 each "
                 "give their own digit's component almost all of it; the second image, a 2 drawn "
                 "further right, gives almost all of it to the 3s' component; the last three, the "
                 "least certain, split it between two components.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The 2 that goes to the 3s is not a close call: its responsibility is as certain as the typical
# 2's. The average column of the ink of all 38 such 2s is where the 3s' is (3.9 against 3.8, printed
# above), right of the other 2s' (3.4). The mixture groups images by where their pixels are on, and
# these 2s put theirs where 3s do.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Components against the true digits
#
# The components have no names, so to compare them with the labels, renumber them to agree best
# (`g.align_labels`, notebook 08):

# %%
for name, fit, truth in (("K = 3, digits 2-4", fit3, digit234 - 2), ("K = 10, all", fit10, digit)):
    aligned = g.align_labels(truth, fit.responsibilities.argmax(axis=1))
    print(f"{name}: {aligned.agreement:.1%} of the images agree with their digit")
table = g.confusion_table(digit, fit10.responsibilities.argmax(axis=1))
print("K = 10, images of each digit put with it:", np.diag(table))

# %% [markdown] slideshow={"slide_type": "subslide"}
# With three digits, more than nine images in ten land with their own digit; with ten, fewer do. The slider
# above shows why: two components may share one digit written in two ways, and then some other
# digit has no component of its own and its images go to its nearest look-alikes. A mixture finds
# what makes the images likely, which is not always what we call a digit.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. How many components? BIC
#
# BIC (notebook 10) charges $\tfrac12\ln n$ nats per free parameter. A Bernoulli mixture has
# $K\cdot D$ means and $K-1$ free weights (they sum to 1): $p = K\cdot D + K - 1$, which the fit
# counts as `fit.n_parameters`, and `fit.bic()` is $-2\ell + p\ln n$. Best of three starts for each
# $K$, each stopping when an iteration raises the total log-likelihood by less than `tol=0.1` nats
# (about $6\times10^{-5}$ per image; the default is $10^{-4}$ in total). A coarse stop: BIC differs
# by hundreds between these $K$ (below), and that is all we compare, so we stop early rather than
# polish each of the 21 fits.

# %%
Ks = range(4, 29, 4)
fits = {K: best_of(X, K, range(3), tol=0.1) for K in Ks}  # stop at a gain under 0.1 nats in total
print(f"tol = 0.1 nats in total: {0.1 / n:.1g} per image")
bics = {K: f.bic() for K, f in fits.items()}
K_bic = min(bics, key=bics.get)
print("BIC:", {K: round(b) for K, b in bics.items()})
print(f"BIC chooses K = {K_bic}: p = {K_bic} x {D} + {K_bic} - 1 = {fits[K_bic].n_parameters}")

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, (ax, tax) = gp.new_figure(1, 2, size=(10.0, 3.0), width_ratios=[1, 2.2])
ax.plot(list(bics), list(bics.values()), "o-", color=gp.PALETTE[0])
ax.plot([K_bic], [bics[K_bic]], "*", ms=14, color=gp.PALETTE[0], mec="black")
ax.set(xlabel="number of components K", ylabel="BIC (lower is better)")
tiles.plot_tiles(fits[K_bic].means, ax=tax, ncols=8)
tax.set_title(f"the {K_bic} component means BIC chooses", fontsize=10)
gp.show(fig, alt="Left: BIC against the number of components, falling steeply, lowest (a star) "
                 "at the K printed above, then rising slowly. Right: the means of that fit as "
                 "images: several versions of some digits, such as 1s with and without a base.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# BIC wants more components than there are digits: a digit written in two styles is better
# described by two components than by one blurred mean.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7. The pixel that is never on
#
# Some pixels are never on (§1). After the first M-step every component's mean there is
# $\mu_{jd} = 0$, and the E-step's $x_{id}\log\mu_{jd}$ is $0\cdot(-\infty)$, which is NaN in
# floating point: plain EM breaks at once. `bound=0` runs plain EM:

# %%
import textwrap

try:
    g.run_em_bernoulli(X, *g.bernoulli_start(10, D, seed), bound=0)
except ValueError as error:
    print(textwrap.fill(str(error), 90))  # the message, in lines that fit the page

# %% [markdown] slideshow={"slide_type": "subslide"}
# Defining $0\log0 = 0$ (as `scipy.special.xlogy` does) hides the NaN but not the problem: the fit
# now says that the pixel **cannot** be on. Fit the first 1000 images and score the other 797: a
# pixel never on in the first thousand but on in a new image gives that image probability 0. (Below,
# `plain` is the fit with its bounded means put back to exactly 0 and 1, where plain EM with
# $0\log0 = 0$ leaves them.)

# %%
train, new = X[:1000], X[1000:]
fit_train = best_of(train, 10, range(3))
surprise = (train.sum(axis=0) == 0) & (new.sum(axis=0) > 0)
print(f"pixels never on in training, on in a new image: {np.flatnonzero(surprise).tolist()}")
plain = np.where(fit_train.at_bound, fit_train.means.round(), fit_train.means)  # exactly 0 or 1
terms = (xlogy(new[:, None], plain) + xlogy(1 - new[:, None], 1 - plain)).sum(axis=2)
with np.errstate(divide="ignore"):
    log_p_plain = logsumexp(terms + np.log(fit_train.weights), axis=1)
log_p = g.bernoulli_log_pdf(new, fit_train.means, fit_train.weights)
print(f"new images with probability 0 under plain EM: {np.isinf(log_p_plain).sum()}")
print(f"log-likelihood of the new images: plain {log_p_plain.sum()}, bounded {log_p.sum():.1f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The fix used here.** `run_em_bernoulli` keeps every mean in $[\varepsilon, 1-\varepsilon]$
# with $\varepsilon = 10^{-10}$ (its `bound`). It is still maximum likelihood, over means kept in
# that interval: for one $\mu_{jd}$ the M-step maximises $A\log\mu + B\log(1-\mu)$, a concave
# function, so its best value in the interval is the usual $A/(A+B)$ clipped to it, and the
# log-likelihood still never decreases. Where no mean reaches the bound, the run is plain EM exactly
# (tested). A pixel a component has never seen on now costs $\log\varepsilon \approx -23$ nats:
# surprising, not impossible. The four new images plain EM called impossible (three with pixel 1 or 23
# on; the fourth, a 6, has neither, but contradicts a mean of exactly 0 or 1 in every component) get
# finite, low log-probabilities:

# %%
impossible = np.isinf(log_p_plain)
print(f"log p(x) of those images: {np.round(log_p[impossible], 1)}; "
      f"of the others on average: {log_p[~impossible].mean():.1f}")
print(f"log ε = {np.log(g.practice.bernoulli.MEAN_BOUND):.1f}; "
      f"means at the bound in the K = 10 fit: {fit10.at_bound.sum()} of {fit10.means.size}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Means at the bound are common: besides the never-on pixels, a component whose images all leave a
# pixel off puts its mean there too. A larger $\varepsilon$, or a Beta prior on each $\mu_{jd}$
# (pseudo-counts of "on" and "off", the MAP EM of notebook 11 for coins), would say more strongly
# that an unseen pixel can be on; $10^{-10}$ changes the fit as little as possible.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * A mixture of Bernoulli distributions models binary vectors: each component is a set of coins,
#   one per pixel, and its mean is an image.
# * EM is the same algorithm: the E-step is Bayes' rule in log space (one matrix product and
#   log-sum-exp), the M-step a weighted average of the images.
# * The components find digits without labels: with $K = 3$ on three digits, nearly one each;
#   with ten digits, some digits split into styles and others merge. BIC prefers more components
#   than digits.
# * A pixel never on makes plain EM's means 0: NaN in the E-step, probability 0 for a new image
#   with that pixel on. Bounding the means at $\varepsilon$ keeps every log-likelihood finite.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it

# %% [markdown] slideshow={"slide_type": "fragment"}
# 1. Threshold at 4 instead of 8. How many pixels are never on now, and do the means look
#    different?

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. How many free parameters does the $K=10$ model have, and how many numbers are in the data?
#    Compare with a full-covariance Gaussian mixture in 64 dimensions (notebook 13, `g.n_parameters`).

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. Rerun §7 with `bound=1e-3`. What happens to the log-probability of the four surprising images,
#    and to the training log-likelihood?

# %% [markdown] slideshow={"slide_type": "notes"}
# <details><summary>Answers</summary>
#
# 1. Eight pixels are never on at a threshold of 4 (ten at 8): `((digits >= 4).sum(axis=0) == 0).sum()`.
#    The strokes get thicker (42.1% of the pixels are on instead of 32.3%), so the means are darker
#    and the strokes in them wider.
# 2. $p = 10\cdot64 + 9 = 649$, for $1797\cdot64 = 115{,}008$ binary numbers. A full-covariance
#    Gaussian mixture with $K = 10$ in 64 dimensions has `g.n_parameters(10, 64)` = 21,449: more
#    than 30 times as many, most of them covariances that 1797 images cannot pin down (which is why
#    notebook 13 first reduced the digits with PCA).
# 3. A pixel never seen on now costs $\log 10^{-3}\approx-6.9$ nats instead of $-23$, so the four
#    images become much less surprising; the training log-likelihood falls a little, since every
#    mean at the bound now gives a little probability to something that never happened.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise: the Bernoulli E-step, in log space
#
# Write `bernoulli_e_step(X, means, weights)`: the responsibilities, shape $(n, K)$, of binary images
# `X` $(n, D)$ under a mixture with `means` $(K, D)$, each strictly between 0 and 1, and `weights`
# $(K,)$. Compute $a_{ij} = \log\pi_j + \sum_d\big[x_{id}\log\mu_{jd} + (1-x_{id})\log(1-\mu_{jd})\big]$
# (two matrix products) and normalise each row with log-sum-exp, never in probability space. The
# check's cases include a never-on pixel (means at $10^{-10}$, as the fits above leave them), and a
# digit far from every component, whose probabilities underflow to 0.

# %% nbgrader={"grade": false, "grade_id": "bernoulli_e_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
import numpy as np
from scipy.special import logsumexp


def bernoulli_e_step(X, means, weights):
    """Responsibilities (n, K) of a Bernoulli mixture, computed in log space."""
    # Hint: a = X @ log(μ).T + (1 - X) @ log(1 - μ).T + log(π); r = exp(a - logsumexp(a, axis=1))
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    means = np.asarray(means, dtype=float)
    log_w = np.log(np.asarray(weights, dtype=float))
    a = X @ np.log(means).T + (1 - X) @ np.log1p(-means).T + log_w
    return np.exp(a - logsumexp(a, axis=1, keepdims=True))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_bernoulli_e_step", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} slideshow={"slide_type": "subslide"}
from gmm_lab.course.checks import check_bernoulli_e_step

check_bernoulli_e_step(bernoulli_e_step)
