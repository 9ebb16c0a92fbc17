import ComputeOptimal
import Foundation
import ScalingCore
import Testing

/// A loss law written outside the library: Chinchilla's additive form with its own storage.
private struct UserAdditiveLaw: LossLaw {
    let E: Double, A: Double, B: Double, alpha: Double, beta: Double
    func loss(parameters N: Double, tokens D: Double) throws(ParameterError) -> Double {
        E + A / Foundation.pow(N, alpha) + B / Foundation.pow(D, beta)
    }
    func infiniteDataLoss(parameters N: Double) throws(ParameterError) -> Double { E + A / Foundation.pow(N, alpha) }
}

@Suite("Training optimum of any loss law")
struct LawTrainingOptimumTests {
    /// Against the closed form (Hoffmann et al. 2022, Eq. 4): N* to 1e-9 relative (the first-order condition is
    /// solved to 1e-13 in ln N; the fourth-order difference puts the root within ~1e-10), the exponent a =
    /// β/(α + β) to 1e-8 (a secant over ±0.05 in ln C of an exact power law: only the solver's error remains,
    /// divided by 0.1). Measured worst over these 18 cases: N* 1.2e-11, a 1.1e-10.
    @Test(
        "Chinchilla, Epoch and a user's copy of Chinchilla reproduce the closed-form optimum",
        arguments: [1e18, 5.76e23, 1e27])
    func closedFormReproduced(compute C: Double) throws {
        for law in [ChinchillaLossLaw.chinchilla, ChinchillaLossLaw.epoch] {
            let exact = try law.computeOptimal(compute: C)
            let user = UserAdditiveLaw(E: law.E, A: law.A, B: law.B, alpha: law.alpha, beta: law.beta)
            for numeric in [try law.numericalOptimum(compute: C), try user.numericalOptimum(compute: C)] {
                #expect(abs(numeric.parameters / exact.parameters - 1) <= 1e-9, "C = \(C): \(numeric) vs \(exact)")
                #expect(abs(numeric.tokens / exact.tokens - 1) <= 1e-9)
                #expect(abs(numeric.loss - exact.loss) <= 1e-14 * exact.loss)
                #expect(abs(numeric.parameterExponent - exact.parameterExponent) <= 1e-8)
            }
        }
    }

    /// Kaplan's joint form has no closed-form compute optimum here: a uniform scan of 100,000 points in ln N never
    /// finds a lower loss on the same budget (1e-15 relative: rounding of the loss), and the optimum is interior.
    @Test("Kaplan's joint law: no point of a dense scan of the budget has a lower loss than the optimum")
    func kaplanOptimumBeatsDenseScan() throws {
        let law = KaplanLossLaw.kaplan2020
        for C in [1e19, 1e23] {
            let o = try law.numericalOptimum(compute: C)
            #expect(o.parameters > 1 && o.tokens > 1)
            let upper = Foundation.log(C / 6)
            var best = Double.infinity
            for k in 0...100_000 {
                let N = Foundation.exp(upper * Double(k) / 100_000)
                best = min(best, try law.loss(parameters: N, tokens: C / (6 * N)))
            }
            #expect(o.loss <= best * (1 + 1e-15), "C = \(C): optimum \(o.loss) vs scan \(best)")
        }
    }

    @Test("A budget below 6 FLOPs is refused, naming compute")
    func tinyBudgetRefused() throws {
        #expect(throws: ParameterError.self) { try ChinchillaLossLaw.chinchilla.numericalOptimum(compute: 1) }
    }
}
