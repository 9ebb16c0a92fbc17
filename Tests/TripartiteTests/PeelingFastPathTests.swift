import Foundation
import ScalingCore
import TestSupport
import Testing

@testable import Tripartite

/// The fast peeling path (`PeelingSimulator.fastTrial`, concept-major edges and per-text (count, XOR) state) must
/// sample the same graph distribution and reach the same decoder outcome as the step-by-step reference
/// (`PeelingSimulator.trial`). They use random numbers in a different order, so they are compared in distribution.
@Suite("Peeling simulator: fast path vs step-by-step reference")
struct PeelingFastPathTests {
    /// Mean unlearned fraction, stall probability and mean edge count of the two paths on graphs below, near and
    /// above the threshold (κ* ≈ 4.53 texts per concept), R = 600, 400 trials each, different seeds per path so
    /// the samples are independent. Tolerance: 4 standard errors of the difference of two independent means,
    /// SE = √(SE₁² + SE₂²) (a false alarm has probability ≈ 6e-5 per comparison). When both SEs are 0 (no
    /// trial stalls, or all do) the means must be equal.
    @Test("Fast and reference peeling agree in mean unlearned fraction, stall rate and edges within 4 SE")
    func agreeInDistribution() throws {
        // 150 trials per path in the everyday tier, 400 in the slow tier: the 4-SE band scales with the count.
        let repeats = TestTier.count(fast: 150, full: 400)
        let k = 4.0
        for ratio in [1.0, 3.0, 4.5, 6.0] {
            let graph = try ConceptTextGraph(concepts: 600, texts: 600 * ratio)
            let sim = try PeelingSimulator(graph: graph)
            let reference = try sim.simulate(repeats: repeats, seed: 101)
            let fast = try sim.simulateFast(repeats: repeats, seed: 202)
            let se = (reference.standardError * reference.standardError + fast.standardError * fast.standardError)
                .squareRoot()
            #expect(
                abs(fast.meanUnlearnedFraction - reference.meanUnlearnedFraction) <= k * se,
                """
                T/R = \(ratio): fast \(fast.meanUnlearnedFraction) ± \(fast.standardError), \
                reference \(reference.meanUnlearnedFraction) ± \(reference.standardError)
                """)
            let stallSE =
                (reference.stallStandardError * reference.stallStandardError
                + fast.stallStandardError * fast.stallStandardError).squareRoot()
            #expect(abs(fast.stallProbability - reference.stallProbability) <= k * stallSE, "T/R = \(ratio)")
            // Edges per trial: a sum of T·n Bernoulli(εp) pairs (K ~ Bin(n, ε) unknowns, each pair p), mean
            // μ = T·n·ε·p; its variance is at most μ(1 + T p) (the Bernoulli part plus the spread of K), so the
            // SE of a mean over `repeats` trials is below √(μ(1 + Tp)/repeats).
            let mu = graph.texts * graph.conceptNodes * graph.erasure * graph.edgeProbability
            let edgeSE = (mu * (1 + graph.texts * graph.edgeProbability) / Double(repeats)).squareRoot()
            #expect(abs(fast.meanEdges - mu) <= k * edgeSE, "T/R = \(ratio): fast edges \(fast.meanEdges) vs \(mu)")
            #expect(abs(reference.meanEdges - mu) <= k * edgeSE, "T/R = \(ratio): reference edges")
        }
    }

    /// Exactly R unknown concepts (`.exact`): the only randomness is the graph. Same comparison, 4·SE.
    @Test("Fast and reference agree with exact-count erasures near threshold within 4 SE")
    func agreeExactErasures() throws {
        let graph = try ConceptTextGraph(concepts: 800, texts: 800 * 4.6)
        let sim = try PeelingSimulator(graph: graph, erasureModel: .exact)
        let reference = try sim.simulate(repeats: 300, seed: 11)
        let fast = try sim.simulateFast(repeats: 300, seed: 12)
        let se = (reference.standardError * reference.standardError + fast.standardError * fast.standardError)
            .squareRoot()
        #expect(se > 0, "near threshold some trials stall and some do not")
        #expect(abs(fast.meanUnlearnedFraction - reference.meanUnlearnedFraction) <= 4 * se)
    }

    /// Deterministic graphs, where both paths must give the same trial exactly: with p = 1 (R ≤ d_t) every text
    /// holds every unknown concept, so peeling learns everything when K = 1 and nothing when K ≥ 2 (no text has a
    /// single unknown); with T = 1 and a tiny p the graph is almost surely empty.
    @Test("Fast and reference give identical trials on deterministic graphs (p = 1)")
    func deterministicGraphs() throws {
        for (R, T) in [(1.0, 4.0), (2.0, 5.0), (5.0, 3.0)] {
            let graph = try ConceptTextGraph(concepts: R, texts: T, textDegree: 6, erasure: 1)
            let sim = try PeelingSimulator(graph: graph, erasureModel: .exact)
            var a = Xoshiro256StarStar(seed: 1)
            var b = Xoshiro256StarStar(seed: 1)
            let reference = sim.trial(rng: &a)
            let fast = sim.fastTrial(rng: &b)
            #expect(fast == reference, "R = \(R), T = \(T)")
            #expect(fast.edges == Int(R * T))
            #expect(fast.unlearned == (R == 1 ? 0 : Int(R)))
        }
    }

    @Test("Fast path: results do not depend on the number of threads")
    func threadInvariance() throws {
        let sim = try PeelingSimulator(graph: try ConceptTextGraph(concepts: 300, texts: 1400))
        let one = try sim.simulateFast(repeats: 24, seed: 5, threads: 1)
        let two = try sim.simulateFast(repeats: 24, seed: 5, threads: 2)
        let seven = try sim.simulateFast(repeats: 24, seed: 5, threads: 7)
        #expect(one == two && two == seven)
        #expect(try sim.simulateFast(repeats: 24, seed: 6, threads: 2) != one)
    }

    /// Far below threshold, learning rate ~ 0 and an almost empty graph: T = 1 text, R = 10⁵ concepts
    /// (p = 6e-5, about 3 edges expected). Each trial's counts must be consistent (0 ≤ unlearned ≤ unknown).
    @Test("Fast path handles sparse and one-text graphs")
    func sparseGraphs() throws {
        let sim = try PeelingSimulator(graph: try ConceptTextGraph(concepts: 1e5, texts: 1))
        var rng = Xoshiro256StarStar(seed: 3)
        for _ in 0..<20 {
            let trial = sim.fastTrial(rng: &rng)
            #expect(trial.unlearned >= 0 && trial.unlearned <= trial.unknown)
            #expect(trial.unknown - trial.unlearned <= trial.edges, "each learned concept needs an edge")
        }
    }
}
