"""Notebook 08's live figure: a map of where EM ends from each start, and the way there."""

import numpy as np
from matplotlib.colors import ListedColormap, to_rgb
from matplotlib.patches import Patch

from ...gaussian import gaussian_pdf
from ...practice.basins import basin_codes
from ..plotting import LINESTYLES, component_colors
from .live import Demo, slider

__all__ = ["BasinExplorer", "OPTIMUM_COLORS", "OPTIMUM_HATCHES", "SYMMETRIC", "basin_colours"]

# one hue per optimum (Tol's muted green, purple, sand, cyan: not the components' blue and orange),
# dark where component 1 ends on the left, light where it ends on the right; and, so that hue is
# not the only cue, one hatching per optimum (the best: none)
OPTIMUM_COLORS = ("#117733", "#AA4499", "#DDCC77", "#88CCEE")
OPTIMUM_HATCHES = ("", "////", "\\\\\\\\", "....")
SYMMETRIC = "#222222"  # both components end identical: EM never broke the symmetry


def _light(color, amount=0.5):
    return tuple(amount * np.array(to_rgb(color)) + (1 - amount) * np.ones(3))


def basin_colours(n_optima):
    """The map's colours: per optimum (best first) a dark and a light one, then the symmetric ends'."""
    pairs = [(to_rgb(c), _light(c)) for c in OPTIMUM_COLORS[:n_optima]]
    return [c for pair in pairs for c in pair] + [to_rgb(SYMMETRIC)]


def _hatch_colour(code):
    """Hatching that shows on its ground: light on the dark colours, dark on the light ones."""
    return "0.92" if code % 2 == 0 else "0.3"


class BasinExplorer(Demo):
    """Pick a start (mu1, mu2) on the map of basins; see its EM path and the fit it reaches.

    Parameters
    ----------
    x : array-like of shape (n_samples,)
        1-D data.
    grid : array-like of shape (G,)
        Evenly spaced starting means: start i * G + j begins at (grid[i], grid[j]).
    paths : EMPaths
        ``gmm_lab.em_paths`` from those G * G starts (K = 2); nothing is fitted here.
    start : (float, float)
        The sliders' first position.
    """

    title = "which optimum does each start reach?"
    size = (11.0, 4.6)

    def __init__(self, x, grid, paths, *, start=(-5.0, -3.0), xlabel="x"):
        self.x = np.asarray(x, dtype=float).ravel()
        self.grid = np.asarray(grid, dtype=float)
        self.paths = paths
        self.codes, self.levels = basin_codes(paths, self.grid)
        self.step = float(self.grid[1] - self.grid[0])
        self.start, self.xlabel = start, xlabel
        super().__init__()

    def _controls(self):
        lo, hi = float(self.grid[0]), float(self.grid[-1])
        return {"mu1": slider("start μ₁", self.start[0], lo, hi, self.step, readout_format=".1f"),
                "mu2": slider("start μ₂", self.start[1], lo, hi, self.step, readout_format=".1f")}

    def index(self, mu1, mu2):
        """The start nearest to (mu1, mu2): its index into ``paths``."""
        i, j = (int(np.clip(np.rint((v - self.grid[0]) / self.step), 0, len(self.grid) - 1)) for v in (mu1, mu2))
        return i * len(self.grid) + j

    def colours(self):
        """The map's colours, one per code 0, 1, 2, ... and last the symmetric ends."""
        return basin_colours(len(self.levels))

    def _build(self):
        ax, hax = self.axes
        colours = self.colours()
        image = np.where(self.codes < 0, len(colours) - 1, self.codes)
        half = self.step / 2
        extent = (self.grid[0] - half, self.grid[-1] + half, self.grid[0] - half, self.grid[-1] + half)
        ax.imshow(image.T, origin="lower", extent=extent, cmap=ListedColormap(colours), vmin=-0.5,
                  vmax=len(colours) - 0.5, interpolation="nearest")
        used = sorted(set(np.unique(self.codes).tolist()))
        self.hatching = {c: self._hatch(ax, c) for c in used if c >= 0 and OPTIMUM_HATCHES[c // 2]}
        (self.mirror,) = ax.plot([], [], color="white", lw=1.2, ls=(0, (2, 2)))
        (self.halo,) = ax.plot([], [], color="black", lw=3.2)
        (self.path,) = ax.plot([], [], color="white", lw=1.6, marker=".", ms=4)
        (self.dot,) = ax.plot([], [], "o", mfc="white", mec="black", ms=9, mew=1.5)
        (self.mirror_dot,) = ax.plot([], [], "o", mfc="none", mec="white", ms=9, mew=1.5)
        ax.set(xlabel="start μ₁", ylabel="start μ₂", aspect="equal",
               title="colour and hatching: where EM ends from each start")
        ax.title.set_fontsize(10)
        handles = [Patch(facecolor=colours[c], edgecolor="none", hatch=OPTIMUM_HATCHES[c // 2],
                         hatchcolor=_hatch_colour(c), label=self._label(c)) for c in used if c >= 0]
        if -1 in used:
            handles.append(Patch(color=SYMMETRIC, label="μ₁ = μ₂: never split"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9, borderaxespad=0,
                  title="ℓ reached, comp. 1 ends", title_fontsize=9, handleheight=1.6, handlelength=2.4)
        pad = 0.1 * np.ptp(self.x)
        self.xs = np.linspace(self.x.min() - pad, self.x.max() + pad, 400)
        hax.hist(self.x, bins=40, density=True, color="#dddddd", edgecolor="white")
        self.comp_colors = component_colors(2)
        self.comp_lines = [hax.plot(self.xs, 0 * self.xs, ls=LINESTYLES[j], lw=1.6, color=self.comp_colors[j],
                                    label=f"component {j + 1}")[0] for j in range(2)]
        (self.mix_line,) = hax.plot(self.xs, 0 * self.xs, color="black", lw=2, label="the fit reached")
        top = max(np.histogram(self.x, bins=40, density=True)[0].max(), self._tallest())
        hax.set(xlim=(self.xs[0], self.xs[-1]), ylim=(0, 1.15 * top), xlabel=self.xlabel, ylabel="density",
                title="the fit this start reaches")
        hax.title.set_fontsize(10)
        hax.legend(loc="upper right", fontsize=9)

    def _hatch(self, ax, code):
        """Hatch the starts with this code: a filled contour of where they are, with no face.

        The contour runs halfway between starts; the map's edge row and column are repeated
        half a step further out, so that the hatching reaches the edge of the map as its cells do.
        """
        half = self.step / 2
        edges = np.concatenate([[self.grid[0] - half], self.grid, [self.grid[-1] + half]])
        mu1, mu2 = np.meshgrid(edges, edges, indexing="ij")  # codes[i, j]: start (grid[i], grid[j])
        inside = np.pad((self.codes == code).astype(float), 1, mode="edge")
        region = ax.contourf(mu1, mu2, inside, levels=[0.5, 1.5], colors="none", hatches=[OPTIMUM_HATCHES[code // 2]])
        region.set_hatchcolor(_hatch_colour(code))
        region.set_linewidth(0)
        return region

    def _label(self, code):
        return f"{self.levels[code // 2]:.1f}, {'left' if code % 2 == 0 else 'right'}"

    def _tallest(self):
        """The tallest mixture density among the fits, one per code (so that no fit runs off the panel)."""
        codes = self.codes.ravel()
        return max(self._densities(int(np.flatnonzero(codes == c)[0]))[1].max() for c in np.unique(codes))

    def _densities(self, i):
        run = self.paths.runs[i]
        comps = [w * gaussian_pdf(self.xs, m, c) for m, c, w in zip(run.means, run.covariances, run.weights)]
        return comps, comps[0] + comps[1]

    def dynamic(self):
        return [self.mirror, self.halo, self.path, self.dot, self.mirror_dot, *self.comp_lines, self.mix_line]

    def frames(self):
        return [(f"start ({a:g}, {b:g})", {"mu1": a, "mu2": b})
                for a, b in ((-5.0, -3.0), (5.0, -1.0), (1.0, 5.0), (-1.0, -5.0), (2.0, 2.0))]

    def _draw(self, mu1, mu2):
        i = self.index(mu1, mu2)
        G = len(self.grid)
        mirror = (i % G) * G + i // G
        path = self.paths.means[i][:, :, 0]
        other = self.paths.means[mirror][:, :, 0]
        self.path.set_data(path[:, 0], path[:, 1])
        self.halo.set_data(path[:, 0], path[:, 1])
        self.mirror.set_data(other[:, 0], other[:, 1])  # the mirror start's path: this one, reflected
        self.dot.set_data([path[0, 0]], [path[0, 1]])
        self.mirror_dot.set_data([other[0, 0]], [other[0, 1]])
        comps, mix = self._densities(i)
        for line, c in zip(self.comp_lines, comps):
            line.set_ydata(c)
        self.mix_line.set_ydata(mix)
        code = self.codes.flat[i]
        run = self.paths.runs[i]
        a, b = self.grid[i // G], self.grid[i % G]
        if code < 0:
            end = "both components end identical: a single Gaussian, twice"
        else:
            rank = "the best fit" if code // 2 == 0 else f"end point {code // 2 + 1} of {len(self.levels)}"
            end = f"{rank} (component 1 on the {'left' if code % 2 == 0 else 'right'})"
        mirror = "" if a == b else f" Dashed: the mirror start ({b:.1f}, {a:.1f}), labels swapped."
        return f"<b>start ({a:.1f}, {b:.1f})</b> → {run.n_iter} iterations → ℓ = {run.log_likelihood:.2f}, {end}.{mirror}"
