"""Images as tiles: digits and the means of a Bernoulli mixture, side by side (notebook 14).

A mean of a Bernoulli mixture is one probability per pixel, so it is an image: PRML Fig. 9.10
draws each component's means as a grey picture. ``tile_images`` lays images out on one
canvas (``imshow`` draws it in one artist, which a live figure updates with ``set_data``);
``plot_tiles`` draws the canvas with a number or name under each tile, and
``plot_responsibility_bars`` a few images beside their responsibilities.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from .encoding import PALETTE

__all__ = ["GAP", "LABEL_GAP", "tile_images", "plot_tiles", "plot_responsibility_bars"]

GAP = 1  # pixels of white between two tiles
LABEL_GAP = 3  # between two rows of labelled tiles: the label's room
IMAGE_CMAP = "gray_r"  # 0 white, 1 black: ink on paper


def _ax(ax):
    return plt.gca() if ax is None else ax


def tile_images(images, shape=(8, 8), ncols=None, row_gap=GAP):
    """One canvas of images in rows of `ncols`, a ``GAP`` of NaN (drawn white) between them
    (`row_gap` between rows: room for a label under each tile).

    Parameters
    ----------
    images : array-like of shape (n_images, h * w) or (n_images, h, w)
    shape : (h, w)
    ncols : int, default all in one row

    Returns
    -------
    canvas : ndarray of shape (rows * (h + row_gap) - row_gap, ncols * (w + GAP) - GAP)
    origins : list of (row, column) of each tile's top-left pixel, in the images' order
    """
    h, w = shape
    images = np.asarray(images, dtype=float).reshape(-1, h, w)
    n = len(images)
    ncols = n if ncols is None else int(ncols)
    rows = -(-n // ncols)
    canvas = np.full((rows * (h + row_gap) - row_gap, ncols * (w + GAP) - GAP), np.nan)
    origins = []
    for i, image in enumerate(images):
        r, c = (i // ncols) * (h + row_gap), (i % ncols) * (w + GAP)
        canvas[r:r + h, c:c + w] = image
        origins.append((r, c))
    return canvas, origins


def plot_tiles(images, ax=None, shape=(8, 8), ncols=None, labels=None, vmax=1.0, fontsize=10):
    """Draw `images` as tiles (``tile_images``), each framed, with its label under it.

    Returns ``(image, texts)``: the ``AxesImage`` of the canvas (update it with
    ``image.set_data(tile_images(..., row_gap=LABEL_GAP)[0])`` when labelled) and the label texts.
    """
    ax = _ax(ax)
    canvas, origins = tile_images(images, shape, ncols, row_gap=GAP if labels is None else LABEL_GAP)
    cmap = plt.get_cmap(IMAGE_CMAP).with_extremes(bad=(1.0, 1.0, 1.0, 0.0))  # the gaps: see-through
    image = ax.imshow(canvas, cmap=cmap, vmin=0.0, vmax=vmax, interpolation="nearest")
    h, w = shape
    texts = []
    for i, (r, c) in enumerate(origins):
        ax.add_patch(Rectangle((c - 0.75, r - 0.75), w + 0.5, h + 0.5, fill=False, lw=0.8, edgecolor="0.55"))
        if labels is not None:
            texts.append(ax.text(c + w / 2 - 0.5, r + h - 0.1, str(labels[i]), ha="center", va="top",
                                 fontsize=fontsize))
    ax.set_xlim(-0.9, canvas.shape[1] - 0.1)
    ax.set_ylim(canvas.shape[0] + (LABEL_GAP - 0.5 if labels is not None else -0.1), -0.9)
    ax.set_axis_off()
    return image, texts


def plot_responsibility_bars(images, responsibilities, axes, shape=(8, 8), names=None):
    """Each image over a bar chart of its responsibilities: `axes` is a (2, n_images) array of axes.

    Bars in one colour (the component is its position and its number, not a hue); the
    tallest is hatched, so the winner reads without colour too. Returns the bar containers.
    """
    resp = np.asarray(responsibilities, dtype=float)
    k = resp.shape[1]
    names = [str(j + 1) for j in range(k)] if names is None else list(names)
    drawn = []
    for i, (top, bottom) in enumerate(np.asarray(axes).T):
        plot_tiles(np.asarray(images)[i:i + 1], ax=top, shape=shape)
        bars = bottom.bar(np.arange(k), resp[i], color=PALETTE[0], edgecolor="black", lw=0.6)
        bars[int(resp[i].argmax())].set_hatch("//")
        bottom.set(ylim=(0, 1.05), xticks=np.arange(k), yticks=[0, 0.5, 1] if i == 0 else [])
        bottom.set_xticklabels(names)  # axis text: 10 pt, at least 14 px on a projector
        if i == 0:
            bottom.set_ylabel("responsibility")
        drawn.append(bars)
    return drawn
