"""Notebook 14's live figure: EM for a mixture of Bernoulli distributions, iteration by iteration."""

import numpy as np
from matplotlib.ticker import FixedLocator, MaxNLocator

from ..plotting import plot_log_likelihood
from ..tiles import LABEL_GAP, plot_tiles, tile_images
from .live import Demo, slider
from .steps import ring_room

__all__ = ["BernoulliEMExplorer"]


class BernoulliEMExplorer(Demo):
    """Slide through one run of ``run_em_bernoulli``: the component means as images, and the log-likelihood.

    Left: each component's means μ_j, the probability that each pixel is on, as a grey image
    (white 0, black 1), numbered under it. Right: the log-likelihood of every iteration, a ring
    at the one shown. Nothing is fitted here: the run's history is drawn.

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
        width = min(int(self.size[0] * 100) - 200, 130 + 12 * self.run.n_iter)
        return {"iteration": slider("EM iteration", 0, 0, self.run.n_iter, 1, integer=True,
                                    width=f"{max(width, 300)}px")}

    def _build(self):
        ax, lax = self.axes
        k = self.run.n_components
        self.image, _ = plot_tiles(self.run.history[0].means, ax=ax, shape=self.shape, ncols=self.per_row,
                                   labels=[str(j + 1) for j in range(k)])
        ax.set_title("component means μⱼ: how often each pixel is on", fontsize=10)
        self.ll_line, self.ll_mark = plot_log_likelihood(self.run.log_likelihoods, ax=lax, current=0)
        lax.set_title("log-likelihood (ring: the means shown)", fontsize=10)
        # whole iterations, none past the last: the ring's room beyond it must not grow a tick label there
        ticks = MaxNLocator(4, integer=True).tick_values(0, self.run.n_iter)
        lax.xaxis.set_major_locator(FixedLocator(ticks[(ticks >= 0) & (ticks <= self.run.n_iter)]))
        self.fig.get_layout_engine().execute(self.fig)  # the axes' final size, for the room the ring needs
        self.fit_to_size()

    def fit_to_size(self):
        ring_room(self.axes[1], self.ll_mark, self.run.n_iter, self.run.log_likelihoods)

    def dynamic(self):
        return [self.image, self.ll_mark]

    def frames(self):
        n = self.run.n_iter
        picks = [t for t in (0, 1, 2, 5) if t < n] + [n]
        return [("start" if t == 0 else f"after iteration {t}" + (" (the end)" if t == n else ""), {"iteration": t})
                for t in picks]

    def _draw(self, iteration):
        state = self.run.history[iteration]
        self.image.set_data(tile_images(state.means, self.shape, self.per_row, row_gap=LABEL_GAP)[0])
        self.ll_mark.set_data([iteration], [state.log_likelihood])
        what = "the start" if iteration == 0 else f"after iteration {iteration}"
        gain = "" if iteration == 0 else (f", {state.log_likelihood - self.run.log_likelihoods[iteration - 1]:.3g} "
                                          f"more than the iteration before")
        weights = ", ".join(f"{w:.2f}" for w in state.weights)
        return f"<b>{what}</b>: log-likelihood {state.log_likelihood:.1f}{gain}. Weights {weights}."
