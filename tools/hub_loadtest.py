"""N students at once on the trial hub: memory, time to first figure, slider times (`make hub-loadtest`).

    python tools/hub_loadtest.py [--students 20] [--browsers B] [--notebook 01-Gaussian-PDF] [--write]

Starts the trial hub (tools/hub_local.py, 127.0.0.1 only), then N simulated students
(tools/hub_student.py) at the same moment: each logs in, gets a server, pulls the course
through an nbgitpuller link, opens the notebook, runs all its cells, moves a slider
``--moves`` times and logs out; B of them (default: one in ten, at least one) in a real
Chromium page, the others through the kernel protocol. Meanwhile every student's server
and kernels are sampled with psutil (resident memory, CPU time). The hub is then stopped,
and every process of this run (each carries GMM_LAB_HUB_RUN) must be gone: any left is
reported, killed, and fails the run. The whole run is bounded by ``--timeout``.

Prints a line per student, then, LAST, one line:
``students N, errors E, memory per student M MiB (server + kernel, peak), time to first
figure p50 A s / p95 B s, slider p95 C ms``; M is the largest student's peak (what a hub
must allow each). ``--write`` stores the numbers in hub/measurements.json (``loadtest``).
Exit status 1 if any student failed or a process was left.
"""

import argparse
import json
import os
import signal
import statistics
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hub_local import LocalHub, run_processes, stop_on_term  # noqa: E402
from hub_student import BrowserStudent, KernelStudent  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MEASUREMENTS = ROOT / "hub" / "measurements.json"
MIB = 2 ** 20
# the browser students' JupyterLab keeps every cell in the page (no virtual scrolling), as the
# browser tests' does (tools/labdriver.py), so that all outputs can be waited on
LAB_SETTINGS = ("@jupyterlab/notebook-extension", "tracker", {"windowingMode": "none"})


class Sampler(threading.Thread):
    """Every `every` s: each student's server and its kernels (resident memory; CPU time)."""

    def __init__(self, run_id, every=0.5):
        super().__init__(daemon=True)
        self.run_id, self.every = run_id, every
        self.peak = {}  # user -> largest sum of server + kernels RSS seen, bytes
        self.server_peak = {}  # user -> largest server RSS alone
        self.cpu = {}  # pid -> (user, CPU seconds so far)
        self.users = {}  # server pid -> user
        self.stopping = threading.Event()

    def servers(self):
        for p in psutil.process_iter(["pid", "cmdline"]):
            if not any("jupyterhub-singleuser" in part for part in (p.info["cmdline"] or [])):
                continue
            try:
                if p.pid not in self.users:
                    env = p.environ()
                    if env.get("GMM_LAB_HUB_RUN") != self.run_id:
                        continue
                    self.users[p.pid] = env["JUPYTERHUB_USER"]
                yield self.users[p.pid], p
            except (psutil.NoSuchProcess, psutil.AccessDenied, KeyError):
                continue

    def sample(self):
        for user, server in self.servers():
            try:
                procs = [server, *server.children(recursive=True)]
                rss = 0
                for p in procs:
                    with p.oneshot():
                        rss += p.memory_info().rss
                        t = p.cpu_times()
                        self.cpu[p.pid] = (user, t.user + t.system)
                self.peak[user] = max(self.peak.get(user, 0), rss)
                self.server_peak[user] = max(self.server_peak.get(user, 0), server.memory_info().rss)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue

    def run(self):
        while not self.stopping.wait(self.every):
            self.sample()

    def cpu_seconds(self, user):
        return sum(s for u, s in self.cpu.values() if u == user)


def percentile(values, q):
    return float(np.percentile(values, q)) if values else float("nan")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=int(os.environ.get("N", 20)))
    parser.add_argument("--browsers", type=int, default=None, help="students in Chromium (default N/10, at least 1)")
    parser.add_argument("--notebook", default="01-Gaussian-PDF", help="the notebook every student runs")
    parser.add_argument("--moves", type=int, default=5, help="slider moves per student")
    parser.add_argument("--timeout", type=float, default=1500, help="seconds for the whole run")
    parser.add_argument("--write", action="store_true", help=f"store the results in {MEASUREMENTS.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    n = args.students
    if n < 1:
        parser.error("--students must be at least 1")
    browsers = min(n, max(1, n // 10) if args.browsers is None else args.browsers)
    signal.signal(signal.SIGTERM, stop_on_term)  # a plain kill also cleans up, once
    notebook = f"notebooks/{args.notebook}.ipynb"
    if not (ROOT / notebook).exists():
        parser.error(f"no {notebook}")
    started = time.monotonic()
    with LocalHub(expose_app=browsers > 0) as hub:
        names = [f"student{i + 1:02d}" for i in range(n)]
        students = [(BrowserStudent if i < browsers else KernelStudent)(hub, name, notebook, args.moves, args.timeout)
                    for i, name in enumerate(names)]
        for s in students[:browsers]:
            s.screenshot = ROOT / "screenshots" / f"hub-loadtest-{s.name}.png"
            pkg, plugin, values = LAB_SETTINGS
            path = hub.dir / "home" / s.name / ".jupyter" / "lab" / "user-settings" / pkg / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True)
            path.write_text(json.dumps(values))
        sampler = Sampler(hub.run_id)
        sampler.start()
        print(f"hub at {hub.url}: {n} students ({browsers} in Chromium) run {notebook}", flush=True)
        threads = [threading.Thread(target=s.run, daemon=True) for s in students]
        for t in threads:
            t.start()
        for t in threads:
            t.join(max(0.0, started + args.timeout - time.monotonic()))
        sampler.stopping.set()
        sampler.join()
        for s in students:
            if not s.done:
                s.error = s.error or f"did not finish within {args.timeout:.0f} s"
        hub_log = hub.log()
    left = hub.left_over + [f"{p.pid} {' '.join(p.cmdline())[:80]}" for p in run_processes(hub.run_id)]
    elapsed = time.monotonic() - started

    errors = [s for s in students if s.error]
    peaks = [sampler.peak.get(s.name, 0) / MIB for s in students]
    for s, peak in zip(students, peaks):
        ff = f"{s.first_figure:6.1f} s" if s.first_figure is not None else "     - "
        sl = f"{percentile(s.slider_ms, 50):6.0f} ms" if s.slider_ms else "     - "
        print(f"{s.name} {s.kind:<7} first figure {ff}  slider median {sl}  memory {peak:6.0f} MiB  "
              f"CPU {sampler.cpu_seconds(s.name):5.1f} s  {s.error or 'ok'}")
    if errors and "Traceback" in hub_log:
        print(f"--- the hub's log, last lines:\n{hub_log}")
    if left:
        print(f"PROCESSES LEFT after the hub stopped (killed): {left}")
    figures = [s.first_figure for s in students if s.first_figure is not None]
    slider = [ms for s in students for ms in s.slider_ms]
    result = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "notebook": args.notebook,
        "students": n, "browsers": browsers, "errors": len(errors), "processes_left": len(left),
        "seconds": round(elapsed), "cores": os.cpu_count(),
        "memory_per_student_peak_mib": round(max(peaks), 1), "memory_per_student_median_mib": round(statistics.median(peaks), 1),
        "server_peak_mib": round(max(sampler.server_peak.values(), default=0) / MIB, 1),
        "cpu_seconds_per_student_median": round(statistics.median(sampler.cpu_seconds(s.name) for s in students), 1),
        "first_figure_p50_s": round(percentile(figures, 50), 1), "first_figure_p95_s": round(percentile(figures, 95), 1),
        "slider_p95_ms": round(percentile(slider, 95)) if slider else None,
    }
    if args.write and (errors or left):
        print(f"not written to {MEASUREMENTS.relative_to(ROOT)}: the run had errors")
    elif args.write:
        data = json.loads(MEASUREMENTS.read_text()) if MEASUREMENTS.exists() else {}
        data["loadtest"] = result
        MEASUREMENTS.write_text(json.dumps(data, indent=2) + "\n")
    print(f"{n} students in {elapsed:.0f} s on {os.cpu_count()} cores; CPU per student (server + kernel) median "
          f"{result['cpu_seconds_per_student_median']} s; server alone peak {result['server_peak_mib']} MiB; "
          f"processes left after the hub stopped: {len(left)}")
    print(f"students {n}, errors {len(errors)}, memory per student {result['memory_per_student_peak_mib']:.0f} MiB "
          f"(server + kernel, peak), time to first figure p50 {result['first_figure_p50_s']:.1f} s / "
          f"p95 {result['first_figure_p95_s']:.1f} s, slider p95 {result['slider_p95_ms']} ms")
    return 1 if errors or left else 0


if __name__ == "__main__":
    sys.exit(main())
