/// Something a caller should know about an optimum that is nevertheless returned: the answer is correct but
/// not the whole story (issue 18, "answers that name their own limits").
public enum OptimumWarning: Sendable, Equatable, CustomStringConvertible {
    /// The objective is constant (to the solver's resolution) around the solution: its location is not unique,
    /// and the reported N, D, Ω are one of many equally good allocations.
    case flatOptimum(objective: String)
    /// The objective is within 1e-9 of its ceiling (accuracy 1, or the model's largest reachable value): more
    /// budget cannot help, and the location is not meaningful. `leastCompute` is the least budget that already
    /// reaches the saturated value (to within 1e-9), when it was computed.
    case saturated(objective: String, value: Double, ceiling: Double, leastCompute: Double?)
    /// The solution lies on a bound of the search box, so the true optimum may lie outside it.
    case onSearchBound(variable: String, value: Double, bound: Double)
    /// The inference budget per query is below one step of ω tokens: no chain completes even one skill step.
    case belowOneStep(tokensPerQuery: Double, tokensPerStep: Double)

    /// Short machine-readable code: flat-optimum, saturated, on-search-bound, below-one-step.
    public var code: String {
        switch self {
        case .flatOptimum: "flat-optimum"
        case .saturated: "saturated"
        case .onSearchBound: "on-search-bound"
        case .belowOneStep: "below-one-step"
        }
    }

    public var description: String {
        switch self {
        case .flatOptimum(let objective):
            return "flat optimum: \(objective) is constant to the solver's resolution near the solution; "
                + "the location is not unique"
        case .saturated(let objective, let value, let ceiling, let least):
            return "saturated: \(objective) \(value) is within 1e-9 of its ceiling \(ceiling)"
                + (least.map { "; the least compute reaching it is \($0) FLOPs" } ?? "")
        case .onSearchBound(let variable, let value, let bound):
            return "on a search bound: \(variable) = \(value) lies at the bound \(bound) of the search box"
        case .belowOneStep(let omega, let perStep):
            return "below one step: \(omega) inference tokens per query is less than one step of \(perStep) tokens"
        }
    }
}
