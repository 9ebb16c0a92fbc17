import DS3Kit

/// A strategy defined outside DS3Kit: N independent chain-of-thought chains side by side, the query solved when
/// any chain is (an oracle picks a correct one). Success 1 − (1 − p)^N with p the chain's success at its budget;
/// tokens N E[S]. Latency: the mean chain length, a lower bound on the expected longest chain (kept simple here).
struct AnyOfChains: InferenceStrategy {
    let chains: Int

    var name: String { "any-of-\(chains)" }

    /// N chains side by side: solvers that compare at equal compute give each chain 1/N of the budget.
    var budgetShape: BudgetShape { get throws { try BudgetShape(width: chains) } }

    func evaluate(_ task: SkillTask, budget: StepBudget, cost: CostModel) throws -> StrategyEvaluation {
        let one = try ChainOfThought().evaluate(task, budget: budget, cost: cost)
        let n = Double(chains)
        let usage = ComputeUsage(
            tokens: n * one.usage.tokens, attentionPairs: n * one.usage.attentionPairs,
            latencyTokens: one.usage.latencyTokens)
        // Both tails from the chain's failure probability, so neither loses precision near 0 or 1.
        let logFailure = n * Double.log(one.failure)
        return StrategyEvaluation(
            success: -Double.expMinusOne(logFailure), failure: Double.exp(logFailure), usage: usage, cost: cost)
    }

    func play(in context: inout TraversalContext) throws -> Bool {
        var solved = false
        for _ in 0..<chains where try ChainOfThought().play(in: &context) { solved = true }
        return solved
    }
}
