/// How a numerical optimum was found, so a caller can judge it. Solvers throw when they do not converge; a
/// returned `Convergence` always describes a converged solve (or a closed form).
public struct Convergence: Sendable, Equatable, CustomStringConvertible {
    /// Solver used, e.g. `"closed form"`, `"Roots.brent on ln D"`, `"Nelder–Mead multi-start"`.
    public let method: String
    /// Iterations of the final solve (0 for a closed form).
    public let iterations: Int
    /// Width of the final bracket (or simplex size) in the solver's own variable; 0 for a closed form.
    public let finalWidth: Double
    /// Number of starts that converged (multi-start solvers), 1 otherwise.
    public let starts: Int

    public init(method: String, iterations: Int, finalWidth: Double, starts: Int = 1) {
        self.method = method
        self.iterations = iterations
        self.finalWidth = finalWidth
        self.starts = starts
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
