import ComputeOptimal
import DS3
import Foundation
import ScalingCore
import TestSupport
import Testing

/// Issue 23: fits on data that cannot determine their parameters refuse, or report no interval, instead of
/// printing confident nonsense (zero-width intervals from 20 identical rows, A = 1.3e252 from one model size,
/// λ ∈ (0, 1) ± 1.18e6 from three points).
@Suite("Fits refuse or withhold intervals when the data do not determine the parameters")
struct FitIdentifiabilityTests {
    static let truth = try! ChinchillaLossLaw(
        E: 1.69337368, A: 406.401018, B: 410.722827, alpha: 0.33917084, beta: 0.2849083)

    static func runs(sizes: [Double], tokens: [Double]) throws -> [TrainingRun] {
        try sizes.flatMap { n in
            try tokens.map { d in
                try TrainingRun(parameters: n, tokens: d, loss: try truth.loss(parameters: n, tokens: d))
            }
        }
    }

    @Test("Loss-law fit: identical rows, one or two model sizes, or one token count are refused by name")
    func lossLawSpread() throws {
        let identical = try Array(repeating: TrainingRun(parameters: 1e9, tokens: 2e10, loss: 2.3), count: 20)
        let tokens = try Grid.geom(1e9, 1e12, 6)
        let cases: [([TrainingRun], String)] = [
            (identical, "N takes 1 distinct"),
            (try Self.runs(sizes: [1e9], tokens: tokens), "N takes 1 distinct"),
            (try Self.runs(sizes: [1e8, 1e9], tokens: tokens), "N takes 2 distinct"),
            (try Self.runs(sizes: try Grid.geom(1e7, 1e10, 6), tokens: [2e10]), "D takes 1 distinct"),
        ]
        for (runs, phrase) in cases {
            do {
                _ = try LossLawFit.fit(runs)
                Issue.record("fit accepted data without spread (\(phrase))")
            } catch let error as FitError {
                #expect(error.description.contains(phrase), "\(error)")
            }
        }
    }

    @Test("Loss-law fit: a well-spread grid is identified (condition ≪ 1e12), near-equal sizes are not")
    func lossLawCondition() throws {
        var options = LossLawFit.Options()
        options.bootstrapReplicates = 2
        options.localStarts = 4
        let tokens = try Grid.geom(1e9, 1e12, 6)
        let good = try LossLawFit.fit(
            try Self.runs(sizes: try Grid.geom(1e7, 1e10, 6), tokens: tokens), options: options)
        // A 6 × 6 log grid over three decades each: the columns of J are far from dependent.
        #expect(good.jacobianCondition < 1e9)
        #expect(good.estimates.allSatisfy { $0.lower != nil })
        // Three model sizes within 2e-6 of each other: ln N spans 2e-6, so E, A and α move the losses only through
        // two nearly equal combinations; the condition is ≥ 1/(2e-6)² ≈ 2.5e11 times worse than above.
        let close = try LossLawFit.fit(
            try Self.runs(sizes: [1e9, 1e9 * (1 + 1e-6), 1e9 * (1 + 2e-6)], tokens: tokens), options: options)
        #expect(close.jacobianCondition > LossLawFit.conditionLimit)
        #expect(close.estimates.allSatisfy { $0.lower == nil && $0.method.hasPrefix("not identified") })
    }

    @Test("Majority-vote fit: three points that leave λ open get no interval; N = 1 alone is refused")
    func majorityVoteIdentifiability() throws {
        let population = try BetaTaskPopulation(alpha: 0.38, beta: 1.13)
        var options = MajorityVoteFit.Options()
        options.answers = 3...5
        options.threads = 1
        // Accuracy rising from 0.2 to 0.9 over N = 1…3 is far above what any c* allows (pass@1 of this population is
        // 0.25): the best fit sits at the equal-weights edge, where dλ/dc* diverges (was λ ± 1.18e6).
        let fit = try MajorityVoteFit.fit(
            samples: [1, 2, 3], accuracy: [0.2, 0.5, 0.9], population: population, options: options)
        for name in ["c*", "plateau", "lambda"] {
            let e = try #require(fit.estimate(name))
            #expect(e.lower == nil && e.upper == nil && e.standardError == nil, "\(name): \(e)")
        }
        #expect(throws: FitError.self) {
            try MajorityVoteFit.fit(
                samples: [1, 1, 1], accuracy: [0.27, 0.27, 0.27], population: population, options: options)
        }
    }

    @Test("pass@N fit: coverage at fewer than three distinct N is refused by name")
    func passAtNSpread() throws {
        #expect {
            try PassAtNFit.fit(samples: [1, 1, 2, 2], coverage: [0.3, 0.31, 0.4, 0.41])
        } throws: { error in
            (error as? FitError)?.description.contains("N takes 2 distinct") ?? false
        }
    }

    @Test(
        "Loss-law fit of many runs: the subsample search reaches the full search's optimum",
        .enabled(if: TestTier.slow))
    func subsampleSearchAgrees() throws {
        var rng = Xoshiro256StarStar(seed: 7)
        var runs: [TrainingRun] = []
        for _ in 0..<8_000 {
            let n = exp(log(1e7) + rng.uniform() * log(1e3))
            let d = exp(log(1e9) + rng.uniform() * log(1e3))
            let noise = exp(0.01 * (rng.uniform() - 0.5))
            runs.append(
                try TrainingRun(parameters: n, tokens: d, loss: try Self.truth.loss(parameters: n, tokens: d) * noise))
        }
        var options = LossLawFit.Options()
        options.bootstrapReplicates = 0
        let sampled = try LossLawFit.fit(runs, options: options)
        options.searchSample = runs.count
        let full = try LossLawFit.fit(runs, options: options)
        // Both end with BFGS + LM on the same full objective from inside the same basin: the minimisers agree to
        // the optimiser's stopping tolerance (gradient 1e-10 on the δ²-scaled objective), well under 1e-5 relative.
        for (a, b) in zip(
            LossLawFit.names.compactMap { sampled.estimate($0)?.estimate },
            LossLawFit.names.compactMap { full.estimate($0)?.estimate })
        {
            #expect(abs(a - b) <= 1e-5 * abs(b), "\(a) vs \(b)")
        }
        #expect(abs(sampled.objective - full.objective) <= 1e-9 * full.objective)
    }
}
