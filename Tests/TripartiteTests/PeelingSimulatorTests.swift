import Foundation
import ScalingCore
import Testing

@testable import Tripartite

@Suite("Monte Carlo peeling simulator")
struct PeelingSimulatorTests {
    /// MC mean of δ (unlearned/R) against the corrected finite-size prediction on a grid around the threshold
    /// (κ* ≈ 4.53): T/R ∈ {3, 3.5, 5.5, 6} at R = 1000, 300 repeats each. Closer than ~0.7 to κ* the first-order
    /// law is biased by the omitted finite-length shift (T/R = 4: MC 0.811 ± 0.016 vs 0.752, 3.8 SE; see
    /// `nearThresholdShift`), so those points are not claimed here. Tolerance 3·SE, with SE the larger of
    /// the MC standard error and the model's own γ√(Q(1 − Q)/repeats) (the MC SE is 0 when no trial stalls).
    /// The T/R = 1 point (far above threshold) checks the density-evolution fixed point that the corrected mode
    /// uses as stall prefactor; the published γ^BP prefactor is off there by > 0.4.
    @Test("MC peeling agrees with the corrected finite-size/DE prediction within 3 SE around the threshold")
    func agreesWithPrediction() throws {
        let repeats = 300
        for ratio in [1.0, 3.0, 3.5, 5.5, 6.0] {
            let graph = try ConceptTextGraph(concepts: 1000, texts: 1000 * ratio)
            let mc = try PeelingSimulator(graph: graph).simulate(repeats: repeats, seed: 20_241_001)
            let theory = try ConceptLearning.evaluate(graph, mode: .corrected)
            let q = theory.blockErasureProbability
            let modelSE = theory.stallErasure / graph.erasure * (q * (1 - q) / Double(repeats)).squareRoot()
            let se = max(mc.standardError, modelSE)
            #expect(
                abs(mc.meanUnlearnedFraction - theory.unlearnedFraction) <= 3 * se,
                "T/R = \(ratio): MC \(mc.meanUnlearnedFraction) ± \(mc.standardError) vs \(theory.unlearnedFraction)")
            if ratio == 1 {
                let published = try ConceptLearning.evaluate(graph, mode: .published)
                #expect(abs(mc.meanUnlearnedFraction - published.unlearnedFraction) > 0.4)
            }
        }
    }

    /// Known limit of the first-order law (reference §9.3: the −βn^{−2/3} shift is omitted): within one waterfall
    /// width of the threshold the finite graph stalls more often than Q(√n(ε^BP − ε)/α) predicts. At R = 1000,
    /// T/R = 4.8 (ε^BP − ε ≈ 0.5α/√n) the MC stall probability exceeds the predicted Q by more than 2 SE
    /// (measured: 0.36 vs 0.27, SE 0.028). This records the bias rather than hiding it.
    @Test("Near threshold the first-order law underestimates stalling (omitted finite-length shift)")
    func nearThresholdShift() throws {
        let graph = try ConceptTextGraph(concepts: 1000, texts: 4800)
        let mc = try PeelingSimulator(graph: graph).simulate(repeats: 300, seed: 7)
        let theory = try ConceptLearning.evaluate(graph, mode: .corrected)
        #expect(mc.stallProbability - theory.blockErasureProbability > 2 * mc.stallStandardError)
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
