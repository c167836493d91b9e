"""Notebook 09's live figure: the four covariance types fitted to the same clusters, side by side."""

from matplotlib.patches import Rectangle

from ...covariances import full_covariances
from ...criteria import bic, n_parameters
from ...practice.selection import fit_each_type
from ...validation import COVARIANCE_TYPES
from ..datasets import make_rotated_blobs
from ..plotting import (
    add_responsibility_key,
    component_colors,
    plot_ellipses,
    responsibility_colors,
    responsibility_paths,
    update_ellipses,
)
from .access import fewest_decimals
from .live import Demo, flat, slider

__all__ = ["CovarianceTypesExplorer"]

TYPES = COVARIANCE_TYPES  # the panels, left to right


class CovarianceTypesExplorer(Demo):
    """Rotate and stretch three clusters of one shape; each panel shows one covariance type's fit.

    Every setting of the sliders is fitted when the figure is built (``fit_each_type`` on
    ``make_rotated_blobs(angle, stretch)``): a slider only looks the fits up. Points are
    coloured by each fit's responsibilities, ellipses are 2σ, a thick frame marks the type
    with the lowest BIC; the status line gives every BIC (the static picture writes each in
    its panel, ``static_only``).

    Parameters
    ----------
    angles : sequence of int
        The rotation slider's values, in degrees (evenly spaced).
    stretches : sequence of float
        The stretch slider's values (evenly spaced, >= 1).
    scales : the clusters' sizes, as ``make_rotated_blobs``.
    """

    title = "four covariance types on the same data"
    size = (12.5, 4.2)
    ncols = 4
    strip_panel = (0, 1, 2, 3)  # the static picture: every type, a row per setting
    N_STD = (2,)

    def __init__(self, angles=range(0, 91, 15), stretches=(1.0, 2.0, 3.0, 4.0), *, scales=(1.0, 0.7, 0.45)):
        self.angles = [int(a) for a in angles]
        self.stretches = [float(s) for s in stretches]
        self.table = {}
        self.colors = component_colors(3)
        for a in self.angles:
            for s in self.stretches:
                X, labels, _ = make_rotated_blobs(a, s, scales=scales)
                fits = fit_each_type(X, labels)
                self.table[a, s] = (X, {t: self._summary(X, f) for t, f in fits.items()})
        super().__init__()

    def _summary(self, X, fit):
        """What a panel shows of a fit: means, full covariances, point colours, ℓ and BIC."""
        k = len(fit.weights)
        covs = full_covariances(fit.covariances, covariance_type=fit.covariance_type, n_components=k, n_features=2)
        return {"means": fit.means, "covariances": covs, "colors": responsibility_colors(fit.responsibilities, self.colors),
                "paths": responsibility_paths(fit.responsibilities),
                "log_likelihood": fit.log_likelihood, "bic": bic(X, fit), "fit": fit}

    def _controls(self):
        a, s = self.angles, self.stretches
        return {"angle": slider("rotation (°)", 45 if 45 in a else a[0], a[0], a[-1], a[1] - a[0], integer=True),
                "stretch": slider("stretch", 3.0 if 3.0 in s else s[0], s[0], s[-1], s[1] - s[0],
                                  readout_format=fewest_decimals(*s, s[1] - s[0]))}

    def _build(self):
        X, fits = self.table[self.angles[0], self.stretches[0]]
        self.points, self.ellipses, self.scores = [], [], []
        for ax, t in zip(self.axes, TYPES):
            f = fits[t]
            self.points.append(ax.scatter(X[:, 0], X[:, 1], s=10, edgecolors="none"))
            self.ellipses.append(plot_ellipses(f["means"], f["covariances"], ax=ax, n_std=self.N_STD, lw=1.8))
            # room above the data (which stays below 6 at every setting) for the BIC and the key
            ax.set(xlim=(-7.5, 7.5), ylim=(-7.5, 10.5), aspect="equal", xticks=[-5, 0, 5], yticks=[-5, 0, 5],
                   title=f"{t} ({n_parameters(3, 2, covariance_type=t)} parameters)")
            ax.title.set_fontsize(10)
            # each panel's BIC, for the static picture; live, the status line lists them (four texts
            # would cost 13 of a move's 40 ms: matplotlib lays out and renders text on every draw)
            self.scores.append(ax.text(0.03, 0.97, "", transform=ax.transAxes, va="top", fontsize=9))
        self.axes[0].set(xlabel="x₁", ylabel="x₂")
        key = add_responsibility_key(self.axes[3], 3, self.colors, loc=(0.6, 0.78, 0.37, 0.15))
        # inside its panel: with its 9-point text in the layout, the static picture's smaller panel
        # would leave the layout engine no room (a singular transform)
        key.set_in_layout(False)
        # a thick frame on the panel BIC prefers: one patch, moved from panel to panel
        self.frame = Rectangle((0, 0), 1, 1, fill=False, ec="black", lw=3, transform=self.axes[0].transAxes)
        self.fig.add_artist(self.frame)

    def dynamic(self):
        return [*self.points, *flat(flat(self.ellipses)), self.frame]

    def static_only(self):
        return list(self.scores)

    def frames(self):
        return [(f"{a}°, stretch {s:g}", {"angle": a, "stretch": s})
                for a, s in ((0, 3.0), (45, 3.0), (45, 1.0)) if a in self.angles and s in self.stretches]

    def current(self, angle, stretch):
        """(X, {type: summary}) of a slider setting (the nearest fitted one)."""
        a = min(self.angles, key=lambda v: abs(v - angle))
        s = min(self.stretches, key=lambda v: abs(v - stretch))
        return self.table[a, s]

    def _draw(self, angle, stretch):
        X, fits = self.current(angle, stretch)
        best = min(TYPES, key=lambda t: fits[t]["bic"])
        for t, points, ellipses, text in zip(TYPES, self.points, self.ellipses, self.scores):
            f = fits[t]
            points.set_offsets(X)
            points.set_facecolors(f["colors"])
            points.set_paths(f["paths"])
            update_ellipses(ellipses, f["means"], f["covariances"], n_std=self.N_STD)
            # the lowest in bold, its panel framed: no "(lowest)", which would not fit a projector's panel
            text.set_text(f"BIC {f['bic']:.0f}")
            text.set_fontweight("bold" if t == best else "normal")
        self.frame.set_transform(self.axes[TYPES.index(best)].transAxes)
        ranking = ", ".join(f"{t} {fits[t]['bic']:.0f} (ℓ {fits[t]['log_likelihood']:.0f})"
                            for t in sorted(TYPES, key=lambda t: fits[t]["bic"]))
        return f"rotation {angle}°, stretch {stretch:g}: BIC prefers <b>{best}</b>. BIC, lowest first: {ranking}"
