"""Notebook 14's live figure: EM for a mixture of Bernoulli distributions, iteration by iteration."""

import numpy as np
from matplotlib.ticker import FixedLocator, MaxNLocator

from ..plotting import GREY, PALETTE
from ..tiles import LABEL_GAP, plot_tiles, tile_images
from .live import Demo, slider, track_width
from .realdata import GAP_FLOOR  # 12's: gaps below it (the last one is 0) sit on the log axis' floor
from .steps import ring_room

__all__ = ["BernoulliEMExplorer"]


class BernoulliEMExplorer(Demo):
    """Slide through one run of ``run_em_bernoulli``: the component means as images, and the log-likelihood.

    Left: each component's means μ_j, the probability that each pixel is on, as a grey image
    (white 0, black 1), numbered under it. Right: how far the log-likelihood of every iteration
    is below the run's last, ℓ(end) − ℓ(t), on a log scale (a ring at the one shown; gaps below
    ``GAP_FLOOR``, the last among them, on that floor): on a linear axis the first M-step's jump
    of tens of thousands of nats hides the slow climb after it. Nothing is fitted here: the
    run's history is drawn.

    Parameters
    ----------
    run : BernoulliResult
        With its full history (``keep_history=True``).
    shape : (int, int)
        The images' height and width (the run's ``n_features`` pixels).
    per_row : int
        Tiles per row.
    """

    title = "EM for a Bernoulli mixture, iteration by iteration"
    size = (10.5, 3.9)
    strip_panel = (0, 1)  # the static picture: the means and the curve, at each frame

    def __init__(self, run, *, shape=(8, 8), per_row=5):
        if len(run.history) != run.n_iter + 1:
            raise ValueError("run needs its full history: run run_em_bernoulli with keep_history=True.")
        if int(np.prod(shape)) != run.means.shape[1]:
            raise ValueError(f"shape {tuple(shape)} holds {int(np.prod(shape))} pixels but the means have "
                             f"{run.means.shape[1]}; pass the images' (height, width).")
        self.run, self.shape, self.per_row = run, tuple(shape), int(per_row)
        super().__init__()

    def _controls(self):
        return {"iteration": slider("EM iteration", 0, 0, self.run.n_iter, 1, integer=True,
                                    width=track_width(self.size[0], self.run.n_iter, 12))}

    def _build(self):
        ax, gax = self.axes
        k = self.run.n_components
        self.image, _ = plot_tiles(self.run.history[0].means, ax=ax, shape=self.shape, ncols=self.per_row,
                                   labels=[str(j + 1) for j in range(k)])
        ax.set_title("component means μⱼ: how often each pixel is on", fontsize=10)
        # the gap to the end, on a log scale: the first M-step's jump and the slow climb after it both show
        self.gap = np.maximum(self.run.log_likelihood - self.run.log_likelihoods, GAP_FLOOR)
        its = np.arange(self.run.n_iter + 1)
        (self.gap_line,) = gax.semilogy(its, self.gap, "o-", color=PALETTE[0], ms=3.5, lw=1.5)
        (self.gap_mark,) = gax.plot([0], [self.gap[0]], "o", ms=11, mfc="none", mec=PALETTE[5], mew=2.2)
        gax.set(xlabel="iteration (0 = start)", ylabel="ℓ(end) − ℓ(t), nats")
        gax.axhline(GAP_FLOOR, color=GREY, lw=0.8, ls=":")
        gax.text(0.03, 0.09, f"dotted: the end\n(gap 0) at {GAP_FLOOR:g}", transform=gax.transAxes,
                 ha="left", va="bottom", fontsize=9, color="0.35")  # bottom left: the curve is high there
        gax.set_title("log-likelihood's gap to the end (ring: the means shown)", fontsize=10)
        # whole iterations, none past the last: the ring's room beyond it must not grow a tick label there
        ticks = MaxNLocator(4, integer=True).tick_values(0, self.run.n_iter)
        gax.xaxis.set_major_locator(FixedLocator(ticks[(ticks >= 0) & (ticks <= self.run.n_iter)]))
        self.fig.get_layout_engine().execute(self.fig)  # the axes' final size, for the room the ring needs
        self.fit_to_size()

    def fit_to_size(self):
        ring_room(self.axes[1], self.gap_mark, self.run.n_iter, self.gap)

    def dynamic(self):
        return [self.image, self.gap_mark]

    def frames(self):
        n = self.run.n_iter
        picks = [t for t in (0, 1, 2, 5) if t < n] + [n]
        return [("start" if t == 0 else f"after iteration {t}" + (" (the end)" if t == n else ""), {"iteration": t})
                for t in picks]

    def _draw(self, iteration):
        state = self.run.history[iteration]
        self.image.set_data(tile_images(state.means, self.shape, self.per_row, row_gap=LABEL_GAP)[0])
        self.gap_mark.set_data([iteration], [self.gap[iteration]])
        what = "the start" if iteration == 0 else f"after iteration {iteration}"
        gain = "" if iteration == 0 else (f", {nats(state.log_likelihood - self.run.log_likelihoods[iteration - 1])} "
                                          f"more than the iteration before")
        weights = ", ".join(f"{w:.2f}" for w in state.weights)
        below = self.run.log_likelihood - state.log_likelihood
        return (f"<b>{what}</b>: log-likelihood {state.log_likelihood:.1f}{gain}, {nats(below)} below the end. "
                f"Weights {weights}.")


def nats(value):
    """A change of log-likelihood for the status line: whole nats from 100 up (1810, not 1.81e+03),
    three significant digits below."""
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"
