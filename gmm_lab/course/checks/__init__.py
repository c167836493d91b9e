"""Checks that answer back: run a student's own EM functions and say what is wrong.

Each ``check_*`` calls the student's function with the same arguments and conventions
as the ``gmm_lab`` function of the same name, on several seeded cases (including the
traps: 1-D and 5-D data, a point far from every component, a nearly singular
covariance, Python lists, inputs that must not be modified), and returns a
``CheckResult``: truthy exactly when every case passed, with ``result.failures`` a
list of messages (the case, expected against got, a hint from a diagnosis of the
common mistakes). In a notebook it shows itself as a short report::

    from gmm_lab.course.checks import check_e_step
    check_e_step(my_e_step)

A stub that raises ``NotImplementedError`` is reported as "not implemented yet"; an
exception in the student's code is reported with the student's own line. A function
that runs longer than ``timeout`` seconds (default 5) on one case is stopped.
Set the environment variable ``GMM_LAB_CHECKS_RAISE=1`` (e.g. for nbgrader's
autograder) to make a check that does not pass raise ``CheckFailed``.

A check can't be passed without doing the exercise: a function that calls gmm_lab's own
version of what it is to compute (``g.e_step`` in an E-step, however it is reached) is
refused, "this exercise is to write it yourself" (``_own``, ``_refusals``; each check's
docstring says what it refuses and what stays allowed); and with
``GMM_LAB_GRADING_SEED=<a number>`` set (``make grade`` sets it) each check adds hidden
cases drawn from that seed, so that an answer that hard-codes the visible cases fails
(``_hidden``).
"""

from ._report import CheckFailed, CheckResult
from .bernoulli import check_bernoulli_e_step
from .clustering import check_kmeans_step
from .confusion import check_confusion_table
from .criteria import check_bic, check_n_parameters
from .density import check_gaussian_pdf, check_log_gaussian_pdf
from .labels import check_best_permutation
from .missing import check_fill_in
from .loop import check_run_em
from .prior import check_m_step_map
from .sampling import check_sample_gmm
from .steps import check_e_step, check_log_likelihood, check_m_step
from .sticks import check_expected_log_weights

__all__ = [
    "CheckFailed",
    "CheckResult",
    "check_bernoulli_e_step",
    "check_best_permutation",
    "check_bic",
    "check_confusion_table",
    "check_e_step",
    "check_fill_in",
    "check_expected_log_weights",
    "check_gaussian_pdf",
    "check_kmeans_step",
    "check_log_gaussian_pdf",
    "check_log_likelihood",
    "check_m_step",
    "check_m_step_map",
    "check_n_parameters",
    "check_run_em",
    "check_sample_gmm",
]
