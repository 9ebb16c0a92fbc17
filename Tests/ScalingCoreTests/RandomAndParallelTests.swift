import Foundation
import ScalingCore
import TestSupport
import Testing

@Suite("Random numbers and parallel map")
struct RandomAndParallelTests {
    /// One row of `fixtures/random/xoshiro256starstar-reference.csv`: outputs of the reference C implementations
    /// (read as text: 64-bit outputs do not fit a `Double`, which is what `Table` would give).
    struct ReferenceOutput {
        let kind: String
        let seed: UInt64
        let stream: UInt64
        let index: Int
        let output: UInt64
    }

    static func referenceOutputs() throws -> [ReferenceOutput] {
        let text = try String(contentsOfFile: fixturePath("random/xoshiro256starstar-reference.csv"), encoding: .utf8)
        return try text.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("#") && !$0.hasPrefix("kind") }.map {
            line in
            let f = line.split(separator: ",").map(String.init)
            let row = try #require(f.count == 5 ? f : nil, "malformed fixture line \(line)")
            return ReferenceOutput(
                kind: row[0], seed: try #require(UInt64(row[1])), stream: try #require(UInt64(row[2])),
                index: try #require(Int(row[3])), output: try #require(UInt64(row[4])))
        }
    }

    /// SplitMix64 (which expands seeds) against the reference C implementation, at seeds 0, 1234567 (whose first
    /// outputs are also the published test vector of rand_xoshiro) and 2⁶⁴ − 1: bit-identical.
    @Test("SplitMix64 outputs equal the reference C implementation's")
    func splitMixMatchesReference() throws {
        let rows = try Self.referenceOutputs().filter { $0.kind == "splitmix64" }
        #expect(rows.count == 15)
        for seed in Set(rows.map(\.seed)) {
            let expected = rows.filter { $0.seed == seed }.sorted { $0.index < $1.index }.map(\.output)
            var generator = SplitMix64(state: seed)
            #expect((0..<expected.count).map { _ in generator.next() } == expected, "seed \(seed)")
        }
    }

    /// xoshiro256** with the project's seeding (SplitMix64 with the stream mixed in, written out independently in
    /// the C generator) against the reference C `next()`: the first six outputs and the 1001st, for seven
    /// (seed, stream) pairs including 0 and 2⁶⁴ − 1, bit-identical. The C generator itself checks its xoshiro256**
    /// against the published outputs from the raw state {1, 2, 3, 4}. `uniform()` and `uniformOpen()` must be
    /// the top 53 bits of the same outputs, scaled by 2⁻⁵³ (exactly; the open version offset by half a step).
    @Test("xoshiro256** seeded by (seed, stream) equals the reference C implementation, uniform() its top 53 bits")
    func xoshiroMatchesReference() throws {
        let rows = try Self.referenceOutputs().filter { $0.kind == "xoshiro-seeded" }
        let pairs = Set(rows.map { [$0.seed, $0.stream] })
        #expect(pairs.count == 7)
        for pair in pairs {
            let expected = Dictionary(
                uniqueKeysWithValues: rows.filter { [$0.seed, $0.stream] == pair }.map { ($0.index, $0.output) })
            var generator = Xoshiro256StarStar(seed: pair[0], stream: pair[1])
            var uniforms = Xoshiro256StarStar(seed: pair[0], stream: pair[1])
            var open = Xoshiro256StarStar(seed: pair[0], stream: pair[1])
            for index in 0...1000 {
                let output = generator.next()
                let u = uniforms.uniform()
                let v = open.uniformOpen()
                guard let reference = expected[index] else { continue }
                #expect(output == reference, "seed \(pair[0]), stream \(pair[1]), output \(index)")
                #expect(u == Double(reference >> 11) * 0x1p-53)
                #expect(v == (Double(reference >> 11) + 0.5) * 0x1p-53 && v > 0 && v < 1)
            }
        }
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
    /// and uneven item costs (item i costs 50·(120 − i) square roots: item 0 about 50 µs, 120× item 119, in a debug
    /// build), every thread count rethrows the failure a serial run meets first (13), 20 times over.
    @Test("Parallel.map rethrows the lowest-index error whatever the thread count and timing")
    func parallelLowestError() {
        for threads in [1, 2, 3, 7] {
            for _ in 0..<20 {
                #expect(throws: Indexed(index: 13)) {
                    try Parallel.map(count: 120, threads: threads) { i -> Double in
                        if [13, 40, 97].contains(i) { throw Indexed(index: i) }
                        // Uneven work: early items are the slow ones, so later failures are met first in time.
                        return (0..<((120 - i) * 50)).reduce(0.0) { $0 + Double($1).squareRoot() }
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
