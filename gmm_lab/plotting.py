"""Plot helpers for mixtures: ellipses, soft colours, density contours, log-likelihood.

Each helper takes ``ax=None`` (meaning the current axes), draws, and returns the
artists it drew, so a widget can later update them in place. Nothing here changes
matplotlib's global style; use the ``figsize`` context manager for a temporary size.
"""

from contextlib import contextmanager

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse

from .em import log_mixture_pdf

__all__ = [
    "PALETTE",
    "figsize",
    "new_figure",
    "component_colors",
    "ellipse_geometry",
    "plot_ellipses",
    "update_ellipses",
    "mix_colors",
    "plot_responsibilities",
    "density_grid",
    "plot_density",
    "plot_means",
    "plot_log_likelihood",
]

# Okabe & Ito's colour-blind-safe palette (blue, orange, green, purple, sky, vermillion, ...)
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
FACECOLOR = "white"  # explicit, so figures stay readable in a dark JupyterLab theme


@contextmanager
def figsize(width=8, height=4):
    """Temporarily set the default figure size (inches); restores it afterwards."""
    with plt.rc_context({"figure.figsize": (width, height)}):
        yield


def new_figure(nrows=1, ncols=1, *, size=None, pyplot=True, **subplot_kw):
    """A figure with a white face and its axes: ``(fig, axes)``.

    With ``pyplot=False`` the figure is not registered with pyplot (so the inline
    backend does not display it by itself); widgets use that.
    """
    size = size if size is not None else plt.rcParams["figure.figsize"]
    if pyplot:
        fig = plt.figure(figsize=size, facecolor=FACECOLOR, layout="constrained")
    else:
        fig = Figure(figsize=size, facecolor=FACECOLOR, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True, subplot_kw=subplot_kw or None)
    return fig, axes


def _ax(ax):
    return plt.gca() if ax is None else ax


def component_colors(k):
    """k colours from the colour-blind-safe palette, as an array of RGB rows."""
    return np.array([to_rgb(PALETTE[j % len(PALETTE)]) for j in range(k)])


def ellipse_geometry(cov, n_std=1.0):
    """(width, height, angle in degrees) of the n_std-sigma ellipse of a 2x2 covariance."""
    vals, vecs = np.linalg.eigh(np.asarray(cov, dtype=float))
    vals = np.clip(vals, 0.0, None)
    angle = np.degrees(np.arctan2(vecs[1, 1], vecs[0, 1]))
    return 2 * n_std * np.sqrt(vals[1]), 2 * n_std * np.sqrt(vals[0]), angle


def plot_ellipses(means, covariances, ax=None, n_std=(1, 2, 3), colors=None, **kwargs):
    """Draw the n_std-sigma ellipses of each 2-D component.

    Returns a list (one per component) of lists (one per n_std) of Ellipse patches.
    """
    ax = _ax(ax)
    means = np.atleast_2d(means)
    colors = component_colors(len(means)) if colors is None else colors
    style = {"fill": False, "lw": 1.6}
    style.update(kwargs)
    patches = []
    for j, (mean, cov) in enumerate(zip(means, covariances)):
        row = []
        for i, s in enumerate(n_std):
            w, h, a = ellipse_geometry(cov, s)
            e = Ellipse(mean, w, h, angle=a, ec=colors[j], alpha=1.0 - 0.25 * i, **style)
            ax.add_patch(e)
            row.append(e)
        patches.append(row)
    return patches


def update_ellipses(patches, means, covariances, n_std=(1, 2, 3)):
    """Move and reshape ellipses made by ``plot_ellipses`` (no new artists)."""
    for row, mean, cov in zip(patches, means, covariances):
        for e, s in zip(row, n_std):
            w, h, a = ellipse_geometry(cov, s)
            e.set_center(mean)
            e.width, e.height, e.angle = w, h, a


def mix_colors(responsibilities, colors=None):
    """Blend component colours by responsibility: RGBA rows of shape (n, 4)."""
    r = np.asarray(responsibilities, dtype=float)
    colors = component_colors(r.shape[1]) if colors is None else np.asarray(colors)[:, :3]
    rgb = np.clip(r @ colors, 0.0, 1.0)
    return np.column_stack([rgb, np.ones(len(rgb))])


def plot_responsibilities(X, responsibilities, ax=None, colors=None, s=14, **kwargs):
    """Scatter 2-D points coloured by their soft responsibilities; returns the PathCollection."""
    ax = _ax(ax)
    X = np.asarray(X)
    style = {"edgecolors": "none", "alpha": 0.85}
    style.update(kwargs)
    return ax.scatter(X[:, 0], X[:, 1], s=s, c=mix_colors(responsibilities, colors), **style)


def density_grid(means, covariances, weights, xlim, ylim, num=120):
    """Mixture density on a num x num grid: ``(xx, yy, density)``."""
    xs = np.linspace(*xlim, num)
    ys = np.linspace(*ylim, num)
    xx, yy = np.meshgrid(xs, ys)
    pts = np.column_stack([xx.ravel(), yy.ravel()])
    dens = np.exp(log_mixture_pdf(pts, means, covariances, weights)).reshape(xx.shape)
    return xx, yy, dens


def plot_density(means, covariances, weights, ax=None, xlim=None, ylim=None, levels=8, num=120, **kwargs):
    """Contour lines of a 2-D mixture density; returns the contour set."""
    ax = _ax(ax)
    xlim = ax.get_xlim() if xlim is None else xlim
    ylim = ax.get_ylim() if ylim is None else ylim
    xx, yy, dens = density_grid(means, covariances, weights, xlim, ylim, num)
    style = {"cmap": "Greys", "linewidths": 0.9}
    style.update(kwargs)
    return ax.contour(xx, yy, dens, levels=levels, **style)


def plot_means(means, ax=None, colors=None, **kwargs):
    """Mark component means with large crosses; returns the PathCollection."""
    ax = _ax(ax)
    means = np.atleast_2d(means)
    colors = component_colors(len(means)) if colors is None else colors
    style = {"marker": "X", "s": 140, "edgecolors": "black", "linewidths": 1.2, "zorder": 5}
    style.update(kwargs)
    return ax.scatter(means[:, 0], means[:, 1], c=colors, **style)


def plot_log_likelihood(log_likelihoods, ax=None, current=None, start=None, **kwargs):
    """Log-likelihood against iteration, optionally marking iteration `current`.

    `log_likelihoods[i]` belongs to iteration i + 1; `start` (the log-likelihood of
    the starting parameters) is drawn at iteration 0. Returns ``(line, marker)``.
    """
    ax = _ax(ax)
    ll = list(log_likelihoods)
    its = list(range(1, len(ll) + 1))
    if start is not None:
        ll, its = [start] + ll, [0] + its
    style = {"color": PALETTE[0], "marker": "o", "ms": 3.5, "lw": 1.5}
    style.update(kwargs)
    (line,) = ax.plot(its, ll, **style)
    cur = current if current is not None else its[-1]
    (marker,) = ax.plot([cur], [ll[its.index(cur)]], "o", ms=11, mfc="none", mec=PALETTE[5], mew=2.2)
    ax.set_xlabel("EM iteration")
    ax.set_ylabel("total log-likelihood")
    return line, marker
