import ComputeOptimal
import DS3
import Foundation
import GSL
import ScalingCore
import Testing
import Tripartite

/// Documented results at the edges of the domain (issue: r → 0 and 1, K ≤ m, b ≤ 0 in the incomplete beta,
/// x ≤ 1 in the giant component, N → 1e15, C → 1e32): finite, in range, equal to the limit, never NaN.
@Suite("Domain edges")
struct DomainEdgeTests {
    static let cost = try! CostModel(parameters: 1e9)

    @Test("CoT at r = 1 succeeds in exactly m steps; at r → 0 success → 0 without NaN")
    func perStepSuccessLimits() throws {
        let sure = try ChainOfThought().evaluate(
            try SkillTask(m: 7, r: 1), budget: try StepBudget(steps: 20), cost: Self.cost)
        #expect(sure.success == 1)
        #expect(sure.usage.tokens == 7 * Self.cost.tokensPerStep)
        for r in [1e-300, 1e-100, 1e-12] {
            let e = try ChainOfThought().evaluate(
                try SkillTask(m: 3, r: r), budget: try StepBudget(steps: 1e6), cost: Self.cost)
            #expect(e.success >= 0 && e.success < 1e-5 && e.flops.isFinite)
        }
        // r = 0 is an unsolvable task: success 0, the whole budget spent.
        let never = try ChainOfThought().evaluate(
            try SkillTask(m: 3, r: 0), budget: try StepBudget(steps: 50), cost: Self.cost)
        #expect(never.success == 0)
        #expect(throws: ParameterError.self) { try SkillTask(m: 3, r: 1.5) }
        #expect(throws: ParameterError.self) { try SkillTask(m: 0, r: 0.5) }
    }

    @Test("K < m gives success 0 (I_r(m, b ≤ 0) is never called); K = m gives r^m")
    func budgetBelowRequiredSkills() throws {
        #expect(try ChainOfThought.successProbability(m: 10, r: 0.9, steps: 9) == 0)
        #expect(try ChainOfThought.successProbability(m: 10, r: 0.9, steps: 0) == 0)
        let exact = pow(0.9, 10.0)
        #expect(abs(try ChainOfThought.successProbability(m: 10, r: 0.9, steps: 10) - exact) < 1e-15)
        // The incomplete beta itself: b = 0 is the documented limit, b < 0 is an error (GSL would return garbage).
        #expect(try IncompleteBeta.regularized(a: 10, b: 0, x: 0.9) == 0)
        #expect(throws: GSLError.self) { try IncompleteBeta.regularized(a: 10, b: -1, x: 0.9) }
    }

    @Test("Giant component: γ = 0 for mean degree x ≤ 1, small and positive just above, → 1 for large x")
    func giantComponentEdges() throws {
        for x in [0, 0.5, 1] { #expect(try GiantComponent.fraction(meanDegree: x) == 0) }
        let justAbove = try GiantComponent.fraction(meanDegree: 1.001)
        #expect(justAbove > 0 && justAbove < 0.01)  // γ ≈ 2(x − 1) near threshold
        #expect(abs(try GiantComponent.fraction(meanDegree: 50) - 1) < 1e-15)  // 1 − γ ≈ e^{−50}
        #expect(throws: (any Error).self) { try GiantComponent.fraction(meanDegree: -1) }
        #expect(throws: (any Error).self) { try GiantComponent.fraction(meanDegree: .nan) }
    }

    @Test("Chinchilla and inference-aware optima stay finite at C = 1e32 and N = 1e15")
    func extremeBudgets() throws {
        let law = ChinchillaLossLaw.chinchillaTeX
        let big = try law.computeOptimal(compute: 1e32)
        #expect(big.parameters.isFinite && big.tokens.isFinite && big.loss > law.E)
        #expect(abs(6 * big.parameters * big.tokens / 1e32 - 1) < 1e-12)
        let aware = try InferenceAware.fixedBudget(law: law, compute: 1e32, inferenceTokens: 1e20)
        #expect(aware.parameters.isFinite && aware.loss.isFinite && aware.parameters < big.parameters)
        let sized = try law.computeOptimal(parameters: 1e15)
        #expect(sized.compute.isFinite && sized.compute > 1e32)
        let lossAtHuge = try law.loss(parameters: 1e15, tokens: 1e18)
        #expect(lossAtHuge > law.E && lossAtHuge < law.E + 0.01)
        #expect(throws: ParameterError.self) { try law.computeOptimal(compute: .infinity) }
        #expect(throws: ParameterError.self) { try law.computeOptimal(compute: -1) }
    }

    @Test("The tripartite compute-optimal model at C = 1e32 (the top of the paper's budget range) is finite")
    func tripartiteAtTopBudget() throws {
        let optimum = try ComputeOptimalTraining(mode: .published).optimum(flops: 1e32)
        #expect(optimum.parameters.isFinite && optimum.tokens.isFinite)
        #expect(optimum.conceptsLearned > 0 && optimum.conceptsLearned <= optimum.concepts)
    }
}
