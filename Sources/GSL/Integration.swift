internal import CGSL

/// Result of an adaptive quadrature.
public struct Integral: Sendable, Equatable {
    /// The integral estimate.
    public let value: Double
    /// GSL's absolute error estimate.
    public let absoluteError: Double
    /// Subintervals used.
    public let intervals: Int
}

/// Adaptive quadrature (QUADPACK via GSL).
public enum Integrate {
    /// QAGS on the finite interval [lower, upper] (handles integrable end-point singularities).
    public static func qags(
        lower: Double, upper: Double, absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10,
        limit: Int = 1000, _ f: (Double) throws -> Double
    ) throws -> Integral {
        guard lower.isFinite, upper.isFinite else {
            throw GSLError.domain("Integrate.qags", "limits must be finite, got [\(lower), \(upper)]")
        }
        return try run("gsl_integration_qags", limit: limit, f) { fn, ws, result, error in
            gsl_integration_qags(fn, lower, upper, absoluteTolerance, relativeTolerance, limit, ws, result, error)
        }
    }

    /// QAGIU on [lower, ∞).
    public static func qagiu(
        lower: Double, absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10, limit: Int = 1000,
        _ f: (Double) throws -> Double
    ) throws -> Integral {
        guard lower.isFinite else { throw GSLError.domain("Integrate.qagiu", "lower limit must be finite") }
        return try run("gsl_integration_qagiu", limit: limit, f) { fn, ws, result, error in
            gsl_integration_qagiu(fn, lower, absoluteTolerance, relativeTolerance, limit, ws, result, error)
        }
    }

    /// QAGI on (−∞, ∞).
    public static func qagi(
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10, limit: Int = 1000,
        _ f: (Double) throws -> Double
    ) throws -> Integral {
        try run("gsl_integration_qagi", limit: limit, f) { fn, ws, result, error in
            gsl_integration_qagi(fn, absoluteTolerance, relativeTolerance, limit, ws, result, error)
        }
    }

    private static func run(
        _ routine: String, limit: Int, _ f: (Double) throws -> Double,
        _ call: (
            UnsafeMutablePointer<gsl_function>, UnsafeMutablePointer<gsl_integration_workspace>,
            UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>
        ) -> Int32
    ) throws -> Integral {
        guard limit >= 1 else { throw GSLError.domain(routine, "limit must be ≥ 1, got \(limit)") }
        return try withGSLFunction(f) { fn in
            guard let ws = gsl_integration_workspace_alloc(limit) else {
                throw GSLError(
                    code: Int32(GSL_ENOMEM), routine: "gsl_integration_workspace_alloc", reason: "out of memory")
            }
            defer { gsl_integration_workspace_free(ws) }
            var result = 0.0
            var error = 0.0
            try check(call(fn, ws, &result, &error), routine)
            return Integral(value: result, absoluteError: error, intervals: ws.pointee.size)
        }
    }
}
