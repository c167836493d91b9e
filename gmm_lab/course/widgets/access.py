"""Keyboard and screen-reader access for the live figures (``FigureAccess``, one per figure).

ipywidgets 8.1 draws a slider with noUiSlider: the handle (``role=slider``) has no
accessible name (the description is a ``<label>`` tied to nothing), its ``aria-valuetext``
is the raw float (``0.6000000000000001``), the focus shows only as a darker handle, and
Escape does nothing; the ``Image`` widget's ``<img>`` has no ``alt``. None of this can be
set from Python (no trait reaches those attributes). ``FigureAccess`` is an anywidget: a
hidden child of the figure whose few lines of JavaScript (``access.js``, sent by the kernel
with the widget; nothing is loaded from a CDN) mend the figure around it -- names,
value text, a focus ring (``access.css``), Escape back to the notebook, the image's alt
text (kept up to date from here) and the status line as a polite live region.

Static figures (``plotting.show``) have the same gap: JupyterLab 4.6 draws an ``image/png``
output as an ``<img>`` without alt, ignoring the ``alt`` in the output's metadata (upstream:
jupyter/enhancement-proposals#120). ``display_figure`` therefore adds a ``FigureImage`` view to
the output: with a kernel, JupyterLab shows that ``<img alt=...>``; the PNG and its metadata
stay in the output for nbconvert, the book, the decks and untrusted notebooks.
"""

import base64
import html
import re
from pathlib import Path

import anywidget
import ipywidgets as W
import traitlets

__all__ = ["FigureAccess", "FigureImage", "display_figure", "live_alt", "check_names", "check_slider", "fewest_decimals"]

HERE = Path(__file__).parent


class FigureAccess(anywidget.AnyWidget):
    """Mends the live figure (a VBox with the class ``gmm-figure``) it is a child of."""

    _esm = HERE / "access.js"
    _css = HERE / "access.css"
    title = traitlets.Unicode("").tag(sync=True)  # the figure's name, said on entering it
    alt = traitlets.Unicode("").tag(sync=True)  # the alt text of the figure's image

    def __init__(self, title, **kwargs):
        super().__init__(title=title, layout=W.Layout(display="none"), **kwargs)


class FigureImage(anywidget.AnyWidget):
    """A PNG as an ``<img>`` with its alt text (a static figure in JupyterLab with a kernel)."""

    _esm = HERE / "figure_image.js"
    value = traitlets.Bytes(b"").tag(sync=True)
    alt = traitlets.Unicode("").tag(sync=True)


def display_figure(fig, alt):
    """Display `fig` as its PNG for a projector (``projector.figure_png``) with `alt` in the
    metadata and, under IPython, also as a ``FigureImage`` view (JupyterLab's ``<img>`` gets the alt)."""
    from IPython import get_ipython
    from IPython.display import display

    from ..projector import figure_png

    png = figure_png(fig)
    data = {"image/png": png, "text/plain": repr(fig)}  # repr: what IPython shows for a figure
    if get_ipython() is not None:
        view = FigureImage(value=base64.b64decode(png), alt=alt)._repr_mimebundle_()  # anywidget: (data, metadata)
        data = {**(view[0] if isinstance(view, tuple) else view), **data}
    display(data, raw=True, metadata={"image/png": {"alt": alt}})


def _plain(markup):
    """The text of a status line (HTML) as a screen reader reads it: no tags, entities decoded."""
    text = re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", " ", markup))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def live_alt(title, panels, status):
    """The alt text of a live figure's image: what it is, its panels, and what it shows now."""
    names = "', '".join(panels)
    now = _plain(status)
    return (f"{title}: live figure with the panels '{names}'; it redraws as the sliders above move."
            + (f" Now: {now}" if now else ""))


def check_names(sliders, title):
    """Raise ValueError unless every slider has a description, none twice in the figure."""
    names = [s.description.strip() for s in sliders]
    if any(not n for n in names):
        raise ValueError(f"{title!r}: every slider needs a description (its name for a screen reader).")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"{title!r}: slider names must differ within a figure; {twice} appear twice. "
                         f"Name what each one moves, e.g. 'mean μ₁' and 'mean μ₂'.")


def check_slider(description, readout_format, **stops):
    """Raise ValueError unless the slider has a name and its readout shows each of `stops` exactly.

    The readout is also what a screen reader says (``aria-valuetext``), so ``'.1f'`` for a
    step of 0.05 would say "0.1" for 0.05 and 0.10 alike. `readout_format` None: an integer slider.
    """
    if not description.strip():
        raise ValueError("a slider needs a description: it is its name on screen and for a screen reader.")
    if readout_format is None:
        return
    for what, x in stops.items():
        shown = format(x, readout_format)
        if abs(float(shown) - x) > 1e-9 * max(1.0, abs(x)):
            raise ValueError(f"slider {description!r}: readout_format {readout_format!r} shows its {what} {x} "
                             f"as {shown}; use a format with more decimals, e.g. '.2f'.")


def fewest_decimals(*stops):
    """The fixed-point readout format with the fewest decimals that shows each of `stops` exactly.

    >>> fewest_decimals(1.0, 2.5, 4.0, 1.5), fewest_decimals(1, 3, 5), fewest_decimals(-0.95, 0.05)
    ('.1f', '.0f', '.2f')
    """
    for d in range(7):
        if all(abs(float(format(x, f".{d}f")) - x) <= 1e-9 * max(1.0, abs(x)) for x in stops):
            return f".{d}f"
    raise ValueError(f"no readout with at most 6 decimals shows {stops} exactly; choose rounder slider stops.")
