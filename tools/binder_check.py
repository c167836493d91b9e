"""Replay a Binder build locally: `make binder-check`.

In a fresh temporary virtual environment, install exactly what binder/ declares
(runtime.txt's Python version is checked, requirements.txt installed, postBuild
run), check that it holds no test tools, then add the test harness (pytest and nbval
at their pins) and execute every notebook there under nbval, and start JupyterLab once to confirm
that it serves, that the widget, jupytext and slideshow extensions are enabled, and that .py
twins open as notebooks. Everything is written below a temporary folder, removed at
the end; the repository is only read (postBuild's editable install points at it).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from labdriver import LabServer, isolated_env

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
# live widgets, .py twins as notebooks, and live slides (the deck button)
NEEDED_EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "jupyterlab-jupytext", "jupyterlab-slideshow")


def step(message):
    print(f"[binder-check] {message}", flush=True)


def run(cmd, env, **kw):
    step("$ " + " ".join(str(c) for c in cmd))
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kw)


def harness_pins(names):
    """`name==version` for the named test tools, as requirements-dev.txt pins them."""
    pins = {}
    for line in (ROOT / "requirements-dev.txt").read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)", line.strip())
        if m:
            pins[m.group(1).lower()] = m.group(0)
    return [pins[name] for name in names]


def run_notebooks(env):
    """nbval on each notebook in turn, one line per notebook (name, seconds), then the total."""
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    step(f"$ python -m pytest --nbval ... on each of the {len(notebooks)} notebooks")
    total = 0.0
    for nb in notebooks:
        t0 = time.perf_counter()
        done = subprocess.run(
            ["python", "-m", "pytest", "-p", "no:cacheprovider", "-q", "--nbval", "--nbval-current-env",
             "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", str(nb.relative_to(ROOT))],
            env=env, cwd=ROOT, capture_output=True, text=True)
        elapsed = time.perf_counter() - t0
        total += elapsed
        if done.returncode != 0:
            print(done.stdout[-6000:] + done.stderr[-2000:], flush=True)
            sys.exit(f"[binder-check] {nb.name} failed under nbval in the Binder environment")
        step(f"{nb.name:<36} nbval passed in {elapsed:5.1f} s")
    step(f"{len(notebooks)} notebooks passed nbval in {total:.1f} s")


def python_for_runtime():
    wanted = re.fullmatch(r"python-(\d+\.\d+)", (BINDER / "runtime.txt").read_text().strip())
    if not wanted:
        sys.exit("binder/runtime.txt must read python-X.Y")
    version = wanted.group(1)
    for candidate in (f"python{version}", "python3", sys.executable):
        exe = shutil.which(candidate) or (candidate if os.path.exists(candidate) else None)
        if not exe:
            continue
        out = subprocess.run([exe, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True).stdout.strip()
        if out == version:
            step(f"runtime.txt asks for Python {version}: using {exe}")
            return exe
    sys.exit(f"binder/runtime.txt asks for Python {version}, which is not on this machine")


def check_server(python, env, tmp):
    server = LabServer(python, ROOT / "notebooks", env, tmp / "lab.log")
    try:
        server.wait_ready()
        status, page = server.get("/lab")
        assert status == 200 and "JupyterLab" in page, "the /lab page did not load"
        # overrides.json shows up as the schema's default; user settings could still change it
        viewers = server.setting_default("@jupyterlab/docmanager-extension:plugin", "defaultViewers") or {}
        assert viewers.get("python") == "Jupytext Notebook", f"defaultViewers: {viewers}"
        news = server.setting_default("@jupyterlab/apputils-extension:notification", "fetchNews")
        assert news == "false", f"the news pop-up is not turned off: fetchNews={news!r}"
        assert server.get("/api/contents/00-Start-Here.ipynb?content=0")[0] == 200, "the notebooks are not served"
        step(f"JupyterLab served /lab and the notebooks; .py -> {viewers['python']}; no news pop-up")
    finally:
        server.stop()


def main():
    python = python_for_runtime()
    tmp = Path(tempfile.mkdtemp(prefix="gmm_lab_binder_"))
    try:
        venv = tmp / "venv"
        run([python, "-m", "venv", str(venv)], env=os.environ.copy())
        env = isolated_env(tmp)
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
        env["VIRTUAL_ENV"] = str(venv)
        env.pop("PYTHONPATH", None)
        run(["python", "-m", "pip", "install", "-q", "--disable-pip-version-check",
             "-r", str(BINDER / "requirements.txt")], env=env)
        run(["bash", str(BINDER / "postBuild")], env=env)
        lean = subprocess.run(["python", "-c", "import pytest"], env=env, cwd=ROOT, capture_output=True)
        assert lean.returncode != 0, "the Binder image has pytest: binder/ should install the course set only"
        step("the image holds the course set only; adding the test harness for this check")
        run(["python", "-m", "pip", "install", "-q", "--disable-pip-version-check",
             *harness_pins(("pytest", "nbval"))], env=env)
        run_notebooks(env)
        listing = subprocess.run(["jupyter", "labextension", "list"], env=env, cwd=ROOT,
                                 capture_output=True, text=True)
        out = listing.stdout + listing.stderr  # it prints the list on stderr
        for ext in NEEDED_EXTENSIONS:
            line = next((ln for ln in out.splitlines() if ext in ln), "")
            assert "enabled" in line and "OK" in line, f"{ext} is not enabled:\n{out}"
            step(f"extension: {line.strip()}")
        check_server(venv / "bin" / "python", env, tmp)
        step("OK: a Binder image built from binder/ executes every notebook and serves JupyterLab")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
