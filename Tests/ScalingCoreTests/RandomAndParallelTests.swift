import ScalingCore
import Testing

@Suite("Random numbers and parallel map")
struct RandomAndParallelTests {
    @Test("xoshiro256** is deterministic per (seed, stream) and streams differ")
    func determinism() {
        var a = Xoshiro256StarStar(seed: 42, stream: 0)
        var b = Xoshiro256StarStar(seed: 42, stream: 0)
        var c = Xoshiro256StarStar(seed: 42, stream: 1)
        let xa = (0..<8).map { _ in a.next() }
        #expect(xa == (0..<8).map { _ in b.next() })
        #expect(xa != (0..<8).map { _ in c.next() })
    }

    /// Mean of n uniforms has SE = 1/√(12n) ≈ 2.9e-4 for n = 1e6; 5 SE = 1.5e-3.
    @Test("Uniform draws have mean 1/2 within 5 standard errors and stay in [0, 1)")
    func uniformMean() {
        var rng = Xoshiro256StarStar(seed: 7)
        let n = 1_000_000
        var sum = 0.0
        var inRange = true
        for _ in 0..<n {
            let u = rng.uniform()
            inRange = inRange && u >= 0 && u < 1
            sum += u
        }
        #expect(inRange)
        #expect(abs(sum / Double(n) - 0.5) < 5 / (12.0 * Double(n)).squareRoot())
    }

    @Test("Parallel.map returns results in index order for 1, 2 and 7 threads, also with uneven item costs")
    func parallelOrder() throws {
        let expected = (0..<1000).map { $0 * $0 }
        for threads in [1, 2, 7] {
            #expect(try Parallel.map(count: 1000, threads: threads) { $0 * $0 } == expected)
        }
        // Item i spins for a cost that varies along the index, so items finish out of order on several threads.
        let spin: @Sendable (Int) -> Int = { i in (0..<((i * 37) % 11 * 2_000)).reduce(i) { ($0 &* 31) &+ $1 } }
        let uneven = (0..<64).map(spin)
        for threads in [2, 3, 8] {
            #expect(try Parallel.map(count: 64, threads: threads, spin) == uneven, "\(threads) threads")
        }
        #expect(try Parallel.map(count: 0, threads: 2) { $0 }.isEmpty)
    }

    struct Boom: Error {}

    @Test("Parallel.map rethrows an error from a worker")
    func parallelError() {
        #expect(throws: Boom.self) {
            try Parallel.map(count: 100, threads: 2) { i -> Int in
                if i == 77 { throw Boom() }
                return i
            }
        }
    }

    struct Indexed: Error, Equatable { let index: Int }

    /// Dynamic scheduling must not make the reported error depend on timing: with failures at indices 13, 40 and 97
    /// and uneven item costs, every thread count rethrows the failure a serial run meets first (13), 20 times over.
    @Test("Parallel.map rethrows the lowest-index error whatever the thread count and timing")
    func parallelLowestError() {
        for threads in [1, 2, 3, 7] {
            for _ in 0..<20 {
                #expect(throws: Indexed(index: 13)) {
                    try Parallel.map(count: 120, threads: threads) { i -> Double in
                        if [13, 40, 97].contains(i) { throw Indexed(index: i) }
                        // Uneven work: early items are the slow ones, so later failures are met first in time.
                        return (0..<((120 - i) * 200)).reduce(0.0) { $0 + Double($1).squareRoot() }
                    }
                }
            }
        }
    }

    @Test("Validation errors name the parameter, value and range")
    func validation() {
        do {
            try Validate.probability(1.5, "r", .lowerOpen)
            Issue.record("expected a throw")
        } catch {
            #expect(error.description == "invalid r = 1.5: must be in (0, 1]")
        }
        #expect(throws: ParameterError.self) { try Validate.positive(.infinity, "C") }
        #expect(throws: ParameterError.self) { try Validate.count(0, "m") }
        #expect(throws: ParameterError.self) { try ChinchillaLossLaw(E: 1.69, A: -1, B: 1, alpha: 0.3, beta: 0.3) }
    }
}
