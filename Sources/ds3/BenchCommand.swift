import ArgumentParser
import Figures
import Foundation
import ScalingCore

/// `ds3 bench`: the fixed performance suite of issue 8. Meant for a release build (`swift build -c release`).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the performance suite: median wall time, throughput and peak memory per item.",
        discussion: """
            Items: (a) tripartite compute-optimal sweep, (b) tripartite DS3 population grid, (c) training-only and \
            inference-aware optima, (d) DS3 joint optima, (e) exact majority voting, (f) peeling simulator, \
            (g) traversal simulator, (h) 'ds3 figures all' as a child process. Parallel items are also timed on one \
            thread and report the speed-up. Build with 'swift build -c release' first: debug timings mean nothing. \
            DS3KIT_THREADS sets the thread count of the main measurement.
            """
    )

    @Option(help: "Timed runs per item (the median is reported); one extra warm-up run when more than 1.")
    var repeats: Int = 5

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Option(help: "Comma-separated item ids to run (e.g. a,f,h); all when omitted.")
    var only: String?

    func validate() throws {
        guard repeats >= 1, repeats <= 1000 else {
            throw ValidationError("--repeats must be between 1 and 1000, got \(repeats)")
        }
        _ = try items()
    }

    /// The items named by `--only` (all when omitted).
    func items() throws -> [BenchItem] {
        let ids = (only ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if only != nil, ids.isEmpty { throw ValidationError("--only needs at least one item id (a–h)") }
        return try BenchCatalog.select(ids)
    }

    func run() throws {
        let items = try items()
        let threads = Parallel.defaultThreads
        var results: [BenchResult] = []
        for item in items {
            let result = try BenchRunner.run(item, repeats: repeats, threads: threads)
            results.append(result)
            if format == .table { print(Self.line(result)) }
        }
        if format != .table { try Self.record(results, threads: threads).emit(format) }
    }

    /// One table row, printed as soon as the item finishes.
    static func line(_ r: BenchResult) -> String {
        var parts = [
            "(\(r.id)) \(r.name)",
            "  median \(seconds(r.medianSeconds)) (min \(seconds(r.minSeconds)), CPU \(seconds(r.medianCPUSeconds)); "
                + "\(r.repeats) runs, \(r.threads) threads)",
            "  throughput \(short(r.throughput)) \(r.unit)/s, \(seconds(r.secondsPerUnit)) per \(singular(r.unit))",
            "  peak memory \(String(format: "%.1f", r.peakBytes / 1_048_576)) MB",
        ]
        if let one = r.oneThreadMedianSeconds, let speedup = r.speedup, let perCore = r.oneThreadThroughput,
            let cpu = r.oneThreadMedianCPUSeconds
        {
            parts.append(
                "  1 thread \(seconds(one)) (CPU \(seconds(cpu))): \(short(perCore)) \(r.unit)/s per core "
                    + "(\(short(r.units / cpu)) per CPU-second), speed-up \(String(format: "%.2f", speedup))×")
        }
        parts.append("  checksum \(Table.format(r.checksum))")
        return parts.joined(separator: "\n")
    }

    static func short(_ x: Double) -> String { String(format: "%.3g", x) }

    static func singular(_ unit: String) -> String { unit.hasSuffix("s") ? String(unit.dropLast()) : unit }

    /// Seconds in a readable unit (s, ms, µs, ns).
    static func seconds(_ s: Double) -> String {
        if s >= 1 { return String(format: "%.3f s", s) }
        if s >= 1e-3 { return String(format: "%.3f ms", s * 1e3) }
        if s >= 1e-6 { return String(format: "%.3f µs", s * 1e6) }
        return String(format: "%.1f ns", s * 1e9)
    }

    static func record(_ results: [BenchResult], threads: Int) throws -> Record {
        var root = Record()
        root.add("cores", ProcessInfo.processInfo.activeProcessorCount)
        root.add("threads", threads)
        root.add("memory_bytes", Double(ProcessInfo.processInfo.physicalMemory))
        var items: [Record.Value] = []
        for r in results {
            var item = Record()
            item.add("id", r.id)
            item.add("name", r.name)
            item.add("unit", r.unit)
            item.add("repeats", r.repeats)
            item.add("threads", r.threads)
            item.add("median_s", r.medianSeconds)
            item.add("min_s", r.minSeconds)
            item.add("cpu_s", r.medianCPUSeconds)
            item.add("units", r.units)
            item.add("throughput_per_s", r.throughput)
            item.add("seconds_per_unit", r.secondsPerUnit)
            item.add("peak_bytes", r.peakBytes)
            if let one = r.oneThreadMedianSeconds, let speedup = r.speedup {
                item.add("one_thread_median_s", one)
                if let cpu = r.oneThreadMedianCPUSeconds { item.add("one_thread_cpu_s", cpu) }
                item.add("speedup", speedup)
            }
            item.add("checksum", r.checksum)
            items.append(.record(item))
        }
        root.add("items", items)
        return root
    }
}
