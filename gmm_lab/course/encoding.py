"""How a point shows its responsibilities: colour and shape of its most likely component, faded to grey.

A point takes the colour *and* the marker shape of its most likely component; the colour
fades to ``GREY`` as that component becomes less certain (grey: all components equally
likely). So identity never rests on hue alone: the shape says which component, the
colour's strength how sure. The first four component colours stay at least 20 apart
(CIELAB ΔE; these are 30 apart) from each other and from the grey under simulated protanopia,
deuteranopia and tritanopia (tests/test_colour_vision.py); from the fifth on the shape
carries identity.
``PALETTE`` (Okabe & Ito) stays the colours of lines and curves.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.markers import MarkerStyle

__all__ = [
    "PALETTE",
    "COMPONENT_PALETTE",
    "MARKERS",
    "GREY",
    "FACECOLOR",
    "component_colors",
    "component_markers",
    "responsibility_colors",
    "responsibility_paths",
    "update_responsibilities",
    "add_responsibility_key",
    "key_box",
    "free_corner",
    "CORNERS",
    "add_assignment_key",
    "KEY_FONTSIZE",
    "LINESTYLES",
    "lines_told_apart_by_hue_alone",
]

# Okabe & Ito's palette (blue, orange, green, purple, sky, vermillion, yellow, black): lines and curves
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
# components: blue, orange, wine (Tol's), black; then sky, vermillion, green, purple (shape carries those)
COMPONENT_PALETTE = ("#0072B2", "#E69F00", "#882255", "#000000", "#56B4E9", "#D55E00", "#009E73", "#CC79A7")
# one marker shape per component (no "X": that marks the means)
MARKERS = ("o", "s", "^", "D", "v", "p", "<", "h", ">", "*")
# one line style per component (curves of components: a second channel besides the colour)
LINESTYLES = ("--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (8, 2)), (0, (1, 3)))
KEY_FONTSIZE = 9  # points: the key's text, legible beside the axes' own (issue 20)
GREY = np.array([0.62, 0.62, 0.62])  # "no component more likely than another"
FACECOLOR = "white"


def component_colors(k):
    """k colours for components 1..k, as an array of shape (k, 3) (RGB); they repeat after eight."""
    return np.array([to_rgb(COMPONENT_PALETTE[j % len(COMPONENT_PALETTE)]) for j in range(k)])


def component_markers(k):
    """k marker shapes for components 1..k (matplotlib marker codes); they repeat after ten."""
    return [MARKERS[j % len(MARKERS)] for j in range(k)]


def _path(marker):
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform())  # as scatter draws it


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


def responsibility_paths(responsibilities):
    """One marker path per point: the shape of its most likely component (``component_markers``)."""
    r = np.asarray(responsibilities, dtype=float)
    shapes = [_path(m) for m in component_markers(r.shape[1])]
    return [shapes[j] for j in r.argmax(axis=1)]


def update_responsibilities(points, responsibilities, colors=None):
    """Colour and shape the points of a scatter (a PathCollection) by their responsibilities, in place.

    Each point gets ``responsibility_colors`` and ``responsibility_paths``; with
    ``responsibilities=None`` (none computed yet) every point is a grey circle. No
    artist is made, so a widget can call this on every move. Returns `points`.
    """
    if responsibilities is None:
        points.set_facecolors(np.append(GREY, 1.0))
        points.set_paths([_path("o")])
    else:
        points.set_facecolors(responsibility_colors(responsibilities, colors))
        points.set_paths(responsibility_paths(responsibilities))
    return points


CORNERS = ("lower right", "upper right", "upper left", "lower left")


def key_box(k, corner="lower right"):
    """The (x, y, width, height) in axes fractions of a responsibility key for `k` components in `corner`.

    The key is 0.37 of the axes wide; its height grows with k from the fourth component
    on (a row per component must stay legible at ``KEY_FONTSIZE``). Room is left for its tick labels below
    and its title above, so neither crosses the axes' frame.
    """
    if corner not in CORNERS:
        raise ValueError(f"corner must be one of {', '.join(map(repr, CORNERS))}; got {corner!r}.")
    height = 0.13 if k == 2 else max(0.16, 0.045 * k)
    x = 0.6 if corner.endswith("right") else 0.03 if k == 2 else 0.06  # K >= 3: row labels on the left
    y = 0.08 if corner.startswith("lower") else 0.92 - height
    return (x, y, 0.37, height)


def free_corner(ax, k, points, corners=CORNERS):
    """The first of `corners` where a key for `k` components covers none of `points` (data coordinates).

    A key's box (``key_box``) is taken with room for its tick labels and title (0.07 of the
    axes above and below) and a margin for a marker's size (0.03 at the sides). `points`
    are what must stay visible: the data, or the means at every step a live figure shows.
    The axes' limits must be set first. ValueError if every corner covers a point.
    """
    xy = ax.transAxes.inverted().transform(ax.transData.transform(np.asarray(points, dtype=float).reshape(-1, 2)))
    for corner in corners:
        x, y, w, h = key_box(k, corner)
        inside = (xy[:, 0] > x - 0.03) & (xy[:, 0] < x + w + 0.03) & (xy[:, 1] > y - 0.07) & (xy[:, 1] < y + h + 0.07)
        if not inside.any():
            return corner
    raise ValueError(f"every corner of the axes has a point under a key for {k} components: widen the "
                     f"axes' limits to leave a corner free, or place the key with an explicit box.")


KEY_MARGIN = 0.16  # of the key's width: room for the marker shapes beside the colour bar


def add_responsibility_key(ax=None, k=2, colors=None, loc="lower right"):
    """A small key inside `ax` for the responsibility encoding; returns the key's inset axes.

    For K = 2 one diverging bar, labelled by the responsibility of component 1, with each
    component's marker shape at its end; for K >= 3 one row per component, from "as likely
    as any" (grey) to "certain", its number and marker shape on the left. `loc` is a corner
    of the axes (see ``key_box``; default: bottom right) or the key's (x, y, width, height)
    in axes fractions.
    """
    ax = plt.gca() if ax is None else ax
    colors = component_colors(k) if colors is None else np.asarray(colors, dtype=float)[:, :3]
    box = key_box(k, loc) if isinstance(loc, str) else loc
    key = ax.inset_axes(box)
    key.set_facecolor(FACECOLOR)
    # the title is wider than the key in a small panel: align it with the key's outer edge
    side = "right" if box[0] + box[2] / 2 > 0.5 else "left"
    markers = component_markers(k)
    if k == 2:
        r1 = np.linspace(0.0, 1.0, 101)
        image = responsibility_colors(np.column_stack([r1, 1 - r1]), colors)[None, :, :3]
        key.imshow(image, aspect="auto", extent=(0, 1, 0, 1))
        pad = KEY_MARGIN / (1 - 2 * KEY_MARGIN)  # a margin at each end, in the bar's units
        key.set_xlim(-pad, 1 + pad)
        for j, x in ((0, 1 + pad / 2), (1, -pad / 2)):
            key.scatter([x], [0.5], s=22, marker=markers[j], color=colors[j], edgecolors="none")
        key.set_ylim(0, 1)
        key.set_xticks([0, 0.5, 1], ["0", "0.5", "1"], fontsize=KEY_FONTSIZE)
        key.set_yticks([])
        key.set_title("responsibility r₁", fontsize=KEY_FONTSIZE, pad=2, loc=side)  # r₁: of component 1
    else:
        top = np.linspace(1.0 / k, 1.0, 64)
        rows = []
        for j in range(k):
            r = np.tile(((1 - top) / (k - 1))[:, None], (1, k))
            r[:, j] = top
            rows.append(responsibility_colors(r, colors)[:, :3])
        key.imshow(np.array(rows), aspect="auto", extent=(1.0 / k, 1, k - 0.5, -0.5))
        pad = KEY_MARGIN / (1 - KEY_MARGIN) * (1 - 1.0 / k)
        key.set_xlim(1.0 / k - pad, 1)
        for j in range(k):
            key.scatter([1.0 / k - pad / 2], [j], s=14, marker=markers[j], color=colors[j], edgecolors="none")
        key.set_ylim(k - 0.5, -0.5)
        key.set_xticks([1.0 / k, 1], [f"1/{k}", "1"], fontsize=KEY_FONTSIZE)
        key.set_yticks(range(k), [f"{j + 1}" for j in range(k)], fontsize=KEY_FONTSIZE)
        key.set_title("largest responsibility", fontsize=KEY_FONTSIZE, pad=2, loc=side)
    key.tick_params(length=2, pad=1)
    return key


def add_assignment_key(ax, k, colors=None, what="centre"):
    """A key for hard assignments (k-means): each `what`'s marker shape and colour, under "assigned to".

    No 0-1 scale: a hard assignment has no degrees. Beside the axes, right of their top, so
    that it covers no point at any size the axes are drawn (the layout engine makes room for
    it). A legend (``ax.get_legend()``); returns it.
    """
    from matplotlib.lines import Line2D

    colors = component_colors(k) if colors is None else np.asarray(colors, dtype=float)[:, :3]
    handles = [Line2D([], [], ls="none", marker=m, ms=6, color=c, mec="none", label=f"{what} {j + 1}")
               for j, (m, c) in enumerate(zip(component_markers(k), colors))]
    return ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                     title="assigned to", title_fontsize=KEY_FONTSIZE, fontsize=KEY_FONTSIZE, framealpha=1.0,
                     handletextpad=0.3)


def _style(line):
    """A line's (line style, marker) as drawn; the line style None when no line is drawn."""
    ls = line.get_linestyle()
    return (None if ls in ("None", "none", " ", "") else ls, str(line.get_marker()))


def lines_told_apart_by_hue_alone(fig):
    """The pairs of lines in one axes of `fig` that differ in colour only: [(axes title, label, label), ...].

    A line is a Line2D with at least two points (a curve, or a series of markers; shown or
    hidden now, as a control may show it); two of
    them in one axes with the same line style and marker but another colour rest on hue
    alone (a red-green colour-blind reader may not tell them apart). Lines of one colour
    are one family and are not compared. Empty: every line has a second channel.
    """
    found = []
    for ax in fig.axes:
        lines = [ln for ln in ax.get_lines() if len(np.atleast_1d(ln.get_xdata())) >= 2]  # hidden ones may show
        for i, a in enumerate(lines):
            for b in lines[i + 1:]:
                if _style(a) == _style(b) and not np.allclose(to_rgb(a.get_color()), to_rgb(b.get_color())):
                    found.append((ax.get_title(), a.get_label(), b.get_label()))
    return found
