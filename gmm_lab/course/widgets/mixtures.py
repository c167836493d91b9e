"""Notebook 02's live figures: a two-component mixture, its density and ancestral samples."""

import numpy as np

from ...gaussian import gaussian_pdf
from ...sampling import sample_gmm
from ..plotting import LINESTYLES, PALETTE, component_colors, plot_ellipses, update_ellipses, update_responsibilities
from .live import Demo, flat, slider
from .pixels import DensityLines

__all__ = ["Mixture1D", "Mixture2D"]


class Mixture1D(Demo):
    """A two-component 1-D mixture: samples (histogram) over the density."""

    title = "1-D mixture: weight and means"
    N = 2000
    SIGMAS = (1.0, 0.7)
    XLIM = (-8.0, 8.0)

    def _controls(self):
        return {
            "w": slider("weight π₁ (1-D)", 0.35, 0.0, 1.0, 0.01),
            "mu1": slider("mean μ₁", -2.0, -5, 5, 0.1),
            "mu2": slider("mean μ₂", 2.0, -5, 5, 0.1),
        }

    def _build(self):
        self.x = np.linspace(*self.XLIM, 500)
        self.edges = np.linspace(*self.XLIM, 65)
        ax, bax = self.axes
        self.bars = ax.bar(self.edges[:-1], np.zeros(64), width=np.diff(self.edges), align="edge",
                           color=PALETTE[4], alpha=0.55, label=f"histogram of {self.N} samples")
        (self.mix_line,) = ax.plot(self.x, 0 * self.x, color="black", lw=2, label="mixture p(x)")
        self.comp_lines = [ax.plot(self.x, 0 * self.x, color=PALETTE[j], lw=1.4, ls=LINESTYLES[j],
                                   label=f"π{j + 1} N(x | μ{j + 1}, σ{j + 1}²)")[0] for j in range(2)]
        # the tallest the density gets on these sliders: all weight on the narrower component
        top = 1.0 / (min(self.SIGMAS) * np.sqrt(2 * np.pi))
        ax.set(xlim=self.XLIM, ylim=(0, 1.08 * top), xlabel="x", ylabel="density",
               title="ancestral samples over the density")
        ax.legend(loc="upper left", fontsize=9)
        self.wbars = bax.bar([0, 1], [0, 0], color=[PALETTE[0], PALETTE[1]])
        bax.set(ylim=(0, 1), xticks=[0, 1], xticklabels=["component 1", "component 2"],
                ylabel="fraction of samples", title="step 1: pick a component")

    def dynamic(self):
        return [*self.bars, self.mix_line, *self.comp_lines, *self.wbars]

    def frames(self):
        return [
            ("π₁ = 0.35, μ = (−2, 2)", {"w": 0.35, "mu1": -2.0, "mu2": 2.0}),
            ("π₁ = 0.8, μ = (−2, 2)", {"w": 0.8, "mu1": -2.0, "mu2": 2.0}),
            ("π₁ = 0.35, μ = (0, 0)", {"w": 0.35, "mu1": 0.0, "mu2": 0.0}),
        ]

    def _draw(self, w, mu1, mu2):
        means = np.array([[mu1], [mu2]])
        covs = np.array(self.SIGMAS)[:, None, None] ** 2
        weights = np.array([w, 1 - w])
        # a fixed random_state: the same uniforms and normals, reshaped by the sliders
        samples, labels = sample_gmm(self.N, means, covs, weights, random_state=1)
        counts, _ = np.histogram(samples[:, 0], self.edges)
        for bar, h in zip(self.bars, counts / (self.N * np.diff(self.edges))):
            bar.set_height(h)
        comps = [wj * gaussian_pdf(self.x, m, c) for wj, m, c in zip(weights, means, covs)]
        for line, c in zip(self.comp_lines, comps):
            line.set_ydata(c)
        self.mix_line.set_ydata(comps[0] + comps[1])
        frac = np.mean(labels == 0)
        self.wbars[0].set_height(frac)
        self.wbars[1].set_height(1 - frac)
        return f"π = ({w:.2f}, {1 - w:.2f}); component means μ₁ = {mu1:.1f}, μ₂ = {mu2:.1f}"


class Mixture2D(Demo):
    """A two-component 2-D mixture: density contours and coloured samples."""

    title = "2-D mixture: weight and where component 2 sits"
    size = (9.0, 4.3)
    N = 600
    COVS = np.array([[[1.0, 0.5], [0.5, 1.0]], [[0.8, -0.3], [-0.3, 0.6]]])
    LIM = (-4.0, 7.0)

    def _controls(self):
        return {
            "w": slider("weight π₁ (2-D)", 0.5, 0.05, 0.95, 0.01),
            "mu2_x": slider("comp. 2 mean, x₁", 3.0, -3, 5, 0.1),
            "mu2_y": slider("comp. 2 mean, x₂", 3.0, -3, 5, 0.1),
        }

    def _build(self):
        ax, sax = self.axes
        self.density = DensityLines(ax, self.LIM, levels=8, cmap="viridis", linewidths=1.0)
        self.contours = self.density.collection
        ax.set(xlim=self.LIM, ylim=self.LIM, aspect="equal", xlabel="x₁", ylabel="x₂", title="mixture density p(x)")
        self.points = sax.scatter(np.zeros(self.N), np.zeros(self.N), s=8, edgecolors="none", alpha=0.7)
        self.ellipses = plot_ellipses([[0, 0], [3, 3]], self.COVS, ax=sax, n_std=(2,))
        sax.set(xlim=self.LIM, ylim=self.LIM, aspect="equal", xlabel="x₁", ylabel="x₂",
                title=f"{self.N} samples, coloured by component")
        self.colors = component_colors(2)

    def dynamic(self):
        return [self.contours, self.points, *flat(self.ellipses)]

    def frames(self):
        return [(f"comp. 2 mean ({m}, {m})", {"w": 0.5, "mu2_x": m, "mu2_y": m}) for m in (3.0, 1.5, 0.0)]

    def _draw(self, w, mu2_x, mu2_y):
        means = np.array([[0.0, 0.0], [mu2_x, mu2_y]])
        weights = np.array([w, 1 - w])
        self.density.update(means, self.COVS, weights)
        pts, labels = sample_gmm(self.N, means, self.COVS, weights, random_state=2)
        self.points.set_offsets(pts)
        update_responsibilities(self.points, np.eye(2)[labels], self.colors)  # colour and shape: the component
        update_ellipses(self.ellipses, means, self.COVS, n_std=(2,))
        return f"π = ({w:.2f}, {1 - w:.2f}); component 2 centred at ({mu2_x:.1f}, {mu2_y:.1f})"
