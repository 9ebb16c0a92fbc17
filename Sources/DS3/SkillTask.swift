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
