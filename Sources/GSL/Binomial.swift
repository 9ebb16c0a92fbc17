import RealModule

/// Binomial distribution Bin(n, p): probability mass and tails, computed from log-gamma and the accurate
/// incomplete beta (`IncompleteBeta`), so n may exceed GSL's 32-bit limit.
public enum Binomial {
    static func validate(_ n: Int, _ p: Double, _ routine: String) throws {
        guard n >= 0 else { throw GSLError.domain(routine, "n must be ≥ 0, got \(n)") }
        guard p >= 0, p <= 1 else { throw GSLError.domain(routine, "p must be in [0, 1], got \(p)") }
    }

    /// P(X = k), with full relative precision for any n (Loader's saddle-point form, `BinomialMass.pmf`: ~1e-15
    /// where log-factorial differences lose ~|ln n!|·ε).
    public static func pmf(k: Int, n: Int, p: Double) throws -> Double {
        try validate(n, p, "Binomial.pmf")
        return BinomialMass.pmf(k, n, p)
    }

    /// Upper tail P(X ≥ k) = I_p(k, n − k + 1) for 1 ≤ k ≤ n; 1 for k ≤ 0; 0 for k > n.
    public static func atLeast(_ k: Int, n: Int, p: Double) throws -> Double {
        try validate(n, p, "Binomial.atLeast")
        if k <= 0 { return 1 }
        if k > n { return 0 }
        return try IncompleteBeta.regularized(a: Double(k), b: Double(n - k + 1), x: p)
    }

    /// Lower tail P(X ≤ k) = 1 − I_p(k + 1, n − k), computed without cancellation.
    public static func atMost(_ k: Int, n: Int, p: Double) throws -> Double {
        try validate(n, p, "Binomial.atMost")
        if k < 0 { return 0 }
        if k >= n { return 1 }
        return try IncompleteBeta.complement(a: Double(k + 1), b: Double(n - k), x: p)
    }
}
