"""Cut each notebook's slides so that they fit a 1280x720 screen, from measured heights.

No library does this: nbconvert and jupyterlab-slideshow put every cell where its
``slideshow.slide_type`` says, and a slide whose cells are taller than the screen runs off
it. So we measure. Each notebook is exported once as a *probe* deck in which every unit of
content is a slide of its own (a code cell with its outputs, without its code if it is tagged
``hide-input``; a markdown cell cut at its blank lines into paragraphs, keeping display maths,
lists, tables and code fences whole); headless Chromium opens the deck offline, lets MathJax
typeset, and measures each unit's height in reveal.js's 1280x720 coordinates. Then, slide by
slide, units are packed in order: where the next unit would push a slide past the screen, a
new subslide starts there (a markdown cell is cut at that paragraph). A paragraph that ends
with ":" or is only a heading stays with what follows it. A subslide that is one paragraph
and nothing else, followed by a subslide that opens with a figure, is merged with it (the
sentence that introduces a figure goes with the figure) when the two fit together.

A single unit taller than the screen cannot be cut: the tool lists it and fails (shrink its
figure, hide its code with the ``hide-input`` tag, or split the cell or its table).

The cuts are written into the ``.py`` twin and the ``.ipynb`` (cell boundaries and
metadata only; no text changes), so run ``make notebooks`` afterwards. ``--check`` builds the
real decks, lists the slides still taller than the screen and fails if there are any. Usage:

    python tools/fit_slides.py [--check] [notebooks/NN-Name.ipynb ...]
"""

import copy
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

import jupytext
import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_slides  # noqa: E402
from page_waits import DECK_READY, MATHS_SETTLED  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LIMIT = build_slides.SLIDE_SIZE[1] - 24  # a margin under the last line
GAP = 20  # what reveal puts between two cells on one slide (measured)
# the packing leaves this much under LIMIT: a unit measured alone in the probe deck and the same
# unit among others in the real deck differ by a pixel or two (rounding, margins that collapse)
SLACK = 6
NEW_SLIDE = ("slide", "subslide")


def slide_type(cell):
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def paragraphs(source):
    """`source` cut at blank lines, never inside $$...$$, a code fence, a table or <details>."""
    chunks, current, fence, maths, details = [], [], False, False, False
    for line in source.split("\n"):
        stripped = line.strip()
        if not stripped and not (fence or maths or details) and current:
            chunks.append("\n".join(current))
            current = []
            continue
        if stripped.startswith("```"):
            fence = not fence
        if not fence:
            maths ^= stripped.count("$$") % 2 == 1
            details = (details or "<details" in stripped) and "</details>" not in stripped
        if stripped or current:
            current.append(line)
    if current:
        chunks.append("\n".join(current))
    return chunks


def _glues_forward(chunk):
    """A chunk that must not end a slide: a lone heading, or text that ends with a colon."""
    text = chunk.strip()
    return text.endswith(":") or (text.startswith("#") and "\n" not in text)


def units(nb):
    """[(cell index, chunk index, chunks of that cell)] in order; notes cells have none."""
    out = []
    for i, cell in enumerate(nb.cells):
        if slide_type(cell) == "notes":
            continue
        if cell.cell_type == "markdown" and slide_type(cell) != "fragment":
            chunks = paragraphs(cell.source)
            out += [(i, k, chunks) for k in range(len(chunks))]
        else:
            out.append((i, 0, None))
    return out


def probe(nb, unit_list):
    """A notebook with one slide per unit."""
    cells = []
    for i, k, chunks in unit_list:
        cell = copy.deepcopy(nb.cells[i])
        if chunks is not None:
            cell.source = chunks[k]
        cell.metadata["slideshow"] = {"slide_type": "slide"}
        cells.append(cell)
    out = copy.deepcopy(nb)
    out.cells = cells
    return out


# the current slide's [top padding, bottom of its content] in the slide's own 1280x720 pixels
# (reveal.js scales the slide to the window: on a 1280x720 screen by 1/1.04), once what changes its height after
# the fact is done: MathJax's re-render of its maths (the deck does that on every slide change,
# on a queue of its own: see page_waits.py), the web fonts, and the decoding of its images;
# then the reading must hold, unchanged, after two animation frames. Rejects if the maths
# does not settle in 20 s, or the height keeps changing for 5 s.
CONTENT = """async () => {
  const maths = await (%s)({root: '.reveal .slides section.present', needMaths: false, timeout: 20000});
  if (!maths.settled) throw new Error('maths on slide ' + deck.getIndices().h + ' did not settle: '
                                      + JSON.stringify(maths));
  const s = deck.getCurrentSlide();
  await document.fonts.ready;
  await Promise.all(Array.from(s.querySelectorAll('img')).map(i => i.decode().catch(() => null)));
  const read = () => { const top = s.getBoundingClientRect().top, scale = deck.getScale();
    let first = null, bottom = 0;
    s.querySelectorAll(':scope > *').forEach(e => { const r = e.getBoundingClientRect();
      if (r.height) { first = first === null ? r.top - top : Math.min(first, r.top - top);
                      bottom = Math.max(bottom, r.bottom - top); } });
    return [(first || 0) / scale, bottom / scale]; };
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const start = performance.now();
  let last = read();
  while (performance.now() - start < 5000) {
    await frames();
    const now = read();
    if (now[0] === last[0] && now[1] === last[1]) return now;
    last = now;
  }
  throw new Error('slide ' + deck.getIndices().h + ' kept changing height for 5 s: ' + last);
}""" % MATHS_SETTLED


def measure(decks):
    """{deck path: [(top padding, bottom of content) per slide]}, in Chromium, offline."""
    from playwright.sync_api import sync_playwright

    directory = decks[0].parent
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    sizes = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": build_slides.SLIDE_SIZE[0],
                                              "height": build_slides.SLIDE_SIZE[1]})
            for deck in decks:
                page.goto(f"{base}/{deck.name}")
                page.evaluate(DECK_READY)
                page.evaluate("() => deck.configure({transition: 'none'})")
                n = page.evaluate("() => deck.getTotalSlides()")
                sizes[deck] = []
                for i in range(n):  # every slide and subslide, in order
                    page.evaluate("(i) => { const x = deck.getIndices(deck.getSlides()[i]); deck.slide(x.h, x.v); }", i)
                    sizes[deck].append(page.evaluate(CONTENT))
            browser.close()
    finally:
        server.shutdown()
    return sizes


def _is_figure(cell):
    return cell.cell_type == "code" and any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))


def spans(nb, unit_list):
    """The slides as [start, end) ranges of units: each from a unit whose cell starts a slide or subslide."""
    starts = [u for u, (i, k, _) in enumerate(unit_list) if u == 0 or (k == 0 and slide_type(nb.cells[i]) in NEW_SLIDE)]
    return list(zip(starts, starts[1:] + [len(unit_list)]))


def _introduces_a_figure(nb, unit_list, span, following):
    """Whether slide `span` is one paragraph (no heading) and the subslide `following` opens with a figure."""
    (i, k, chunks), (j, _, _) = unit_list[span[0]], unit_list[following[0]]
    return (span[1] - span[0] == 1 and chunks is not None and len(chunks) == 1
            and not chunks[0].lstrip().startswith("#") and slide_type(nb.cells[i]) != "fragment"
            and _is_figure(nb.cells[j]) and slide_type(nb.cells[j]) == "subslide")


def plan(nb, unit_list, sizes):
    """(cuts, merges): where new subslides start, {(cell index, chunk index)}; and the figure cells
    whose subslide joins the one-paragraph subslide before it, {cell index}."""
    cuts, merges = set(), set()
    pad = min(top for top, _ in sizes) if sizes else 0
    heights = [bottom - top for top, bottom in sizes]
    slides, merged = spans(nb, unit_list), []
    while slides:
        span = slides.pop(0)
        if slides and _introduces_a_figure(nb, unit_list, span, slides[0]):
            merges.add(unit_list[slides[0][0]][0])
            span = (span[0], slides.pop(0)[1])
        merged.append(span)
    for start, end in merged:
        used, first = pad, start
        for u in range(start, end):
            i, k, chunks = unit_list[u]
            add = heights[u] + (GAP if u > first else 0)
            fragment = slide_type(nb.cells[i]) == "fragment"
            if used + add > LIMIT - SLACK and u > first and not fragment:
                cut = u
                # keep a lone heading or a "...:" paragraph with what follows it
                while cut - 1 > first:
                    pi, pk, pchunks = unit_list[cut - 1]
                    if pchunks is None or not _glues_forward(pchunks[pk]):
                        break
                    cut -= 1
                if cut == first:
                    cut = u
                cuts.add(unit_list[cut][:2])
                first = cut
                used = pad + sum(heights[v] for v in range(cut, u + 1)) + GAP * (u - cut)
            else:
                used += add
    undone = {i for i in merges if (i, 0) in cuts}  # the figure and its sentence did not fit together
    return cuts - {(i, 0) for i in undone}, merges - undone


def apply(nb, cuts, merges=()):
    """The notebook with its markdown cells cut, the new subslides marked and the merged ones unmarked."""
    cells = []
    for i, cell in enumerate(nb.cells):
        if i in merges:
            cell.metadata.pop("slideshow", None)
        here = sorted(k for (j, k) in cuts if j == i)
        if not here:
            cells.append(cell)
            continue
        if cell.cell_type == "code" or here == [0]:
            cell.metadata["slideshow"] = {"slide_type": "subslide"}
            cells.append(cell)
            continue
        chunks = paragraphs(cell.source)
        bounds = [0] + [k for k in here if k > 0] + [len(chunks)]
        for n, (a, b) in enumerate(zip(bounds, bounds[1:])):
            part = nbformat.v4.new_markdown_cell("\n\n".join(chunks[a:b]))
            if n == 0:
                part.metadata = copy.deepcopy(cell.metadata)
                if 0 in here:
                    part.metadata["slideshow"] = {"slide_type": "subslide"}
            else:
                part.metadata["slideshow"] = {"slide_type": "subslide"}
            cells.append(part)
    nb.cells = cells
    return nb


def too_tall(notebooks):
    """{notebook name: [(slide number, content height)]} of the real decks' slides taller than LIMIT."""
    with tempfile.TemporaryDirectory() as tmp:
        build_slides.build(notebooks, tmp)
        sizes = measure([Path(tmp) / f"{Path(p).stem}.slides.html" for p in notebooks])
        return {deck.name.split(".")[0]: [(n + 1, round(bottom)) for n, (_, bottom) in enumerate(found)
                                          if bottom > LIMIT]
                for deck, found in sizes.items()}


def main(argv=None):
    args = list(argv or sys.argv[1:])
    check = "--check" in args
    paths = [Path(p) for p in args if p != "--check"] or sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    if check:
        found = too_tall(paths)
        for name, slides in found.items():
            print(f"{name:<42} {len(slides)} slides taller than {LIMIT} px: {slides}")
        sys.exit(1 if any(found.values()) else 0)
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        probes, notebooks = [], {}
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            unit_list = units(nb)
            notebooks[path] = (nb, unit_list)
            probe_path = Path(tmp) / path.name
            nbformat.write(probe(nb, unit_list), probe_path)
            probes.append(probe_path)
        decks = Path(tmp) / "decks"  # build_slides refuses a folder it did not write (here: the probes)
        build_slides.build(probes, decks)
        sizes = measure([decks / f"{p.stem}.slides.html" for p in probes])
        for path, probe_path in zip(paths, probes):
            nb, unit_list = notebooks[path]
            measured = sizes[decks / f"{probe_path.stem}.slides.html"]
            assert len(measured) == len(unit_list), (path.name, len(measured), len(unit_list))
            cuts, merges = plan(nb, unit_list, measured)
            pad = min(top for top, _ in measured)
            tall = [(i, round(pad + bottom - top)) for (i, k, _), (top, bottom) in zip(unit_list, measured)
                    if pad + bottom - top > LIMIT]
            problems += [f"{path.name}: cell {i} ({nb.cells[i].source.splitlines()[0][:50]!r}) is {h} px, "
                         f"more than the {LIMIT} px a slide holds" for i, h in tall]
            print(f"{path.name:<42} {len(cuts):3d} new subslides, {len(merges)} figures joined to their "
                  f"sentence; {len(tall)} units taller than the screen")
            if cuts or merges:
                nb = apply(nb, cuts, merges)
                nbformat.write(nb, path)
                jupytext.write(nb, path.with_suffix(".py"), fmt="py:percent")
    if problems:
        sys.exit("A single cell cannot be cut; shrink its figure, hide its code (tag the cell 'hide-input') "
                 "or split it:\n  " + "\n  ".join(problems))


if __name__ == "__main__":
    main()
