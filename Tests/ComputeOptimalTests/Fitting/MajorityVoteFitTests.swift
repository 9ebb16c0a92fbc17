import ComputeOptimal
import DS3
import Foundation
import GSL
import ScalingCore
import TestSupport
import Testing

@Suite("Majority-vote fit (exact model)")
struct MajorityVoteFitTests {
    static let population = (try? BetaTaskPopulation(alpha: 0.38, beta: 1.13, solvable: 0.95))!

    @Test("Noiseless accuracy from M = 6, lambda = 0.6 gives back M exactly and c*, lambda to 1e-6 relative")
    func exactRecovery() throws {
        let weights = try MajorityVoting.truncatedGeometricWeights(answers: 6, lambda: 0.6)
        let ns = [1, 2, 3, 4, 5, 7, 10, 15, 20, 30]
        let accuracy = try ns.map {
            try MajorityVoteFit.accuracy(samples: $0, population: Self.population, weights: weights)
        }
        var options = MajorityVoteFit.Options()
        options.answers = 3...9
        let fit = try MajorityVoteFit.fit(
            samples: ns.map(Double.init), accuracy: accuracy, population: Self.population, options: options)
        #expect(fit.answers == 6)
        // Zero residuals at the truth: LM on the single parameter c* converges to it; 1e-6 relative required.
        #expect(relativelyClose(fit.lambda, 0.6, 1e-6))
        #expect(relativelyClose(fit.largestErrorWeight, weights[0], 1e-6))
        #expect(fit.residualSumOfSquares < 1e-20)
        // Plateau identity P_∞ = A[1 − I_{r_c}(α, β)], r_c = c*/(1 + c*), checked against GSL directly.
        let rc = weights[0] / (1 + weights[0])
        let direct = 0.95 * (try IncompleteBeta.complement(a: 0.38, b: 1.13, x: rc))
        #expect(relativelyClose(fit.plateau, direct, 1e-6))
    }

    @Test("Majority vote with N = 1 and N = 2 equals pass@1 (a 1–1 tie is broken at random)")
    func smallNIdentity() throws {
        let weights = try MajorityVoting.truncatedGeometricWeights(answers: 9, lambda: 0.595)
        let p1 = Self.population.meanSuccess
        for n in [1, 2] {
            let value = try MajorityVoteFit.accuracy(samples: n, population: Self.population, weights: weights)
            #expect(relativelyClose(value, p1, 1e-12))
        }
    }

    /// Authors' MV calibration (ds3-theory.md §5.7): P_∞ = 0.4154 (8B-Instruct), 0.5779 (70B-Instruct);
    /// c* = 0.2683 / 0.4113 for their Beta fits.
    @Test(
        "Fits to the digitised majority-vote curves reproduce the authors' plateau and c*",
        arguments: [
            ("Llama-3-8B-Instruct", 0.3797, 1.1336, 0.4154, 0.2683),
            ("Llama-3-70B-Instruct", 0.4089, 0.4882, 0.5779, 0.4113),
        ])
    func reproducesAuthors(model: String, alpha: Double, beta: Double, plateau: Double, cStar: Double) throws {
        let data = try FitData.read(
            try fitFixture("fit/brown2024-majority-vote.csv"), source: "brown2024-majority-vote.csv",
            required: [("N", .positive), ("accuracy", .probability)], optionalText: ["model"])
        let rows = try #require(FitData.groups(data, by: "model").first { $0.name == model }).rows
        let population = try BetaTaskPopulation(alpha: alpha, beta: beta, solvable: 1)
        var options = MajorityVoteFit.Options()
        // M searched over 8…12 in the slow tier, 9…10 in the everyday tier (the fitted M is 9 for both models).
        options.answers = TestTier.slow ? 8...12 : 9...10
        // Speed option for the debug test: points with N > 100 use the exact N → ∞ plateau. The test below
        // bounds what that costs at the fitted weights.
        options.plateauAboveSamples = 100
        let fit = try MajorityVoteFit.fit(
            samples: rows.map { data("N")[$0] }, accuracy: rows.map { data("accuracy")[$0] }, population: population,
            options: options)
        // The authors set P_∞ to the largest observed accuracy; least squares averages the flat tail, whose
        // digitised values scatter by ±0.004 (0.5701–0.5779): plateau to 0.006, c* (d c*/d P_∞ ≈ 1.3–1.5) to
        // 0.01 absolute.
        #expect(abs(fit.plateau - plateau) < 0.006, "plateau \(fit.plateau)")
        #expect(abs(fit.largestErrorWeight - cStar) < 0.01, "c* \(fit.largestErrorWeight)")
        // The plateau shortcut above N = 100 is within 2e-3 of the exact finite-N accuracy at N = 1000.
        let exact = try MajorityVoteFit.accuracy(samples: 1000, population: population, weights: fit.errorWeights)
        #expect(abs(exact - fit.plateau) < 2e-3)
    }
}
