import Foundation
import ScalingCore
import Testing

@Suite("Progress of parallel work")
struct ProgressTests {
    /// Collects (done, total) pairs from any thread. Guarded by an `NSLock` (a pthread mutex, which the thread
    /// sanitizer sees): `Synchronization.Mutex` locks with futex calls TSan does not intercept, so CI's TSan step
    /// reported a race inside `withLock` that is not one.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [(Int, Int)] = []
        func add(_ done: Int, _ total: Int) { lock.withLock { recorded.append((done, total)) } }
        var events: [(Int, Int)] { lock.withLock { recorded } }
    }

    @Test(
        "The outermost map reports each finished item once, counts 1…n, on one and on two threads", arguments: [1, 2])
    func outermostMapReportsEveryItem(threads: Int) throws {
        let log = Log()
        let sink: @Sendable (Int, Int) -> Void = { log.add($0, $1) }
        let values = try Progress.reporting(to: sink) {
            try Parallel.map(count: 40, threads: threads) { i in
                // A nested map inside an item does not report.
                try Parallel.map(count: 5, threads: threads) { j in i * 10 + j }.reduce(0, +)
            }
        }
        #expect(values == (0..<40).map { i in (0..<5).reduce(0) { $0 + i * 10 + $1 } })
        let events = log.events
        #expect(events.count == 40)
        #expect(events.allSatisfy { $0.1 == 40 })
        #expect(Set(events.map(\.0)) == Set(1...40))
    }

    @Test("Without a reporter nothing is reported and results are unchanged")
    func noReporter() throws {
        let values = try Parallel.map(count: 10, threads: 2) { $0 * $0 }
        #expect(values == (0..<10).map { $0 * $0 })
    }
}
