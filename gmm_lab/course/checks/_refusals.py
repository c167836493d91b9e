"""What each check refuses to see the student's function call: gmm_lab's own answer (see ``_own``).

One entry per check: the reference (named in the message), then the private code that
computes it, and the other public functions whose only work is that answer. What an
earlier notebook had the student write stays allowed (``allowed`` says so in the hint).
"""

from ... import bound, clustering, covariances, criteria, em, gaussian, sampling
from ...practice import batch, bernoulli, labels, missing, prior, variational, variational_steps
from ._own import Refused

__all__ = ["REFUSALS"]

_DENSITY = [gaussian.log_gaussian_prob]  # every component at every point: a density in one call
_E_STEP = [em._e_step, batch._Layout.e_step]  # the E-step's own pass: responsibilities and log p(x)
_M_STEP = [em._m_step, covariances.estimate_covariances, prior._m_step_map, batch._Layout.m_step]
_NUMPY_ONLY = ""

REFUSALS = {
    "check_log_gaussian_pdf": Refused([gaussian.log_gaussian_pdf, gaussian.gaussian_pdf, *_DENSITY], _NUMPY_ONLY),
    "check_gaussian_pdf": Refused([gaussian.gaussian_pdf, gaussian.log_gaussian_pdf, *_DENSITY], _NUMPY_ONLY),
    "check_sample_gmm": Refused([sampling.sample_gmm], _NUMPY_ONLY),
    "check_e_step": Refused([em.e_step, *_E_STEP],
                            " (gmm_lab.log_gaussian_pdf, which notebook 01 had you write, is allowed)"),
    "check_log_likelihood": Refused(
        [em.log_likelihood, em.log_mixture_pdf, bound.lower_bound, *_E_STEP],
        " (gmm_lab.log_gaussian_pdf, which notebook 01 had you write, is allowed)"),
    "check_m_step": Refused([em.m_step, *_M_STEP, prior.m_step_map], _NUMPY_ONLY),
    "check_run_em": Refused(
        [em.run_em, em.em_loop, batch.run_em_batch, batch._run_chunk],
        " and the steps you wrote in notebooks 03 and 04 (gmm_lab.e_step, gmm_lab.m_step and "
        "gmm_lab.log_likelihood are allowed)"),
    "check_kmeans_step": Refused([clustering.kmeans, clustering._assign, clustering._update], _NUMPY_ONLY),
    "check_best_permutation": Refused([labels.align_labels, labels.confusion_table],
                                      " and itertools.permutations"),
    "check_n_parameters": Refused([criteria.n_parameters], _NUMPY_ONLY),
    "check_bic": Refused(
        [criteria.bic, criteria.aic, criteria._fit_log_likelihood],
        " (gmm_lab.log_likelihood and gmm_lab.n_parameters, which notebooks 03 and 09 had you write, are "
        "allowed)"),
    "check_m_step_map": Refused(
        [prior.m_step_map, prior._m_step_map],
        " (gmm_lab.m_step, which notebook 04 had you write, is allowed: it gives the weights and means)"),
    "check_bernoulli_e_step": Refused([bernoulli.bernoulli_e_step, bernoulli._e_step], _NUMPY_ONLY),
    "check_confusion_table": Refused(
        [labels.confusion_table],
        " (gmm_lab.align_labels, to renumber the labels, is allowed)"),
    "check_fill_in": Refused(
        [missing.e_step_missing, missing.run_em_missing], _NUMPY_ONLY),
    "check_expected_log_weights": Refused(
        [variational_steps.expected_log_weights, variational_steps.e_step, variational.run_variational],
        " and scipy.special.digamma"),
}
