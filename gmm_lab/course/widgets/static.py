"""The static picture of a live figure, laid out for a projector.

A live figure's static picture (``Demo.static_picture``) is what a deck, the book and
GitHub show: small multiples of its panels over a few settings. It must fit ``BOX`` (a
1280x720 slide less its heading) at its own size, and the text of its axes (tick labels,
axis labels, titles) must be at least ``MIN_PX`` (14) pixels on a 1280x720 screen, where
reveal.js shows a 1280x720 deck at 96% (``SCREEN``): the panels are rendered with ``TEXT_PX``.

Shrinking the live figure's pixels would shrink its text with them, so the figure is laid
out again while the panels are rendered (``projected``): each panel on its own, the other
axes hidden and the panel spanning the figure; at the dpi that makes its axis text
``TEXT_PX`` pixels; and shrunk, in inches, until it fits its cell of the grid that shows the
panels largest (text and tick marks keep their size as the axes shrink, so the text grows
against the data), with every label inside it. A lone panel's title is said once above the
picture, and each setting's name takes its place. Everything is put back afterwards.
"""

import warnings
from contextlib import contextmanager

import numpy as np

from ..projector import axis_text_points
from .pixels import LABEL_H, PAD, TITLE_H, small_multiples, text_width

__all__ = ["BOX", "MIN_PX", "SCREEN", "TEXT_PX", "Fit", "projected", "picture"]

BOX = (1240, 610)  # pixels
MIN_PX = 14  # the smallest axis text a room can read, on a 1280x720 screen
SCREEN = 1 / 1.04  # reveal.js shows a 1280x720 deck at this scale on a 1280x720 screen (its margin)
TEXT_PX = 15.5  # what the panels are rendered with: MIN_PX / SCREEN and a little room for the fit


def _place(ax, original, active):
    """Put `ax` at the `original` and `active` positions it had, keeping its place in the layout."""
    in_layout = ax.get_in_layout()
    ax.set_position(original, which="original")
    ax.set_position(active, which="active")
    ax.set_in_layout(in_layout)


def _save(fig):
    every = fig.axes + [child for ax in fig.axes for child in ax.child_axes]
    return [(ax, ax.get_position(original=True), ax.get_position(), ax.get_in_layout(), ax.get_visible(),
             ax.get_subplotspec(), ax.title.get_text(), ax.title.get_fontsize()) for ax in every]


def _restore(saved):
    for ax, original, active, in_layout, visible, spec, title, title_size in saved:
        if spec is not None:
            ax.set_subplotspec(spec)
        _place(ax, original, active)
        ax.set_in_layout(in_layout)
        ax.set_visible(visible)
        ax.title.set_text(title)
        ax.title.set_fontsize(title_size)


def _boxes(live, axes):
    """The largest tight box of `axes` (with labels and title) in pixels, and whether they lie in the figure.

    The second is a pair, (across, up): a label longer than its axes (constrained layout does
    not make room for it) runs out of the figure, and a crop would cut it.
    """
    boxes = live.boxes(axes)
    w, h = live.fig.bbox.size
    pad = 4.5  # LiveFigure.boxes pads them: only white space may fall outside
    inside = np.array([all(b.x0 >= -pad and b.x1 <= w + pad for b in boxes),
                       all(b.y0 >= -pad and b.y1 <= h + pad for b in boxes)])
    return np.max([b.size for b in boxes], axis=0), inside


class Fit:
    """A static picture's layout, for `axes` at the settings named `labels`.

    Its ``kind``: "grid" (a lone panel: the settings in rows of ``ncols``, each setting's name
    the panel's title and the panel's own title said once, under the picture's), "frames" (a
    row per setting, named on its left, the panels' titles over the first row) or "panels" (a
    row per panel, its title above it, the settings' names over the first row). Each panel
    fits a ``cell`` (pixels), rendered at ``dpi`` and placed at ``zoom`` of its pixels;
    ``points`` is the smallest axis text, in points.
    """

    def __init__(self, live, axes, labels, saved):
        self.live, self.axes, self.labels, self.saved = live, list(axes), list(labels), saved
        self.titles = [ax.get_title() for ax in axes]
        self.points = axis_text_points(axes, titles=False)
        self.dpi = TEXT_PX * 72 / self.points
        self.kind, self.ncols, self.cell, self.zoom, self.sizes, self.positions = "grid", 1, None, 1.0, {}, {}

    @property
    def text_px(self):
        """The smallest axis text in the picture, in its pixels."""
        return self.points * self.dpi / 72 * self.zoom

    def name(self, label):
        """Show the setting `label` (before its panels are rendered)."""
        if len(self.axes) == 1:
            self.axes[0].title.set_text(label)
            self.live.invalidate()

    def layouts(self):
        """(kind, columns, cell size in pixels) of each layout of the panels in BOX."""
        k, n_set = len(self.axes), len(self.labels)
        titled = LABEL_H if any(self.titles) else 0
        if k == 1:
            return [("grid", c, np.array([(BOX[0] - PAD * (c + 1)) / c,
                                          (BOX[1] - TITLE_H - titled - -(-n_set // c) * PAD) / -(-n_set // c)]))
                    for c in range(1, n_set + 1)]
        out = []
        frames = np.array([(BOX[0] - LABEL_H - PAD * (k + 1)) / k, (BOX[1] - TITLE_H - titled - n_set * PAD) / n_set])
        if frames[0] >= max(map(text_width, self.titles)):
            out.append(("frames", k, frames))
        panels = np.array([(BOX[0] - PAD * (n_set + 1)) / n_set, (BOX[1] - TITLE_H - LABEL_H - k * (titled + PAD)) / k])
        if panels[0] >= max(map(text_width, self.labels)):
            out.append(("panels", n_set, panels))
        return out or [("frames", k, frames)]

    def picture(self, shots):
        """The arguments of ``small_multiples`` for `shots`, {(setting index, axes): pixels}."""
        n_set, k = len(self.labels), len(self.axes)
        if self.kind == "grid":
            return {"panels": [shots[i, self.axes[0]] for i in range(n_set)], "labels": [""] * n_set,
                    "ncols": self.ncols, "subtitle": self.titles[0]}
        if self.kind == "frames":
            return {"panels": [shots[i, ax] for i in range(n_set) for ax in self.axes],
                    "labels": self.titles + [""] * (k * (n_set - 1)), "ncols": k, "side_labels": self.labels}
        return {"panels": [shots[i, ax] for ax in self.axes for i in range(n_set)],
                "labels": self.labels + [""] * (n_set * (k - 1)), "ncols": n_set,
                "row_titles": self.titles if any(self.titles) else ()}

    def alone(self, ax):
        """Lay `ax` out on its own: the other axes hidden, `ax` spanning the figure's grid; its own size."""
        _restore(self.saved)
        fig = self.live.fig
        fig.set_dpi(self.saved_dpi)
        fig.set_size_inches(self.saved_size, forward=False)
        panel = self.live.boxes([ax])[0].size / self.saved_dpi  # inches, as the live figure has it
        for other in fig.axes:
            if other is not ax:
                other.set_visible(False)
                other.set_in_layout(False)
                for child in other.child_axes:  # an inset (a colour key) draws even if its parent is hidden
                    child.set_visible(False)
        spec = ax.get_subplotspec()
        if spec is not None:
            ax.set_subplotspec(spec.get_gridspec()[:, :])
        ax.title.set_text("")  # said once, above the picture
        if len(self.axes) == 1:  # each setting's name takes its place
            ax.title.set_fontsize(self.points)
            ax.title.set_text(max(self.labels, key=len))
        fig.set_dpi(self.dpi)
        return panel + 0.1

    def lay_out(self, ax):
        """Lay `ax` out alone at the size ``projected`` chose for it, where its layout put the axes then."""
        self.alone(ax)
        _place_all(self.positions[ax])
        self.live.fig.set_size_inches(self.sizes[ax], forward=False)
        self.live.invalidate()

    def panels(self):
        """Each of the axes in turn, laid out on its own at the size chosen for it (render its frames then)."""
        for ax in self.axes:
            self.lay_out(ax)
            yield ax


def _positions(fig):
    """Where the layout put each axes of `fig`: [(axes, original position, active position)]."""
    return [(a, a.get_position(original=True), a.get_position()) for a in fig.axes]


def _place_all(positions):
    for ax, original, active in positions:
        _place(ax, original, active)


def _lay_out(live, size, start=()):
    """Lay the figure out at `size` inches, from the positions `start`; False if its axes would collapse.

    Constrained layout starts from where the axes are: after a layout at a size too small for
    the labels the axes are tiny, and every later layout collapses; `start` puts them back first.
    """
    _place_all(start)
    live.fig.set_size_inches(size, forward=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        live.engine.execute(live.fig)
    live.invalidate()
    return not any("collapsed" in str(w.message) for w in caught)


def _fit_cell(live, ax, start, cell):
    """(size in inches, zoom, positions): the figure in which panel `ax` fills `cell`, every label
    inside it, and where the layout put the axes (``_positions``).

    `ax` is alone in the figure (``Fit.alone``), laid out at its own size as `start` says. The figure is laid
    out at the cell's size, at the dpi that gives its text ``TEXT_PX``, so that the panel
    takes the cell's shape whatever shape it has in the live figure (a narrow curve beside a
    scatter gets the room a cell gives it). Where its labels do not fit (a label longer than
    its axes runs out of the figure; the layout collapses), the figure is laid out larger and
    its pixels shrunk (``zoom`` < 1), shrinking its text with them: the least that fits.
    """
    dpi = live.fig.dpi
    for zoom in np.linspace(1.0, 0.5, 11):
        size = cell / zoom / dpi
        if _lay_out(live, size, start):
            box, inside = _boxes(live, [ax])
            if inside.all():
                break
    return size, float(min(1.0, *(cell / box))), _positions(live.fig)


@contextmanager
def projected(live, axes, labels):
    """A ``Fit`` for a static picture of `axes` (of `live`, a ``LiveFigure``) at the settings named `labels`.

    Render the panels inside the ``with`` block, one axes at a time (``Fit.panels``). On exit
    every axes' position, subplot, title, visibility and place in the layout, the figure's size
    and its dpi are as they were, and the cached background is dropped.
    """
    fig = live.fig
    size, dpi0 = fig.get_size_inches().copy(), fig.dpi
    fit = Fit(live, axes, labels, _save(fig))
    fit.saved_size, fit.saved_dpi = size, dpi0
    try:
        if live.engine is None:
            raise ValueError("the static picture lays the figure out again with its layout engine: build the figure "
                             "with one (new_figure's constrained layout) and freeze it (LiveFigure.freeze_layout).")
        starts, models = {}, {}
        for ax in axes:  # each panel alone, at its own size: how much of it is labels
            _lay_out(live, fit.alone(ax))
            starts[ax] = _positions(fig)  # where each layout at another size starts from
            box, area = _boxes(live, [ax])[0], ax.bbox.size
            models[ax] = (box - area, area)

        def guess(cell):  # the largest figure scale with which every panel fits, were labels fixed
            return min(float(np.min((cell - deco) / area)) for deco, area in models.values())

        # the layout with the largest panels whose labels all fit them (a long axis label needs a
        # long enough axes); failing that, the one whose text is shrunk least
        tried = []
        for kind, ncols, cell in sorted(fit.layouts(), key=lambda g: -guess(g[2]))[:3]:
            sizes, zooms, positions = {}, [], {}
            for ax in axes:
                fit.alone(ax)
                sizes[ax], zoom, positions[ax] = _fit_cell(live, ax, starts[ax], cell)
                zooms.append(zoom)
            tried.append((min(zooms), -len(tried), kind, ncols, cell, sizes, positions))
            if min(zooms) >= 1.0:
                break
        fit.zoom, _, fit.kind, fit.ncols, fit.cell, fit.sizes, fit.positions = max(tried, key=lambda t: t[:2])
        yield fit
    finally:
        _restore(fit.saved)
        fig.set_size_inches(size, forward=False)
        fig.set_dpi(dpi0)
        live.invalidate()


def picture(demo):
    """(PNG bytes, alt text) of `demo`'s static picture (``Demo.static_picture``): each of its
    ``strip_panel`` axes laid out on its own (``projected``) and drawn at each of ``frames()``."""
    axes = [demo.axes[i] for i in np.atleast_1d(demo.strip_panel)]
    frames, shots = demo.frames(), {}
    with demo._held():
        with projected(demo.live, axes, [label for label, _ in frames]) as fit:
            for ax in fit.panels():  # each panel laid out on its own, then drawn at every setting
                demo.fit_to_size()
                for i, (label, values) in enumerate(frames):
                    for name, value in values.items():
                        demo.controls[name].value = value
                    demo._draw(**demo.values())
                    fit.name(label)
                    # the panel's artists (a pixel copy placed on the figure, kmeans' key, fits the live layout only)
                    drawn = [a for a in demo.dynamic() + demo.static_only() if a is not None and (
                        a.axes in (ax, *ax.child_axes)
                        or (a.axes is None and a.get_transform().contains_branch(ax.transAxes)))]
                    shots[i, ax] = demo.live.panels(drawn, [ax])[0]
        demo.fit_to_size()  # the live layout is back; then the controls, and the figure as it was
    png = small_multiples(title=demo.title, zoom=fit.zoom, axis_text_px=fit.points * fit.dpi / 72,
                          **fit.picture(shots))
    names = "', '".join(ax.get_title() or "the figure" for ax in axes)
    which = f"the panel '{names}'" if len(axes) == 1 else f"the panels '{names}'"
    alt = (f"{demo.title}. A static picture of an interactive figure, for readers without a "
           f"running kernel: {which} at {len(frames)} settings of its controls "
           f"({'; '.join(label for label, _ in frames)}). Run the notebook to move the sliders.")
    return png, alt
