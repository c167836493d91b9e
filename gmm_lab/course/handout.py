"""The lab handout's set-up and its original (flawed) computations, for comparison.

``make_lab_data`` and ``handout_start`` reproduce the handout's data and starting
point exactly (same legacy random stream as ``np.random.seed(42)``, without touching
NumPy's global state). The ``handout_*`` functions re-implement the handout's
pdf-space E-step, its M-step and its "log-likelihood" so the notebooks can show what
goes wrong; use ``gmm_lab.e_step``, ``m_step`` and ``log_likelihood`` for real work.
"""

import numbers
from dataclasses import dataclass

import numpy as np

from ..em import log_likelihood
from ..parameters import check_params
from ..validation import check_responsibilities, check_X

__all__ = [
    "LAB_COMPONENTS",
    "make_lab_data",
    "handout_start",
    "handout_e_step",
    "handout_m_step",
    "handout_log_likelihood",
    "HandoutRun",
    "run_handout_em",
]

# The two clusters the handout draws its data from (500 points each).
LAB_COMPONENTS = {
    "means": np.array([[0.0, 0.0], [5.0, 5.0]]),
    "covariances": np.array([[[1.0, 0.5], [0.5, 1.0]], [[1.0, -0.3], [-0.3, 1.0]]]),
    "n_per_component": 500,
}


def _lab_stream(random_state):
    """The handout's random stream and data: a legacy RandomState seeded like np.random.seed."""
    if isinstance(random_state, bool) or not isinstance(random_state, numbers.Integral) or random_state < 0:
        raise ValueError(
            f"random_state must be an integer seed >= 0 here (it replays np.random.seed(random_state), "
            f"as the handout does); got {random_state!r}."
        )
    rs = np.random.RandomState(int(random_state))
    parts = [
        rs.multivariate_normal(m, c, LAB_COMPONENTS["n_per_component"])
        for m, c in zip(LAB_COMPONENTS["means"], LAB_COMPONENTS["covariances"])
    ]
    return rs, np.vstack(parts)


def make_lab_data(random_state=42):
    """The handout's synthetic data set, shape (1000, 2): 500 points per cluster."""
    return _lab_stream(random_state)[1]


def handout_start(random_state=42):
    """The handout's data and starting parameters, exactly as it sets them up.

    Means are two distinct data points drawn from the same random stream that
    generated the data; covariances are identities; weights are equal.

    Returns
    -------
    X : ndarray of shape (1000, 2)
    means : ndarray of shape (2, 2)
    covariances : ndarray of shape (2, 2, 2)
    weights : ndarray of shape (2,)
    """
    rs, X = _lab_stream(random_state)
    k = 2
    n, d = X.shape
    means = X[rs.choice(n, k, replace=False)]
    covariances = np.array([np.eye(d) for _ in range(k)])
    weights = np.ones(k) / k
    return X, means, covariances, weights


def _component_pdfs(X, means, covariances):
    """Densities N(x_i | mu_j, Sigma_j) in pdf space, shape (n, k), as the handout computes them."""
    # Imported here, not at the top: scipy.stats takes about 1.3 s to import, and every
    # notebook's first cell imports gmm_lab (14 kernels under nbval, one per lecture).
    from scipy.stats import multivariate_normal

    return np.column_stack(
        [multivariate_normal(mean=m, cov=c).pdf(X).reshape(len(X)) for m, c in zip(means, covariances)]
    )


def handout_e_step(X, means, covariances, weights):
    """The handout's E-step: multiply densities, then divide by their sum.

    Works near the data, but far from every component all the densities
    underflow to 0 and the row becomes 0 / 0 = NaN (NumPy warns, the handout does
    not check). Kept only to show that failure; use ``gmm_lab.e_step``.
    """
    means, covariances, weights = check_params(means, covariances, weights)
    X = check_X(X, n_features=means.shape[1])
    resp = _component_pdfs(X, means, covariances) * weights
    with np.errstate(invalid="ignore"):
        resp /= resp.sum(axis=1, keepdims=True)
    return resp


def handout_m_step(X, responsibilities):
    """The handout's M-step, formula for formula: no ``reg_covar``, so nothing stops a collapse.

    Returns (weights, means, covariances) like ``gmm_lab.m_step(..., reg_covar=0)``,
    which computes the same thing (the notebooks check it).
    """
    X = check_X(X)
    resp = check_responsibilities(responsibilities, X.shape[0])
    n, k = resp.shape
    Nk = resp.sum(axis=0)
    weights = Nk / n
    means = resp.T @ X / Nk[:, np.newaxis]
    covariances = []
    for i in range(k):
        diff = X - means[i]
        covariances.append((resp[:, i] * diff.T) @ diff / Nk[i])
    return weights, means, np.array(covariances)


def handout_log_likelihood(X, means, covariances, weights):
    """The handout's "log-likelihood": ``sum_j sum_i log(w_j N(x_i | mu_j, Sigma_j) + 1e-8)``.

    This sums per-component logs; the log-likelihood is ``sum_i log sum_j ...``
    (``gmm_lab.log_likelihood``). Kept only to compare the two.
    """
    means, covariances, weights = check_params(means, covariances, weights)
    X = check_X(X, n_features=means.shape[1])
    return float(np.sum(np.log(_component_pdfs(X, means, covariances) * weights + 1e-8)))


@dataclass
class HandoutRun:
    """The handout's EM loop, replayed: its parameters and its convergence trace."""

    means: np.ndarray
    covariances: np.ndarray
    weights: np.ndarray
    responsibilities: np.ndarray
    handout_log_likelihoods: list
    true_log_likelihoods: list
    n_iter: int


def run_handout_em(X, means, covariances, weights, *, max_iter=100, tol=1e-4):
    """Replay the handout's loop: its pdf-space E-step, its M-step, its stopping rule.

    Stops when the handout's "log-likelihood" changes by less than `tol` (checked
    from the second iteration on), exactly as the handout does. The true total
    log-likelihood of each iteration's parameters is recorded beside it.
    """
    means, covariances, weights = check_params(means, covariances, weights)
    X = check_X(X, n_features=means.shape[1])
    wrong, right = [], []
    for iteration in range(max_iter):
        resp = handout_e_step(X, means, covariances, weights)
        weights, means, covariances = handout_m_step(X, resp)
        wrong.append(handout_log_likelihood(X, means, covariances, weights))
        right.append(log_likelihood(X, means, covariances, weights))
        if iteration > 0 and abs(wrong[-1] - wrong[-2]) < tol:
            break
    return HandoutRun(means, covariances, weights, resp, wrong, right, iteration + 1)
