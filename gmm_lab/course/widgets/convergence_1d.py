"""Notebook 05's 1-D figures: EM on a histogram, and the lower bound it climbs (PRML Fig. 9.14)."""

import numpy as np

from ...bound import lower_bound
from ...em import log_likelihood
from ...gaussian import gaussian_pdf
from ...practice.fixed_variance import one_mean_em
from ..plotting import (
    LINESTYLES,
    PALETTE,
    component_colors,
    plot_log_likelihood,
    update_responsibilities,
)
from .live import Demo, slider, track_width
from .steps import half_step_frames, ring_room

__all__ = ["EM1DExplorer", "BoundExplorer"]

WHAT = {"start": "start", "E": "iteration {t}, E-step", "M": "iteration {t}, M-step"}


def _histogram(ax, x, bins):
    ax.hist(x, bins=bins, density=True, color="#dddddd", edgecolor="white", label="data (histogram)")


def _rug(ax, x, y):
    """Points as a strip under the histogram (fixed jitter), to be coloured by responsibility."""
    jitter = np.random.default_rng(0).uniform(-1, 1, len(x))
    return ax.scatter(x, y * (1 + 0.35 * jitter), s=9, edgecolors="none", zorder=3)


class EM1DExplorer(Demo):
    """EM on 1-D data, half-step by half-step: the weighted bells, the mixture, coloured points.

    Parameters
    ----------
    x : array-like of shape (n_samples,) or (n_samples, 1)
    run : EMResult
        A run of ``run_em`` on `x` (with its full history); nothing is fitted here.
    bins : int
    xlabel : str
    """

    title = "EM in one dimension"
    size = (10.0, 4.2)
    strip_panel = (0, 1)  # the static picture: both panels, the curve and its ring included

    def __init__(self, x, run, *, bins=30, xlabel="x"):
        self.x = np.asarray(x, dtype=float).ravel()
        self.run = run
        self.bins = bins
        self.xlabel = xlabel
        super().__init__()
        self.add_step_buttons("step")

    def _controls(self):
        return {"step": slider("half-step (1-D)", 0, 0, self.run.n_half_steps, 1, integer=True,
                               width=track_width(self.size[0], self.run.n_half_steps, 8))}

    def _build(self):
        ax, lax = self.axes
        k = len(self.run.weights)
        self.colors = component_colors(k)
        pad = 0.15 * np.ptp(self.x)
        self.grid = np.linspace(self.x.min() - pad, self.x.max() + pad, 400)
        _histogram(ax, self.x, self.bins)
        top = 1.6 * np.histogram(self.x, self.bins, density=True)[0].max()
        self.rug = _rug(ax, self.x, -0.06 * top)
        (self.mix_line,) = ax.plot(self.grid, 0 * self.grid, color="black", lw=2, label="mixture p(x)")
        self.comp_lines = [ax.plot(self.grid, 0 * self.grid, color=self.colors[j], lw=1.6, ls=LINESTYLES[j],
                                   label=f"π{j + 1} N(x | μ{j + 1}, σ{j + 1}²)")[0] for j in range(k)]
        ax.set(xlim=(self.grid[0], self.grid[-1]), ylim=(-0.1 * top, top), xlabel=self.xlabel, ylabel="density",
               title="points under the histogram, coloured by responsibility")
        ax.axhline(0, color="black", lw=0.6)
        ax.legend(loc="upper left", fontsize=9)
        self.ll_line, self.ll_mark = plot_log_likelihood(self.run.log_likelihoods, ax=lax, current=0)
        lax.set_title("log-likelihood (ring: current parameters)", fontsize=10)
        self.fig.get_layout_engine().execute(self.fig)  # the axes' final size, for the room the ring needs
        self.fit_to_size()

    def fit_to_size(self):
        ring_room(self.axes[1], self.ll_mark, self.run.n_iter, self.run.log_likelihoods)

    def dynamic(self):
        return [self.rug, self.mix_line, *self.comp_lines, self.ll_mark]

    def frames(self):
        return half_step_frames(self.run.n_iter)

    def _draw(self, step):
        h = self.run.half_step(step)
        s = h.state
        comps = [w * gaussian_pdf(self.grid, m, c) for w, m, c in zip(s.weights, s.means, s.covariances)]
        for line, c in zip(self.comp_lines, comps):
            line.set_ydata(c)
        self.mix_line.set_ydata(np.sum(comps, axis=0))
        r = h.responsibilities
        update_responsibilities(self.rug, r, self.colors)
        self.ll_mark.set_data([h.parameters_after], [s.log_likelihood])
        params = "; ".join(f"π{j + 1} = {w:.2f}, μ{j + 1} = {m[0]:.2f}, σ{j + 1} = {np.sqrt(c[0, 0]):.2f}"
                           for j, (w, m, c) in enumerate(zip(s.weights, s.means, s.covariances)))
        return f"<b>{WHAT[h.kind].format(t=h.iteration)}</b>: {params}; log-likelihood {s.log_likelihood:.2f}"


class BoundExplorer(Demo):
    """One mean free: the log-likelihood ℓ(μ), and the bound L(q, μ) each E-step builds and each M-step climbs.

    Parameters
    ----------
    x : array-like of shape (n_samples,)
    means, sigmas, weights : array-like of shape (n_components,)
        A 1-D mixture; ``means[free]`` is the start of the free mean, the rest is fixed.
    free : int
    grid : array-like
        The values of the free mean at which ℓ and the bounds are drawn.
    """

    title = "EM climbs a lower bound"
    size = (10.0, 4.2)

    def __init__(self, x, means, sigmas, weights, *, free=0, grid=None, xlabel="x"):
        self.x = np.asarray(x, dtype=float).ravel()
        self.means = np.array(means, dtype=float).ravel()
        self.sigmas = np.asarray(sigmas, dtype=float)
        self.weights = np.asarray(weights, dtype=float)
        self.free = free
        self.xlabel = xlabel
        self.grid = np.linspace(self.x.min(), self.x.max(), 161) if grid is None else np.asarray(grid, float)
        self.mu, self.q = one_mean_em(self.x, self.means, self.sigmas, self.weights, free=free)
        self.ell = np.array([self._ll(m) for m in self.grid])
        self.bounds = np.array([[self._bound(q, m) for m in self.grid] for q in self.q])
        super().__init__()
        self.add_step_buttons("step")

    def _params(self, mu):
        means = self.means.copy()
        means[self.free] = mu
        return means[:, None], (self.sigmas**2)[:, None, None], self.weights

    def _ll(self, mu):
        return log_likelihood(self.x, *self._params(mu))

    def _bound(self, q, mu):
        means, covs, weights = self._params(mu)
        return lower_bound(self.x, q, means, covs, weights)

    def _controls(self):
        return {"step": slider("half-step (bound)", 0, 0, 2 * (len(self.mu) - 1), 1, integer=True)}

    def _build(self):
        ax, lax = self.axes
        self.colors = component_colors(len(self.weights))
        pad = 0.15 * np.ptp(self.x)
        self.xs = np.linspace(self.x.min() - pad, self.x.max() + pad, 400)
        _histogram(ax, self.x, 30)
        self.comp_lines = [ax.plot(self.xs, 0 * self.xs, color=self.colors[j], lw=1.8,
                                   ls="-" if j == self.free else "--")[0] for j in range(len(self.weights))]
        ax.set(xlim=(self.xs[0], self.xs[-1]), xlabel=self.xlabel, ylabel="density",
               title=f"the mixture; only μ{self.free + 1} (solid) moves")
        lax.plot(self.grid, self.ell, color="black", lw=2, label="log-likelihood ℓ(μ)")
        (self.bound_line,) = lax.plot(self.grid, 0 * self.grid, color=PALETTE[2], lw=2, ls="--", label="bound L(q, μ)")
        (self.dot,) = lax.plot([], [], "o", color=PALETTE[5], ms=9, zorder=5, label="current μ on ℓ")
        (self.top,) = lax.plot([], [], "^", color=PALETTE[2], ms=9, zorder=5, label="maximum of the bound")
        (self.gap,) = lax.plot([], [], ":", color=PALETTE[5], lw=1.5)
        lo = np.quantile(np.concatenate([self.ell, self.bounds.ravel()]), 0.25)
        span = self.ell.max() - lo
        lax.set(xlim=(self.grid[0], self.grid[-1]), ylim=(lo, self.ell.max() + 0.08 * span),
                xlabel=f"μ{self.free + 1}", ylabel="total log-likelihood",
                title="each E-step: a bound touching ℓ; each M-step: its top")
        lax.title.set_fontsize(10)
        lax.legend(loc="upper right", fontsize=9)

    def dynamic(self):
        return [*self.comp_lines, self.bound_line, self.dot, self.top, self.gap]

    strip_panel = 1  # the log-likelihood and the bound

    def frames(self):
        """The start, the first two iterations half-step by half-step, and the end, where the gap has closed."""
        last = self.controls["step"].max
        steps = sorted({s for s in (0, 1, 2, 3, 4) if s <= last} | {last})
        return [("start" if s == 0 else f"iteration {(s + 1) // 2}, {'E' if s % 2 else 'M'}-step"
                 + (" (the end)" if s == last else ""), {"step": s}) for s in steps]

    def _draw(self, step):
        t = (step + 1) // 2  # the iteration this half-step belongs to
        kind = "start" if step == 0 else ("E" if step % 2 else "M")
        mu = self.mu[0] if step == 0 else (self.mu[t - 1] if kind == "E" else self.mu[t])
        means, covs, weights = self._params(mu)
        for line, w, m, c in zip(self.comp_lines, weights, means, covs):
            line.set_ydata(w * gaussian_pdf(self.xs, m, c))
        ell_mu = self._ll(mu)
        self.dot.set_data([mu], [ell_mu])
        if kind == "start":
            self.bound_line.set_visible(False)
            self.top.set_data([], [])
            self.gap.set_data([], [])
            return f"<b>start</b>: μ{self.free + 1} = {mu:.3f}, ℓ = {ell_mu:.2f}. No bound yet: the first E-step builds one."
        q = self.q[t - 1]
        self.bound_line.set_visible(True)
        self.bound_line.set_ydata(self.bounds[t - 1])
        best = self.mu[t]
        bound_best = self._bound(q, best)
        self.top.set_data([best], [bound_best])
        if kind == "E":
            self.gap.set_data([], [])
            return (f"<b>iteration {t}, E-step</b>: the bound touches ℓ at μ{self.free + 1} = {mu:.3f} "
                    f"(both {ell_mu:.2f}); its top is at {best:.3f}.")
        self.gap.set_data([mu, mu], [bound_best, ell_mu])
        head = f"<b>iteration {t}, M-step</b>: μ{self.free + 1} → {mu:.3f}, the top of the bound ({bound_best:.2f})"
        last = t == len(self.mu) - 1
        if round(ell_mu, 2) == round(bound_best, 2):  # no gap to see at the precision shown
            end = " EM stops here: μ has settled." if last else ""
            return f"{head}; ℓ is the same to two decimals (the gap is {ell_mu - bound_best:.1g}).{end}"
        closes = "; EM stops here, so no E-step closes it" if last else ", which the next E-step closes"
        return f"{head}; ℓ is higher still ({ell_mu:.2f}): the dotted gap{closes}."
