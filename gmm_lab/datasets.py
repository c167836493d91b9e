"""Data sets shipped with gmm_lab (nothing is downloaded)."""

import csv
from importlib import resources

import numpy as np

from .sampling import sample_gmm

__all__ = ["load_faithful", "make_three_blobs", "THREE_BLOBS", "make_kmeans_traps", "KMEANS_TRAPS"]


def load_faithful():
    """Old Faithful eruptions, shape (272, 2): duration and waiting time, in minutes.

    Returns
    -------
    X : ndarray of shape (272, 2)
        Columns ``eruptions`` (eruption length, min) and ``waiting`` (time to the
        next eruption, min). Source: R's ``datasets::faithful`` (see
        ``gmm_lab/data/README.md``).
    columns : tuple of str
    """
    text = resources.files("gmm_lab.data").joinpath("faithful.csv").read_text()
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
