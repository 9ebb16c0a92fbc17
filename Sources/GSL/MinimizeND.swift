internal import CGSL

/// Result of a multidimensional minimisation.
public struct MinimumND: Sendable, Equatable {
    /// Location of the minimum.
    public let x: [Double]
    /// f(x).
    public let value: Double
    /// Iterations used.
    public let iterations: Int
    /// Final simplex size (Nelder–Mead) or gradient norm (BFGS2) at which convergence was declared.
    public let finalMeasure: Double
    /// True when Nelder–Mead stopped because the best value stopped improving on a flat region (the minimum value
    /// is attained but its location is not unique), rather than because the simplex shrank.
    public let flat: Bool

    public init(x: [Double], value: Double, iterations: Int, finalMeasure: Double, flat: Bool = false) {
        self.x = x
        self.value = value
        self.iterations = iterations
        self.finalMeasure = finalMeasure
        self.flat = flat
    }
}

/// Multidimensional minimisation (unconstrained; constrain by reparametrisation).
public enum MinimizeND {
    /// Nelder–Mead simplex (`gsl_multimin_fminimizer_nmsimplex2`). Converged when the simplex size falls below
    /// `sizeTolerance`. Keep `sizeTolerance` well above √(ε·|f_min|): the simplex cannot resolve finer.
    ///
    /// - Parameters:
    ///   - start: the starting point x₀.
    ///   - step: initial simplex step per coordinate (default max(0.1·|x₀|, 0.1)).
    ///   - sizeTolerance: convergence when the simplex size falls below it.
    ///   - maxIterations: iterations before non-convergence is reported.
    ///   - flatTolerance: relative improvement below which an iteration counts as flat.
    ///   - flatIterations: if set, stop when the best value has not improved by more than
    ///     `flatTolerance`·(|f| + 1e-300) for this many consecutive iterations. The simplex can wander forever on an
    ///     exactly flat region (e.g. an accuracy saturated at 1); the result is then marked `flat`.
    ///   - f: the objective.
    /// - Throws: `GSLError` on non-convergence (iterations, tolerance), a non-finite start, or what `f` throws.
    public static func nelderMead(
        start: [Double], step: [Double]? = nil, sizeTolerance: Double = 1e-8, maxIterations: Int = 10_000,
        flatIterations: Int? = nil, flatTolerance: Double = 1e-14,
        _ f: ([Double]) throws -> Double
    ) throws -> MinimumND {
        let n = start.count
        guard n >= 1, start.allSatisfy(\.isFinite) else {
            throw GSLError.domain("MinimizeND.nelderMead", "start must be a non-empty vector of finite numbers")
        }
        let steps = step ?? start.map { max(0.1 * abs($0), 0.1) }
        guard steps.count == n, steps.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw GSLError.domain("MinimizeND.nelderMead", "step must have \(n) finite positive entries")
        }
        GSLRuntime.configure()
        return try withoutActuallyEscaping(f) { escapable in
            var context = VectorContext(f: escapable, gradient: nil, dimension: n, error: nil)
            return try withUnsafeMutablePointer(to: &context) { contextPointer in
                var function = gsl_multimin_function(
                    f: { x, params in
                        let context = params!.assumingMemoryBound(to: VectorContext.self)
                        if context.pointee.error != nil { return .nan }
                        do {
                            let value = try context.pointee.f(readVector(x!))
                            return value.isNaN ? .infinity : value
                        } catch {
                            context.pointee.error = error
                            return .nan
                        }
                    },
                    n: n, params: UnsafeMutableRawPointer(contextPointer))
                let x0 = try allocVector(start)
                defer { gsl_vector_free(x0) }
                let ss = try allocVector(steps)
                defer { gsl_vector_free(ss) }
                guard let solver = gsl_multimin_fminimizer_alloc(cgsl_multimin_fminimizer_nmsimplex2(), n) else {
                    throw GSLError(
                        code: Int32(GSL_ENOMEM), routine: "gsl_multimin_fminimizer_alloc", reason: "out of memory")
                }
                defer { gsl_multimin_fminimizer_free(solver) }
                do {
                    return try withUnsafeMutablePointer(to: &function) { fn -> MinimumND in
                        try check(gsl_multimin_fminimizer_set(solver, fn, x0, ss), "gsl_multimin_fminimizer_set")
                        if let error = contextPointer.pointee.error { throw error }
                        var bestValue = solver.pointee.fval
                        var unchanged = 0
                        for iteration in 1...max(1, maxIterations) {
                            let status = gsl_multimin_fminimizer_iterate(solver)
                            if let error = contextPointer.pointee.error { throw error }
                            try check(status, "gsl_multimin_fminimizer_iterate")
                            let size = gsl_multimin_fminimizer_size(solver)
                            if gsl_multimin_test_size(size, sizeTolerance) == GSL_SUCCESS {
                                return MinimumND(
                                    x: readVector(solver.pointee.x), value: solver.pointee.fval,
                                    iterations: iteration, finalMeasure: size)
                            }
                            let value = solver.pointee.fval
                            if value < bestValue - flatTolerance * (abs(bestValue) + 1e-300) {
                                bestValue = value
                                unchanged = 0
                            } else {
                                unchanged += 1
                            }
                            if let flatIterations, unchanged >= flatIterations {
                                return MinimumND(
                                    x: readVector(solver.pointee.x), value: solver.pointee.fval,
                                    iterations: iteration, finalMeasure: size, flat: true)
                            }
                        }
                        throw GSLError.notConverged(
                            "MinimizeND.nelderMead", iterations: maxIterations, tolerance: sizeTolerance,
                            detail: "simplex size \(gsl_multimin_fminimizer_size(solver))")
                    }
                } catch {
                    throw contextPointer.pointee.error ?? error
                }
            }
        }
    }

    /// BFGS2 (`gsl_multimin_fdfminimizer_vector_bfgs2`) with an analytic gradient. Converged when the gradient
    /// norm falls below `gradientTolerance`; GSL's `GSL_ENOPROG` (no further progress) counts as converged only
    /// if the gradient norm is below `sqrt(gradientTolerance)`, otherwise it is reported as non-convergence.
    public static func bfgs2(
        start: [Double], initialStep: Double = 0.01, lineTolerance: Double = 0.1,
        gradientTolerance: Double = 1e-9, maxIterations: Int = 10_000,
        _ f: ([Double]) throws -> Double, gradient: ([Double]) throws -> [Double]
    ) throws -> MinimumND {
        let n = start.count
        guard n >= 1, start.allSatisfy(\.isFinite) else {
            throw GSLError.domain("MinimizeND.bfgs2", "start must be a non-empty vector of finite numbers")
        }
        GSLRuntime.configure()
        return try withoutActuallyEscaping(f) { fEscapable in
            try withoutActuallyEscaping(gradient) { gEscapable in
                var context = VectorContext(f: fEscapable, gradient: gEscapable, dimension: n, error: nil)
                return try withUnsafeMutablePointer(to: &context) { contextPointer in
                    var function = gsl_multimin_function_fdf(
                        f: { x, params in
                            let context = params!.assumingMemoryBound(to: VectorContext.self)
                            if context.pointee.error != nil { return .nan }
                            do { return try context.pointee.f(readVector(x!)) } catch {
                                context.pointee.error = error
                                return .nan
                            }
                        },
                        df: { x, params, g in
                            let context = params!.assumingMemoryBound(to: VectorContext.self)
                            if context.pointee.error != nil { return }
                            do {
                                let grad = try context.pointee.gradient!(readVector(x!))
                                writeVector(grad, g!)
                            } catch { context.pointee.error = error }
                        },
                        fdf: { x, params, value, g in
                            let context = params!.assumingMemoryBound(to: VectorContext.self)
                            if context.pointee.error != nil {
                                value!.pointee = .nan
                                return
                            }
                            do {
                                let point = readVector(x!)
                                value!.pointee = try context.pointee.f(point)
                                writeVector(try context.pointee.gradient!(point), g!)
                            } catch {
                                context.pointee.error = error
                                value!.pointee = .nan
                            }
                        },
                        n: n, params: UnsafeMutableRawPointer(contextPointer))
                    let x0 = try allocVector(start)
                    defer { gsl_vector_free(x0) }
                    guard let solver = gsl_multimin_fdfminimizer_alloc(cgsl_multimin_fdfminimizer_vector_bfgs2(), n)
                    else {
                        throw GSLError(
                            code: Int32(GSL_ENOMEM), routine: "gsl_multimin_fdfminimizer_alloc", reason: "out of memory"
                        )
                    }
                    defer { gsl_multimin_fdfminimizer_free(solver) }
                    do {
                        return try withUnsafeMutablePointer(to: &function) { fn -> MinimumND in
                            try check(
                                gsl_multimin_fdfminimizer_set(solver, fn, x0, initialStep, lineTolerance),
                                "gsl_multimin_fdfminimizer_set")
                            if let error = contextPointer.pointee.error { throw error }
                            for iteration in 1...max(1, maxIterations) {
                                let status = gsl_multimin_fdfminimizer_iterate(solver)
                                if let error = contextPointer.pointee.error { throw error }
                                let norm = gsl_blas_dnrm2(solver.pointee.gradient)
                                if status == GSL_ENOPROG {
                                    if norm < gradientTolerance.squareRoot() {
                                        return MinimumND(
                                            x: readVector(solver.pointee.x), value: solver.pointee.f,
                                            iterations: iteration, finalMeasure: norm)
                                    }
                                    throw GSLError.notConverged(
                                        "MinimizeND.bfgs2", iterations: iteration, tolerance: gradientTolerance,
                                        detail: "no progress with gradient norm \(norm)")
                                }
                                try check(status, "gsl_multimin_fdfminimizer_iterate")
                                if gsl_multimin_test_gradient(solver.pointee.gradient, gradientTolerance) == GSL_SUCCESS
                                {
                                    return MinimumND(
                                        x: readVector(solver.pointee.x), value: solver.pointee.f,
                                        iterations: iteration, finalMeasure: norm)
                                }
                            }
                            throw GSLError.notConverged(
                                "MinimizeND.bfgs2", iterations: maxIterations, tolerance: gradientTolerance)
                        }
                    } catch {
                        throw contextPointer.pointee.error ?? error
                    }
                }
            }
        }
    }
}
