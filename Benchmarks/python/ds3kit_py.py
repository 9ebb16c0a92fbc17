"""The computations of `ds3 bench` items (a), (b), (c) and (e), written as a competent numpy/scipy user would:
vectorised over grids, scipy.special.betainc / ndtr / lambertw, scipy.optimize.brentq, scipy.signal.fftconvolve.

Optional tooling (not used by the Swift package or its tests). Each function returns the same checksum as the
Swift item so that `compare.py` can check both sides computed the same thing:

  (a) sweep()              Σ R*/√F over the notebook's 200 budgets (published mode)
  (b) population_grid()    Σ E[acc] over the 50 × 60 (C_tr, C_inf) grid (TripartiteLink, published mode)
  (c1) training_optima()   Σ ln N* over 1000 Chinchilla closed-form optima
  (c2) inference_optima()  Σ ln N* over 1000 fixed-budget inference-aware optima (T = 1e13)
  (e) exact_voting()       the exact majority-voting accuracy, N = 1e4, 10 answers, p = 0.12
"""

import math

import numpy as np
from scipy import optimize, signal, special, stats

# ---------------------------------------------------------------------------------------------------------------
# (a) tripartite compute-optimal sweep (reference: tripartite-theory §2–3, §7; published mode)

D_T, EPS = 6.0, 0.5


def _threshold(R, T):
    """ε^BP, x^BP, y^BP, tangency flag for arrays R, T (binomial–binomial ensemble), vectorised.

    Global scan of ln g(x) = ln x − ln λ(1 − ρ(1 − x)) on 64 points of [0.1, 1], then bisection on the tangency
    condition h(x) = 1 − x (λ'/λ)(y) ρ'(1 − x) = 0 between the neighbours of the best grid point."""
    R = np.asarray(R, float)[..., None]
    T = np.asarray(T, float)[..., None]
    p = np.minimum(1.0, D_T / R)
    n = R / EPS

    def logbase(x):
        return np.log1p(p * (x - 1.0))

    def rho(x):
        return np.exp((n - 1.0) * logbase(x))

    def log_g(x):
        y = 1.0 - rho(1.0 - x)
        return np.log(x) - (T - 1.0) * logbase(y)

    def h(x):
        y = 1.0 - rho(1.0 - x)
        lam_log_deriv = (T - 1.0) * p / (1.0 - p + p * y)
        rho_prime = (n - 1.0) * p * np.exp((n - 2.0) * logbase(1.0 - x))
        return 1.0 - x * lam_log_deriv * rho_prime

    xs = np.linspace(0.1, 1.0, 64)
    values = log_g(xs)  # shape (..., 64)
    best = np.argmin(values, axis=-1)
    lo = xs[np.maximum(best - 1, 0)][..., None]
    hi = xs[np.minimum(best + 1, 63)][..., None]
    h_lo, h_hi = h(lo), h(hi)
    bracket = (h_lo < 0) & (h_hi > 0)
    a, b = lo.copy(), hi.copy()
    for _ in range(55):
        mid = 0.5 * (a + b)
        neg = h(mid) < 0
        a = np.where(neg, mid, a)
        b = np.where(neg, b, mid)
    x_star = np.where(bracket, 0.5 * (a + b), xs[best][..., None])
    # No interior tangency only when g is increasing at x_min or decreasing up to 1 (minimum at an end).
    at_start = (best == 0)[..., None] & (h(np.full_like(lo, 0.1)) >= 0)
    at_end = (best == 63)[..., None] & (h(np.ones_like(lo)) <= 0)
    tangency = bracket | ~(at_start | at_end)
    eps_bp = np.minimum(1.0, np.exp(log_g(x_star)))
    y = 1.0 - rho(1.0 - x_star)
    return eps_bp[..., 0], x_star[..., 0], y[..., 0], tangency[..., 0]


def concepts_learned(R, F):
    """R_learned(R, F/R) in the notebook's (published) finite-size law, vectorised over R (and F)."""
    R = np.asarray(R, float)
    T = F / R
    p = np.minimum(1.0, D_T / R)
    n = R / EPS
    eps_bp, x, y, tangency = _threshold(R, T)

    def power(m, z):
        return np.exp(m * np.log1p(p * (z - 1.0)))

    xb = 1.0 - x
    rho_xb = power(n - 1, xb)
    rho_p_xb = (n - 1) * p * power(n - 2, xb)
    lam_y = power(T - 1, y)
    log_empty = T * np.log1p(-p)
    l_prime1 = T * p / -np.expm1(log_empty)
    num1 = rho_xb ** 2 - power(n - 1, xb * xb) + rho_p_xb * (1 - 2 * x * rho_xb) + xb * xb * (n - 1) * p * power(
        n - 2, xb * xb)
    den1 = l_prime1 * lam_y ** 2 * rho_p_xb ** 2
    e = eps_bp
    num2 = e * e * lam_y ** 2 + e * e * power(T - 1, y * y) + y * y * e * e * (T - 1) * p * power(T - 2, y * y)
    den2 = l_prime1 * lam_y ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = np.sqrt(num1 / den1 + num2 / den2)
    alpha = np.where(tangency, alpha, 1e-5)
    q = special.ndtr(-np.sqrt(n) * (eps_bp - EPS) / alpha)
    node_l = (power(T, y) - np.exp(log_empty)) / -np.expm1(log_empty)
    gamma = eps_bp * node_l
    delta = gamma * q / EPS
    learned = R * (1 - delta)
    return np.where(eps_bp >= 1, R, learned)


def sweep(grid_points=80):
    """(a) R*(F) for the notebook's 200 budgets: an 80-point grid on [max(1, 0.2√F), 0.6√F] evaluated for all
    budgets at once, then a vectorised golden-section search on the best grid point's neighbours (to 1e-7
    relative, like the Swift Brent stage). Returns Σ R*/√F."""
    F = np.logspace(2, 20, 200)
    root = np.sqrt(F)
    lower = np.maximum(1.0, 0.2 * root)
    upper = np.minimum(F, 0.6 * root)
    t = np.linspace(0.0, 1.0, grid_points)
    Rs = lower[:, None] + t[None, :] * (upper - lower)[:, None]
    values = concepts_learned(Rs, F[:, None])
    best = np.argmax(values, axis=1)
    idx = np.arange(F.size)
    a = Rs[idx, np.maximum(best - 1, 0)]
    b = Rs[idx, np.minimum(best + 1, grid_points - 1)]
    interior = (best > 0) & (best < grid_points - 1)
    g = (math.sqrt(5) - 1) / 2
    c = b - g * (b - a)
    d = a + g * (b - a)
    fc = concepts_learned(c, F)
    fd = concepts_learned(d, F)
    while np.any(interior & (b - a > 1e-7 * b)):
        left = fc > fd  # the maximum lies in [a, d]
        a, b = np.where(left, a, c), np.where(left, d, b)
        new = np.where(left, b - g * (b - a), a + g * (b - a))
        f_new = concepts_learned(new, F)
        c, fc, d, fd = (np.where(left, new, d), np.where(left, f_new, fd),
                        np.where(left, c, new), np.where(left, fc, f_new))
    r_star = np.where(interior, 0.5 * (a + b), Rs[idx, best])
    return float(np.sum(r_star / root))


# ---------------------------------------------------------------------------------------------------------------
# (b) tripartite DS3 population grid (ds3-theory §4.2, released code: P̄ = 1, real K)

L, L_MIN, L_MAX, M_MIN, M_MAX = 100, 60, 70, 2, 15
S_L, ZETA, OMEGA, KAPPA, BETA, RHO = 1e4, 2.5e3, 25.0, 20.0, 5.0, 0.5
ETA, DELTA = 5.0, 1e-5


def _sigma(k):
    return 0.5 * math.log(k)


def _skill_table():
    """m'(l, m, l') for the 154 tasks × 70 levels."""
    table = np.zeros(((L_MAX - L_MIN + 1) * (M_MAX - M_MIN + 1), L_MAX))
    row = 0
    for l in range(L_MIN, L_MAX + 1):
        for m in range(M_MIN, M_MAX + 1):
            for lp in range(1, L_MAX + 1):
                if lp == l:
                    mp = m
                elif lp < l:
                    mp = math.ceil(m * math.prod(_sigma(k) for k in range(lp + 1, l + 1)))
                else:
                    mp = max(math.ceil(m / math.prod(_sigma(k) for k in range(l + 1, lp + 1))), 2)
                table[row, lp - 1] = mp
            row += 1
    return table


def _competence(c_tr):
    """p_l, γ_l (l = 1..L) for a vector of C_tr (P̄ = 1)."""
    R = np.sqrt(c_tr / (6 * KAPPA * ZETA * ZETA))
    p = np.zeros((c_tr.size, L + 1))
    gamma = np.zeros((c_tr.size, L + 1))
    p[:, 0] = gamma[:, 0] = 1.0
    for l in range(1, L + 1):
        mu = math.exp(-10 * l / L) * R / S_L
        d = np.maximum(0.0, 0.99 * mu * (1 - np.sqrt(2 * math.log(S_L / DELTA) / mu)))
        term1 = np.where(d > ETA, 1.0, 0.0)  # P̄ = 1: KL(η/d ‖ 1) = ∞ below 1, so term1 = 1{d > η}
        pl = term1 * gamma[:, l - 1] ** _sigma(l)
        x = pl * pl * S_L
        with np.errstate(divide="ignore", invalid="ignore"):
            g = 1 + np.real(special.lambertw(-x * np.exp(-x), 0)) / x
        gamma[:, l] = np.where((pl > 0) & (x > 1) & np.isfinite(g), g, 0.0)
        p[:, l] = pl
    return p, gamma


def population_grid():
    """(b) E[acc] at every (C_tr, C_inf) of the released F19 grid (50 × 60), vectorised over C_inf, tasks and
    levels with scipy.special.betainc, one C_tr row at a time. Returns Σ E[acc]."""
    c_tr = np.geomspace(1e25, 1e27, 50)
    c_inf = np.geomspace(1e13, 5e17, 60)
    table = _skill_table()  # (154, 70)
    p, gamma = _competence(c_tr)
    N = ZETA * np.sqrt(c_tr / (6 * KAPPA * ZETA * ZETA))
    M = np.ceil(table + BETA * table)
    total = 0.0
    for i in range(c_tr.size):
        g = gamma[i, 1:L_MAX + 1]
        learned = np.cumprod(g != 0)  # levels before the first γ = 0
        pl = p[i, 1:L_MAX + 1]
        r = pl * (RHO / M + 1 - RHO) * pl  # (154, 70)
        K = c_inf / (2 * N[i] * OMEGA)  # (60,)
        b = K[:, None, None] - table[None] + 1  # (60, 154, 70)
        valid = (b > 0) & (r[None] > 0) & (learned[None, None, :] > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            acc = np.where(valid, special.betainc(table[None], np.where(valid, b, 1.0), r[None]) * g ** table[None],
                           0.0)
        best = acc.max(axis=2)
        total += float(best.sum()) / table.shape[0]
    return total


# ---------------------------------------------------------------------------------------------------------------
# (c) training-only and inference-aware optima (Chinchilla law, Hoffmann et al. constants)

E_, A_, B_, ALPHA, BETA_L = 1.69, 406.4, 410.7, 0.34, 0.28


def training_optima():
    """(c1) N*(C) = G (C/6)^a, D*(C) = G⁻¹ (C/6)^b and the loss at the optimum (as the Swift call returns),
    vectorised over 1000 budgets. Returns Σ ln N*."""
    C = np.geomspace(1e18, 1e26, 1000)
    log_g = math.log(ALPHA * A_ / (BETA_L * B_)) / (ALPHA + BETA_L)
    a = BETA_L / (ALPHA + BETA_L)
    log_c6 = np.log(C / 6)
    N = np.exp(log_g + a * log_c6)
    D = np.exp(-log_g + (1 - a) * log_c6)
    loss = E_ + A_ / N ** ALPHA + B_ / D ** BETA_L
    if not (np.all(np.isfinite(loss)) and np.all(N > 0) and np.all(D > 0)):
        raise ValueError("optimum outside the float range")
    return float(np.sum(np.log(N)))


def inference_optima(T=1e13):
    """(c2) minimise L(N, D) s.t. 6ND + 2NT = C for 1000 budgets: brentq on the stationarity residual in u = ln D
    (one scalar root per budget). Returns Σ ln N*."""
    C = np.geomspace(1e18, 1e26, 1000)
    log_const = math.log(BETA_L * B_) - math.log(ALPHA * A_)
    log_g = math.log(ALPHA * A_ / (BETA_L * B_)) / (ALPHA + BETA_L)
    b = ALPHA / (ALPHA + BETA_L)
    total = 0.0
    for c in C:
        def resid(u, c=c):
            D = math.exp(u)
            N = c / (6 * D + 2 * T)
            return -math.expm1(log_const - BETA_L * u + math.log1p(T / (3 * D)) + ALPHA * math.log(N))

        start = -log_g + b * math.log(c / 6)
        lo, hi = start - 1, start + 1
        while resid(lo) > 0:
            lo -= 2
        while resid(hi) < 0:
            hi += 2
        u = optimize.brentq(resid, lo, hi, xtol=1e-13, rtol=4 * np.finfo(float).eps)
        total += math.log(c / (6 * math.exp(u) + 2 * T))
    return total


# ---------------------------------------------------------------------------------------------------------------
# (e) exact majority voting (ds3-theory §3.7), N = 1e4 samples, 10 answers (9 equally likely wrong ones)


def win_probability(s, n, weights):
    """W(s, n): s correct votes beat n wrong votes spread multinomially over the wrong answers (ties at random).

    Poissonisation: the wrong counts are independent Poisson(n c_j) conditioned on their sum n, so
    W = Σ_t [x^n y^t] Π_j (Σ_{k<s} Pois(k; n c_j) x^k + y Pois(s; n c_j) x^s) / (t + 1) / Pois(n; n), with the
    products by scipy.signal.fftconvolve (one polynomial per tie count t)."""
    if n == 0:
        return 1.0 if s > 0 else 0.0
    if s == 0 or s * len(weights) < n:
        return 0.0
    # Answers that cannot reach s (union bound below 1e-22) are left unconstrained.
    if sum(stats.binom.sf(s - 1, n, c) for c in weights) < 1e-22:
        return 1.0
    polys = [np.array([1.0])]
    k = np.arange(s + 1)
    for c in weights:
        pmf = stats.poisson.pmf(k, n * c)
        low, tie = pmf[:s], pmf[s]
        new = []
        for t in range(len(polys) + 1):
            acc = np.zeros(0)
            if t < len(polys):
                acc = signal.fftconvolve(polys[t], low)[: n + 1]
            if t >= 1:
                shifted = np.concatenate([np.zeros(s), polys[t - 1] * tie])[: n + 1]
                if acc.size < shifted.size:
                    acc = np.concatenate([acc, np.zeros(shifted.size - acc.size)])
                acc[: shifted.size] += shifted
            new.append(acc)
        polys = new
    norm = stats.poisson.pmf(n, n)
    return float(sum(poly[n] / (t + 1) for t, poly in enumerate(polys) if poly.size > n) / norm)


def exact_voting(n=10_000, answers=10, p=0.12):
    """(e) Σ_s Bin(s; n, p) W(s, n − s) over the binomial window (weights ≥ 1e-21 of the peak)."""
    weights = [1.0 / (answers - 1)] * (answers - 1)
    s = np.arange(n + 1)
    w = stats.binom.pmf(s, n, p)
    keep = w >= 1e-21 * w.max()
    return float(sum(w[i] * win_probability(int(i), n - int(i), weights) for i in s[keep]))
