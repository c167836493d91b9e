"""exam/Exam-Practice.py: every number its questions give and its worked answers state is
gmm_lab's (or the definitions'), to the digits printed; its figure draws the mixture it names."""

import re
import sys
from pathlib import Path

import jupytext
import matplotlib
import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.stats import norm

import gmm_lab as g

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import student_edition as se  # noqa: E402

NB = jupytext.read(ROOT / "exam" / "Exam-Practice.py")
MARKDOWN = [c.source for c in NB.cells if c.cell_type == "markdown"]
QUESTIONS = [s for s in MARKDOWN if "<details>" not in s]
ANSWERS = [s for s in MARKDOWN if "<details>" in s]


def _answer(problem):
    """The folded answer that follows the question of `problem` (1-4)."""
    return ANSWERS[problem - 1]


def _has(text, *numbers, fmt="{:.3f}"):
    for x in numbers:
        assert fmt.format(x) in text, f"{fmt.format(x)} not in the answer"


def test_four_problems_each_with_a_folded_answer():
    titles = [re.search(r"^## (Problem \d)", s, re.M).group(1) for s in QUESTIONS if s.startswith("## Problem")]
    assert titles == ["Problem 1", "Problem 2", "Problem 3", "Problem 4"]
    assert len(ANSWERS) == 4 and all(se.DETAILS.fullmatch(s.strip()) for s in ANSWERS)
    student = se.student_notebook(NB, "Exam-Practice")
    text = "\n".join(c.source for c in student.cells)
    assert "<details>" not in text and text.count(se.ANSWERS_LINE) == 4


def test_problem_1_one_em_iteration():
    X = np.array([-1.0, 0, 1, 2, 4])[:, None]
    means, covs, weights = np.array([[0.0], [2.0]]), np.array([[[1.0]], [[1.0]]]), np.array([0.5, 0.5])
    R = g.e_step(X, means, covs, weights)
    np.testing.assert_allclose(R[:, 0], 1 / (1 + np.exp(-(2 - 2 * X[:, 0]))))  # the closed form the answer derives
    step = g.m_step(X, R, reg_covar=0.0)
    text = _answer(1)
    assert "(0.982,\\ 0.881,\\ 0.500,\\ 0.119,\\ 0.002)" in text
    np.testing.assert_allclose(R[:, 0].round(3), [0.982, 0.881, 0.500, 0.119, 0.002])
    _has(text, *R.sum(axis=0), *step.weights, *(R * X).sum(axis=0), *step.means.ravel(), *step.covariances.ravel())
    _has(text, g.log_likelihood(X, means, covs, weights),
         g.log_likelihood(X, step.means, step.covariances, step.weights))
    assert f"$r = {R[4, 1]:.3f}$" in text and abs(X[4, 0] - step.means[1, 0]) == pytest.approx(1.5, abs=0.03)


def test_problem_2_a_kmeans_step():
    Y = np.array([[1, 1], [2, 1], [1, 2], [4, 3], [5, 4], [4, 5]], float)
    km = g.kmeans(Y, np.array([[1.0, 1], [2, 1]]), max_iter=2)
    first, second = km.history[0], km.history[1]
    assert list(first.labels) == [0, 1, 0, 1, 1, 1] and list(second.labels) == [0, 0, 0, 1, 1, 1]  # B moves
    text = _answer(2)
    d = ((Y[:, None, :] - first.centres[None]) ** 2).sum(axis=2)
    for name, row in zip("ABCDEF", d):
        assert f"${name}$ ({row[0]:g}, {row[1]:g})" in text
    np.testing.assert_allclose(second.centres, [[1, 1.5], [3.75, 3.25]])
    j_updated = ((Y - second.centres[first.labels]) ** 2).sum()  # new centres, old assignment
    d_b = ((Y[1] - second.centres) ** 2).sum(axis=1)
    assert (first.distortion, j_updated, second.distortion) == (47.0, 14.0, 7.125)
    assert tuple(d_b) == (1.25, 8.125)
    assert "$47 \\to 14.0 \\to 7.125$" in text and "$1.25$, to $c_2$ $8.125$" in text


def test_problem_3_bic_by_hand():
    X, _ = g.load_faithful()
    fits = {K: g.run_restarts(X, K, range(10), max_iter=1000).best for K in (1, 2, 3)}
    assert all(f.converged for f in fits.values())
    question = next(s for s in QUESTIONS if "Problem 3" in s)
    assert len(X) == 272 and "n = 272" in question and "\\ln 272 = 5.606" in question
    logl = {K: round(f.log_likelihoods[-1], 1) for K, f in fits.items()}  # the table's, as printed
    assert " | ".join(f"${v:.1f}$" for v in logl.values()) in question
    text = _answer(3)
    p = {K: g.n_parameters(K, 2) for K in fits}
    assert list(p.values()) == [5, 11, 17] and "p = 5,\\ 11,\\ 17" in text
    ln_n = round(np.log(272), 3)
    by_hand_bic = {K: -2 * logl[K] + p[K] * ln_n for K in fits}  # what a student gets from the table
    by_hand_aic = {K: -2 * logl[K] + 2 * p[K] for K in fits}
    exact_bic = {K: g.bic(X, f) for K, f in fits.items()}
    _has(text, *by_hand_bic.values(), *by_hand_aic.values(), *exact_bic.values(), fmt="{:.1f}")
    for criterion in (by_hand_bic, exact_bic):
        assert min(criterion, key=criterion.get) == 2
    assert min(by_hand_aic, key=by_hand_aic.get) == 3 and g.aic(X, fits[3]) < g.aic(X, fits[2])
    _has(text, by_hand_bic[3] - by_hand_bic[2], logl[3] - logl[2], 2 * (logl[3] - logl[2]), 6 * ln_n, fmt="{:.1f}")


def test_problem_4_the_figure_draws_the_mixture_and_the_answer_reads_it(monkeypatch):
    matplotlib.use("Agg")
    import gmm_lab.course.plotting as plotting

    shown = []
    monkeypatch.setattr(plotting, "show", lambda fig, alt: shown.append((fig, alt)))
    code = next(c.source for c in NB.cells if c.cell_type == "code")
    assert "hide-input" in next(c for c in NB.cells if c.cell_type == "code").metadata["tags"]
    scope = {}
    exec(compile(code, "Exam-Practice figure", "exec"), scope)
    (fig, alt), = shown
    ax = fig.axes[0]
    w, mu, sd, probe = scope["WEIGHTS"], scope["MEANS"], scope["SIGMAS"], scope["PROBE"]
    curves = [line for line in ax.lines if len(line.get_xdata()) > 2]
    assert [line.get_linestyle() for line in curves] == ["-", "--"]  # identity not on hue alone
    for k, line in enumerate(curves):
        np.testing.assert_allclose(line.get_ydata(), w[k] * norm.pdf(line.get_xdata(), mu[k], sd[k]))
    assert any(list(line.get_xdata()) == [probe, probe] for line in ax.lines)
    a, b = (w[k] * norm.pdf(probe, mu[k], sd[k]) for k in range(2))
    r = g.e_step(np.array([[probe]]), np.array([[mu[0]], [mu[1]]]), np.array([[[sd[0] ** 2]], [[sd[1] ** 2]]]),
                 np.array(w))[0, 0]
    assert r == pytest.approx(a / (a + b))
    text = _answer(4)
    _has(text, a, b, r)
    crossing = brentq(lambda x: w[0] * norm.pdf(x, mu[0], sd[0]) - w[1] * norm.pdf(x, mu[1], sd[1]), mu[0], mu[1])
    assert f"x \\approx {crossing:.2f}" in text
    assert "$\\pi = (0.6, 0.4)$, $\\mu = (0, 3)$, $\\sigma = (1, 1.5)$" in text and (w, mu, sd) == (
        (0.6, 0.4), (0.0, 3.0), (1.0, 1.5))
    assert f"height {w[0] * norm.pdf(0, 0, 1):.2f}" in alt and f"height {w[1] * norm.pdf(3, 3, 1.5):.2f}" in alt
