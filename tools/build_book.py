"""`make html`: the notebooks as a static book in build/html/, readable offline.

Jupyter Book 1 (Sphinx + MyST-NB) builds it: an index page, a table of contents in the
sidebar, previous/next links, maths, and the stored figures as image files. The notebooks
are shown with the outputs they were saved with (``execute_notebooks: off`` in
book/_config.yml). Jupyter Book 2 is not used: it fetches its site theme from the internet
at build time (see docs/CONTRIBUTING.md).

What is ours: a staging folder, because the book's source must be one folder holding the
index page and the notebooks (notebooks/ also holds the .py twins and is where students
work): book/ (config, index page, a progress extension) and notebooks/NN-*.ipynb are copied
there, the table of contents is written from the notebook list (so a new notebook needs no
entry), and MathJax (npm package, package.json) is copied into _vendor (see book/_config.yml). Usage:

    python tools/build_book.py [--edition student|instructor] [--out DIR]

The book is built from the student edition by default (tools/student_edition.py: no
solutions, no folded answers), into build/html/; ``--edition instructor`` builds the
committed notebooks (solutions, answers folded under *Answers*) into build/instructor/html/.
The target folder is replaced only if this tool wrote it (tools/safe_target.py).
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import safe_target  # noqa: E402
import student_edition  # noqa: E402
from offline_assets import copy_assets  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TOOL = "build_book"
OUT = {"student": ROOT / "build" / "html", "instructor": ROOT / "build" / "instructor" / "html"}


def toc(names):
    lines = ["format: jb-book", "root: index", "chapters:"]
    lines += [f"  - file: {name}" for name in names]
    return "\n".join(lines) + "\n"


def with_alt_text(nb):
    """The notebook with each figure's alt text where MyST-NB reads it.

    The alt text is stored once, in each image output's metadata (``gmm_lab.course.plotting.show``
    and every live figure's static picture put it there), which nbconvert and JupyterLab
    read; MyST-NB reads only the cell's ``mystnb.image.alt``, so it is copied there.
    """
    for cell in nb.cells:
        alts = [out.get("metadata", {}).get("image/png", {}).get("alt") for out in cell.get("outputs", [])]
        alts = [a for a in alts if a]
        if alts:
            cell.metadata.setdefault("mystnb", {}).setdefault("image", {})["alt"] = " ".join(alts)
    return nb


def stage(src, notebooks):
    """The book's source in `src`: book/, the notebooks [(name, notebook)], the table of contents, MathJax."""
    shutil.copytree(ROOT / "book", src, ignore=shutil.ignore_patterns("__pycache__"))
    for name, nb in notebooks:
        nbformat.write(with_alt_text(nb), src / f"{name}.ipynb")
    (src / "_toc.yml").write_text(toc([name for name, _ in notebooks]))
    copy_assets(src / "_vendor", packages=("mathjax",))


def build(out, edition="student"):
    out = Path(out)
    safe_target.previous_manifest(out, TOOL)  # refuse before a minute of building
    t0 = time.perf_counter()
    notebooks = student_edition.edition_notebooks(edition)
    with tempfile.TemporaryDirectory(prefix="gmm_lab_book_") as tmp:
        src = Path(tmp) / "book"
        stage(src, notebooks)
        jb = Path(sys.executable).parent / "jupyter-book"
        # -W: a warning (a broken link, a missing image, bad markup) fails the build
        cmd = [str(jb), "build", str(src), "--path-output", tmp, "--builder", "html", "-W", "--keep-going", "-q"]
        log = []
        with subprocess.Popen(cmd, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as proc:
            for line in proc.stdout:
                log.append(line)
                if " page in " in line:  # book/_ext/book_progress.py; the rest is Jupyter Book's banner
                    print(line, end="", flush=True)
        if proc.returncode != 0:
            print("".join(log), flush=True)
            sys.exit(f"jupyter-book build failed (exit {proc.returncode})")
        safe_target.publish(Path(tmp) / "_build" / "html", out, TOOL)
    elapsed = time.perf_counter() - t0
    print(f"{len(notebooks)} {edition} notebooks + index: book built in {elapsed:.1f} s -> {out}/index.html", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", choices=student_edition.EDITIONS, default="student")
    parser.add_argument("--out", default=None, help="default: build/html (student), build/instructor/html")
    args = parser.parse_args(argv)
    build(args.out or OUT[args.edition], args.edition)


if __name__ == "__main__":
    main()
