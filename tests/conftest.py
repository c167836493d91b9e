import matplotlib
import pytest

matplotlib.use("Agg")

from helpers import make_mixture  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives JupyterLab in headless Chromium")


@pytest.fixture
def mixture():
    return make_mixture(400, 2, 3, seed=0)

