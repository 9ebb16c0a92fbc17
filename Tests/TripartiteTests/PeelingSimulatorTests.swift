import Foundation
import ScalingCore
import TestSupport
import Testing

@testable import Tripartite

@Suite("Monte Carlo peeling simulator")
struct PeelingSimulatorTests {
    /// MC mean of δ (unlearned/R) against the corrected prediction away from the critical window: T/R ∈ {1, 3, 3.5}
    /// (ε > ε^BP: the decoder stalls near the DE fixed point x_ε in almost every trial) and T/R ∈ {5.5, 6} (P_B
    /// small), R = 1000, 300 repeats each (100 in the everyday tier). Tolerance 3·SE, SE the larger of the MC standard error and the model's
    /// own γ√(Q(1 − Q)/repeats) (the MC SE is 0 when no trial stalls). The T/R = 1 point checks the corrected stall
    /// prefactor; the published γ^BP prefactor is off there by > 0.4.
    @Test("MC peeling agrees with the corrected DE/finite-size prediction of δ away from the threshold within 3 SE")
    func agreesWithPrediction() throws {
        // 100 repeats in the everyday tier, 300 in the slow tier: the 3-SE band scales with the count.
        let repeats = TestTier.count(fast: 100, full: 300)
        for ratio in [1.0, 3.0, 3.5, 5.5, 6.0] {
            let graph = try ConceptTextGraph(concepts: 1000, texts: 1000 * ratio)
            let mc = try PeelingSimulator(graph: graph).simulate(repeats: repeats, seed: 20_241_001)
            let theory = try ConceptLearning.evaluate(graph, mode: .corrected)
            let se = max(mc.standardError, Self.modelSE(theory, repeats: repeats))
            #expect(
                abs(mc.meanUnlearnedFraction - theory.unlearnedFraction) <= 3 * se,
                "T/R = \(ratio): MC \(mc.meanUnlearnedFraction) ± \(mc.standardError) vs \(theory.unlearnedFraction)")
            if ratio == 1 {
                let published = try ConceptLearning.evaluate(graph, mode: .published)
                #expect(abs(mc.meanUnlearnedFraction - published.unlearnedFraction) > 0.4)
            }
        }
    }

    /// γ√(Q(1 − Q)/repeats): the spread of δ that the model itself implies (Bernoulli stalls of size γ/ε).
    static func modelSE(_ theory: ConceptLearningResult, repeats: Int) -> Double {
        let q = theory.blockErasureProbability
        return theory.stallErasure / theory.graph.erasure * (q * (1 - q) / Double(repeats)).squareRoot()
    }

    /// The finite-size prediction on a grid around the threshold (κ* ≈ 4.53): R ∈ {500, 1000, 2000} × T/R ∈
    /// {4, 4.5, 5}, 300 repeats per point.
    /// - Stall probability within 3 SE of the refined law Q(√n(ε^BP − βn^{−2/3} − ε)/α), SE = √(Q(1 − Q)/300) from
    ///   the model (0.013–0.029 here). The law is accurate to O(n^{−1/3}): with 3,000 repeats per point
    ///   (SE ≈ 0.009) its residual over this grid was 0.4–2.3 of those SEs (`ds3 tripartite simulate`,
    ///   2026-11-26), ≤ 0.73 SE at 300 repeats, so a 3-SE band keeps its meaning.
    /// - δ within 3 SE of the corrected prediction (refined law, stall residual averaged over the waterfall),
    ///   SE = max(MC SE, model SE). Measured |z| ≤ 1.3 on this grid.
    /// - The first-order law of the authors' code is rejected: with 3,000 repeats it was 8–16 SE off at these
    ///   points (2.2–5 SE at 300 repeats); here it must miss by more than 3 SE on at least 5 of the 9 points
    ///   (measured: 7).
    @Test(
        "Around the threshold, stall probability and δ follow the corrected finite-size prediction; first-order misses")
    func followsFiniteSizePredictionAroundThreshold() throws {
        // Everyday tier: R = 500 and 1,000 (the same 300 repeats and 3-SE tolerances; the first-order law must miss
        // on at least 3 of the 6 points — measured 5); slow tier: the full grid with R = 2,000 (≥ 5 of 9, measured 7).
        let repeats = 300
        var firstOrderMisses = 0
        let sizes: [Double] = TestTier.slow ? [500, 1000, 2000] : [500, 1000]
        for R in sizes {
            for ratio in [4.0, 4.5, 5.0] {
                let graph = try ConceptTextGraph(concepts: R, texts: R * ratio)
                let mc = try PeelingSimulator(graph: graph).simulate(repeats: repeats, seed: 20_261_126)
                let theory = try ConceptLearning.evaluate(graph)
                let refined = theory.blockErasureProbability
                let se = (refined * (1 - refined) / Double(repeats)).squareRoot()
                #expect(
                    abs(mc.stallProbability - refined) <= 3 * se,
                    "R = \(R), T/R = \(ratio): MC stall \(mc.stallProbability) vs refined \(refined) (SE \(se))")
                let seDelta = max(mc.standardError, Self.modelSE(theory, repeats: repeats))
                #expect(
                    abs(mc.meanUnlearnedFraction - theory.unlearnedFraction) <= 3 * seDelta,
                    "R = \(R), T/R = \(ratio): MC δ \(mc.meanUnlearnedFraction) vs \(theory.unlearnedFraction)")
                let firstOrder = try ConceptLearning.evaluate(graph, law: .firstOrder).blockErasureProbability
                let seFirst = (firstOrder * (1 - firstOrder) / Double(repeats)).squareRoot()
                if abs(mc.stallProbability - firstOrder) > 3 * seFirst { firstOrderMisses += 1 }
            }
        }
        let required = TestTier.slow ? 5 : 3
        #expect(
            firstOrderMisses >= required,
            "first-order law missed by > 3 SE at \(firstOrderMisses) of \(3 * sizes.count) points")
    }

    /// What a stalled graph leaves: inside the waterfall (R = 500, T/R = 4.75) a stalled graph has met a harder
    /// effective channel than ε, so it stops above the DE stall point at ε. The waterfall-averaged model must match
    /// the MC mean residual of the stalled trials within 3 SE (≈ 0.004 with ~170 stalls; the remaining bias
    /// measured with 3,000 repeats is 0.0047 ≈ 1.2 SE here, shrinking with R), while the DE prefactor at the
    /// nominal ε (`.fixedPoint`) is more than 10 SE (≈ 0.04) too low — the excess that made P_b ≈ γ P_B
    /// under-predict δ near the threshold.
    @Test("Residual of stalled graphs follows the waterfall-averaged DE stall point, not the DE point at ε")
    func stalledResidualFollowsWaterfallAverage() throws {
        let graph = try ConceptTextGraph(concepts: 500, texts: 500 * 4.75)
        let mc = try PeelingSimulator(graph: graph).simulate(repeats: 300, seed: 44)
        let stalled = try #require(mc.meanStalledFraction)
        let se = try #require(mc.stalledStandardError)
        let averaged = try ConceptLearning.evaluate(graph).stallErasure / graph.erasure
        let fixedPoint = try ConceptLearning.evaluate(graph, stall: .fixedPoint).stallErasure / graph.erasure
        #expect(abs(stalled - averaged) <= 3 * se, "MC \(stalled) ± \(se) vs waterfall average \(averaged)")
        #expect(stalled - fixedPoint > 10 * se, "MC \(stalled) ± \(se) vs DE at ε \(fixedPoint)")
    }

    @Test("Results do not depend on the number of threads; different seeds give different samples")
    func threadInvariance() throws {
        let sim = try PeelingSimulator(graph: try ConceptTextGraph(concepts: 300, texts: 1400))
        let one = try sim.simulate(repeats: 24, seed: 5, threads: 1)
        let two = try sim.simulate(repeats: 24, seed: 5, threads: 2)
        let five = try sim.simulate(repeats: 24, seed: 5, threads: 5)
        #expect(one == two && two == five)
        #expect(try sim.simulate(repeats: 24, seed: 6, threads: 2) != one)
    }

    /// Exact-count erasures (reference §8.4 variant, R = 1000, T = 6000: "never stalls") and the edge count:
    /// mean edges = T·K·p = T·R·(d_t/R) = 6T exactly in expectation; 3·SE of a sum of ~36000 Bernoullis over 40
    /// trials ≈ 3·√36000/√40 ≈ 90.
    @Test("Exact-count variant: no stalls at T = 6000; mean edge count equals d_t·T")
    func exactVariant() throws {
        let graph = try ConceptTextGraph(concepts: 1000, texts: 6000)
        let mc = try PeelingSimulator(graph: graph, erasureModel: .exact).simulate(repeats: 40, seed: 3)
        #expect(mc.stallProbability == 0)
        #expect(abs(mc.meanEdges - 36000) < 90)
    }
}
