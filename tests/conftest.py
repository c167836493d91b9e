import os

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from gmm_lab import sample_gmm  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives JupyterLab in headless Chromium")


def make_mixture(n, d, k, seed):
    """A well-separated random mixture and n samples from it."""
    rng = np.random.default_rng(seed)
    means = rng.normal(scale=4.0, size=(k, d))
    A = rng.normal(size=(k, d, d))
    covariances = A @ A.transpose(0, 2, 1) / d + 0.5 * np.eye(d)
    weights = rng.dirichlet(np.full(k, 5.0))
    X, labels = sample_gmm(n, means, covariances, weights, random_state=rng)
    return X, means, covariances, weights


@pytest.fixture
def mixture():
    return make_mixture(400, 2, 3, seed=0)


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
