"""gmm_lab: Gaussian mixture models and the EM algorithm, for teaching.

The EM machinery is in log space (Cholesky factors, log-sum-exp) and agrees with
scikit-learn's ``GaussianMixture`` from the same start, for its four covariance types
(``covariance_type="full"``, the default, ``"tied"``, ``"diag"``, ``"spherical"``, in
scikit-learn's shapes). The package is in three parts, by who reads them:

**The EM a student reads first** (notebooks 01-06), one idea per module:

- ``gmm_lab.gaussian``: one Gaussian (``log_gaussian_pdf``, ``gaussian_pdf``), the
  covariance types (``full_covariances``);
- ``gmm_lab.em``: the E-step, the M-step, the log-likelihood and the loop (``run_em``);
- ``gmm_lab.results``: what ``run_em`` returns (``EMResult`` and its history);
- ``gmm_lab.init``: starting points (``init_params``, scikit-learn's four methods);
- ``gmm_lab.clustering``: k-means (``kmeans``, ``kmeans_plusplus``), EM's hard cousin and
  scikit-learn's default start;
- ``gmm_lab.collapse``: components collapsed onto a point (``collapsed_components``);
- ``gmm_lab.sampling``: drawing from a mixture (``sample_gmm``);
- ``gmm_lab.criteria``: ``n_parameters``, ``bic``, ``aic``;
- ``gmm_lab.validation``: the input checks every public function runs once.

**What practice needs** (notebooks 07-16), in ``gmm_lab.practice``: many starts
(``restarts``) run at once (``batch``) and where they end (``basins``), a prior on the
covariances (``prior``: MAP EM), EM with a fixed variance (``fixed_variance``), k-means as a
code book for an image (``quantise``), matching labels (``labels``), choosing a model
(``selection``), a mixture of Bernoulli distributions for binary data (``bernoulli``, notebook
14), EM in general (notebook 15: the bound's decomposition and a generalised EM, ``general``;
``incremental`` EM; EM for a Gaussian with ``missing`` coordinates), and the Bayesian mixture
that switches components off (``variational``, notebook 16).

**The course machinery**, in ``gmm_lab.course``: the lab handout's own code
(``handout``), the data (``datasets``), figures (``plotting``), live figures
(``widgets``) and the exercises' checks (``checks``).

The core imports nothing from the other two parts; ``import gmm_lab as g`` gives every
function of the first two (``dir(g)``), and the course's data sets and handout start.
"""

from .bound import lower_bound
from .clustering import KMeansResult, KMeansStep, kmeans, kmeans_plusplus, temper
from .collapse import collapsed_components
from .course.datasets import (
    load_faithful,
    make_kmeans_traps,
    make_lone_point,
    make_rotated_blobs,
    make_three_blobs,
)
from .course.handout import handout_start, make_lab_data
from .covariances import full_covariances
from .criteria import aic, bic, n_parameters
from .em import e_step, log_likelihood, log_mixture_pdf, m_step, run_em
from .gaussian import gaussian_pdf, log_gaussian_pdf
from .init import init_params, params_from_labels
from .practice.bernoulli import (
    BernoulliResult,
    bernoulli_e_step,
    bernoulli_log_pdf,
    bernoulli_start,
    run_em_bernoulli,
)
from .practice.basins import EMPaths, basin_codes, distinct_optima, em_paths
from .practice.batch import run_em_batch
from .practice.fixed_variance import FixedVarianceResult, fixed_variance_em
from .practice.general import Decomposition, decomposition, decomposition_path, run_ecm
from .practice.incremental import (
    IncrementalResult,
    Statistics,
    incremental_em,
    m_step_from_statistics,
    sufficient_statistics,
    update_statistics,
)
from .practice.missing import (
    MissingResult,
    e_step_missing,
    hide_at_random,
    m_step_missing,
    observed_log_likelihood,
    run_em_missing,
)
from .practice.labels import Alignment, align_labels, confusion_table
from .practice.prior import MAPResult, log_covariance_prior, m_step_map, run_em_map
from .practice.quantise import Quantised, compressed_bits, quantise
from .practice.restarts import Restarts, run_restarts
from .practice.variational import VariationalResult, run_variational
from .practice.selection import (
    Sweep,
    fit_each_type,
    held_out_log_likelihood,
    per_point_scores,
    sweep,
)
from .results import (
    CollapseWarning,
    ConvergenceWarning,
    EMResult,
    EMStep,
    HalfStep,
    MStep,
)
from .sampling import sample_gmm

__version__ = "0.3.0"

__all__ = [
    # the core: one Gaussian, the steps and the loop, what a run returns, starts, samples, criteria
    "log_gaussian_pdf",
    "gaussian_pdf",
    "full_covariances",
    "e_step",
    "m_step",
    "MStep",
    "log_likelihood",
    "log_mixture_pdf",
    "lower_bound",
    "run_em",
    "EMResult",
    "EMStep",
    "HalfStep",
    "ConvergenceWarning",
    "CollapseWarning",
    "init_params",
    "params_from_labels",
    "kmeans",
    "kmeans_plusplus",
    "KMeansResult",
    "KMeansStep",
    "temper",
    "collapsed_components",
    "sample_gmm",
    "n_parameters",
    "bic",
    "aic",
    # practice
    "run_restarts",
    "Restarts",
    "run_em_batch",
    "em_paths",
    "EMPaths",
    "distinct_optima",
    "basin_codes",
    "run_em_map",
    "m_step_map",
    "log_covariance_prior",
    "MAPResult",
    "fixed_variance_em",
    "FixedVarianceResult",
    "quantise",
    "Quantised",
    "compressed_bits",
    "align_labels",
    "confusion_table",
    "Alignment",
    "sweep",
    "Sweep",
    "held_out_log_likelihood",
    "fit_each_type",
    "per_point_scores",
    "run_em_bernoulli",
    "bernoulli_e_step",
    "bernoulli_log_pdf",
    "bernoulli_start",
    "BernoulliResult",
    "decomposition",
    "Decomposition",
    "decomposition_path",
    "run_ecm",
    "incremental_em",
    "IncrementalResult",
    "sufficient_statistics",
    "update_statistics",
    "m_step_from_statistics",
    "Statistics",
    "hide_at_random",
    "e_step_missing",
    "m_step_missing",
    "observed_log_likelihood",
    "run_em_missing",
    "MissingResult",
    "run_variational",
    "VariationalResult",
    # the course's data
    "load_faithful",
    "make_three_blobs",
    "make_kmeans_traps",
    "make_rotated_blobs",
    "make_lone_point",
    "handout_start",
    "make_lab_data",
]

# the parts a reader opens, besides the functions above
_PARTS = ["course", "practice"]


def __dir__():
    """What ``dir(gmm_lab)`` lists: the public functions and classes, the two parts, the version."""
    return sorted(__all__ + _PARTS + ["__version__"])
