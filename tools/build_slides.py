"""`make slides`: a reveal.js deck per notebook in build/slides/, for a room without a network.

nbconvert's SlidesExporter does the work (slides from each cell's ``slideshow.slide_type``
metadata, stored outputs, nothing re-executed). What is ours: every library the deck loads
(reveal.js 4, MathJax 2, require.js, jQuery) is copied from node_modules (package.json) into
build/slides/lib/ and the exporter's URL options point there; the template in
tools/nbconvert_templates/gmm_reveal drops the two CDN loads that have no option (mermaid,
the widget embedder). The white theme's font ships inside reveal.js (the simple theme
would import a web font). Decks are laid out for 1280x720.

A code cell tagged ``hide-input`` (``HIDE_INPUT``) shows its outputs without its code: a
figure whose point is the picture, not the plotting code that draws it. nbconvert's
TagRemovePreprocessor does it; Jupyter Book reads the same tag and folds the code away
behind a "Show code cell source" toggle; the notebook keeps the code. Usage:

    python tools/build_slides.py [--edition student|instructor] [--out DIR] [notebooks/NN-Name.ipynb ...]

The decks are built from the student edition by default (tools/student_edition.py: no
solutions, each folded answer replaced by the line saying where the answers are), into
build/slides/; ``--edition instructor`` builds the committed notebooks, with the solutions
and the folded answers as speaker notes (``S``), into build/instructor/slides/. Named
notebooks are taken as they are. The target folder is replaced only if this tool wrote it
(tools/safe_target.py).
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from traitlets.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))
import safe_target  # noqa: E402
import student_edition  # noqa: E402
from offline_assets import copy_assets  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "tools" / "nbconvert_templates"
SLIDE_SIZE = (1280, 720)
HIDE_INPUT = "hide-input"  # a cell tag: the deck shows the cell's outputs, not its code
TOOL = "build_slides"
OUT = {"student": ROOT / "build" / "slides", "instructor": ROOT / "build" / "instructor" / "slides"}


def exporter():
    c = Config()
    c.SlidesExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.SlidesExporter.template_name = "gmm_reveal"
    c.SlidesExporter.reveal_url_prefix = "lib/reveal.js"
    c.SlidesExporter.reveal_theme = "white"
    c.SlidesExporter.reveal_width = str(SLIDE_SIZE[0])
    c.SlidesExporter.reveal_height = str(SLIDE_SIZE[1])
    c.SlidesExporter.mathjax_url = "lib/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    c.SlidesExporter.require_js_url = "lib/requirejs/require.js"
    c.SlidesExporter.jquery_url = "lib/jquery/dist/jquery.min.js"
    # prompts ("In [3]:") cost a column of a 1280-px slide and say nothing in a lecture
    c.SlidesExporter.exclude_input_prompt = True
    c.SlidesExporter.exclude_output_prompt = True
    c.TagRemovePreprocessor.remove_input_tags = {HIDE_INPUT}
    return SlidesExporter(config=c)


def build(notebooks, out):
    """A deck per notebook (paths) in `out`, with the libraries they load in out/lib."""
    start = time.perf_counter()
    out = Path(out)
    safe_target.previous_manifest(out, TOOL)  # refuse before building
    with tempfile.TemporaryDirectory(prefix="gmm_lab_slides_") as tmp:
        stage = Path(tmp)
        copy_assets(stage / "lib")
        exp = exporter()
        for path in notebooks:
            t0 = time.perf_counter()
            body, _ = exp.from_notebook_node(nbformat.read(path, as_version=4))
            (stage / f"{Path(path).stem}.slides.html").write_text(body, encoding="utf-8")
            elapsed = time.perf_counter() - t0
            print(f"{Path(path).name:<36} deck in {elapsed:5.1f} s", flush=True)
        safe_target.publish(stage, out, TOOL)
    print(f"{len(notebooks)} decks built in {time.perf_counter() - start:.1f} s -> {out}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", choices=student_edition.EDITIONS, default="student")
    parser.add_argument("--out", default=None, help="default: build/slides (student), build/instructor/slides")
    parser.add_argument("notebooks", nargs="*")
    args = parser.parse_args(argv)
    out = args.out or OUT[args.edition]
    if args.notebooks:
        build([Path(p) for p in args.notebooks], out)
        return
    with tempfile.TemporaryDirectory(prefix="gmm_lab_edition_") as tmp:
        build(student_edition.write_notebooks(student_edition.edition_notebooks(args.edition), tmp), out)


if __name__ == "__main__":
    main()
