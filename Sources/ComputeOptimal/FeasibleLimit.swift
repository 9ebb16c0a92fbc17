import RealModule
import ScalingCore

/// The edge of the feasible range of a parameter whose feasibility is monotone (a budget feasible from some value
/// on, a loss up to some value): used to name the limit in an infeasibility error.
enum FeasibleLimit {
    /// Starting from an infeasible `value` > 0, steps geometrically by `factor` (> 1 upward, < 1 downward) until
    /// `feasible` holds, then bisects in ln x to `relativeTolerance`. Returns the feasible end of the final bracket,
    /// or nil when 200 steps (a factor of up to 2^200) find no feasible value. Errors of `feasible` count as
    /// infeasible.
    static func edge(
        from value: Double, factor: Double, relativeTolerance: Double = 1e-12, _ feasible: (Double) -> Bool
    ) -> Double? {
        var bad = value
        var good = value
        var found = false
        for _ in 0..<200 {
            good *= factor
            if feasible(good) {
                found = true
                break
            }
            bad = good
        }
        guard found else { return nil }
        for _ in 0..<100 where abs(Double.log(good / bad)) > relativeTolerance {
            let mid = Double.exp(0.5 * (Double.log(good) + Double.log(bad)))
            if feasible(mid) { good = mid } else { bad = mid }
        }
        return good
    }
}

extension FeasibleLimit {
    /// Throws `ParameterError.infeasible` unless the optimum (N, D) has N ≥ 1 parameter and D ≥ 1 training token,
    /// naming the edge of the feasible range: from the offending `value` of the parameter (in the variable that
    /// `solve` takes), steps by `factor` and re-solves until N ≥ 1 and D ≥ 1, then bisects; `limit` prints the edge.
    static func requireUnitModel(
        parameters N: Double, tokens D: Double, parameter: String, value: Double, shown: Double, factor: Double,
        limit: (Double) -> String, solve: (Double) throws -> (parameters: Double, tokens: Double)
    ) throws(ParameterError) {
        guard N < 1 || D < 1 else { return }
        let edge = FeasibleLimit.edge(from: value, factor: factor) { x in
            guard let m = try? solve(x) else { return false }
            return m.parameters >= 1 && m.tokens >= 1
        }
        throw ParameterError.infeasible(
            parameter, shown, feasibleRange: edge.map(limit) ?? (factor > 1 ? "larger" : "smaller"),
            constraint: "the optimum needs N ≥ 1 parameter and D ≥ 1 training token, here N = \(N), D = \(D)")
    }
}
