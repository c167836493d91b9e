"""gmm_lab.course.checks: each check passes right answers and fails wrong ones with the intended hint."""

import re
import signal
import threading
import time

import numpy as np
import pytest

import gmm_lab as g
import student_mistakes as sm
import student_mistakes_labels as sml
import student_mistakes_sticks as sms
from gmm_lab.course import checks
from gmm_lab.course.checks import CheckFailed, CheckResult

ALL_CHECKS = [
    checks.check_gaussian_pdf,
    checks.check_log_gaussian_pdf,
    checks.check_e_step,
    checks.check_m_step,
    checks.check_log_likelihood,
    checks.check_run_em,
    checks.check_sample_gmm,
    checks.check_n_parameters,
    checks.check_bic,
    checks.check_m_step_map,
    checks.check_confusion_table,
    checks.check_expected_log_weights,
]


def _m_step_plain(X, responsibilities):
    return g.m_step(X, responsibilities, reg_covar=0.0)


def _m_step_map(X, responsibilities, covariance_prior, prior_strength):
    return g.m_step_map(X, responsibilities, covariance_prior=covariance_prior, prior_strength=prior_strength)


def _bic(X, means, covariances, weights):
    X = np.asarray(X, dtype=float)
    return -2 * g.log_likelihood(X, means, covariances, weights) + g.n_parameters(*np.shape(means)) * np.log(len(X))


def _run_em_plain(X, means, covariances, weights):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", g.ConvergenceWarning)
        return g.run_em(X, means, covariances, weights, reg_covar=0.0, tol=1e-8, max_iter=500)


# --------------------------------------------------------------------------- #
# Right answers pass
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    "check, fn",
    [
        (checks.check_gaussian_pdf, sm.pdf_right),
        (checks.check_log_gaussian_pdf, sm.log_pdf_right),
        (checks.check_e_step, sm.e_step_right),
        (checks.check_m_step, sm.m_step_right),
        (checks.check_log_likelihood, sm.ll_right),
        (checks.check_run_em, sm.run_em_right),  # trace without the start value
        (checks.check_run_em, sm.run_em_with_start_tuple),  # with it, as a 4-tuple
        (checks.check_sample_gmm, sm.sample_right),
        (checks.check_n_parameters, sm.npar_right),
        (checks.check_bic, _bic),
        (checks.check_bic, sm.bic_right),
        (checks.check_m_step_map, sm.map_right),
        (checks.check_confusion_table, sml.confusion_right),
        (checks.check_confusion_table, sml.confusion_loops),
        (checks.check_expected_log_weights, sms.sticks_right),
        (checks.check_expected_log_weights, sms.sticks_loops),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_right_answers_pass(check, fn):
    result = check(fn)
    assert isinstance(result, CheckResult)
    assert result, repr(result)
    assert result.failures == [] and result.passed == result.cases and len(result.cases) >= 5
    assert "all" in repr(result) and "pass" in repr(result)


def test_gmm_lab_references_are_what_the_checks_expect():
    """Each check compares with gmm_lab's own function (which the checks refuse from a student: test_checks_own)."""
    from gmm_lab.course.checks import _refusals

    for check, reference in [(checks.check_gaussian_pdf, g.gaussian_pdf), (checks.check_e_step, g.e_step),
                             (checks.check_log_gaussian_pdf, g.log_gaussian_pdf), (checks.check_m_step, _m_step_plain),
                             (checks.check_log_likelihood, g.log_likelihood), (checks.check_run_em, _run_em_plain),
                             (checks.check_sample_gmm, g.sample_gmm), (checks.check_n_parameters, g.n_parameters),
                             (checks.check_m_step_map, _m_step_map), (checks.check_confusion_table, g.confusion_table)]:
        refusal = _refusals.REFUSALS[check.__name__]
        _refusals.REFUSALS[check.__name__] = None  # as before the refusals: the reference itself passes
        try:
            result = check(reference)
        finally:
            _refusals.REFUSALS[check.__name__] = refusal
        assert result, repr(result)


# --------------------------------------------------------------------------- #
# Wrong answers fail, with the intended hint
# --------------------------------------------------------------------------- #
WRONG = [
    (checks.check_log_gaussian_pdf, sm.log_pdf_of_pdf, "np.log of the density comes too late"),
    (checks.check_log_gaussian_pdf, sm.log_pdf_no_half, "quadratic term needs its factor ½"),
    (checks.check_log_gaussian_pdf, sm.log_pdf_no_normaliser, "normalising term is missing"),
    (checks.check_log_gaussian_pdf, sm.log_pdf_sigma_not_inverse, "uses the inverse of Σ"),
    (checks.check_log_gaussian_pdf, sm.log_pdf_full_matrix, "you need only its diagonal"),
    (checks.check_log_gaussian_pdf, sm.log_pdf_in_place, "changed its input X"),
    (checks.check_log_gaussian_pdf, sm.log_pdf_no_asarray, "np.asarray(X, dtype=float)"),
    (checks.check_log_gaussian_pdf, sm.log_pdf_one_d_constant, "the 2π term is −(d/2) log 2π"),
    (checks.check_gaussian_pdf, sm.pdf_two_pi_no_parens, "with the parentheses"),
    (checks.check_gaussian_pdf, sm.pdf_det_no_sqrt, "square root of the determinant"),
    (checks.check_gaussian_pdf, sm.pdf_returns_log, "this is the log-density"),
    (checks.check_gaussian_pdf, sm.pdf_exponent_no_half, "exponent needs its factor ½"),
    (checks.check_e_step, sm.e_step_pdf_space, "NaN for the far point: every πⱼ Nⱼ(x) underflowed"),
    (checks.check_e_step, sm.e_step_axis0, "rows don't sum to 1: normalise over components (axis=1), not over points"),
    (checks.check_e_step, sm.e_step_no_weights, "weights πⱼ are missing"),
    (checks.check_e_step, sm.e_step_eps, "only the far point's row is wrong"),
    (checks.check_e_step, sm.e_step_transposed, "shape (n, k), not (k, n)"),
    (checks.check_e_step, sm.e_step_unnormalised, "divide each πⱼ Nⱼ(xᵢ) by its row's sum"),
    (checks.check_e_step, sm.e_step_regularises_in_place, "changed its input covariances"),
    (checks.check_e_step, sm.e_step_log, "log-responsibilities"),
    (checks.check_m_step, sm.m_step_unweighted_cov, "covariances not weighted by the responsibilities"),
    (checks.check_m_step, sm.m_step_cov_over_n, "not by n"),
    (checks.check_m_step, sm.m_step_np_cov, "not N_j − 1"),
    (checks.check_m_step, sm.m_step_weights_not_divided, "weights are N_j / n"),
    (checks.check_m_step, sm.m_step_wrong_order, "order: weights, means, covariances"),
    (checks.check_m_step, sm.m_step_global_centre, "centre each covariance on its new mean"),
    (checks.check_m_step, sm.m_step_cleans_in_place, "changed its input responsibilities"),
    (checks.check_m_step, sm.m_step_r_squared, "weighted by rᵢⱼ twice"),
    (checks.check_m_step, lambda X, r: (lambda w, m, c: (w, m, c + 1e-6 * np.eye(m.shape[1])))(*sm.m_step_right(X, r)),
     "plain EM is expected (reg_covar=0)"),
    (checks.check_log_likelihood, sm.ll_handout, "the handout's quantity, Σᵢ Σⱼ log(πⱼ N), not the log-likelihood"),
    (checks.check_log_likelihood, sm.ll_mean, "average per point"),
    (checks.check_log_likelihood, sm.ll_pdf_space, "far point's mixture density underflowed"),
    (checks.check_log_likelihood, sm.ll_max, "only the largest component"),
    (checks.check_log_likelihood, sm.ll_no_weights, "weights πⱼ are missing"),
    (checks.check_log_likelihood, sm.ll_per_point, "return one number"),
    (checks.check_log_likelihood, sm.ll_q, "the M-step's Q"),
    (checks.check_run_em, sm.run_em_handout_trace, "the handout's quantity"),
    (checks.check_run_em, sm.run_em_stops_at_once, "still changed by"),
    (checks.check_run_em, sm.run_em_no_feedback, "never changes"),
    (checks.check_run_em, sm.run_em_pdf_space, "far from every component"),
    (checks.check_run_em, sm.run_em_records_before, "one iteration ahead of your trace"),
    (checks.check_run_em, sm.run_em_in_place, "changed its input means"),
    (checks.check_run_em, sm.run_em_mean_trace, "average log-likelihood per point"),
    (checks.check_sample_gmm, sm.sample_uniform_labels, "picked with equal chances"),
    (checks.check_sample_gmm, sm.sample_cov_as_factor, "covariance Σ², not Σ"),
    (checks.check_sample_gmm, sm.sample_z_times_l, "z @ L gives covariance Lᵀ L"),
    (checks.check_sample_gmm, sm.sample_independent_coordinates, "loses the correlations"),
    (checks.check_sample_gmm, sm.sample_global_state, "NumPy's global random state"),
    (checks.check_sample_gmm, sm.sample_shuffled_labels, "draw each point from its own label's component"),
    (checks.check_n_parameters, sm.npar_d_squared, "d(d + 1)/2 free entries"),
    (checks.check_n_parameters, sm.npar_k_weights, "only k − 1 of them are free"),
    (checks.check_n_parameters, sm.npar_tied_per_component, "one covariance matrix, d(d + 1)/2 numbers in all"),
    (checks.check_n_parameters, sm.npar_spherical_per_axis, "spherical: each component has one variance"),
    (checks.check_n_parameters, sm.npar_covariances_only, "count the means and the k − 1 free weights too"),
    (checks.check_bic, sm.bic_log10, "natural log of n (np.log), not log10"),
    (checks.check_bic, sm.bic_aic_penalty, "−2ℓ + 2p is AIC"),
    (checks.check_bic, sm.bic_d_squared, "d(d + 1)/2 free entries"),
    (checks.check_bic, sm.bic_k_weights, "only k − 1 of them are free"),
    (checks.check_bic, sm.bic_mean_log_likelihood, "the sum over points, not the average per point"),
    (checks.check_bic, sm.bic_sign, "the log-likelihood term is −2ℓ"),
    (checks.check_bic, sm.bic_no_factor_two, "the log-likelihood term is −2ℓ, not −ℓ"),
    (checks.check_bic, sm.bic_log_features, "n in the penalty is the number of points"),
    (checks.check_bic, sm.bic_pdf_space, "its mixture density underflows to 0 in pdf space"),
    (checks.check_m_step_map, sm.map_no_kappa_below, "divide by N_j + κ"),
    (checks.check_m_step_map, sm.map_added_afterwards, "pool the prior with the scatter, then divide"),
    (checks.check_m_step_map, sm.map_ml_plus_prior_term, "two estimates added, not one pooled estimate"),
    (checks.check_m_step_map, sm.map_s0_not_scaled, "multiply S₀ by κ"),
    (checks.check_m_step_map, sm.map_wishart_denominator, "inverse-Wishart's ν + d + 1"),
    (checks.check_m_step_map, sm.map_prior_on_weights, "the prior is on the covariances only: the weights"),
    (checks.check_confusion_table, sml.confusion_no_alignment, "in the clusters' own numbering"),
    (checks.check_confusion_table, sml.confusion_transposed, "rows are the reference classes"),
    (checks.check_confusion_table, sml.confusion_majority_vote, "a renumbering must be one-to-one"),
    (checks.check_confusion_table, sml.confusion_fractions, "counts of points (integers), not fractions"),
    (checks.check_confusion_table, sml.confusion_sized_by_unique, "m = max(reference.max(), labels.max()) + 1"),
    (checks.check_confusion_table, sml.confusion_in_place, "changed its input labels"),
    (checks.check_confusion_table, sml.confusion_fancy_index, "NumPy does not accumulate repeated indices"),
    (checks.check_confusion_table, sml.confusion_sized_by_reference, "more clusters (3) than the reference has classes"),
    (checks.check_e_step, sm.e_step_refuses_flat, "the covariance of component 1 (covariances[0]) is valid but nearly"),
    (checks.check_expected_log_weights, sms.sticks_no_earlier, "the sticks broken off before j"),
    (checks.check_expected_log_weights, sms.sticks_unshifted, "the sum runs over the earlier sticks only"),
    (checks.check_expected_log_weights, sms.sticks_log_of_mean, "E[ln v] is not ln E[v]"),
    (checks.check_expected_log_weights, sms.sticks_swapped, "a_j belongs to v_j"),
    (checks.check_expected_log_weights, sms.sticks_dirichlet, "the Dirichlet distribution's"),
    (checks.check_expected_log_weights, sms.sticks_in_place, "changed its input b"),
]

NUMBERED = re.compile(r"\b(component|centre) (\d+) \(index (\d+)\)")


def assert_components_counted_from_one(text):
    """A component (or k-means centre) is named as the notebooks count it, from 1, with its code index."""
    assert not re.search(r"\b(component|centre) 0\b", text), text
    for noun, number, index in NUMBERED.findall(text):
        assert int(number) == int(index) + 1, (noun, number, index)


@pytest.mark.parametrize("check, fn, hint", WRONG, ids=[f"{c.__name__}-{f.__name__}" for c, f, _ in WRONG])
def test_wrong_answer_fails_with_its_hint(check, fn, hint):
    result = check(fn)
    assert not result
    assert result.status == "failed"
    assert result.failures and len(result.failures) + len(result.passed) == len(result.cases)
    assert any(hint in message for message in result.failures), "\n\n".join(result.failures)
    assert hint in repr(result)  # the report shows it too (grouped across cases)
    assert_components_counted_from_one(repr(result))


def test_every_check_has_at_least_three_diagnosed_mistakes():
    counts = {}
    for check, _, _ in WRONG:
        counts[check.__name__] = counts.get(check.__name__, 0) + 1
    assert {c.__name__ for c in ALL_CHECKS} <= set(counts)
    assert min(counts.values()) >= 3, counts


def test_a_running_sum_gone_wrong_is_reported_at_its_first_stick():
    # the unshifted cumsum is wrong from stick 1 on, although its largest error is at a later stick
    result = checks.check_expected_log_weights(sms.sticks_unshifted)
    assert result.failures[0].startswith("3 sticks: differs at stick 1 (index 0)"), result.failures[0]


def test_failure_names_case_and_shows_expected_against_got():
    result = checks.check_e_step(sm.e_step_pdf_space)
    [message] = result.failures
    assert message.startswith("a point far from every component: differs at row 30 (the far point)")
    assert "expected [0.000000e+00 2.252329e-64 1.000000e+00]" in message
    assert "got      [nan nan nan]" in message
    assert result.passed == [c for c in result.cases if c != "a point far from every component"]


def test_shapes_come_first_when_they_differ():
    message = checks.check_e_step(sm.e_step_transposed).failures[0]
    assert "wrong shape" in message and "expected shape (200, 3)" in message and "got      shape (3, 200)" in message


# --------------------------------------------------------------------------- #
# The notebooks' language: components from 1, tables of counts as integers
# --------------------------------------------------------------------------- #
def test_a_component_is_named_as_the_notebooks_number_it():
    """range(1, k) leaves the first component (π₁, μ₁; index 0) at zero: the report says component 1."""
    result = checks.check_m_step(sm.m_step_from_one)
    assert result.failures
    for message in result.failures:
        if "raised" not in message:
            assert "weights: differs at component 1 (index 0)" in message, message


def test_the_nearly_singular_covariance_is_component_1():
    """FLAT_HINT names component 1 (covariances[0]): the case's nearly singular covariance is indeed that one."""
    from gmm_lab.course.checks.steps import _mixture_cases

    [case] = [c for c in _mixture_cases(g.e_step, "check_e_step") if c.name == "nearly singular covariance"]
    conds = np.linalg.cond(case.data["covariances"])
    assert conds[0] > 1e6 and np.all(conds[1:] < 1e3), conds
    [message] = checks.check_e_step(sm.e_step_refuses_flat).failures
    assert message.startswith("nearly singular covariance: your function raised an exception")
    assert "ValueError: covariances[0] is too close to singular" in message


def test_sampler_report_names_label_component_and_parameter_consistently():
    """"the points labelled j" are component j + 1, μ with subscript j + 1, means[j]."""
    result = checks.check_sample_gmm(sm.sample_shuffled_labels)
    sub = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
    found = re.findall(r"the points labelled (\d+) do not have the mean of component (\d+), μ(\S+) = means\[(\d+)\]",
                       repr(result))
    assert found, repr(result)
    for label, number, subscript, index in found:
        assert int(number) == int(label) + 1 == int(subscript.translate(sub)) and int(index) == int(label)


def test_more_clusters_than_classes():
    """The case from the issue: 2 classes, a fit with 3 clusters; an answer sized by the classes raises IndexError."""
    from gmm_lab.course.checks.confusion import _cases

    [case] = [c for c in _cases() if c.name == "more clusters than classes"]
    reference, labels = case.args
    assert reference.tolist() == [0, 0, 1, 1, 1] and labels.tolist() == [0, 1, 2, 2, 2]
    np.testing.assert_array_equal(case.data["expected"], [[1, 0, 1], [0, 3, 0], [0, 0, 0]])
    result = checks.check_confusion_table(sml.confusion_sized_by_reference)
    assert result.passed == [c for c in result.cases if c != "more clusters than classes"]
    [message] = result.failures
    assert "your function raised an exception" in message and "IndexError" in message
    assert "Size it m x m with m = max(reference.max(), labels.max()) + 1: here 3 x 3" in message


def test_tables_of_counts_print_as_integers():
    message = checks.check_confusion_table(sml.confusion_no_alignment).failures[0]
    assert "    expected [[27 1 2] [ 1 23 1] [ 2 2 31]]" in message
    assert "    got      [[ 2 1 27] [ 1 23 1] [31 2 2]]" in message
    fractions = checks.check_confusion_table(sml.confusion_fractions).failures[0]
    got = next(line for line in fractions.splitlines() if line.strip().startswith("got"))
    assert "0." in got  # fractions keep their decimals


# --------------------------------------------------------------------------- #
# Stubs, exceptions, reports
# --------------------------------------------------------------------------- #
def _stub(X, means, covariances, weights):
    raise NotImplementedError("Hint: log πⱼ + log Nⱼ(xᵢ), then log-sum-exp over each row.")


def test_stub_is_not_implemented_yet_without_traceback():
    result = checks.check_e_step(_stub)
    assert not result and result.status == "not implemented" and result.failures == []
    text, html = repr(result), result._repr_html_()
    assert "not implemented yet" in text and "not implemented yet" in html
    assert "Hint: log πⱼ + log Nⱼ(xᵢ)" in text and "Hint: log πⱼ + log Nⱼ(xᵢ)" in html
    assert "Traceback" not in text and "NotImplementedError" not in text


def _raises_deep(X, means, covariances, weights):
    X, cov = np.asarray(X, dtype=float), np.asarray(covariances[0], dtype=float)
    scale = np.sqrt(np.diag(cov))
    return g.log_gaussian_pdf(X / scale, means[0], cov[:1])  # gmm_lab raises the ValueError


def _raises_here(X, means, covariances, weights):
    resp = np.ones((len(X), len(weights)))
    return resp / np.zeros(3)[None, :][:, :2]  # ValueError from NumPy broadcasting (k=2 vs 3)


def test_exception_shows_the_students_own_line():
    result = checks.check_e_step(_raises_deep)
    message = result.failures[0]
    assert "your function raised an exception" in message
    assert f"{__file__}, line" in message and "in _raises_deep:" in message
    assert "return g.log_gaussian_pdf(X / scale, means[0], cov[:1])  # gmm_lab raises the ValueError" in message
    assert "ValueError: cov" in message
    assert "em.py" not in message and "_call.py" not in message  # no checker or library internals
    assert "_raises_deep:" in result._repr_html_()


def test_exception_in_numpy_called_from_student_code_points_at_student_line():
    result = checks.check_e_step(_raises_here)
    msg = next(m for m in result.failures if "raised" in m)
    assert "return resp / np.zeros(3)[None, :][:, :2]" in msg and "ValueError: operands could not be broadcast" in msg


def test_report_renders_as_html_and_text():
    result = checks.check_m_step(sm.m_step_np_cov)
    text, html = repr(result), result._repr_html_()
    assert text.splitlines()[0] == f"✗ check_m_step(m_step_np_cov): {len(result.failures)} of 7 cases fail."
    assert html.startswith("<div") and html.endswith("</div>") and "<li>" in html and "<pre" in html
    assert "not N_j − 1" in html and "hint" in html
    assert "the same in:" in text  # one hint shown once, with the other cases that share it
    ok = checks.check_m_step(sm.m_step_right)
    assert repr(ok).startswith("✓ check_m_step(m_step_right): all 7 cases pass.")
    assert "✓" in ok._repr_html_() and "#2e7d32" in ok._repr_html_()


def test_html_escapes_student_text():
    def evil(X, mean, cov):
        raise ValueError("<script>alert(1)</script>")

    html = checks.check_log_gaussian_pdf(evil)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_raise_mode_for_autograders(monkeypatch):
    monkeypatch.setenv("GMM_LAB_CHECKS_RAISE", "1")
    with pytest.raises(CheckFailed, match="NaN for the far point"):
        checks.check_e_step(sm.e_step_pdf_space)
    with pytest.raises(CheckFailed, match="not implemented yet"):
        checks.check_e_step(_stub)
    assert checks.check_e_step(sm.e_step_right) is None  # a pass shows its report and has no value
    monkeypatch.setenv("GMM_LAB_CHECKS_RAISE", "0")
    assert not checks.check_e_step(sm.e_step_pdf_space)  # 0: off


# --------------------------------------------------------------------------- #
# Bad input to the checks
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.__name__)
def test_not_a_function(check):
    with pytest.raises(ValueError, match=r"needs your function itself, not ndarray") as err:
        check(np.zeros(3))
    assert "\n" not in str(err.value) and str(err.value).count(". ") == 0  # one sentence


def test_wrong_signature():
    def e_step(X, means, covariances):
        return None

    with pytest.raises(ValueError, match=r"calls your function as e_step\(X, means, covariances, weights\), but "
                                         r"e_step\(X, means, covariances\) cannot be called that way"):
        checks.check_e_step(e_step)


def test_extra_optional_parameters_are_fine():
    def run_em(X, means, covariances, weights, max_iter=500, tol=1e-6):
        return sm.run_em_right(X, means, covariances, weights)

    assert checks.check_run_em(run_em)


# --------------------------------------------------------------------------- #
# The time limit
# --------------------------------------------------------------------------- #
def _quadratic_e_step(X, means, covariances, weights):
    """An accidental O(n² k²) loop: the evidence recomputed for every (point, component) pair."""
    X = np.asarray(X, dtype=float)
    n, k = len(X), len(weights)
    r = np.zeros((n, k))
    for i in range(n):
        for j in range(k):
            evidence = sum(
                weights[l] * float(g.gaussian_pdf(X[i2:i2 + 1], means[l], covariances[l])[0]) * (i2 == i)
                for i2 in range(n) for l in range(k)
            )
            r[i, j] = weights[j] * float(g.gaussian_pdf(X[i:i + 1], means[j], covariances[j])[0]) / evidence
    return r


def test_a_far_too_slow_function_is_stopped():
    start = time.monotonic()
    result = checks.check_e_step(_quadratic_e_step, timeout=0.5)
    elapsed = time.monotonic() - start
    assert not result and result.status == "timed out"
    assert "stopped after 0.5 s" in result.failures[0] and "one loop over components at most" in result.failures[0]
    assert "too slow" in repr(result)
    assert elapsed < 5, elapsed  # stopped in the first case, not after all of them


def test_time_limit_restores_an_existing_alarm():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        assert checks.check_log_gaussian_pdf(sm.log_pdf_right)
        assert signal.getsignal(signal.SIGALRM) is not None and signal.getsignal(signal.SIGALRM) != signal.SIG_DFL
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 20 < left <= 30  # the outer timer is running again, minus the time used
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == []


def test_time_limit_off_the_main_thread():
    box = {}
    worker = threading.Thread(target=lambda: box.update(result=checks.check_e_step(_quadratic_e_step, timeout=0.5)))
    worker.start()
    worker.join(10)
    assert not worker.is_alive()
    assert box["result"].status == "timed out"
    deadline = time.monotonic() + 5  # the helper thread was asked to stop at its next bytecode
    while any(t.name == "gmm_lab-check" for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(t.name == "gmm_lab-check" for t in threading.enumerate())
    box2 = {}
    worker = threading.Thread(target=lambda: box2.update(result=checks.check_e_step(sm.e_step_right)))
    worker.start()
    worker.join(30)
    assert box2["result"], repr(box2["result"])  # and a normal check works off the main thread


@pytest.mark.parametrize("seed", range(5))
def test_sampling_check_has_no_false_alarm_for_other_right_samplers(seed):
    """A right sampler passes whatever stream it draws from (the tolerances are 5 to 8 standard errors)."""
    def sampler(n, means, covariances, weights, random_state=None):
        if isinstance(random_state, int):
            return sm.sample_right(n, means, covariances, weights, random_state)
        return sm.sample_right(n, means, covariances, weights, np.random.default_rng([seed, 99]))

    assert checks.check_sample_gmm(sampler)


def test_case_data_is_deterministic():
    a, b = checks.check_e_step(sm.e_step_pdf_space), checks.check_e_step(sm.e_step_pdf_space)
    assert a.failures == b.failures and repr(a) == repr(b)
