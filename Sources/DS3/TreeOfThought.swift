import GSL
import RealModule
import ScalingCore

/// Tree-of-thought ToT(b) with one retained node per depth (the authors' "ToT(1)", ds3-theory §3.4): at each
/// depth b candidate next steps are generated in parallel and an evaluator keeps a correct one, if any exists,
/// with probability v (v = 1: perfect evaluator). A depth without a kept correct candidate is retried (directed
/// search never regresses). Per-depth success r_T = v (1 − (1 − r)^b); P = I_{r_T}(m, K_T − m + 1) with K_T the
/// depth budget. Cost: b candidates × ω tokens per depth (FLOPs), latency ω per depth.
/// b = 1, v = 1 is chain-of-thought; v = 1 is the perfect-evaluator ToT; b = 1 is CoT with per-step success v r.
public struct TreeOfThought: InferenceStrategy {
    /// Branching factor b ≥ 1.
    public let branches: Int
    /// Evaluator reliability v ∈ (0, 1]: probability a correct candidate, when present, is kept.
    public let evaluator: Double
    public let stepCount: ChainOfThought.StepCount

    public init(branches: Int, evaluator: Double = 1, stepCount: ChainOfThought.StepCount = .exact)
        throws(ParameterError)
    {
        self.branches = try Validate.count(branches, "branches")
        self.evaluator = try Validate.probability(evaluator, "evaluator", .lowerOpen)
        self.stepCount = stepCount
    }

    public var name: String { "tot(\(branches))" }

    public var budgetShape: BudgetShape { BudgetShape(uncheckedWidth: branches, passes: 1) }

    /// r_T = v (1 − (1 − r)^b), computed as −v·expm1(b·log1p(−r)).
    public func depthSuccess(_ r: Double) -> Double {
        if r >= 1 { return evaluator }
        return -evaluator * Double.expMinusOne(Double(branches) * Double.log(onePlus: -r))
    }

    /// The budget K is the depth budget K_T (steps along the retained path).
    public func evaluate(_ task: SkillTask, budget: StepBudget, cost: CostModel) throws -> StrategyEvaluation {
        let K = budget.effectiveSteps
        let rT = depthSuccess(task.r)
        let (p, pf, moments) = try ChainOfThought.tailsAndMoments(m: task.m, r: rT, steps: K, method: stepCount)
        let usage = cost.usage(chains: 1, width: Double(branches), steps: moments, latencySteps: moments.mean)
        return StrategyEvaluation(success: p, failure: pf, usage: usage, cost: cost)
    }

    public func success(_ task: SkillTask, budget: StepBudget) throws -> Double {
        try ChainOfThought.sampleSuccess(
            m: task.m, r: depthSuccess(task.r), steps: budget.effectiveSteps, method: stepCount)
    }

    public func play(in context: inout TraversalContext) throws -> Bool {
        var chain = Chain()
        let m = context.requiredSkills
        let K = context.stepBudget
        while chain.progress < m, chain.steps < K {
            let correct = context.branchStep(&chain, branches: branches)
            if correct > 0, evaluator >= 1 || context.uniform() < evaluator { context.advance(&chain) }
        }
        return chain.progress >= m
    }

    /// Linear-cost depth budget at equal parameter FLOPs: K_T = K_C / b.
    public func equalComputeDepth(linearSteps K: Double) -> Double { K / Double(branches) }

    /// Equal-compute depth tokens Ω_T for a CoT token budget Ω_C with attention (notebook, ds3-theory §3.4):
    /// the positive root of b Ω_T² + (b k + D'/B) Ω_T − (Ω_C² + k Ω_C) = 0, k = 2ω_p − 1 + 2N/B, B = n_layer d_attn,
    /// D' = b + (b − 1)/ω (the selection overhead; `selectionOverhead: false` drops it). Without attention the
    /// result is Ω_C / b.
    public static func equalComputeDepthTokens(
        cotTokens omegaC: Double, branches b: Int, cost: CostModel, selectionOverhead: Bool = true
    ) throws(ParameterError) -> Double {
        try Validate.nonNegative(omegaC, "CoT tokens")
        try Validate.count(b, "branches")
        let bd = Double(b)
        guard let attention = cost.attention else { return omegaC / bd }
        let B = attention.layers * attention.width
        let k = 2 * attention.promptTokens - 1 + 2 * cost.parameters / B
        let dPrime = selectionOverhead ? bd + (bd - 1) / cost.tokensPerStep : 0
        let linear = bd * k + dPrime / B
        let constant = omegaC * omegaC + k * omegaC
        // Stable root: 2c / (√(lin² + 4bc) + lin) avoids cancellation when c is small.
        let disc = (linear * linear + 4 * bd * constant).squareRoot()
        return 2 * constant / (disc + linear)
    }

    /// Crossover context length k = 2ω_p − 1 + 2N/(n_layer d_attn) where attention FLOPs per token equal 2N.
    public static func attentionCrossover(cost: CostModel) -> Double? {
        guard let a = cost.attention else { return nil }
        return 2 * a.promptTokens - 1 + 2 * cost.parameters / (a.layers * a.width)
    }

    /// r*(b): ToT(b) has lower attention-dominated cost than CoT iff r < r*(b), the root in (0, 1) of
    /// √b r = 1 − (1 − r)^b (ds3-theory §3.5). nil for b = 1.
    public static func preferenceThreshold(branches b: Int) throws -> Double? {
        guard b >= 2 else { return nil }
        let bd = Double(b)
        let root = try Roots.brent(lower: 1e-12, upper: 1, relativeTolerance: 1e-14) { r in
            -Double.expMinusOne(bd * Double.log(onePlus: -r)) - bd.squareRoot() * r
        }
        return root.root
    }
}
