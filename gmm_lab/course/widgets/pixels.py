"""Pixels for the live figures: each move's PNG, the static picture, density lines a slider moves.

What ``gmm_lab.course.widgets.live`` draws with, kept apart from its widgets and controls.
(``gmm_lab.course.widgets.static`` sizes the static picture's panels for a projector.)
"""

import io
import struct
import zlib

import contourpy
import numpy as np
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from ..plotting import density_grid
from ..projector import AXIS_TEXT_KEY

__all__ = ["DensityLines", "encode_png", "small_multiples", "AXIS_TEXT_KEY"]

# the static picture's layout, in pixels: between panels, a setting's label, the title; the
# labels' and the title's font size (at 100 dpi: 15 px); the PNG records its axis text's size
# in the text chunk ``AXIS_TEXT_KEY`` (as ``plotting.show`` does)
PAD, LABEL_H, TITLE_H = 10, 24, 32
LABEL_PT = 11


class DensityLines:
    """Contour lines of a 2-D mixture density that a slider moves: one collection, updated in place.

    ``ax.contour`` builds a new ContourSet (levels, norm, colour map, paths) on every call:
    10 ms of a 2-D slider move. This draws the same lines -- matplotlib's own choice of
    levels (``MaxNLocator``, trimmed as ``ContourSet`` trims them), its contouring library
    (contourpy) and colours from the colour map over the levels -- into one
    ``LineCollection`` whose segments and colours each move replaces
    (``tests/test_widgets.py`` checks them against ``ax.contour``).

    Parameters
    ----------
    ax : matplotlib Axes
        Where the lines go.
    lim : (float, float)
        The square (lim x lim) the density is evaluated on.
    levels : int, default=8
        How many levels to aim for, as ``ax.contour(..., levels=levels)``.
    cmap : str or Colormap, default="Greys"
    num : int, default=90
        Grid points per side.
    linewidths : float, default=0.9
    """

    def __init__(self, ax, lim, *, levels=8, cmap="Greys", num=90, linewidths=0.9):
        self.lim, self.num = lim, num
        self.locator = MaxNLocator(levels + 1, min_n_ticks=1)  # what ContourSet uses for levels=int
        self.cmap = colormaps[cmap] if isinstance(cmap, str) else cmap
        self.collection = LineCollection([], linewidths=linewidths)
        ax.add_collection(self.collection, autolim=False)
        self.levels = np.array([])
        self.lines = []  # (level, vertices of shape (m, 2)) per line

    def update(self, means, covariances, weights):
        """Draw the contour lines of the mixture (means, covariances, weights); returns the collection."""
        xx, yy, dens = density_grid(means, covariances, weights, self.lim, self.lim, self.num)
        zmin, zmax = float(dens.min()), float(dens.max())
        lev = self.locator.tick_values(zmin, zmax)
        under, over = np.nonzero(lev < zmin)[0], np.nonzero(lev > zmax)[0]  # trimmed as ContourSet._autolev
        i0 = under[-1] if len(under) else 0
        i1 = over[0] + 1 if len(over) else len(lev)
        self.levels = lev[i0:i1] if i1 - i0 >= 3 else lev
        generator = contourpy.contour_generator(xx, yy, dens, name="mpl2014", corner_mask=True,  # as ax.contour
                                                line_type=contourpy.LineType.SeparateCode)
        self.lines = [(level, line) for level in self.levels for line in generator.lines(level)[0]]
        span = Normalize(self.levels.min(), self.levels.max())
        self.collection.set_segments([line for _, line in self.lines])
        self.collection.set_color(self.cmap(span(np.array([level for level, _ in self.lines]))))
        return self.collection


def _chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def encode_png(rgba):
    """PNG bytes of an (h, w, 4) uint8 RGBA image (the Agg canvas' buffer).

    Every slider move encodes the whole figure, so this is on the path a student feels.
    It is written here, with zlib, rather than with PIL: PIL filters every row before
    compressing, which for these flat-coloured figures costs about three times as long
    (25 ms against 8 ms for a 1250 x 420 figure, measured) and does not make the file
    smaller. Unfiltered rows (filter type 0), zlib's fastest level, and the buffer's
    RGBA as it is (dropping alpha would cost a strided copy longer than compressing it).
    """
    rgba = np.asarray(rgba)
    if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8 or rgba.size == 0:
        raise ValueError(f"encode_png needs a non-empty (height, width, 4) uint8 RGBA array, such as "
                         f"np.asarray(canvas.buffer_rgba()); got dtype {rgba.dtype}, shape {rgba.shape}.")
    h, w = rgba.shape[:2]
    rows = np.empty((h, 1 + 4 * w), dtype=np.uint8)
    rows[:, 0] = 0  # each row's filter type: none
    rows[:, 1:] = rgba.reshape(h, 4 * w)
    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8 bits per channel, RGBA, no interlace
    body = _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 1)) + _chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def text_width(text):
    """The width in pixels of `text` as ``small_multiples`` sets its labels (0 for no text)."""
    if not text:
        return 0.0
    fig = Figure(dpi=100)
    return fig.text(0, 0, text, fontsize=LABEL_PT).get_window_extent(FigureCanvasAgg(fig).get_renderer()).width


def small_multiples(panels, labels, title, ncols=None, *, zoom=0.6, axis_text_px=None, subtitle="",
                    row_titles=(), side_labels=()):
    """PNG bytes of panel images in rows of at most `ncols`, each under its label (if any).

    The panels are already pixels, so they are scaled by `zoom` with PIL and pasted into the
    rendered picture; matplotlib only sets the text. (An axes per panel, with
    ``imshow`` and a layout engine, cost about half a second per live figure, once per
    notebook run, for the same picture.) A `subtitle` goes under the title; `row_titles`,
    one per row, on a line above each row; `side_labels`, one per row, upright on its left.
    A row whose labels are all empty has no line for them. `axis_text_px`, the panels'
    smallest axis text in pixels before scaling, is recorded in the PNG as shown (tEXt
    keyword ``AXIS_TEXT_KEY``); the picture's own labels are ``LABEL_PT`` at 100 dpi (15 px).
    """
    n = len(panels)
    if not 0 < zoom <= 1:
        raise ValueError(f"zoom must be in (0, 1], the panels' size relative to their pixels; got {zoom!r}.")
    ncols = ncols or (n if n <= 4 else 3)
    nrows = -(-n // ncols)
    if not n or len(labels) != n or any(len(t) not in (0, nrows) for t in (row_titles, side_labels)):
        raise ValueError(f"small_multiples needs at least one panel, one label per panel and none or one row "
                         f"title and side label per row; got {n} panels, {len(labels)} labels, "
                         f"{len(row_titles)} row titles and {len(side_labels)} side labels for {nrows} rows.")
    small = [Image.fromarray(p).resize((max(1, round(zoom * p.shape[1])), max(1, round(zoom * p.shape[0]))),
                                       Image.Resampling.LANCZOS) for p in panels]
    # a column as wide as its widest panel, label and row title can make it; the picture as its title
    cell_w = max(im.width for im in small)
    cell_w = max([cell_w, *(round(text_width(t)) + PAD for t in labels if t)])
    cell_h = max(im.height for im in small)
    side = LABEL_H if side_labels else 0
    rows, y = [], TITLE_H + (LABEL_H if subtitle else 0)  # each row: (its title's top, its labels' top, its top)
    for r in range(nrows):
        title_top = y
        y += LABEL_H if row_titles else 0
        label_top = y
        y += LABEL_H if any(labels[r * ncols:(r + 1) * ncols]) else 0
        rows.append((title_top, label_top, y))
        y += cell_h + PAD
    heading = f"{title} (static picture: run the notebook to move it)"
    widest = max([text_width(heading), text_width(subtitle), *map(text_width, row_titles)]) + 2 * PAD
    grid_w = side + PAD + ncols * (cell_w + PAD)
    margin = max(0, int(round(widest - grid_w)) // 2)  # white on both sides if the text is wider than the panels
    width, height = grid_w + 2 * margin, y
    fig = Figure(figsize=(width / 100, height / 100), dpi=100, facecolor="white")

    def text(x, y, s, **kw):  # x, y in pixels from the top left
        fig.text(x / width, 1 - y / height, s, fontsize=LABEL_PT, **kw)

    places = []
    for i, (im, label) in enumerate(zip(small, labels)):
        row, col = divmod(i, ncols)
        x0 = margin + side + PAD + col * (cell_w + PAD) + (cell_w - im.width) // 2
        top = rows[row][2]
        places.append((top, x0))
        text(x0 + im.width / 2, top - 3, label, ha="center", va="bottom")
    text(width / 2, 6, heading, ha="center", va="top", weight="bold")
    if subtitle:
        text(width / 2, 6 + LABEL_H, subtitle, ha="center", va="top")
    for (title_top, _, top), row_title in zip(rows, row_titles):
        text(width / 2, title_top + 3, row_title, ha="center", va="top")
    for (_, _, top), side_label in zip(rows, side_labels):
        text(margin + side / 2 + 2, top + cell_h / 2, side_label, ha="center", va="center", rotation=90)
    agg = FigureCanvasAgg(fig)
    agg.draw()
    # the panels are pasted into the drawn text's pixels (no text overlaps a panel): placed with
    # Figure.figimage instead, Agg would resample the whole picture through float copies of it
    # (about 80 MB at the peak for a three-panel picture, in every student's kernel)
    rgb = np.asarray(agg.buffer_rgba())
    for im, (top, x0) in zip(small, places):
        rgb[top:top + im.height, x0:x0 + im.width, :3] = np.asarray(im)[..., :3]
    # a 256-colour palette: a third of the bytes, and these figures use few colours anyway;
    # the fast octree quantizer without PIL's extra PNG pass: 15 ms instead of 110 ms per
    # picture, and 40% fewer bytes than the median cut (measured on three of the pictures)
    image = Image.fromarray(np.asarray(agg.buffer_rgba())[..., :3]).quantize(256, method=Image.Quantize.FASTOCTREE)
    info = PngInfo()
    if axis_text_px is not None:
        info.add_text(AXIS_TEXT_KEY, f"{axis_text_px * zoom:.2f}")
    out = io.BytesIO()
    image.save(out, format="png", pnginfo=info)
    return out.getvalue()
