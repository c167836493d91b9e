"""Student-style answers, right and wrong, for tests/test_checks.py.

Written the way students write them (loops, SciPy, the handout's style), not by
perturbing gmm_lab's own code, so that each check is tested against mistakes it did
not compute itself. Each wrong answer is paired in the tests with the hint it must get.
"""

import numpy as np
from scipy.special import logsumexp
from scipy.stats import multivariate_normal

LOG_2PI = np.log(2 * np.pi)


# --------------------------------------------------------------------------- #
# Densities
# --------------------------------------------------------------------------- #
def _pieces(X, mean, cov):
    X, mean, cov = (np.asarray(a, dtype=float) for a in (X, mean, cov))
    diff = X - mean
    maha = np.einsum("ij,jk,ik->i", diff, np.linalg.inv(cov), diff)
    return X.shape[1], maha, np.linalg.slogdet(cov)[1]


def log_pdf_right(X, mean, cov):
    """A good answer in the notebook's style: Cholesky, one triangular solve."""
    X = np.asarray(X, dtype=float)
    mean = np.asarray(mean, dtype=float)
    L = np.linalg.cholesky(np.asarray(cov, dtype=float))
    z = np.linalg.solve(L, (X - mean).T)
    return -0.5 * (X.shape[1] * LOG_2PI + 2 * np.log(np.diag(L)).sum() + (z**2).sum(axis=0))


def log_pdf_of_pdf(X, mean, cov):
    return np.log(multivariate_normal(mean, cov).pdf(X).reshape(len(X)))


def log_pdf_no_half(X, mean, cov):
    d, maha, logdet = _pieces(X, mean, cov)
    return -0.5 * (d * LOG_2PI + logdet) - maha


def log_pdf_no_normaliser(X, mean, cov):
    d, maha, logdet = _pieces(X, mean, cov)
    return -0.5 * maha


def log_pdf_sigma_not_inverse(X, mean, cov):
    diff = np.asarray(X) - mean
    return -0.5 * (X.shape[1] * LOG_2PI + np.log(np.linalg.det(cov)) + np.sum(diff @ cov * diff, axis=1))


def log_pdf_full_matrix(X, mean, cov):
    diff = X - mean
    return -0.5 * (X.shape[1] * LOG_2PI + np.log(np.linalg.det(cov)) + diff @ np.linalg.inv(cov) @ diff.T)


def log_pdf_in_place(X, mean, cov):
    X -= mean  # "centre the data"
    maha = np.sum(X @ np.linalg.inv(cov) * X, axis=1)
    return -0.5 * (X.shape[1] * LOG_2PI + np.log(np.linalg.det(cov)) + maha)


def log_pdf_no_asarray(X, mean, cov):
    diff = X - mean  # fails for lists
    return -0.5 * (len(mean) * LOG_2PI + np.log(np.linalg.det(cov)) + np.sum(diff @ np.linalg.inv(cov) * diff, axis=1))


def log_pdf_one_d_constant(X, mean, cov):
    d, maha, logdet = _pieces(X, mean, cov)
    return -0.5 * LOG_2PI - 0.5 * logdet - 0.5 * maha


def pdf_right(X, mean, cov):
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    diff = X - np.asarray(mean, dtype=float)
    inv = np.linalg.inv(cov)
    return np.exp(-0.5 * np.sum(diff @ inv * diff, axis=1)) / np.sqrt((2 * np.pi) ** d * np.linalg.det(cov))


def pdf_two_pi_no_parens(X, mean, cov):
    d, maha, _ = _pieces(X, mean, cov)
    return np.exp(-0.5 * maha) / (2 * np.pi ** (d / 2) * np.sqrt(np.linalg.det(cov)))


def pdf_det_no_sqrt(X, mean, cov):
    d, maha, _ = _pieces(X, mean, cov)
    return np.exp(-0.5 * maha) / ((2 * np.pi) ** (d / 2) * np.linalg.det(cov))


def pdf_returns_log(X, mean, cov):
    return log_pdf_right(X, mean, cov)


def pdf_exponent_no_half(X, mean, cov):
    d, maha, _ = _pieces(X, mean, cov)
    return np.exp(-maha) / np.sqrt((2 * np.pi) ** d * np.linalg.det(cov))


# --------------------------------------------------------------------------- #
# E-step
# --------------------------------------------------------------------------- #
def _log_terms(X, means, covariances, weights):
    X = np.asarray(X, dtype=float)
    return np.column_stack([
        np.log(w) + multivariate_normal(m, c).logpdf(X).reshape(len(X))
        for m, c, w in zip(means, covariances, weights)
    ])


def e_step_right(X, means, covariances, weights):
    a = _log_terms(X, means, covariances, weights)
    return np.exp(a - logsumexp(a, axis=1, keepdims=True))


def e_step_pdf_space(X, means, covariances, weights):  # the handout's
    n, k = len(X), len(weights)
    responsibilities = np.zeros((n, k))
    for i in range(k):
        rv = multivariate_normal(mean=means[i], cov=covariances[i])
        responsibilities[:, i] = weights[i] * rv.pdf(X)
    responsibilities /= responsibilities.sum(axis=1, keepdims=True)
    return responsibilities


def e_step_axis0(X, means, covariances, weights):
    num = np.exp(_log_terms(X, means, covariances, weights))
    return num / num.sum(axis=0)


def e_step_no_weights(X, means, covariances, weights):
    a = _log_terms(X, means, covariances, np.ones(len(weights)))
    return np.exp(a - logsumexp(a, axis=1, keepdims=True))


def e_step_eps(X, means, covariances, weights):
    num = np.exp(_log_terms(X, means, covariances, weights))
    return num / (num.sum(axis=1, keepdims=True) + 1e-300)  # "avoid division by zero"


def e_step_refuses_flat(X, means, covariances, weights):
    """Rejects a valid but nearly singular covariance instead of using it."""
    for j, cov in enumerate(np.asarray(covariances, dtype=float)):
        if np.linalg.cond(cov) > 1e5:
            raise ValueError(f"covariances[{j}] is too close to singular")
    return e_step_right(X, means, covariances, weights)


def e_step_transposed(X, means, covariances, weights):
    return e_step_right(X, means, covariances, weights).T


def e_step_unnormalised(X, means, covariances, weights):
    return np.exp(_log_terms(X, means, covariances, weights))


def e_step_regularises_in_place(X, means, covariances, weights):
    for j in range(len(weights)):
        covariances[j] += 1e-9 * np.eye(len(covariances[j]))  # "for stability"
    return e_step_right(X, means, covariances, weights)


def e_step_log(X, means, covariances, weights):
    a = _log_terms(X, means, covariances, weights)
    return a - logsumexp(a, axis=1, keepdims=True)


# --------------------------------------------------------------------------- #
# Log-likelihood
# --------------------------------------------------------------------------- #
def ll_right(X, means, covariances, weights):
    return float(logsumexp(_log_terms(X, means, covariances, weights), axis=1).sum())


def ll_handout(X, means, covariances, weights):
    ll = 0
    for i in range(len(weights)):
        rv = multivariate_normal(mean=means[i], cov=covariances[i])
        ll += np.sum(np.log(weights[i] * rv.pdf(X) + 1e-8))
    return ll


def ll_mean(X, means, covariances, weights):
    return logsumexp(_log_terms(X, means, covariances, weights), axis=1).mean()


def ll_pdf_space(X, means, covariances, weights):
    dens = sum(w * multivariate_normal(m, c).pdf(X) for m, c, w in zip(means, covariances, weights))
    return np.sum(np.log(dens))


def ll_max(X, means, covariances, weights):
    return _log_terms(X, means, covariances, weights).max(axis=1).sum()


def ll_no_weights(X, means, covariances, weights):
    return logsumexp(_log_terms(X, means, covariances, np.ones(len(weights))), axis=1).sum()


def ll_per_point(X, means, covariances, weights):
    return logsumexp(_log_terms(X, means, covariances, weights), axis=1)


def ll_q(X, means, covariances, weights):
    a = _log_terms(X, means, covariances, weights)
    return np.sum(e_step_right(X, means, covariances, weights) * a)


# --------------------------------------------------------------------------- #
# M-step
# --------------------------------------------------------------------------- #
def m_step_right(X, responsibilities):
    X = np.asarray(X, dtype=float)
    r = np.asarray(responsibilities, dtype=float)
    Nk = r.sum(axis=0)
    means = r.T @ X / Nk[:, None]
    covariances = []
    for j in range(r.shape[1]):
        diff = X - means[j]
        covariances.append((r[:, j] * diff.T) @ diff / Nk[j])
    return Nk / len(X), means, np.array(covariances)


def m_step_unweighted_cov(X, responsibilities):
    w, means, _ = m_step_right(X, responsibilities)
    covs = [np.cov(X - means[j], rowvar=False, bias=True) + np.outer(X.mean(0) - means[j], X.mean(0) - means[j])
            for j in range(len(w))]
    return w, means, np.array(covs).reshape(len(w), X.shape[1], X.shape[1])


def m_step_cov_over_n(X, responsibilities):
    w, means, _ = m_step_right(X, responsibilities)
    covs = [(responsibilities[:, j] * (X - means[j]).T) @ (X - means[j]) / len(X) for j in range(len(w))]
    return w, means, np.array(covs)


def m_step_np_cov(X, responsibilities):
    w, means, _ = m_step_right(X, responsibilities)
    covs = [np.atleast_2d(np.cov(X, rowvar=False, aweights=responsibilities[:, j])) for j in range(len(w))]
    return w, means, np.array(covs)


def m_step_weights_not_divided(X, responsibilities):
    _, means, covs = m_step_right(X, responsibilities)
    return responsibilities.sum(axis=0), means, covs


def m_step_wrong_order(X, responsibilities):
    w, means, covs = m_step_right(X, responsibilities)
    return means, covs, w


def m_step_global_centre(X, responsibilities):
    w, means, _ = m_step_right(X, responsibilities)
    diff = X - X.mean(axis=0)
    covs = [(responsibilities[:, j] * diff.T) @ diff / responsibilities[:, j].sum() for j in range(len(w))]
    return w, means, np.array(covs)


def m_step_from_one(X, responsibilities):
    """The maths' j = 1 … K read as range(1, k): the first component (index 0) keeps zeros."""
    X, r = np.asarray(X, dtype=float), np.asarray(responsibilities, dtype=float)
    n, k = r.shape
    weights, means, covariances = np.zeros(k), np.zeros((k, X.shape[1])), np.zeros((k, X.shape[1], X.shape[1]))
    for j in range(1, k):
        Nj = r[:, j].sum()
        weights[j], means[j] = Nj / n, r[:, j] @ X / Nj
        diff = X - means[j]
        covariances[j] = (r[:, j] * diff.T) @ diff / Nj
    return weights, means, covariances


def m_step_cleans_in_place(X, responsibilities):
    responsibilities[responsibilities < 1e-12] = 0.0  # "tidy up"
    return m_step_right(X, responsibilities)


def m_step_r_squared(X, responsibilities):
    w, means, _ = m_step_right(X, responsibilities)
    covs = []
    for j in range(len(w)):
        weighted = responsibilities[:, j, None] * (X - means[j])
        covs.append(weighted.T @ weighted / responsibilities[:, j].sum())
    return w, means, np.array(covs)


# --------------------------------------------------------------------------- #
# The EM loop
# --------------------------------------------------------------------------- #
class Fit:
    def __init__(self, means, covariances, weights, log_likelihoods):
        self.means, self.covariances, self.weights = means, covariances, weights
        self.log_likelihoods = log_likelihoods


def _em(X, means, covariances, weights, *, e_step=e_step_right, ll=ll_right, record_before=False,
        with_start=False, feed_back=True, tol=1e-6, max_iter=500, in_place=False):
    X = np.asarray(X, dtype=float)
    cur = [np.array(means, dtype=float), np.array(covariances, dtype=float), np.array(weights, dtype=float)]
    trace = [ll(X, *cur)] if with_start else []
    for _ in range(max_iter):
        old = cur
        w, m, c = m_step_right(X, e_step(X, *(cur if feed_back else [np.asarray(a, dtype=float) for a in (means, covariances, weights)])))
        if in_place:
            means[:] = m
        cur = [m, c, w]
        trace.append(ll(X, *(old if record_before else cur)))
        if len(trace) > 1 and abs(trace[-1] - trace[-2]) < tol:
            break
    return Fit(cur[0], cur[1], cur[2], trace)


def run_em_right(X, means, covariances, weights):
    return _em(X, means, covariances, weights)


def run_em_with_start_tuple(X, means, covariances, weights):
    fit = _em(X, means, covariances, weights, with_start=True)
    return fit.means, fit.covariances, fit.weights, fit.log_likelihoods


def run_em_handout_trace(X, means, covariances, weights):
    return _em(X, means, covariances, weights, ll=ll_handout, tol=1e-4)


def run_em_stops_at_once(X, means, covariances, weights, tol=1e-4):
    X = np.asarray(X, dtype=float)
    means, covariances, weights = (np.asarray(a, dtype=float) for a in (means, covariances, weights))
    prev, trace = 0.0, []
    for _ in range(100):
        weights, means, covariances = m_step_right(X, e_step_right(X, means, covariances, weights))
        ll = ll_right(X, means, covariances, weights)
        trace.append(ll)
        if ll - prev < tol:  # no abs(), and prev = 0: a negative ll stops the loop at once
            break
        prev = ll
    return Fit(means, covariances, weights, trace)


def run_em_no_feedback(X, means, covariances, weights):
    return _em(X, means, covariances, weights, feed_back=False)


def run_em_pdf_space(X, means, covariances, weights):
    return _em(X, means, covariances, weights, e_step=e_step_pdf_space, max_iter=50)


def run_em_records_before(X, means, covariances, weights):
    return _em(X, means, covariances, weights, record_before=True)


def run_em_in_place(X, means, covariances, weights):
    return _em(X, means, covariances, weights, in_place=True)


def run_em_mean_trace(X, means, covariances, weights):
    return _em(X, means, covariances, weights, ll=ll_mean)


# --------------------------------------------------------------------------- #
# Sampling
# --------------------------------------------------------------------------- #
def sample_right(n, means, covariances, weights, random_state=None):
    rng = np.random.default_rng(random_state)
    means, covariances = np.asarray(means, dtype=float), np.asarray(covariances, dtype=float)
    labels = rng.choice(len(weights), size=n, p=weights)
    z = rng.standard_normal((n, means.shape[1]))
    X = np.empty((n, means.shape[1]))
    for j in range(len(weights)):
        rows = labels == j
        X[rows] = means[j] + z[rows] @ np.linalg.cholesky(covariances[j]).T
    return X, labels


def _per_component(labels, z, means, factor):
    """Rows of X from per-label factors: X[i] = means[j] + factor(j, z[i]) for j = labels[i]."""
    X = np.empty(z.shape)
    for j in range(len(means)):
        rows = labels == j
        X[rows] = np.asarray(means[j], dtype=float) + factor(j, z[rows])
    return X


def sample_uniform_labels(n, means, covariances, weights, random_state=None):
    rng = np.random.default_rng(random_state)
    labels = rng.integers(len(weights), size=n)  # forgot p=weights
    z = rng.standard_normal((n, len(means[0])))
    return _per_component(labels, z, means, lambda j, zz: zz @ np.linalg.cholesky(covariances[j]).T), labels


def sample_cov_as_factor(n, means, covariances, weights, random_state=None):
    rng = np.random.default_rng(random_state)
    labels = rng.choice(len(weights), size=n, p=weights)
    z = rng.standard_normal((n, len(means[0])))
    return _per_component(labels, z, means, lambda j, zz: zz @ np.asarray(covariances[j]).T), labels


def sample_z_times_l(n, means, covariances, weights, random_state=None):
    rng = np.random.default_rng(random_state)
    labels = rng.choice(len(weights), size=n, p=weights)
    z = rng.standard_normal((n, len(means[0])))
    return _per_component(labels, z, means, lambda j, zz: zz @ np.linalg.cholesky(covariances[j])), labels


def sample_independent_coordinates(n, means, covariances, weights, random_state=None):
    rng = np.random.default_rng(random_state)
    labels = rng.choice(len(weights), size=n, p=weights)
    sd = np.sqrt(np.diagonal(np.asarray(covariances, dtype=float), axis1=1, axis2=2))
    return rng.normal(np.asarray(means, dtype=float)[labels], sd[labels]), labels


def sample_global_state(n, means, covariances, weights, random_state=None):
    np.random.seed(random_state if isinstance(random_state, int) else None)
    labels = np.random.choice(len(weights), size=n, p=weights)
    z = np.random.standard_normal((n, len(means[0])))
    return _per_component(labels, z, means, lambda j, zz: zz @ np.linalg.cholesky(covariances[j]).T), labels


def sample_shuffled_labels(n, means, covariances, weights, random_state=None):
    rng = np.random.default_rng(random_state)
    X, labels = sample_right(n, means, covariances, weights, rng)
    return X, rng.permutation(labels)


# --------------------------------------------------------------------------- #
# Counting parameters, BIC (notebooks 09 and 10)
# --------------------------------------------------------------------------- #
def npar_right(n_components, n_features, covariance_type="full"):
    k, d = n_components, n_features
    if covariance_type == "full":
        cov = k * d * (d + 1) / 2  # a float: accepted when it is the right number
    elif covariance_type == "diag":
        cov = k * d
    elif covariance_type == "spherical":
        cov = k
    else:
        cov = d * (d + 1) / 2
    return cov + k * d + k - 1


def npar_d_squared(n_components, n_features, covariance_type="full"):
    k, d = n_components, n_features
    cov = {"full": k * d * d, "diag": k * d, "spherical": k, "tied": d * d}[covariance_type]
    return cov + k * d + k - 1


def npar_k_weights(n_components, n_features, covariance_type="full"):
    return npar_right(n_components, n_features, covariance_type) + 1


def npar_tied_per_component(n_components, n_features, covariance_type="full"):
    if covariance_type == "tied":
        return npar_right(n_components, n_features, "full")
    return npar_right(n_components, n_features, covariance_type)


def npar_spherical_per_axis(n_components, n_features, covariance_type="full"):
    if covariance_type == "spherical":
        return npar_right(n_components, n_features, "diag")
    return npar_right(n_components, n_features, covariance_type)


def npar_covariances_only(n_components, n_features, covariance_type="full"):
    k, d = n_components, n_features
    return {"full": k * d * (d + 1) // 2, "diag": k * d, "spherical": k, "tied": d * (d + 1) // 2}[covariance_type]


def _ll(X, means, covariances, weights):
    X = np.asarray(X, dtype=float)
    comps = [np.log(w) + multivariate_normal(m, c).logpdf(X).reshape(len(X))
             for m, c, w in zip(means, covariances, weights)]
    return logsumexp(np.column_stack(comps), axis=1).sum(), X.shape[0], np.shape(means)


def bic_right(X, means, covariances, weights):
    ll, n, (k, d) = _ll(X, means, covariances, weights)
    p = k * d * (d + 1) / 2 + k * d + k - 1
    return -2 * ll + p * np.log(n)


def bic_log10(X, means, covariances, weights):
    ll, n, (k, d) = _ll(X, means, covariances, weights)
    return -2 * ll + (k * d * (d + 1) / 2 + k * d + k - 1) * np.log10(n)


def bic_aic_penalty(X, means, covariances, weights):
    ll, n, (k, d) = _ll(X, means, covariances, weights)
    return -2 * ll + 2 * (k * d * (d + 1) / 2 + k * d + k - 1)


def bic_d_squared(X, means, covariances, weights):
    ll, n, (k, d) = _ll(X, means, covariances, weights)
    return -2 * ll + (k * d * d + k * d + k - 1) * np.log(n)


def bic_k_weights(X, means, covariances, weights):
    ll, n, (k, d) = _ll(X, means, covariances, weights)
    return -2 * ll + (k * d * (d + 1) / 2 + k * d + k) * np.log(n)


def bic_mean_log_likelihood(X, means, covariances, weights):
    ll, n, (k, d) = _ll(X, means, covariances, weights)
    return -2 * ll / n + (k * d * (d + 1) / 2 + k * d + k - 1) * np.log(n)


def bic_sign(X, means, covariances, weights):
    ll, n, (k, d) = _ll(X, means, covariances, weights)
    return 2 * ll + (k * d * (d + 1) / 2 + k * d + k - 1) * np.log(n)


def bic_log_features(X, means, covariances, weights):
    ll, n, (k, d) = _ll(X, means, covariances, weights)
    return -2 * ll + (k * d * (d + 1) / 2 + k * d + k - 1) * np.log(np.shape(X)[1])


# --------------------------------------------------------------------------- #
# The MAP M-step (notebook 11)
# --------------------------------------------------------------------------- #
def _scatter(X, responsibilities):
    X = np.asarray(X, dtype=float)
    r = np.asarray(responsibilities, dtype=float)
    Nk = r.sum(axis=0)
    means = r.T @ X / Nk[:, None]
    S = np.array([(r[:, j] * (X - means[j]).T) @ (X - means[j]) for j in range(r.shape[1])])
    return X, r, Nk, means, S


def map_right(X, responsibilities, covariance_prior, prior_strength):
    X, r, Nk, means, S = _scatter(X, responsibilities)
    S0 = np.asarray(covariance_prior, dtype=float)
    covs = [(S[j] + prior_strength * S0) / (Nk[j] + prior_strength) for j in range(len(Nk))]
    return Nk / len(X), means, np.array(covs)


def map_no_kappa_below(X, responsibilities, covariance_prior, prior_strength):
    X, r, Nk, means, S = _scatter(X, responsibilities)
    covs = [(S[j] + prior_strength * np.asarray(covariance_prior)) / Nk[j] for j in range(len(Nk))]
    return Nk / len(X), means, np.array(covs)


def map_added_afterwards(X, responsibilities, covariance_prior, prior_strength):
    X, r, Nk, means, S = _scatter(X, responsibilities)
    covs = [S[j] / Nk[j] + prior_strength * np.asarray(covariance_prior) for j in range(len(Nk))]
    return Nk / len(X), means, np.array(covs)


def map_s0_not_scaled(X, responsibilities, covariance_prior, prior_strength):
    X, r, Nk, means, S = _scatter(X, responsibilities)
    covs = [(S[j] + np.asarray(covariance_prior)) / (Nk[j] + prior_strength) for j in range(len(Nk))]
    return Nk / len(X), means, np.array(covs)


def map_wishart_denominator(X, responsibilities, covariance_prior, prior_strength):
    X, r, Nk, means, S = _scatter(X, responsibilities)
    d = X.shape[1]
    covs = [(S[j] + prior_strength * np.asarray(covariance_prior)) / (Nk[j] + prior_strength + d + 1)
            for j in range(len(Nk))]
    return Nk / len(X), means, np.array(covs)


def map_prior_on_weights(X, responsibilities, covariance_prior, prior_strength):
    w, means, covs = map_right(X, responsibilities, covariance_prior, prior_strength)
    Nk = np.asarray(responsibilities, dtype=float).sum(axis=0)
    return (Nk + prior_strength) / (len(Nk) * prior_strength + len(w) * 0 + Nk.sum()), means, covs


def bic_pdf_space(X, means, covariances, weights):
    X = np.asarray(X, dtype=float)
    k, d = np.shape(means)
    with np.errstate(divide="ignore"):
        dens = sum(w * multivariate_normal(m, c).pdf(X).reshape(len(X)) for m, c, w in zip(means, covariances, weights))
        ll = np.log(dens).sum()
    return -2 * ll + (k * d * (d + 1) / 2 + k * d + k - 1) * np.log(len(X))


def bic_no_factor_two(X, means, covariances, weights):
    """−ℓ + p log n: the factor 2 on the log-likelihood forgotten."""
    ll, n, (k, d) = _ll(X, means, covariances, weights)
    p = k * d * (d + 1) / 2 + k * d + k - 1
    return -ll + p * np.log(n)


def map_ml_plus_prior_term(X, responsibilities, covariance_prior, prior_strength):
    """S_j / N_j + κ S₀ / (N_j + κ): the ML covariance with a prior term added, not pooled."""
    X, r, Nk, means, S = _scatter(X, responsibilities)
    S0 = np.asarray(covariance_prior, dtype=float)
    covs = [S[j] / Nk[j] + prior_strength * S0 / (Nk[j] + prior_strength) for j in range(len(Nk))]
    return Nk / len(X), means, np.array(covs)
