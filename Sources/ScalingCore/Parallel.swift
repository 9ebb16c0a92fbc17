import Dispatch
import Foundation

/// Runs independent work items on all cores and returns results in index order, so output is identical
/// whatever the thread count.
public enum Parallel {
    /// Number of worker threads: the `DS3KIT_THREADS` environment variable if set (≥ 1), else active cores.
    public static var defaultThreads: Int {
        if let text = ProcessInfo.processInfo.environment["DS3KIT_THREADS"], let n = Int(text), n >= 1 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `(0..<count).map(body)` evaluated on `threads` threads (contiguous chunks). The first error thrown (lowest
    /// index) is rethrown after all workers finish.
    public static func map<T: Sendable>(
        count: Int, threads: Int = Parallel.defaultThreads, _ body: @Sendable (Int) throws -> T
    ) throws -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        if workers == 1 { return try (0..<count).map(body) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        let errors = UnsafeMutableBufferPointer<(any Error)?>.allocate(capacity: workers)
        errors.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
            errors.deinitialize()
            errors.deallocate()
        }
        nonisolated(unsafe) let resultsRef = results
        nonisolated(unsafe) let errorsRef = errors
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = worker * count / workers
            let end = (worker + 1) * count / workers
            do {
                for i in start..<end { resultsRef[i] = try body(i) }
            } catch {
                errorsRef[worker] = error
            }
        }
        if let error = errors.first(where: { $0 != nil }) { throw error! }
        return results.map { $0! }
    }
}
