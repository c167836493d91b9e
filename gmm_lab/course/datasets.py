"""Data sets shipped with gmm_lab (nothing is downloaded)."""

import csv
from importlib import resources

import numpy as np

from ..sampling import sample_gmm
from ..validation import (
    as_float_array,
    check_finite,
    check_positive_int,
    check_random_state,
)

__all__ = ["load_faithful", "make_three_blobs", "THREE_BLOBS", "make_kmeans_traps", "KMEANS_TRAPS",
           "make_rotated_blobs", "make_lone_point"]


def load_faithful():
    """Old Faithful eruptions, shape (272, 2): duration and waiting time, in minutes.

    Returns
    -------
    X : ndarray of shape (272, 2)
        Columns ``eruptions`` (eruption length, min) and ``waiting`` (time to the
        next eruption, min). Source: R's ``datasets::faithful`` (see
        ``gmm_lab/course/data/README.md``).
    columns : tuple of str
    """
    text = resources.files("gmm_lab.course.data").joinpath("faithful.csv").read_text()
    rows = list(csv.reader(text.splitlines()))
    columns = tuple(rows[0])
    X = np.array(rows[1:], dtype=float)
    return X, columns


# Three overlapping components in the plane, used by the E-step and M-step notebooks.
THREE_BLOBS = {
    "means": np.array([[0.0, 0.0], [4.0, 1.0], [1.5, 4.5]]),
    "covariances": np.array(
        [[[1.2, 0.4], [0.4, 0.8]], [[0.9, -0.3], [-0.3, 1.1]], [[1.0, 0.5], [0.5, 1.3]]]
    ),
    "weights": np.array([0.4, 0.35, 0.25]),
}


def make_three_blobs(n=300, random_state=3):
    """Samples from a fixed, overlapping three-component mixture in 2-D (``THREE_BLOBS``).

    Parameters
    ----------
    n : int, default=300
    random_state : None, int or numpy.random.Generator, default=3

    Returns
    -------
    X : ndarray of shape (n, 2)
    labels : ndarray of shape (n,), the true component of each point
    params : dict with the true ``means`` (3, 2), ``covariances`` (3, 2, 2) and ``weights`` (3,)
    """
    params = {key: value.copy() for key, value in THREE_BLOBS.items()}
    X, labels = sample_gmm(n, params["means"], params["covariances"], params["weights"], random_state=random_state)
    return X, labels, params


def _rotated(sd_major, sd_minor, degrees):
    """The covariance of a Gaussian with these standard deviations, its major axis at `degrees`."""
    a = np.radians(degrees)
    R = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return R @ np.diag([sd_major**2, sd_minor**2]) @ R.T


# Two-component mixtures on which k-means (equal, round, equally likely clusters) fails, notebook 07.
KMEANS_TRAPS = {
    "elongated": {"means": np.array([[0.0, 0.0], [-1.0, 3.0]]),
                  "covariances": np.array([_rotated(2.5, 0.35, 30)] * 2),
                  "weights": np.array([0.5, 0.5]), "n": 300},
    "unequal sizes": {"means": np.array([[0.0, 0.0], [4.0, 0.0]]),
                      "covariances": np.array([np.eye(2), 0.25 * np.eye(2)]),
                      "weights": np.array([0.95, 0.05]), "n": 400},
    "unequal spreads": {"means": np.array([[0.0, 0.0], [3.5, 0.0]]),
                        "covariances": np.array([2.25 * np.eye(2), 0.09 * np.eye(2)]),
                        "weights": np.array([0.5, 0.5]), "n": 300},
}


def make_kmeans_traps(random_state=0):
    """Samples from the three mixtures of ``KMEANS_TRAPS``: two parallel elongated clusters, a
    small tight cluster beside a big one (95% / 5%), and a wide and a tight cluster side by side.

    Returns
    -------
    dict
        ``{name: (X, labels, params)}``, each as ``make_three_blobs`` returns them; every
        sample is drawn with `random_state`.
    """
    out = {}
    for name, trap in KMEANS_TRAPS.items():
        params = {key: trap[key].copy() for key in ("means", "covariances", "weights")}
        X, labels = sample_gmm(trap["n"], params["means"], params["covariances"], params["weights"],
                               random_state=random_state)
        out[name] = (X, labels, params)
    return out
def make_rotated_blobs(angle=45.0, stretch=3.0, *, scales=(1.0, 0.7, 0.45), n=300, random_state=0):
    """Three clusters of one shape, rotated by `angle` and stretched by `stretch`, in 2-D.

    Cluster j is ``centre_j + scales[j] * A z`` with standard normal z and
    ``A = R(angle) diag(sqrt(stretch), 1 / sqrt(stretch))``: an ellipse of area independent
    of `stretch`, its long axis at `angle` degrees from the x₁-axis. Centres (−3, −2), (3, −2)
    and (0, 3), weights 0.4, 0.35, 0.25, and exactly those shares of the n points (in a
    random order). The order and the z are drawn once from `random_state`, so every angle
    and stretch moves the same points (what a slider needs).
    With equal `scales` the three clusters share one covariance ("tied").

    Parameters
    ----------
    angle : float, default=45.0
        Degrees.
    stretch : float, default=3.0
        Ratio of the long to the short axis' variance, the square root of it per axis; >= 1.
    scales : sequence of 3 positive floats, default=(1.0, 0.7, 0.45)
        Each cluster's size (standard deviation of its round version).
    n : int, default=300
    random_state : None, int or numpy.random.Generator, default=0

    Returns
    -------
    X : ndarray of shape (n, 2)
    labels : ndarray of shape (n,)
    params : dict with the true ``means`` (3, 2), ``covariances`` (3, 2, 2) and ``weights`` (3,)
    """
    n = check_positive_int(n, "n")
    stretch = float(stretch)
    if not np.isfinite(stretch) or stretch < 1:
        raise ValueError(f"stretch must be a number >= 1 (1 is round); got {stretch!r}.")
    scales = as_float_array(scales, "scales")
    check_finite(scales, "scales")
    if scales.shape != (3,) or np.any(scales <= 0):
        raise ValueError(f"scales must be three positive numbers, one per cluster; got {scales.tolist()}.")
    a = np.radians(float(angle))
    A = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]]) @ np.diag([np.sqrt(stretch), 1 / np.sqrt(stretch)])
    params = {"means": np.array([[-3.0, -2.0], [3.0, -2.0], [0.0, 3.0]]),
              "covariances": np.array([s**2 * A @ A.T for s in scales]), "weights": np.array([0.4, 0.35, 0.25])}
    rng = check_random_state(random_state)
    counts = np.round(n * params["weights"][:2]).astype(int)
    labels = rng.permutation(np.repeat([0, 1, 2], [counts[0], counts[1], n - counts.sum()]))
    z = rng.standard_normal((n, 2))
    return params["means"][labels] + scales[labels, None] * (z @ A.T), labels, params


def make_lone_point(n=60, at=3.5, random_state=0):
    """n points from N(0, 1) and one more at `at`, alone, as an (n + 1, 1) array (the last row is `at`).

    The smallest data set on which a mixture's likelihood is unbounded (PRML 9.2.1): a
    component on the lone point can shrink onto it while another covers the rest.
    """
    n = check_positive_int(n, "n")
    at = float(at)
    if not np.isfinite(at):
        raise ValueError(f"at must be a finite number; got {at!r}.")
    rng = check_random_state(random_state)
    return np.concatenate([rng.standard_normal(n), [at]])[:, None]
