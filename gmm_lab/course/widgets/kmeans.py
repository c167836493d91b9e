"""Notebook 07's live figures: Lloyd's algorithm half-step by half-step, and k-means as EM's sigma -> 0 limit."""

import numpy as np

from ..plotting import (
    PALETTE,
    add_assignment_key,
    add_responsibility_key,
    component_colors,
    plot_ellipses,
    plot_means,
    update_responsibilities,
    update_ellipses,
)
from .live import Demo, flat, slider

__all__ = ["LloydExplorer", "SmallVarianceExplorer", "HARD"]

HARD = 0.99  # a point counts as hard-assigned when its largest responsibility exceeds this


def _pixels_on_top(demo, ax):
    """A pixel copy of `ax` (a colour key, drawn once in the background) to draw over the moving artists.

    Redrawing the key itself on every move would cost its text rendering; blitting its pixels
    costs almost nothing, and keeps a boundary line or a circle from running over it.
    """
    canvas = demo.live.canvas
    canvas.draw()  # the background: the moving artists are animated by now, so not in it
    box = ax.get_tightbbox(canvas.get_renderer())
    rgba = np.asarray(canvas.buffer_rgba())
    x0, y0 = int(np.floor(box.x0)), int(np.floor(box.y0))
    x1, y1 = int(np.ceil(box.x1)), int(np.ceil(box.y1))
    height = rgba.shape[0]
    image = demo.fig.figimage(rgba[height - y1 : height - y0, x0:x1].copy(), xo=x0, yo=y0, origin="upper", zorder=10)
    demo.live.invalidate()
    return image


def _bisector(centres, lim):
    """The points of the perpendicular bisector of two centres inside the square `lim` (the k-means boundary)."""
    a, b = centres
    mid, normal = (a + b) / 2, b - a
    direction = np.array([-normal[1], normal[0]]) / np.linalg.norm(normal)
    span = 2 * (lim[1] - lim[0])
    return np.array([mid - span * direction, mid + span * direction]).T


class LloydExplorer(Demo):
    """k-means (Lloyd's algorithm) half-step by half-step, with its distortion J (PRML Figs. 9.1 and 9.2).

    Half-step 0 shows the starting centres; half-step 2t - 1 is the assignment ("E-step")
    of iteration t, each point to its nearest centre; half-step 2t the update ("M-step"),
    each centre to the mean of its points. The last half-step is the assignment that
    changes nothing, where Lloyd's algorithm stops.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    run : KMeansResult
        A run of ``gmm_lab.kmeans`` on `X` with its full history; nothing is fitted here.
    lim : (float, float)
        Both axes' limits.
    """

    title = "k-means, step by step"
    size = (10.0, 4.3)

    def __init__(self, X, run, *, lim=(-2.4, 2.4), xlabel="x₁", ylabel="x₂"):
        self.X = np.asarray(X, dtype=float)
        self.run = run
        self.lim = tuple(lim)
        self.xlabel, self.ylabel = xlabel, ylabel
        if len(run.history) != run.n_iter + 1:
            raise ValueError("LloydExplorer needs the run's full history: run kmeans with keep_history=True.")
        self.key_image = None
        super().__init__()
        self.key_image = _pixels_on_top(self, self.key)
        self.update()
        self.add_step_buttons("step")

    def _controls(self):
        return {"step": slider("half-step", 0, 0, 2 * self.run.n_iter + 1, 1, integer=True)}

    def _build(self):
        ax, jax = self.axes
        k = len(self.run.centres)
        self.colors = component_colors(k)
        self.points = ax.scatter(self.X[:, 0], self.X[:, 1], s=10, edgecolors="none")
        (self.boundary,) = ax.plot([], [], color=PALETTE[3], lw=1.6, ls="--")
        self.centre_marks = plot_means(self.run.history[0].centres, ax=ax, colors=self.colors)
        ax.set(xlim=self.lim, ylim=self.lim, aspect="equal", xlabel=self.xlabel, ylabel=self.ylabel,
               title="assignments (colour, shape), centres (X), boundary (dashed)")
        ax.title.set_fontsize(10)
        # hard labels: a marker and colour per centre, no 0-1 scale; drawn last, over the boundary
        # line that may cross it (as pixels: _pixels_on_top)
        self.key = add_assignment_key(ax, k, self.colors)
        J = self.run.half_step_distortions
        steps = np.arange(1, len(J) + 1)
        jax.plot(steps, J, color="0.6", lw=1.2, zorder=1)
        jax.scatter(steps[0::2], J[0::2], color=PALETTE[0], s=30, zorder=2, label="after an assignment (E)")
        jax.scatter(steps[1::2], J[1::2], color=PALETTE[5], marker="s", s=26, zorder=2, label="after an update (M)")
        (self.mark,) = jax.plot([], [], "o", ms=12, mfc="none", mec="black", mew=2, zorder=3)
        jax.set(xlim=(0.5, len(J) + 0.5), ylim=(0, 1.08 * J.max()), xticks=steps, xlabel="half-step",
                ylabel="distortion J", title="J never increases (PRML Fig. 9.2)")
        jax.title.set_fontsize(10)
        jax.legend(loc="upper right", fontsize=9)

    def dynamic(self):
        return [self.points, self.boundary, self.centre_marks, self.mark, self.key_image]

    def frames(self):
        last = self.controls["step"].max
        chosen = sorted({0, 1, 2, 3, 4, last} & set(range(last + 1)))
        return [(self._name(s), {"step": s}) for s in chosen]

    def _name(self, step):
        if step == 0:
            return "start"
        if step == self.controls["step"].max:
            return "final assignment (E)"
        t = (step + 1) // 2
        return f"iteration {t}, {'assignment (E)' if step % 2 else 'update (M)'}"

    def state(self, step):
        """(centres, labels or None, J or None) after `step` half-steps."""
        if step == 0:
            return self.run.history[0].centres, None, None
        t = (step + 1) // 2
        labels = self.run.history[t - 1].labels
        centres = self.run.history[t - 1 if step % 2 else t].centres
        return centres, labels, float(self.run.half_step_distortions[step - 1])

    def _draw(self, step):
        centres, labels, J = self.state(step)
        k = len(centres)
        update_responsibilities(self.points, None if labels is None else np.eye(k)[labels], self.colors)
        self.centre_marks.set_offsets(centres)
        if k == 2:
            self.boundary.set_data(*_bisector(centres, self.lim))
        if J is None:
            self.mark.set_data([], [])
            return "<b>start</b>: the centres, before any assignment. Press <b>E-step ▶</b> to assign the points."
        self.mark.set_data([step], [J])
        sizes = np.bincount(labels, minlength=k).tolist()
        if step % 2:
            t = (step + 1) // 2
            changed = 0 if t == 1 else int(np.sum(labels != self.run.history[t - 2].labels))
            what = (f"each point to its nearest centre ({changed} changed cluster)" if t > 1
                    else "each point to its nearest centre")
            if step == self.controls["step"].max:
                what = "no point changes cluster: converged"
        else:
            what = "each centre to the mean of its points"
        return f"<b>{self._name(step)}</b>: {what}; cluster sizes {sizes}; J = {J:.1f}"


class SmallVarianceExplorer(Demo):
    """EM with one fixed variance sigma^2 I for every component: sigma -> 0 makes responsibilities hard (k-means).

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    log2_sigmas : array-like
        Evenly spaced values of log2(sigma): the slider's positions.
    fits : list of FixedVarianceResult
        ``gmm_lab.fixed_variance_em`` at each sigma (same start); nothing is fitted here.
    centres : array-like of shape (n_components, 2)
        k-means' centres from the same start, for comparison.
    """

    title = "k-means is the small-variance limit of EM"
    size = (10.0, 4.3)

    def __init__(self, X, log2_sigmas, fits, centres, *, lim=(-2.4, 2.4), xlabel="x₁", ylabel="x₂", value=0.0):
        self.X = np.asarray(X, dtype=float)
        self.log2_sigmas = np.asarray(log2_sigmas, dtype=float)
        self.fits = list(fits)
        self.centres = np.asarray(centres, dtype=float)
        if len(self.fits) != len(self.log2_sigmas) or len(self.fits) < 2:
            raise ValueError(f"need one fit per sigma (at least two); got {len(self.fits)} fits for "
                             f"{len(self.log2_sigmas)} sigmas.")
        self.lim, self.xlabel, self.ylabel, self.value = tuple(lim), xlabel, ylabel, value
        self.critical = 0.5 * np.log2(np.linalg.eigvalsh(np.cov(self.X.T, bias=True)).max())
        self.hard = np.array([np.mean(f.responsibilities.max(axis=1) > HARD) for f in self.fits])
        self.spread = np.array([self._spread(f.means) for f in self.fits]) / self._spread(self.centres)
        self.key_image = None
        super().__init__()
        self.key_image = _pixels_on_top(self, self.key)
        self.update()

    @staticmethod
    def _spread(means):
        """The largest distance between two means."""
        return max(np.linalg.norm(a - b) for i, a in enumerate(means) for b in means[i + 1:])

    def _controls(self):
        lo, hi = float(self.log2_sigmas[0]), float(self.log2_sigmas[-1])
        step = float(self.log2_sigmas[1] - self.log2_sigmas[0])
        return {"log2_sigma": slider("log₂ σ", self.value, lo, hi, step, readout_format=".3f")}

    def index(self, log2_sigma):
        return int(np.argmin(np.abs(self.log2_sigmas - log2_sigma)))

    def _build(self):
        ax, cax = self.axes
        k = len(self.centres)
        self.colors = component_colors(k)
        self.points = ax.scatter(self.X[:, 0], self.X[:, 1], s=10, edgecolors="none")
        first = self.fits[0]
        self.circles = plot_ellipses(first.means, np.full(k, first.variance), ax=ax, n_std=(1,),
                                     covariance_type="spherical")
        self.mean_marks = plot_means(first.means, ax=ax, colors=self.colors)
        # k-means' centres, drawn over the means (which end on them) with arms that stick out
        self.centre_marks = ax.scatter(self.centres[:, 0], self.centres[:, 1], marker="+", s=450, c="black", lw=1.6,
                                       zorder=6, label="k-means' centres")
        ax.set(xlim=self.lim, ylim=self.lim, aspect="equal", xlabel=self.xlabel, ylabel=self.ylabel,
               title="responsibilities (colour, shape), means (X), σ circles")
        ax.title.set_fontsize(10)
        ax.legend(loc="upper left", fontsize=9)
        self.key = add_responsibility_key(ax, k, self.colors, loc="lower right")  # on top: as pixels
        s = self.log2_sigmas
        cax.plot(s, self.spread, color=PALETTE[0], lw=1.8, label="distance between the means\n(1 = k-means')")
        cax.plot(s, self.hard, color=PALETTE[2], lw=1.8, ls="--", label=f"points hard-assigned (r > {HARD})")
        cax.axvline(self.critical, color="0.3", ls=":", lw=1.4)
        cax.text(self.critical - 0.05, 1.135, "dotted: $\\sigma^2 = \\lambda_{\\max}$, the data's largest variance",
                 fontsize=9, va="top", ha="right", color="0.3")
        (self.spread_mark,) = cax.plot([], [], "o", ms=10, mfc="none", mec=PALETTE[0], mew=2)
        (self.hard_mark,) = cax.plot([], [], "o", ms=10, mfc="none", mec=PALETTE[2], mew=2)
        cax.set(xlim=(s[0] - 0.1, s[-1] + 0.1), ylim=(-0.05, 1.15), xlabel="log₂ σ", ylabel="fraction",
                title="hard below, collapsed above")
        cax.title.set_fontsize(10)
        cax.legend(loc="lower left", fontsize=9)

    def dynamic(self):
        return [self.points, *flat(self.circles), self.mean_marks, self.centre_marks, self.spread_mark, self.hard_mark,
                self.key_image]

    def frames(self):
        return [(f"log₂ σ = {v:g}", {"log2_sigma": v}) for v in (1.0, 0.375, 0.0, -0.5, -1.0, -4.0)
                if self.log2_sigmas[0] <= v <= self.log2_sigmas[-1]]

    def _draw(self, log2_sigma):
        i = self.index(log2_sigma)
        fit = self.fits[i]
        update_responsibilities(self.points, fit.responsibilities, self.colors)
        update_ellipses(self.circles, fit.means, np.full(len(fit.means), fit.variance), n_std=(1,),
                        covariance_type="spherical")
        self.mean_marks.set_offsets(fit.means)
        x = self.log2_sigmas[i]
        self.spread_mark.set_data([x], [self.spread[i]])
        self.hard_mark.set_data([x], [self.hard[i]])
        off = float(np.linalg.norm(fit.means - self.centres, axis=1).max())
        where = ("both means on the mean of the data" if self.spread[i] < 1e-6
                 else f"the means are at most {off:.2g} from k-means' centres")
        return (f"σ = {2.0 ** x:.3g}: {self.hard[i]:.0%} of the points hard-assigned (largest r > {HARD}); "
                f"{where} ({fit.n_iter} iterations)")
