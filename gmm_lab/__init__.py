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
- ``gmm_lab.basins``: where EM goes from each start (``em_paths``, ``distinct_optima``);
- ``gmm_lab.criteria``: ``n_parameters``, ``bic``, ``aic``;
- ``gmm_lab.criteria``: ``n_parameters``, ``bic``, ``aic``; ``gmm_lab.selection``: fitting
  every (covariance type, K) and cross-validating (``sweep``, ``held_out_log_likelihood``);
- ``gmm_lab.collapse``: components collapsed onto a point (``collapsed_components``);
- ``gmm_lab.prior``: a prior on the covariances, and MAP EM (``run_em_map``);
- ``gmm_lab.clustering``: k-means (``kmeans``); ``gmm_lab.labels``: ``align_labels``,
  ``confusion_table``;
- ``gmm_lab.fixed_variance``: EM with a fixed shared variance, k-means as its limit (``fixed_variance_em``);
- ``gmm_lab.sampling``: drawing from a mixture; ``gmm_lab.datasets``: the data;
- ``gmm_lab.handout``: the lab handout's own (flawed) code, for comparison;
- ``gmm_lab.plotting``: figures; ``gmm_lab.widgets``: the notebooks' live figures.
"""

from .basins import EMPaths, distinct_optima, em_paths
from .batch import run_em_batch
from .clustering import KMeansResult, KMeansStep, kmeans, temper
from .criteria import aic, bic, n_parameters
from .datasets import load_faithful, make_kmeans_traps, make_lone_point, make_rotated_blobs, make_three_blobs
from .em import e_step, log_likelihood, log_mixture_pdf, lower_bound, m_step, run_em
from .fixed_variance import FixedVarianceResult, fixed_variance_em
from .gaussian import full_covariances, gaussian_pdf, log_gaussian_pdf
from .handout import handout_start, make_lab_data
from .init import init_params, kmeans_plusplus, params_from_labels
from .labels import Alignment, align_labels, confusion_table
from .restarts import Restarts, run_restarts
from .collapse import collapsed_components
from .prior import MAPResult, log_covariance_prior, m_step_map, run_em_map
from .results import CollapseWarning, ConvergenceWarning, EMResult, EMStep, HalfStep
from .sampling import sample_gmm
from .selection import Sweep, held_out_log_likelihood, sweep

__version__ = "0.2.0"

__all__ = [
    "Alignment",
    "CollapseWarning",
    "ConvergenceWarning",
    "EMPaths",
    "EMResult",
    "EMStep",
    "FixedVarianceResult",
    "HalfStep",
    "KMeansResult",
    "KMeansStep",
    "MAPResult",
    "Restarts",
    "Sweep",
    "aic",
    "align_labels",
    "bic",
    "distinct_optima",
    "collapsed_components",
    "confusion_table",
    "e_step",
    "em_paths",
    "fixed_variance_em",
    "full_covariances",
    "gaussian_pdf",
    "handout_start",
    "held_out_log_likelihood",
    "init_params",
    "kmeans",
    "kmeans_plusplus",
    "load_faithful",
    "log_gaussian_pdf",
    "log_likelihood",
    "log_covariance_prior",
    "log_mixture_pdf",
    "lower_bound",
    "m_step",
    "make_kmeans_traps",
    "m_step_map",
    "make_lab_data",
    "make_lone_point",
    "make_rotated_blobs",
    "make_three_blobs",
    "n_parameters",
    "params_from_labels",
    "run_em",
    "run_em_batch",
    "run_em_map",
    "run_restarts",
    "sample_gmm",
    "sweep",
    "temper",
]
