internal import CGSL

/// A failure reported by GSL or by a wrapper around it: the routine, GSL's status code and a reason.
///
/// Non-convergence carries the iterations used and the tolerance that was asked for, so a caller can decide
/// whether to retry with a larger budget.
public struct GSLError: Error, Equatable, CustomStringConvertible, Sendable {
    /// GSL status code (`GSL_EDOM` = 1, `GSL_EINVAL` = 4, `GSL_EMAXITER` = 11, …); 0 for wrapper-level errors.
    public let code: Int32
    /// The GSL routine or wrapper that failed, e.g. `gsl_root_fsolver_set`.
    public let routine: String
    /// Human-readable reason.
    public let reason: String
    /// Iterations performed before giving up, when the failure is non-convergence.
    public let iterations: Int?
    /// Tolerance requested, when the failure is non-convergence.
    public let tolerance: Double?

    public init(code: Int32, routine: String, reason: String, iterations: Int? = nil, tolerance: Double? = nil) {
        self.code = code
        self.routine = routine
        self.reason = reason
        self.iterations = iterations
        self.tolerance = tolerance
    }

    /// GSL's `GSL_EDOM`: argument outside the function's domain.
    public static let domainCode: Int32 = Int32(GSL_EDOM)
    /// GSL's `GSL_EINVAL`: invalid argument supplied by the user.
    public static let invalidCode: Int32 = Int32(GSL_EINVAL)
    /// GSL's `GSL_EMAXITER`: exceeded the maximum number of iterations.
    public static let maxIterationsCode: Int32 = Int32(GSL_EMAXITER)

    public var description: String {
        var text = "\(routine): \(reason)"
        if code != 0 { text += " (GSL status \(code))" }
        if let iterations { text += "; iterations: \(iterations)" }
        if let tolerance { text += "; tolerance: \(tolerance)" }
        return text
    }

    static func domain(_ routine: String, _ reason: String) -> GSLError {
        GSLError(code: Int32(GSL_EDOM), routine: routine, reason: reason)
    }

    static func notConverged(_ routine: String, iterations: Int, tolerance: Double, detail: String = "")
        -> GSLError
    {
        GSLError(
            code: Int32(GSL_EMAXITER), routine: routine,
            reason: "did not converge" + (detail.isEmpty ? "" : " (\(detail))"),
            iterations: iterations, tolerance: tolerance)
    }
}

/// Throws a `GSLError` when `status` is not `GSL_SUCCESS`.
@inline(__always)
func check(_ status: Int32, _ routine: @autoclosure () -> String) throws(GSLError) {
    if status != GSL_SUCCESS {
        throw GSLError(code: status, routine: routine(), reason: String(cString: gsl_strerror(status)))
    }
}
