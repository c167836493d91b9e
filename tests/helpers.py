"""Shared test data (imported by test modules; conftest.py is not importable by name
once tests/browser/ has a conftest of its own)."""

import functools

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


def drawn_markers(points):
    """The marker shape (a gmm_lab MARKERS code) each point of a scatter is drawn as, or None."""
    from matplotlib.markers import MarkerStyle

    from gmm_lab.course.plotting import MARKERS

    refs = {}
    for m in MARKERS:
        style = MarkerStyle(m)
        refs[m] = style.get_path().transformed(style.get_transform()).vertices
    paths = points.get_paths()

    def which(path):
        return next((m for m, v in refs.items() if v.shape == path.vertices.shape and np.allclose(v, path.vertices)),
                    None)

    return [which(paths[i % len(paths)]) for i in range(len(points.get_offsets()))]


def assert_drawn_as(points, responsibilities):
    """Each point is drawn in its most likely component's colour (faded) and shape; None: grey circles."""
    from gmm_lab.course import plotting as gp

    n = len(points.get_offsets())
    faces = np.broadcast_to(points.get_facecolors(), (n, 4))
    if responsibilities is None:
        np.testing.assert_allclose(faces, np.broadcast_to(np.append(gp.GREY, 1.0), (n, 4)), atol=1e-12)
        assert drawn_markers(points) == ["o"] * n
        return
    r = np.asarray(responsibilities)
    np.testing.assert_allclose(faces[:, :3], gp.responsibility_colors(r)[:, :3], atol=1e-12)
    assert drawn_markers(points) == [gp.MARKERS[j % len(gp.MARKERS)] for j in r.argmax(axis=1)]


@functools.cache
def _built(index):
    from gmm_lab.course.widgets import catalog

    return catalog.ENTRIES[index].build()


def as_built(entry):
    """The live figure of a catalog entry as first built, one per test process (a build takes up to
    3 s): only for tests that read it and change nothing (no set, no frame shown, no picture made)."""
    from gmm_lab.course.widgets import catalog

    return _built(next(i for i, e in enumerate(catalog.ENTRIES) if e is entry))
