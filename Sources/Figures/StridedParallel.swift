import Dispatch
import ScalingCore
import Synchronization

/// `Parallel.map` with the items handed out one at a time: each worker takes the next item not yet started, so
/// grid rows of uneven cost (larger budgets, longer chains) and cores shared with other work are balanced
/// dynamically. Each item is computed by `body` alone and stored at its index: the results are in index order and
/// identical for any thread count and any interleaving. The first error (lowest index) is rethrown after the
/// workers finish; no new item starts after an error.
enum StridedParallel {
    static func map<T: Sendable>(
        count: Int, threads: Int = Parallel.defaultThreads, _ body: @Sendable (Int) throws -> T
    ) throws -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        if workers == 1 { return try (0..<count).map(body) }
        let results = Mutex<[Result<T, any Error>?]>(Array(repeating: nil, count: count))
        let next = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while !failed.load(ordering: .relaxed) {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                let outcome = Result { try body(i) }
                if case .failure = outcome { failed.store(true, ordering: .relaxed) }
                results.withLock { $0[i] = outcome }
            }
        }
        let outcomes = results.withLock { $0 }
        var values: [T] = []
        values.reserveCapacity(count)
        for outcome in outcomes {
            // Items after a failure may not have started; the failure comes first in index order.
            guard let outcome else { break }
            values.append(try outcome.get())
        }
        return values
    }
}
