"""Notebook 01's live figures: one Gaussian, in 1-D and in 2-D."""

import numpy as np

from ...gaussian import log_gaussian_pdf
from ...sampling import sample_gmm
from ..plotting import PALETTE, plot_ellipses, update_ellipses
from .live import Demo, flat, slider
from .pixels import DensityLines

__all__ = ["Gaussian1D", "Gaussian2D"]


class Gaussian1D(Demo):
    """Density and log-density of N(mu, sigma^2): the bell and the parabola."""

    title = "1-D Gaussian: density and log-density"
    XLIM = (-8.0, 8.0)

    def _controls(self):
        return {"mu": slider("mean μ", 0.0, -3, 3, 0.1), "sigma": slider("std σ", 1.0, 0.3, 3, 0.05)}

    def _build(self):
        self.x = np.linspace(*self.XLIM, 600)
        ax, lax = self.axes
        (self.pdf_line,) = ax.plot(self.x, 0 * self.x, color=PALETTE[0], lw=2)
        self.band1 = ax.axvspan(-1, 1, color=PALETTE[0], alpha=0.18, lw=0, label="μ ± σ (68.3%)")
        self.band2 = ax.axvspan(-2, 2, color=PALETTE[0], alpha=0.08, lw=0, label="μ ± 2σ (95.4%)")
        ax.set(xlim=self.XLIM, ylim=(0, 1.4), xlabel="x", ylabel="density p(x)", title="density")
        ax.legend(loc="upper right", fontsize=9)
        (self.log_line,) = lax.plot(self.x, 0 * self.x, color=PALETTE[5], lw=2)
        lax.set(xlim=self.XLIM, ylim=(-40, 2), xlabel="x", ylabel="log p(x)", title="log-density: a parabola")

    def dynamic(self):
        return [self.band2, self.band1, self.pdf_line, self.log_line]

    def frames(self):
        return [(f"μ = 0, σ = {s}", {"mu": 0.0, "sigma": s}) for s in (0.5, 1.0, 2.0)]

    def _draw(self, mu, sigma):
        logp = log_gaussian_pdf(self.x, mu, sigma**2)
        self.pdf_line.set_ydata(np.exp(logp))
        self.log_line.set_ydata(logp)
        for band, s in ((self.band1, 1), (self.band2, 2)):
            band.set_x(mu - s * sigma)
            band.set_width(2 * s * sigma)
        peak = 1 / (sigma * np.sqrt(2 * np.pi))
        return (
            f"peak 1/(σ√(2π)) = {peak:.3f} at x = μ = {mu:.2f}{' (a density can exceed 1)' if peak > 1 else ''}; "
            f"95.4% of the probability in [{mu - 2 * sigma:.2f}, {mu + 2 * sigma:.2f}]; "
            f"log p drops by 18 (p by a factor 6.6e7) at μ ± 6σ"
        )


class Gaussian2D(Demo):
    """A 2-D Gaussian: contours, 1/2/3-sigma ellipses, eigenvector axes and samples."""

    title = "2-D Gaussian: mean, spreads and correlation"
    size = (9.0, 4.3)
    LIM = 6.0
    N = 300

    def _controls(self):
        return {
            "mu_x": slider("mean, x₁", 0.0, -2, 2, 0.1),
            "mu_y": slider("mean, x₂", 0.0, -2, 2, 0.1),
            "sigma_x": slider("σ along x₁", 1.5, 0.3, 2.5, 0.05),
            "sigma_y": slider("σ along x₂", 1.0, 0.3, 2.5, 0.05),
            "rho": slider("correlation ρ", 0.6, -0.95, 0.95, 0.05),
        }

    def _build(self):
        ax, sax = self.axes
        lim = (-self.LIM, self.LIM)
        self.density = DensityLines(ax, lim, levels=6, linewidths=0.8)
        self.contours = self.density.collection
        self.ellipses = plot_ellipses([[0, 0]], [np.eye(2)], ax=ax, colors=[PALETTE[0]])
        self.axes_lines = [ax.plot([], [], color=PALETTE[5], lw=2)[0] for _ in range(2)]
        self.mean_dot = ax.plot([], [], "o", color=PALETTE[5], ms=6)[0]
        ax.set(xlim=lim, ylim=lim, aspect="equal", xlabel="x₁", ylabel="x₂",
               title="density contours, 1/2/3σ ellipses, principal axes")
        self.points = sax.scatter(np.zeros(self.N), np.zeros(self.N), s=9, color=PALETTE[0], alpha=0.6,
                                  edgecolors="none")
        self.sample_ellipses = plot_ellipses([[0, 0]], [np.eye(2)], ax=sax, n_std=(2,), colors=[PALETTE[5]])
        sax.set(xlim=lim, ylim=lim, aspect="equal", xlabel="x₁", ylabel="x₂",
                title=f"{self.N} samples x = μ + L z (Cholesky L)")

    def dynamic(self):
        return [self.contours, *flat(self.ellipses), *self.axes_lines, self.mean_dot, self.points,
                *flat(self.sample_ellipses)]

    def frames(self):
        return [(f"ρ = {r}", {"rho": r}) for r in (-0.8, 0.0, 0.8)]

    def _draw(self, mu_x, mu_y, sigma_x, sigma_y, rho):
        mean = np.array([mu_x, mu_y])
        cov = np.array([[sigma_x**2, rho * sigma_x * sigma_y], [rho * sigma_x * sigma_y, sigma_y**2]])
        self.density.update(mean[None], cov[None], [1.0])
        update_ellipses(self.ellipses, [mean], [cov])
        update_ellipses(self.sample_ellipses, [mean], [cov], n_std=(2,))
        vals, vecs = np.linalg.eigh(cov)
        for line, val, vec in zip(self.axes_lines, vals, vecs.T):
            tip = mean + np.sqrt(val) * vec
            line.set_data([mean[0], tip[0]], [mean[1], tip[1]])
        self.mean_dot.set_data([mu_x], [mu_y])
        # the same z for every slider position (fixed random_state): the points are reshaped, not redrawn
        self.points.set_offsets(sample_gmm(self.N, mean[None], cov[None], [1.0], random_state=0)[0])
        return (
            f"Σ = [[{cov[0, 0]:.2f}, {cov[0, 1]:.2f}], [{cov[1, 0]:.2f}, {cov[1, 1]:.2f}]];"
            f" eigenvalues {vals[1]:.2f}, {vals[0]:.2f} (the squared half-axes of the 1σ ellipse)"
        )
