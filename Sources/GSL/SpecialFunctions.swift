internal import CGSL

/// Special functions over GSL's `_e` routines: a domain error is a thrown `GSLError`, never a silent NaN.
public enum SpecialFunctions {
    /// ln Γ(x) for x > 0 (`gsl_sf_lngamma_e`).
    public static func logGamma(_ x: Double) throws -> Double {
        guard x.isFinite, x > 0 else { throw GSLError.domain("logGamma", "x must be finite and > 0, got \(x)") }
        GSLRuntime.configure()
        var result = gsl_sf_result()
        try check(gsl_sf_lngamma_e(x, &result), "gsl_sf_lngamma_e(\(x))")
        return result.val
    }

    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b > 0 (`gsl_sf_lnbeta_e`; accurate to ~2e-15
    /// absolute for b up to 1e15).
    public static func logBeta(_ a: Double, _ b: Double) throws -> Double {
        guard a.isFinite, b.isFinite, a > 0, b > 0 else {
            throw GSLError.domain("logBeta", "a and b must be finite and > 0, got a = \(a), b = \(b)")
        }
        GSLRuntime.configure()
        var result = gsl_sf_result()
        try check(gsl_sf_lnbeta_e(a, b, &result), "gsl_sf_lnbeta_e(\(a), \(b))")
        return result.val
    }

    /// ln C(n, k) for real n ≥ k ≥ 0, from log-gamma.
    public static func logChoose(_ n: Double, _ k: Double) throws -> Double {
        guard n.isFinite, k.isFinite, k >= 0, n >= k else {
            throw GSLError.domain("logChoose", "need finite n ≥ k ≥ 0, got n = \(n), k = \(k)")
        }
        if k == 0 || k == n { return 0 }
        return try logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1)
    }

    /// Lower edge of the Lambert W domain, −1/e.
    public static let lambertBranchPoint = -0.36787944117144233

    /// Principal branch W₀(x), x ≥ −1/e (`gsl_sf_lambert_W0_e`). Arguments below −1/e by no more than
    /// 4 ulp (rounding of a computed −1/e) are treated as −1/e and give −1.
    public static func lambertW0(_ x: Double) throws -> Double {
        guard x.isFinite else { throw GSLError.domain("lambertW0", "x must be finite, got \(x)") }
        if x < lambertBranchPoint {
            guard lambertBranchPoint - x <= 4 * lambertBranchPoint.magnitude.ulp else {
                throw GSLError.domain("lambertW0", "x must be ≥ −1/e ≈ −0.36787944, got \(x)")
            }
            return -1
        }
        GSLRuntime.configure()
        var result = gsl_sf_result()
        try check(gsl_sf_lambert_W0_e(x, &result), "gsl_sf_lambert_W0_e(\(x))")
        return result.val
    }

    /// Secondary real branch W₋₁(x), −1/e ≤ x < 0 (`gsl_sf_lambert_Wm1_e`).
    public static func lambertWm1(_ x: Double) throws -> Double {
        guard x.isFinite, x < 0 else { throw GSLError.domain("lambertWm1", "x must be in [−1/e, 0), got \(x)") }
        if x <= lambertBranchPoint {
            guard lambertBranchPoint - x <= 4 * lambertBranchPoint.magnitude.ulp else {
                throw GSLError.domain("lambertWm1", "x must be in [−1/e, 0), got \(x)")
            }
            return -1
        }
        GSLRuntime.configure()
        var result = gsl_sf_result()
        try check(gsl_sf_lambert_Wm1_e(x, &result), "gsl_sf_lambert_Wm1_e(\(x))")
        return result.val
    }

    /// Gaussian tail Q(x) = P(Z > x) for a standard normal Z (`gsl_cdf_ugaussian_Q`); Q(±∞) = 0, 1.
    public static func gaussianQ(_ x: Double) throws -> Double {
        guard !x.isNaN else { throw GSLError.domain("gaussianQ", "x is NaN") }
        return gsl_cdf_ugaussian_Q(x)
    }

    /// Standard normal CDF Φ(x) = P(Z ≤ x) (`gsl_cdf_ugaussian_P`).
    public static func gaussianPhi(_ x: Double) throws -> Double {
        guard !x.isNaN else { throw GSLError.domain("gaussianPhi", "x is NaN") }
        return gsl_cdf_ugaussian_P(x)
    }

    /// Q⁻¹(p): the x with Q(x) = p, p ∈ [0, 1]; Q⁻¹(0) = +∞, Q⁻¹(1) = −∞.
    public static func inverseGaussianQ(_ p: Double) throws -> Double {
        guard p >= 0, p <= 1 else { throw GSLError.domain("inverseGaussianQ", "p must be in [0, 1], got \(p)") }
        if p == 0 { return .infinity }
        if p == 1 { return -.infinity }
        return gsl_cdf_ugaussian_Qinv(p)
    }

    /// Φ⁻¹(p): the x with Φ(x) = p, p ∈ [0, 1]; Φ⁻¹(0) = −∞, Φ⁻¹(1) = +∞.
    public static func inverseGaussianPhi(_ p: Double) throws -> Double {
        guard p >= 0, p <= 1 else { throw GSLError.domain("inverseGaussianPhi", "p must be in [0, 1], got \(p)") }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        return gsl_cdf_ugaussian_Pinv(p)
    }
}
