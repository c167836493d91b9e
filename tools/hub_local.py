"""A trial JupyterHub on this machine, on 127.0.0.1 only (`make hub`; used by `make hub-loadtest`).

    python tools/hub_local.py [--port 8000]

Runs hub/jupyterhub_config.py: JupyterHub with its local process spawner and the dummy
authenticator (any name, any password), configurable-http-proxy from node_modules, each
student's home in a temporary folder. The course is served to nbgitpuller from a local git
repository: a one-commit bare clone of this repository's current branch (committed work
only), so nothing comes from the internet. Ctrl-C stops the hub, every server and kernel it
started, and removes the temporary folder.
"""

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hub_links import link  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "hub" / "jupyterhub_config.py"
PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
COURSE = "gmm_lab"  # the bare repository's folder name, so nbgitpuller clones into ~/gmm_lab


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def course_repository(dest, root=ROOT):
    """A bare, one-commit clone of `root`'s current branch at dest/gmm_lab; returns (path, branch)."""
    branch = subprocess.run(["git", "-C", str(root), "rev-parse", "--abbrev-ref", "HEAD"],
                            capture_output=True, text=True, check=True).stdout.strip()
    repo = Path(dest) / COURSE
    if branch == "HEAD":  # a detached checkout (as some CI systems make): give the commit a branch
        branch = "course"
        subprocess.run(["git", "init", "-q", "--bare", "-b", branch, str(repo)], check=True)
        subprocess.run(["git", "-C", str(root), "push", "-q", str(repo), f"HEAD:refs/heads/{branch}"], check=True)
    else:
        subprocess.run(["git", "clone", "-q", "--bare", "--depth", "1", "--branch", branch,
                        f"file://{Path(root).resolve()}", str(repo)], check=True)
    return repo, branch


def run_processes(run_id):
    """Every process on this machine started for this run (they carry GMM_LAB_HUB_RUN=run_id)."""
    found = []
    for p in psutil.process_iter(["pid"]):
        try:
            if p.pid != os.getpid() and p.environ().get("GMM_LAB_HUB_RUN") == run_id:
                found.append(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


class LocalHub:
    """The trial hub in a temporary folder; a context manager that always stops everything it started."""

    def __init__(self, port=None, expose_app=False, log=None):
        # every process of the run carries it (a test may choose it, to look for leftovers itself)
        self.run_id = os.environ.get("GMM_LAB_HUB_RUN") or secrets.token_hex(8)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.expose_app = expose_app
        self.dir = None
        self.process = None
        self.log_path = log
        self.left_over = []  # "pid command" of each process still alive after the hub stopped (then killed)

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        if not PROXY.exists():
            raise RuntimeError(f"{PROXY} is missing: run `npm ci` (make does) to install configurable-http-proxy")
        self.dir = Path(tempfile.mkdtemp(prefix="gmm_lab_hub_"))
        (self.dir / "home").mkdir()
        self.repo, self.branch = course_repository(self.dir)
        env = {**os.environ, "GMM_LAB_HUB_DIR": str(self.dir), "GMM_LAB_HUB_RUN": self.run_id,
               "GMM_LAB_HUB_PROXY": str(PROXY), "GMM_LAB_HUB_PROXY_TOKEN": secrets.token_hex(16),
               "GMM_LAB_HUB_PUBLIC_PORT": str(self.port), "GMM_LAB_HUB_HUB_PORT": str(free_port()),
               "GMM_LAB_HUB_PROXY_API_PORT": str(free_port())}
        if self.expose_app:
            env["GMM_LAB_HUB_EXPOSE_APP"] = "1"
        self.log_path = Path(self.log_path or self.dir / "jupyterhub.log")
        self._log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)], cwd=self.dir, env=env,
            stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        self.wait_ready()

    def wait_ready(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"JupyterHub did not answer within {timeout} s:\n{self.log()}")

    def link(self, notebook):
        """The nbgitpuller link to `notebook` (e.g. notebooks/01-Gaussian-PDF.ipynb) on this hub."""
        return link(self.url, str(self.repo), notebook, self.branch)

    def log(self):
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path and self.log_path.exists() else ""

    def stop(self):
        """Stop the hub (it stops the servers it spawned), then anything of this run still alive.

        Ctrl-C and SIGTERM wait until this is done (in the main thread): cut short, it would leave
        servers running."""
        main = threading.current_thread() is threading.main_thread()
        held = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)} if main else {}
        try:
            self._stop()
        finally:
            for s, handler in held.items():
                signal.signal(s, handler)

    def _stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # JupyterHub stops its servers and the proxy
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        left = run_processes(self.run_id)
        for p in left:
            try:
                self.left_over.append(f"{p.pid} {' '.join(p.cmdline())[:80]}")
                p.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(left, timeout=10)
        if getattr(self, "_log", None):
            self._log.close()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)


def stop_on_term(*_):
    """SIGTERM: leave through the `with` blocks, which stop everything; a second one must not cut that short."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.exit(143)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("HUB_PORT", 8000)))
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, stop_on_term)  # a plain kill also cleans up, once
    with LocalHub(port=args.port) as hub:
        print(f"JupyterHub at {hub.url} (127.0.0.1 only): log in with any name and any password.")
        print(f"The course pulled by nbgitpuller from {hub.repo} (branch {hub.branch}), e.g. notebook 00:")
        print(f"  {hub.link('notebooks/00-Start-Here.ipynb')}")
        print(f"Homes and the hub's log ({hub.log_path}) are in {hub.dir}, removed on exit. Ctrl-C stops it.",
              flush=True)
        try:
            while hub.process.poll() is None:
                time.sleep(1)
            print(f"JupyterHub stopped:\n{hub.log()}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("stopping the hub, its servers and their kernels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
