import Foundation
import ScalingCore

/// The fixed performance suite of issue 8, in order (a)–(h).
public enum BenchCatalog {
    /// Every item. `executable` is the `ds3` binary that item (h) runs as a child process.
    public static func items(executable: String = BenchChildProcess.currentExecutable) -> [BenchItem] {
        [
            BenchItem(
                id: "a", name: "tripartite compute-optimal sweep, 200 budgets (notebook grid)", unit: "budgets",
                parallel: true, body: BenchTripartite.sweep),
            BenchItem(
                id: "b", name: "tripartite DS3 population grid, 50 C_tr x 60 C_inf (released F19 grid)",
                unit: "grid points", parallel: true, body: BenchDS3.populationGrid),
            BenchItem(
                id: "c1", name: "1,000 training-only optima (Chinchilla closed form)", unit: "optima", parallel: false,
                body: BenchDS3.trainingOptima),
            BenchItem(
                id: "c2", name: "1,000 inference-aware optima (fixed budget, T = 1e13, safeguarded Newton)",
                unit: "optima",
                parallel: false, body: BenchDS3.inferenceAwareOptima),
            BenchItem(
                id: "d", name: "100 DS3 joint optima over (N, D, Omega) (F13 population, I = 1e9)", unit: "optima",
                parallel: true, body: BenchDS3.jointOptima),
            BenchItem(
                id: "e", name: "exact majority voting, N = 1e4 samples, 10 answers", unit: "evaluations",
                parallel: false, body: BenchDS3.exactVoting),
            BenchItem(
                id: "f", name: "peeling simulator, R = 1e6 concepts, T = 5e6 texts (2 trials)", unit: "edges",
                parallel: true, body: BenchTripartite.peeling),
            BenchItem(
                id: "g", name: "traversal simulator, chain-of-thought, m = 10, r = 0.05, 5e4 queries (~1e7 steps)",
                unit: "steps", parallel: true, body: BenchDS3.traversal),
            BenchItem(
                id: "h", name: "ds3 figures all, paper resolution (child process)", unit: "figures",
                parallel: false, body: { _ in try figuresAll(executable: executable, resolution: "full") }),
        ].sorted { $0.id < $1.id }
    }

    /// Extra items run only when named with `--only`: the step-by-step reference simulators that the fast paths
    /// of (f) and (g) are checked against.
    public static func referenceItems() -> [BenchItem] {
        [
            BenchItem(
                id: "h-test", name: "ds3 figures all --resolution test (child process)", unit: "figures",
                parallel: false,
                body: { _ in try figuresAll(executable: BenchChildProcess.currentExecutable, resolution: "test") }),
            BenchItem(
                id: "a-ref", name: "compute-optimal sweep as a, full scans (optimumReference, solveReference)",
                unit: "budgets", parallel: true, body: BenchTripartite.sweepReference),
            BenchItem(
                id: "c1-ref", name: "training-only optima as c1, one computeOptimal(compute:) call each",
                unit: "optima",
                parallel: false, body: BenchDS3.trainingOptimaReference),
            BenchItem(
                id: "c-grid", name: "the budget grid of c alone, geom(1e18, 1e26, 1000)", unit: "budgets",
                parallel: false, body: BenchDS3.optimaBudgetGrid),
            BenchItem(
                id: "b-ref", name: "population grid as b, one TripartiteLink.population call per point",
                unit: "grid points", parallel: true, body: BenchDS3.populationGridReference),
            BenchItem(
                id: "g-ref", name: "traversal simulator as g, step-by-step reference", unit: "steps",
                parallel: true, body: BenchDS3.traversalReference),
            BenchItem(
                id: "f-ref", name: "peeling simulator, step-by-step reference (same graph as f)", unit: "edges",
                parallel: true, body: BenchTripartite.peelingReference),
        ]
    }

    /// The items whose ids are listed (all when `ids` is empty).
    ///
    /// - Throws: `ParameterError` naming an unknown id.
    public static func select(_ ids: [String], executable: String = BenchChildProcess.currentExecutable) throws
        -> [BenchItem]
    {
        let all = items(executable: executable)
        guard !ids.isEmpty else { return all }
        let known = all + referenceItems()
        var chosen: [BenchItem] = []
        for id in ids {
            // "c" selects c1 and c2.
            let matches = known.filter { item in
                item.id == id || (item.id.hasPrefix(id) && item.id.dropFirst(id.count).allSatisfy(\.isNumber))
            }
            guard !matches.isEmpty else {
                throw ParameterError(
                    parameter: "--only", value: id, validRange: known.map(\.id).joined(separator: ","))
            }
            chosen += matches.filter { m in !chosen.contains { $0.id == m.id } }
        }
        return chosen
    }

    /// (h) `ds3 figures all --out <temporary directory>` as a child process. Work unit: one figure.
    static func figuresAll(executable: String, resolution: String) throws -> BenchWork {
        let directory = NSTemporaryDirectory() + "ds3kit-bench-figures-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let child = try BenchChildProcess.run(
            executable, ["figures", "all", "--out", directory, "--resolution", resolution])
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let csvs = files.filter { $0.hasSuffix(".csv") }.count
        return BenchWork(
            units: Double(csvs), checksum: Double(FigureRegistry.all.count), childPeakBytes: child.peakBytes,
            childCPUSeconds: child.cpuSeconds)
    }
}
