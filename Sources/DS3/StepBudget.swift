import ScalingCore

/// A step budget K per chain (or per depth path for tree search): the search stops at the m-th success or when
/// K steps have been attempted. The token budget is Ω = ω K.
public struct StepBudget: Sendable, Hashable, CustomStringConvertible {
    /// How a real-valued K enters the formulas.
    public enum Rounding: Sendable, Hashable {
        /// Whole steps: K is floored (a partial step cannot be taken). The default, and what the simulator plays.
        case wholeSteps
        /// Real K is used as is in I_r(m, K − m + 1) (continuous interpolation), as the authors' tripartite code
        /// does with K = C_inf / (2 N ω).
        case continuous
    }

    /// The budget K as given (steps).
    public let steps: Double
    public let rounding: Rounding

    public init(steps: Double, rounding: Rounding = .wholeSteps) throws(ParameterError) {
        self.steps = try Validate.nonNegative(steps, "steps")
        self.rounding = rounding
    }

    /// Budget from a token allowance Ω and ω tokens per step: K = Ω / ω.
    public init(tokens: Double, tokensPerStep: Double, rounding: Rounding = .wholeSteps) throws(ParameterError) {
        try Validate.nonNegative(tokens, "tokens")
        try Validate.positive(tokensPerStep, "tokens per step")
        try self.init(steps: tokens / tokensPerStep, rounding: rounding)
    }

    /// K as it enters the closed forms: ⌊K⌋ for whole steps, K itself for the continuous rounding.
    public var effectiveSteps: Double { rounding == .wholeSteps ? steps.rounded(.down) : steps }

    /// ⌊K⌋ as an integer (what a step-by-step play can use); saturates at 2^62.
    public var wholeSteps: Int { steps >= 0x1p62 ? 1 << 62 : Int(steps.rounded(.down)) }

    /// The same budget with K replaced.
    public func with(steps: Double) throws(ParameterError) -> StepBudget {
        try StepBudget(steps: steps, rounding: rounding)
    }

    public var description: String { "K = \(steps)" + (rounding == .continuous ? " (continuous)" : "") }
}
