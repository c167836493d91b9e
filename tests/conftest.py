import os

import matplotlib
import pytest
from hypothesis import settings

# In CI the property tests draw the same examples on every run (a red CI must mean a change
# broke something, not that a new example was drawn); elsewhere they search afresh each time.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

matplotlib.use("Agg")

from helpers import make_mixture  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives JupyterLab in headless Chromium")


@pytest.fixture(scope="session", autouse=True)
def one_blas_thread():
    """One BLAS/OpenMP thread per test process, as run_em_bernoulli and the checks already run: the
    suite's products are small, and with `-n 2` two workers each spawning BLAS threads on two cores
    spend their time waiting on each other (scikit-learn's BayesianGaussianMixture steps in
    test_variational.py: 2-10 s a test with threads on a busy machine, 0.2-0.3 s with one)."""
    from gmm_lab.practice.threads import one_blas_thread as limit

    with limit():
        yield


@pytest.fixture
def mixture():
    return make_mixture(400, 2, 3, seed=0)



@pytest.fixture(scope="session")
def offline_builds(tmp_path_factory):
    """The decks (`make slides`) and the book (`make html`), built once per test session.

    Into a temporary folder, by the same code as the make targets, from the student edition
    (their default: what is handed out); "notebooks" are the student notebooks they were built from.
    """
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "tools"))
    import build_book
    import build_slides
    import student_edition

    out = tmp_path_factory.mktemp("offline")
    notebooks = student_edition.write_notebooks(student_edition.edition_notebooks("student"), out / "notebooks")
    build_slides.build(notebooks, out / "slides")
    build_book.build(out / "html", "student")
    return {"root": out, "slides": out / "slides", "html": out / "html", "notebooks": notebooks}
