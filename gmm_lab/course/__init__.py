"""The course machinery: what the notebooks show and check, not what they teach.

- ``handout``: the lab handout's data and start, and its own (flawed) code, for comparison;
- ``datasets``: the data sets (Old Faithful, and made ones); ``data/``: the files;
- ``plotting``: figures (plot helpers take ``ax=None``, draw, and return what they drew);
  ``figures``: the chapter figures built from them (the drawing a notebook needs, not its lesson);
  ``deep_dive_figures``: the same for the deep dives of 07-09;
- ``encoding``: how a point shows its responsibilities (colour, marker shape, the key);
  ``plotting`` has its names too;
- ``widgets``: the notebooks' live figures, one module per chapter;
- ``checks``: the exercises' checks.

``plotting``, ``encoding``, ``figures``, ``deep_dive_figures``, ``widgets`` and ``checks`` load matplotlib and
ipywidgets, so they are loaded when first used (``gmm_lab.course.plotting`` works without an import of its own).
"""

import importlib

_LAZY = ("plotting", "encoding", "figures", "deep_dive_figures", "widgets", "checks")


def __getattr__(name):
    if name in _LAZY:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(["handout", "datasets", *_LAZY])
