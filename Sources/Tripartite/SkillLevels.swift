import Foundation
import GSL
import RealModule
import ScalingCore

/// Per-level parameters of the skill layer G₂^{(l)}, l = 1…L.
public struct SkillLevelSchedule: Sendable, Equatable {
    /// S_l: skills at level l.
    public let skillsPerLevel: [Double]
    /// η_l: supporting concept pairs a skill pair needs.
    public let supportThresholds: [Double]
    /// σ_l: prerequisite skills per skill.
    public let prerequisiteCounts: [Double]

    /// L: number of levels.
    public var levels: Int { skillsPerLevel.count }

    public init(skillsPerLevel: [Double], supportThresholds: [Double], prerequisiteCounts: [Double]) throws {
        guard !skillsPerLevel.isEmpty, skillsPerLevel.count == supportThresholds.count,
            skillsPerLevel.count == prerequisiteCounts.count
        else {
            throw ParameterError(
                parameter: "skill schedule", value: "\(skillsPerLevel.count) levels",
                validRange: "≥ 1 level, equal lengths")
        }
        for s in skillsPerLevel { try Validate.inRange(s, "S_l", 1, .greatestFiniteMagnitude) }
        for e in supportThresholds { try Validate.inRange(e, "η_l", 1, .greatestFiniteMagnitude) }
        for s in prerequisiteCounts { try Validate.nonNegative(s, "σ_l") }
        self.skillsPerLevel = skillsPerLevel
        self.supportThresholds = supportThresholds
        self.prerequisiteCounts = prerequisiteCounts
    }

    /// The notebook's schedule: S_l = 1000, η_l = round(e^{7l/L}), σ_l = round(log₂ l) (round half to even, as
    /// numpy), L = 100 (reference Appendix C).
    public static func notebook(levels L: Int = 100, skillsPerLevel S: Double = 1000) throws -> SkillLevelSchedule {
        try Validate.count(L, "L (levels)")
        let ls = (1...L).map(Double.init)
        return try SkillLevelSchedule(
            skillsPerLevel: Array(repeating: S, count: L),
            supportThresholds: ls.map { Foundation.exp(7 * $0 / Double(L)).rounded(.toNearestOrEven) },
            prerequisiteCounts: ls.map { Foundation.log2($0).rounded(.toNearestOrEven) })
    }
}

/// The skill layer: per-level co-occurrence skill graphs G₂^{(l)} ~ G(S_l, p_l) and their giant components.
///
/// With M = R(R − 1)/2 concept pairs, each co-occurring (in ≥ 1 of T texts) with probability 1 − (1 − (d_t/R)²)^T and
/// attributed to a uniformly random skill pair of the level, the number X of pairs supporting a given skill pair is
/// Bin(M, π), π = [1 − (1 − (d_t/R)²)^T]/S_l². A skill pair is linked when X ≥ η_l and both skills' σ_l
/// prerequisites are usable: p_l = P(X ≥ η_l)·γ_pre^{2σ_l}. Skills in the giant component (fraction γ_l) are
/// usable. Derivation: `derivations/tripartite-giant-component-emergence.md`.
public struct SkillGraphModel: Sendable, Equatable {
    public let schedule: SkillLevelSchedule
    /// d_t.
    public let textDegree: Double
    public let mode: TripartiteMode

    /// The level whose γ the notebook uses as prerequisite factor for all higher levels (`.published`).
    public static let publishedPrerequisiteLevel = 11

    public init(schedule: SkillLevelSchedule, textDegree: Double = 6, mode: TripartiteMode = .corrected) throws {
        self.schedule = schedule
        self.textDegree = try Validate.positive(textDegree, "d_t (text degree)")
        self.mode = mode
    }

    /// π: probability that a given concept pair co-occurs and maps to a given skill pair of `level` (1-based).
    ///
    /// - Throws: `ParameterError` for a level outside 1…L.
    public func cooccurrenceProbability(level: Int, concepts R: Double, texts T: Double) throws(ParameterError)
        -> Double
    {
        let S = schedule.skillsPerLevel[try checkedLevel(level) - 1]
        let q = textDegree / R
        switch mode {
        case .published:
            return (1 / (S * S)) * (1 - Foundation.pow(1 - q * q, T))
        case .corrected:
            return -Double.expMinusOne(T * Double.log(onePlus: -min(1, q * q))) / (S * S)
        }
    }

    /// P(X ≥ η_l), X ~ Bin(M, π). `.published`: the notebook's estimate (1 − e^{−M D₂(a‖π)} for a < π,
    /// (2M)^{−1/2} e^{−M D₂(a‖π)} for a > π, 0 at a = π, with a = η_l/M and D₂ the binary KL in bits);
    /// `.corrected`: the exact tail I_π(η_l, M − η_l + 1).
    public func supportProbability(level: Int, concepts R: Double, texts T: Double) throws -> Double {
        try checkedLevel(level)
        try Validate.inRange(R, "R (concepts)", 1, .greatestFiniteMagnitude)
        try Validate.inRange(T, "T (texts)", 1, .greatestFiniteMagnitude)
        let M = R * (R - 1) / 2
        let eta = schedule.supportThresholds[level - 1]
        let pi = try cooccurrenceProbability(level: level, concepts: R, texts: T)
        if M <= 0 || eta > M { return 0 }
        switch mode {
        case .published:
            let a = eta / M
            let kl = a * Foundation.log2(a / pi) + (1 - a) * Foundation.log2((1 - a) / (1 - pi))
            if a < pi { return 1 - Foundation.exp(-M * kl) }
            if a > pi { return (1 / (2 * M).squareRoot()) * Foundation.exp(-M * kl) }
            return 0
        case .corrected:
            if pi <= 0 { return 0 }
            return try IncompleteBeta.regularized(a: eta, b: M - eta + 1, x: min(1, pi))
        }
    }

    /// The level l if it is one of 1…L (the schedule's levels), else a `ParameterError` naming the range.
    @discardableResult
    func checkedLevel(_ level: Int) throws(ParameterError) -> Int {
        guard level >= 1, level <= schedule.levels else {
            throw ParameterError(
                parameter: "level", value: "\(level)", validRange: "an integer in 1…\(schedule.levels)")
        }
        return level
    }

    /// Mean degree of G(S_l, p_l): S_l p_l (`.published`) or (S_l − 1) p_l (`.corrected`).
    ///
    /// - Throws: `ParameterError` for a level outside 1…L.
    public func meanDegree(level: Int, edgeProbability p: Double) throws(ParameterError) -> Double {
        let S = schedule.skillsPerLevel[try checkedLevel(level) - 1]
        return (mode == .published ? S : S - 1) * p
    }

    /// γ_l for every level at R concepts and T texts, with the mode's prerequisite rule: `.published` uses
    /// γ_pre = 1 for l ≤ 11 and γ_11 above; `.corrected` uses γ_{l−1} (γ₀ = 1).
    public func giantComponentFractions(concepts R: Double, texts T: Double) throws -> [Double] {
        var gammas: [Double] = []
        gammas.reserveCapacity(schedule.levels)
        var prerequisite = 1.0
        for level in 1...schedule.levels {
            let support = try supportProbability(level: level, concepts: R, texts: T)
            let p = support * Foundation.pow(prerequisite, 2 * schedule.prerequisiteCounts[level - 1])
            let gamma =
                p.isFinite
                ? try GiantComponent.fraction(meanDegree: try meanDegree(level: level, edgeProbability: p)) : 0
            gammas.append(gamma)
            switch mode {
            case .published: if level == Self.publishedPrerequisiteLevel { prerequisite = gamma }
            case .corrected: prerequisite = gamma
            }
        }
        return gammas
    }
}

/// Distribution q(n) of the number n of skills a task needs.
public struct TaskSizeDistribution: Sendable, Equatable {
    public let sizes: [Int]
    public let weights: [Double]

    public init(sizes: [Int], weights: [Double]) throws {
        guard !sizes.isEmpty, sizes.count == weights.count else {
            throw ParameterError(parameter: "task sizes", value: "\(sizes.count)", validRange: "≥ 1, one weight each")
        }
        for n in sizes { try Validate.count(n, "n_l") }
        for w in weights { try Validate.probability(w, "q(n)") }
        self.sizes = sizes
        self.weights = weights
    }

    /// `.published`: n = 2…7, 1/6 each (only the first six of the notebook's 2…8 are used, §9.7);
    /// `.corrected`: n = 2…8, 1/7 each.
    public static func notebook(mode: TripartiteMode = .corrected) -> TaskSizeDistribution {
        let upper = mode == .published ? 7 : 8
        let sizes = Array(2...upper)
        return TaskSizeDistribution(
            unchecked: sizes, weights: Array(repeating: 1 / Double(sizes.count), count: sizes.count))
    }

    private init(unchecked sizes: [Int], weights: [Double]) {
        self.sizes = sizes
        self.weights = weights
    }
}

/// Distributions q(l) of task levels.
public enum LevelDistribution {
    /// Mixture Σ_k w_k Bin(L, c_k) evaluated at l = 1…L. `.published` keeps the notebook's omission of l = 0 without
    /// renormalising (§9.11); `.corrected` renormalises over 1…L.
    public static func binomialMixture(
        levels L: Int = 100, weights: [Double], centers: [Double], mode: TripartiteMode = .corrected
    ) throws -> [Double] {
        try Validate.count(L, "L (levels)")
        guard weights.count == centers.count, !weights.isEmpty else {
            throw ParameterError(parameter: "mixture", value: "\(weights.count) weights", validRange: "one per center")
        }
        var q = [Double](repeating: 0, count: L)
        for (w, c) in zip(weights, centers) {
            try Validate.probability(w, "mixture weight")
            try Validate.probability(c, "mixture center")
            for l in 1...L { q[l - 1] += w * (try Binomial.pmf(k: l, n: L, p: c)) }
        }
        if mode == .corrected {
            let total = q.reduce(0, +)
            guard total > 0 else {
                throw ParameterError(parameter: "q(l)", value: "all zero", validRange: "positive mass")
            }
            q = q.map { $0 / total }
        }
        return q
    }

    /// Unimodal q(l) = Bin(L, 0.5) (notebook).
    public static func unimodal(levels L: Int = 100, mode: TripartiteMode = .corrected) throws -> [Double] {
        try binomialMixture(levels: L, weights: [1], centers: [0.5], mode: mode)
    }

    /// Multimodal q(l) = 0.4 Bin(L, 0.2) + 0.4 Bin(L, 0.6) + 0.2 Bin(L, 0.95) (notebook).
    public static func multimodal(levels L: Int = 100, mode: TripartiteMode = .corrected) throws -> [Double] {
        try binomialMixture(levels: L, weights: [0.4, 0.4, 0.2], centers: [0.2, 0.6, 0.95], mode: mode)
    }
}

/// Task accuracy from usable-skill fractions: Acc = Σ_l q(l) Σ_n q(n) γ_l^n (a task needs n skills of its level,
/// each usable with probability γ_l).
public enum Emergence {
    public static func accuracy(gammas: [Double], levelWeights q: [Double], taskSizes: TaskSizeDistribution) throws
        -> Double
    {
        guard gammas.count == q.count else {
            throw ParameterError(parameter: "q(l)", value: "\(q.count) levels", validRange: "\(gammas.count) levels")
        }
        var total = 0.0
        for (gamma, ql) in zip(gammas, q) {
            var inner = 0.0
            for (n, w) in zip(taskSizes.sizes, taskSizes.weights) { inner += w * Foundation.pow(gamma, Double(n)) }
            total += ql * inner
        }
        return total
    }

    /// Accuracy when every task is of one level with fraction γ (Figure B(a)): `.published` γ⁷ (the notebook's last
    /// task size, level 11), `.corrected` Σ_n q(n) γⁿ.
    public static func homogeneousAccuracy(gamma: Double, mode: TripartiteMode = .corrected) -> Double {
        let sizes = TaskSizeDistribution.notebook(mode: mode)
        switch mode {
        case .published: return Foundation.pow(gamma, Double(sizes.sizes.last ?? 7))
        case .corrected:
            return zip(sizes.sizes, sizes.weights).reduce(0) { $0 + $1.1 * Foundation.pow(gamma, Double($1.0)) }
        }
    }
}
