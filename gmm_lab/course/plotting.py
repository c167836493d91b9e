"""Plot helpers for mixtures: ellipses, responsibilities, density contours, log-likelihood.

Each helper takes ``ax=None`` (meaning the current axes), draws, and returns the
artists it drew, so a widget can later update them in place. Nothing here changes
matplotlib's global style; figures get an explicit white face, so they stay
readable in a dark JupyterLab theme.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse

from ..covariances import full_covariances
from ..em import log_mixture_pdf
from .projector import AXIS_TEXT_KEY, SHOW_DPI, figure_png  # noqa: F401 (AXIS_TEXT_KEY, SHOW_DPI: re-exported)

__all__ = [
    "PALETTE",
    "GREY",
    "new_figure",
    "show",
    "component_colors",
    "ellipse_geometry",
    "plot_ellipses",
    "update_ellipses",
    "responsibility_colors",
    "plot_responsibilities",
    "add_responsibility_key",
    "key_box",
    "CORNERS",
    "density_grid",
    "plot_density",
    "plot_means",
    "plot_log_likelihood",
]

# Okabe & Ito's colour-blind-safe palette (blue, orange, green, purple, sky, vermillion, ...)
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
GREY = np.array([0.62, 0.62, 0.62])  # "no component more likely than another"
FACECOLOR = "white"


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


def show(fig, alt):
    """Display `fig` in the notebook with alt text, and close it (use instead of ``plt.show()``).

    The alt text, a sentence or two saying what the figure shows, goes into the output's
    metadata, where nbconvert's exports, the book (``make html``) and screen readers find it.
    The PNG is made for a projector (``projector.figure_png``).
    """
    from IPython.display import display

    if not isinstance(alt, str) or len(alt.strip()) < 20:
        raise ValueError(f"alt must describe the figure in a sentence (at least 20 characters); got {alt!r}.")
    bundle = {"image/png": figure_png(fig), "text/plain": repr(fig)}  # repr: what IPython shows for a figure
    display(bundle, raw=True, metadata={"image/png": {"alt": alt.strip()}})
    plt.close(fig)


def _ax(ax):
    return plt.gca() if ax is None else ax


def component_colors(k):
    """k colours from the colour-blind-safe palette, as an array of shape (k, 3) (RGB)."""
    return np.array([to_rgb(PALETTE[j % len(PALETTE)]) for j in range(k)])


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


def _certainty(rmax, k):
    """How far the top responsibility is above uniform: 0 at 1/k, 1 at 1."""
    return np.ones_like(rmax) if k == 1 else np.clip((rmax - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)


def responsibility_colors(responsibilities, colors=None):
    """One colour per point: its most likely component's colour, faded to grey as that gets uncertain.

    A point with responsibility 1 for component j gets j's colour; as its largest
    responsibility drops towards 1/K (no component more likely than another) the
    colour fades linearly to ``GREY``. Unlike blending the component colours, this
    never shows a colour of no component (blue + orange is not a third cluster).
    For K = 2 it is a diverging map, colour 1 - grey - colour 2.

    Parameters
    ----------
    responsibilities : array-like of shape (n_samples, n_components)
    colors : array-like of shape (n_components, 3 or 4), optional

    Returns
    -------
    rgba : ndarray of shape (n_samples, 4)
    """
    r = np.asarray(responsibilities, dtype=float)
    k = r.shape[1]
    colors = component_colors(k) if colors is None else np.asarray(colors, dtype=float)[:, :3]
    s = _certainty(r.max(axis=1), k)[:, None]
    rgb = GREY + s * (colors[r.argmax(axis=1)] - GREY)
    return np.column_stack([rgb, np.ones(len(rgb))])


def plot_responsibilities(X, responsibilities, ax=None, colors=None, s=14, key=True, **kwargs):
    """Scatter 2-D points coloured by ``responsibility_colors``; returns the PathCollection.

    X is of shape (n_samples, 2), responsibilities of shape (n_samples, n_components).
    With ``key=True`` (the default) the colour key of ``add_responsibility_key`` is drawn
    in the bottom right corner of the axes; a corner name ("upper left", ...) puts it
    there, where the data leave room; ``key=False`` draws none (for a figure that has one).
    """
    ax = _ax(ax)
    X = np.asarray(X)
    r = np.asarray(responsibilities, dtype=float)
    style = {"edgecolors": "none", "alpha": 0.85}
    style.update(kwargs)
    points = ax.scatter(X[:, 0], X[:, 1], s=s, c=responsibility_colors(r, colors), **style)
    if key:
        add_responsibility_key(ax, r.shape[1], colors, loc=key if isinstance(key, str) else "lower right")
    return points


CORNERS = ("lower right", "upper right", "upper left", "lower left")


def key_box(k, corner="lower right"):
    """The (x, y, width, height) in axes fractions of a responsibility key for `k` components in `corner`.

    The key is 0.37 of the axes wide; its height grows with k from the fifth component
    on (a row per component must stay legible). Room is left for its tick labels below
    and its title above, so neither crosses the axes' frame.
    """
    if corner not in CORNERS:
        raise ValueError(f"corner must be one of {', '.join(map(repr, CORNERS))}; got {corner!r}.")
    height = 0.13 if k == 2 else max(0.16, 0.033 * k)
    x = 0.6 if corner.endswith("right") else 0.03 if k == 2 else 0.06  # K >= 3: row labels on the left
    y = 0.08 if corner.startswith("lower") else 0.92 - height
    return (x, y, 0.37, height)


def add_responsibility_key(ax=None, k=2, colors=None, loc="lower right"):
    """A small key inside `ax` for ``responsibility_colors``; returns the key's inset axes.

    For K = 2 one diverging bar, labelled by the responsibility of component 1; for
    K >= 3 one row per component, from "as likely as any" (grey) to "certain".
    `loc` is a corner of the axes (see ``key_box``; default: bottom right) or the key's
    (x, y, width, height) in axes fractions.
    """
    ax = _ax(ax)
    colors = component_colors(k) if colors is None else np.asarray(colors, dtype=float)[:, :3]
    box = key_box(k, loc) if isinstance(loc, str) else loc
    key = ax.inset_axes(box)
    key.set_facecolor(FACECOLOR)
    # the title is wider than the key in a small panel: align it with the key's outer edge
    side = "right" if box[0] + box[2] / 2 > 0.5 else "left"
    if k == 2:
        r1 = np.linspace(0.0, 1.0, 101)
        image = responsibility_colors(np.column_stack([r1, 1 - r1]), colors)[None, :, :3]
        key.imshow(image, aspect="auto", extent=(0, 1, 0, 1))
        key.set_xticks([0, 0.5, 1], ["0", "0.5", "1"], fontsize=7)
        key.set_yticks([])
        key.set_title("responsibility of component 1", fontsize=7, pad=2, loc=side)
    else:
        top = np.linspace(1.0 / k, 1.0, 64)
        rows = []
        for j in range(k):
            r = np.tile(((1 - top) / (k - 1))[:, None], (1, k))
            r[:, j] = top
            rows.append(responsibility_colors(r, colors)[:, :3])
        key.imshow(np.array(rows), aspect="auto", extent=(1.0 / k, 1, k - 0.5, -0.5))
        key.set_xticks([1.0 / k, 1], [f"1/{k}", "1"], fontsize=7)
        key.set_yticks(range(k), [f"{j + 1}" for j in range(k)], fontsize=6)
        key.set_title("largest responsibility", fontsize=7, pad=2, loc=side)
    key.tick_params(length=2, pad=1)
    return key


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
    ax.set_xlabel("EM iteration (0 = start)")
    ax.set_ylabel("total log-likelihood")
    return line, marker
