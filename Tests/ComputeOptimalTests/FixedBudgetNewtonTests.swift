import ScalingCore
import Testing

@testable import ComputeOptimal

@Suite("Fixed lifetime budget: safeguarded Newton against the Brent reference")
struct FixedBudgetNewtonTests {
    /// Over C ∈ geom(1e15, 1e30, 120), T ∈ {0, 1e6, 1e9, 1e13, 1e16, 1e20} and three constant sets, N* and D* agree
    /// with the bracketed Brent reference (absolute tolerance 1e-13 in ln D) to 1e-12 relative: Brent's stopping
    /// tolerance allows ≈ 1e-13 in ln D, i.e. 1e-13 relative in D and ≤ 1e-13 in N = C/(6D + 2T); 1e-12 leaves
    /// 10× for rounding in the exp/log chain. The Newton path must also converge in at most 8 iterations (measured:
    /// 1–5) and report its final step (≤ 1e-13).
    @Test("Newton optimum equals the Brent reference to 1e-12 relative over 18 decades of budget")
    func agreesWithBrent() throws {
        for law in [ChinchillaLossLaw.chinchilla, .sardana, .epoch] {
            for C in try Grid.geom(1e15, 1e30, 120) {
                for T in [0, 1e6, 1e9, 1e13, 1e16, 1e20] {
                    // The solver itself, also where the optimum has N < 1 (which `fixedBudget` refuses).
                    let fast = try InferenceAware.fixedBudgetUnchecked(law: law, compute: C, inferenceTokens: T)
                    let reference = try InferenceAware.fixedBudgetReference(law: law, compute: C, inferenceTokens: T)
                    #expect(abs(fast.parameters / reference.parameters - 1) < 1e-12, "C = \(C), T = \(T)")
                    #expect(abs(fast.tokens / reference.tokens - 1) < 1e-12, "C = \(C), T = \(T)")
                    #expect(fast.convergence.iterations <= 8 && fast.convergence.finalWidth <= 1e-13)
                }
            }
        }
    }

    /// Optimality checked directly: moving D by ±1e-4 relative along the budget constraint (N = C/(6D + 2T)) never
    /// lowers the loss (up to 1e-15 relative rounding of L).
    @Test("Newton optimum is a minimum of the loss along the budget constraint")
    func isMinimumAlongConstraint() throws {
        let law = ChinchillaLossLaw.chinchilla
        for C in [1e19, 1e22, 1e25] {
            for T in [1e9, 1e13, 1e15] {
                let o = try InferenceAware.fixedBudget(law: law, compute: C, inferenceTokens: T)
                for factor in [1 - 1e-4, 1 + 1e-4] {
                    let D = o.tokens * factor
                    let loss = try law.loss(parameters: C / (6 * D + 2 * T), tokens: D)
                    #expect(loss >= o.loss * (1 - 1e-15), "C = \(C), T = \(T), factor \(factor)")
                }
            }
        }
    }
}
