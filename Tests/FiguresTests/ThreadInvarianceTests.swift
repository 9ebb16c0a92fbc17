import Figures
import Foundation
import ScalingCore
import TestSupport
import Testing

/// Parallel speed-ups must not change a single byte: every figure whose computation runs on several threads
/// (`Parallel.map`) gives the same CSV on one thread as on two.
@Suite("Thread-count invariance of the parallel figures")
struct ThreadInvarianceTests {
    /// Every registered figure whose computation runs on several threads (`Parallel.map`, found by grep for its
    /// callers): the Monte Carlo peeling figure, those built on the compute-optimal frontier
    /// (`ComputeOptimalTraining.path`), and the DS3/allocation figures that split grid points or budgets over the
    /// cores (F6, F7, F12, F13, F14, F19, F21, the Pareto frontier).
    static let allParallelFigures = [
        "proj-peeling-mc", "tri-A-a", "tri-A-b", "tri-B-c", "ds3-F6", "ds3-F7", "ds3-F12", "ds3-F13", "ds3-F14",
        "ds3-F19", "ds3-F21", "proj-pareto",
    ]
    /// Every day, all but the two costliest one-thread recomputations (ds3-F19's population grid, whose parallel
    /// rows `TripartiteLinkGridTests` also checks across thread counts, and the peeling Monte Carlo, whose chunked
    /// simulator `DeterminismTests` checks); the slow tier runs all twelve.
    static let parallelFigures =
        TestTier.slow ? allParallelFigures : allParallelFigures.filter { !["ds3-F19", "proj-peeling-mc"].contains($0) }

    /// The two-thread table is the shared one of the golden test (the test process has two or more threads by
    /// default; `Parallel.withThreads(2)` would compute the same bytes again); the one-thread table is computed here.
    @Test("One-thread and two-thread computations write byte-identical CSVs", arguments: parallelFigures)
    func threadInvariantCSV(id: String) throws {
        let figure = try FigureRegistry.figure(id: id)
        let shared = try FigureTables.test(id)
        let sharedThreads = Parallel.defaultThreads
        let one = try Parallel.withThreads(1) { try FigureRegistry.table(for: figure, resolution: .test) }
        if sharedThreads >= 2 {
            #expect(try one.csv() == shared.csv(), "\(id): CSV differs between 1 and \(sharedThreads) threads")
        } else {
            let two = try Parallel.withThreads(2) { try FigureRegistry.table(for: figure, resolution: .test) }
            #expect(try one.csv() == two.csv(), "\(id): CSV differs between 1 and 2 threads")
        }
        #expect(shared.rowCount > 0)
    }

    @Test("withThreads sets the thread count for the calling task only and rejects a count below 1")
    func withThreadsScopesTheCount() throws {
        let outside = Parallel.defaultThreads
        try Parallel.withThreads(1) { #expect(Parallel.defaultThreads == 1) }
        try Parallel.withThreads(3) { #expect(Parallel.defaultThreads == 3) }
        #expect(Parallel.defaultThreads == outside)
        #expect(throws: ParameterError.self) { try Parallel.withThreads(0) {} }
    }
}
