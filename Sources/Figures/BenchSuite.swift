import Foundation
import ScalingCore

/// What one run of a benchmark item did: how many units of work (budgets, grid points, optima, edges, steps), a
/// checksum of the results (so the work cannot be optimised away, and so another implementation can be checked to
/// compute the same thing), and, for items run as a child process, the child's own peak memory.
public struct BenchWork: Sendable, Equatable {
    /// Units of work done in one run (the throughput's numerator).
    public let units: Double
    /// A number summarising the results (e.g. the sum of R* over a sweep).
    public let checksum: Double
    /// Peak resident memory of a child process in bytes, when the item runs one.
    public let childPeakBytes: Double?
    /// CPU time (user + system) of a child process in seconds, when the item runs one.
    public let childCPUSeconds: Double?

    public init(units: Double, checksum: Double, childPeakBytes: Double? = nil, childCPUSeconds: Double? = nil) {
        self.units = units
        self.checksum = checksum
        self.childPeakBytes = childPeakBytes
        self.childCPUSeconds = childCPUSeconds
    }
}

/// One item of the performance suite (issue 8, items (a)–(h)).
public struct BenchItem: Sendable {
    /// Short id: "a" … "h".
    public let id: String
    /// What is measured, in a few words.
    public let name: String
    /// Unit of the throughput (per second).
    public let unit: String
    /// True when the item runs independent work on several cores and is also timed on one core.
    public let parallel: Bool
    /// Runs the item once on `threads` threads. Setup that a user would do once (building a model) belongs inside:
    /// the item times a whole, realistic call.
    public let body: @Sendable (_ threads: Int) throws -> BenchWork

    public init(
        id: String, name: String, unit: String, parallel: Bool, body: @escaping @Sendable (Int) throws -> BenchWork
    ) {
        self.id = id
        self.name = name
        self.unit = unit
        self.parallel = parallel
        self.body = body
    }
}

/// The measured figures of one item.
public struct BenchResult: Sendable, Equatable {
    public let id: String
    public let name: String
    public let unit: String
    /// Timed repeats (after one untimed warm-up run when repeats > 1).
    public let repeats: Int
    /// Threads of the main measurement.
    public let threads: Int
    /// Median wall time of one run, seconds.
    public let medianSeconds: Double
    /// Fastest run, seconds.
    public let minSeconds: Double
    /// Median CPU time (user + system, all threads; the child's for a child-process item) of one run, seconds. On a
    /// shared machine this is less sensitive to other load than wall time.
    public let medianCPUSeconds: Double
    /// Units of work per run.
    public let units: Double
    /// Peak resident memory while the item ran (its child's own peak for a child-process item), bytes.
    public let peakBytes: Double
    /// Median wall time on one thread (parallel items only).
    public let oneThreadMedianSeconds: Double?
    /// Median CPU time of a one-thread run (parallel items only): units/this is the per-core throughput with the
    /// least interference from other load.
    public let oneThreadMedianCPUSeconds: Double?
    /// The results' checksum.
    public let checksum: Double

    /// Units per second at `threads` threads.
    public var throughput: Double { units / medianSeconds }
    /// Seconds per unit at `threads` threads.
    public var secondsPerUnit: Double { medianSeconds / units }
    /// Units per second on one thread (parallel items), i.e. per core.
    public var oneThreadThroughput: Double? { oneThreadMedianSeconds.map { units / $0 } }
    /// One-thread time over `threads`-thread time.
    public var speedup: Double? { oneThreadMedianSeconds.map { $0 / medianSeconds } }
}

/// Runs benchmark items: wall time by the monotonic clock, median over repeats, peak memory from the kernel's
/// high-water mark (reset before each item where Linux allows it).
public enum BenchRunner {
    /// Median of a non-empty list (mean of the two middle values for an even count).
    public static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return .nan }
        let mid = s.count / 2
        return s.count % 2 == 1 ? s[mid] : 0.5 * (s[mid - 1] + s[mid])
    }

    /// User + system CPU time of this process so far, seconds.
    public static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }

    /// Times `repeats` runs of `body` after one warm-up run (skipped when repeats = 1).
    static func time(repeats: Int, _ body: () throws -> BenchWork) throws
        -> (seconds: [Double], cpu: [Double], work: BenchWork)
    {
        var work = repeats > 1 ? try body() : BenchWork(units: 0, checksum: 0)
        var seconds: [Double] = []
        var cpu: [Double] = []
        var childPeak = 0.0
        for _ in 0..<repeats {
            let cpuStart = processCPUSeconds()
            let start = DispatchTime.now().uptimeNanoseconds
            work = try body()
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
            cpu.append(work.childCPUSeconds ?? (processCPUSeconds() - cpuStart))
            childPeak = max(childPeak, work.childPeakBytes ?? 0)
        }
        if work.childPeakBytes != nil {
            work = BenchWork(units: work.units, checksum: work.checksum, childPeakBytes: childPeak)
        }
        return (seconds, cpu, work)
    }

    /// Measures one item: `repeats` timed runs on `threads` threads and, for parallel items, `repeats` more on one.
    public static func run(_ item: BenchItem, repeats: Int, threads: Int = Parallel.defaultThreads) throws
        -> BenchResult
    {
        try Validate.count(repeats, "repeats")
        try Validate.count(threads, "threads")
        PeakMemory.reset()
        let main = try time(repeats: repeats) { try item.body(threads) }
        let peak = main.work.childPeakBytes ?? PeakMemory.current()
        var oneThread: Double? = nil
        var oneThreadCPU: Double? = nil
        if item.parallel, threads > 1 {
            let single = try time(repeats: repeats) { try item.body(1) }
            oneThread = median(single.seconds)
            oneThreadCPU = median(single.cpu)
        }
        return BenchResult(
            id: item.id, name: item.name, unit: item.unit, repeats: repeats, threads: threads,
            medianSeconds: median(main.seconds), minSeconds: main.seconds.min() ?? .nan,
            medianCPUSeconds: median(main.cpu), units: main.work.units,
            peakBytes: peak, oneThreadMedianSeconds: oneThread, oneThreadMedianCPUSeconds: oneThreadCPU,
            checksum: main.work.checksum)
    }
}

/// The process's peak resident set size.
public enum PeakMemory {
    /// Resets the kernel's high-water mark (Linux: writing 5 to /proc/self/clear_refs); no effect elsewhere.
    public static func reset() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        defer { try? handle.close() }
        try? handle.write(contentsOf: Data("5".utf8))
    }

    /// Peak resident memory in bytes since start or the last `reset()`: VmHWM from /proc/self/status, else
    /// `getrusage(RUSAGE_SELF).ru_maxrss`.
    public static func current() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
            for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                if fields.count >= 2, let kb = Double(fields[1]) { return kb * 1024 }
            }
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) * 1024
    }
}
