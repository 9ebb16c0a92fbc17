import ScalingCore

/// A DS3 task τ: reach the goal by applying m required skills in order, at skill level l, where each attempted
/// step succeeds independently with probability r (the simplified instantiation of the paper, §2).
///
/// r = 0 is allowed and means an unsolvable task (a required skill is not reachable in the learned graph).
public struct SkillTask: Sendable, Hashable, CustomStringConvertible {
    /// Number of required skills m (length of the reasoning chain), ≥ 1.
    public let m: Int
    /// Per-step success probability r ∈ [0, 1] (model capability × task difficulty × search directionality).
    public let r: Double
    /// Skill level l ≥ 1 (used by the tripartite link; 1 when irrelevant).
    public let level: Int

    public init(m: Int, r: Double, level: Int = 1) throws(ParameterError) {
        self.m = try Validate.count(m, "m")
        self.r = try Validate.probability(r, "r")
        self.level = try Validate.count(level, "level")
    }

    public var description: String { "task(l = \(level), m = \(m), r = \(r))" }
}

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
