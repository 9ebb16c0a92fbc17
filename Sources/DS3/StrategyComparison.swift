import ScalingCore

/// Strategies side by side on one task at the compute of one chain-of-thought chain with budget K.
public enum StrategyComparison {
    public struct Row: Sendable {
        /// Caller's label (e.g. "cot").
        public let label: String
        /// The strategy's own name (e.g. "tot(4)").
        public let name: String
        /// The budget the strategy received (steps per chain, depth path or sample).
        public let budgetSteps: Double
        public let evaluation: StrategyEvaluation
        /// Success per 10¹⁵ expected FLOPs.
        public var successPerPetaFLOP: Double {
            evaluation.flops > 0 ? evaluation.success / evaluation.flops * 1e15 : 0
        }
    }

    /// Number of chains whose total nominal compute is split: the strategy's declared `budgetShape.chains` (b for
    /// ToT, N for best-of-N and voting, n for refinement, 1 for a single chain), built-in or not.
    static func width(of strategy: any InferenceStrategy) throws -> Int { try strategy.budgetShape.chains }

    /// Equal nominal compute: a strategy of width w gets per-chain steps K/w (parameter-only cost) or the root of
    /// the attention quadratic (`TreeOfThought.equalComputeDepthTokens` without selection overhead) / ω.
    public static func equalComputeSteps(_ K: Double, width w: Int, cost: CostModel) throws -> Double {
        if w == 1 { return K }
        if cost.attention == nil { return K / Double(w) }
        let tokens = try TreeOfThought.equalComputeDepthTokens(
            cotTokens: K * cost.tokensPerStep, branches: w, cost: cost, selectionOverhead: false)
        return tokens / cost.tokensPerStep
    }

    public static func compare(
        _ task: SkillTask, budget: StepBudget, cost: CostModel, strategies: [(String, any InferenceStrategy)]
    ) throws -> [Row] {
        try strategies.map { label, strategy in
            let steps = try equalComputeSteps(budget.steps, width: try width(of: strategy), cost: cost)
            let e = try strategy.evaluate(task, budget: budget.with(steps: steps), cost: cost)
            return Row(label: label, name: strategy.name, budgetSteps: steps, evaluation: e)
        }
    }

    /// Highest success per FLOP (ties: the first).
    public static func bestPerCompute(_ rows: [Row]) -> String {
        rows.max { $0.successPerPetaFLOP < $1.successPerPetaFLOP }?.label ?? ""
    }

    /// Highest success; among successes within 1e-9 of the best, the fewest expected FLOPs.
    public static func mostSuccessful(_ rows: [Row]) -> String {
        guard let top = rows.map(\.evaluation.success).max() else { return "" }
        return rows.filter { $0.evaluation.success >= top - 1e-9 }.min { $0.evaluation.flops < $1.evaluation.flops }?
            .label ?? ""
    }
}
