import Foundation
import ScalingCore
import Testing
import Tripartite

/// Issue 23: silent wrong answers of the concept layer at extreme graph sizes and on dense graphs.
@Suite("Concept learning on huge and on dense graphs")
struct ExtremeGraphTests {
    /// The n → ∞ limit above threshold: the Poisson density-evolution fixed point x* = ε exp(−d_s e^{−d̄_t x*}),
    /// iterated from x = ε, leaves δ = L(y*) unlearned (P_B = 1, γ = ε L(y*)), with L the node-perspective degree
    /// generating function of concepts conditioned on degree ≥ 1 (as the model's `nodeL`):
    /// L(y) = (e^{−d_s(1−y)} − e^{−d_s})/(1 − e^{−d_s}), 1 − y = e^{−d̄_t x*}.
    static func poissonStallLimit(textsPerConcept: Double, textDegree: Double = 6, erasure: Double = 0.5) -> Double {
        let ds = textDegree * textsPerConcept
        let dt = textDegree / erasure
        var x = erasure
        for _ in 0..<100_000 { x = erasure * exp(-ds * exp(-dt * x)) }
        return (exp(-ds * exp(-dt * x)) - exp(-ds)) / (1 - exp(-ds))
    }

    @Test("At R = T = 3.2e36 (the old optimum at 1e85 FLOPs) the unlearned fraction is the DE stall limit 0.98, not 0")
    func hugeGraphAboveThreshold() throws {
        let R = 3.227486121839514e36
        let graph = try ConceptTextGraph(concepts: R, texts: R)
        let result = try ConceptLearning.evaluate(graph)
        // Independent value: 0.98370 (Poisson DE; Monte Carlo at R = T = 2e4 gives 0.98317 ± 0.0012).
        // The binomial ensemble differs from its Poisson limit by O(d_t/R) = 1e-36 and Brent's fixed point is
        // accurate to 1e-13, so 1e-9 is loose.
        let limit = Self.poissonStallLimit(textsPerConcept: 1)
        #expect(abs(limit - 0.98370) < 1e-4)
        #expect(abs(result.unlearnedFraction - limit) < 1e-9)
    }

    @Test("Compute-optimal training from 1e39 to 1e308 FLOPs gives T/R at the Poisson critical ratio, no GSL error")
    func hugeBudgets() throws {
        let model = try ComputeOptimalTraining()
        let kappa = try ComputeOptimalTraining.criticalTextsPerConcept()
        for C in [1e39, 1e41, 1e60, 1e80, 1e85, 1e308] {
            let o = try model.optimum(flops: C)
            // Above threshold nothing is learned (the limit above), so the optimum stays at or below it: ε^BP ≥ ε
            // up to the finite-size shift, which is < 1e-6 from 1e39 FLOPs (R ≳ 1e13) on.
            #expect(o.learning.threshold.epsilon >= 0.5 - 1e-6, "C = \(C)")
            #expect(o.learning.unlearnedFraction < 1e-6, "C = \(C)")
            // The grid over R has a step of 0.9√F/159, about 1.2 % of R* ≈ √(F/κ*); with Brent on a step-like
            // objective T/R lands within two steps of κ* (3 % allows for the finite-size offset at 1e39).
            #expect(
                abs(o.texts / o.concepts / kappa - 1) < 0.03, "C = \(C): T/R = \(o.texts / o.concepts), κ* = \(kappa)")
        }
    }

    @Test("A dense graph (d_t = R: every text holds every concept) is predicted all unlearned, as simulated")
    func denseGraph() throws {
        let graph = try ConceptTextGraph(concepts: 100, texts: 500, textDegree: 100)
        let predicted = try ConceptLearning.evaluate(graph).unlearnedFraction
        let mc = try PeelingSimulator(graph: graph).simulate(repeats: 20, seed: 1, threads: 1)
        // Independent value: with p = 1 a text has about 100 unknown concepts, never exactly one, so peeling cannot
        // start and every concept stays unknown. The simulator normalises by R while the number erased is
        // Binomial(200, 1/2), so its mean is 1 ± its standard error; allow 4 standard errors.
        #expect(predicted > 0.999)
        #expect(abs(predicted - mc.meanUnlearnedFraction) <= 4 * mc.standardError + 1e-3)
        // The same for d_t = 40 (p = 0.4), where λ(1 − ρ(1 − ε)) also rounds to 1.
        let dense = try ConceptTextGraph(concepts: 100, texts: 1000, textDegree: 40)
        #expect(try ConceptLearning.evaluate(dense).unlearnedFraction > 0.99)
    }
}
