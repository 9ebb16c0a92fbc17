import Testing

@testable import DS3

@Suite("Majority voting, FFT form")
struct MajorityVotingFFTTests {
    @Test func fftFormEqualsDynamicProgramme() throws {
        // The Poissonized FFT evaluation of W(s, n) and the sequential-binomial DP are independent algorithms;
        // both are accurate to ~1e-15 here (FFT rounding ~1e-15 / Pois(n; n)): agreement to 1e-12 absolute.
        let cases: [([Double], Int, [Int])] = [
            (Array(repeating: 1.0, count: 9), 8900, [980, 990, 1000, 1030, 1100]),
            ([0.3, 0.25, 0.2, 0.15, 0.1], 3000, [800, 850, 900, 950]),
            (Array(repeating: 1.0, count: 4) + [0.5, 0.1], 1000, [200, 230, 260]),
            (try MajorityVoting.truncatedGeometricWeights(answers: 12, lambda: 0.9), 5000, [600, 700, 800]),
        ]
        for (weights, n, ss) in cases {
            let mv = try MajorityVoting(samples: 1, errorWeights: weights)
            let all = Array(mv.errorWeights.indices)
            for s in ss {
                let fft = mv.fftWinProbability(correct: s, wrong: n, constrained: all)
                let dp = mv.dynamicProgrammeWinProbability(correct: s, wrong: n)
                #expect(abs(fft - dp) < 1e-12, "w=\(weights.count) n=\(n) s=\(s): \(fft) vs \(dp)")
            }
        }
    }
}
