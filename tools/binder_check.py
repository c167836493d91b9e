"""Replay a Binder build locally: `make binder-check`.

In a fresh temporary virtual environment, install exactly what binder/ declares
(runtime.txt's Python version is checked, requirements.txt installed, postBuild
run), execute every notebook there under nbval, and start JupyterLab once to confirm
that it serves, that the widget and jupytext extensions are enabled, and that .py
twins open as notebooks. Everything is written below a temporary folder, removed at
the end; the repository is only read (postBuild's editable install points at it).
"""

import json
import os
import re
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
BINDER = ROOT / "binder"
NEEDED_EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "jupyterlab-jupytext")


def step(message):
    print(f"[binder-check] {message}", flush=True)


def run(cmd, env, **kw):
    step("$ " + " ".join(str(c) for c in cmd))
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kw)


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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read().decode("utf-8", "replace")


def check_server(venv_bin, env, tmp):
    port, token = free_port(), secrets.token_hex(16)
    cmd = [str(venv_bin / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={ROOT / 'notebooks'}"]
    if os.getuid() == 0:
        cmd.append("--allow-root")
    log = open(tmp / "lab.log", "wb")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _ = get(f"{base}/api/status?token={token}")
                if status == 200:
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + (tmp / "lab.log").read_text()[-3000:])
                time.sleep(0.5)
        status, page = get(f"{base}/lab?token={token}")
        assert status == 200 and "JupyterLab" in page, "the /lab page did not load"
        status, body = get(f"{base}/lab/api/settings/@jupyterlab/docmanager-extension:plugin?token={token}")
        # overrides.json shows up as the schema's default; user settings could still change it
        plugin = json.loads(body)
        viewers = plugin["schema"]["properties"]["defaultViewers"].get("default", {})
        assert viewers.get("python") == "Jupytext Notebook", f"defaultViewers: {viewers}"
        status, body = get(f"{base}/api/contents/00-Start-Here.ipynb?token={token}&content=0")
        assert status == 200, "the notebooks are not served"
        step(f"JupyterLab served /lab, the notebooks, and .py -> {viewers['python']}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


def main():
    python = python_for_runtime()
    tmp = Path(tempfile.mkdtemp(prefix="gmm_lab_binder_"))
    try:
        venv = tmp / "venv"
        run([python, "-m", "venv", str(venv)], env=os.environ.copy())
        env = os.environ.copy()
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
        env["VIRTUAL_ENV"] = str(venv)
        for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                         ("JUPYTERLAB_SETTINGS_DIR", "settings"), ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
                         ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "mpl"), ("JUPYTER_DATA_DIR", "data")]:
            env[var] = str(tmp / sub)
        env.pop("PYTHONPATH", None)
        run(["python", "-m", "pip", "install", "-q", "--disable-pip-version-check",
             "-r", str(BINDER / "requirements.txt")], env=env)
        run(["bash", str(BINDER / "postBuild")], env=env)
        run(["python", "-m", "pytest", "-p", "no:cacheprovider", "-q", "--nbval", "--nbval-current-env",
             "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "notebooks"], env=env)
        out = subprocess.run(["jupyter", "labextension", "list"], env=env, cwd=ROOT,
                             capture_output=True, text=True).stdout + ""
        out += subprocess.run(["jupyter", "labextension", "list"], env=env, cwd=ROOT,
                              capture_output=True, text=True).stderr
        for ext in NEEDED_EXTENSIONS:
            line = next((ln for ln in out.splitlines() if ext in ln), "")
            assert "enabled" in line and "OK" in line, f"{ext} is not enabled:\n{out}"
            step(f"extension: {line.strip()}")
        check_server(venv / "bin", env, tmp)
        step("OK: a Binder image built from binder/ executes every notebook and serves JupyterLab")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
