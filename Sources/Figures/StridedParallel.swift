import ScalingCore

/// `Parallel.map` with the items dealt to the workers in stride (worker w computes items w, w + T, w + 2T, …)
/// instead of contiguous chunks, so that grid rows whose cost grows along the grid (larger budgets, longer chains)
/// are shared evenly between the cores. Results are returned in index order, identical for any thread count.
enum StridedParallel {
    static func map<T: Sendable>(
        count: Int, threads: Int = Parallel.defaultThreads, _ body: @Sendable (Int) throws -> T
    ) throws -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        let parts = try Parallel.map(count: workers, threads: workers) { w in
            try stride(from: w, to: count, by: workers).map { try body($0) }
        }
        var results: [T] = []
        results.reserveCapacity(count)
        for i in 0..<count { results.append(parts[i % workers][i / workers]) }
        return results
    }
}
