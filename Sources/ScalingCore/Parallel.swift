import Dispatch
import Foundation
import Synchronization

/// Runs independent work items on all cores and returns results in index order, so output is identical
/// whatever the thread count.
public enum Parallel {
    /// Thread count set by `withThreads` for the current task (nil: none set).
    @TaskLocal static var threadsOverride: Int?

    /// Number of worker threads: the count set by `withThreads` around the caller if any, else the `DS3KIT_THREADS`
    /// environment variable if set (≥ 1), else active cores.
    public static var defaultThreads: Int {
        if let n = threadsOverride { return n }
        if let text = ProcessInfo.processInfo.environment["DS3KIT_THREADS"], let n = Int(text), n >= 1 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Runs `body` with `defaultThreads` = `threads` for every `Parallel.map` it starts from this task (work items
    /// already running on worker threads read the process default) — the in-process form of `DS3KIT_THREADS`, for a
    /// caller that wants one computation on one core without changing the environment of the whole process.
    public static func withThreads<R>(_ threads: Int, _ body: () throws -> R) throws -> R {
        try Validate.count(threads, "threads")
        return try $threadsOverride.withValue(threads) { try body() }
    }

    /// `(0..<count).map(body)` evaluated on `threads` threads. Items are handed out one at a time from a shared
    /// counter (dynamic scheduling: uneven items balance across cores), and each result is stored at its index, so
    /// the output does not depend on the thread count. After an error no new items start; the error of the lowest
    /// failing index is rethrown (every lower index was handed out earlier and ran to completion, so this is the
    /// same error a serial run would throw).
    public static func map<T: Sendable>(
        count: Int, threads: Int = Parallel.defaultThreads, _ body: @Sendable (Int) throws -> T
    ) throws -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        let progress = Progress.sink
        if workers == 1 {
            guard let progress else { return try (0..<count).map(body) }
            return try (0..<count).map { i in
                // Maps nested in an item do not report (only the outermost one does).
                let value = try Progress.$sink.withValue(nil) { try body(i) }
                progress(i + 1, count)
                return value
            }
        }
        let done = Atomic<Int>(0)
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        let errors = UnsafeMutableBufferPointer<(any Error)?>.allocate(capacity: count)
        errors.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
            errors.deinitialize()
            errors.deallocate()
        }
        nonisolated(unsafe) let resultsRef = results
        nonisolated(unsafe) let errorsRef = errors
        let next = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while !failed.load(ordering: .relaxed) {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                do {
                    if let progress {
                        // The calling thread runs items too: maps nested in them must not report.
                        resultsRef[i] = try Progress.$sink.withValue(nil) { try body(i) }
                        progress(done.add(1, ordering: .relaxed).newValue, count)
                    } else {
                        resultsRef[i] = try body(i)
                    }
                } catch {
                    errorsRef[i] = error
                    failed.store(true, ordering: .relaxed)
                }
            }
        }
        var values: [T] = []
        values.reserveCapacity(count)
        for i in 0..<count {
            if let error = errors[i] { throw error }
            guard let value = results[i] else {
                // Unreachable: an item is skipped only after a lower-index failure, thrown above.
                throw ParallelError.itemNotRun(index: i)
            }
            values.append(value)
        }
        return values
    }
}

/// Internal consistency failure of `Parallel.map` (an item neither ran nor followed a failure).
public enum ParallelError: Error, Equatable {
    case itemNotRun(index: Int)
}
