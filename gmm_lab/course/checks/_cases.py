"""The checks' data: small seeded mixtures, the same on every run and every machine.

Every generator takes an integer seed and uses its own ``numpy.random.Generator``;
nothing touches NumPy's global random state.
"""

import numpy as np

__all__ = [
    "WEIGHTS",
    "far_point",
    "gaussian",
    "mixture",
    "near_singular_cov",
    "random_cov",
    "to_lists",
]

# Unequal on purpose: a forgotten weight changes every answer.
WEIGHTS = {1: np.array([1.0]), 2: np.array([0.35, 0.65]), 3: np.array([0.2, 0.3, 0.5])}

# exp() of anything below this is 0.0 in float64 (the smallest subnormal is about e^-744.4).
UNDERFLOW_LOG = -746.0


def random_cov(rng, d, scale=1.0):
    """A well-conditioned random covariance (eigenvalues between about 0.5 and a few) times `scale`."""
    A = rng.normal(size=(d, d))
    return scale * (A @ A.T / d + 0.5 * np.eye(d))


def near_singular_cov(angle=0.6, variances=(2.0, 1e-6)):
    """A 2-D covariance with condition number 2e6: a nearly flat, tilted ellipse."""
    c, s = np.cos(angle), np.sin(angle)
    R = np.array([[c, -s], [s, c]])
    return R @ np.diag(variances) @ R.T


def _draw(rng, n, mean, cov):
    return mean + rng.standard_normal((n, len(mean))) @ np.linalg.cholesky(cov).T


def gaussian(seed, n, d, *, cov=None):
    """(X, mean, cov): n points drawn from one Gaussian, plus a few from further out."""
    rng = np.random.default_rng(seed)
    mean = rng.normal(scale=2.0, size=d)
    cov = random_cov(rng, d) if cov is None else np.asarray(cov, dtype=float)
    X = _draw(rng, n, mean, cov)
    X[: max(1, n // 10)] = _draw(rng, max(1, n // 10), mean, 9.0 * cov)  # some points at 3 sigma
    return X, mean, cov


def mixture(seed, n, d, k, *, spread=4.0, flat_component=False):
    """(X, means, covariances, weights): n points from a k-component mixture in d dimensions.

    With `flat_component` (d = 2), component 0 has the nearly singular covariance.
    """
    rng = np.random.default_rng(seed)
    means = rng.normal(scale=spread, size=(k, d))
    covariances = np.array([random_cov(rng, d) for _ in range(k)])
    if flat_component:
        covariances[0] = near_singular_cov()
    weights = WEIGHTS[k].copy()
    labels = rng.choice(k, size=n, p=weights)
    X = np.empty((n, d))
    for j in range(k):
        rows = labels == j
        X[rows] = _draw(rng, int(rows.sum()), means[j], covariances[j])
    return X, means, covariances, weights


def far_point(means, covariances, weights):
    """A point so far from every component that each weights[j] * N_j(x) underflows to 0.0.

    Found along a fixed direction, doubling the distance until every log-term is
    below the underflow limit with a margin; then the pdf-space E-step gives 0 / 0.
    """
    from ...gaussian import log_gaussian_pdf  # the reference, for the threshold only

    direction = np.ones(means.shape[1]) / np.sqrt(means.shape[1])
    direction[::2] *= -1
    centre = means.mean(axis=0)
    radius = 20.0
    while True:
        x = centre + radius * direction
        logs = [np.log(w) + log_gaussian_pdf(x[None], m, c)[0] for m, c, w in zip(means, covariances, weights)]
        if max(logs) < UNDERFLOW_LOG - 50:
            return np.round(x, 1)
        radius *= 1.5


def to_lists(*arrays):
    """The same data as nested Python lists (the "lists instead of arrays" trap)."""
    return tuple(np.asarray(a).tolist() for a in arrays)
