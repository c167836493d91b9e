"""Each notebook's kernel memory at its peak, for sizing a JupyterHub (hub/README.md).

    python tools/hub_measure.py [NN ...] [--write]

Runs every notebook (its ``.py`` twin, the source of its cells) top to bottom in a fresh
kernel, as *Run All* does, and after each cell asks the kernel for its own peak resident
memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``: the high-water mark, so a large
array freed within a cell still counts). Prints, per notebook, the peak and the three cells
that raised it most (where to look for waste); ``--write`` stores the peaks in
``hub/measurements.json`` (``kernel_peak_mib``), from which ``hub/config.yaml``'s memory
guarantee and limit are computed (``tools/hub_config.py``).
"""

import argparse
import json
import sys
import time
from pathlib import Path

import jupytext
from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
MEASUREMENTS = ROOT / "hub" / "measurements.json"
PEAK = "__import__('resource').getrusage(__import__('resource').RUSAGE_SELF).ru_maxrss"  # KiB on Linux


def notebook_paths(prefixes=(), folder=NOTEBOOKS):
    paths = sorted(Path(folder).glob("[0-9][0-9]-*.py"))
    if prefixes:
        paths = [p for p in paths if p.name[:2] in prefixes]
    return paths


def measure(path, timeout=600):
    """(peak MiB, [(rise MiB, cell index, first line)] sorted by rise) of one notebook's kernel."""
    nb = jupytext.read(path)
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(Path(path).parent))
    rises, last = [], None
    try:
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            reply = kc.execute_interactive(cell.source, user_expressions={"peak": PEAK},
                                           output_hook=lambda msg: None, timeout=timeout)
            content = reply["content"]
            if content["status"] != "ok":
                raise RuntimeError(f"{path.name}, cell {i}: {content.get('ename')}: {content.get('evalue')}")
            peak = int(content["user_expressions"]["peak"]["data"]["text/plain"]) / 1024
            if last is not None:
                first = next((ln for ln in cell.source.splitlines() if ln.strip() and not ln.startswith("#")), "")
                rises.append((peak - last, i, first[:70]))
            last = peak
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return last, sorted(rises, reverse=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="two-digit prefixes (default: every notebook)")
    parser.add_argument("--write", action="store_true", help=f"store the peaks in {MEASUREMENTS.relative_to(ROOT)}")
    parser.add_argument("--dir", default=NOTEBOOKS, help="the notebooks' folder (default: notebooks/)")
    args = parser.parse_args(argv)
    peaks = {}
    print(f"{'notebook':<40} {'peak MiB':>8} {'s':>5}  cells that raised the peak most (MiB)")
    for path in notebook_paths(args.notebooks, args.dir):
        t0 = time.perf_counter()
        peak, rises = measure(path)
        peaks[path.stem[:2]] = round(peak, 1)
        top = "; ".join(f"+{r:.0f} cell {i} `{src}`" for r, i, src in rises[:3] if r >= 1)
        print(f"{path.stem:<40} {peak:>8.1f} {time.perf_counter() - t0:>5.1f}  {top}", flush=True)
    if args.write:
        data = json.loads(MEASUREMENTS.read_text()) if MEASUREMENTS.exists() else {}
        data.setdefault("kernel_peak_mib", {}).update(peaks)
        data["kernel_peak_mib"] = dict(sorted(data["kernel_peak_mib"].items()))
        MEASUREMENTS.write_text(json.dumps(data, indent=2) + "\n")
        print(f"written to {MEASUREMENTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
