"""gmm_lab: Gaussian mixture models and the EM algorithm, for teaching.

The EM machinery is in log space (Cholesky factors, log-sum-exp) and agrees with
scikit-learn's ``GaussianMixture`` from the same start, for its four covariance types
(``covariance_type="full"``, the default, ``"diag"``, ``"spherical"``, ``"tied"``, in
scikit-learn's shapes). One idea per module:

- ``gmm_lab.gaussian``: one Gaussian (``log_gaussian_pdf``, ``gaussian_pdf``), the
  covariance types (``full_covariances``);
- ``gmm_lab.em``: the E-step, the M-step, the log-likelihood and the loop ``run_em``;
- ``gmm_lab.results``: what ``run_em`` returns (``EMResult`` and its history);
- ``gmm_lab.init``: starting points; ``gmm_lab.restarts``: many starts, keep the best;
- ``gmm_lab.batch``: EM from many starts at once (``run_em_batch``);
- ``gmm_lab.criteria``: ``n_parameters``, ``bic``, ``aic``;
- ``gmm_lab.clustering``: k-means (``kmeans``); ``gmm_lab.labels``: ``align_labels``,
  ``confusion_table``;
- ``gmm_lab.sampling``: drawing from a mixture; ``gmm_lab.datasets``: the data;
- ``gmm_lab.handout``: the lab handout's own (flawed) code, for comparison;
- ``gmm_lab.plotting``: figures; ``gmm_lab.widgets``: the notebooks' live figures.
"""

from .batch import run_em_batch
from .clustering import KMeansResult, KMeansStep, kmeans, temper
from .criteria import aic, bic, n_parameters
from .datasets import load_faithful, make_three_blobs
from .em import e_step, log_likelihood, log_mixture_pdf, lower_bound, m_step, run_em
from .gaussian import full_covariances, gaussian_pdf, log_gaussian_pdf
from .handout import handout_start, make_lab_data
from .init import init_params, kmeans_plusplus
from .labels import Alignment, align_labels, confusion_table
from .restarts import Restarts, run_restarts
from .results import ConvergenceWarning, EMResult, EMStep, HalfStep
from .sampling import sample_gmm

__version__ = "0.2.0"

__all__ = [
    "Alignment",
    "ConvergenceWarning",
    "EMResult",
    "EMStep",
    "HalfStep",
    "KMeansResult",
    "KMeansStep",
    "Restarts",
    "aic",
    "align_labels",
    "bic",
    "confusion_table",
    "e_step",
    "full_covariances",
    "gaussian_pdf",
    "handout_start",
    "init_params",
    "kmeans",
    "kmeans_plusplus",
    "load_faithful",
    "log_gaussian_pdf",
    "log_likelihood",
    "log_mixture_pdf",
    "lower_bound",
    "m_step",
    "make_lab_data",
    "make_three_blobs",
    "n_parameters",
    "run_em",
    "run_em_batch",
    "run_restarts",
    "sample_gmm",
    "temper",
]
