import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

from labdriver import CHROMIUM, LabSession, chromium_available  # noqa: E402


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def lab():
    if not chromium_available():
        message = (
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
            f"(`apt-get install chromium`, which `make test` does when run as root), or set "
            f"GMM_LAB_CHROMIUM to a Chromium binary."
        )
        if os.environ.get("CI"):
            pytest.fail(message + " In CI the browser tests must run.")
        pytest.skip(message)
    with LabSession() as session:
        yield session
