"""Sphinx extension: one line per page as the book builds (name, seconds read + written).

Sphinx reports progress as a percentage bar, and Jupyter Book's quiet mode hides it; the
course's long targets print a line per notebook instead, so this times each page from
the Sphinx events around reading it and writing it.
"""

import time

_read, _write, _open = {}, {}, {}


def _source_read(app, docname, source):
    _open["read"] = (docname, time.perf_counter())


def _doctree_read(app, doctree):
    docname, t0 = _open.pop("read", (app.env.docname, time.perf_counter()))
    _read[docname] = time.perf_counter() - t0


def _close_write():
    if "write" in _open:
        docname, t0 = _open.pop("write")
        _write[docname] = time.perf_counter() - t0
        seconds = _read.get(docname, 0.0) + _write[docname]
        print(f"{docname:<36} page in {seconds:5.1f} s", flush=True)


def _doctree_resolved(app, doctree, docname):
    _close_write()  # pages are written one after the other: the previous one is done
    _open["write"] = (docname, time.perf_counter())


def _build_finished(app, exception):
    _close_write()


def setup(app):
    app.connect("source-read", _source_read)
    app.connect("doctree-read", _doctree_read)
    app.connect("doctree-resolved", _doctree_resolved)
    app.connect("html-collect-pages", lambda app: _close_write() or [])
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": False, "parallel_write_safe": False}
