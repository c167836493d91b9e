"""`make hub-loadtest`, small: two students (one in Chromium) on a real trial hub, end to end.

Not part of `make test` (marked ``browser``, which its unit session leaves out, and no browser
session lists it): it starts JupyterHub, two servers and their kernels, about a minute on two
cores. CI runs it after `make test` (.ci/run).
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from labdriver import chromium_available  # noqa: E402

pytestmark = pytest.mark.browser
LAST = re.compile(r"students (\d+), errors (\d+), memory per student (\d+) MiB \(server \+ kernel, peak\), "
                  r"time to first figure p50 ([\d.]+) s / p95 ([\d.]+) s, slider p95 (\d+) ms")


@pytest.mark.skipif(not chromium_available() and not os.environ.get("CI"), reason="needs Debian's chromium")
def test_two_students_log_in_pull_run_slide_and_log_out_leaving_no_process():
    from hub_local import run_processes

    run_id = secrets.token_hex(8)  # the load test's processes carry it: we look for any left afterwards
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "hub_loadtest.py"), "--students", "2",
                           "--browsers", "1", "--moves", "3", "--timeout", "900"],
                          env={**os.environ, "GMM_LAB_HUB_RUN": run_id}, capture_output=True, text=True, timeout=1200)
    out = done.stdout.strip()
    assert done.returncode == 0, f"{out}\n{done.stderr[-3000:]}"
    last = LAST.fullmatch(out.splitlines()[-1])
    assert last, f"the last line is not the summary:\n{out}"
    students, errors, memory, p50, p95, slider = last.groups()
    assert (int(students), int(errors)) == (2, 0)
    assert 50 < int(memory) < 4096 and 0 < float(p50) <= float(p95) and int(slider) > 0
    assert re.search(r"student01 browser .* ok$", out, re.M) and re.search(r"student02 kernel .* ok$", out, re.M)
    assert "processes left after the hub stopped: 0" in out
    assert run_processes(run_id) == []
