import DS3
import PropertyBased
import RealModule
import ScalingCore
import TestSupport
import Testing

/// Property tests over random tasks and budgets, extremes included (r down to 1e-6 and up to 1, m from 1 to 200,
/// budgets below m and up to 10⁶ steps). 1,000 cases each (the new ones: 200 in the everyday tier); a failure prints the PropertyBased seed that
/// reproduces it (`.fixedSeed(...)`).
@Suite("Strategy properties")
struct StrategyPropertyTests {
    static let m = Gen.int(in: 1...200)
    /// log10 r in [−6, 0]: r from 1e-6 to 1.
    static let r = Gen.double(in: -6.0...0.0).map { Swift.min(1, Double.exp10($0)) }
    /// log10 K in [0, 6].
    static let steps = Gen.double(in: 0.0...6.0).map { Double.exp10($0).rounded() }
    static let cost = try! CostModel(parameters: 1e9)

    /// One of each strategy. Success does not depend on `stepCount`; `.piecewiseLinear` makes the costs cheap
    /// (no expected maximum over chains), so the success properties can afford more cases.
    static func strategies(stepCount: ChainOfThought.StepCount = .exact) throws -> [any InferenceStrategy] {
        [
            ChainOfThought(stepCount: stepCount), StrictChain(), try TreeOfThought(branches: 3, stepCount: stepCount),
            try TreeOfThought(branches: 2, evaluator: 0.8, stepCount: stepCount),
            try BestOfN(samples: 4, stepCount: stepCount),
            try MajorityVoting(samples: 5, errorWeights: [1, 1], stepCount: stepCount),
            try IterativeRefinement(passes: 3, stepCount: stepCount),
        ]
    }

    /// Property case count: 1,000 in the slow tier, 200 every day (each case evaluates every strategy).
    static let cases = TestTier.count(fast: 200, full: 1000)

    /// P(majority vote is correct) by brute force: all A^N vote vectors (answer 0 correct with probability p, each of
    /// the A − 1 wrong answers with (1 − p)/(A − 1)), ties broken uniformly — independent of the library's
    /// conditional-binomial programme.
    static func enumeratedMajority(samples n: Int, answers: Int, p: Double) -> Double {
        var total = 0.0
        for code in 0..<Int(Double.pow(Double(answers), Double(n))) {
            var counts = [Int](repeating: 0, count: answers)
            var probability = 1.0
            var rest = code
            for _ in 0..<n {
                let vote = rest % answers
                rest /= answers
                counts[vote] += 1
                probability *= vote == 0 ? p : (1 - p) / Double(answers - 1)
            }
            let top = counts.max()!
            if counts[0] == top { total += probability / Double(counts.filter { $0 == top }.count) }
        }
        return total
    }

    /// Each strategy against a formula computed here from chain-of-thought's p = I_r(m, K − m + 1), so that a
    /// clamp to [0, 1] cannot hide a wrong value (piecewise-linear step counts keep the costs cheap; the exact
    /// moments are checked in `ChainOfThoughtTests`): best-of-4 and refinement(3) with the oracle verifier are
    /// 1 − (1 − p)^n (evaluated as 1 − pow, a different rounding path: 1e-14 absolute); majority-of-5 over 3 answers
    /// equals the 3⁵-outcome enumeration (1e-13: sums of 243 rounded products); the strict chain is r^m and never
    /// beats backtracking; ToT(3) never loses to CoT (r_T ≥ r), and ToT(2, v = 0.8) is CoT at r_T = v(1 − (1 − r)²)
    /// (1e-10 absolute: r_T by expm1/log1p and by a product differ by a few ulp, amplified by ∂I/∂r; measured worst
    /// 5.6e-12 over 2,000 cases). Costs: linear FLOPs scale with the number of chains — 4×, 5×, and
    /// 1 + q + q² expected passes (q = 1 − p) — to 1e-12 relative, and are finite.
    @Test(
        "Strategies equal independent formulas built on CoT's p (best-of-N, refinement, MV by enumeration, strict, ToT)"
    )
    func strategiesMatchIndependentFormulas() async {
        await propertyCheck(count: Self.cases, input: Self.m, Self.r, Self.steps) { m, r, k in
            let task = try SkillTask(m: m, r: r)
            let budget = try StepBudget(steps: k)
            let linear = ChainOfThought.StepCount.piecewiseLinear
            let cot = try ChainOfThought(stepCount: linear).evaluate(task, budget: budget, cost: Self.cost)
            let p = cot.success
            let q = 1 - p
            let bon = try BestOfN(samples: 4, stepCount: linear).evaluate(task, budget: budget, cost: Self.cost)
            #expect(abs(bon.success - (1 - q * q * q * q)) <= 1e-14, "bon(4): \(bon.success), p = \(p)")
            #expect(abs(bon.flops - 4 * cot.flops) <= 1e-12 * bon.flops)
            let refine = try IterativeRefinement(passes: 3, stepCount: linear).evaluate(
                task, budget: budget, cost: Self.cost)
            #expect(abs(refine.success - (1 - q * q * q)) <= 1e-14, "refine(3): \(refine.success), p = \(p)")
            let passes = 1 + q + q * q  // expected passes Σ_{i<3} q^i
            #expect(abs(refine.flops - passes * cot.flops) <= 1e-12 * Swift.max(refine.flops, 1))
            let mv = try MajorityVoting(samples: 5, errorWeights: [1, 1], stepCount: linear).evaluate(
                task, budget: budget, cost: Self.cost)
            let enumerated = Self.enumeratedMajority(samples: 5, answers: 3, p: p)
            #expect(abs(mv.success - enumerated) <= 1e-13, "mv(5): \(mv.success) vs enumeration \(enumerated)")
            #expect(abs(mv.flops - 5 * cot.flops) <= 1e-12 * mv.flops)
            let strict = try StrictChain().evaluate(task, budget: budget, cost: Self.cost)
            let chain = k >= Double(m) ? Double.pow(r, Double(m)) : 0
            #expect(abs(strict.success - chain) <= 1e-14 + 1e-12 * chain, "strict: \(strict.success) vs r^m \(chain)")
            #expect(strict.success <= p + 1e-12)
            let tot = try TreeOfThought(branches: 3, stepCount: linear).evaluate(task, budget: budget, cost: Self.cost)
            #expect(tot.success >= p - 1e-12, "tot(3) \(tot.success) < cot \(p)")
            let rT = 0.8 * (1 - (1 - r) * (1 - r))
            let tot2 = try TreeOfThought(branches: 2, evaluator: 0.8, stepCount: linear).evaluate(
                task, budget: budget, cost: Self.cost)
            let expected = try ChainOfThought.successProbability(m: m, r: rT, steps: k)
            #expect(abs(tot2.success - expected) <= 1e-10, "tot(2, 0.8): \(tot2.success) vs \(expected)")
            for e in [cot, bon, refine, mv, strict, tot, tot2] {
                #expect(e.flops.isFinite && e.usage.tokens.isFinite && e.usage.latencyTokens.isFinite)
            }
        }
    }

    /// A larger per-step success never hurts: every strategy's success is non-decreasing in r at fixed m and K
    /// (CoT: I_r increases in r; ToT: r_T increases in r; best-of-N, refinement and majority voting increase in p,
    /// the last by coupling). Clamping preserves order, but a formula that is wrong somewhere in the middle of
    /// [0, 1] breaks it. Slack 1e-12 absolute (sums of rounded terms).
    @Test("Success is non-decreasing in the per-step success r for every strategy")
    func monotoneInStepSuccess() async {
        await propertyCheck(count: Self.cases, input: Self.m, Self.r, Self.steps, Gen.double(in: 0.0...1.0)) {
            m, r, k, t in
            let budget = try StepBudget(steps: k)
            let larger = r + t * (1 - r)
            for strategy in try Self.strategies(stepCount: .piecewiseLinear) {
                let a = try strategy.evaluate(try SkillTask(m: m, r: r), budget: budget, cost: Self.cost)
                let b = try strategy.evaluate(try SkillTask(m: m, r: larger), budget: budget, cost: Self.cost)
                #expect(
                    b.success >= a.success - 1e-12, "\(strategy.name): r \(r) → \(larger): \(a.success) → \(b.success)")
            }
        }
    }

    /// Refinement is in the success property only: its expected cost is *not* monotone in the per-pass budget —
    /// a larger budget lets an earlier pass succeed and stops the loop (m = 2, r = 1: K = 1 burns 3 failing
    /// passes, K = 2 succeeds in the first), so fewer steps are spent.
    @Test("Success is non-decreasing in the step budget (CoT, ToT, best-of-N, refinement); cost too, except refinement")
    func monotoneInBudget() async {
        await propertyCheck(count: Self.cases, input: Self.m, Self.r, Self.steps, Gen.double(in: 0.0...2.0)) {
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
        await propertyCheck(count: Self.cases, input: Self.m, Self.r, Self.steps) { m, r, k in
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
