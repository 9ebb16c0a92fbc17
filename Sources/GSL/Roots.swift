internal import CGSL

/// Result of a bracketed root search.
public struct RootResult: Sendable, Equatable {
    /// The root estimate.
    public let root: Double
    /// Final bracket [lower, upper] that contains the root.
    public let lower: Double
    public let upper: Double
    /// Iterations used.
    public let iterations: Int
}

/// One-dimensional root finding on an interval.
public enum Roots {
    /// Brent's method (`gsl_root_fsolver_brent`) on [lower, upper], stopping when the bracket satisfies
    /// |upper − lower| < absoluteTolerance + relativeTolerance·min(|lower|, |upper|) (`gsl_root_test_interval`).
    ///
    /// - Throws: `GSLError` with code `GSL_EINVAL` when f(lower) and f(upper) have the same sign, a domain
    ///   error for a non-finite or empty interval, non-convergence after `maxIterations` (with the iterations
    ///   and tolerance), or whatever `f` throws.
    public static func brent(
        lower: Double, upper: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-12, maxIterations: Int = 500,
        _ f: (Double) throws -> Double
    ) throws -> RootResult {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw GSLError.domain("Roots.brent", "interval [\(lower), \(upper)] must be finite with lower < upper")
        }
        guard absoluteTolerance >= 0, relativeTolerance >= 0, absoluteTolerance + relativeTolerance > 0 else {
            throw GSLError.domain("Roots.brent", "tolerances must be ≥ 0 and not both 0")
        }
        // Exact zeros at an endpoint are roots; GSL would treat them as a valid bracket anyway.
        let fl = try f(lower)
        if fl == 0 { return RootResult(root: lower, lower: lower, upper: lower, iterations: 0) }
        let fu = try f(upper)
        if fu == 0 { return RootResult(root: upper, lower: upper, upper: upper, iterations: 0) }
        guard fl.isFinite, fu.isFinite else {
            throw GSLError.domain(
                "Roots.brent", "f is not finite at an endpoint (f(\(lower)) = \(fl), f(\(upper)) = \(fu))")
        }
        return try withGSLFunction(f) { function in
            guard let solver = gsl_root_fsolver_alloc(cgsl_root_fsolver_brent()) else {
                throw GSLError(code: Int32(GSL_ENOMEM), routine: "gsl_root_fsolver_alloc", reason: "out of memory")
            }
            defer { gsl_root_fsolver_free(solver) }
            try check(gsl_root_fsolver_set(solver, function, lower, upper), "gsl_root_fsolver_set")
            for iteration in 1...max(1, maxIterations) {
                try check(gsl_root_fsolver_iterate(solver), "gsl_root_fsolver_iterate")
                let lo = gsl_root_fsolver_x_lower(solver)
                let hi = gsl_root_fsolver_x_upper(solver)
                let status = gsl_root_test_interval(lo, hi, absoluteTolerance, relativeTolerance)
                if status == GSL_SUCCESS {
                    return RootResult(
                        root: gsl_root_fsolver_root(solver), lower: lo, upper: hi, iterations: iteration)
                }
                if status != GSL_CONTINUE { try check(status, "gsl_root_test_interval") }
            }
            throw GSLError.notConverged(
                "Roots.brent", iterations: maxIterations, tolerance: max(absoluteTolerance, relativeTolerance))
        }
    }
}
