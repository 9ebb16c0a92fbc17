import DS3
import ScalingCore
import Testing

/// `TraversalSimulator.runChainOfThoughtFast` (geometric jumps between successes, closed-form cost account) against
/// the step-by-step reference `TraversalSimulator.run(ChainOfThought(), …)` and the closed forms.
@Suite("Traversal simulator: chain-of-thought fast path")
struct TraversalFastPathTests {
    /// Tasks from easy to starved: (m, r, K). Both simulators run 20,000 queries with different seeds; success and
    /// tokens must agree within 4 SE of the difference of two independent means, SE = √(SE₁² + SE₂²), and each
    /// must match the closed forms P = I_r(m, K − m + 1) and E[min(T_m, K)] within 4 of its own SE.
    static let cases: [(m: Int, r: Double, K: Double)] = [(1, 0.5, 3), (5, 0.2, 25), (10, 0.05, 150), (3, 0.9, 3)]

    @Test("Fast and reference chain-of-thought agree with each other and the closed forms within 4 SE")
    func agree() throws {
        let cost = try CostModel(parameters: 1e9, attention: AttentionCost())
        for c in Self.cases {
            let task = try SkillTask(m: c.m, r: c.r)
            let budget = try StepBudget(steps: c.K)
            let n = 20_000
            let fast = try TraversalSimulator.runChainOfThoughtFast(
                task: task, budget: budget, cost: cost, trials: n, seed: 1)
            let reference = try TraversalSimulator.run(
                ChainOfThought(), tasks: task, budget: budget, cost: cost, trials: n, seed: 2)
            for (name, a, b) in [
                ("success", fast.success, reference.success), ("tokens", fast.tokens, reference.tokens),
                ("flops", fast.flops, reference.flops), ("latency", fast.latency, reference.latency),
            ] {
                let se = (a.standardError * a.standardError + b.standardError * b.standardError).squareRoot()
                #expect(abs(a.mean - b.mean) <= 4 * se + 1e-12 * abs(b.mean), "\(c) \(name): \(a) vs \(b)")
            }
            let p = try ChainOfThought.successProbability(m: c.m, r: c.r, steps: c.K)
            expectWithin(p, fast.success, trials: n, "\(c) success")
            let steps = try ChainOfThought.expectedSteps(m: c.m, r: c.r, steps: c.K)
            expectWithin(steps * cost.tokensPerStep, fast.tokens, trials: n, "\(c) tokens")
        }
    }

    /// Deterministic limits: r = 1 takes exactly m steps; a budget below m never solves and spends ⌊K⌋ steps.
    @Test("Fast path limits: r = 1 uses exactly m steps; K < m never solves")
    func limits() throws {
        let cost = try CostModel()
        let sure = try TraversalSimulator.runChainOfThoughtFast(
            task: try SkillTask(m: 4, r: 1), budget: try StepBudget(steps: 10), cost: cost, trials: 100, seed: 3)
        #expect(sure.success.mean == 1 && sure.tokens.mean == 4 * cost.tokensPerStep)
        let short = try TraversalSimulator.runChainOfThoughtFast(
            task: try SkillTask(m: 6, r: 0.7), budget: try StepBudget(steps: 5), cost: cost, trials: 100, seed: 3)
        #expect(short.success.mean == 0 && short.tokens.mean == 5 * cost.tokensPerStep)
    }

    @Test("Fast path does not depend on the thread count")
    func threadInvariance() throws {
        let task = try SkillTask(m: 5, r: 0.3)
        let budget = try StepBudget(steps: 30)
        let cost = try CostModel()
        let one = try TraversalSimulator.runChainOfThoughtFast(
            task: task, budget: budget, cost: cost, trials: 5000, seed: 4, threads: 1)
        let two = try TraversalSimulator.runChainOfThoughtFast(
            task: task, budget: budget, cost: cost, trials: 5000, seed: 4, threads: 2)
        #expect(one == two)
    }
}
