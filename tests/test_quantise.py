"""Vector quantisation (gmm_lab.quantise): Bishop's bit count, k-means' code book, each pixel's nearest colour."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.cluster import KMeans

import gmm_lab as g


def test_the_bit_count_is_prmls():
    """PRML §9.1.1: a 240 x 180 image, 24K + N ceil(log2 K) bits: 43,248, 86,472 and 173,040 for K = 2, 3, 10."""
    n = 240 * 180
    assert [g.compressed_bits(n, k) for k in (2, 3, 10)] == [43_248, 86_472, 173_040]
    assert [round(100 * g.compressed_bits(n, k) / (24 * n), 1) for k in (2, 3, 10)] == [4.2, 8.3, 16.7]
    assert g.compressed_bits(n, 1) == 24  # one colour: the code book alone, no bit a pixel
    assert g.compressed_bits(n, 16) == 24 * 16 + 4 * n and g.compressed_bits(n, 17) == 24 * 17 + 5 * n


def _photo(seed=0, shape=(30, 40)):
    """A small made-up RGB image: three colour regions with noise, uint8."""
    rng = np.random.default_rng(seed)
    base = np.array([[200, 40, 40], [40, 160, 60], [30, 30, 190]])
    region = (np.arange(shape[1])[None, :] * 3 // shape[1]).repeat(shape[0], axis=0)
    return np.clip(base[region] + rng.normal(0, 20, shape + (3,)), 0, 255).astype(np.uint8)


def test_the_code_book_is_k_means_centres_rounded_as_scikit_learn_finds_them():
    image = _photo()
    pixels = image.reshape(-1, 3).astype(float)
    q = g.quantise(image, 4, random_state=1)
    seeds = pixels[g.kmeans_plusplus(pixels, 4, random_state=1)]  # the seeds quantise's k-means starts from
    sk = KMeans(4, init=seeds, n_init=1, algorithm="lloyd", tol=0.0).fit(pixels)
    assert q.run.centres == pytest.approx(sk.cluster_centers_, abs=1e-9)
    np.testing.assert_array_equal(q.codebook, np.rint(sk.cluster_centers_).astype(np.uint8))
    assert q.codebook.dtype == np.uint8 and q.labels.shape == image.shape[:2]
    assert q.bits == g.compressed_bits(image.shape[0] * image.shape[1], 4)
    assert q.bits_per_pixel == pytest.approx((24 * 4 + 2 * pixels.shape[0]) / pixels.shape[0])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 6))
def test_every_pixel_is_drawn_in_its_nearest_code_word(seed, k):
    image = _photo(seed, shape=(6, 9))
    q = g.quantise(image, k, random_state=seed)
    pixels = image.reshape(-1, 3).astype(float)
    d = ((pixels[:, None, :] - q.codebook[None, :, :].astype(float)) ** 2).sum(axis=2)
    np.testing.assert_array_equal(d[np.arange(len(d)), q.labels.ravel()], d.min(axis=1))
    np.testing.assert_array_equal(q.image.reshape(-1, 3), q.codebook[q.labels.ravel()])
    assert q.n_colours == k and q.bits == 24 * k + pixels.shape[0] * math.ceil(math.log2(k))


def test_more_colours_never_draw_the_image_worse_here():
    image = _photo()
    errors = [np.mean((g.quantise(image, k, random_state=0).image.astype(float) - image) ** 2) for k in (1, 2, 3, 6)]
    assert errors == sorted(errors, reverse=True) and errors[-1] < errors[0] / 10


@pytest.mark.parametrize("image, k, message", [
    (np.zeros((4, 5)), 2, r"RGB array of shape \(height, width, 3\); got shape \(4, 5\)"),
    (np.zeros((4, 5, 4), dtype=np.uint8), 2, r"Drop an alpha channel"),
    (np.full((4, 5, 3), 0.5), 2, r"integers 0 to 255; got dtype float64.*np\.rint\(255 \* image\)"),
    (np.full((4, 5, 3), 300), 2, r"values 300 to 300"),
    (np.zeros((4, 5, 3), dtype=np.uint8), 2, r"only 1 distinct points but 2"),
    (np.zeros((4, 5, 3), dtype=np.uint8), 0, r"n_colours"),
])
def test_bad_images_are_refused_with_what_to_do(image, k, message):
    with pytest.raises(ValueError, match=message):
        g.quantise(image, k, random_state=0)
    with pytest.raises(ValueError, match="n_pixels must be an integer >= 1"):
        g.compressed_bits(0, 2)
