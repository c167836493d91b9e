"""The machinery every live figure shares: a blitted figure in an image, controls, a status line.

Each demo owns one matplotlib figure (Agg, not registered with pyplot) shown in an
``ipywidgets.Image``. A control change only updates existing artists (offsets,
colours, ellipse geometry, line data) and re-renders the figure to PNG; nothing is
refitted in a callback: anything expensive (EM runs, samples) is computed before or
when the demo is built. Displaying a demo shows the live widget in JupyterLab and
also stores a static picture with alt text, for readers without a kernel (GitHub,
nbviewer, the book, the decks): small multiples of its panels over the demo's
``frames()`` (e.g. EM's start, the E-step and the M-step of its first iteration, a few
later iterations and the end), so they see how the figure moves, not only its first state;
laid out for a projector (``gmm_lab.course.widgets.static``).

``demo.set(name=value, ...)`` moves controls from code, exactly as a student would
(the benchmark and the tests use it).
"""

import base64
from contextlib import contextmanager

import ipywidgets as W
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from ..plotting import new_figure
from .access import FigureAccess, check_names, check_slider, live_alt
from .pixels import encode_png
from .static import picture
from .steps import StepButtons

__all__ = ["LiveFigure", "Demo", "slider", "track_width", "flat"]


def flat(nested):
    """The items of a list of lists, in one list (e.g. the patches of ``plot_ellipses``)."""
    return [a for row in nested for a in row]


class LiveFigure:
    """A matplotlib figure rendered into an ``ipywidgets.Image``, with blitting.

    The static part (axes, ticks, labels, legends) is rendered once and cached;
    each refresh restores that background and draws only the dynamic artists, so a
    slider move costs a few milliseconds instead of a full redraw.
    """

    def __init__(self, fig):
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        w, h = fig.get_size_inches() * fig.dpi
        self.image = W.Image(format="png", layout=W.Layout(width=f"{int(w)}px", max_width="100%"))
        self._background = None
        self._boxes = {}  # each axes' tight box (with labels and title), valid while the background is
        self.renders = 0  # how many times the figure was drawn: one per control change
        self.engine = None  # the layout engine, once frozen (the static picture lays the figure out again)

    def freeze_layout(self):
        """Run the layout engine once, then keep the layout fixed (it is costly per draw)."""
        engine = self.fig.get_layout_engine()
        if engine is not None:
            engine.execute(self.fig)  # what a draw would do first, without the draw
        self.engine = engine  # kept: the static picture lays the figure out again at its own size
        self.fig.set_layout_engine("none")
        self.invalidate()

    def invalidate(self):
        """Re-render the background on the next refresh (after axis limits or labels change)."""
        self._background = None
        self._boxes = {}

    def render(self, dynamic=()):
        """Draw the figure into the canvas: cached background plus the `dynamic` artists."""
        dynamic = [a for a in dynamic if a is not None]
        for a in dynamic:
            a.set_animated(True)
        if self._background is None:
            self.canvas.draw()  # animated artists are left out of the background
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        else:
            self.canvas.restore_region(self._background)
        for a in dynamic:
            self.fig.draw_artist(a)
        self.renders += 1

    def png(self, dynamic=()):
        """The figure as PNG bytes: cached background plus the `dynamic` artists."""
        self.render(dynamic)
        return encode_png(np.asarray(self.canvas.buffer_rgba()))

    def refresh(self, dynamic=()):
        self.image.value = self.png(dynamic)

    def boxes(self, axes):
        """Each of `axes`' tight box (with labels and title) in pixels, measured without drawing."""
        renderer = self.canvas.get_renderer()
        return [ax.get_tightbbox(renderer).padded(4) for ax in axes]

    def panels(self, dynamic, axes):
        """The pixels of each of `axes` (with its labels and title), from one render: (h, w, 3) arrays."""
        self.render(dynamic)
        rgba = np.asarray(self.canvas.buffer_rgba())
        height, width = rgba.shape[:2]
        out = []
        for ax in axes:
            # an axes' box only changes with what the background holds (limits, ticks, labels),
            # so it is measured once per background: measuring costs more than the render itself.
            # (Dynamic artists count too, as drawn at the first frame: today all are clipped to
            # their axes or sit inside them; a text that moves outside would need a fresh box.)
            if ax not in self._boxes:
                self._boxes[ax] = self.boxes([ax])[0]
            box = self._boxes[ax]
            x0, x1 = int(max(box.x0, 0)), int(min(box.x1, width))
            y0, y1 = int(max(height - box.y1, 0)), int(min(height - box.y0, height))
            out.append(rgba[y0:y1, x0:x1, :3].copy())
        return out

    def panel(self, dynamic, ax):
        """The pixels of one axes (with its labels and title) as drawn now: an (h, w, 3) array."""
        return self.panels(dynamic, [ax])[0]


def slider(description, value, lo, hi, step, *, continuous=True, readout_format=".2f", integer=False,
           width="300px"):
    """A labelled slider; ``continuous=False`` updates only on release (for costly redraws).

    `width` is the whole widget's (label, track and readout): a slider over hundreds of
    values needs a longer track than the default for a hand to place it. The description is
    the slider's name for a screen reader too (``access.FigureAccess``), and the readout is its
    spoken value, so `readout_format` must show every stop exactly.
    """
    check_slider(description, None if integer else readout_format, value=value, min=lo, max=hi, step=step)
    cls = W.IntSlider if integer else W.FloatSlider
    kw = {} if integer else {"readout_format": readout_format}
    return cls(
        value=value, min=lo, max=hi, step=step, description=description,
        continuous_update=continuous, style={"description_width": "initial"},
        layout=W.Layout(width=width), **kw,
    )


def track_width(figure_width, n_stops, per_stop):
    """``slider``'s `width` for `n_stops` stops about `per_stop` pixels apart: at least 300 px,
    at most the width of a figure `figure_width` inches wide less 200 px."""
    width = min(int(figure_width * 100) - 200, 130 + per_stop * n_stops)
    return f"{max(width, 300)}px"


class Demo:
    """Base class: controls + a live figure + a status line; subclasses build artists and update them.

    A subclass sets ``title`` and ``size`` (inches) and fills in ``_controls`` (a dict
    of widgets), ``_build`` (draw the static figure and the artists to update),
    ``_draw(**values)`` (update those artists; return the status text) and ``dynamic``
    (the artists a change can alter). Every control change calls ``update`` once.
    """

    title = "interactive figure"
    size = (9.0, 4.0)
    ncols = 2
    strip_panel = 0  # the axes the static picture shows, one copy per frame (a tuple: several per frame)

    def __init__(self):
        self.fig, axes = new_figure(1, self.ncols, size=self.size, pyplot=False)
        self.axes = np.atleast_1d(axes)
        self.live = LiveFigure(self.fig)
        self.controls = self._controls()
        self._build()
        for artist in self.static_only():  # kept out of the live figure's cached background
            artist.set_animated(True)
        self.live.freeze_layout()
        self._quiet = False  # True while a control is changed as part of another change
        for ctrl in self.controls.values():
            ctrl.observe(self._on_change, names="value")
        # a fixed height, so that a longer status does not make the figure jump
        # two lines of ipywidgets' 28 px line height: a status that wraps on a 1280-pixel screen
        # (09's BICs, 08's note on swapped labels) is read whole
        self.status = W.HTML(layout=W.Layout(height="58px", overflow="hidden"))
        self.buttons = []
        self.row = W.HBox(list(self.controls.values()), layout=W.Layout(flex_flow="row wrap"))
        # names, value text, focus ring, Escape and alt text for keyboard and screen-reader users
        check_names(self.sliders, self.title)
        self.access = FigureAccess(self.title)
        self.status.add_class("gmm-status")
        self.widget = W.VBox([self.row, self.status, self.live.image, self.access])
        self.widget.add_class("gmm-figure")
        self.update()

    # subclasses fill these in
    def _controls(self):
        raise NotImplementedError

    def _build(self):
        raise NotImplementedError

    def _draw(self, **values):
        raise NotImplementedError

    def dynamic(self):
        """The artists a control change can alter (drawn over the cached background)."""
        raise NotImplementedError

    def static_only(self):
        """Artists drawn in the static picture only (text the live figure leaves to the status line).

        The static picture has no status line, so what a reader needs from it goes into
        the panels there. ``Demo`` makes them animated, so the live figure's cached
        background leaves them out.
        """
        return []

    def values(self):
        return {name: ctrl.value for name, ctrl in self.controls.items()}

    def fit_to_size(self):
        """Set what depends on the axes' size in pixels (a ring's room at the ends of a curve).

        Called after each layout: when the demo is built, and when the static picture lays a
        panel out at its own size (and once more when the live layout is back). Default: nothing.
        """

    def frames(self):
        """The states the static picture shows: a list of (label, {control: value}).

        Subclasses choose a few telling settings of their main control; the default is
        the current state alone.
        """
        return [("as shown", {})]

    @contextmanager
    def _held(self):
        """Change controls without a render per change; the controls are restored afterwards."""
        saved, self._quiet = self.values(), True
        try:
            yield
        finally:
            for name, value in saved.items():
                self.controls[name].value = value
            self._quiet = False
            self.update()

    def static_picture(self):
        """(PNG bytes, alt text) of the static picture over ``frames()``, laid out for a projector.

        One panel (``strip_panel``) per frame; with a tuple of panels, every panel at every
        frame (``static.picture`` picks the grid and the size of the panels' text).
        """
        return picture(self)

    @property
    def sliders(self):
        """The controls that are sliders (what a student drags)."""
        return [c for c in self.controls.values() if isinstance(c, (W.FloatSlider, W.IntSlider))]

    def _on_change(self, change):
        if not self._quiet:
            self.update()

    def update(self):
        """Redraw for the current control values (called once per change)."""
        message = self._draw(**self.values())
        self.status.value = message or ""
        self.live.refresh(self.dynamic())
        self.access.alt = live_alt(self.title, [ax.get_title() for ax in self.axes if ax.get_title()], self.status.value)

    def replace_control(self, name, control):
        """Put the new widget `control` in the place of control `name`: same row position, same callback.

        For a slider whose range must change: ipywidgets' slider view (noUiSlider 15) takes a
        new ``max`` for dragging and drawing, but its End and Home keys keep the range it was
        created with (its keyboard handler reads options that an update leaves stale), so End
        would jump to the first range's end. A new slider has a view made for its own range.
        """
        old = self.controls[name]
        old.unobserve(self._on_change, names="value")
        self.controls[name] = control
        control.observe(self._on_change, names="value")
        self.row.children = tuple(control if c is old else c for c in self.row.children)
        if getattr(self, "steps", None) is not None and self.steps.slider is old:
            self.steps.attach(control)
        old.close()

    def add_step_buttons(self, name="step"):
        """Put ``StepButtons`` for the half-step slider `name` above the controls."""
        self.steps = StepButtons(self.controls[name])
        self.buttons = [self.steps.back, self.steps.forward]
        self.widget.children = (self.steps.box,) + tuple(self.widget.children)

    def set(self, **values):
        """Move controls from code; each change redraws, as a slider move would."""
        for name, value in values.items():
            self.controls[name].value = value

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_()
        bundle["text/plain"] = f"[{self.title}: interactive in JupyterLab with a running kernel]"
        png, alt = self.static_picture()
        bundle["image/png"] = base64.b64encode(png).decode("ascii")
        # the alt text travels in the output's metadata (nbconvert and the book read it there)
        return bundle, {"image/png": {"alt": alt}}
