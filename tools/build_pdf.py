"""`make pdf`: printable handouts in build/pdf/, built offline.

* ``Exam-Practice.pdf``: the problems of exam/Exam-Practice.py, to do on paper (executed
  here, for its figure); the student edition (the default) has no worked answers, the
  instructor's (``--edition instructor``, into build/instructor/pdf/) prints them unfolded.
* ``handout-NN-Title.pdf``, a revision handout per lecture notebook (01-16): the notebook's narrative and its
  stored figures (each live figure's static picture), printed text and tables; no code, not
  even the code a deck hides. Built from the student edition by default (no solutions, no
  folded answers).

nbconvert's WebPDFExporter writes the HTML (its ``webpdf`` template, inputs excluded) and
prints it in Chromium through Playwright. Its own ``run_playwright`` launches Playwright's
downloaded Chromium (``chromium.launch(args=...)``, no executable path: the download,
``--allow-chromium-download``, is impossible offline) and loads MathJax from a CDN; so
``OfflineWebPDF`` replaces just that step: Debian's Chromium (``labdriver.CHROMIUM``), MathJax
from node_modules beside the page, every request off the machine aborted (and the build
failed), a wait on MathJax's own per-formula state (tools/page_waits.py), folded answers
opened for print. Usage:

    python tools/build_pdf.py [--edition student|instructor] [--out DIR] [--handouts NN-Title ...]
                              [--no-practice]

The target folder is replaced only if this tool wrote it (tools/safe_target.py).
"""

import argparse
import concurrent.futures
import copy
import sys
import tempfile
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbconvert import WebPDFExporter
from traitlets.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))
import safe_target  # noqa: E402
import student_edition  # noqa: E402
from labdriver import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from offline_assets import copy_assets  # noqa: E402
from page_waits import wait_for_maths  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TOOL = "build_pdf"
OUT = {"student": ROOT / "build" / "pdf", "instructor": ROOT / "build" / "instructor" / "pdf"}
PRACTICE = ROOT / "exam" / "Exam-Practice.py"
MATHJAX = "lib/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
WIDGET = "application/vnd.jupyter.widget-view+json"


class OfflineWebPDF(WebPDFExporter):
    """WebPDFExporter printing with Debian's Chromium, offline (see the module's docstring)."""

    def run_playwright(self, html):
        with tempfile.TemporaryDirectory(prefix="gmm_lab_pdf_") as tmp:
            page_path = Path(tmp) / "page.html"
            copy_assets(Path(tmp) / "lib", packages=("mathjax", "requirejs"))
            page_path.write_text(html, encoding="utf-8")
            # sync Playwright cannot run inside a running asyncio loop (a kernel's, a test's): a thread of its own
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                return pool.submit(_print_pdf, page_path).result()


def _print_pdf(page_path):
    from playwright.sync_api import sync_playwright

    blocked = []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            page.route("**/*", route)
            page.emulate_media(media="print")
            page.goto(page_path.as_uri(), wait_until="load")
            maths = wait_for_maths(page, None, need_maths=False, timeout=60)
            if not maths.get("settled") or maths.get("errors") or maths.get("raw"):
                raise RuntimeError(f"{page_path.name}: MathJax did not finish cleanly: {maths}")
            page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
            pdf = page.pdf(format="A4", print_background=True,
                           margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"})
        finally:
            browser.close()
    if blocked:
        raise RuntimeError(f"the page asked for files off the machine (the PDF must build offline): {blocked}")
    return pdf


def exporter():
    c = Config()
    c.WebPDFExporter.exclude_input = True  # no code, not even the code a deck hides
    c.WebPDFExporter.exclude_input_prompt = True
    c.WebPDFExporter.exclude_output_prompt = True
    c.WebPDFExporter.mathjax_url = MATHJAX
    c.WebPDFExporter.require_js_url = "lib/requirejs/require.js"
    return OfflineWebPDF(config=c)


def printable(nb, title):
    """`nb` ready to print: no widget views (each live figure's static picture stays), no widget state
    (the template would load the widget embedder from a CDN), and a title."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            data.pop(WIDGET, None)
            if "image/png" in data:
                data.pop("text/plain", None)
    nb.metadata["title"] = title
    return nb


def practice(edition):
    """exam/Exam-Practice.py executed (its figure), in `edition` (the student's: no worked answers)."""
    nb = jupytext.read(PRACTICE)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(PRACTICE.parent)}}).execute()
    if edition == "student":
        nb = student_edition.student_notebook(nb, PRACTICE.stem)
    return printable(nb, "Practice for the exam")


def lecture_notebooks(edition, names=None):
    """[(name, notebook)] of the lecture notebooks (01-16, or `names`) in `edition`."""
    notebooks = [(n, nb) for n, nb in student_edition.edition_notebooks(edition) if n[:2] != "00"]
    if names is not None:
        unknown = set(names) - {n for n, _ in notebooks}
        if unknown:
            raise ValueError(f"no lecture notebook named {sorted(unknown)}: use names such as 03-E-Step")
        notebooks = [(n, nb) for n, nb in notebooks if n in names]
    return notebooks


def build(out, edition="student", handouts=None, with_practice=True):
    out = Path(out)
    safe_target.previous_manifest(out, TOOL)  # refuse before building
    t0 = time.perf_counter()
    exp = exporter()
    jobs = [("Exam-Practice", lambda: practice(edition))] if with_practice else []
    jobs += [(f"handout-{name}", lambda nb=nb, name=name: printable(nb, name))
             for name, nb in lecture_notebooks(edition, handouts)]
    with tempfile.TemporaryDirectory(prefix="gmm_lab_pdfs_") as tmp:
        for name, make in jobs:
            t1 = time.perf_counter()
            pdf, _ = exp.from_notebook_node(make())
            (Path(tmp) / f"{name}.pdf").write_bytes(pdf)
            print(f"{name + '.pdf':<48} in {time.perf_counter() - t1:5.1f} s", flush=True)
        safe_target.publish(tmp, out, TOOL)
    print(f"{len(jobs)} {edition} PDFs built in {time.perf_counter() - t0:.1f} s -> {out}", flush=True)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", choices=student_edition.EDITIONS, default="student")
    parser.add_argument("--out", default=None, help="default: build/pdf (student), build/instructor/pdf")
    parser.add_argument("--handouts", nargs="*", default=None, help="lecture notebooks (default: 01-16; none with no name)")
    parser.add_argument("--no-practice", action="store_true", help="leave out the exam practice problems")
    args = parser.parse_args(argv)
    build(args.out or OUT[args.edition], args.edition, args.handouts, not args.no_practice)


if __name__ == "__main__":
    main()
