"""Shared test data (imported by test modules; conftest.py is not importable by name
once tests/browser/ has a conftest of its own)."""

import numpy as np

from gmm_lab import sample_gmm


def make_mixture(n, d, k, seed):
    """A well-separated random mixture and n samples from it."""
    rng = np.random.default_rng(seed)
    means = rng.normal(scale=4.0, size=(k, d))
    A = rng.normal(size=(k, d, d))
    covariances = A @ A.transpose(0, 2, 1) / d + 0.5 * np.eye(d)
    weights = rng.dirichlet(np.full(k, 5.0))
    X, labels = sample_gmm(n, means, covariances, weights, random_state=rng)
    return X, means, covariances, weights


def expected_slides(nb):
    """(slides, slides + subslides) that reveal.js should show for `nb`, from its metadata.

    The first shown cell always opens a slide (nbconvert's rule); so a notebook without
    metadata is one slide.
    """
    kinds = [c.metadata.get("slideshow", {}).get("slide_type", "-") for c in nb.cells]
    shown = [k for k in kinds if k not in ("skip", "notes")]
    rest = shown[1:]
    slides = 1 + rest.count("slide")
    return slides, slides + rest.count("subslide")
