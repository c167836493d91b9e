"""gmm_lab's one speed trick, kept apart so that ``em.py`` reads like the maths.

``run_em`` (and nothing else) iterates ``fast_em_iterations``. Each iteration is
exactly ``em._m_step`` followed by ``em._e_step`` — the tests check that ``run_em``'s
history equals ``m_step``/``e_step`` applied by hand — but laid out for speed:

* points in columns: ``X`` is held as a (n_features + 1, n_samples) array whose last
  row is ones, and responsibilities as (n_components, n_samples), so per-point
  reductions over components run along contiguous memory;
* one matrix product whitens every point for every component: row (j, e) of the
  stacked (n_components * n_features, n_features + 1) matrix holds column e of the
  precision factor U_j and, last, ``-mu_j . U_j[:, e]``, so ``stacked @ X1`` gives all
  residuals ``(x_i - mu_j) U_j`` at once (instead of k small, slow (n, d) @ (d, d)
  products);
* log-sum-exp in place on one (n_components, n_samples) buffer, with a single
  ``exp`` pass.

At n=1,000,000, d=2, k=5 this makes an iteration about 4x faster than the (n, d)
layout of ``em.py`` and of scikit-learn (``make bench``).
"""

import numpy as np

from .gaussian import LOG_2PI, precision_cholesky


def fast_em_iterations(X, resp, reg_covar):
    """Yield ``(weights, means, covariances, responsibilities, log_prob)`` per EM iteration.

    Starts with the M-step on `resp` (shape (n_samples, n_components)); each
    ``responsibilities`` (a (n_samples, n_components) view) and ``log_prob`` (per-point
    log p(x_i), shape (n_samples,)) come from the new parameters.
    """
    n, d = X.shape
    X1 = np.empty((d + 1, n))  # the augmented, transposed points
    X1[:d] = X.T
    X1[d] = 1.0
    XT = X1[:d]
    resp_t = np.ascontiguousarray(resp.T)
    eps = 10 * np.finfo(float).eps
    eye = np.eye(d)
    while True:
        # M-step
        k = resp_t.shape[0]
        nk = resp_t.sum(axis=1) + eps
        means = (resp_t @ XT.T) / nk[:, None]
        covariances = np.empty((k, d, d))
        for j in range(k):
            diff = XT - means[j][:, None]
            cov = ((diff * resp_t[j]) @ diff.T) / nk[j]
            covariances[j] = (cov + cov.T) / 2 + reg_covar * eye
        weights = nk / n
        # E-step of the new parameters
        prec_chol, log_det = precision_cholesky(covariances)
        stacked = np.empty((k * d, d + 1))
        stacked[:, :d] = prec_chol.transpose(0, 2, 1).reshape(k * d, d)
        stacked[:, d] = -np.einsum("kd,kde->ke", means, prec_chol).reshape(k * d)
        buf = stacked @ X1
        np.multiply(buf, buf, out=buf)
        buf = buf.reshape(k, d, n).sum(axis=1)  # squared Mahalanobis distances, (k, n)
        buf *= -0.5
        with np.errstate(divide="ignore"):  # a weight of exactly 0: log 0 = -inf, r = 0
            buf += (log_det - 0.5 * d * LOG_2PI + np.log(weights))[:, None]
        top = buf.max(axis=0)
        buf -= top
        np.exp(buf, out=buf)
        total = buf.sum(axis=0)
        buf /= total
        log_prob = np.log(total)
        log_prob += top
        resp_t = buf
        yield weights, means, covariances, resp_t.T, log_prob
