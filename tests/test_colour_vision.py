"""Colour a colour-blind student can read (issue 20): the encoding, seen through simulated dichromacy.

The simulation: Machado, Oliveira & Fernandes (2009), "A physiologically-based model for
simulation of color vision deficiency", IEEE TVCG 15(6), 1291-1298, their matrices for
protanopia, deuteranopia and tritanopia at severity 1.0, applied to linear sRGB (as
colorspacious does). The distance: CIELAB ΔE*ab (1976), sRGB's D65 white. A difference of
20 is plainly visible; the goal is at least that between what a point is drawn in when it is
certain of component j, every other component's, and the "as likely as any" grey (K <= 4).
From the fifth component on, the marker shape carries identity.

The model is written out here (its three matrices, the sRGB transfer function, the Lab formula:
about 30 lines) rather than taken from colorspacious, which implements the same model: the test
needs nothing else from it, and the course's development set stays one package smaller.
"""

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.markers import MarkerStyle

from gmm_lab.course import plotting as gp
from gmm_lab.course.widgets import catalog
from gmm_lab.course.widgets.local_optima import OPTIMUM_HATCHES, basin_colours

MACHADO_2009 = {  # severity 1.0 (their supplementary table; colorspacious's cvd.py has the same)
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
VISIONS = ("normal", *MACHADO_2009)
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
D65 = np.array([0.95047, 1.0, 1.08883])
GOAL = 20.0


def to_linear(rgb):
    rgb = np.asarray(rgb, dtype=float)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def from_linear(lin):
    lin = np.clip(lin, 0.0, 1.0)
    return np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)


def simulate(rgb, vision, matrix=None):
    """sRGB colours in [0, 1] (shape (..., 3)) as seen with `vision` ("normal" or a MACHADO_2009 key)."""
    if vision == "normal" and matrix is None:
        return np.asarray(rgb, dtype=float)
    m = np.asarray(MACHADO_2009[vision] if matrix is None else matrix)
    return from_linear(to_linear(rgb) @ m.T)


def cielab(rgb):
    """CIELAB (L*, a*, b*) of sRGB colours in [0, 1], white point D65."""
    t = to_linear(rgb) @ SRGB_TO_XYZ.T / D65
    d = 6 / 29
    f = np.where(t > d**3, np.cbrt(t), t / (3 * d * d) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def delta_e(a, b):
    """CIE 1976 colour difference of sRGB colours `a` and `b`."""
    return np.linalg.norm(cielab(a) - cielab(b), axis=-1)


def on_white(rgba):
    """What an RGBA colour looks like drawn on the figures' white face."""
    rgba = np.atleast_2d(rgba)
    return rgba[:, :3] * rgba[:, 3:4] + (1 - rgba[:, 3:4])


# --------------------------------------------------------------------------- the tools, checked
def test_the_simulation_reproduces_published_values():
    # the pipeline (linearise, matrix, encode) against colorspacious's test vectors for deuteranomaly 50
    deut50 = [[0.547494, 0.607765, -0.155259], [0.181692, 0.781742, 0.036566], [-0.010410, 0.027275, 0.983136]]
    np.testing.assert_allclose(simulate([0.1, 0.2, 0.3], None, deut50), [0.12440528, 0.19103024, 0.29911687], atol=1e-7)
    np.testing.assert_allclose(simulate([0.9, 0.5, 0.3], None, deut50), [0.76726301, 0.59528358, 0.29263454], atol=1e-7)
    for vision in MACHADO_2009:  # a dichromat sees white as white, and every grey as itself
        np.testing.assert_allclose(simulate(np.ones(3), vision), 1.0, atol=2e-6)
        np.testing.assert_allclose(simulate(np.full(3, 0.62), vision), 0.62, atol=2e-6)
    # Okabe-Ito's green and purple under deuteranopia, the values issue 20 quotes: almost one grey
    assert np.array_equal(np.round(255 * simulate(to_rgb("#009E73"), "deuteranopia")), [138, 134, 118])
    assert np.array_equal(np.round(255 * simulate(to_rgb("#CC79A7"), "deuteranopia")), [148, 152, 165])


def test_cielab_reproduces_published_values():
    np.testing.assert_allclose(cielab([1.0, 1.0, 1.0]), [100, 0, 0], atol=1e-3)
    np.testing.assert_allclose(cielab([1.0, 0.0, 0.0]), [53.2408, 80.0925, 67.2032], atol=1e-3)  # sRGB red
    np.testing.assert_allclose(cielab([0.0, 0.0, 1.0]), [32.2970, 79.1875, -107.8602], atol=1e-3)  # sRGB blue
    assert delta_e([1.0, 1.0, 1.0], [0.0, 0.0, 0.0]) == pytest.approx(100, abs=1e-3)


# --------------------------------------------------------------------------- the goal
def _worst(colours, vision):
    """The smallest ΔE between any two of `colours` (rows, sRGB) under `vision`, and which pair."""
    seen = simulate(colours, vision)
    pairs = list(itertools.combinations(range(len(colours)), 2))
    distances = [delta_e(seen[i], seen[j]) for i, j in pairs]
    return min(distances), pairs[int(np.argmin(distances))]


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("k", [2, 3, 4])
def test_certain_and_uncertain_points_stay_apart_for_a_dichromat(k, vision):
    """Rows 0..k-1: certain of component j; row k: as likely as any; all >= 20 apart (ΔE)."""
    certain = gp.responsibility_colors(np.eye(k))[:, :3]
    undecided = gp.responsibility_colors(np.full((1, k), 1 / k))[:, :3]
    worst, pair = _worst(np.vstack([certain, undecided]), vision)
    assert worst >= GOAL, f"K={k}, {vision}: rows {pair} are {worst:.1f} apart"
    # the same, as plot_responsibilities draws them (its alpha, on white); and the grey before any E-step
    fig, ax = plt.subplots()
    try:
        r = np.vstack([np.eye(k), np.full((1, k), 1 / k)])
        drawn = on_white(gp.plot_responsibilities(np.zeros((k + 1, 2)), r, ax=ax).get_facecolors())
        worst, pair = _worst(drawn, vision)
        assert worst >= GOAL, f"K={k}, {vision}, as drawn: rows {pair} are {worst:.1f} apart"
        before = delta_e(simulate(drawn[:k], vision), simulate(gp.GREY, vision)).min()
        assert before >= GOAL, f"K={k}, {vision}: a certain point is {before:.1f} from the grey of no E-step yet"
    finally:
        plt.close(fig)


def test_two_components_keep_the_diverging_blue_and_orange():
    np.testing.assert_allclose(gp.component_colors(2), [to_rgb(gp.PALETTE[0]), to_rgb(gp.PALETTE[1])])


def _marker(path):
    """Which of gp.MARKERS a drawn path is (as scatter draws a marker), or None."""
    for m in gp.MARKERS:
        style = MarkerStyle(m)
        ref = style.get_path().transformed(style.get_transform())
        if ref.vertices.shape == path.vertices.shape and np.allclose(ref.vertices, path.vertices):
            return m
    return None


@pytest.mark.parametrize("k", [2, 5, 8, 11])
def test_from_the_fifth_component_on_the_shape_carries_identity(k):
    """plot_responsibilities draws each point in its most likely component's marker, one per component."""
    fig, ax = plt.subplots()
    try:
        rng = np.random.default_rng(k)
        r = rng.dirichlet(np.full(k, 0.3), size=200)
        points = gp.plot_responsibilities(rng.normal(size=(200, 2)), r, ax=ax)
        drawn = [_marker(p) for p in points.get_paths()]
        assert drawn == [gp.MARKERS[j % len(gp.MARKERS)] for j in r.argmax(axis=1)]
        shapes = gp.component_markers(k)
        assert len(set(shapes)) == min(k, len(gp.MARKERS)) and None not in map(_marker, gp.responsibility_paths(np.eye(k)))
        # up to 40 components, no two share both colour and shape
        pairs = {(tuple(c), m) for c, m in zip(gp.component_colors(40), gp.component_markers(40))}
        assert len(pairs) == 40
        # and the key shows each component's shape beside its colour
        key = ax.child_axes[0]
        assert [_marker(c.get_paths()[0]) for c in key.collections] == shapes
        np.testing.assert_allclose([c.get_facecolors()[0, :3] for c in key.collections], gp.component_colors(k))
    finally:
        plt.close(fig)


def test_no_notebook_colours_components_with_an_unchecked_colour_map():
    """Component identity comes from the course's encoding (checked above), not a categorical colour map."""
    from pathlib import Path

    for path in sorted(Path(__file__).parents[1].glob("notebooks/*.py")):
        text = path.read_text()
        for cmap in ("tab10", "tab20", "Set1", "Set2", "Set3", "Paired", "Accent", "Dark2", "Pastel"):
            assert f'"{cmap}' not in text and f"'{cmap}" not in text, f"{path.name} uses {cmap}"


@pytest.mark.parametrize("vision", VISIONS)
def test_the_basin_maps_ends_differ_without_hue(vision):
    """08's map: its colours stay >= 20 apart for a dichromat, and each optimum has its own hatching."""
    colours = np.array(basin_colours(2))
    worst, pair = _worst(colours, vision)
    assert worst >= GOAL, f"{vision}: map colours {pair} are {worst:.1f} apart"
    assert len(set(OPTIMUM_HATCHES)) == len(OPTIMUM_HATCHES)


def _prose(name):
    from pathlib import Path

    (path,) = Path(__file__).parents[1].glob(f"notebooks/{name}-*.py")
    return " ".join(line.lstrip("# ").strip() for line in path.read_text().splitlines())


def test_the_prose_names_the_shapes_and_colours_drawn():
    """00 and 03 tell students which colour and shape each component has: keep them true."""
    assert gp.MARKERS[:4] == ("o", "s", "^", "D")
    assert gp.COMPONENT_PALETTE[:4] == ("#0072B2", "#E69F00", "#882255", "#000000")
    assert "(1 a circle, 2 a square, 3 a triangle, 4 a diamond, ...)" in _prose("00")
    assert "The colours (blue, orange, wine red, black)" in _prose("00")
    assert "blue circle, orange square or wine-red triangle" in _prose("03")
    assert "A colour that belongs to no component never appears." in _prose("00")


# --------------------------------------------------------------------------- lines: a second channel
def test_lines_that_differ_only_in_colour_are_found():
    """The check itself: same line style and marker in another colour is found; a style, a marker or
    one colour (a family) is not; only lines in one axes are compared."""
    fig, (ax, other) = plt.subplots(1, 2)
    try:
        x = np.arange(5.0)
        ax.plot(x, x, "-", color=gp.PALETTE[0], label="a")
        ax.plot(x, 2 * x, "-", color=gp.PALETTE[1], label="b")
        assert gp.lines_told_apart_by_hue_alone(fig) == [("", "a", "b")]
        ax.lines[1].set_linestyle("--")
        assert gp.lines_told_apart_by_hue_alone(fig) == []
        ax.lines[1].set_linestyle("-")
        ax.lines[1].set_marker("s")
        assert gp.lines_told_apart_by_hue_alone(fig) == []
        ax.lines[1].set_marker("None")
        ax.lines[1].set_color(gp.PALETTE[0])  # one colour, one style: one family (e.g. three ellipses)
        assert gp.lines_told_apart_by_hue_alone(fig) == []
        other.plot(x, x, "-", color=gp.PALETTE[2])  # another axes: not compared
        assert gp.lines_told_apart_by_hue_alone(fig) == []
        ax.lines[1].set_color(gp.PALETTE[2])
        with pytest.raises(ValueError, match="lines that differ in colour only.*line style or marker"):
            gp.show(fig, alt="Two straight lines told apart by their colour alone.")
    finally:
        plt.close(fig)


@pytest.mark.parametrize("entry", catalog.ENTRIES, ids=lambda e: f"{e.notebook[:2]}-{e.cls.__name__}")
def test_every_live_figures_lines_differ_in_line_style_or_marker(entry):
    """In every live figure, at every setting its static picture shows, two lines (curves or series of
    markers) in one axes never differ by colour alone (issue 20: 13's held-out and AIC curves, 11's
    log-likelihood and MAP objective, the 1-D component curves). The notebooks' static figures go
    through ``plotting.show``, which refuses such a figure (so nbval checks them)."""
    demo = entry.build()
    try:
        for label, values in demo.frames():
            demo.set(**values)
            assert gp.lines_told_apart_by_hue_alone(demo.fig) == [], f"{entry.cls.__name__} at {label}"
    finally:
        plt.close(demo.fig)
