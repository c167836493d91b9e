"""The interactive figures of the notebooks, built on ipywidgets.

Each demo owns one matplotlib figure (Agg, not registered with pyplot) shown in an
``ipywidgets.Image``. A slider change only updates existing artists (offsets,
colours, ellipse geometry, line data) and re-renders the figure to PNG; nothing is
refitted in a callback: anything expensive (EM runs, samples) is computed once when
the demo is built. Displaying a demo shows the live widget in JupyterLab and also
stores a static PNG of its initial state, so the notebook reads on GitHub or
nbviewer without a kernel.

``demo.set(name=value, ...)`` moves controls from code, exactly as a student would
(the benchmark and the tests use it).
"""

import base64
import io
import warnings

import ipywidgets as W
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from .em import ConvergenceWarning, e_step, log_gaussian_pdf, m_step, run_em
from .plotting import (
    PALETTE,
    component_colors,
    mix_colors,
    new_figure,
    plot_ellipses,
    plot_log_likelihood,
    plot_density,
    plot_means,
    update_ellipses,
)
from .sampling import init_params

__all__ = [
    "LiveFigure",
    "Demo",
    "slider",
    "Gaussian1D",
    "Gaussian2D",
    "Mixture1D",
    "Mixture2D",
    "EStepExplorer",
    "MStepExplorer",
    "EMExplorer",
]

GREY = np.array([0.62, 0.62, 0.62, 1.0])


def _flat(nested):
    return [a for row in nested for a in row]


def _replace_density(ax, old, means, covariances, weights, lim, **style):
    """Contours cannot be updated in place: remove the old set and draw a new one (90 x 90 grid)."""
    if old is not None:
        old.remove()
    return plot_density(means, covariances, weights, ax=ax, xlim=lim, ylim=lim, num=90, **style)


class LiveFigure:
    """A matplotlib figure rendered into an ``ipywidgets.Image``, with blitting.

    The static part (axes, ticks, labels, legends) is rendered once and cached;
    each refresh restores that background and draws only the dynamic artists, so a
    slider move costs a few milliseconds instead of a full redraw.
    """

    def __init__(self, fig):
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        w, h = fig.get_size_inches() * fig.dpi
        self.image = W.Image(format="png", layout=W.Layout(width=f"{int(w)}px", max_width="100%"))
        self._background = None

    def freeze_layout(self):
        """Run the layout engine once, then keep the layout fixed (it is costly per draw)."""
        self.canvas.draw()
        self.fig.set_layout_engine("none")
        self.invalidate()

    def invalidate(self):
        """Re-render the background on the next refresh (after axis limits or labels change)."""
        self._background = None

    def png(self, dynamic=()):
        """The figure as PNG bytes: cached background plus the `dynamic` artists."""
        dynamic = [a for a in dynamic if a is not None]
        for a in dynamic:
            a.set_animated(True)
        if self._background is None:
            self.canvas.draw()  # animated artists are left out of the background
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        else:
            self.canvas.restore_region(self._background)
        for a in dynamic:
            self.fig.draw_artist(a)
        rgba = np.asarray(self.canvas.buffer_rgba())
        out = io.BytesIO()
        Image.fromarray(rgba[..., :3]).save(out, format="png", compress_level=1)
        return out.getvalue()

    def refresh(self, dynamic=()):
        self.image.value = self.png(dynamic)


def slider(description, value, lo, hi, step, *, continuous=True, readout_format=".2f", integer=False):
    """A labelled slider; ``continuous=False`` updates only on release (for costly redraws)."""
    cls = W.IntSlider if integer else W.FloatSlider
    kw = {} if integer else {"readout_format": readout_format}
    return cls(
        value=value, min=lo, max=hi, step=step, description=description,
        continuous_update=continuous, style={"description_width": "initial"},
        layout=W.Layout(width="300px"), **kw,
    )


class Demo:
    """Base class: controls + a live figure; subclasses build artists and update them."""

    title = "interactive figure"
    size = (9.0, 4.0)
    ncols = 2

    def __init__(self):
        self.fig, axes = new_figure(1, self.ncols, size=self.size, pyplot=False)
        self.axes = np.atleast_1d(axes)
        self.live = LiveFigure(self.fig)
        self.controls = self._controls()
        self._build()
        self.live.freeze_layout()
        for ctrl in self.controls.values():
            ctrl.observe(self._on_change, names="value")
        self.status = W.HTML()
        self.widget = W.VBox(
            [W.HBox(list(self.controls.values()), layout=W.Layout(flex_flow="row wrap")), self.status, self.live.image]
        )
        self.update()

    # subclasses fill these in
    def _controls(self):
        raise NotImplementedError

    def _build(self):
        raise NotImplementedError

    def _draw(self, **values):
        raise NotImplementedError

    def dynamic(self):
        """The artists a control change can alter (drawn over the cached background)."""
        raise NotImplementedError

    def values(self):
        return {name: ctrl.value for name, ctrl in self.controls.items()}

    def _on_change(self, change):
        self.update()

    def update(self):
        """Redraw for the current control values (called on every change)."""
        message = self._draw(**self.values())
        self.status.value = message or ""
        self.live.refresh(self.dynamic())

    def set(self, **values):
        """Move controls from code; each change redraws, as a slider move would."""
        for name, value in values.items():
            self.controls[name].value = value

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_()
        bundle["text/plain"] = f"[{self.title}: interactive in JupyterLab with a running kernel]"
        # the image widget already holds the current state, rendered by the last update()
        bundle["image/png"] = base64.b64encode(self.live.image.value).decode("ascii")
        return bundle


# --------------------------------------------------------------------------- #
# 01: one Gaussian
# --------------------------------------------------------------------------- #
class Gaussian1D(Demo):
    """Density and log-density of N(mu, sigma^2): the bell and the parabola."""

    title = "1-D Gaussian: density and log-density"

    def _controls(self):
        return {"mu": slider("mean μ", 0.0, -3, 3, 0.1), "sigma": slider("std σ", 1.0, 0.3, 3, 0.05)}

    def _build(self):
        self.x = np.linspace(-8, 8, 600)
        ax, lax = self.axes
        (self.pdf_line,) = ax.plot(self.x, 0 * self.x, color=PALETTE[0], lw=2)
        self.band1 = ax.axvspan(-1, 1, color=PALETTE[0], alpha=0.18, lw=0, label="μ ± σ (68.3%)")
        self.band2 = ax.axvspan(-2, 2, color=PALETTE[0], alpha=0.08, lw=0, label="μ ± 2σ (95.4%)")
        ax.set(xlim=(-8, 8), ylim=(0, 1.4), xlabel="x", ylabel="density p(x)", title="density")
        ax.legend(loc="upper right", fontsize=8)
        (self.log_line,) = lax.plot(self.x, 0 * self.x, color=PALETTE[5], lw=2)
        lax.set(xlim=(-8, 8), ylim=(-40, 2), xlabel="x", ylabel="log p(x)", title="log-density: a parabola")

    def dynamic(self):
        return [self.band2, self.band1, self.pdf_line, self.log_line]

    def _draw(self, mu, sigma):
        logp = log_gaussian_pdf(self.x, mu, sigma**2)
        self.pdf_line.set_ydata(np.exp(logp))
        self.log_line.set_ydata(logp)
        for band, s in ((self.band1, 1), (self.band2, 2)):
            band.set_x(mu - s * sigma)
            band.set_width(2 * s * sigma)
        return (
            f"peak 1/(σ√(2π)) = {1 / (sigma * np.sqrt(2 * np.pi)):.3f} at x = μ = {mu:.2f}; "
            f"95.4% of the probability in [{mu - 2 * sigma:.2f}, {mu + 2 * sigma:.2f}]; "
            f"log p drops by 18 (p by a factor 6.6e7) at μ ± 6σ"
        )


class Gaussian2D(Demo):
    """A 2-D Gaussian: contours, 1/2/3-sigma ellipses, eigenvector axes and samples."""

    title = "2-D Gaussian: mean, spreads and correlation"
    size = (9.0, 4.3)
    LIM = 6.0

    def _controls(self):
        return {
            "mu_x": slider("μ₁", 0.0, -2, 2, 0.1),
            "mu_y": slider("μ₂", 0.0, -2, 2, 0.1),
            "sigma_x": slider("σ₁", 1.5, 0.3, 2.5, 0.05),
            "sigma_y": slider("σ₂", 1.0, 0.3, 2.5, 0.05),
            "rho": slider("correlation ρ", 0.6, -0.95, 0.95, 0.05),
        }

    def _build(self):
        ax, sax = self.axes
        self.z = np.random.default_rng(0).standard_normal((300, 2))  # fixed draws, transformed on each move
        self.grid = np.linspace(-self.LIM, self.LIM, 90)
        self.contours = None
        self.ellipses = plot_ellipses([[0, 0]], [np.eye(2)], ax=ax, colors=[PALETTE[0]])
        self.axes_lines = [ax.plot([], [], color=PALETTE[5], lw=2)[0] for _ in range(2)]
        self.mean_dot = ax.plot([], [], "o", color=PALETTE[5], ms=6)[0]
        ax.set(xlim=(-self.LIM, self.LIM), ylim=(-self.LIM, self.LIM), aspect="equal",
               xlabel="x₁", ylabel="x₂", title="density contours, 1/2/3σ ellipses, principal axes")
        self.points = sax.scatter(self.z[:, 0], self.z[:, 1], s=9, color=PALETTE[0], alpha=0.6, edgecolors="none")
        self.sample_ellipses = plot_ellipses([[0, 0]], [np.eye(2)], ax=sax, n_std=(2,), colors=[PALETTE[5]])
        sax.set(xlim=(-self.LIM, self.LIM), ylim=(-self.LIM, self.LIM), aspect="equal",
                xlabel="x₁", ylabel="x₂", title="300 samples x = μ + L z (Cholesky L)")

    def dynamic(self):
        return [self.contours, *_flat(self.ellipses), *self.axes_lines, self.mean_dot, self.points,
                *_flat(self.sample_ellipses)]

    def _draw(self, mu_x, mu_y, sigma_x, sigma_y, rho):
        mean = np.array([mu_x, mu_y])
        cov = np.array([[sigma_x**2, rho * sigma_x * sigma_y], [rho * sigma_x * sigma_y, sigma_y**2]])
        lim = (-self.LIM, self.LIM)
        self.contours = _replace_density(self.axes[0], self.contours, mean[None], cov[None], [1.0], lim,
                                         levels=6, linewidths=0.8)
        update_ellipses(self.ellipses, [mean], [cov])
        update_ellipses(self.sample_ellipses, [mean], [cov], n_std=(2,))
        vals, vecs = np.linalg.eigh(cov)
        for line, val, vec in zip(self.axes_lines, vals, vecs.T):
            tip = mean + np.sqrt(val) * vec
            line.set_data([mean[0], tip[0]], [mean[1], tip[1]])
        self.mean_dot.set_data([mu_x], [mu_y])
        self.points.set_offsets(mean + self.z @ np.linalg.cholesky(cov).T)
        return (
            f"Σ = [[{cov[0, 0]:.2f}, {cov[0, 1]:.2f}], [{cov[1, 0]:.2f}, {cov[1, 1]:.2f}]];"
            f" eigenvalues {vals[1]:.2f}, {vals[0]:.2f} (the squared half-axes of the 1σ ellipse)"
        )


# --------------------------------------------------------------------------- #
# 02: mixtures and ancestral sampling
# --------------------------------------------------------------------------- #
class Mixture1D(Demo):
    """A two-component 1-D mixture: samples (histogram) over the density."""

    title = "1-D mixture: weight and means"
    N = 2000
    SIGMAS = (1.0, 0.7)

    def _controls(self):
        return {
            "w": slider("weight π₁", 0.35, 0.0, 1.0, 0.01),
            "mu1": slider("μ₁", -2.0, -5, 5, 0.1),
            "mu2": slider("μ₂", 2.0, -5, 5, 0.1),
        }

    def _build(self):
        rng = np.random.default_rng(1)
        self.u = rng.random(self.N)  # which component: u < pi_1
        self.z = rng.standard_normal(self.N)
        self.x = np.linspace(-8, 8, 500)
        self.edges = np.linspace(-8, 8, 65)
        ax, bax = self.axes
        self.bars = ax.bar(self.edges[:-1], np.zeros(64), width=np.diff(self.edges), align="edge",
                           color=PALETTE[4], alpha=0.55, label=f"histogram of {self.N} samples")
        (self.mix_line,) = ax.plot(self.x, 0 * self.x, color="black", lw=2, label="mixture p(x)")
        self.comp_lines = [ax.plot(self.x, 0 * self.x, color=PALETTE[j], lw=1.4, ls="--",
                                   label=f"π{j + 1} N(x | μ{j + 1}, σ{j + 1}²)")[0] for j in range(2)]
        ax.set(xlim=(-8, 8), ylim=(0, 0.55), xlabel="x", ylabel="density", title="ancestral samples over the density")
        ax.legend(loc="upper left", fontsize=7.5)
        self.wbars = bax.bar([0, 1], [0, 0], color=[PALETTE[0], PALETTE[1]])
        bax.set(ylim=(0, 1), xticks=[0, 1], xticklabels=["component 1", "component 2"],
                ylabel="fraction of samples", title="step 1: pick a component")

    def dynamic(self):
        return [*self.bars, self.mix_line, *self.comp_lines, *self.wbars]

    def _draw(self, w, mu1, mu2):
        labels = (self.u >= w).astype(int)  # 0 with probability w
        mus, sig = np.array([mu1, mu2]), np.array(self.SIGMAS)
        samples = mus[labels] + sig[labels] * self.z
        counts, _ = np.histogram(samples, self.edges)
        heights = counts / (self.N * np.diff(self.edges))
        for bar, h in zip(self.bars, heights):
            bar.set_height(h)
        comps = [wj * np.exp(log_gaussian_pdf(self.x, m, s**2)) for wj, m, s in zip((w, 1 - w), mus, sig)]
        for line, c in zip(self.comp_lines, comps):
            line.set_ydata(c)
        self.mix_line.set_ydata(comps[0] + comps[1])
        frac = np.mean(labels == 0)
        self.wbars[0].set_height(frac)
        self.wbars[1].set_height(1 - frac)
        return f"{np.sum(labels == 0)} of {self.N} samples came from component 1 (expected {w * self.N:.0f})"


class Mixture2D(Demo):
    """A two-component 2-D mixture: density contours and coloured samples."""

    title = "2-D mixture: weight and where component 2 sits"
    size = (9.0, 4.3)
    N = 600
    COVS = np.array([[[1.0, 0.5], [0.5, 1.0]], [[0.8, -0.3], [-0.3, 0.6]]])

    def _controls(self):
        return {
            "w": slider("weight π₁", 0.5, 0.05, 0.95, 0.01),
            "mu2_x": slider("μ₂ (x₁)", 3.0, -3, 5, 0.1),
            "mu2_y": slider("μ₂ (x₂)", 3.0, -3, 5, 0.1),
        }

    def _build(self):
        rng = np.random.default_rng(2)
        self.u = rng.random(self.N)
        self.z = rng.standard_normal((self.N, 2))
        self.chols = np.linalg.cholesky(self.COVS)
        self.lim = (-4.0, 7.0)
        ax, sax = self.axes
        self.contours = None
        ax.set(xlim=self.lim, ylim=self.lim, aspect="equal", xlabel="x₁", ylabel="x₂", title="mixture density p(x)")
        self.points = sax.scatter(np.zeros(self.N), np.zeros(self.N), s=8, edgecolors="none")
        self.ellipses = plot_ellipses([[0, 0], [3, 3]], self.COVS, ax=sax, n_std=(2,))
        sax.set(xlim=self.lim, ylim=self.lim, aspect="equal", xlabel="x₁", ylabel="x₂",
                title=f"{self.N} samples, coloured by component")
        self.colors = component_colors(2)

    def dynamic(self):
        return [self.contours, self.points, *_flat(self.ellipses)]

    def _draw(self, w, mu2_x, mu2_y):
        means = np.array([[0.0, 0.0], [mu2_x, mu2_y]])
        weights = np.array([w, 1 - w])
        self.contours = _replace_density(self.axes[0], self.contours, means, self.COVS, weights, self.lim,
                                         levels=8, cmap="viridis", linewidths=1.0)
        labels = (self.u >= w).astype(int)
        pts = means[labels] + np.einsum("nd,ned->ne", self.z, self.chols[labels])
        self.points.set_offsets(pts)
        self.points.set_facecolors(np.column_stack([self.colors[labels], np.full(self.N, 0.7)]))
        update_ellipses(self.ellipses, means, self.COVS, n_std=(2,))
        return f"π = ({w:.2f}, {1 - w:.2f}); component 2 centred at ({mu2_x:.1f}, {mu2_y:.1f})"


# --------------------------------------------------------------------------- #
# 03: the E-step
# --------------------------------------------------------------------------- #
class EStepExplorer(Demo):
    """Move component 2 and a probe point; responsibilities recolour every point."""

    title = "E-step: responsibilities as Bayes' rule"
    size = (9.5, 4.3)

    def __init__(self, X, means, covariances, weights):
        self.X = np.asarray(X, dtype=float)
        self.means0 = np.array(means, dtype=float)
        self.covs = np.array(covariances, dtype=float)
        self.weights = np.array(weights, dtype=float)
        super().__init__()

    def _controls(self):
        m = self.means0[1]
        return {
            "mu2_x": slider("component 2: x₁", float(m[0]), -4, 8, 0.1),
            "mu2_y": slider("component 2: x₂", float(m[1]), -4, 8, 0.1),
            "probe_x": slider("probe point: x₁", 2.0, -4, 8, 0.1),
            "probe_y": slider("probe point: x₂", 2.0, -4, 8, 0.1),
        }

    def _build(self):
        ax, bax = self.axes
        k = len(self.weights)
        self.colors = component_colors(k)
        self.points = ax.scatter(self.X[:, 0], self.X[:, 1], s=10, edgecolors="none")
        self.ellipses = plot_ellipses(self.means0, self.covs, ax=ax, n_std=(1, 2))
        self.mean_marks = plot_means(self.means0, ax=ax)
        self.probe = ax.plot([], [], "*", ms=18, mfc="white", mec="black", mew=1.5, zorder=6)[0]
        ax.set(xlim=(-4, 8), ylim=(-4, 8), aspect="equal", xlabel="x₁", ylabel="x₂",
               title="points coloured by responsibility")
        x = np.arange(k)
        self.num_bars = bax.bar(x - 0.2, np.zeros(k), width=0.4, color=self.colors, alpha=0.45,
                                label="share of π_j N(x | μ_j, Σ_j)")
        self.resp_bars = bax.bar(x + 0.2, np.zeros(k), width=0.4, color=self.colors, label="r_j(x)")
        bax.set(ylim=(0, 1.05), xticks=x, xticklabels=[f"component {j + 1}" for j in x],
                ylabel="probability", title="the probe point (star)")
        bax.legend(loc="upper right", fontsize=8)

    def dynamic(self):
        return [self.points, *_flat(self.ellipses), self.mean_marks, self.probe, *self.num_bars, *self.resp_bars]

    def _draw(self, mu2_x, mu2_y, probe_x, probe_y):
        means = self.means0.copy()
        means[1] = (mu2_x, mu2_y)
        resp = e_step(self.X, means, self.covs, self.weights)
        self.points.set_facecolors(mix_colors(resp, self.colors))
        update_ellipses(self.ellipses, means, self.covs, n_std=(1, 2))
        self.mean_marks.set_offsets(means)
        probe = np.array([[probe_x, probe_y]])
        self.probe.set_data([probe_x], [probe_y])
        r = e_step(probe, means, self.covs, self.weights)[0]
        for bar, v in zip(self.resp_bars, r):
            bar.set_height(v)
        logs = np.array([np.log(w) + log_gaussian_pdf(probe, m, c)[0] for m, c, w in zip(means, self.covs, self.weights)])
        shares = np.exp(logs - logs.max())
        for bar, v in zip(self.num_bars, shares / shares.sum()):
            bar.set_height(v)
        uncertain = np.mean(resp.max(axis=1) < 0.9)
        terms = ", ".join(f"{v:.3g}" for v in logs)
        return f"probe: log(π_j N_j) = [{terms}] → r = [{', '.join(f'{v:.3f}' for v in r)}]; {uncertain:.0%} of points have max r < 0.9"


# --------------------------------------------------------------------------- #
# 04: the M-step
# --------------------------------------------------------------------------- #
def temper(responsibilities, temperature):
    """Sharpen (T < 1) or soften (T > 1) responsibilities: r_ij^(1/T), renormalised per row.

    T = 1 leaves them unchanged; as T -> 0 each row becomes one-hot on its largest
    entry (a hard, k-means-like assignment); as T grows rows tend to uniform.
    """
    r = np.asarray(responsibilities, dtype=float)
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0; got {temperature!r}.")
    with np.errstate(divide="ignore"):
        logr = np.log(r) / temperature
    logr -= logr.max(axis=1, keepdims=True)
    out = np.exp(logr)
    return out / out.sum(axis=1, keepdims=True)


class MStepExplorer(Demo):
    """Temper the responsibilities and watch the M-step's estimates move."""

    title = "M-step: soft versus hard responsibilities"
    size = (9.5, 4.3)

    def __init__(self, X, responsibilities):
        self.X = np.asarray(X, dtype=float)
        self.resp = np.asarray(responsibilities, dtype=float)
        super().__init__()

    def _controls(self):
        return {"log2_T": slider("log₂ temperature", 0.0, -6, 3, 0.25)}

    def _build(self):
        ax, bax = self.axes
        k = self.resp.shape[1]
        self.colors = component_colors(k)
        w1, m1, c1 = m_step(self.X, self.resp)
        self.reference = plot_ellipses(m1, c1, ax=ax, n_std=(2,), ls=":", lw=1.3)
        self.points = ax.scatter(self.X[:, 0], self.X[:, 1], s=10, edgecolors="none")
        self.ellipses = plot_ellipses(m1, c1, ax=ax, n_std=(1, 2))
        self.mean_marks = plot_means(m1, ax=ax)
        ax.set(xlim=(-4, 8), ylim=(-4, 8), aspect="equal", xlabel="x₁", ylabel="x₂",
               title="M-step from tempered r (dotted: T = 1)")
        self.wbars = bax.bar(np.arange(k), w1, color=self.colors)
        self.nk_text = [bax.text(j, 0.02, "", ha="center", va="bottom", fontsize=8) for j in range(k)]
        bax.set(ylim=(0, 1), xticks=np.arange(k), xticklabels=[f"π{j + 1}" for j in range(k)],
                ylabel="mixing weight", title="weights N_j / n")

    def dynamic(self):
        return [self.points, *_flat(self.ellipses), self.mean_marks, *self.wbars, *self.nk_text]

    def _draw(self, log2_T):
        T = 2.0**log2_T
        r = temper(self.resp, T)
        w, m, c = m_step(self.X, r)
        self.points.set_facecolors(mix_colors(r, self.colors))
        update_ellipses(self.ellipses, m, c, n_std=(1, 2))
        self.mean_marks.set_offsets(m)
        for bar, t, wj in zip(self.wbars, self.nk_text, w):
            bar.set_height(wj)
            t.set_text(f"N={wj * len(self.X):.1f}")
        hard = np.mean(r.max(axis=1) > 0.999)
        return f"T = {T:.3g}: {hard:.0%} of points are (almost) hard-assigned; weights {np.round(w, 3).tolist()}"


# --------------------------------------------------------------------------- #
# 05: EM, step by step
# --------------------------------------------------------------------------- #
class EMExplorer(Demo):
    """Walk precomputed EM runs half-step by half-step; pick the run by seed."""

    title = "EM, step by step"
    size = (10.0, 4.3)

    def __init__(self, X, k, seeds=range(8), *, max_iter=60, tol=1e-6, xlabel="x₁", ylabel="x₂", method="random"):
        self.X = np.asarray(X, dtype=float)
        self.k = k
        self.seeds = list(seeds)
        self.labels = (xlabel, ylabel)
        self.runs = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            for s in self.seeds:
                start = init_params(self.X, k, method=method, random_state=s)
                self.runs[s] = run_em(self.X, *start, max_iter=max_iter, tol=tol)
        self.max_steps = 2 * max(r.n_iter for r in self.runs.values())
        super().__init__()
        self.back = W.Button(description="◀ back", layout=W.Layout(width="90px"))
        self.forward = W.Button(description="E-step ▶", layout=W.Layout(width="110px"), button_style="info")
        self.back.on_click(lambda _: self._nudge(-1))
        self.forward.on_click(lambda _: self._nudge(+1))
        self.widget.children = (W.HBox([self.back, self.forward]),) + tuple(self.widget.children)
        self._sync_buttons()

    def _controls(self):
        return {
            "seed": W.Dropdown(options=self.seeds, value=self.seeds[0], description="start (seed)",
                               style={"description_width": "initial"}, layout=W.Layout(width="180px")),
            "step": slider("half-step", 0, 0, self.max_steps, 1, integer=True),
        }

    def _nudge(self, delta):
        step = self.controls["step"]
        step.value = int(np.clip(step.value + delta, 0, step.max))

    def _sync_buttons(self):
        s = self.controls["step"].value
        self.forward.description = "E-step ▶" if s % 2 == 0 else "M-step ▶"
        self.back.disabled = s == 0
        self.forward.disabled = s >= self.controls["step"].max

    def _on_change(self, change):
        run = self.runs[self.controls["seed"].value]
        self.controls["step"].max = 2 * run.n_iter
        super()._on_change(change)
        if hasattr(self, "forward"):
            self._sync_buttons()

    def _build(self):
        ax, lax = self.axes
        self.colors = component_colors(self.k)
        self.points = ax.scatter(self.X[:, 0], self.X[:, 1], s=10, edgecolors="none")
        first = self.runs[self.seeds[0]].history[0]
        self.ellipses = plot_ellipses(first.means, first.covariances, ax=ax, n_std=(1, 2))
        self.mean_marks = plot_means(first.means, ax=ax)
        pad = 0.08 * (self.X.max(0) - self.X.min(0))
        ax.set(xlim=(self.X[:, 0].min() - pad[0], self.X[:, 0].max() + pad[0]),
               ylim=(self.X[:, 1].min() - pad[1], self.X[:, 1].max() + pad[1]),
               xlabel=self.labels[0], ylabel=self.labels[1], title="points coloured by responsibility")
        self.ll_line, self.ll_mark = plot_log_likelihood([first.log_likelihood], ax=lax, start=first.log_likelihood)
        lax.set_title("log-likelihood never decreases")
        self._shown_seed = None

    def state(self, seed, step):
        """(params snapshot, responsibilities or None, iteration for the curve, description)."""
        hist = self.runs[seed].history
        step = min(step, 2 * (len(hist) - 1))
        t, half = divmod(step, 2)
        if step == 0:
            return hist[0], None, 0, "start: initial parameters, no responsibilities yet"
        if half == 1:  # E-step of iteration t + 1: parameters unchanged, new responsibilities
            return hist[t], hist[t].responsibilities, t, f"iteration {t + 1}, E-step: responsibilities from the current parameters"
        return hist[t], hist[t - 1].responsibilities, t, f"iteration {t}, M-step: parameters re-estimated from those responsibilities"

    def dynamic(self):
        return [self.points, *_flat(self.ellipses), self.mean_marks, self.ll_line, self.ll_mark]

    def _draw(self, seed, step):
        run = self.runs[seed]
        if seed != self._shown_seed:  # new run: new curve and axis limits, so a new background
            ll = [run.history[0].log_likelihood] + run.log_likelihoods
            self.ll_line.set_data(np.arange(len(ll)), ll)
            span = max(ll) - min(ll)
            lax = self.axes[1]
            lax.set_xlim(-0.5, run.n_iter + 0.5)
            lax.set_ylim(min(ll) - 0.05 * span, max(ll) + 0.05 * span)
            self.live.invalidate()
            self._shown_seed = seed
        snap, resp, t, what = self.state(seed, step)
        self.points.set_facecolors(GREY if resp is None else mix_colors(resp, self.colors))
        update_ellipses(self.ellipses, snap.means, snap.covariances, n_std=(1, 2))
        self.mean_marks.set_offsets(snap.means)
        self.ll_mark.set_data([t], [snap.log_likelihood])
        final = run.log_likelihood
        return f"<b>{what}</b>. log-likelihood {snap.log_likelihood:.3f} (this run ends at {final:.3f} after {run.n_iter} iterations)"
