import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

from labdriver import CHROMIUM, CHROMIUM_FLAGS, LabSession, chromium_available  # noqa: E402


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def _require_chromium():
    if not chromium_available():
        message = (
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
            f"(`apt-get install chromium`, which `make test` does when run as root), or set "
            f"GMM_LAB_CHROMIUM to a Chromium binary."
        )
        if os.environ.get("CI"):
            pytest.fail(message + " In CI the browser tests must run.")
        pytest.skip(message)


@pytest.fixture(scope="session")
def playwright_session():
    """One sync Playwright for the session: a second one cannot start while another runs."""
    from playwright.sync_api import sync_playwright

    _require_chromium()
    pw = sync_playwright().start()
    yield pw
    pw.stop()


@pytest.fixture(scope="session")
def lab(playwright_session):
    with LabSession(playwright=playwright_session) as session:
        yield session


@pytest.fixture(scope="session")
def offline_site(offline_builds, playwright_session):
    """The built decks and book served on 127.0.0.1, and a Chromium page cut off from the rest.

    Every request to anything but this server (or data:/blob: URLs) is aborted by a route
    handler and recorded in ``blocked``; responses with an HTTP error go to ``failed``.
    """
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(offline_builds["root"]))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = {"base": base, "blocked": [], "failed": []}

    def route(r):
        url = r.request.url
        if url.startswith((base + "/", "data:", "blob:")):
            r.continue_()
        else:
            site["blocked"].append(url)
            r.abort()

    browser = playwright_session.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.route("**/*", route)
        page.on("response", lambda resp: resp.status >= 400 and site["failed"].append(f"{resp.status} {resp.url}"))
        site["page"] = page
        yield site
    finally:
        browser.close()
        server.shutdown()
        server.server_close()
