"""Vector quantisation: k-means as a code book for an image's colours (PRML §9.1.1, Fig. 9.3).

Each pixel's colour (red, green, blue, 8 bits each) is a point in three dimensions. k-means
with K clusters gives K colours, the **code book**; every pixel is then sent as the number of
its code word, ``ceil(log2 K)`` bits, instead of its 24 bits, and the code book itself as
24 bits a colour: ``24 K + N ceil(log2 K)`` bits for N pixels, against ``24 N`` (Bishop's count).
The receiver draws each pixel in its code word's colour: the image with K colours.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from ..clustering import KMeansResult, kmeans
from ..validation import check_n_components, check_positive_int

__all__ = ["Quantised", "quantise", "compressed_bits"]

BITS_PER_COLOUR = 24  # 8 bits for each of red, green and blue


def compressed_bits(n_pixels, n_colours):
    """Bits to send `n_pixels` pixels as code words of a book of `n_colours` colours, book included.

    ``24 K + N ceil(log2 K)`` (PRML §9.1.1): ``ceil(log2 K)`` bits a pixel (none for K = 1)
    and 24 bits for each colour of the code book.

    >>> compressed_bits(43_200, 10)  # PRML Fig. 9.3: 240 x 180 pixels, K = 10
    173040
    """
    n_pixels = check_positive_int(n_pixels, "n_pixels")
    n_colours = check_positive_int(n_colours, "n_colours")
    return BITS_PER_COLOUR * n_colours + n_pixels * math.ceil(math.log2(n_colours))


@dataclass(frozen=True)
class Quantised:
    """What ``quantise`` returns: an image as code words into a code book of colours.

    Attributes
    ----------
    codebook : ndarray of shape (K, 3), uint8
        The K colours as sent (k-means' centres rounded to 8 bits a channel).
    labels : ndarray of shape (height, width), int
        Each pixel's code word: the number of its nearest colour in the code book.
    run : KMeansResult
        The k-means run on the pixels' colours (its centres before rounding).
    """

    codebook: np.ndarray
    labels: np.ndarray
    run: KMeansResult = field(repr=False)

    @property
    def image(self):
        """The image the receiver draws, shape (height, width, 3), uint8: each pixel its code word's colour."""
        return self.codebook[self.labels]

    @property
    def n_colours(self):
        return len(self.codebook)

    @property
    def bits(self):
        """Bits sent: the code words and the code book (``compressed_bits``)."""
        return compressed_bits(self.labels.size, self.n_colours)

    @property
    def bits_per_pixel(self):
        """``bits`` per pixel, the code book's share included (24 for the original)."""
        return self.bits / self.labels.size


def _nearest(pixels, codebook):
    """Each pixel's nearest code word (squared distance; the first on a tie), one colour at a time."""
    best = np.full(len(pixels), np.inf)
    labels = np.zeros(len(pixels), dtype=int)
    for j, colour in enumerate(codebook.astype(float)):
        d = ((pixels - colour) ** 2).sum(axis=1)
        closer = d < best
        best[closer], labels[closer] = d[closer], j
    return labels


def quantise(image, n_colours, *, random_state=None, max_iter=300):
    """Vector quantisation of an RGB image by k-means on its pixels' colours.

    Parameters
    ----------
    image : array-like of shape (height, width, 3), integers 0 to 255
        For example ``sklearn.datasets.load_sample_image("china.jpg")``.
    n_colours : int
        K, the size of the code book; at most the number of distinct colours.
    random_state : None, int or numpy.random.Generator
        Seeds k-means++ (``gmm_lab.kmeans``).
    max_iter : int, default=300
        k-means' iterations at most.

    Returns
    -------
    Quantised
        The code book (k-means' centres rounded to whole 8-bit values, as they are sent)
        and each pixel's nearest code word in it.
    """
    raw = np.asarray(image)
    if raw.ndim != 3 or raw.shape[2] != 3 or raw.shape[0] < 1 or raw.shape[1] < 1:
        raise ValueError(f"image must be an RGB array of shape (height, width, 3); got shape {raw.shape}. "
                         f"Drop an alpha channel with image[..., :3].")
    if not np.issubdtype(raw.dtype, np.integer) or raw.min() < 0 or raw.max() > 255:
        raise ValueError(f"image must hold 8-bit colours, integers 0 to 255; got dtype {raw.dtype} "
                         f"(values {raw.min()} to {raw.max()}). Convert a 0-1 float image with "
                         f"np.rint(255 * image).astype(np.uint8).")
    pixels = raw.reshape(-1, 3).astype(float)
    n_colours = check_n_components(n_colours, len(pixels), name="n_colours")
    run = kmeans(pixels, n_colours, random_state=random_state, max_iter=check_positive_int(max_iter, "max_iter"),
                 keep_history=False)
    codebook = np.clip(np.rint(run.centres), 0, 255).astype(np.uint8)
    return Quantised(codebook, _nearest(pixels, codebook).reshape(raw.shape[:2]), run)
