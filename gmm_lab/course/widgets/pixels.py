"""Pixels for the live figures: each move's PNG, the static picture, density lines a slider moves.

What ``gmm_lab.course.widgets.live`` draws with, kept apart from its widgets and controls.
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

from ..plotting import density_grid

__all__ = ["DensityLines", "encode_png", "small_multiples"]


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


def small_multiples(panels, labels, title, ncols=None, scale=0.6):
    """PNG bytes of panel images side by side (rows of at most `ncols`), each under its label.

    Each panel is shown at `scale` times its size on screen: 0.6 keeps a row of small
    panels small; 1.0 keeps a whole figure's text at its own size (10 pt tick labels stay
    10 pt), with labels and title to match.

    The panels are already pixels, so they are scaled with PIL and placed with
    ``Figure.figimage``; matplotlib only sets the text. (An axes per panel, with
    ``imshow`` and a layout engine, cost about half a second per live figure, once per
    notebook run, for the same picture.)
    """
    n = len(panels)
    if not 0 < scale <= 1:
        raise ValueError(f"scale must be in (0, 1], the panels' size relative to the screen; got {scale!r}.")
    ncols = ncols or (n if n <= 4 else 3)
    nrows = -(-n // ncols)
    small = [Image.fromarray(p).resize((max(1, round(scale * p.shape[1])), max(1, round(scale * p.shape[0]))),
                                       Image.Resampling.LANCZOS) for p in panels]
    cell_w, cell_h = max(im.width for im in small), max(im.height for im in small)
    label_pt = 9 if scale < 1 else 11  # the frames' labels; the title a point larger
    pad, label_h, title_h = 10, round(2.2 * label_pt), round(3.3 * label_pt)  # pixels
    width = pad + ncols * (cell_w + pad)
    height = title_h + nrows * (label_h + cell_h + pad)
    canvas = np.full((height, width, 3), 255, dtype=np.uint8)
    fig = Figure(figsize=(width / 100, height / 100), dpi=100, facecolor="white")
    for i, (im, label) in enumerate(zip(small, labels)):
        row, col = divmod(i, ncols)
        x0 = pad + col * (cell_w + pad) + (cell_w - im.width) // 2
        top = title_h + row * (label_h + cell_h + pad) + label_h
        canvas[top:top + im.height, x0:x0 + im.width] = np.asarray(im)[..., :3]
        fig.text((x0 + im.width / 2) / width, 1 - (top - 3) / height, label, ha="center", va="bottom", fontsize=label_pt)
    fig.figimage(canvas, origin="upper")
    fig.text(0.5, 1 - 8 / height, f"{title} (static picture: run the notebook to move it)",
             ha="center", va="top", fontsize=label_pt + 1)
    agg = FigureCanvasAgg(fig)
    agg.draw()
    # a 256-colour palette: a third of the bytes, and these figures use few colours anyway;
    # the fast octree quantizer without PIL's extra PNG pass: 15 ms instead of 110 ms per
    # picture, and 40% fewer bytes than the median cut (measured on three of the pictures)
    image = Image.fromarray(np.asarray(agg.buffer_rgba())[..., :3]).quantize(256, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    image.save(out, format="png")
    return out.getvalue()
