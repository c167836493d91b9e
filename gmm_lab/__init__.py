"""gmm_lab: Gaussian mixture models and the EM algorithm, for teaching.

The EM machinery is in log space (Cholesky factors, log-sum-exp) and agrees with
scikit-learn's ``GaussianMixture`` from the same start. Plot helpers live in
``gmm_lab.plotting`` and the notebook widgets in ``gmm_lab.widgets``.
"""

from .datasets import load_faithful, make_three_blobs
from .em import (
    ConvergenceWarning,
    EMResult,
    EMStep,
    e_step,
    gaussian_pdf,
    log_gaussian_pdf,
    log_likelihood,
    log_mixture_pdf,
    m_step,
    run_em,
)
from .handout import handout_start, make_lab_data
from .sampling import init_params, sample_gmm

__version__ = "0.1.0"

__all__ = [
    "ConvergenceWarning",
    "EMResult",
    "EMStep",
    "e_step",
    "gaussian_pdf",
    "handout_start",
    "init_params",
    "load_faithful",
    "log_gaussian_pdf",
    "log_likelihood",
    "log_mixture_pdf",
    "m_step",
    "make_lab_data",
    "make_three_blobs",
    "run_em",
    "sample_gmm",
]
