"""The checks can't be passed without doing the exercise (issue 21 §2).

* An answer that calls gmm_lab's own version of the function, however it reaches it, is
  refused with "this exercise is to write it yourself: your function calls gmm_lab.…";
  the notebooks' own solutions (which use gmm_lab's *other* functions) still pass.
* With GMM_LAB_GRADING_SEED set, every check adds cases drawn from that seed, so an
  answer that looks up the visible cases fails.
"""

import sys
import threading
import warnings

import jupytext
import numpy as np
import pytest

import gmm_lab
import gmm_lab as g
import gmm_lab.em
import student_mistakes as sm
import student_mistakes_labels as sml
import test_checks_bernoulli as smb
import student_mistakes_sticks as sms
from gmm_lab.practice import variational_steps
from gmm_lab import e_step as imported_e_step
from gmm_lab.course import checks
from gmm_lab.course.checks import _hidden
from gmm_lab.course.checks import criteria as criteria_checks
from gmm_lab.course.checks._refusals import REFUSALS
from gmm_lab.course.checks.clustering import reference_kmeans_step
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MESSAGE = "this exercise is to write it yourself: your function calls "


def _quiet_run_em(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return g.run_em(*args, **kwargs)


alias = g.e_step


def e_step_wrapper(X, means, covariances, weights):  # a def of the student's that wraps it
    return g.e_step(np.asarray(X, dtype=float), means, covariances, weights)


# (check, the student's function, the gmm_lab function the message names, what that one runs)
ROUTES = [
    (checks.check_e_step, lambda *a: g.e_step(*a), "gmm_lab.e_step", None),
    (checks.check_e_step, lambda *a: imported_e_step(*a), "gmm_lab.e_step", None),
    (checks.check_e_step, lambda *a: gmm_lab.em.e_step(*a), "gmm_lab.e_step", None),
    (checks.check_e_step, alias, "gmm_lab.e_step", None),
    (checks.check_e_step, e_step_wrapper, "gmm_lab.e_step", None),
    (checks.check_e_step, lambda X, m, c, w: _quiet_run_em(X, m, c, w, max_iter=1, tol=None).history[0].responsibilities,
     "gmm_lab.run_em", "gmm_lab.em._e_step"),
    (checks.check_e_step, lambda X, m, c, w: np.exp(
        np.column_stack([np.log(wj) + g.log_gaussian_pdf(X, mj, cj) for mj, cj, wj in zip(m, c, w)])
        - g.log_mixture_pdf(X, m, c, w)[:, None]), "gmm_lab.log_mixture_pdf", "gmm_lab.em._e_step"),
    (checks.check_log_likelihood, lambda *a: g.log_likelihood(*a), "gmm_lab.log_likelihood", None),
    (checks.check_log_likelihood, lambda *a: float(g.log_mixture_pdf(*a).sum()), "gmm_lab.log_mixture_pdf", None),
    (checks.check_log_likelihood, lambda X, m, c, w: g.lower_bound(X, sm.e_step_right(X, m, c, w), m, c, w),
     "gmm_lab.lower_bound", None),
    (checks.check_m_step, lambda X, r: g.m_step(X, r, reg_covar=0.0), "gmm_lab.m_step", None),
    (checks.check_m_step, lambda X, r: g.m_step_map(X, r, covariance_prior=1.0, prior_strength=0.0),
     "gmm_lab.m_step_map", None),
    (checks.check_run_em, lambda X, m, c, w: _quiet_run_em(X, m, c, w, reg_covar=0.0, tol=1e-8, max_iter=500),
     "gmm_lab.run_em", None),
    (checks.check_log_gaussian_pdf, lambda *a: g.log_gaussian_pdf(*a), "gmm_lab.log_gaussian_pdf", None),
    (checks.check_log_gaussian_pdf, lambda *a: np.log(g.gaussian_pdf(*a)), "gmm_lab.gaussian_pdf", None),
    (checks.check_gaussian_pdf, lambda *a: g.gaussian_pdf(*a), "gmm_lab.gaussian_pdf", None),
    (checks.check_sample_gmm, g.sample_gmm, "gmm_lab.sample_gmm", None),
    (checks.check_kmeans_step, lambda X, c: (lambda run: (run.history[0].labels, run.history[1].centres))(
        g.kmeans(X, c, max_iter=1)), "gmm_lab.kmeans", None),
    (checks.check_best_permutation, lambda r, lab: g.align_labels(r, lab).permutation, "gmm_lab.align_labels", None),
    (checks.check_n_parameters, g.n_parameters, "gmm_lab.n_parameters", None),
    (checks.check_bic, lambda X, m, c, w: g.bic(X, _quiet_run_em(X, m, c, w, max_iter=1, tol=None)),
     "gmm_lab.bic", None),
    (checks.check_m_step_map, lambda X, r, S0, k: g.m_step_map(X, r, covariance_prior=S0, prior_strength=k),
     "gmm_lab.m_step_map", None),
    (checks.check_confusion_table, g.confusion_table, "gmm_lab.confusion_table", None),
    (checks.check_bernoulli_e_step, g.bernoulli_e_step, "gmm_lab.bernoulli_e_step", None),
    (checks.check_bernoulli_e_step, lambda X, m, w: g.run_em_bernoulli(X, m, w, max_iter=1, tol=None).history[0]
     .responsibilities, "gmm_lab.run_em_bernoulli", "gmm_lab.practice.bernoulli._e_step"),
    (checks.check_fill_in, g.e_step_missing, "gmm_lab.e_step_missing", None),
    (checks.check_fill_in, lambda X, m, c: (g.run_em_missing(X, mean=m, covariance=c, max_iter=1).filled,
                                            np.zeros((len(X), len(m), len(m)))),
     "gmm_lab.run_em_missing", None),
    (checks.check_expected_log_weights, lambda a, b: variational_steps.expected_log_weights(
        variational_steps.Posterior(np.array([a, b], dtype=float), *[None] * 5), "dirichlet_process"),
     "gmm_lab.practice.variational_steps.expected_log_weights", None),
    # the checks' own references ship in the student edition too (an instructor's walk found these two)
    (checks.check_kmeans_step, lambda X, c: reference_kmeans_step(X, c),
     "gmm_lab.course.checks.clustering.reference_kmeans_step", None),
    (checks.check_n_parameters, lambda n_components, n_features, covariance_type: criteria_checks._count(
        n_components, n_features, covariance_type),
     "gmm_lab.course.checks.criteria._count", None),
]


@pytest.mark.parametrize("check, fn, entry, inner", ROUTES, ids=lambda x: getattr(x, "__name__", None))
def test_a_call_to_gmm_labs_own_answer_is_refused(check, fn, entry, inner):
    result = check(fn)
    assert not result and result.status == "refused"
    [message] = result.failures
    expected = MESSAGE + entry + (f", which runs {inner}" if inner else "")
    assert message.splitlines()[0].split(": ", 1)[1] == expected, message
    assert REFUSALS[check.__name__].reference in message  # the hint names the reference
    text = repr(result)
    assert "not your own work" in text.splitlines()[0] and expected in text
    assert expected in result._repr_html_()


def test_refusal_wins_over_an_exception_and_leaves_no_profiler_behind():
    def calls_then_raises(X, means, covariances, weights):
        g.e_step(X, means, covariances, weights)
        raise RuntimeError("mine")

    mine = sys.getprofile()
    assert checks.check_e_step(calls_then_raises).status == "refused"
    assert sys.getprofile() is mine
    assert checks.check_e_step(sm.e_step_right) and sys.getprofile() is mine


def test_refused_from_a_thread_too():
    """Off the main thread the check calls the function in a helper thread (no SIGALRM): still watched."""
    out = {}
    worker = threading.Thread(target=lambda: out.update(result=checks.check_e_step(alias)))
    worker.start()
    worker.join(30)
    assert out["result"].status == "refused"


def test_every_check_refuses_something_and_each_refused_function_exists():
    assert set(REFUSALS) == set(checks.__all__) - {"CheckFailed", "CheckResult"}
    for name, refused in REFUSALS.items():
        assert refused.reference.startswith("gmm_lab."), name
        assert all(code.co_filename.startswith(str(ROOT / "gmm_lab")) for code in refused.codes)


# --------------------------------------------------------------------------- #
# What a student may call stays allowed: the notebooks' own solutions pass
# --------------------------------------------------------------------------- #
SOLUTIONS = [  # (notebook, grade_id of the solution cell, the check, the function's name)
    ("01-Gaussian-PDF", "log_gaussian_pdf", checks.check_log_gaussian_pdf, "log_gaussian_pdf"),
    ("02-Mixtures-and-Sampling", "sample_gmm", checks.check_sample_gmm, "sample_gmm"),
    ("03-E-Step", "e_step", checks.check_e_step, "e_step"),  # uses g.log_gaussian_pdf
    ("03-E-Step", "log_likelihood", checks.check_log_likelihood, "log_likelihood"),
    ("04-M-Step", "m_step", checks.check_m_step, "m_step"),
    ("05-EM-Convergence", "run_em", checks.check_run_em, "run_em"),  # g.e_step, g.m_step, g.log_likelihood
    ("06-Lab2-Reproduction", "fix_e_step", checks.check_e_step, "e_step"),
    ("06-Lab2-Reproduction", "fix_log_likelihood", checks.check_log_likelihood, "log_likelihood"),
    ("07-KMeans-vs-GMM", "kmeans_step", checks.check_kmeans_step, "kmeans_step"),
    ("08-Initialisation-and-Local-Optima", "best_permutation", checks.check_best_permutation, "best_permutation"),
    ("09-Covariance-Types", "n_parameters", checks.check_n_parameters, "n_parameters"),
    ("10-Choosing-K", "bic", checks.check_bic, "bic"),  # uses g.log_likelihood
    ("11-Singularities", "m_step_map", checks.check_m_step_map, "m_step_map"),
    ("12-Old-Faithful-and-Iris", "confusion_table", checks.check_confusion_table, "confusion_table"),  # g.align_labels
    ("13-Density-Estimation-and-Generation", "sample_gmm_again", checks.check_sample_gmm, "sample_gmm"),
    ("14-Bernoulli-Mixtures", "bernoulli_e_step", checks.check_bernoulli_e_step, "bernoulli_e_step"),
    ("15-EM-in-General", "fill_in", checks.check_fill_in, "fill_in"),
    ("16-Bayesian-Mixtures", "expected_log_weights", checks.check_expected_log_weights, "expected_log_weights"),
]


def solution(notebook, grade_id, name):
    nb = jupytext.read(ROOT / "notebooks" / f"{notebook}.py")
    [cell] = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    namespace = {}
    exec(compile(cell.source, f"{notebook}:{grade_id}", "exec"), namespace)
    return namespace[name]


@pytest.mark.parametrize("notebook, grade_id, check, name", SOLUTIONS, ids=[s[1] for s in SOLUTIONS])
def test_the_notebooks_solutions_pass_with_hidden_cases(notebook, grade_id, check, name, monkeypatch):
    fn = solution(notebook, grade_id, name)
    assert check(fn), repr(check(fn))
    monkeypatch.setenv(_hidden.SEED_ENV, "20250611")
    result = check(fn)
    assert result, repr(result)
    assert any(case.startswith("hidden case 1 (drawn when graded)") for case in result.cases)


def test_a_wrong_answer_that_uses_an_allowed_function_still_gets_its_hint():
    def e_step_pdf_space(X, means, covariances, weights):  # gmm_lab.gaussian_pdf is allowed in the E-step
        X = np.asarray(X, dtype=float)
        num = np.column_stack([w * g.gaussian_pdf(X, m, c) for m, c, w in zip(means, covariances, weights)])
        with np.errstate(invalid="ignore"):
            return num / num.sum(axis=1, keepdims=True)

    result = checks.check_e_step(e_step_pdf_space)
    assert result.status == "failed" and "NaN for the far point" in repr(result)


# --------------------------------------------------------------------------- #
# Hidden cases
# --------------------------------------------------------------------------- #
def _memorise(check_cases, key):
    """An answer that has learnt the visible cases by heart: it looks the data up."""
    table = {key(case.data): case.data["expected"] for case in check_cases}

    def answer(*args):
        found = table.get(key({"X": np.asarray(args[0], dtype=float), "reference": np.asarray(args[0])}))
        return found if found is not None else np.zeros(1)

    return answer


@pytest.mark.parametrize("check, cases, key", [
    (checks.check_e_step, lambda: __import__("gmm_lab.course.checks.steps", fromlist=["_"])._mixture_cases(
        g.e_step, "check_e_step"), lambda d: d["X"].tobytes()),
    (checks.check_confusion_table, lambda: __import__("gmm_lab.course.checks.confusion", fromlist=["_"])._cases(),
     lambda d: np.asarray(d.get("reference"), dtype=int).tobytes()),
], ids=["e_step", "confusion_table"])
def test_an_answer_that_hard_codes_the_visible_cases_fails_the_hidden_ones(check, cases, key, monkeypatch):
    monkeypatch.delenv(_hidden.SEED_ENV, raising=False)
    visible = cases()
    if check is checks.check_confusion_table:
        for case in visible:
            case.data["reference"] = case.args[0]
    answer = _memorise(visible, key)
    assert check(answer), "the memorised answer passes the visible cases"
    monkeypatch.setenv(_hidden.SEED_ENV, "7")
    result = check(answer)
    assert not result and result.passed == [c.name for c in visible]
    assert result.problems and all(p.case.startswith("hidden case") for p in result.problems)


def test_hidden_cases_come_from_the_seed(monkeypatch):
    from gmm_lab.course.checks.steps import _mixture_cases

    monkeypatch.delenv(_hidden.SEED_ENV, raising=False)
    assert len(_mixture_cases(g.e_step, "check_e_step")) == 6
    draws = {}
    for seed in ("1", "1", "2"):
        monkeypatch.setenv(_hidden.SEED_ENV, seed)
        hidden = [c for c in _mixture_cases(g.e_step, "check_e_step") if c.name.startswith("hidden")]
        assert len(hidden) == 2
        draws.setdefault(seed, []).append(np.concatenate([c.args[0].ravel() for c in hidden]))
    assert np.array_equal(*draws["1"])
    assert not np.array_equal(draws["1"][0][:10], draws["2"][0][:10])


def test_every_check_adds_hidden_cases_when_graded(monkeypatch):
    right = {"check_e_step": sm.e_step_right, "check_log_likelihood": sm.ll_right, "check_m_step": sm.m_step_right,
             "check_gaussian_pdf": sm.pdf_right, "check_log_gaussian_pdf": sm.log_pdf_right,
             "check_run_em": sm.run_em_right, "check_sample_gmm": sm.sample_right, "check_n_parameters": sm.npar_right,
             "check_bic": sm.bic_right, "check_m_step_map": sm.map_right,
             "check_confusion_table": sml.confusion_right, "check_bernoulli_e_step": smb.right,
             "check_fill_in": solution("15-EM-in-General", "fill_in", "fill_in"),
             "check_expected_log_weights": sms.sticks_right}
    monkeypatch.setenv(_hidden.SEED_ENV, "99")
    for name, fn in right.items():
        result = getattr(checks, name)(fn)
        assert result, repr(result)
        assert sum(c.startswith("hidden case") for c in result.cases) >= 1, name


@pytest.mark.parametrize("value", ["abc", "-3", "1.5"])
def test_a_bad_grading_seed_says_what_to_do(value, monkeypatch):
    monkeypatch.setenv(_hidden.SEED_ENV, value)
    with pytest.raises(ValueError, match="GMM_LAB_GRADING_SEED must be a whole number"):
        checks.check_e_step(sm.e_step_right)
