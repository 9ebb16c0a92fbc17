import DS3
import Foundation
import ScalingCore
import Testing

/// `MajorityVoting.fastAccuracy` runs the reference's algorithm with a reciprocal table in the binomial recurrence,
/// flat reused buffers, a 1e-22 instead of 1e-30 cut-off on binomial terms and states, and the values of s on
/// several cores. It must agree with `accuracy(sampleSuccess:)` to rounding: each binomial term differs by a few
/// ulps (a product by 1/i instead of a division, ≲ 1e-15 relative over a recurrence of a few hundred steps), and
/// the extra dropped mass is ≲ 1e-16 absolute (see the fast path's documentation), so 1e-12 relative (or 1e-15
/// absolute for results near 0) bounds the difference with a wide margin while still catching any wrong term (a
/// single mis-weighted tie is ≥ 1e-6 here).
@Suite("Majority voting: fast exact path")
struct MajorityVotingFastPathTests {
    static let weightSets: [[Double]] = [[1], [0.5, 0.3, 0.2], Array(repeating: 1, count: 9), [0.7, 0.2, 0.1]]

    @Test("fastAccuracy equals the reference accuracy to 1e-12 relative", arguments: weightSets)
    func agreesWithReference(weights: [Double]) throws {
        for n in [1, 2, 3, 8, 33, 120, 401] {
            for p in [0.02, 0.11, 0.3, 0.5, 0.93] {
                let mv = try MajorityVoting(samples: n, errorWeights: weights)
                let reference = try mv.accuracy(sampleSuccess: p)
                let fast = try mv.fastAccuracy(sampleSuccess: p, threads: 2)
                #expect(
                    abs(fast - reference) <= max(1e-12 * reference, 1e-15),
                    "weights \(weights), N = \(n), p = \(p): fast \(fast) vs reference \(reference)")
            }
        }
    }

    /// Near the plateau threshold p = (1 − p)c* (here 10 answers, c* = 1/9, p* = 0.1) every wrong answer competes
    /// and ties carry weight: the hardest case for the tie bookkeeping.
    @Test("fastAccuracy equals the reference near the plateau threshold (N = 600, 10 answers)")
    func nearThreshold() throws {
        let mv = try MajorityVoting.uniform(samples: 600, answers: 10)
        for p in [0.09, 0.1, 0.105, 0.12] {
            let reference = try mv.accuracy(sampleSuccess: p)
            let fast = try mv.fastAccuracy(sampleSuccess: p)
            #expect(abs(fast - reference) <= max(1e-12 * reference, 1e-15), "p = \(p): \(fast) vs \(reference)")
        }
    }

    @Test("fastAccuracy does not depend on the thread count")
    func threadInvariance() throws {
        let mv = try MajorityVoting(samples: 300, errorWeights: [0.4, 0.3, 0.2, 0.1])
        let one = try mv.fastAccuracy(sampleSuccess: 0.22, threads: 1)
        let two = try mv.fastAccuracy(sampleSuccess: 0.22, threads: 2)
        let five = try mv.fastAccuracy(sampleSuccess: 0.22, threads: 5)
        #expect(one == two && two == five)
    }

    @Test("fastAccuracy edges: p = 0 gives 0, p = 1 gives 1, bad p and oversize N throw")
    func edges() throws {
        let mv = try MajorityVoting.uniform(samples: 9, answers: 4)
        #expect(try mv.fastAccuracy(sampleSuccess: 0) == 0)
        #expect(try mv.fastAccuracy(sampleSuccess: 1) == 1)
        #expect(throws: ParameterError.self) { try mv.fastAccuracy(sampleSuccess: 1.5) }
        #expect(throws: ParameterError.self) { try mv.fastAccuracy(sampleSuccess: .nan) }
        let big = try MajorityVoting.binary(samples: MajorityVoting.exactLimit + 1)
        #expect(throws: ParameterError.self) { try big.fastAccuracy(sampleSuccess: 0.5) }
    }
}
