import DS3
import PropertyBased
import RealModule
import ScalingCore
import Testing

/// Property tests over random tasks and budgets, extremes included (r down to 1e-6 and up to 1, m from 1 to 200,
/// budgets below m and up to 10⁶ steps). 1,000 cases each; a failure prints the PropertyBased seed that
/// reproduces it (`.fixedSeed(...)`).
@Suite("Strategy properties")
struct StrategyPropertyTests {
    static let m = Gen.int(in: 1...200)
    /// log10 r in [−6, 0]: r from 1e-6 to 1.
    static let r = Gen.double(in: -6.0...0.0).map { Swift.min(1, Double.exp10($0)) }
    /// log10 K in [0, 6].
    static let steps = Gen.double(in: 0.0...6.0).map { Double.exp10($0).rounded() }
    static let cost = try! CostModel(parameters: 1e9)

    static func strategies() throws -> [any InferenceStrategy] {
        [
            ChainOfThought(), StrictChain(), try TreeOfThought(branches: 3),
            try TreeOfThought(branches: 2, evaluator: 0.8),
            try BestOfN(samples: 4), try MajorityVoting.uniform(samples: 5, answers: 3),
            try IterativeRefinement(passes: 3),
        ]
    }

    @Test("Every strategy's success is in [0, 1] and its costs are finite and ≥ 0")
    func successIsAProbability() async {
        await propertyCheck(count: 1000, input: Self.m, Self.r, Self.steps) { m, r, k in
            let task = try SkillTask(m: m, r: r)
            let budget = try StepBudget(steps: k)
            for strategy in try Self.strategies() {
                let e = try strategy.evaluate(task, budget: budget, cost: Self.cost)
                #expect(e.success >= 0 && e.success <= 1, "\(strategy.name): success \(e.success)")
                #expect(e.flops.isFinite && e.flops >= 0, "\(strategy.name): flops \(e.flops)")
                #expect(e.usage.tokens.isFinite && e.usage.latencyTokens.isFinite)
            }
        }
    }

    /// Refinement is in the success property only: its expected cost is *not* monotone in the per-pass budget —
    /// a larger budget lets an earlier pass succeed and stops the loop (m = 2, r = 1: K = 1 burns 3 failing
    /// passes, K = 2 succeeds in the first), so fewer steps are spent.
    @Test("Success is non-decreasing in the step budget (CoT, ToT, best-of-N, refinement); cost too, except refinement")
    func monotoneInBudget() async {
        await propertyCheck(count: 1000, input: Self.m, Self.r, Self.steps, Gen.double(in: 0.0...2.0)) {
            m, r, k, dlog in
            let task = try SkillTask(m: m, r: r)
            let small = try StepBudget(steps: k)
            let large = try StepBudget(steps: (k * Double.exp10(dlog)).rounded())
            let monotone: [any InferenceStrategy] = [
                ChainOfThought(), try TreeOfThought(branches: 3), try BestOfN(samples: 4),
                try IterativeRefinement(passes: 3),
            ]
            for strategy in monotone {
                let a = try strategy.evaluate(task, budget: small, cost: Self.cost)
                let b = try strategy.evaluate(task, budget: large, cost: Self.cost)
                // Slack: 1e-12 absolute on probabilities (sums of rounded terms); 1e-12 relative on costs.
                #expect(b.success >= a.success - 1e-12, "\(strategy.name): success \(a.success) → \(b.success)")
                if strategy.name.hasPrefix("refine") { continue }
                #expect(b.flops >= a.flops * (1 - 1e-12), "\(strategy.name): flops \(a.flops) → \(b.flops)")
            }
        }
    }

    @Test("ToT with one branch, best-of-1 and majority-of-1 all equal chain-of-thought")
    func reductionsToChainOfThought() async {
        await propertyCheck(count: 1000, input: Self.m, Self.r, Self.steps) { m, r, k in
            let task = try SkillTask(m: m, r: r)
            let budget = try StepBudget(steps: k)
            let cot = try ChainOfThought().evaluate(task, budget: budget, cost: Self.cost)
            let reduced: [any InferenceStrategy] = [
                try TreeOfThought(branches: 1), try BestOfN(samples: 1),
                try MajorityVoting.uniform(samples: 1, answers: 4),
            ]
            for strategy in reduced {
                let e = try strategy.evaluate(task, budget: budget, cost: Self.cost)
                // Same closed form through different code paths: agreement to 1e-12.
                #expect(abs(e.success - cot.success) <= 1e-12, "\(strategy.name): \(e.success) vs CoT \(cot.success)")
                #expect(abs(e.flops - cot.flops) <= 1e-12 * Swift.max(1, cot.flops), "\(strategy.name) flops")
            }
        }
    }
}

extension Double {
    fileprivate static func exp10(_ x: Double) -> Double { Double.pow(10, x) }
}
