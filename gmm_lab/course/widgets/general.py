"""Notebook 15's live figure: ln p(X | θ) = L(q, θ) + KL(q ‖ p(Z | X, θ)), half-step by half-step (PRML Figs. 9.11-9.13).

Bars in the manner of PRML's figures: ln p as one bar, and beside it the same height cut in
two, the bound L (solid) and the KL gap (hatched), stacked. Left, the current half-step with
q moved away from the E-step's (mixed with "every component equally likely"); right, every
half-step with the E-step's q. The heights are the numbers of ``gmm_lab.decomposition``,
computed when the figure is built (each half-step) and in the callback for the mixed q: at an
E half-step, one pass over the points' stored log posteriors; at an M half-step, θ is
re-maximised for the mixed q (``m_step``, closed form, one pass), so the M-step still maximises
L for the q it is given and L never falls there.
"""

import numpy as np
from matplotlib.patches import Rectangle

from ...em import m_step
from ...practice.general import decomposition, decomposition_path, log_posterior
from ..encoding import PALETTE
from .live import Demo, slider
from .steps import StepButtons

__all__ = ["DecompositionExplorer", "BOUND_STYLE", "KL_STYLE", "LOGP_STYLE", "mixed_q"]

BOUND_STYLE = {"facecolor": PALETTE[0], "edgecolor": "black", "hatch": None}
KL_STYLE = {"facecolor": PALETTE[1], "edgecolor": "black", "hatch": "//"}
LOGP_STYLE = {"facecolor": "#bbbbbb", "edgecolor": "black", "hatch": None}
WIDTH = 0.6
CUT_BOX = {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "#666666", "lw": 0.8}


def mixed_q(q, mix):
    """``(1 - mix) q + mix / K``: q moved toward "every component equally likely" (mix from 0 to 1)."""
    return (1 - mix) * q + mix / q.shape[1]


def _label(step):
    return "start" if step == 0 else f"{'E' if step % 2 else 'M'}{(step + 1) // 2}"


def _bar(ax, x, style, label=None):
    return ax.add_patch(Rectangle((x - WIDTH / 2, 0.0), WIDTH, 0.0, lw=1.0, label=label, **style))


class DecompositionExplorer(Demo):
    """The bound, the KL gap and the log-likelihood at each half-step of a run, for any q.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    run : EMResult
        A full-covariance run of ``run_em`` on `X`, with its history.
    n_iterations : int, default=4
        How many iterations (two half-steps each) the figure steps through.
    """

    title = "ln p = L + KL, at each half-step"
    size = (10.0, 4.2)
    strip_panel = (0, 1)

    def __init__(self, X, run, *, n_iterations=4):
        self.X = np.asarray(X, dtype=float).reshape(len(X), -1)
        self.run = run
        self.n_steps = 2 * min(int(n_iterations), run.n_iter)
        self.bound, self.kl, self.logp = decomposition_path(self.X, run, n_half_steps=self.n_steps)
        self.q, self.log_post = [], []  # each half-step's q and log posterior, for the mixed q
        for step in range(self.n_steps + 1):
            h = run.half_step(step)
            s = h.state
            self.log_post.append(log_posterior(self.X, s.means, s.covariances, s.weights)[0])
            k = run.n_components
            self.q.append(np.full((len(self.X), k), 1 / k) if h.responsibilities is None else h.responsibilities)
        super().__init__()
        self.steps = StepButtons(self.controls["step"])
        self.buttons = [self.steps.back, self.steps.forward]
        self.widget.children = (self.steps.box,) + tuple(self.widget.children)

    def _controls(self):
        # open at iteration 1's E-step: at the start q is already uniform, and the mix slider does nothing
        return {"step": slider("half-step (L + KL)", min(1, self.n_steps), 0, self.n_steps, 1, integer=True),
                "mix": slider("q mixed toward uniform", 0.0, 0.0, 0.1, 0.01)}

    def terms(self, step, mix):
        """(L, KL, ln p) at half-step `step` with q mixed `mix` of the way toward uniform.

        At an M half-step with ``mix > 0``, θ is the M-step's for the mixed q (``m_step`` with
        the run's ``reg_covar``), not the run's: the M-step maximises L for the q it is given.
        """
        q = mixed_q(self.q[step], mix)
        if self.run.half_step(step).kind == "M" and mix > 0:
            new = m_step(self.X, q, reg_covar=self.run.reg_covar)
            d = decomposition(self.X, q, new.means, new.covariances, new.weights)
            return d.bound, d.kl, d.log_likelihood
        used = q > 0
        with np.errstate(divide="ignore"):
            log_q = np.log(q)
        kl = float(np.sum(q[used] * (log_q - self.log_post[step])[used]))
        logp = float(self.logp[step])
        return logp - kl, kl, logp

    def _build(self):
        ax, hax = self.axes
        # one scale for both panels: the bars start at the lowest bound after the start (a bar whose
        # bound lies lower is cut there, and says its value)
        top = float(self.logp.max())
        low = float(self.bound[1:].min()) if self.n_steps else float(self.bound[0])
        span = top - low
        self.floor = low - 0.1 * span
        ylim = (self.floor, top + 0.1 * span)
        ax.set(xlim=(-0.6, 2.9), ylim=ylim, xticks=[0, 1], xticklabels=["ln p", "L + KL"],
               ylabel="nats (bars start at the axis)", title="this half-step, for the chosen q")
        self.logp_bar = _bar(ax, 0, LOGP_STYLE, "ln p(X|θ)")
        self.bound_bar = _bar(ax, 1, BOUND_STYLE, "L(q, θ)")
        self.kl_bar = _bar(ax, 1, KL_STYLE, "KL(q ‖ posterior)")
        self.cut = ax.text(1, self.floor, "", ha="center", va="bottom", fontsize=9, color="black",
                           bbox=CUT_BOX, zorder=5)
        ax.legend(loc="upper right", fontsize=9)
        xs = np.arange(self.n_steps + 1)
        self.history_bars = [(_bar(hax, x, BOUND_STYLE), _bar(hax, x, KL_STYLE)) for x in xs]
        for x, (b, k) in zip(xs, self.history_bars):
            _stack(b, k, self.floor, self.bound[x], self.kl[x])
        (self.logp_line,) = hax.plot(xs, self.logp, color="black", ls="none", marker="_", ms=18,
                                     mew=2, label="ln p(X|θ)")
        hax.set(xlim=(-0.6, self.n_steps + 0.6), ylim=ylim, xticks=xs, xticklabels=[_label(s) for s in xs],
                xlabel="half-step", ylabel="nats (black tick: ln p)",
                title="every half-step (q from the last E-step)")
        # a start whose bound lies below the axis says so, in the empty top-left corner (inside the axes,
        # clear of the spine and of the bars), with an arrow down to its bar
        self.start_note = None
        if self.bound[0] < self.floor:
            self.start_note = hax.annotate(
                f"start: L = {self.bound[0]:.0f},\nbelow the axis", (0, self.logp[0]), xytext=(0.03, 0.96),
                textcoords="axes fraction", ha="left", va="top", fontsize=9, bbox=CUT_BOX, zorder=5,
                arrowprops={"arrowstyle": "->", "color": "black", "lw": 1.0, "shrinkB": 6})
        self.ring = hax.add_patch(Rectangle((-WIDTH / 2 - 0.1, self.floor), WIDTH + 0.2, 0.0, fill=False,
                                            edgecolor=PALETTE[5], lw=2.5, ls="--"))

    def dynamic(self):
        return [self.logp_bar, self.bound_bar, self.kl_bar, self.ring, self.cut]

    def frames(self):
        """Iteration 1's E-step and M-step, and its E-step again with q mixed 0.05 of the way to uniform."""
        last = min(2, self.n_steps)
        return [("iteration 1, E-step", {"step": min(1, last), "mix": 0.0}),
                ("iteration 1, M-step", {"step": last, "mix": 0.0}),
                ("E-step, q mixed 0.05 toward uniform", {"step": min(1, last), "mix": 0.05})]

    def _draw(self, step, mix):
        bound, kl, logp = self.terms(step, mix)
        self.logp_bar.set_y(self.floor)
        self.logp_bar.set_height(logp - self.floor)
        _stack(self.bound_bar, self.kl_bar, self.floor, bound, kl)
        self.ring.set_x(step - WIDTH / 2 - 0.1)
        self.ring.set_height(self.logp[step] - self.floor + 0.03 * (self.logp.max() - self.floor))
        self.cut.set_text(f"L = {bound:.0f}\n(below)" if bound < self.floor else "")
        what = {"start": "q: every component equally likely, so mixing it toward uniform changes nothing",
                "E": "E-step: q is the posterior", "M": "M-step: new θ, q kept"}[self.run.half_step(step).kind]
        if self.run.half_step(step).kind == "M" and mix > 0:
            what = "M-step: θ maximises L for this mixed q (g.m_step), so L still rises"
        return (f"<b>{_label(step)}</b>, {what}; q mixed {mix:.2f} toward uniform: "
                f"L = {bound:.2f}, KL = {kl:.2f}, L + KL = {bound + kl:.2f} = ln p = {logp:.2f}")


def _stack(bound_bar, kl_bar, floor, bound, kl):
    """The bound from the floor up, the KL gap on top of it."""
    bound_bar.set_y(floor)
    bound_bar.set_height(max(bound - floor, 0.0))
    kl_bar.set_y(max(bound, floor))
    kl_bar.set_height(bound + kl - max(bound, floor))
