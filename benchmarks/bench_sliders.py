"""Slider responsiveness: Python callback time and on-screen update time, per figure.

1. Python side: each slider-driven figure of the notebooks is built exactly as its
   notebook builds it (``gmm_lab.course.widgets.catalog``), and each of its sliders is moved through 50 values with
   ``demo.set(...)`` -- the same code path as a drag (traitlets observer, artist
   updates, blitted render, PNG encoding). Median and 95th percentile per figure, beside a
   reference run on the same machine: a full redraw of the same figure (what a callback
   that did not blit would cost), and the callback's ratio to it.
2. Browser: JupyterLab in headless Chromium runs each notebook; for every figure, its
   first slider is moved 20 times with the keyboard, timing from the keydown event to
   the first animation frame after the new image has been decoded. Median per figure.

Bars (issue 5): callback median < 30 ms, on-screen median < 150 ms. A benchmark
prints; it does not pass or fail. `make bench-sliders`; `--no-browser` for part 1 only.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from gmm_lab.course.widgets import catalog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

CALLBACK_BAR_MS = 30.0
SCREEN_BAR_MS = 150.0


def python_side(n_values=50):
    rows = []
    for entry in catalog.ENTRIES:
        notebook = entry.notebook
        index = catalog.entries(notebook).index(entry) + 1
        demo = entry.build()
        times = []
        for name, ctrl in demo.controls.items():
            if not hasattr(ctrl, "min"):  # dropdowns: not sliders
                continue
            values = np.linspace(ctrl.min, ctrl.max, n_values)
            if isinstance(ctrl.value, int):
                values = np.unique(np.round(values).astype(int))
            rng = np.random.default_rng(0)
            for v in rng.permutation(values)[:n_values]:
                v = type(ctrl.value)(v)
                if v == ctrl.value:
                    continue
                t0 = time.perf_counter()
                demo.set(**{name: v})
                times.append((time.perf_counter() - t0) * 1e3)
        # the reference run, on the same figure and machine: what the callback would cost if it
        # redrew the whole figure (layout frozen) instead of blitting onto a cached background
        full = []
        for _ in range(7):
            t0 = time.perf_counter()
            demo.live.invalidate()
            demo.update()
            full.append((time.perf_counter() - t0) * 1e3)
        rows.append((notebook, index, type(demo).__name__, len(times), statistics.median(times),
                     float(np.percentile(times, 95)), statistics.median(full)))
    return rows


TIMER_JS = """(img) => {
  window.__gmm = {t0: null, t1: null};
  if (!img.__gmmObserved) {
    img.__gmmObserved = true;
    new MutationObserver(() => {
      img.decode().catch(() => null).then(() => requestAnimationFrame(() => {
        if (window.__gmm.t0 !== null && window.__gmm.t1 === null) window.__gmm.t1 = performance.now();
      }));
    }).observe(img, {attributes: true, attributeFilter: ['src']});
    document.addEventListener('keydown', () => { window.__gmm.t0 = performance.now(); window.__gmm.t1 = null; }, true);
  }
}"""


def browser_side(n_moves=20):
    from labdriver import LIVE_FIGURE, LabSession

    rows = []
    with LabSession() as lab:
        for name in catalog.notebooks():
            lab.open_notebook(name)
            lab.run_all()
            lab.wait_for_count(LIVE_FIGURE, len(catalog.entries(name)))
            lab.wait_for_images()
            figures = lab.figures()
            for i in range(figures.count()):
                fig = figures.nth(i)
                handle = fig.locator(".widget-slider .noUi-handle").first
                fig.scroll_into_view_if_needed()
                img = fig.locator("> .widget-image")
                img.evaluate(TIMER_JS)
                label = fig.locator(".widget-slider .widget-label").first.text_content()
                handle.focus()
                times = []
                for k in range(n_moves):
                    lab.page.evaluate("() => { window.__gmm.t0 = null; window.__gmm.t1 = null; }")
                    lab.page.keyboard.press("ArrowRight" if (k // 2) % 2 == 0 else "ArrowLeft")
                    lab.page.wait_for_function("() => window.__gmm.t1 !== null", timeout=10_000, polling="raf")
                    times.append(lab.page.evaluate("() => window.__gmm.t1 - window.__gmm.t0"))
                rows.append((name, i + 1, label, statistics.median(times), max(times)))
            lab.shutdown_kernels()
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true", help="only the Python-side timings")
    args = parser.parse_args()
    print(f"Python-side callback, ms (bar: median < {CALLBACK_BAR_MS:.0f}); reference: a full redraw of the same "
          f"figure on this machine, and the callback as a fraction of it")
    print(f"{'notebook':<26} {'fig':>3} {'widget':<15} {'moves':>5} {'median':>7} {'p95':>7} {'full':>7} {'ratio':>6}  bar")
    for nb, i, kind, n, med, p95, full in python_side():
        print(f"{nb:<26} {i:>3} {kind:<15} {n:>5} {med:>7.1f} {p95:>7.1f} {full:>7.1f} {med / full:>6.2f}  "
              f"{'meets' if med < CALLBACK_BAR_MS else 'MISSES'}")
    if args.no_browser:
        return
    print(f"\nSlider change to updated figure on screen, in JupyterLab + headless Chromium, ms (bar: median < {SCREEN_BAR_MS:.0f})")
    print(f"{'notebook':<26} {'fig':>3} {'slider':<18} {'median':>7} {'max':>7}  bar")
    for nb, i, label, med, worst in browser_side():
        print(f"{nb:<26} {i:>3} {label:<18} {med:>7.1f} {worst:>7.1f}  {'meets' if med < SCREEN_BAR_MS else 'MISSES'}")


if __name__ == "__main__":
    main()
