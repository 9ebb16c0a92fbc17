/// How a numerical optimum was found, so a caller can judge it. Solvers throw when they do not converge; a
/// returned `Convergence` always describes a converged solve (or a closed form), and carries the warnings a
/// caller needs to read the answer (`OptimumWarning`: flat or saturated objective, a bound of the search box, an
/// inference budget below one step).
public struct Convergence: Sendable, Equatable, CustomStringConvertible {
    /// Solver used, e.g. `"closed form"`, `"Roots.brent on ln D"`, `"Nelder–Mead multi-start"`.
    public let method: String
    /// Iterations of the final solve (0 for a closed form).
    public let iterations: Int
    /// Width of the final bracket (or simplex size) in the solver's own variable; 0 for a closed form.
    public let finalWidth: Double
    /// Number of starts that converged (multi-start solvers), 1 otherwise.
    public let starts: Int
    /// The solver's stopping tolerance in its own variable (0 for a closed form).
    public let tolerance: Double
    /// What the caller should know about the optimum (empty when clean).
    public var warnings: [OptimumWarning]

    public init(
        method: String, iterations: Int, finalWidth: Double, starts: Int = 1, tolerance: Double = 0,
        warnings: [OptimumWarning] = []
    ) {
        self.method = method
        self.iterations = iterations
        self.finalWidth = finalWidth
        self.starts = starts
        self.tolerance = tolerance
        self.warnings = warnings
    }

    /// Always true for a returned optimum: a solve that does not converge throws instead.
    public var converged: Bool { true }

    /// This record with one more warning.
    public func adding(_ warning: OptimumWarning) -> Convergence {
        var copy = self
        copy.warnings.append(warning)
        return copy
    }

    /// The convergence record of a closed form.
    public static let closedForm = Convergence(method: "closed form", iterations: 0, finalWidth: 0)

    public var description: String {
        method == "closed form"
            ? method
            : "\(method): \(iterations) iterations, final width \(finalWidth)"
                + (starts > 1 ? ", \(starts) starts" : "")
    }
}
