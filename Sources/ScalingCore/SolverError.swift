/// A computation of the package that gave no answer for a reason other than a bad argument: a search or iteration
/// that did not converge, or a quantity that left its domain (not finite, outside [0, 1]) inside a solver.
///
/// A failing GSL routine throws `GSL.GSLError` (with GSL's status code); package code throws this, so a caller can
/// tell which layer failed. Bad user input is a `ParameterError` instead. The `ds3` command prints either as one
/// line and exits with status 1.
public struct SolverError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Kind: String, Sendable, Equatable {
        /// An iteration or search stopped without meeting its tolerance.
        case notConverged = "did not converge"
        /// A quantity left its domain (NaN, infinite, outside its range).
        case domain = "outside its domain"
    }

    public let kind: Kind
    /// The function that failed, e.g. "InferenceAware.fixedBudget".
    public let routine: String
    /// Human-readable reason, with the values involved.
    public let reason: String
    /// Iterations performed before giving up, when the failure is non-convergence.
    public let iterations: Int?
    /// Tolerance requested, when the failure is non-convergence.
    public let tolerance: Double?

    public init(_ kind: Kind, routine: String, reason: String, iterations: Int? = nil, tolerance: Double? = nil) {
        self.kind = kind
        self.routine = routine
        self.reason = reason
        self.iterations = iterations
        self.tolerance = tolerance
    }

    public var description: String {
        var text = "\(routine): \(reason)"
        if let iterations { text += "; iterations: \(iterations)" }
        if let tolerance { text += "; tolerance: \(tolerance)" }
        return text
    }
}
