"""EM speed: gmm_lab.run_em against scikit-learn's GaussianMixture, side by side.

Both start from the same parameters and run the same number of iterations, so the
results must agree; each is timed at two iteration counts and the per-iteration
time is the difference divided by the extra iterations (fixed set-up costs, such
as scikit-learn's initialisation and final E-step, cancel out). The lab handout's
pdf-space loop is timed per iteration as well ("full" only: it knows no other type).
The "diag" and "spherical" rows have no bar; they show that run_em is vectorised for
those types too. A benchmark prints; it does not pass or fail. Run with `make bench`
(or `python benchmarks/bench_em.py --quick`).
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.mixture import GaussianMixture

import gmm_lab as g
from gmm_lab.course.handout import handout_e_step, handout_log_likelihood, handout_m_step

# (n, d, k, covariance_type): the speed-up run_em must reach (None: no bar, printed only)
BARS = {
    (1_000_000, 2, 5, "full"): 2.0,
    (200_000, 10, 10, "full"): 1.5,
    (1_000_000, 2, 5, "diag"): None,
    (1_000_000, 2, 5, "spherical"): None,
}


def make_problem(n, d, k, covariance_type="full", seed=0):
    rng = np.random.default_rng(seed)
    means = rng.normal(scale=3.0, size=(k, d))
    A = rng.normal(size=(k, d, d))
    covs = A @ A.transpose(0, 2, 1) / d + 0.5 * np.eye(d)
    X, _ = g.sample_gmm(n, means, covs, np.full(k, 1.0 / k), random_state=rng)
    return X, g.init_params(X, k, random_state=seed + 1, covariance_type=covariance_type)


def best_of(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def ours(X, start, n_iter, covariance_type):
    m, c, w = start
    return g.run_em(X, m, c, w, max_iter=n_iter, tol=0.0, keep_history=False, covariance_type=covariance_type)


def sklearn(X, start, n_iter, covariance_type):
    m, c, w = start
    precisions = np.linalg.inv(c) if covariance_type in ("full", "tied") else 1.0 / c
    gm = GaussianMixture(
        len(w), covariance_type=covariance_type, tol=0.0, max_iter=n_iter, reg_covar=1e-6,
        weights_init=w, means_init=m, precisions_init=precisions,
        init_params="random_from_data", random_state=0,
    )
    return gm.fit(X)


def handout_iteration(X, start):
    m, c, w = start
    resp = handout_e_step(X, m, c, w)
    w, m, c = handout_m_step(X, resp)
    handout_log_likelihood(X, m, c, w)


def per_iteration(fn, X, start, covariance_type, lo, hi, repeat):
    t_lo, _ = best_of(lambda: fn(X, start, lo, covariance_type), repeat)
    t_hi, result = best_of(lambda: fn(X, start, hi, covariance_type), repeat)
    return (t_hi - t_lo) / (hi - lo), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10x smaller data, for a smoke run")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    lo, hi = 2, 12
    rows = []
    for (n, d, k, ct), bar in BARS.items():
        if args.quick:
            n //= 10
        X, start = make_problem(n, d, k, ct)
        t_ours, r = per_iteration(ours, X, start, ct, lo, hi, args.repeat)
        t_sk, s = per_iteration(sklearn, X, start, ct, lo, hi, args.repeat)
        t_hand = best_of(lambda: handout_iteration(X, start), args.repeat)[0] if ct == "full" else None
        dmeans = float(np.abs(r.means - s.means_).max())
        rows.append((n, d, k, ct, t_ours, t_sk, t_hand, t_sk / t_ours, bar, dmeans))
    head = (f"{'n':>9} {'d':>3} {'k':>3} {'type':>9} | {'gmm_lab':>9} {'sklearn':>9} {'handout':>9} | "
            f"{'speed-up':>8} {'bar':>5} | {'max |dmean|':>11} agree")
    print("per-iteration time, ms (best of %d; iterations %d..%d)" % (args.repeat, lo, hi))
    print(head)
    print("-" * len(head))
    for n, d, k, ct, a, b, h, ratio, bar, dm in rows:
        ok = "yes" if dm < 1e-8 else "NO"
        meets = "" if args.quick or bar is None else (" (meets)" if ratio >= bar else " (MISSES)")
        hand = f"{h*1e3:>9.1f}" if h is not None else f"{'-':>9}"
        bar_text = f"{bar:>4.1f}x" if bar is not None else f"{'-':>5}"
        print(f"{n:>9} {d:>3} {k:>3} {ct:>9} | {a*1e3:>9.1f} {b*1e3:>9.1f} {hand} | {ratio:>7.2f}x {bar_text} | "
              f"{dm:>11.1e} {ok}{meets}")
        if h is not None:
            print(f"{'':>27} handout pdf-space loop is {h / a:.1f}x slower than gmm_lab per iteration")


if __name__ == "__main__":
    main()
