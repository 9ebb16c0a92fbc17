import ComputeOptimal
import RealModule
import ScalingCore
import Testing

@Suite("Exponent windows and Pareto frontier")
struct ExponentsAndFrontierTests {
    @Test("Exponent window: optimal accuracy crosses 0.01 and 0.99 at its ends, and exponents sum to one")
    func exponentWindow() throws {
        let model = try BridgeAccuracyModel(law: .chinchilla, tasks: [.init(m: 80, L0: 3)], slope: 20)
        let fit = try SingleQueryExponents(model: model, minimumTokens: 80 * 25)
        let low = try SingleQueryOptimum(model: model, compute: fit.lowCompute, minimumTokens: 80 * 25)
        let high = try SingleQueryOptimum(model: model, compute: fit.highCompute, minimumTokens: 80 * 25)
        // Root tolerance 1e-6 in ln C with d acc/d ln C ≲ 10 here: accuracy within 1e-5 of the level.
        #expect(abs(low.accuracy - 0.01) <= 1e-5)
        #expect(abs(high.accuracy - 0.99) <= 1e-5)
        // Ω = C/(2N) ⇒ the least-squares slopes sum to 1 exactly (rounding 1e-9).
        #expect(abs(fit.parameters.exponent + fit.tokens.exponent - 1) <= 1e-9)
        // Same window as the notes' single-task fit (log10 C ≈ 11.05–11.12, slope 0.48, 2 decimals).
        #expect(abs(Double.log10(fit.lowCompute) - 11.05) <= 0.01)
        #expect(abs(Double.log10(fit.highCompute) - 11.12) <= 0.01)
        #expect(abs(fit.parameters.exponent - 0.48) <= 0.01)
    }

    @Test("Skills harder than the irreducible loss swing the optimum to tokens (token exponent → 1)")
    func hardestSkillsFavourTokens() throws {
        // L0 = 1.5 < E = 1.69: r = σ(20 (L0 − L)) ≤ σ(20 (1.5 − 1.69)) whatever N, so parameters cannot help
        // (DS3 notes §5.4 reading). The token exponent must exceed 0.95.
        let model = try BridgeAccuracyModel(law: .chinchilla, tasks: [.init(m: 10, L0: 1.5)], slope: 20)
        let fit = try SingleQueryExponents(model: model, minimumTokens: 10 * 25, points: 5, gridPoints: 128)
        #expect(fit.tokens.exponent > 0.95)
    }

    @Test("Pareto frontier keeps exactly the non-dominated points")
    func paretoFrontier() {
        let cost = [1.0, 2, 2, 3, 4, 4]
        let value = [0.1, 0.3, 0.2, 0.3, 0.5, 0.5]
        // (2, 0.2) is dominated by (2, 0.3); (3, 0.3) by (2, 0.3); the two (4, 0.5) tie and both stay.
        #expect(ParetoFrontier.indices(cost: cost, value: value) == [0, 1, 4, 5])
    }
}
