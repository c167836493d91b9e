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
# # Gaussian mixtures and the EM algorithm — start here
#
# This collection teaches **Gaussian Mixture Models (GMMs)** and the
# **Expectation–Maximisation (EM)** algorithm that fits them. By the end you should be
# able to *derive* the EM updates, *implement* them so they do not break on real data,
# *debug* a fit that goes wrong, and *explain* what every number means.
#
# It grew out of a lab handout ("Lab 2: Build and visualize a GMM"). Notebook 06
# reproduces that lab exactly, then shows — with numbers — the two things it gets wrong.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The map

# %% [markdown] slideshow={"slide_type": "subslide"}
# | notebook | what you learn | minutes |
# | --- | --- | --- |
# | **00-Start-Here** | this page: the map, the prerequisites, how to use the sliders | 10 |
# | **01-Gaussian-PDF** | the 1-D and 2-D Gaussian: mean, covariance, ellipses, eigenvectors, why code works with the log-density | 55 |
# | **02-Mixtures-and-Sampling** | a mixture density as a weighted sum; ancestral sampling; why a mixture is not a sum of random variables | 25 + 10 |
# | **03-E-Step** | responsibilities as Bayes' rule; why the textbook formula returns NaN far from the data and log-sum-exp does not | 50 + 15 |
# | **04-M-Step** | weighted means, covariances and weights; soft versus hard (k-means-like) assignments | 40 + 10 |
# | **05-EM-Convergence** | the EM loop written out; EM step by step in 1-D and 2-D; the lower bound it climbs, and why the log-likelihood never decreases; different starts, different answers | 80 |
# | **06-Lab2-Reproduction** | the handout's lab reproduced exactly; its "log-likelihood" and stopping rule corrected; compared with scikit-learn | 90 |

# %% [markdown] slideshow={"slide_type": "subslide"}
# | notebook | what you learn | minutes |
# | --- | --- | --- |
# | **07-KMeans-vs-GMM** | k-means step by step; k-means as EM with a shared variance shrinking to 0 (and the collapse when it is large); where k-means fails and a mixture does not; k-means compressing an image | 55 + 20 |
# | **08-Initialisation-and-Local-Optima** | random and k-means++ starts; many restarts and how many to run; a map of which optimum each start reaches; label switching; what each kind of start costs | 35 + 10 |
# | **09-Covariance-Types** | full, diag, spherical and tied covariances side by side: what shape each allows, what it costs in parameters, which one BIC picks; Iris under the four types | 35 + 10 |
# | **10-Choosing-K** | choosing the number of components and the covariance type with BIC, AIC and held-out likelihood, honestly; why BIC and AIC disagree | 25 |
# | **11-Singularities** | why a component on one point sends the likelihood to infinity; what `reg_covar` does and does not; a prior on the covariances (MAP EM) | 30 + 25 |

# %% [markdown] slideshow={"slide_type": "subslide"}
# | notebook | what you learn | minutes |
# | --- | --- | --- |
# | **12-Old-Faithful-and-Iris** | real data: Bishop's Fig. 9.8 reproduced; clusters against the Iris species (aligned labels, a confusion table); a higher likelihood that is a worse model, and its remedy | 50 |
# | **13-Density-Estimation-and-Generation** | a mixture as a density estimator: sizing it with BIC, AIC and held-out data; sampling new points and new handwritten digits | 40 |
# | **14-Bernoulli-Mixtures** | EM beyond Gaussians: a mixture of Bernoulli distributions for black-and-white digits, its means as images, BIC, and the pixel that is never on | 25 |
# | **15-EM-in-General** | EM for any model with latent variables: the bound and the KL gap each step closes or opens; EM for a Gaussian with missing coordinates; generalised and incremental EM; the graphical model of a mixture | 35 |
# | **16-Bayesian-Mixtures** | the Bayesian mixture: a prior on the weights that switches unneeded components off (Dirichlet distribution and process); its lower bound; against BIC | 30 |

# %% [markdown] slideshow={"slide_type": "subslide"}
# Work through them in order: each one uses what the previous one built. The minutes are the
# core path's, then the optional deep dives' (each notebook's first cell names them); each
# exercise at the end takes about 15 more.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What you need to know already
#
# * Probability: a density, Bayes' rule, expectation, independence.
# * Linear algebra: matrix–vector products, a symmetric matrix, eigenvalues (we recall the rest).
# * Python with NumPy: arrays, broadcasting, `axis=` arguments.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How to use the notebooks

# %% [markdown] slideshow={"slide_type": "subslide"}
# * **Run everything first**: *Run → Run All Cells* (from the keyboard: see *Without a mouse*
#   below). Until a cell has run in *your* session, its sliders are pictures (stored when the
#   notebook was last executed); running brings them to life.
# * **Sliders** redraw the figure below them as you drag (each redraw reaches the screen in
#   about a tenth of a second). A slider you have clicked, or reached with **Tab**, also moves
#   with the keyboard: the arrow keys move it one step, **Home** and **End** jump to its ends.
#   Buttons (in 05, 07 and 12) step through the algorithm one half-step at a time.
# * Each notebook opens with its **learning goals** and closes with a **summary** and
#   **try it** questions; click *Answers* to unfold the worked answers — after you have tried.
# * Notebooks 01–16 then end with an **exercise**: you write the function the notebook just
#   explained (`log_gaussian_pdf`, `e_step`, `m_step`, your own EM loop, BIC, ...) and the cell below it
#   runs a **check** from `gmm_lab.course.checks`, which tries your function on awkward cases (1-D and 5-D
#   data, a point far from everything, lists instead of arrays) and tells you what is wrong and
#   why. In this edition the solutions are filled in; your instructor may hand you the student
#   edition, where they are blank.

# %% [markdown] slideshow={"slide_type": "subslide"}
# * **Names.** A subscript number always counts *components*: $\pi_2$, $\mu_2$, $\boldsymbol\Sigma_2$
#   and a slider "comp. 2 mean" belong to component 2. Coordinates are $x_1, x_2$ and are named
#   by their axis: "mean, x₁", "σ along x₂".
# * **Colours and shapes.** Where points are coloured by their responsibilities, each point takes
#   the colour *and* the marker shape of its most likely component (1 a circle, 2 a square, 3 a
#   triangle, 4 a diamond, ...), the colour faded towards grey as that component becomes less certain
#   (grey: all components equally likely); a small key in the figure shows the scale and the shapes.
#   A colour that belongs to no component never appears. The colours (blue, orange, wine red, black)
#   stay apart in colour-blind vision too, and the shape tells the components apart without them.
# * The maths sits beside the code that computes it. The machinery lives in the small
#   package `gmm_lab` next to the notebooks; read its source whenever a cell calls it
#   (`gmm_lab/em.py`, the E-step, the M-step and the loop, reads top to bottom like the maths):
#   in the file browser, one folder up from `notebooks/`, or with `g.run_em??` in a cell.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Without a mouse
#
# Everything works from the keyboard, with JupyterLab's own keys (on a Mac, ⌘ for Ctrl):
#
# * **Run all cells**: **Ctrl+Shift+C** opens the command palette; type `run all`, then
#   **Enter** on *Run All Cells*. **Shift+Enter** runs the selected cell and moves to the next.
# * **Reach a figure**: **Escape**, then **↑**/**↓** select a cell; **Tab** moves on to the
#   next slider, value box or button (a blue ring shows which has the keys), **Shift+Tab** back.
# * **Move a slider**: the arrow keys move it one step, **Page Up**/**Page Down** five steps,
#   **Home** and **End** to its ends. The value box beside it takes a number: type it, **Enter**.
# * **Leave a slider**: **Escape** gives the keys back to the notebook (its cell is selected):
#   the arrow keys move between cells again instead of moving the slider.
# * **With a screen reader**: each live figure is a group named by its title; each slider says
#   its label and its value as shown beside it; the figure's picture has a description that
#   follows what it shows, and the status line above it is read out when it changes. Every
#   other figure has a description too.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Running it
#
# * **On Binder**: click the badge in the README; nothing to install.
# * **On your machine** (Python 3.11 and `make`): `make lab` in the repository opens
#   JupyterLab here; `make test` re-runs every notebook and checks its outputs.
#
# Every `.ipynb` here has a `.py` twin (jupytext "percent" format) with the same cells and
# no outputs, for diffs and text editors; JupyterLab opens either as a notebook. Read as plain
# text, a `.py` twin shows every folded *Answers* block unfolded: try the questions first.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Check your set-up
#
# The cell below imports the package and fits a two-component mixture to the Old Faithful
# eruptions (272 points). If it prints two clusters, you are ready.

# %%
import gmm_lab as g

X, columns = g.load_faithful()
start = g.init_params(X, 2, method="k-means++", random_state=0)
fit = g.run_em(X, *start, tol=1e-8, max_iter=500)
print(f"gmm_lab {g.__version__}: {X.shape[0]} eruptions, columns {columns}")
print(f"converged: {fit.converged} after {fit.n_iter} iterations")
for w, m in sorted(zip(fit.weights, fit.means), key=lambda t: t[1][0]):
    print(f"  weight {w:.3f}: eruptions last {m[0]:.2f} min, next one after {m[1]:.1f} min")
