import Foundation
import ScalingCore
import Tripartite

/// Items (a) and (f) of the performance suite: the training theory.
public enum BenchTripartite {
    /// (a) The tripartite compute-optimal sweep as in the notebook (reference §7): 200 budgets F = 10^{2+18i/199},
    /// for each R* = argmax_R R_learned(R, F/R) on [max(1, 0.2√F), 0.6√F] by grid plus Brent, in `.published`
    /// mode (the code's α signs and γ^BP), independent budgets on `threads` cores.
    ///
    /// Checksum: Σ_F R*/√F.
    public static func sweep(threads: Int) throws -> BenchWork {
        let budgets = try TripartiteFigureData.notebookBudgets()
        let path = try ComputeOptimalTraining(mode: .published).path(graphComputes: budgets, threads: threads)
        let checksum = path.reduce(0.0) { $0 + $1.concepts / $1.graphCompute.squareRoot() }
        return BenchWork(units: Double(budgets.count), checksum: checksum)
    }

    /// (a) on the reference path: every grid point of the R search and of each threshold scan evaluated
    /// (`ComputeOptimalTraining.optimumReference`); same budgets, same results bit for bit.
    package static func sweepReference(threads: Int) throws -> BenchWork {
        let budgets = try TripartiteFigureData.notebookBudgets()
        let model = try ComputeOptimalTraining(mode: .published)
        let path = try Parallel.map(count: budgets.count, threads: threads) { i in
            try model.optimumReference(graphCompute: budgets[i])
        }
        let checksum = path.reduce(0.0) { $0 + $1.concepts / $1.graphCompute.squareRoot() }
        return BenchWork(units: Double(budgets.count), checksum: checksum)
    }

    /// The graph of item (f): R = 10⁶ concepts to learn (n = 2·10⁶ concept nodes), T = 5·10⁶ texts, d_t = 6,
    /// ε = 0.5 — about 3·10⁷ edges between texts and unknown concepts per trial, just above threshold
    /// (ε^BP ≈ 0.5096), so peeling runs to completion.
    public static func peelingGraph() throws -> ConceptTextGraph {
        try ConceptTextGraph(concepts: 1e6, texts: 5e6, textDegree: 6, erasure: 0.5)
    }

    /// Trials per run of item (f): one per core on this 2-core machine.
    public static let peelingTrials = 2

    /// (f) The peeling simulator on a 10⁶-concept graph: `peelingTrials` independent trials (seeded streams) on the
    /// fast path (`PeelingSimulator.simulateFast`), each sampling the graph (geometric skipping, concept-major),
    /// storing the concept → texts lists and peeling with per-text (count, XOR) state. Work unit: one edge of a
    /// sampled graph (generated, stored and peeled once).
    ///
    /// Checksum: mean unlearned fraction.
    public static func peeling(threads: Int) throws -> BenchWork { try peeling(threads: threads, fast: true) }

    /// (f) on the step-by-step reference simulator (`PeelingSimulator.simulate`), for comparison.
    package static func peelingReference(threads: Int) throws -> BenchWork {
        try peeling(threads: threads, fast: false)
    }

    static func peeling(threads: Int, fast: Bool) throws -> BenchWork {
        let sim = try PeelingSimulator(graph: try peelingGraph())
        let summary =
            fast
            ? try sim.simulateFast(repeats: peelingTrials, seed: 8, threads: threads)
            : try sim.simulate(repeats: peelingTrials, seed: 8, threads: threads)
        return BenchWork(
            units: summary.meanEdges * Double(peelingTrials), checksum: summary.meanUnlearnedFraction)
    }
}
