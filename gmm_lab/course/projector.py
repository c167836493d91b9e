"""What a figure needs to be read from a room: its axis text measured, and a size for it recorded.

The decks are shown on 1280x720 projectors, where 14-pixel text is about the smallest a room
reads. ``plotting.show`` renders a figure at ``SHOW_DPI`` (10-point text is then 15 pixels) and
the static pictures of the live figures are laid out for it (``widgets.static``); both record
the size of their smallest axis text, in the PNG's own pixels, in a PNG text chunk
(``AXIS_TEXT_KEY``), and tests/browser/test_slides_fit.py checks it as each deck shows it.
"""

__all__ = ["SHOW_DPI", "AXIS_TEXT_KEY", "MIN_TEXT_PT", "axis_text_points", "figure_png", "small_text"]

SHOW_DPI = 110  # what ``plotting.show`` renders at: 10-point text is 15 pixels
AXIS_TEXT_KEY = "gmm_lab axis text px"  # the PNG text chunk that records a figure's smallest axis text
# the smallest text a figure sets (legends, keys, notes): a figure shown in a laptop's notebook
# column, with JupyterLab's file browser open, is shrunk to about 0.93 of its size, and 8.4 pt is
# about the least a student reads without leaning in
MIN_TEXT_PT = 9


def axis_text_points(axes, titles=True, need=True):
    """The smallest font size (points) of the visible text that labels `axes`: tick labels, axis labels, titles.

    With ``need=False``, None for axes without any such text (else a ValueError).
    """
    sizes = []
    for ax in axes:
        texts = [ax.title] if titles else []
        for axis in (ax.xaxis, ax.yaxis) if ax.axison else ():
            texts += [*axis.get_ticklabels(), axis.label] if axis.get_visible() else []
        sizes += [t.get_fontsize() for t in texts if t.get_visible() and t.get_text().strip()]
    if not sizes and not need:
        return None
    if not sizes:
        raise ValueError("the axes have no tick labels, axis labels or titles: there is no text to size the "
                         "figure by; label the axes (ax.set_xlabel, ax.set_title).")
    return min(sizes)


def figure_png(fig):
    """The base64 PNG of `fig` at ``SHOW_DPI`` (as IPython shows a figure: white margins cut), its
    smallest axis text recorded in pixels (text chunk ``AXIS_TEXT_KEY``; none if it has no axis text)."""
    from IPython.core.pylabtools import print_figure

    points = axis_text_points(fig.axes, need=False)
    text = {AXIS_TEXT_KEY: f"{points * SHOW_DPI / 72:.2f}"} if points else {}
    return print_figure(fig, "png", dpi=SHOW_DPI, base64=True, metadata=text)


def small_text(fig, least=MIN_TEXT_PT):
    """The visible, non-empty texts of `fig` set smaller than `least` points: [(text, size), ...].

    Every text counts: titles, labels, ticks, legends and their titles, notes, keys (child axes).
    """
    from matplotlib.text import Text

    return [(t.get_text().strip()[:40], t.get_fontsize()) for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and t.get_fontsize() < least
            and (t.axes is None or t.axes.get_visible())]  # a hidden axes hides its texts
