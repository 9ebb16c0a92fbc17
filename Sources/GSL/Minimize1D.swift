internal import CGSL

/// Result of a one-dimensional minimisation.
public struct Minimum1D: Sendable, Equatable {
    /// Location of the minimum.
    public let x: Double
    /// f(x).
    public let value: Double
    /// Final bracket.
    public let lower: Double
    public let upper: Double
    /// Iterations used by the final (Brent) stage.
    public let iterations: Int
}

/// One-dimensional bounded minimisation.
public enum Minimize1D {
    /// Brent's method (`gsl_min_fminimizer_brent`) from a bracketing triple lower < guess < upper with
    /// f(guess) < f(lower) and f(guess) < f(upper), as GSL requires. Location accuracy of a smooth minimum is
    /// limited to about √ε·|x| ≈ 1.5e-8·|x| (f is flat there), hence the default relative tolerance 1e-7.
    ///
    /// `values`, when given, are f(lower), f(guess), f(upper) as `f` returns them (for example from a grid scan):
    /// GSL then starts from them (`gsl_min_fminimizer_set_with_values`) instead of evaluating f three more times;
    /// the iterates and the result are the same.
    ///
    /// - Throws: `GSLError` (`GSL_EINVAL`) when the triple does not bracket a minimum, non-convergence with
    ///   iterations and tolerance, or whatever `f` throws.
    public static func brent(
        lower: Double, guess: Double, upper: Double,
        absoluteTolerance: Double = 1e-300, relativeTolerance: Double = 1e-7, maxIterations: Int = 500,
        values: (lower: Double, guess: Double, upper: Double)? = nil, _ f: (Double) throws -> Double
    ) throws -> Minimum1D {
        guard lower.isFinite, upper.isFinite, guess.isFinite, lower < guess, guess < upper else {
            throw GSLError.domain(
                "Minimize1D.brent", "need finite lower < guess < upper, got \(lower), \(guess), \(upper)")
        }
        return try withGSLFunction(f) { function in
            guard let solver = gsl_min_fminimizer_alloc(cgsl_min_fminimizer_brent()) else {
                throw GSLError(code: Int32(GSL_ENOMEM), routine: "gsl_min_fminimizer_alloc", reason: "out of memory")
            }
            defer { gsl_min_fminimizer_free(solver) }
            if let values {
                try check(
                    gsl_min_fminimizer_set_with_values(
                        solver, function, guess, values.guess, lower, values.lower, upper, values.upper),
                    "gsl_min_fminimizer_set_with_values")
            } else {
                try check(gsl_min_fminimizer_set(solver, function, guess, lower, upper), "gsl_min_fminimizer_set")
            }
            for iteration in 1...max(1, maxIterations) {
                try check(gsl_min_fminimizer_iterate(solver), "gsl_min_fminimizer_iterate")
                let lo = gsl_min_fminimizer_x_lower(solver)
                let hi = gsl_min_fminimizer_x_upper(solver)
                let status = gsl_min_test_interval(lo, hi, absoluteTolerance, relativeTolerance)
                if status == GSL_SUCCESS {
                    return Minimum1D(
                        x: gsl_min_fminimizer_x_minimum(solver), value: gsl_min_fminimizer_f_minimum(solver),
                        lower: lo, upper: hi, iterations: iteration)
                }
                if status != GSL_CONTINUE { try check(status, "gsl_min_test_interval") }
            }
            throw GSLError.notConverged(
                "Minimize1D.brent", iterations: maxIterations, tolerance: max(absoluteTolerance, relativeTolerance))
        }
    }

    /// Global-then-local minimisation on [lower, upper]: evaluates f on `gridPoints` evenly spaced points,
    /// brackets the best grid point by its neighbours and polishes it with Brent. Endpoint minima are returned
    /// as they are (no interior bracket exists).
    ///
    /// `nearTies` lists other grid-local minima whose value is within `tieTolerance` (relative) of the best,
    /// so callers can report when two optima compete instead of jumping silently between them.
    public static func global(
        lower: Double, upper: Double, gridPoints: Int = 64,
        relativeTolerance: Double = 1e-7, maxIterations: Int = 500, tieTolerance: Double = 1e-6,
        _ f: (Double) throws -> Double
    ) throws -> (minimum: Minimum1D, nearTies: [Double]) {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw GSLError.domain(
                "Minimize1D.global", "interval [\(lower), \(upper)] must be finite with lower < upper")
        }
        guard gridPoints >= 3 else {
            throw GSLError.domain("Minimize1D.global", "gridPoints must be ≥ 3, got \(gridPoints)")
        }
        let step = (upper - lower) / Double(gridPoints - 1)
        let xs = (0..<gridPoints).map { i in i == gridPoints - 1 ? upper : lower + Double(i) * step }
        let ys = try xs.map { x -> Double in
            let y = try f(x)
            guard !y.isNaN else { throw GSLError.domain("Minimize1D.global", "f(\(x)) is NaN") }
            return y
        }
        var best = 0
        for i in 1..<gridPoints where ys[i] < ys[best] { best = i }
        // Other local minima of the grid that nearly tie with the best.
        var ties: [Double] = []
        for i in 0..<gridPoints where i != best {
            let left = i == 0 ? Double.infinity : ys[i - 1]
            let right = i == gridPoints - 1 ? Double.infinity : ys[i + 1]
            if ys[i] <= left, ys[i] <= right,
                abs(ys[i] - ys[best]) <= tieTolerance * max(abs(ys[best]), Double.leastNormalMagnitude),
                abs(i - best) > 1
            {
                ties.append(xs[i])
            }
        }
        if best == 0 || best == gridPoints - 1 {
            return (Minimum1D(x: xs[best], value: ys[best], lower: xs[best], upper: xs[best], iterations: 0), ties)
        }
        if !(ys[best] < ys[best - 1] && ys[best] < ys[best + 1]) {
            // Flat neighbourhood: the grid point is as good as Brent can certify.
            return (
                Minimum1D(x: xs[best], value: ys[best], lower: xs[best - 1], upper: xs[best + 1], iterations: 0),
                ties
            )
        }
        let m = try brent(
            lower: xs[best - 1], guess: xs[best], upper: xs[best + 1], relativeTolerance: relativeTolerance,
            maxIterations: maxIterations, values: (ys[best - 1], ys[best], ys[best + 1]), f)
        return (m, ties)
    }
}
