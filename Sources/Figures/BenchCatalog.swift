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
                id: "f", name: "peeling simulator, R = 1e6 concepts, T = 5e6 texts (2 trials)", unit: "edges",
                parallel: true, body: BenchTripartite.peeling),
            BenchItem(
                id: "h", name: "ds3 figures all (child process)", unit: "figures", parallel: false,
                body: { _ in try figuresAll(executable: executable) }),
        ].sorted { $0.id < $1.id }
    }

    /// Extra items run only when named with `--only`: the step-by-step reference simulators that the fast paths
    /// of (f) and (g) are checked against.
    public static func referenceItems() -> [BenchItem] {
        [
            BenchItem(
                id: "f-ref", name: "peeling simulator, step-by-step reference (same graph as f)", unit: "edges",
                parallel: true, body: BenchTripartite.peelingReference)
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
        return try ids.map { id in
            guard let item = known.first(where: { $0.id == id }) else {
                throw ParameterError(
                    parameter: "--only", value: id, validRange: known.map(\.id).joined(separator: ","))
            }
            return item
        }
    }

    /// (h) `ds3 figures all --out <temporary directory>` as a child process. Work unit: one figure.
    static func figuresAll(executable: String) throws -> BenchWork {
        let directory = NSTemporaryDirectory() + "ds3kit-bench-figures-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let child = try BenchChildProcess.run(executable, ["figures", "all", "--out", directory])
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let csvs = files.filter { $0.hasSuffix(".csv") }.count
        return BenchWork(
            units: Double(csvs), checksum: Double(FigureRegistry.all.count), childPeakBytes: child.peakBytes,
            childCPUSeconds: child.cpuSeconds)
    }
}
