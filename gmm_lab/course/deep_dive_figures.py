"""The drawing of 07-09's deep dives: an image in K colours, EM's four starts, Iris under four types.

As in ``figures``: a notebook cell shows the lesson and calls one of these for the drawing; each
takes its axes, draws, and returns what it drew, so that a test can check the picture against
the maths.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from ..covariances import full_covariances
from ..em import e_step
from .encoding import GREY, KEY_FONTSIZE, component_colors, component_markers
from .plotting import plot_ellipses, plot_means, plot_responsibilities

__all__ = ["plot_quantised", "plot_start", "plot_class_fit"]


def _ax(ax):
    return plt.gca() if ax is None else ax


def plot_quantised(image, quantised, axes):
    """An image and its vector quantisations side by side, each titled with K and its bits a pixel.

    Parameters
    ----------
    image : ndarray of shape (height, width, 3), uint8; the original, 24 bits a pixel
    quantised : sequence of Quantised (``gmm_lab.quantise``), one per further panel
    axes : sequence of matplotlib Axes, ``1 + len(quantised)`` of them

    Returns
    -------
    list of AxesImage, the original's first; each panel without ticks.
    """
    quantised = list(quantised)
    if len(axes) != 1 + len(quantised):
        raise ValueError(f"one panel for the original and one per quantised image: {1 + len(quantised)} axes; "
                         f"got {len(axes)}.")
    titles = ["original: 24 bits a pixel"] + [f"K = {q.n_colours}: {q.bits_per_pixel:.2f} bits a pixel "
                                                f"({q.bits_per_pixel / 24:.1%})" for q in quantised]
    drawn = []
    for ax, picture, title in zip(axes, [image] + [q.image for q in quantised], titles):
        drawn.append(ax.imshow(picture, interpolation="nearest"))
        ax.set(xticks=[], yticks=[])
        ax.set_title(title, fontsize=10)
    return drawn


def plot_start(X, start, ax=None, s=10):
    """A start of EM: each point by the start's responsibilities (its first E-step), the means as crosses.

    Parameters
    ----------
    X : array-like of shape (n, 2)
    start : EMStep (``EMResult.history[0]``) or anything with means, covariances and weights
        Full covariances.
    ax : matplotlib Axes, optional
    s : float

    Returns
    -------
    dict with "points" (PathCollection) and "means" (PathCollection).
    """
    ax = _ax(ax)
    resp = e_step(X, start.means, start.covariances, start.weights)
    points = plot_responsibilities(X, resp, ax=ax, s=s, key=False)
    return {"points": points, "means": plot_means(start.means, ax=ax, s=90)}


def plot_class_fit(X, labels, fit, dims=(0, 1), ax=None, held_out=None, names=None, s=14):
    """Points in the colour and shape of their class, and a fit's 2σ ellipses seen in two features.

    Component j is drawn in class j's colour: for a fit started from the classes
    (``params_from_labels``), where component j began as class j.

    Parameters
    ----------
    X : array-like of shape (n, d)
    labels : array-like of shape (n,), the classes, 0 to k - 1
    fit : EMResult of any covariance type, k components on the d features
    dims : (int, int), the two features drawn; the ellipses are the components' marginals in them
    ax : matplotlib Axes, optional
    held_out : (X, labels), optional; drawn larger, outlined in black
    names : sequence of k str, optional; a key beside the axes, each class's name by its marker
    s : float

    Returns
    -------
    dict with "points", "held_out" (PathCollection or None), "ellipses" (``plot_ellipses``' rows),
    "means" and "key" (Legend or None).
    """
    ax = _ax(ax)
    dims = list(dims)
    k, d = len(fit.weights), np.shape(fit.means)[1]
    cov = full_covariances(fit.covariances, covariance_type=fit.covariance_type, n_components=k, n_features=d)

    def scatter(x, y, **style):  # each point in its class's colour and shape
        return plot_responsibilities(np.asarray(x, dtype=float)[:, dims], np.eye(k)[np.asarray(y, dtype=int)],
                                     ax=ax, key=False, **style)

    drawn = {"points": scatter(X, labels, s=s), "held_out": None}
    if held_out is not None:
        drawn["held_out"] = scatter(*held_out, s=2.5 * s, edgecolors="black", linewidths=0.8)
    drawn["ellipses"] = plot_ellipses(fit.means[:, dims], cov[:, dims][:, :, dims], ax=ax, n_std=(2,), lw=2)
    drawn["means"] = plot_means(fit.means[:, dims], ax=ax, s=90)
    drawn["key"] = None if names is None else _class_key(ax, names, held_out is not None)
    return drawn


def _class_key(ax, names, held_out):
    """A legend beside `ax`: each class's marker shape and colour by its name, and the held-out points' look."""
    colors = component_colors(len(names))
    handles = [Line2D([], [], ls="none", marker=m, ms=6, color=c, mec="none", label=name)
               for name, m, c in zip(names, component_markers(len(names)), colors)]
    if held_out:
        handles.append(Line2D([], [], ls="none", marker="o", ms=8, color=GREY, mec="black", label="held out"))
    return ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                     fontsize=KEY_FONTSIZE, framealpha=1.0, handletextpad=0.3)
