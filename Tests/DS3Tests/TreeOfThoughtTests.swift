import DS3
import Foundation
import ScalingCore
import Testing

@Suite("Tree of thought")
struct TreeOfThoughtTests {
    let cost = try! CostModel(parameters: 1e10, tokensPerStep: 25, attention: .gpt3)

    // ds3-theory §3.4 examples (N = 1e10, 96 layers, d_attn 12288, ω_p 200), printed to 0.1 token.
    @Test func equalComputeDepthMatchesReferenceValues() throws {
        let cases: [(Int, Double, Double)] = [
            (4, 1e3, 260.5), (4, 1e4, 3309.5), (4, 1e5, 46178.8), (4, 1e6, 495717.7),
            (16, 1e3, 65.9), (16, 1e4, 934.8), (16, 1e5, 19761.8), (16, 1e6, 243632.4),
        ]
        for (b, omegaC, expected) in cases {
            let omegaT = try TreeOfThought.equalComputeDepthTokens(cotTokens: omegaC, branches: b, cost: cost)
            #expect(abs(omegaT - expected) <= 0.05 + 1e-9, "b=\(b) Ω_C=\(omegaC): \(omegaT)")
        }
    }

    @Test func equalComputeDepthEqualisesFLOPs() throws {
        // Independent check: at Ω_T, the ToT attention-aware cost equals the CoT cost (relative 1e-12).
        let attention = AttentionCost.gpt3
        for b in [2, 4, 16] {
            for omegaC in [100.0, 5e3, 2e5] {
                let omegaT = try TreeOfThought.equalComputeDepthTokens(cotTokens: omegaC, branches: b, cost: cost)
                let bd = Double(b)
                let cot = 2 * 1e10 * omegaC + attention.flops(generatedTokens: omegaC)
                let tot =
                    2 * 1e10 * bd * omegaT
                    + attention.flopsPerPair
                    * (200 * 200 + bd * omegaT * 200 + bd * omegaT * (omegaT - 1) / 2)
                    + (bd * omegaT + omegaT / 25 * (bd - 1))  // the notebook's selection overhead (raw FLOPs)
                #expect(relativeError(tot, cot) < 1e-12, "b=\(b) Ω_C=\(omegaC)")
            }
        }
    }

    @Test func equalComputeDepthAsymptotes() throws {
        // Ω_C ≪ k: Ω_T → Ω_C / b; Ω_C ≫ k: Ω_T → Ω_C / √b (k ≈ 17,353 tokens).
        let small = try TreeOfThought.equalComputeDepthTokens(cotTokens: 10, branches: 4, cost: cost)
        #expect(relativeError(small, 10.0 / 4) < 2e-3)
        let large = try TreeOfThought.equalComputeDepthTokens(cotTokens: 1e9, branches: 4, cost: cost)
        #expect(relativeError(large, 1e9 / 2) < 1e-4)
        #expect(relativeError(TreeOfThought.attentionCrossover(cost: cost)!, 17353.2) < 1e-5)
    }

    @Test func preferenceThresholdsMatchReference() throws {
        // ds3-theory §3.5: r*(2) = 2 − √2, r*(4) = 0.4563, r*(16) = 0.2473, r*(256) = 0.0625 (4 digits).
        #expect(abs(try TreeOfThought.preferenceThreshold(branches: 2)! - (2 - 2.0.squareRoot())) < 1e-12)
        for (b, ref) in [(4, 0.4563), (16, 0.2473), (256, 0.0625)] {
            #expect(abs(try TreeOfThought.preferenceThreshold(branches: b)! - ref) < 5e-5)
        }
    }

    @Test func reducesToChainOfThoughtAndPerfectEvaluator() throws {
        let task = try SkillTask(m: 6, r: 0.3)
        let budget = try StepBudget(steps: 30)
        let cot = try ChainOfThought().evaluate(task, budget: budget, cost: cost)
        let tot1 = try TreeOfThought(branches: 1).evaluate(task, budget: budget, cost: cost)
        #expect(tot1 == cot)
        // b = 1 with evaluator v is CoT with per-step success v r.
        let lossy = try TreeOfThought(branches: 1, evaluator: 0.5).evaluate(task, budget: budget, cost: cost)
        let slower = try ChainOfThought().evaluate(SkillTask(m: 6, r: 0.15), budget: budget, cost: cost)
        #expect(relativeError(lossy.success, slower.success) < 1e-14)
        #expect(relativeError(lossy.flops, slower.flops) < 1e-14)
        // v = 1: per-depth success 1 − (1 − r)^b.
        let tot4 = try TreeOfThought(branches: 4)
        #expect(relativeError(tot4.depthSuccess(0.3), 1 - pow(0.7, 4)) < 1e-15)
    }

    @Test func preferenceFlipsWithStepSuccessInAttentionRegime() throws {
        // Attention-dominated (N = 1e8: crossover k ≈ 569 tokens ≪ chain lengths of ~10⁴ tokens), ample budget:
        // both succeed with probability ≈ 1, and ToT(4) is cheaper iff r < r*(4) ≈ 0.456.
        let small = try CostModel(parameters: 1e8, tokensPerStep: 25, attention: .gpt3)
        let budget = try StepBudget(steps: 5000)
        let comparison = { (r: Double) throws -> (Double, Double) in
            let task = try SkillTask(m: 200, r: r)
            let c = try ChainOfThought().evaluate(task, budget: budget, cost: small)
            let t = try TreeOfThought(branches: 4).evaluate(task, budget: budget, cost: small)
            #expect(c.success > 0.999 && t.success > 0.999)
            return (c.flops, t.flops)
        }
        let hard = try comparison(0.35)
        #expect(hard.1 < hard.0)
        let easy = try comparison(0.6)
        #expect(easy.1 > easy.0)
    }
}
