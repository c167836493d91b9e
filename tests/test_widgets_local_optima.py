"""Notebook 08's live figure: the basin map's colours, the drawn path and the fit are EM's."""

import numpy as np
import pytest

import gmm_lab as g
from gmm_lab.course.widgets import catalog
from gmm_lab.course.widgets.local_optima import OPTIMUM_HATCHES, BasinExplorer


@pytest.fixture(scope="module")
def basins():
    x, _ = g.sample_gmm(150, [[-4.0], [0.0], [3.5]], [[[0.64]], [[0.36]], [[0.49]]], [0.35, 0.4, 0.25],
                        random_state=0)
    grid = np.linspace(-6, 6, 25)  # a coarser map than the notebook's: same code path, faster
    starts = [([[a], [b]], [[[1.0]], [[1.0]]], [0.5, 0.5]) for a in grid for b in grid]
    paths = g.em_paths(x, starts, tol=1e-8, max_iter=1000)
    return x, grid, paths, BasinExplorer(x, grid, paths)


def test_map_colours_say_where_each_start_ends(basins):
    x, grid, paths, demo = basins
    image = demo.axes[0].images[0].get_array()
    colours = demo.colours()
    for i, a in list(enumerate(grid))[::2]:
        for j, b in list(enumerate(grid))[::2]:  # a quarter of the map, the diagonal included
            run = g.run_em(x, [[a], [b]], [[[1.0]], [[1.0]]], [0.5, 0.5], tol=1e-8, max_iter=1000)
            m1, m2 = run.means[:, 0]
            if a == b:
                assert m1 == m2 and image[j, i] == len(colours) - 1  # the symmetric colour
                continue
            level = int(np.argmin(np.abs(demo.levels - run.log_likelihood)))
            assert abs(demo.levels[level] - run.log_likelihood) < 1e-3
            assert image[j, i] == 2 * level + (m1 > m2)  # imshow of codes.T: row j is mu2


def test_each_end_point_has_its_own_hatching_not_only_a_hue(basins):
    """The hatching of an optimum covers exactly the starts that reach it; the legend shows it too."""
    _, grid, _, demo = basins
    mu1, mu2 = np.meshgrid(grid, grid, indexing="ij")
    starts = np.column_stack([mu1.ravel(), mu2.ravel()])
    codes = demo.codes.ravel()
    hatched = {c for c in np.unique(codes) if c >= 0 and OPTIMUM_HATCHES[c // 2]}
    assert set(demo.hatching) == hatched and hatched == {2, 3}  # the second optimum, either side
    for c, region in demo.hatching.items():
        assert list(region.hatches) == [OPTIMUM_HATCHES[c // 2]]
        (path,) = region.get_paths()
        np.testing.assert_array_equal(path.contains_points(starts), codes == c)
    legend = demo.axes[0].get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    for handle, label in zip(legend.legend_handles, labels):
        if "never split" not in label:
            optimum = int(np.argmin(np.abs(demo.levels - float(label.split(",")[0]))))
            assert (handle.get_hatch() or "") == OPTIMUM_HATCHES[optimum], label
    assert OPTIMUM_HATCHES[0] == "" and len(set(OPTIMUM_HATCHES)) == len(OPTIMUM_HATCHES)


def test_the_path_and_the_fit_drawn_are_the_runs(basins):
    x, grid, paths, demo = basins
    for a, b in [(-5.0, -3.0), (5.0, -1.0), (2.0, 2.0), (-6.0, 6.0)]:
        demo.set(mu1=a, mu2=b)
        run = g.run_em(x, [[a], [b]], [[[1.0]], [[1.0]]], [0.5, 0.5], tol=1e-8, max_iter=1000)
        path = np.array([h.means[:, 0] for h in run.history])
        px, py = demo.path.get_data()
        np.testing.assert_allclose(np.column_stack([px, py]), path, rtol=0, atol=1e-9)
        assert list(demo.dot.get_xdata()) == [a] and list(demo.dot.get_ydata()) == [b]
        mx, my = demo.mirror.get_data()  # the mirror start's path is this one, reflected
        np.testing.assert_allclose(np.column_stack([my, mx]), path, rtol=0, atol=1e-9)
        comps = [w * g.gaussian_pdf(demo.xs, m, c) for m, c, w in zip(run.means, run.covariances, run.weights)]
        for line, c in zip(demo.comp_lines, comps):
            np.testing.assert_allclose(line.get_ydata(), c, rtol=1e-9, atol=1e-14)
        np.testing.assert_allclose(demo.mix_line.get_ydata(), comps[0] + comps[1], rtol=1e-9, atol=1e-14)
        assert f"{run.n_iter} iterations" in demo.status.value and f"{run.log_likelihood:.2f}" in demo.status.value
    assert "a single Gaussian" not in demo.status.value
    demo.set(mu1=2.0, mu2=2.0)
    assert "both components end identical: a single Gaussian, twice" in demo.status.value
    assert "mirror" not in demo.status.value  # a diagonal start is its own mirror image


def test_the_map_is_mirror_symmetric_with_labels_swapped(basins):
    _, _, paths, demo = basins
    codes = demo.codes
    assert np.array_equal(codes < 0, codes.T < 0)
    on = codes >= 0
    np.testing.assert_array_equal(codes[on] // 2, codes.T[on] // 2)
    np.testing.assert_array_equal(codes[on] % 2, 1 - codes.T[on] % 2)
    assert np.all(np.diag(codes) == -1) and np.sum(codes < 0) == len(codes)  # exactly the diagonal


def test_every_fit_fits_in_the_panel(basins):
    _, grid, paths, demo = basins
    top = demo.axes[1].get_ylim()[1]
    for i in range(0, len(paths.runs), 7):
        demo.set(mu1=grid[i // len(grid)], mu2=grid[i % len(grid)])
        assert demo.mix_line.get_ydata().max() < top


def test_basin_codes_needs_a_square_map_of_two_component_runs(basins):
    x, grid, paths, _ = basins
    with pytest.raises(ValueError, match=r"basin_codes needs G \* G = 36 runs of a 1-D, 2-component mixture"):
        g.basin_codes(paths, grid[:6])


def test_catalog_builds_08_as_the_notebook_does():
    [entry] = catalog.entries("08-Initialisation-and-Local-Optima")
    demo = entry.build()
    assert isinstance(demo, BasinExplorer) and len(demo.grid) == 61 and len(demo.paths.runs) == 61**2
    assert catalog.counts([demo]) == {"sliders": 2, "buttons": 0, "figures": 1}
    assert len(demo.levels) == 3 and np.sum(demo.codes < 0) == 61
