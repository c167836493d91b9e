"""Plot helpers for mixtures: ellipses, responsibilities, density contours, log-likelihood.

How a point shows its responsibilities (colour, shape, the key) is ``encoding``'s; its
names are here too, so ``gp.responsibility_colors`` and the rest work as before.

Each helper takes ``ax=None`` (meaning the current axes), draws, and returns the
artists it drew, so a widget can later update them in place. Nothing here changes
matplotlib's global style; figures get an explicit white face, so they stay
readable in a dark JupyterLab theme.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse

from ..covariances import full_covariances
from ..em import log_mixture_pdf
from . import encoding as _encoding
from .encoding import (
    COMPONENT_PALETTE,
    CORNERS,
    FACECOLOR,
    GREY,
    KEY_FONTSIZE,
    LINESTYLES,
    MARKERS,
    PALETTE,
    add_assignment_key,
    add_responsibility_key,
    component_colors,
    component_markers,
    free_corner,
    key_box,
    lines_told_apart_by_hue_alone,
    responsibility_colors,
    responsibility_paths,
    update_responsibilities,
)
from .projector import AXIS_TEXT_KEY, MIN_TEXT_PT, SHOW_DPI, small_text  # noqa: F401 (AXIS_TEXT_KEY, SHOW_DPI re-exported)

__all__ = [  # the encoding's names too: the notebooks reach everything a figure needs from here
    *_encoding.__all__,
    "new_figure",
    "show",
    "legend_above",
    "ellipse_geometry",
    "plot_ellipses",
    "update_ellipses",
    "plot_responsibilities",
    "density_grid",
    "plot_density",
    "plot_means",
    "plot_log_likelihood",
]


def new_figure(nrows=1, ncols=1, *, size=None, pyplot=True, width_ratios=None, height_ratios=None, **subplot_kw):
    """A figure with a white face and its axes: ``(fig, axes)``.

    With ``pyplot=False`` the figure is not registered with pyplot (so the inline
    backend does not display it by itself); widgets use that. `width_ratios` and
    `height_ratios` size the columns and rows, as in ``Figure.subplots``.
    """
    size = size if size is not None else plt.rcParams["figure.figsize"]
    if pyplot:
        fig = plt.figure(figsize=size, facecolor=FACECOLOR, layout="constrained")
    else:
        fig = Figure(figsize=size, facecolor=FACECOLOR, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True, subplot_kw=subplot_kw or None, width_ratios=width_ratios,
                        height_ratios=height_ratios)
    return fig, axes


def legend_above(ax, ncol=2, fontsize=9):
    """The legend of `ax` above its frame, under its title (raised to make room), in `ncol` columns.

    For a panel whose curves fill every corner at the size a static picture draws it; the
    layout engine makes room for it. Returns the legend.
    """
    legend = ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.01), ncol=ncol, fontsize=fontsize,
                       handlelength=1.6, columnspacing=0.8, borderaxespad=0.0)
    rows = -(-len(legend.get_texts()) // ncol)
    ax.set_title(ax.get_title(), fontsize=ax.title.get_fontsize(), pad=rows * fontsize * 1.7 + 10)
    return legend


def show(fig, alt):
    """Display `fig` in the notebook with alt text, and close it (use instead of ``plt.show()``).

    The alt text, a sentence or two saying what the figure shows, goes into the output's
    metadata, where nbconvert's exports, the book (``make html``) and the decks find it, and
    (in JupyterLab with a kernel) into the ``<img>``'s alt attribute, for screen readers.
    The PNG is made for a projector (``projector.figure_png``).
    """
    from .widgets.access import display_figure  # JupyterLab's <img> gets the alt text too

    if not isinstance(alt, str) or len(alt.strip()) < 20:
        raise ValueError(f"alt must describe the figure in a sentence (at least 20 characters); got {alt!r}.")
    alike = lines_told_apart_by_hue_alone(fig)
    if alike:
        raise ValueError(f"lines that differ in colour only (axes title, label, label): {alike}; give each "
                         f"a line style or marker of its own (identity never rests on hue alone).")
    small = small_text(fig)
    if small:
        raise ValueError(f"text set under {MIN_TEXT_PT} pt (text, points): {small}; a laptop shows the figure "
                         f"shrunk, so set it at {MIN_TEXT_PT} pt or more (fontsize=...).")
    display_figure(fig, alt.strip())
    plt.close(fig)


def _ax(ax):
    return plt.gca() if ax is None else ax


def ellipse_geometry(cov, n_std=1.0):
    """(width, height, angle in degrees) of the n_std-sigma ellipse of a (2, 2) covariance.

    The axes lie along the eigenvectors; the full width and height are
    ``2 * n_std * sqrt(eigenvalue)``, the major axis first.
    """
    vals, vecs = np.linalg.eigh(np.asarray(cov, dtype=float))
    vals = np.clip(vals, 0.0, None)
    angle = np.degrees(np.arctan2(vecs[1, 1], vecs[0, 1]))
    return 2 * n_std * np.sqrt(vals[1]), 2 * n_std * np.sqrt(vals[0]), angle


def _as_full(means, covariances, covariance_type):
    """means (k, d) and covariances of any type as (k, d, d) matrices."""
    means = np.atleast_2d(np.asarray(means, dtype=float))
    return means, full_covariances(covariances, covariance_type=covariance_type, n_components=len(means), n_features=means.shape[1])


def plot_ellipses(means, covariances, ax=None, n_std=(1, 2, 3), colors=None, *, covariance_type="full", **kwargs):
    """Draw the n_std-sigma ellipses of each 2-D component.

    Parameters
    ----------
    means : array-like of shape (n_components, 2)
    covariances : array-like of shape (n_components, 2, 2)
        For "full"; "diag" (n_components, 2), "spherical" (n_components,), "tied" (2, 2).
    n_std : sequence of float
        One ellipse per value, fainter as it grows.
    colors : array-like of shape (n_components, 3), optional
    covariance_type : {"full", "diag", "spherical", "tied"}, default="full"
        How to read `covariances` (say it: shapes alone can be ambiguous, e.g. (2, 2)).
        "diag" ellipses are axis-aligned, "spherical" ones circles, "tied" ones all
        the same shape.

    Returns
    -------
    patches : list (one per component) of lists (one per n_std) of Ellipse
    """
    ax = _ax(ax)
    means, covariances = _as_full(means, covariances, covariance_type)
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


def update_ellipses(patches, means, covariances, n_std=(1, 2, 3), *, covariance_type="full"):
    """Move and reshape ellipses made by ``plot_ellipses`` (no new artists); same `covariance_type` rules."""
    means, covariances = _as_full(means, covariances, covariance_type)
    for row, mean, cov in zip(patches, means, covariances):
        for e, s in zip(row, n_std):
            w, h, a = ellipse_geometry(cov, s)
            e.set_center(mean)
            e.width, e.height, e.angle = w, h, a


def plot_responsibilities(X, responsibilities, ax=None, colors=None, s=14, key=True, **kwargs):
    """Scatter 2-D points by their responsibilities (``update_responsibilities``); returns the PathCollection.

    Each point takes its most likely component's marker shape and colour, the colour faded
    to grey as that component becomes less certain.
    X is of shape (n_samples, 2), responsibilities of shape (n_samples, n_components).
    With ``key=True`` (the default) the key of ``add_responsibility_key`` is drawn
    in the bottom right corner of the axes; a corner name ("upper left", ...) puts it
    there; ``key="free"`` in the first corner where no point of `X` is under it (``free_corner``,
    over the axes' limits as they are now, or as autoscaled to X); ``key=False`` draws none
    (for a figure that has one).
    """
    ax = _ax(ax)
    X = np.asarray(X)
    r = np.asarray(responsibilities, dtype=float)
    style = {"edgecolors": "none", "alpha": 0.85}
    style.update(kwargs)
    points = update_responsibilities(ax.scatter(X[:, 0], X[:, 1], s=s, **style), r, colors)
    if isinstance(key, str) and key == "free":
        ax.autoscale_view()
        key = free_corner(ax, r.shape[1], X)
    if key:
        add_responsibility_key(ax, r.shape[1], colors, loc=key if isinstance(key, str) else "lower right")
    return points


def density_grid(means, covariances, weights, xlim, ylim, num=120, *, covariance_type="full"):
    """The 2-D mixture density on a num x num grid.

    Parameters
    ----------
    means : array-like of shape (n_components, 2)
    covariances : array-like of shape (n_components, 2, 2)
        For "full"; "diag" (n_components, 2), "spherical" (n_components,), "tied" (2, 2).
    weights : array-like of shape (n_components,)
    xlim, ylim : (float, float)
    num : int
    covariance_type : {"full", "diag", "spherical", "tied"}, default="full"

    Returns
    -------
    xx, yy, density : ndarrays of shape (num, num)
    """
    xx, yy = np.meshgrid(np.linspace(*xlim, num), np.linspace(*ylim, num))
    pts = np.column_stack([xx.ravel(), yy.ravel()])
    log_pdf = log_mixture_pdf(pts, means, covariances, weights, covariance_type=covariance_type)
    return xx, yy, np.exp(log_pdf).reshape(xx.shape)


def plot_density(means, covariances, weights, ax=None, xlim=None, ylim=None, levels=8, num=120, *,
                 covariance_type="full", **kwargs):
    """Contour lines of a 2-D mixture density (see ``density_grid``); returns the ContourSet."""
    ax = _ax(ax)
    xlim = ax.get_xlim() if xlim is None else xlim
    ylim = ax.get_ylim() if ylim is None else ylim
    xx, yy, dens = density_grid(means, covariances, weights, xlim, ylim, num, covariance_type=covariance_type)
    style = {"cmap": "Greys", "linewidths": 0.9}
    style.update(kwargs)
    return ax.contour(xx, yy, dens, levels=levels, **style)


def plot_means(means, ax=None, colors=None, **kwargs):
    """Mark component means (shape (n_components, 2)) with large crosses; returns the PathCollection."""
    ax = _ax(ax)
    means = np.atleast_2d(means)
    colors = component_colors(len(means)) if colors is None else colors
    style = {"marker": "X", "s": 140, "edgecolors": "black", "linewidths": 1.2, "zorder": 5}
    style.update(kwargs)
    return ax.scatter(means[:, 0], means[:, 1], c=colors, **style)


def plot_log_likelihood(log_likelihoods, ax=None, current=None, **kwargs):
    """The log-likelihood trace of a run against iteration, marking iteration `current`.

    `log_likelihoods` is ``EMResult.log_likelihoods``: entry t belongs to iteration t
    (0 = the start). Returns ``(line, marker)``; the marker (a ring) sits at
    `current`, by default the last iteration.
    """
    ax = _ax(ax)
    ll = np.asarray(log_likelihoods, dtype=float)
    its = np.arange(len(ll))
    style = {"color": PALETTE[0], "marker": "o", "ms": 3.5, "lw": 1.5}
    style.update(kwargs)
    (line,) = ax.plot(its, ll, **style)
    cur = len(ll) - 1 if current is None else current
    (marker,) = ax.plot([cur], [ll[cur]], "o", ms=11, mfc="none", mec=PALETTE[5], mew=2.2)
    ax.set_xlabel("iteration (0 = start)")
    ax.set_ylabel("log-likelihood")
    return line, marker
