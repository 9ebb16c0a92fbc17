import DS3
import ScalingCore

/// One inference strategy with a setting, and how much allocated compute one step of its per-chain budget
/// costs: CoT 1, ToT(b) b (b candidates per depth), BoN(n)/MV(n)/refine(n) n (n chains or passes). At an
/// allocated budget of B steps per query the per-chain (or depth) budget is B / multiplier — equal allocated
/// compute, the comparison the DS3 notes use (§3.4–3.6, linear-cost versions).
public struct StrategyOption: Sendable {
    public let strategy: any InferenceStrategy
    /// Allocated steps per step of per-chain budget.
    public let multiplier: Double

    /// The option of `strategy` at equal allocated compute: the multiplier is the strategy's declared number of
    /// chains (`budgetShape.chains`).
    public init(_ strategy: any InferenceStrategy) throws {
        self.strategy = strategy
        self.multiplier = Double(try strategy.budgetShape.chains)
    }

    /// Strategy name with its setting, e.g. "tot(4)".
    public var label: String { strategy.name }

    /// Closed-form success and expected cost at an allocated budget of B steps (per-chain budget floored to
    /// whole steps).
    public func evaluate(_ task: SkillTask, allocatedSteps B: Double, cost: CostModel) throws -> StrategyEvaluation {
        try strategy.evaluate(task, budget: StepBudget(steps: B / multiplier), cost: cost)
    }

    /// Closed-form success alone at an allocated budget of B steps (`InferenceStrategy.success`: no cost terms).
    public func success(_ task: SkillTask, allocatedSteps B: Double) throws -> Double {
        try strategy.success(task, budget: StepBudget(steps: B / multiplier))
    }
}

/// Menus of strategies to choose from.
public enum StrategyMenu {
    /// CoT; ToT(b) b ∈ {2, 4, 16}; BoN(n) n ∈ {2, 4, 16, 64} (oracle verifier); MV(n) binary n ∈ {3, 9, 27};
    /// refine(n) n ∈ {4, 16} (oracle verifier).
    ///
    /// - Parameter stepCount: how expected steps (hence expected FLOPs, used only to break success ties) are
    ///   computed; the default is the authors' min(K, m/r), which is much cheaper than the exact moments for
    ///   parallel strategies. Success probabilities do not depend on it.
    public static func standard(stepCount: ChainOfThought.StepCount = .exact) throws -> [StrategyOption] {
        var menu = [try StrategyOption(ChainOfThought(stepCount: stepCount))]
        for b in [2, 4, 16] {
            menu.append(try StrategyOption(TreeOfThought(branches: b, stepCount: stepCount)))
        }
        for n in [2, 4, 16, 64] {
            menu.append(try StrategyOption(BestOfN(samples: n, stepCount: stepCount)))
        }
        for n in [3, 9, 27] {
            menu.append(try StrategyOption(MajorityVoting(samples: n, errorWeights: [1], stepCount: stepCount)))
        }
        for n in [4, 16] {
            menu.append(try StrategyOption(IterativeRefinement(passes: n, stepCount: stepCount)))
        }
        return menu
    }

    /// Chain-of-thought only.
    public static func chainOfThought(stepCount: ChainOfThought.StepCount = .exact) throws
        -> [StrategyOption]
    {
        [try StrategyOption(ChainOfThought(stepCount: stepCount))]
    }
}

/// The preferred strategy for one task at one allocated budget.
public struct StrategyChoice: Sendable, Equatable {
    /// Label of the best strategy ("none" when no option's success exceeds `tieTolerance`). Successes within `tieTolerance` of each other count as tied (they differ only by
    /// rounding, e.g. ToT(1) and CoT); ties go to lower expected FLOPs (again up to 1e-12 relative), then menu
    /// order.
    public let label: String
    /// Its success probability.
    public let success: Double
    /// Its expected FLOPs per query (under the cost model).
    public let expectedFLOPs: Double
    /// Success of plain chain-of-thought at the same allocated budget (the reference).
    public let chainOfThoughtSuccess: Double
    /// Best success among the other strategies (margin = success − runnerUp).
    public let runnerUpSuccess: Double

    /// Absolute success difference below which two strategies tie: probabilities here are sums of up to ~10⁴
    /// rounded terms, so differences under 1e-12 carry no information.
    public static let tieTolerance = 1e-12

    /// For each task (m, r) and allocated budget B: evaluate every option at equal allocated compute, pick the
    /// highest success.
    public init(task: SkillTask, allocatedSteps B: Double, menu: [StrategyOption], cost: CostModel) throws {
        try Validate.count(menu.count, "strategies")
        try Validate.nonNegative(B, "allocated steps")
        var results: [(label: String, evaluation: StrategyEvaluation)] = []
        for option in menu { results.append((option.label, try option.evaluate(task, allocatedSteps: B, cost: cost))) }
        let order = results.indices.sorted { i, j in
            let a = results[i].evaluation
            let b = results[j].evaluation
            if abs(a.success - b.success) > Self.tieTolerance { return a.success > b.success }
            if abs(a.flops - b.flops) > Self.tieTolerance * max(a.flops, b.flops) { return a.flops < b.flops }
            return i < j
        }
        let best = results[order[0]]
        // No option has a meaningful chance: say so rather than crown a cost tie-break among zeros.
        label = best.evaluation.success <= Self.tieTolerance ? "none" : best.label
        success = best.evaluation.success
        expectedFLOPs = best.evaluation.flops
        chainOfThoughtSuccess = results.first { $0.label == "cot" }?.evaluation.success ?? .nan
        runnerUpSuccess = order.count > 1 ? results[order[1]].evaluation.success : best.evaluation.success
    }
}
