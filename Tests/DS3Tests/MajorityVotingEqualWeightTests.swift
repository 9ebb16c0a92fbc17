import Foundation
import GSL
import Testing

@testable import DS3

/// The equal-weight form of W(s, n) (`equalWeightWinProbability`: one real FFT, binomial expansion in the ties)
/// against the general Poissonised FFT form, the sequential-binomial dynamic programme and exact enumeration.
@Suite("Majority voting, equal-weight FFT form")
struct MajorityVotingEqualWeightTests {
    @Test("Equal-weight form equals the general FFT form and the dynamic programme to 1e-12")
    func equalsGeneralFormAndDynamicProgramme() throws {
        // All three are exact up to truncation (< 1e-26 here) and rounding: the FFT forms carry
        // ~1e-15 absolute on the product's coefficients, i.e. ~1e-13 on W after dividing by Pois(n; n)
        // (≈ 1/√(2πn)); the DP sums positive terms (~1e-15). Agreement to 1e-12 absolute, as in
        // `MajorityVotingFFTTests`. s runs from "the correct answer almost surely loses" through the
        // many-ties region s ≈ n/J to "almost surely wins".
        let cases: [(answers: Int, n: Int, s: [Int])] = [
            (9, 8900, [960, 980, 990, 1000, 1030, 1100, 1180]),
            (9, 1000, [100, 111, 112, 120, 140, 160]),
            (4, 300, [70, 75, 80, 90, 110]),
            (6, 3000, [480, 500, 520, 560, 620]),
            (20, 2000, [90, 100, 110, 130]),
        ]
        var interior = 0
        for (answers, n, ss) in cases {
            let mv = try MajorityVoting(samples: 1, errorWeights: Array(repeating: 1.0, count: answers))
            let all = Array(mv.errorWeights.indices)
            var plans = RealFFTPlans()
            for s in ss {
                let equal = mv.equalWeightWinProbability(correct: s, wrong: n, plans: &plans)
                let general = mv.fftWinProbability(correct: s, wrong: n, constrained: all)
                let dp = mv.dynamicProgrammeWinProbability(correct: s, wrong: n)
                #expect(abs(equal - general) < 1e-12, "J=\(answers) n=\(n) s=\(s): \(equal) vs FFT \(general)")
                #expect(abs(equal - dp) < 1e-12, "J=\(answers) n=\(n) s=\(s): \(equal) vs DP \(dp)")
                if equal > 1e-3, equal < 0.999 { interior += 1 }
            }
        }
        #expect(interior >= 8, "the cases must probe W away from 0 and 1")
    }

    /// W(s, n) by summing the multinomial over every vote vector of the J wrong answers.
    static func enumerateWin(correct s: Int, wrong n: Int, answers J: Int) -> Double {
        var total = 0.0
        var counts = [Int](repeating: 0, count: J)
        // log n! − Σ log k! + n log(1/J), accumulated as a product of exact small factorials.
        func factorial(_ k: Int) -> Double { k <= 1 ? 1 : (2...k).reduce(1.0) { $0 * Double($1) } }
        func visit(_ j: Int, _ left: Int) {
            if j == J - 1 {
                counts[j] = left
                var probability = factorial(n)
                for c in counts { probability /= factorial(c) }
                for _ in 0..<n { probability /= Double(J) }
                let top = counts.max() ?? 0
                if top < s {
                    total += probability
                } else if top == s {
                    total += probability / Double(counts.filter { $0 == s }.count + 1)
                }
                return
            }
            for c in 0...left {
                counts[j] = c
                visit(j + 1, left - c)
            }
        }
        visit(0, n)
        return total
    }

    @Test("Equal-weight form equals exact enumeration at small n to 1e-13")
    func equalsEnumeration() throws {
        // Enumeration sums ≤ C(n + J − 1, J − 1) ≈ 10⁴ positive terms (~1e-15); the FFT form's rounding is
        // ~1e-16 absolute on the coefficients, over Pois(n; n) ≥ 0.1 here: 1e-13 absolute.
        for answers in [2, 3, 4, 5] {
            let mv = try MajorityVoting(samples: 1, errorWeights: Array(repeating: 1.0, count: answers))
            var plans = RealFFTPlans()
            for n in [1, 2, 5, 8, 13] where answers < 5 || n <= 8 {
                for s in 1...(n + 1) {
                    let fast = mv.equalWeightWinProbability(correct: s, wrong: n, plans: &plans)
                    let exact = Self.enumerateWin(correct: s, wrong: n, answers: answers)
                    #expect(abs(fast - exact) < 1e-13, "J=\(answers) n=\(n) s=\(s): \(fast) vs \(exact)")
                }
            }
        }
    }

    @Test("Exact accuracy with equal weights equals the general-form sum at N = 1000 to 1e-12")
    func accuracyEqualsGeneralFormSum() throws {
        // accuracy(sampleSuccess:) routes equal weights to the new form; the same Σ_s Bin(s; N, p) W(s, N − s)
        // with W from the general FFT form (n ≥ 300) or the DP must agree to the per-W bar of 1e-12 (the binomial
        // weights sum to 1; the omitted s carry < 1e-16 each, < 1e-13 in all).
        let samples = 1000
        let mv = try MajorityVoting.uniform(samples: samples, answers: 10)
        let all = Array(mv.errorWeights.indices)
        var interior = 0
        for p in [0.1, 0.12] {
            let fast = try mv.accuracy(sampleSuccess: p)
            var reference = 0.0
            for s in 0...samples {
                let w = BinomialMass.pmf(s, samples, p)
                if w < 1e-16 { continue }
                let n = samples - s
                let win =
                    n >= MajorityVoting.fftMinimumVotes && s > 0
                    ? mv.fftWinProbability(correct: s, wrong: n, constrained: all)
                    : mv.dynamicProgrammeWinProbability(correct: s, wrong: n)
                reference += w * win
            }
            #expect(abs(fast - reference) < 1e-12, "p=\(p): \(fast) vs \(reference)")
            if fast > 0.01, fast < 0.999 { interior += 1 }
        }
        #expect(interior >= 1, "at least one accuracy must lie between 0 and 1")
    }

    @Test("Real FFT equals the direct DFT; mirrored unit roots equal cos and sin to 2e-16")
    func realTransformEqualsDirectDFT() throws {
        for size in [4, 8, 16, 64, 4096] {
            let (c, s) = RealFFT.unitRoots(size: size)
            for k in 0..<size {
                // Reference in 80-bit precision (error ~1e-19). The table's first octant is computed from a
                // rounded angle ≤ π/4 (argument error ≤ 5.6e-17) plus the function's own rounding (≤ 1 ulp,
                // 1.1e-16); the rest are exact mirrors of it: 2e-16 absolute. (Evaluating cos and sin directly at
                // angles near 2π would be worse: the rounded angle alone is off by up to 4.4e-16 there.)
                let angle = 2 * Float80.pi * Float80(k) / Float80(size)
                #expect(abs(c[k] - Double(Foundation.cos(angle))) <= 2e-16, "cos size \(size) k \(k)")
                #expect(abs(s[k] - Double(Foundation.sin(angle))) <= 2e-16, "sin size \(size) k \(k)")
            }
        }
        for size in [4, 8, 32, 256] {
            // A deterministic, irregular real sequence.
            let x = (0..<size).map { Foundation.sin(Double($0 * $0 % 17) + 0.3 * Double($0)) }
            let (re, im) = RealFFT(size: size).forward(x)
            for k in 0...(size / 2) {
                var dr = 0.0
                var di = 0.0
                for j in 0..<size {
                    let angle = -2 * Double.pi * Double(j * k % size) / Double(size)
                    dr += x[j] * Foundation.cos(angle)
                    di += x[j] * Foundation.sin(angle)
                }
                // Both sums carry ~size·ε·max|x| ≈ 6e-14 at size 256: 1e-12 absolute.
                #expect(abs(re[k] - dr) < 1e-12 && abs(im[k] - di) < 1e-12, "size \(size) k \(k)")
            }
        }
    }
}
