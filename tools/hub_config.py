"""The hub's memory settings and sizing table, computed from the measurements (hub/README.md).

    python tools/hub_config.py [--write]

Reads hub/measurements.json (``kernel_peak_mib`` per notebook from tools/hub_measure.py; the
single-user server's peak from tools/hub_loadtest.py's ``loadtest``) and prints what follows
from them; ``--write`` puts the memory guarantee and limit into hub/config.yaml and the sizing
table into docs/INSTRUCTORS.md (a test checks that both agree with the measurements).

* guarantee = the server's peak + the heaviest notebook's kernel peak, rounded up to 64 MiB:
  a student running any one notebook stays within what the node reserved for them;
* limit = the server + two such kernels (the lecture's notebook and the one before it still
  open), rounded up: past it, Kubernetes ends the student's largest process, their kernel;
* students per node = (node memory - ``RESERVED_GIB`` for the system and Kubernetes) / guarantee,
  and how many such nodes a class of ``CLASS`` needs;
  the burst column is how long the last of them waits if all start at the same moment (log in,
  server, pull, *Run All*): students x CPU seconds of such a start (the load test's median) / cores.
"""

import argparse
import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEASUREMENTS = ROOT / "hub" / "measurements.json"
CONFIG = ROOT / "hub" / "config.yaml"
GUIDE = ROOT / "docs" / "INSTRUCTORS.md"
STEP_MIB = 64
RESERVED_GIB = 1.5  # the node's system, kubelet and daemon pods (an assumption: check your provider's)
NODES = [(4, 16), (8, 32), (16, 64)]  # (cores, GiB)
CLASS = 200  # the class the table counts nodes for
TABLE_BEGIN, TABLE_END = "<!-- hub sizing: tools/hub_config.py --write -->", "<!-- end of hub sizing -->"


def load(path=MEASUREMENTS):
    return json.loads(Path(path).read_text())


def up(mib):
    return int(math.ceil(mib / STEP_MIB) * STEP_MIB)


def sizing(m):
    """{'server', 'heaviest', 'notebook', 'guarantee', 'limit'} in MiB from the measurements `m`."""
    kernels = m["kernel_peak_mib"]
    notebook = max(kernels, key=kernels.get)
    server = m["loadtest"]["server_peak_mib"]
    return {"server": server, "heaviest": kernels[notebook], "notebook": notebook,
            "guarantee": up(server + kernels[notebook]), "limit": up(server + 2 * kernels[notebook])}


def nodes(m):
    """[(cores, GiB, students per node, nodes for a class of CLASS, seconds the last waits if all
    press Run All at once)]."""
    s = sizing(m)
    cpu = m["loadtest"]["cpu_seconds_per_student_median"]
    rows = []
    for cores, gib in NODES:
        students = int((gib - RESERVED_GIB) * 1024 // s["guarantee"])
        rows.append((cores, gib, students, math.ceil(CLASS / students), round(students * cpu / cores)))
    return rows


def table(m):
    s, cpu = sizing(m), m["loadtest"]["cpu_seconds_per_student_median"]
    lines = [f"Measured: the single-user server's peak {s['server']:.0f} MiB, the heaviest kernel {s['heaviest']:.0f} MiB "
             f"(notebook {s['notebook']}): guarantee {s['guarantee']} MiB, limit {s['limit']} MiB. A student's start in "
             f"the load test (server, pull, Run All of {m['loadtest']['notebook']}, slider) costs {cpu} CPU seconds "
             f"(median); "
             f"{RESERVED_GIB} GiB of each node is kept for the system and Kubernetes.", "",
             f"| node | students per node | nodes for {CLASS} | all start at once: the last waits about |",
             "| --- | --- | --- | --- |"]
    lines += [f"| {c} cores, {g} GiB | {n} | {k} | {w} s |" for c, g, n, k, w in nodes(m)]
    return "\n".join(lines)


def config_memory(text=None):
    """(guarantee, limit) in MiB as hub/config.yaml states them (``NNNM``: KubeSpawner's M is MiB)."""
    import yaml

    memory = yaml.safe_load(text if text is not None else CONFIG.read_text())["singleuser"]["memory"]
    return tuple(int(re.fullmatch(r"(\d+)M", str(memory[k])).group(1)) for k in ("guarantee", "limit"))


def guide_table(text=None):
    text = text if text is not None else GUIDE.read_text()
    if TABLE_BEGIN not in text:
        return None
    return text.split(TABLE_BEGIN, 1)[1].split(TABLE_END, 1)[0].strip()


def write(m):
    s = sizing(m)
    text = CONFIG.read_text()
    for key in ("guarantee", "limit"):
        text, n = re.subn(rf"(\n    {key}: )\d+M", rf"\g<1>{s[key]}M", text)
        if n != 1:
            raise ValueError(f"{CONFIG}: no single `    {key}: NNNM` line under singleuser.memory")
    CONFIG.write_text(text)
    guide = GUIDE.read_text()
    if TABLE_BEGIN in guide:
        head, rest = guide.split(TABLE_BEGIN, 1)
        GUIDE.write_text(f"{head}{TABLE_BEGIN}\n{table(m)}\n{TABLE_END}{rest.split(TABLE_END, 1)[1]}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update hub/config.yaml and docs/INSTRUCTORS.md")
    args = parser.parse_args(argv)
    m = load()
    s = sizing(m)
    print(f"server {s['server']} MiB + heaviest kernel {s['heaviest']} MiB (notebook {s['notebook']}): "
          f"guarantee {s['guarantee']}M, limit {s['limit']}M")
    print(table(m))
    if args.write:
        write(m)
        print(f"written to {CONFIG.relative_to(ROOT)} and {GUIDE.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
