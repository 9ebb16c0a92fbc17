import RealModule
import ScalingCore

/// Strict chain without recovery (ds3-theory §3.3, an optional baseline): a failed step kills the chain.
/// P = r^m when K ≥ m (else 0); steps used S = min(index of first failure, m, K), E[S] = Σ_{j<L} r^j, L = min(m, K).
public struct StrictChain: InferenceStrategy {
    public init() {}
    public var name: String { "strict" }

    public var budgetShape: BudgetShape { .singleChain }

    public func evaluate(_ task: SkillTask, budget: StepBudget, cost: CostModel) throws -> StrategyEvaluation {
        let K = budget.effectiveSteps
        let p = try Self.successProbability(m: task.m, r: task.r, steps: K)
        let moments = Self.stepMoments(m: task.m, r: task.r, steps: K)
        let usage = cost.usage(chains: 1, width: 1, steps: moments, latencySteps: moments.mean)
        return StrategyEvaluation(success: p, usage: usage, cost: cost)
    }

    public func success(_ task: SkillTask, budget: StepBudget) throws -> Double {
        try Self.successProbability(m: task.m, r: task.r, steps: budget.effectiveSteps)
    }

    public func play(in context: inout TraversalContext) throws -> Bool {
        var chain = Chain()
        let m = context.requiredSkills
        let K = context.stepBudget
        while chain.progress < m, chain.steps < K {
            if !context.step(&chain) { return false }
        }
        return chain.progress >= m
    }

    /// r^m (log space) when K ≥ m, else 0.
    public static func successProbability(m: Int, r: Double, steps K: Double) throws -> Double {
        try ChainOfThought.validate(m: m, r: r, K: K)
        if K < Double(m) || r == 0 { return 0 }
        return Double.exp(Double(m) * Double.log(r))
    }

    /// E[S] = Σ_{j=1}^{L} r^{j−1}, E[S²] = Σ_{j=1}^{L} (2j − 1) r^{j−1}, L = min(m, ⌊K⌋) (P(S ≥ j) = r^{j−1}).
    public static func stepMoments(m: Int, r: Double, steps K: Double) -> StepMoments {
        let L = min(Double(m), K.rounded(.down))
        if L <= 0 { return StepMoments(mean: 0, secondMoment: 0) }
        if r == 1 { return StepMoments(mean: L, secondMoment: L * L) }
        if L > 1e6 {
            // Closed forms: Σ r^{j−1} = (1 − r^L)/(1 − r); Σ j r^{j−1} = (1 − (L+1) r^L + L r^{L+1})/(1 − r)².
            let rL = Double.exp(L * Double.log(r))
            let mean = (1 - rL) / (1 - r)
            let weighted = (1 - (L + 1) * rL + L * rL * r) / ((1 - r) * (1 - r))
            return StepMoments(mean: mean, secondMoment: 2 * weighted - mean)
        }
        var mean = 0.0
        var second = 0.0
        var power = 1.0
        var j = 1.0
        while j <= L {
            mean += power
            second += (2 * j - 1) * power
            power *= r
            if power < 1e-300 { break }
            j += 1
        }
        return StepMoments(mean: mean, secondMoment: second)
    }
}
