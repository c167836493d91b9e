"""EM from many starts at once: ``run_em``'s loop, vectorised over the starts.

On small data an EM iteration costs a few dozen small NumPy calls whatever n is, so
a hundred restarts, or a "basin of attraction" map over thousands of starting
means, is dominated by call overhead. Here the components of every start are stacked
into one axis of S * k rows, so that an iteration is two matrix products over all
starts at once, with points in columns and the data centred on its mean:

* M-step: ``resp @ Z.T``, with Z the rows 1, x and the products x_e x_f (e <= f; the
  squares only for "diag" and "spherical"), gives N_j, the means and the second
  moments of every component of every start; a covariance is then
  ``E[x x^T] - mu mu^T`` (recomputed as ``sum_i r_ij (x_i - mu_j)(x_i - mu_j)^T / N_j``
  where that difference cancels to rounding);
* E-step: the residuals ``x_i - mu_j`` of every component of every start in one array,
  whitened by one batched product with the precision factors (``(x_i - mu_j) U_j``; for
  "diag" and "spherical" a scaling by ``1 / sigma``).

Each start stops by itself when its log-likelihood settles, and converged starts
leave the batch. Each start's numbers are ``run_em``'s from that start (to rounding;
the tests check 1e-9), without its per-iteration history. This is the one EM engine
vectorised over starts; ``run_em`` (``gmm_lab.em``) is the one that reads like the maths.
"""

import warnings

import numpy as np

from ..collapse import collapsed_in_batch
from ..covariances import log_det_cholesky, precision_cholesky
from ..em import NK_FLOOR
from ..gaussian import LOG_2PI
from ..parameters import check_params
from ..results import CollapseWarning, ConvergenceWarning, EMResult, EMStep
from ..validation import (
    check_covariance_type,
    check_n_components,
    check_nonnegative_float,
    check_positive_int,
    check_X,
)

__all__ = ["run_em_batch"]

CHUNK = 4_000_000  # at most this many (start x component, point) entries in one array


class _Layout:
    """The data rows both steps multiply with, built once: X centred on its mean."""

    def __init__(self, X, covariance_type):
        n, d = X.shape
        self.n, self.d, self.covariance_type = n, d, covariance_type
        self.offset = X.mean(axis=0)
        xc = (X - self.offset).T  # (d, n)
        if covariance_type in ("full", "tied"):
            self.pairs = np.triu_indices(d)  # the products x_e x_f, e <= f
        else:
            self.pairs = (np.arange(d), np.arange(d))  # the squares x_e^2
        self.Z = np.vstack([np.ones((1, n)), xc, xc[self.pairs[0]] * xc[self.pairs[1]]])
        self.xc = xc

    def m_step(self, resp, reg_covar, S):
        """resp (S * k, n) -> weights (S, k), means (S, k, d), covariances (S, *type shape)."""
        d, k = self.d, resp.shape[0] // S
        moments = resp @ self.Z.T  # (S * k, 1 + d + pairs)
        nk = moments[:, 0] + NK_FLOOR
        centred = moments[:, 1 : 1 + d] / nk[:, None]
        means = centred + self.offset * (moments[:, 0] / nk)[:, None]  # = sum_i r_ij x_i / N_j
        second = np.zeros((S * k, d, d))
        second[:, self.pairs[0], self.pairs[1]] = moments[:, 1 + d :] / nk[:, None]
        second[:, self.pairs[1], self.pairs[0]] = second[:, self.pairs[0], self.pairs[1]]
        cov = second - centred[:, :, None] * centred[:, None, :]
        diagonal = np.diagonal(cov, axis1=1, axis2=2)
        for j in np.flatnonzero(np.any(diagonal <= 1e-8 * np.diagonal(second, axis1=1, axis2=2), axis=1)):
            diff = self.xc - (means[j] - self.offset)[:, None]  # cancelled: em.py's formula
            cov[j] = (diff * resp[j]) @ diff.T / nk[j]
        eye = np.eye(d)
        if self.covariance_type == "full":
            covariances = (cov + reg_covar * eye).reshape(S, k, d, d)
        elif self.covariance_type == "tied":
            pooled = (cov * nk[:, None, None]).reshape(S, k, d, d).sum(axis=1)
            covariances = pooled / nk.reshape(S, k).sum(axis=1)[:, None, None] + reg_covar * eye
        else:
            covariances = np.diagonal(cov, axis1=1, axis2=2).reshape(S, k, d) + reg_covar
            if self.covariance_type == "spherical":
                covariances = covariances.mean(axis=2)
        return (nk / self.n).reshape(S, k), means.reshape(S, k, d), covariances

    def e_step(self, means, covariances, weights, names):
        """Responsibilities (S * k, n) and each start's total log-likelihood (S,)."""
        S, k, d = means.shape
        mu = (means - self.offset).reshape(S * k, d)
        try:
            if self.covariance_type in ("full", "tied"):
                U = precision_cholesky(covariances.reshape(-1, d, d))  # S * k matrices, or S for tied
                U = (U.reshape(S, 1, d, d) if self.covariance_type == "tied" else U.reshape(S, k, d, d))
                U = np.broadcast_to(U, (S, k, d, d)).reshape(S * k, d, d)
                log_det = log_det_cholesky(U, covariance_type="full", n_features=d)
            else:
                prec = precision_cholesky(covariances, covariance_type=self.covariance_type)  # 1 / sigma
                log_det = log_det_cholesky(prec, covariance_type=self.covariance_type, n_features=d).reshape(S * k)
        except ValueError:
            for s in range(S):  # name the start and the component that failed
                try:
                    precision_cholesky(covariances[s], covariance_type=self.covariance_type)
                except ValueError as exc:
                    raise ValueError(f"start {names[s]}: {exc}") from None
            raise
        # the residuals x_i - mu_j first, then whitened: x U - mu U (or p x^2 - 2 p mu x + p mu^2) would
        # cancel for tight components far from the data's mean
        diff = self.xc[None, :, :] - mu[:, :, None]  # (S * k, d, n)
        if self.covariance_type in ("full", "tied"):
            y = np.matmul(U.transpose(0, 2, 1), diff)  # (x_i - mu_j) U_j for every row j
        else:  # 1 / sigma per feature
            y = diff * np.broadcast_to(prec.reshape(S * k, -1), (S * k, d))[:, :, None]
        buf = np.einsum("jei,jei->ji", y, y)
        buf *= -0.5
        with np.errstate(divide="ignore"):  # a weight of exactly 0: log 0 = -inf, r = 0
            buf += (log_det - 0.5 * d * LOG_2PI + np.log(weights).reshape(-1))[:, None]
        a = buf.reshape(S, k, self.n)
        top = a.max(axis=1, keepdims=True)
        a -= top
        np.exp(a, out=a)
        total = a.sum(axis=1, keepdims=True)
        a /= total
        return buf, (np.log(total[:, 0]) + top[:, 0]).sum(axis=1)


def run_em_batch(X, starts, *, max_iter=100, tol=1e-4, reg_covar=1e-6, covariance_type="full", on_step=None,
                 check_input=True):
    """Run EM from each of many starts, all at once; what ``run_em(..., keep_history=False)`` gives for each.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    starts : sequence of (means, covariances, weights)
        One start per entry, each as ``run_em`` takes them (e.g. what ``init_params``
        returns), all with the same number of components.
    max_iter, tol, reg_covar, covariance_type :
        As for ``run_em``, for every start.
    on_step : callable, optional
        Called after every iteration as ``on_step(t, running, means)``: the iteration t,
        the indices (into `starts`) of the starts that took part in it, and their new
        means, shape (len(running), k, d). For recording paths (``gmm_lab.em_paths``).
    check_input : bool, default=True
        False skips the checks of the arguments, for a caller that has checked them
        (``run_restarts``, whose starts come from ``init_params``).

    Returns
    -------
    list of EMResult
        One per start, in order; ``history`` holds the start and the final state. A
        single ``ConvergenceWarning`` counts the starts that stopped at `max_iter`, and a
        single ``CollapseWarning`` those that ended with a collapsed component (``collapsed``).

    Examples
    --------
    >>> import gmm_lab as g
    >>> X, _ = g.load_faithful()
    >>> runs = g.run_em_batch(X, [g.init_params(X, 2, random_state=s) for s in range(20)], tol=1e-6, max_iter=500)
    >>> sorted({round(r.log_likelihood, 1) for r in runs})
    [-1130.3]
    """
    starts = list(starts)
    if check_input:
        max_iter = check_positive_int(max_iter, "max_iter")
        tol = None if tol is None else check_nonnegative_float(tol, "tol")
        reg_covar = check_nonnegative_float(reg_covar, "reg_covar")
        covariance_type = check_covariance_type(covariance_type)
        X = check_X(X)
        checked = _check_starts(starts, X.shape[1], covariance_type)
        check_n_components(checked[0][0].shape[0], X.shape[0])
    else:
        checked = starts
    k, d = checked[0][0].shape
    layout = _Layout(X, covariance_type)
    chunk = max(1, CHUNK // (k * d * X.shape[0]))
    ends = []  # per start: (its start EMStep, its final EMStep, its trace, converged)
    for first in range(0, len(checked), chunk):
        ends += _run_chunk(layout, checked[first : first + chunk], first, max_iter, tol, reg_covar, on_step)
    found = collapsed_in_batch(X, np.stack([end.covariances for _, end, _, _ in ends]),
                               np.stack([end.weights for _, end, _, _ in ends]),
                               covariance_type=covariance_type, reg_covar=reg_covar)
    results = [EMResult(end.means, end.covariances, end.weights, end.responsibilities, trace, end.iteration, converged,
                        max_iter, tol, [start, end], covariance_type, c, reg_covar)
               for (start, end, trace, converged), c in zip(ends, found)]
    collapsed = [i for i, r in enumerate(results) if r.collapsed]
    if collapsed:
        warnings.warn(
            f"{len(collapsed)} of {len(results)} starts (starts[{', '.join(map(str, collapsed))}]) ended with a "
            f"collapsed component (see each run's collapsed, and gmm_lab.collapsed_components): their "
            f"log-likelihood is a spike, not a better fit.",
            CollapseWarning,
            stacklevel=2,
        )
    stopped = [i for i, r in enumerate(results) if not r.converged] if tol is not None else []  # tol=None: as run_em
    if stopped:
        warnings.warn(
            f"EM did not converge in max_iter={max_iter} iterations for {len(stopped)} of {len(results)} "
            f"starts (their converged is False). Increase max_iter, or loosen tol (now {tol:g}).",
            ConvergenceWarning,
            stacklevel=2,
        )
    return results


def _check_starts(starts, n_features, covariance_type):
    """Every start as checked (means, covariances, weights), all with the same number of components."""
    if not starts:
        raise ValueError("starts is empty; pass at least one (means, covariances, weights).")
    checked = []
    for s, start in enumerate(starts):
        if not isinstance(start, (tuple, list)) or len(start) != 3:
            got = type(start).__name__ + (f" of length {len(start)}" if isinstance(start, (tuple, list)) else "")
            raise ValueError(f"starts[{s}]: each start must be a tuple (means, covariances, weights), as "
                             f"init_params returns; got {got}.")
        try:
            checked.append(check_params(*start, n_features=n_features, check_pd=False, covariance_type=covariance_type))
        except ValueError as exc:
            raise ValueError(f"starts[{s}]: {exc}") from None
        if checked[-1][0].shape != checked[0][0].shape:
            raise ValueError(f"starts[{s}] has means of shape {checked[-1][0].shape}, starts[0] {checked[0][0].shape}; "
                             f"every start needs the same number of components.")
    return checked


def _run_chunk(layout, checked, first, max_iter, tol, reg_covar, on_step=None):
    """run_em's loop for a few starts at once; per start (start EMStep, final EMStep, trace, converged)."""
    means, covariances, weights = (np.stack(a) for a in zip(*checked))
    S, k, _ = means.shape
    names = np.arange(first, first + S)
    resp, ll = layout.e_step(means, covariances, weights, names)
    starts = [EMStep(0, m0, c0, w0, resp[s * k : (s + 1) * k].copy().T, float(ll[s]))  # as run_em: by component
              for s, (m0, c0, w0) in enumerate(checked)]
    lls, running = [ll], [np.arange(S)]  # per iteration: the log-likelihoods of the starts still running
    last = ll.copy()  # each start's latest log-likelihood
    final = [None] * S
    active = np.arange(S)
    for t in range(1, max_iter + 1):
        try:
            weights, means, covariances = layout.m_step(resp, reg_covar, len(active))
            resp, ll = layout.e_step(means, covariances, weights, names[active])
        except ValueError as exc:
            raise ValueError(f"EM iteration {t}, {exc}") from None  # "EM iteration t, start s: ..."
        if on_step is not None:
            on_step(t, names[active], means)
        lls.append(ll)
        running.append(active)
        done = np.abs(ll - last[active]) < tol if tol is not None else np.zeros(len(active), dtype=bool)
        last[active] = ll
        for i in np.flatnonzero(done) if t < max_iter else range(len(active)):
            r = resp[i * k : (i + 1) * k].copy().T
            final[active[i]] = (t, bool(done[i]), means[i], covariances[i], weights[i], r)
        if done.any():
            keep = ~done
            active, means, covariances, weights = active[keep], means[keep], covariances[keep], weights[keep]
            resp = resp.reshape(-1, k, resp.shape[1])[keep].reshape(-1, resp.shape[1])
        if not active.size:
            break
    # each start's trace, gathered from the iterations it ran in: one flat array, one slice per start
    lengths = np.array([f[0] for f in final]) + 1
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    flat = np.empty(offsets[-1])
    for t, (who, values) in enumerate(zip(running, lls)):
        flat[offsets[who] + t] = values
    out = []
    for s in range(S):
        t, converged, m, c, w, r = final[s]
        trace = flat[offsets[s] : offsets[s + 1]].copy()
        out.append((starts[s], EMStep(t, m, c, w, r, float(trace[-1])), trace, converged))
    return out
