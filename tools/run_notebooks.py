"""Re-execute every notebook from a clean kernel and re-sync its .py twin.

The .py (percent) twin is the source of the cells: each is read, executed top to
bottom in a fresh kernel (working directory notebooks/), and written back as the
.ipynb with its outputs; the pair is then in sync. Usage:

    python tools/run_notebooks.py [notebooks/NN-Name.py ...]
"""

import hashlib
import sys
import time
from pathlib import Path

import jupytext
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def run(py_path):
    nb = jupytext.read(py_path)
    # stable cell ids (from position and source) and no timestamps: re-running an
    # unchanged notebook leaves its .ipynb unchanged apart from real output changes
    for i, cell in enumerate(nb.cells):
        cell.id = hashlib.sha1(f"{i}:{cell.source}".encode()).hexdigest()[:12]
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}},
        store_widget_state=False, record_timing=False,
        # how print() output is split into messages depends on timing: merged, a cell's
        # stream output is the same on every run (nbval merges the same way before comparing)
        coalesce_streams=True,
    )
    t0 = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - t0
    ipynb = py_path.with_suffix(".ipynb")
    jupytext.write(nb, ipynb)
    jupytext.write(nb, py_path, fmt="py:percent")  # same cells; refreshes the pairing
    return elapsed


def main(argv):
    paths = [Path(p).resolve() for p in argv] or sorted(NOTEBOOKS.glob("[0-9][0-9]-*.py"))
    total = 0.0
    for path in paths:
        elapsed = run(path)
        total += elapsed
        print(f"{path.name:<36} executed in {elapsed:5.1f} s", flush=True)
    print(f"{len(paths)} notebooks executed in {total:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
