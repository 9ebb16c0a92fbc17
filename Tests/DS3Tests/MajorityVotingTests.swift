import DS3
import Foundation
import GSL
import ScalingCore
import Testing

@Suite("Majority voting, exact")
struct MajorityVotingTests {
    /// Brute force: enumerate every vote vector (s, n_1, …) of the multinomial and score ties 1/(t + 1).
    func enumerate(samples n: Int, p: Double, weights: [Double]) throws -> Double {
        let probs = [p] + weights.map { (1 - p) * $0 }
        var total = 0.0
        func recurse(_ index: Int, _ left: Int, _ counts: [Int], _ logProb: Double) throws {
            if index == probs.count - 1 {
                let all = counts + [left]
                let lp = logProb + (left == 0 ? 0 : Double(left) * log(probs[index])) - lgamma(Double(left) + 1)
                let top = all.max()!
                if all[0] == top {
                    let tied = all.filter { $0 == top }.count
                    total += exp(lgamma(Double(n) + 1) + lp) / Double(tied)
                }
                return
            }
            for k in 0...left {
                let lp = logProb + (k == 0 ? 0 : Double(k) * log(probs[index])) - lgamma(Double(k) + 1)
                try recurse(index + 1, left - k, counts + [k], lp)
            }
        }
        try recurse(0, n, [], 0)
        return total
    }

    @Test func exactAccuracyEqualsBruteForceEnumeration() throws {
        let weightSets: [[Double]] = [[1], [0.5, 0.3, 0.2], [0.25, 0.25, 0.25, 0.25], [0.7, 0.3]]
        for weights in weightSets {
            for n in [1, 2, 3, 4, 7, 10] {
                for p in [0.05, 0.3, 0.55, 0.9] {
                    let mv = try MajorityVoting(samples: n, errorWeights: weights)
                    let exact = try mv.accuracy(sampleSuccess: p)
                    let brute = try enumerate(samples: n, p: p, weights: weights)
                    // Both are sums of ≤ 10⁴ positive terms in double precision: 1e-12 absolute.
                    #expect(abs(exact - brute) < 1e-12, "w=\(weights) N=\(n) p=\(p): \(exact) vs \(brute)")
                }
            }
        }
    }

    @Test func binaryDynamicProgrammeEqualsBinomialClosedForm() throws {
        for n in [1, 2, 5, 50, 501, 2000] {
            for p in [0.1, 0.49, 0.5, 0.51, 0.8] {
                let dp = try MajorityVoting.binary(samples: n).accuracy(sampleSuccess: p)
                let closed = try MajorityVoting.binaryAccuracy(samples: n, sampleSuccess: p)
                // DP truncation at 1e-21 relative weight; both sides carry ~1e-14 rounding: 1e-12 absolute.
                #expect(abs(dp - closed) < 1e-12, "N=\(n) p=\(p)")
            }
        }
    }

    @Test func oneAndTwoVotesEqualSingleSampleSuccess() throws {
        // ds3-theory §3.7: MV(1) = MV(2) = p (a 1–1 tie is broken at random).
        let mv1 = try MajorityVoting(samples: 1, errorWeights: [0.6, 0.4])
        let mv2 = try MajorityVoting(samples: 2, errorWeights: [0.6, 0.4])
        for p in [0.1, 0.37, 0.8] {
            #expect(abs(try mv1.accuracy(sampleSuccess: p) - p) < 1e-15)
            #expect(abs(try mv2.accuracy(sampleSuccess: p) - p) < 1e-15)
        }
    }

    @Test func largeNApproachesThePlateau() throws {
        let weights = [0.5, 0.3, 0.2]
        let mv = try MajorityVoting(samples: 10_000, errorWeights: weights)
        // p = 0.4 beats the top wrong answer 0.6 · 0.5 = 0.3; p = 0.25 loses to 0.375. The vote gaps, 1000 and 1250
        // of N = 1e4, are ≥ 12 standard deviations (√(N(p + (1−p)c*)) ≈ 84), so the finite-N accuracy is within
        // 1e-12 of the plateau.
        #expect(abs(try mv.accuracy(sampleSuccess: 0.4) - (try mv.plateau(sampleSuccess: 0.4))) < 1e-12)
        #expect(abs(try mv.accuracy(sampleSuccess: 0.25) - (try mv.plateau(sampleSuccess: 0.25))) < 1e-12)
        // Exact ties p = (1 − p)c*: the t + 1 tied categories are exchangeable, limit 1/(t + 1).
        #expect(try MajorityVoting.binary(samples: 1).plateau(sampleSuccess: 0.5) == 0.5)
        #expect(try MajorityVoting.uniform(samples: 1, answers: 5).plateau(sampleSuccess: 0.2) == 0.2)
    }

    @Test func populationAccuracyMatchesSimulatorAndPlateau() throws {
        let population = try BetaTaskPopulation(alpha: 0.3797, beta: 1.1336)
        let weights = try MajorityVoting.truncatedGeometricWeights(answers: 11, lambda: 0.746)
        let budget = try StepBudget(steps: 1)
        let cost = try CostModel()
        for n in [1, 4, 9] {
            let mv = try MajorityVoting(samples: n, errorWeights: weights)
            let exact = try mv.accuracy(population: population)
            let sim = try TraversalSimulator.run(
                mv, tasks: BetaPopulationSampler(population), budget: budget, cost: cost, trials: 20_000,
                seed: 40 + UInt64(n))
            expectWithin(exact, sim.success, trials: 20_000, "MV(\(n)) over Beta population")
        }
        // Large N tends to A[1 − I_{r_c}(α, β)]; the Beta mass near r_c makes the approach slow, so check the
        // gap shrinks: |MV(4000) − P∞| < |MV(400) − P∞| < |MV(40) − P∞|.
        let plateau = try MajorityVoting(samples: 1, errorWeights: weights).plateau(population: population)
        let gaps = try [40, 400, 4000].map {
            abs(try MajorityVoting(samples: $0, errorWeights: weights).accuracy(population: population) - plateau)
        }
        #expect(gaps[0] > gaps[1] && gaps[1] > gaps[2], "\(gaps)")
    }

    @Test func accuracyRisesThenFallsOnTwoDifficultyPopulation() throws {
        // Easy tasks (p = 0.6) win by majority; hard tasks (p = 0.3) lose to a wrong answer with
        // (1 − p) c* = 0.35 > 0.3 once N is large. Half of each: MV(1) = 0.45, MV(∞) = 0.5, with a peak between.
        let weights = [0.5, 0.3, 0.2]
        func accuracy(_ n: Int) throws -> Double {
            let mv = try MajorityVoting(samples: n, errorWeights: weights)
            return 0.5 * (try mv.accuracy(sampleSuccess: 0.6)) + 0.5 * (try mv.accuracy(sampleSuccess: 0.3))
        }
        let ns = [1, 3, 10, 30, 100, 300, 1000, 3000, 10_000]
        let values = try ns.map(accuracy)
        let peak = values.max()!
        let peakIndex = values.firstIndex(of: peak)!
        #expect(peakIndex > 0 && peakIndex < ns.count - 1, "\(values)")
        #expect(peak > values[0] + 0.1 && peak > values[ns.count - 1] + 0.1, "\(values)")
        #expect(abs(values[ns.count - 1] - 0.5) < 1e-6)
    }

    @Test func calibrationReproducesPublishedErrorWeights() throws {
        // ds3-theory §5.7: 8B-Instruct P∞ 0.4154 → c* 0.2683, r_c 0.2115, λ 0.746 (M = 11);
        // 70B-Instruct P∞ 0.5779 → c* 0.4113, r_c 0.2914, λ 0.595 (M = 9). Printed to 3–4 digits.
        let cases: [(Double, Double, Double, Int, Double, Double)] = [
            (0.4154, 0.3797, 1.1336, 11, 0.2683, 0.746), (0.5779, 0.4089, 0.4882, 9, 0.4113, 0.595),
        ]
        for (plateau, a, b, M, cStarRef, lambdaRef) in cases {
            let population = try BetaTaskPopulation(alpha: a, beta: b)
            let cStar = try MajorityVoting.calibrateLargestErrorWeight(plateau: plateau, population: population)
            #expect(abs(cStar - cStarRef) < 1e-4)
            let lambda = try MajorityVoting.geometricRatio(largestErrorWeight: cStar, answers: M)
            #expect(abs(lambda - lambdaRef) < 1e-3)
            // Round trip: the calibrated weights give back the plateau.
            let weights = try MajorityVoting.truncatedGeometricWeights(answers: M, lambda: lambda)
            #expect(abs(weights[0] - cStar) < 1e-12)
            let back = try MajorityVoting(samples: 1, errorWeights: weights).plateau(population: population)
            #expect(abs(back - plateau) < 1e-10)
        }
        // Published 70B weights q_j: 0.411, 0.245, 0.146, 0.087, …
        let q = try MajorityVoting.truncatedGeometricWeights(answers: 9, lambda: 0.5952)
        for (value, ref) in zip(q, [0.411, 0.245, 0.146, 0.087, 0.052, 0.031, 0.018, 0.011]) {
            #expect(abs(value - ref) < 6e-4)
        }
    }
}

@Suite("Best-of-N over Beta populations")
struct PassAtNTests {
    // ds3-theory §8, printed to 3 decimals: tolerance 1e-3 (the fitted parameters are rounded in the table).
    @Test func passAtNTableIsReproduced() throws {
        let rows = try fixtureRows("ds3/pass-at-n.csv")
        #expect(rows.count == 5)
        let fits = rows.map { row in
            (
                row.number("A")!, row.number("alpha")!, row.number("beta")!,
                ["N1", "N10", "N100", "N1000", "N10000"].map { row.number($0)! }
            )
        }
        for (A, a, b, expected) in fits {
            let population = try BetaTaskPopulation(alpha: a, beta: b, solvable: A)
            for (n, ref) in zip([1.0, 10, 100, 1000, 10_000], expected) {
                let value = try population.passAtN(n)
                #expect(abs(value - ref) < 1e-3, "α=\(a) β=\(b) N=\(n): \(value)")
            }
            #expect(abs(try population.passAtN(1) - population.meanSuccess) < 1e-14)
        }
    }

    @Test func passAtNMatchesSimulatedBestOfN() throws {
        let population = try BetaTaskPopulation(alpha: 0.388, beta: 2.715, solvable: 0.9)
        for n in [1, 5, 20] {
            let bon = try BestOfN(samples: n)
            let sim = try TraversalSimulator.run(
                bon, tasks: BetaPopulationSampler(population), budget: StepBudget(steps: 1), cost: CostModel(),
                trials: 20_000, seed: 60 + UInt64(n))
            expectWithin(try population.passAtN(Double(n)), sim.success, trials: 20_000, "pass@\(n)")
        }
    }

    @Test func passAtNApproachesCeilingAsPowerLaw() throws {
        // A − pass@N ≈ A Γ(α+β)/Γ(β) N^(−α) for large N: relative error O(1/N), < 1e-3 at N = 1e5.
        let population = try BetaTaskPopulation(alpha: 0.4, beta: 2.0, solvable: 0.8)
        let n = 1e5
        let gap = 0.8 - (try population.passAtN(n))
        let asymptote = 0.8 * exp(lgamma(2.4) - lgamma(2.0)) * pow(n, -0.4)
        #expect(relativeError(gap, asymptote) < 1e-3)
    }

    @Test func bestOfNIdentitiesHold() throws {
        // Oracle: 1 − (1 − p)^N; a verifier that accepts everything is a random pick (p); N = 1 gives p.
        #expect(abs(try BestOfN.success(samples: 5, sampleSuccess: 0.2) - (1 - pow(0.8, 5))) < 1e-15)
        let blind = try Verifier(sensitivity: 1, falseAcceptance: 1)
        #expect(abs(try BestOfN.success(samples: 7, sampleSuccess: 0.3, verifier: blind) - 0.3) < 1e-15)
        let noisy = try Verifier(sensitivity: 0.7, falseAcceptance: 0.2)
        #expect(abs(try BestOfN.success(samples: 1, sampleSuccess: 0.3, verifier: noisy) - 0.3) < 1e-15)
    }
}
