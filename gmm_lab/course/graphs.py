"""The graphical models of a Gaussian mixture (PRML Figs. 9.4, 9.6 and 9.9), drawn with matplotlib.

Plain matplotlib, not daft-pgm: three small graphs need circles, arrows and one plate, which
matplotlib draws in a few lines, and the course set (and Binder) gains no package. Each model
is data first (``MODELS``: nodes with their position and whether they are observed, edges as
the factorisation of the joint says); ``draw_model`` draws exactly that and returns the
artists by node and edge, so a test can compare what is drawn with the model.

* ``"latent"`` (Fig. 9.4): one point, p(x, z) = p(z) p(x | z); z latent (open), x observed (shaded).
* ``"plate"`` (Fig. 9.6): n points (i = 1, ..., n) in a plate, with the parameters π, μ, Σ as small solid dots:
  p(X, Z | π, μ, Σ) = ∏_i p(z_i | π) p(x_i | z_i, μ, Σ).
* ``"complete"`` (Fig. 9.9): the same, with z_i observed too (complete data): then the
  log-likelihood splits by component, and the M-step alone would be the whole fit.
"""

from dataclasses import dataclass

import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

__all__ = ["Node", "MODELS", "draw_model", "OBSERVED", "LATENT"]

OBSERVED = "#bbbbbb"  # a shaded node: observed
LATENT = "white"
RADIUS = 0.32
DOT = 0.07  # a parameter: a small solid dot, as PRML draws them


@dataclass(frozen=True)
class Node:
    label: str
    xy: tuple
    observed: bool = False
    parameter: bool = False


def _mixture(observed_z):
    nodes = {"pi": Node("π", (0.0, 1.6), parameter=True), "z": Node("zᵢ", (1.3, 1.6), observed=observed_z),
             "x": Node("xᵢ", (1.3, 0.3), observed=True), "mu": Node("μ", (2.8, 0.75), parameter=True),
             "Sigma": Node("Σ", (2.8, -0.15), parameter=True)}
    return {"nodes": nodes, "edges": [("pi", "z"), ("z", "x"), ("mu", "x"), ("Sigma", "x")],
            "plate": (["z", "x"], "n")}


MODELS = {
    "latent": {"nodes": {"z": Node("z", (0.0, 1.3)), "x": Node("x", (0.0, 0.0), observed=True)},
               "edges": [("z", "x")], "plate": None},
    "plate": _mixture(False),
    "complete": _mixture(True),
}


def draw_model(kind, ax):
    """Draw the model `kind` ("latent", "plate" or "complete") on `ax`.

    Returns
    -------
    drawn : dict
        ``{"nodes": {name: patch}, "edges": {(parent, child): arrow}, "plate": patch or None}``.
    """
    if kind not in MODELS:
        raise ValueError(f"kind must be one of {sorted(MODELS)}; got {kind!r}.")
    model = MODELS[kind]
    nodes, patches, arrows = model["nodes"], {}, {}
    for name, node in nodes.items():
        if node.parameter:
            patches[name] = ax.add_patch(Circle(node.xy, DOT, facecolor="black", edgecolor="black", zorder=3))
            ax.text(node.xy[0], node.xy[1] + 0.16, node.label, ha="center", va="bottom", fontsize=14)
        else:
            patches[name] = ax.add_patch(Circle(node.xy, RADIUS, facecolor=OBSERVED if node.observed else LATENT,
                                                edgecolor="black", lw=1.5, zorder=3))
            ax.text(*node.xy, node.label, ha="center", va="center", fontsize=14, zorder=4)
    for parent, child in model["edges"]:
        a, b = np.array(nodes[parent].xy), np.array(nodes[child].xy)
        u = (b - a) / np.linalg.norm(b - a)  # from edge to edge: circles are round, the aspect is equal
        arrows[(parent, child)] = ax.add_patch(FancyArrowPatch(
            a + u * _radius(nodes[parent]), b - u * _radius(nodes[child]), arrowstyle="-|>", mutation_scale=16,
            lw=1.4, color="black", shrinkA=0, shrinkB=0, zorder=2))
    plate = None
    if model["plate"]:
        inside, count = model["plate"]
        xs = [nodes[n].xy[0] for n in inside]
        ys = [nodes[n].xy[1] for n in inside]
        x0, y0 = min(xs) - 0.6, min(ys) - 0.6
        plate = ax.add_patch(FancyBboxPatch((x0, y0), max(xs) - min(xs) + 1.2, max(ys) - min(ys) + 1.2,
                                            boxstyle="round,pad=0.02", fill=False, lw=1.2))
        ax.text(max(xs) + 0.5, y0 + 0.08, count, ha="right", va="bottom", fontsize=12)
    xy = np.array([n.xy for n in nodes.values()])
    # every model drawn at one scale (the largest model's span, about this one's centre), widened to the
    # axes box's shape at draw time (adjustable="datalim"): each fills the same box, so the titles of
    # models side by side sit at one height
    centre = (xy.min(axis=0) + xy.max(axis=0)) / 2
    ax.update_datalim(np.array([centre - SPAN / 2, centre + SPAN / 2]))
    ax.autoscale_view(tight=True)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_axis_off()
    return {"nodes": patches, "edges": arrows, "plate": plate}


def _span(model):
    xy = np.array([n.xy for n in model["nodes"].values()])
    return xy.max(axis=0) - xy.min(axis=0) + 1.6


SPAN = np.max([_span(m) for m in MODELS.values()], axis=0)  # (width, height) of the largest model, margins in


def _radius(node):
    return DOT if node.parameter else RADIUS
