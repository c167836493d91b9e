"""Drive a real JupyterLab in headless Chromium (Debian's /usr/bin/chromium + playwright).

Used by the browser tests (tests/browser/) and by benchmarks/bench_sliders.py.
The server runs on 127.0.0.1 with a random free port and a random token, from a
temporary copy of notebooks/ (so autosave never touches the repository), with
every Jupyter config/runtime/settings directory inside a temporary folder.
``LabSession`` is a context manager: server and browser are always shut down.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("GMM_LAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
# test-only user settings: every cell in the DOM (no virtual scrolling), so that outputs
# can be queried and screenshotted. (The course's own defaults, such as no news pop-up,
# come from the environment's overrides.json: tools/lab_settings.py.)
USER_SETTINGS = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}
# the notebook on screen, and a live figure in it (a VBox holding controls and an image)
VISIBLE = ".jp-NotebookPanel:not(.lm-mod-hidden)"
# Run All has finished: every code cell has run (an execution count, no "*") and the kernel is idle.
# Null-safe: for a moment (JupyterLab restoring its layout, a notebook opening) no widget is current.
RUN_ALL_DONE = """() => { const w = window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  if (!k) return false;
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  return k.status === 'idle' && cells.every(c => c.model.executionCount !== null
    && !c.node.querySelector('.jp-InputArea-prompt').textContent.includes('*')); }"""
LIVE_FIGURE = ".widget-vbox:has(> .widget-image)"
FIGURE = f"{VISIBLE} {LIVE_FIGURE}"


def cell_count(path):
    """Number of cells in a notebook file, .ipynb or a jupytext twin, as JupyterLab will show them."""
    import jupytext  # imported here: binder_check uses this module from a Python without it

    return len(jupytext.read(path).cells)


def chromium_available():
    return Path(CHROMIUM).exists()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


JUPYTER_DIRS = {
    "JUPYTER_CONFIG_DIR": "config", "JUPYTER_RUNTIME_DIR": "runtime", "JUPYTER_DATA_DIR": "data",
    "JUPYTERLAB_SETTINGS_DIR": "settings", "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
    "IPYTHONDIR": "ipython", "MPLCONFIGDIR": "mpl",
}


def isolated_env(tmp, base=None):
    """A copy of the environment whose Jupyter, IPython and matplotlib dirs all live under tmp."""
    env = dict(os.environ if base is None else base)
    for var, sub in JUPYTER_DIRS.items():
        env[var] = str(Path(tmp) / sub)
    return env


class LabServer:
    """`jupyter lab` on 127.0.0.1, a free port and a random token; stopped with its process group."""

    def __init__(self, python, root_dir, env, log_path, extra_args=()):
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        cmd = [str(python), "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root_dir}", *extra_args]
        if os.getuid() == 0:  # JupyterLab refuses to run as root without it
            cmd.append("--allow-root")
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(cmd, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def get(self, path, timeout=5):
        """(status, text) of GET path (the token is added)."""
        sep = "&" if "?" in path else "?"
        with urllib.request.urlopen(f"{self.url}{path}{sep}token={self.token}", timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")

    def wait_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early:\n{self.log()}")
            try:
                if self.get("/api/status", timeout=2)[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{self.log()}")

    def setting_default(self, plugin, key):
        """The default of a JupyterLab setting as this server reports it (overrides.json shows up here)."""
        schema = json.loads(self.get(f"/lab/api/settings/{plugin}")[1])["schema"]
        return schema["properties"][key].get("default")

    def log(self):
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()


class LabSession:
    """A JupyterLab server plus a headless Chromium page; use as a context manager."""

    def __init__(self, python=sys.executable, notebooks=ROOT / "notebooks", viewport=(1500, 1100), playwright=None):
        """`playwright`: a started sync Playwright to share (one per thread can run); else our own."""
        self.python = python
        self.notebooks = Path(notebooks)
        self.viewport = viewport
        self._tmp = None
        self.server = None
        self._pw = None
        self._shared_pw = playwright
        self.browser = None
        self.page = None

    @property
    def url(self):
        return self.server.url

    @property
    def token(self):
        return self.server.token

    @property
    def work_dir(self):
        """The server's root: a temporary copy of notebooks/ (a test may add files here)."""
        return self._tmp / "notebooks"

    # ------------------------------------------------------------------ server
    def _start_server(self):
        self._tmp = Path(tempfile.mkdtemp(prefix="gmm_lab_browser_"))
        work = self.work_dir
        shutil.copytree(self.notebooks, work, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        env = isolated_env(self._tmp)
        for plugin, values in USER_SETTINGS.items():
            pkg, name = plugin.split(":")
            path = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / pkg / f"{name}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        self.server = LabServer(self.python, work, env, self._tmp / "server.log",
                                extra_args=["--LabApp.expose_app_in_browser=True"])
        self.server.wait_ready()

    def _stop_server(self):
        if self.server is not None:
            self.server.stop()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)

    # ----------------------------------------------------------------- browser
    def _start_browser(self):
        from playwright.sync_api import sync_playwright

        self._pw = self._shared_pw or sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        context = self.browser.new_context(viewport={"width": self.viewport[0], "height": self.viewport[1]})
        self.page = context.new_page()
        self.page.set_default_timeout(60_000)

    def __enter__(self):
        try:
            self._start_server()
            self._start_browser()
        except BaseException:
            self.close()
            raise
        return self

    def close(self):
        try:
            if self.browser is not None:
                self.browser.close()
            if self._pw is not None and self._shared_pw is None:
                self._pw.stop()
        finally:
            self.browser = self._pw = None
            self._stop_server()

    def __exit__(self, *exc):
        self.close()

    # --------------------------------------------------------------- notebooks
    def open_notebook(self, name):
        """Open <name> (``.ipynb`` unless a suffix is given) of the work folder in JupyterLab, alone in
        its main area (the first time by loading JupyterLab at its URL, then by its own open command).

        Returns once the page is settled, not merely started: every cell of the file is
        rendered (see ``wait_for_cells``) and the notebook's kernel is idle.
        """
        filename = name if Path(name).suffix else f"{name}.ipynb"
        if self._app_loaded():
            # JupyterLab is up in this page: close what is open and open the file as a double-click
            # does (its default viewer), rather than load the whole application again (seconds of CPU)
            self.page.evaluate(
                """async (path) => { const app = window.jupyterapp;
                     for (const w of Array.from(app.shell.widgets('main'))) w.dispose();  // no save dialog
                     await app.commands.execute('docmanager:open', {path}); }""", filename)
        else:
            self.page.goto(f"{self.url}/lab/tree/{filename}?token={self.token}&reset")
        self.wait_for_cells(cell_count(self.work_dir / filename))
        self.page.wait_for_function(
            """() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                       const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
                       return k && k.status === 'idle'; }""",
            timeout=90_000,
        )

    def _app_loaded(self):
        """Whether this page holds this server's JupyterLab, started and restored."""
        if not self.page.url.startswith(f"{self.url}/lab"):
            return False
        return self.page.evaluate("async () => !!window.jupyterapp && (await window.jupyterapp.restored, true)")

    def wait_until(self, js, arg, what, timeout=30):
        """Poll the page predicate `js(arg)` until it is true; on timeout, fail saying `what`.

        ``wait_for_selector`` proves only that the *first* matching element exists, while
        JupyterLab keeps rendering cells and widget views after it; every wait here is on
        the full condition instead (a count reaching its target, an image decoded, ...).
        """
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(js, arg=arg, timeout=timeout * 1000, polling=100)
        except PlaywrightTimeout:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}") from None

    def wait_for_cells(self, expected, timeout=60):
        """Wait until the current notebook's model is loaded and all `expected` cells are in the DOM,
        and the count has held for three animation frames (no rendering still under way)."""
        self.wait_until(
            """async (n) => {
                 const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                 if (!w || !w.context || !w.context.isReady || !w.content.model) return false;
                 const count = () => w.node.querySelectorAll('.jp-Notebook .jp-Cell').length;
                 for (let i = 0; i < 3; i++) {
                   if (w.content.model.cells.length !== n || w.content.widgets.length !== n || count() !== n) return false;
                   await new Promise(r => requestAnimationFrame(r));
                 }
                 return true; }""",
            expected, f"all {expected} cells of the notebook to render", timeout,
        )

    def wait_for_count(self, selector, expected, timeout=30):
        """Wait until exactly `expected` elements match `selector` in the visible notebook."""
        self.wait_until(
            "([sel, n]) => document.querySelectorAll(sel).length === n",
            [f"{VISIBLE} {selector}", expected],
            f"{expected} elements matching {selector!r} (found {self.count(selector)} so far)", timeout,
        )

    def wait_for_images(self, timeout=30):
        """Wait until every live figure's image has loaded and decoded (non-zero natural size)."""
        self.wait_until(
            """(sel) => Array.from(document.querySelectorAll(sel))
                              .every(img => img.complete && img.naturalWidth > 0)""",
            f"{FIGURE} > .widget-image", "every figure image to load", timeout,
        )

    def wait_for_redraw(self, img, before_src, before_pixels, what, timeout=15):
        """Wait until the figure's image is a new, decoded PNG, then check that its pixels changed.

        The ipywidgets Image view swaps in a new blob URL for every new value, so a changed
        ``src`` proves the kernel sent a new render; waiting for it (not polling screenshots)
        leaves no window in which a half-loaded image could pass or fail the comparison.
        `timeout` is a bound on liveness, not a speed test (``make bench-sliders`` measures
        speed): a redraw takes a tenth of a second, but ``make test`` runs these tests beside
        the student edition's kernels on two cores.
        """
        self.wait_until(
            "([img, src]) => img.src !== src && img.complete && img.naturalWidth > 0",
            [img.element_handle(), before_src], f"{what}: a new image", timeout=timeout,
        )
        img.evaluate("e => e.decode()")
        assert img.screenshot() != before_pixels, f"{what}: a new image arrived but it looks the same"

    def run_all(self, timeout=180):
        """Run all cells and wait until every code cell has finished and the kernel is idle."""
        self.page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        self.page.wait_for_function(
            RUN_ALL_DONE,
            timeout=timeout * 1000,
            polling=250,
        )

    def shutdown_kernels(self):
        """Shut down every kernel of this server (between notebooks)."""
        self.page.evaluate("() => window.jupyterapp.serviceManager.sessions.shutdownAll()")

    def figures(self):
        """Locators of the live figure widgets (a VBox holding controls and an image)."""
        return self.page.locator(FIGURE)

    def error_outputs(self):
        """Text of every error or stderr output, and of widget errors, in the notebook."""
        return self.page.evaluate(
            """() => Array.from(document.querySelectorAll(
                   '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
                 + '.jp-NotebookPanel:not(.lm-mod-hidden) .jupyter-widgets.jp-RenderedText'))
                 .map(e => e.textContent.slice(0, 500))
                 .concat(Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output'))
                   .filter(e => e.textContent.includes('Error displaying widget')).map(e => e.textContent))"""
        )

    def count(self, selector):
        return self.page.locator(f"{VISIBLE} {selector}").count()

    def screenshot(self, path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path))
