"""Data sets shipped with gmm_lab (nothing is downloaded)."""

import csv
from importlib import resources

import numpy as np

__all__ = ["load_faithful"]


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
