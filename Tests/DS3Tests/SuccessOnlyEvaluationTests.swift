import DS3
import PropertyBased
import RealModule
import ScalingCore
import TestSupport
import Testing

/// The success-only path (`InferenceStrategy.success(_:budget:)`) that the dynamic allocation and the strategy map
/// read must give the very number `evaluate` reports: the overrides skip the cost terms, never change the success.
@Suite("Success-only evaluation")
struct SuccessOnlyEvaluationTests {
    static func strategies() throws -> [any InferenceStrategy] {
        [
            ChainOfThought(), ChainOfThought(stepCount: .gaussian), StrictChain(),
            try TreeOfThought(branches: 3), try TreeOfThought(branches: 2, evaluator: 0.8),
            try BestOfN(samples: 4),
            try BestOfN(samples: 3, verifier: try Verifier(sensitivity: 0.9, falseAcceptance: 0.2)),
            try MajorityVoting.uniform(samples: 5, answers: 3), try MajorityVoting(samples: 7, errorWeights: [3, 1]),
            try IterativeRefinement(passes: 3),
        ]
    }

    /// Bit-for-bit: the override must compute success by the same operations as `evaluate` (no tolerance).
    @Test("success(_:budget:) equals evaluate(...).success bit for bit for every built-in strategy")
    func successEqualsEvaluate() async {
        // Everyday 400 random cases (each evaluates all 9 strategies), slow tier 10,000: an exact equality, so any
        // case where the operations differ fails; the regimes (m up to 120, r down to 1e-6, K up to 1e5, whole or
        // continuous steps) are all drawn hundreds of times in 400 cases.
        let count = TestTier.count(fast: 400, full: 10_000)
        let m = Gen.int(in: 1...120)
        let r = Gen.double(in: -6.0...0.0).map { Swift.min(1, Double.exp10($0)) }
        let steps = Gen.double(in: 0.0...5.0).map { Double.exp10($0) }
        await propertyCheck(count: count, input: m, r, steps, Gen.bool) { m, r, k, continuous in
            let task = try SkillTask(m: m, r: r)
            let budget = try StepBudget(steps: k, rounding: continuous ? .continuous : .wholeSteps)
            for strategy in try Self.strategies() {
                let full = try strategy.evaluate(task, budget: budget, cost: CostModel())
                let alone = try strategy.success(task, budget: budget)
                #expect(alone.bitPattern == full.success.bitPattern, "\(strategy.name) m=\(m) r=\(r) K=\(k)")
            }
        }
    }
}
