import ComputeOptimal
import DS3
import Foundation
import PropertyBased
import ScalingCore
import TestSupport
import Testing

/// Property tests of the allocation solvers over random constants and budgets (1,000 cases each in the slow tier,
/// 200 every day; a failure prints the PropertyBased seed that reproduces it).
@Suite("Allocation properties")
struct AllocationPropertyTests {
    /// Property case count: 1,000 in the slow tier, 200 every day.
    static let cases = TestTier.count(fast: 200, full: 1000)
    /// Random Chinchilla-form laws around the published ones: E ∈ [1, 2.5], A, B ∈ [50, 2000], α, β ∈ [0.15, 0.6].
    static let law = zip(
        Gen.double(in: 1.0...2.5), Gen.double(in: 50.0...2000.0), Gen.double(in: 50.0...2000.0),
        Gen.double(in: 0.15...0.6), Gen.double(in: 0.15...0.6)
    ).map { e, a, b, alpha, beta in try! ChinchillaLossLaw(E: e, A: a, B: b, alpha: alpha, beta: beta) }
    /// log10 C in [15, 32]: from tiny runs to C → 1e32.
    static let logCompute = Gen.double(in: 15.0...32.0)

    @Test("Inference-aware optimum with T = 0 equals the Chinchilla closed form (budget and loss forms)")
    func inferenceAwareReducesToChinchilla() async {
        await propertyCheck(count: Self.cases, input: Self.law, Self.logCompute) { law, logC in
            let C = pow(10, logC)
            let chinchilla = try law.computeOptimal(compute: C)
            let budget = try InferenceAware.fixedBudget(law: law, compute: C, inferenceTokens: 0)
            // Brent on ln D stops at ~1e-12 relative; N and D agree to 1e-9.
            #expect(
                abs(budget.parameters / chinchilla.parameters - 1) < 1e-9,
                "N: \(budget.parameters) vs \(chinchilla.parameters)")
            #expect(abs(budget.tokens / chinchilla.tokens - 1) < 1e-9)
            let byLoss = try InferenceAware.fixedLoss(law: law, loss: chinchilla.loss, inferenceTokens: 0)
            #expect(abs(byLoss.parameters / chinchilla.parameters - 1) < 1e-9)
        }
    }

    @Test("At fixed loss, more inference demand never raises total FLOPs above the Chinchilla-style model's")
    func inferenceAwareNeverWorse() async {
        await propertyCheck(count: Self.cases, input: Self.law, Self.logCompute, Gen.double(in: 6.0...16.0)) {
            law, logC, logT in
            let chinchilla = try law.computeOptimal(compute: pow(10, logC))
            let T = pow(10, logT)
            let aware = try InferenceAware.fixedLoss(law: law, loss: chinchilla.loss, inferenceTokens: T)
            let style = try InferenceAware.chinchillaStyle(law: law, loss: chinchilla.loss, inferenceTokens: T)
            #expect(aware.totalFLOPs <= style.totalFLOPs * (1 + 1e-12))
            #expect(aware.parameters <= style.parameters * (1 + 1e-9))
        }
    }

    /// A small bridge population keeps each optimum cheap; the optimum is computed once per budget and then
    /// compared with 1,000 random feasible allocations (random N and training share on the constraint).
    @Test("The joint (N, D, Ω) optimum is never worse than any sampled feasible allocation")
    func jointOptimumBeatsSampledPoints() async throws {
        let tasks = try [1, 2, 4].flatMap { m in try [1.5, 2.5].map { try BridgeAccuracyModel.TaskClass(m: m, L0: $0) }
        }
        let model = try BridgeAccuracyModel(law: .chinchilla, tasks: tasks)
        let C = 1e21
        let I = 1e8
        let optimum = try JointOptimum.global(model: model, compute: C, queries: I).best
        await propertyCheck(count: Self.cases, input: Gen.double(in: 14.0...24.0), Gen.double(in: 0.001...0.999)) {
            lnN, share in
            let N = exp(lnN)
            let D = share * C / (6 * N)
            let omega = (1 - share) * C / (2 * N * I)
            let accuracy = try model.accuracy(parameters: N, trainingTokens: D, tokensPerQuery: omega)
            // Nelder–Mead stops at a simplex of 1e-5 in (ln N, logit s): allow 1e-9 absolute in accuracy.
            #expect(
                accuracy <= optimum.accuracy + 1e-9, "N = \(N), share = \(share): \(accuracy) > \(optimum.accuracy)")
        }
    }
}
