"""Chapter figures: the plotting a notebook needs but does not teach.

A notebook cell shows the lesson (the data, the fit, the numbers) and calls one of these for
the drawing. Like ``plotting``'s helpers, each takes ``ax=None`` (the current axes), draws,
and returns what it drew, so that a test can check the picture against the maths.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Ellipse

from ..em import log_mixture_pdf
from ..practice.labels import align_labels
from .encoding import GREY, MARKERS, PALETTE, component_colors
from .plotting import ellipse_geometry, plot_ellipses, plot_means, plot_responsibilities

__all__ = [
    "plot_step_histograms",
    "plot_kmeans_answer",
    "plot_mixture_answer",
    "plot_scores",
    "plot_densities_1d",
    "plot_half_step",
    "plot_components_drawn",
    "plot_weighted_components",
]

# the line styles of a figure's curves, the first solid (encoding.LINESTYLES, per component, starts dashed)
CURVE_STYLES = ("-", "--", ":", "-.")


def _ax(ax):
    return plt.gca() if ax is None else ax


def plot_step_histograms(samples, bins, ax=None):
    """Density histograms of several samples, drawn as outlines on one axes.

    Parameters
    ----------
    samples : dict of {label: array-like of shape (n,)}
    bins : array-like of bin edges
    ax : matplotlib Axes, optional

    Returns
    -------
    list of Polygon
        One outline per sample, in ``PALETTE`` order, each with its own line style
        (solid, dashed, dotted), so that the key does not rest on colour alone.
    """
    ax = _ax(ax)
    drawn = []
    for j, (label, s) in enumerate(samples.items()):
        *_, patches = ax.hist(np.asarray(s, dtype=float), bins=bins, density=True, histtype="step", lw=2,
                              color=PALETTE[j % len(PALETTE)], ls=CURVE_STYLES[j % len(CURVE_STYLES)], label=label)
        drawn.append(patches[0])
    return drawn


def plot_kmeans_answer(X, truth, result, ax=None, s=8):
    """k-means' clusters, its centres and its straight boundary, numbered to match `truth`.

    Parameters
    ----------
    X : array-like of shape (n, 2)
    truth : array-like of shape (n,)
        The true labels; the clusters are renumbered to agree with them (``align_labels``).
    result : KMeansResult with two centres (``gmm_lab.kmeans``)
    ax : matplotlib Axes, optional
    s : float, the points' size

    Returns
    -------
    dict with "points" (PathCollection), "centres" (PathCollection) and "boundary" (the
    perpendicular bisector of the two centres, an AxLine).
    """
    ax = _ax(ax)
    if len(result.centres) != 2:
        raise ValueError(f"the boundary is drawn for two centres; got {len(result.centres)}.")
    order = align_labels(truth, result.labels).order
    points = plot_responsibilities(X, np.eye(2)[result.labels][:, order], ax=ax, s=s, key=False)
    centres = plot_means(result.centres[order], ax=ax)
    a, b = result.centres
    mid = (a + b) / 2  # the boundary: through the midpoint, perpendicular to a - b
    boundary = ax.axline(mid, xy2=mid + [a[1] - b[1], b[0] - a[0]], color="0.3", ls="--")
    ax.set_aspect("equal")
    return {"points": points, "centres": centres, "boundary": boundary}


def plot_mixture_answer(X, truth, fit, ax=None, s=8, key=False):
    """A fitted mixture's responsibilities and 1σ and 2σ ellipses, numbered to match `truth`.

    Parameters
    ----------
    X : array-like of shape (n, 2)
    truth : array-like of shape (n,)
    fit : EMResult
    ax : matplotlib Axes, optional
    s : float
    key : bool or str, the responsibility key (``plot_responsibilities``)

    Returns
    -------
    dict with "points" (PathCollection) and "ellipses" (``plot_ellipses``' rows).
    """
    ax = _ax(ax)
    order = align_labels(truth, fit.responsibilities.argmax(axis=1)).order
    points = plot_responsibilities(X, fit.responsibilities[:, order], ax=ax, s=s, key=key)
    ellipses = plot_ellipses(fit.means[order], fit.covariances[order], ax=ax, n_std=(1, 2))
    ax.set_aspect("equal")
    return {"points": points, "ellipses": ellipses}


def plot_scores(ks, series, ax=None, best="min", colors=None):
    """Scores against the number of components, a star on each curve's best.

    Parameters
    ----------
    ks : array-like of shape (m,)
    series : dict of {label: array-like of shape (m,)}
    ax : matplotlib Axes, optional
    best : {"min", "max", None}
        Which value the star marks (lower is better for BIC and AIC, higher for a
        log-likelihood); None: no star.
    colors : list of colours, optional; default ``PALETTE`` in order

    Returns
    -------
    dict of {label: (Line2D, Line2D or None)}
        Each curve (its own marker shape: circle, square, ...) and its star. With more
        than one curve a legend names them.
    """
    if best not in ("min", "max", None):
        raise ValueError(f"best must be 'min', 'max' or None; got {best!r}.")
    ax = _ax(ax)
    ks = np.asarray(ks)
    colors = PALETTE if colors is None else colors
    drawn = {}
    for j, (label, values) in enumerate(series.items()):
        v = np.asarray(values, dtype=float)
        (line,) = ax.plot(ks, v, marker=MARKERS[j], ls="-", color=colors[j], label=label)
        star = None
        if best is not None:
            i = int(np.argmin(v) if best == "min" else np.argmax(v))
            (star,) = ax.plot(ks[i], v[i], "*", ms=16, color=colors[j], mec="black")
        drawn[label] = (line, star)
    ax.set_xlabel("number of components K")
    if len(series) > 1:
        ax.legend()
    return drawn


def plot_densities_1d(grid, fits, ax=None, linestyles=CURVE_STYLES, rug=None):
    """The densities of 1-D mixture fits on `grid`, and the data as ticks along the bottom.

    Parameters
    ----------
    grid : array-like of shape (m,)
    fits : dict of {label: EMResult or anything with means, covariances, weights}
    ax : matplotlib Axes, optional
    linestyles : sequence of line styles, one per fit
    rug : array-like of shape (n,), optional; the data, a tick each at the axes' bottom

    Returns
    -------
    list of Line2D (one per fit, in ``PALETTE`` order), then the rug's Line2D if drawn.
    """
    ax = _ax(ax)
    grid = np.asarray(grid, dtype=float)
    lines = []
    for j, (label, f) in enumerate(fits.items()):
        density = np.exp(log_mixture_pdf(grid[:, None], f.means, f.covariances, f.weights))
        lines += ax.plot(grid, density, ls=linestyles[j % len(linestyles)], color=PALETTE[j], label=label)
    if rug is not None:
        rug = np.ravel(rug)  # y in axes coordinates: the ticks sit on the bottom whatever the scale
        lines += ax.plot(rug, np.full(len(rug), 0.02), "|k", ms=12, transform=ax.get_xaxis_transform())
    ax.legend(handles=lines[: len(fits)], fontsize=9)
    return lines


def plot_half_step(X, half_step, ax=None, s=7, key=False):
    """One half-step of an EM run (``EMResult.half_step``): points, 1σ ellipses and means.

    Before the first E-step (no responsibilities yet) the points are grey circles.

    Returns
    -------
    dict with "points" (PathCollection), "ellipses" and "means".
    """
    ax = _ax(ax)
    X = np.asarray(X, dtype=float)
    if half_step.responsibilities is None:
        points = ax.scatter(X[:, 0], X[:, 1], s=s, color=GREY, edgecolors="none")
    else:
        points = plot_responsibilities(X, half_step.responsibilities, ax=ax, s=s, key=key)
    ellipses = plot_ellipses(half_step.state.means, half_step.state.covariances, ax=ax, n_std=(1,), lw=2)
    means = plot_means(half_step.state.means, ax=ax, s=60)
    return {"points": points, "ellipses": ellipses, "means": means}


def plot_components_drawn(X, labels, means, ax=None, s=16):
    """Points in the colour and shape of the component that drew them, its number by its mean.

    Parameters
    ----------
    X : array-like of shape (n, 2)
    labels : array-like of shape (n,), each point's component (0-based)
    means : array-like of shape (k, 2)
    ax : matplotlib Axes, optional
    s : float

    Returns
    -------
    (PathCollection, list of Annotation): the points, and "1", "2", ... at the means.
    """
    ax = _ax(ax)
    means = np.asarray(means, dtype=float)
    labels = np.asarray(labels, dtype=int)
    if labels.size and (labels.min() < 0 or labels.max() >= len(means)):
        raise ValueError(f"labels must lie in 0..{len(means) - 1} (one per component mean); "
                         f"got {labels.min()}..{labels.max()}.")
    points = plot_responsibilities(X, np.eye(len(means))[labels], ax=ax, s=s, key=False)
    box = {"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8}
    numbers = [ax.annotate(f"{j + 1}", m, xytext=(0, 7), textcoords="offset points", ha="center",
                           fontsize=9, weight="bold", bbox=box) for j, m in enumerate(means)]
    return points, numbers


def plot_weighted_components(X, weights, means, covariances, ax=None, threshold=0.01):
    """PRML Fig. 10.6's panel: the data, and each component above `threshold` as its 1-sigma ellipse,
    filled with its colour as densely as its weight, its mean in its colour and marker shape.

    Returns the indices of the components drawn.
    """
    ax = _ax(ax)
    weights, means = np.asarray(weights, dtype=float), np.asarray(means, dtype=float)
    ax.scatter(*np.asarray(X, dtype=float).T, s=6, color="0.55", edgecolors="none")
    shown = np.flatnonzero(weights > threshold)
    colors = component_colors(len(weights))
    for j in shown:
        plot_ellipses(means[j:j + 1], covariances[j:j + 1], ax=ax, n_std=(1,), colors=colors[j:j + 1], lw=1.8)
        w, h, angle = ellipse_geometry(covariances[j], 1.0)  # the fill: ink as dense as the weight
        ax.add_patch(Ellipse(means[j], w, h, angle=angle, fc=colors[j], ec="none", alpha=float(weights[j])))
        ax.scatter(*means[j], marker=MARKERS[j % len(MARKERS)], s=60, color=colors[j], edgecolors="black",
                   linewidths=0.9, zorder=5)
    return shown
