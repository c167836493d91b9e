"""Numbers the notebooks' prose states, recomputed.

An instructor who checks a claim in a notebook's text must find it right. Numbers that a
code cell prints are checked by nbval; this file covers the numbers written in the
markdown (explanations and folded answers): each test finds the sentence in the
notebook, reads the number as stated and recomputes it. A claim whose sentence was
edited away fails here too, so the list stays in step with the text.
"""

import re
import warnings
from pathlib import Path

import nbformat
import numpy as np
import pytest
from scipy.special import erf

import gmm_lab as g
from gmm_lab.course.handout import handout_e_step, run_handout_em
from gmm_lab.course.widgets.gaussian import Gaussian1D, Gaussian2D
from gmm_lab.course.widgets.mstep import HARD

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def prose(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def stated(name, pattern):
    """The groups of `pattern` in notebook `name`'s prose (lines re-joined, so a sentence may wrap)."""
    text = re.sub(r"\s+", " ", prose(name))
    m = re.search(pattern, text)
    assert m, f"{name}: the claim /{pattern}/ is no longer in the text: update tests/test_claims.py"
    return m.groups()


def printed(name, pattern):
    """The groups of every match of `pattern` in the text notebook `name`'s code cells printed.

    The stored outputs, not a new run: nbval re-executes every notebook and fails unless its
    outputs equal these, so a number read here is the number a fresh run prints. A claim
    whose evidence a notebook computes is checked here, without running that work again.
    """
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    text = "\n".join(o.get("text", "") if o.output_type == "stream" else o.get("data", {}).get("text/plain", "")
                     for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    found = re.findall(pattern, text)
    assert found, f"{name}: no output matches /{pattern}/ any more: update the claims test"
    return found


def same(text, value):
    """True when `value`, rounded as `text` is written, reads as `text` (commas, unicode minus allowed)."""
    text = text.replace("−", "-").replace(",", "").replace("{", "").replace("}", "")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return f"{value:.{decimals}f}" == text


def test_01_gaussian_claims():
    name = "01-Gaussian-PDF"
    (peak,) = stated(name, r"at \$\\sigma=0\.3\$ the peak is \$1/\(0\.3\\sqrt\{2\\pi\}\)\\approx([\d.]+)\$")
    assert same(peak, 1 / (0.3 * np.sqrt(2 * np.pi)))
    one, two = stated(name, r"The shaded bands hold ([\d.]+)% and ([\d.]+)% of the probability")
    assert same(one, 100 * erf(1 / np.sqrt(2))) and same(two, 100 * erf(2 / np.sqrt(2)))
    (share,) = stated(name, r"About (\d+)% of them fall inside the 2σ ellipse")
    assert same(share, 100 * (1 - np.exp(-2)))
    (exponent,) = stated(name, r"At 40 standard deviations from the mean the exact value is about \$10\^\{(-\d+)\}\$")
    log10_p = (-0.5 * 40**2 - np.log(2 * np.pi)) / np.log(10)  # the 2-D standard normal of the cell below
    assert same(exponent, log10_p)
    # answer 2: the eigenvalues at the explorer's starting spreads and rho = 0.95
    start = Gaussian2D().values()
    sx, sy = start["sigma_x"], start["sigma_y"]
    big, small = stated(name, r"at the starting spreads \(1\.5 and 1\.0\) and \$\\rho=0\.95\$ they are ([\d.]+) and ([\d.]+)")
    assert (sx, sy) == (1.5, 1.0)
    vals = np.linalg.eigvalsh([[sx**2, 0.95 * sx * sy], [0.95 * sx * sy, sy**2]])
    assert same(big, vals[1]) and same(small, vals[0])
    # answer 3: the underflow distance of a standard normal
    tiny, log_tiny, half_log, z = stated(
        name, r"smallest positive float64 is about \$(\d)\\times10\^\{-324\}\$, and \$\\log\(5\\times10\^\{-324\}\)\\approx(-[\d.]+)\$"
        r".*?\\sqrt\{2\\,\(744\.4 - ([\d.]+)\)\}\\approx ([\d.]+)\$")
    smallest = np.nextafter(0.0, 1.0)
    assert f"{smallest:.0e}" == f"{tiny}e-324" and same(log_tiny, np.log(smallest))
    assert same(half_log, 0.5 * np.log(2 * np.pi)) and same(z, np.sqrt(2 * (-np.log(smallest) - 0.5 * np.log(2 * np.pi))))
    grid = np.array([38.0, 38.5, 38.7, 39.0])  # and the float64 density really vanishes there, not before
    assert list(g.gaussian_pdf(grid, 0.0, 1.0) == 0.0) == [False, False, True, True]


def test_01_status_line_claim():
    demo = Gaussian1D()
    assert "log p drops by 18 (p by a factor 6.6e7) at μ ± 6σ" in demo.status.value
    assert 0.5 * 6**2 == 18 and f"{np.exp(18):.1e}" == "6.6e+07"


def test_02_mixture_claims():
    name = "02-Mixtures-and-Sampling"
    sd, frac = stated(name, r"\\sqrt\{2000\\cdot0\.35\\cdot0\.65\}\\approx(\d+)\$ samples, i\.e\. the fraction is typically within about \$\\pm([\d.]+)\$")
    assert same(sd, np.sqrt(2000 * 0.35 * 0.65)) and same(frac, np.sqrt(0.35 * 0.65 / 2000))


def test_02_equal_means_kurtosis_answer():
    """Try-it 2: the kurtosis of 02's mixture with equal means, from the moments and from a large sample."""
    (kurt,) = stated("02-Mixtures-and-Sampling", r"its kurtosis is\s*\$3\(0\.35\+0\.65\\cdot0\.7\^4\)/"
                                                 r"\(0\.35\+0\.65\\cdot0\.7\^2\)\^2\\approx([\d.]+)\$")
    from gmm_lab.course.widgets.mixtures import Mixture1D

    assert Mixture1D.SIGMAS == (1.0, 0.7)  # the explorer's widths, which the answer uses
    w = np.array([0.35, 0.65])
    s2 = np.square(Mixture1D.SIGMAS)
    exact = 3 * (w @ s2**2) / (w @ s2) ** 2
    assert same(kurt, exact)
    x, _ = g.sample_gmm(400_000, [[0.0], [0.0]], s2[:, None, None], w, random_state=0)
    assert abs(np.mean(x**4) / np.var(x) ** 2 - exact) < 0.05


def test_03_underflow_answer():
    name = "03-E-Step"
    d1, d2, d3 = stated(name, r"are about (\d+), (\d+) and (\d+)\. A density")
    _, _, t = g.make_three_blobs()
    x = np.array([30.0, 30.0])
    maha = [(x - m) @ np.linalg.solve(c, x - m) for m, c in zip(t["means"], t["covariances"])]
    for text, value in zip((d1, d2, d3), maha):
        assert abs(float(text) - value) <= 0.5 * 10 ** (len(text) - 3) + 0.5, (text, value)  # "about": 3 digits
    (floor,) = stated(name, r"float64 holds nothing below about \$e\^\{(-\d+)\}\$")
    xs = np.arange(-746.0, -744.0, 1e-3)
    assert same(floor, xs[np.argmax(np.exp(xs) > 0)])  # where exp stops underflowing to 0
    e1, d_1, e2, e3, d_3 = stated(name, r"are about\s*\$e\^\{(-\d+)\}\\approx10\^\{(-\d+)\}\$, \$e\^\{(-\d+)\}\$ and "
                                       r"\$e\^\{(-\d+)\}\\approx10\^\{(-\d+)\}\$: only component 2's underflows")
    terms = np.array([np.log(w) + g.log_gaussian_pdf(x[None], m, c)[0]
                      for m, c, w in zip(t["means"], t["covariances"], t["weights"])])
    for text, value in zip((e1, e2, e3), terms):
        assert same(text, value)
    assert same(d_1, terms[0] / np.log(10)) and same(d_3, terms[2] / np.log(10))
    assert np.exp(terms[0]) > 0 and np.exp(terms[1]) == 0 and np.exp(terms[2]) > 0  # only component 2 underflows
    (first,) = stated(name, r"So the row is\s*\$\(\\approx(\d)\\times10\^\{-91\}, 0, 1\)\$")
    probs = handout_e_step(x[None], t["means"], t["covariances"], t["weights"])[0]
    assert np.all(np.isfinite(probs)) and probs[1] == 0 and probs[2] == pytest.approx(1.0)  # "no NaN" at (30, 30)
    assert round(probs[0] / 1e-91) == int(first)


def test_03_moving_component_2_answer():
    """Try-it 1: component 2 dragged to (7, 7) keeps one point, at about (5.6, 3.0); one more keeps > 0.2."""
    x1, y1, x2, y2 = stated("03-E-Step", r"Only one point stays orange, .*? at about \$\(([\d.]+), ([\d.]+)\)\$\s*"
                                         r"\(one more keeps a share above 0\.2, at about \$\(([\d.]+), ([\d.]+)\)\$\)")
    X, _, t = g.make_three_blobs()
    means = t["means"].copy()
    means[1] = [7.0, 7.0]
    r = g.e_step(X, means, t["covariances"], t["weights"])
    [winner] = np.flatnonzero(r.argmax(axis=1) == 1)
    assert same(x1, X[winner, 0]) and same(y1, X[winner, 1])
    [other] = np.flatnonzero((r[:, 1] > 0.2) & (r.argmax(axis=1) != 1))
    assert same(x2, X[other, 0]) and same(y2, X[other, 1])


def test_04_temperature_answer():
    name = "04-M-Step"
    X, _, t = g.make_three_blobs()
    r = g.e_step(X, t["means"], t["covariances"], t["weights"])
    hard = {l2: np.mean(g.temper(r, 2.0**l2).max(axis=1) > HARD) for l2 in np.arange(-6, 3.01, 0.25)}
    l2, T, pct, l2_next, pct_next = stated(
        name, r"from \$\\log_2T=(-[\d.]+)\$ \(\$T\\approx([\d.]+)\$: ([\d.]+)%\) down; at \$\\log_2T=(-[\d.]+)\$ it is ([\d.]+)%")
    first = max(k for k, v in hard.items() if v > 0.95)  # the warmest slider position past 95%
    assert float(l2) == first and all(v > 0.95 for k, v in hard.items() if k <= first)
    assert same(T, 2.0**first) and same(pct, 100 * hard[first])
    assert float(l2_next) == first + 0.25 and same(pct_next, 100 * hard[first + 0.25])
    (soft_left,) = stated(name, r"A few points \(([\d.]+)%\) stay soft even at \$\\log_2T=-6\$")
    assert same(soft_left, 100 * (1 - hard[-6.0]))
    w_soft, w_hard = stated(name, r"from \$\(([\d., ]+)\)\$ at \$T=1\$ to the fractions .*?\$\(([\d., ]+)\)\$")
    for text, w in ((w_soft, g.m_step(X, r)[0]), (w_hard, g.m_step(X, g.temper(r, 1e-3))[0])):
        assert [s.strip() for s in text.split(",")] == [f"{v:.3f}" for v in w]


def test_05_tol_against_scikit_learn():
    """05 §5: scikit-learn's tol in our units, and what it does from two starts (printed by the notebook)."""
    total, times = stated("05-EM-Convergence", r"is \$272\\times10\^\{-3\}=([\d.]+)\$ on our total\s*here: ([\d,]+) "
                                              r"times `run_em`'s default `tol=1e-4`")
    X, _ = g.load_faithful()
    assert same(total, len(X) * 1e-3) and int(times.replace(",", "")) == round(len(X) * 1e-3 / 1e-4)
    runs = {int(seed): (int(a), float(b), int(c), float(d)) for seed, a, b, c, d in printed(
        "05-EM-Convergence", r"seed (\d): run_em +(\d+) iterations, log-likelihood (-[\d.]+); scikit-learn +(\d+), "
                             r"(-[\d.]+)")}
    ours0, ll0, theirs0, sk0 = runs[0]
    assert abs(ours0 - theirs0) <= 2 and abs(ll0 - sk0) < 0.01  # "the two stop close together"
    ours2, ll2, theirs2, sk2 = runs[2]
    stated("05-EM-Convergence", r"scikit-learn's rule stops there, far below the top")
    assert theirs2 < 10 < ours2 and sk2 < ll2 - 100


def test_05_rounding_claim():
    (digit,) = stated("05-EM-Convergence", r"on a total of \$-1130\$, that is the (\d+)th significant digit")
    X, _ = g.load_faithful()
    fit = g.run_em(X, *g.init_params(X, 2, random_state=0), tol=1e-8, max_iter=1000)
    assert round(fit.log_likelihood) == -1130
    assert int(digit) == int(np.floor(np.log10(abs(fit.log_likelihood)))) + 1 + 10  # 10^-10 is that digit


def test_06_handout_claims():
    name = "06-Lab2-Reproduction"
    X, m, c, w = g.handout_start()
    lab = run_handout_em(X, m, c, w)
    ours = g.run_em(X, m, c, w, tol=1e-4, reg_covar=0.0)
    wrong, right = stated(name, r"\| \"log-likelihood\" \| .*?about \$(-[\d.]+)\$, falls .*?\| .*?\$(-[\d.]+)\$, never falls")
    assert same(wrong, lab.handout_log_likelihoods[-1]) and same(right, ours.log_likelihood)
    n_handout, n_ours = stated(name, r"\| stopping \| (\d+) iterations, on the wrong quantity \| (\d+) iterations")
    assert (int(n_handout), int(n_ours)) == (lab.n_iter, ours.n_iter)
    # answer 1: the 1e-300 floor
    old, new = stated(name, r"\\tilde\\ell\$ is about \$(-[\d{},]+)\$ instead of\s*\$(-[\d{},]+)\$")
    dens = np.column_stack([wj * g.gaussian_pdf(X, mj, cj) for mj, cj, wj in zip(lab.means, lab.covariances, lab.weights)])
    assert same(old, np.log(dens + 1e-300).sum()) and same(new, np.log(dens + 1e-8).sum())
    # answer 2: Old Faithful in seconds, started like the handout
    nan_rows, total, iters = stated(name, r"NaN rows for (\d+) of the (\d+) points.*?converges in (\d+) iterations")
    Xs = g.load_faithful()[0] * 60
    rng = np.random.default_rng(0)
    start = (Xs[rng.choice(len(Xs), 2, replace=False)], np.array([np.eye(2)] * 2), np.array([0.5, 0.5]))
    rows = np.isnan(handout_e_step(Xs, *start)).any(axis=1)
    assert (int(nan_rows), int(total)) == (rows.sum(), len(Xs))
    with warnings.catch_warnings():
        warnings.simplefilter("error", g.ConvergenceWarning)
        assert int(iters) == g.run_em(Xs, *start).n_iter
