import GSL
import RealModule
import ScalingCore

/// Majority-voting accuracy over the whole domain: the window of `accuracy(sampleSuccess:)` keeps binomial weights
/// within 1e-21 of the peak, which is exact to ~1e-21 absolute but loses every accuracy far below that (a tiny
/// per-sample success, or a correct answer that needs an unlikely share of the votes). Here:
///
/// - one wrong answer (binary voting, `--answers 2`): the closed form P(X > N/2) + ½ P(X = N/2), X ~ Bin(N, p),
///   from the incomplete beta I_p(⌊N/2⌋ + 1, N − ⌊N/2⌋), and 1 − P the same with X' ~ Bin(N, p_f), so both keep
///   full relative precision;
/// - several wrong answers with accuracy below 1e-3: Σ_s Bin(s; N, p) W(s, N − s) summed outward from
///   s₀ = max(mode, ⌈N/(J + 1)⌉) (below ⌈N/(J + 1)⌉ some wrong answer must out-vote the correct one, W = 0) until a
///   term falls below 1e-20 of the running sum, with W from the dynamic programme at absolute tolerance 1e-30
///   (relative precision as long as the contributing W are ≳ 1e-15). The complement is then 1 − P exactly enough.
///
/// Elsewhere (accuracy in [1e-3, 0.999], and for several wrong answers near 1) the window result is used as is,
/// so figures and benchmarks keep their bits; its complement is 1 − P (absolute precision ~1e-16).
extension MajorityVoting {
    /// (P, 1 − P) with per-sample success p and failure p_f = 1 − p given separately.
    public func accuracyTails(sampleSuccess p: Double, sampleFailure pf: Double) throws -> (
        success: Double, failure: Double
    ) {
        try Validate.probability(p, "sample success")
        try Validate.probability(pf, "sample failure")
        try checkExactSize()
        if p == 0 { return (0, 1) }
        if pf == 0 { return (1, 0) }
        let window = try accuracy(sampleSuccess: p)
        if errorWeights.count == 1 {
            if window >= 1e-3, window <= 0.999 { return (window, 1 - window) }
            return (
                try Self.binaryWin(samples: samples, voteShare: p), try Self.binaryWin(samples: samples, voteShare: pf)
            )
        }
        if window >= 1e-3 { return (window, 1 - window) }
        let small = try smallAccuracy(sampleSuccess: p)
        return (small, 1 - small)
    }

    /// P(X > N/2) + ½ P(X = N/2), X ~ Bin(N, x): binary voting won by the side with per-vote share x.
    static func binaryWin(samples n: Int, voteShare x: Double) throws -> Double {
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        let k = n / 2 + 1
        var result = try IncompleteBeta.regularized(a: Double(k), b: Double(n - k + 1), x: x)
        if n % 2 == 0 { result += 0.5 * BinomialMass.pmf(n / 2, n, x) }
        return min(1, result)
    }

    /// Σ_s Bin(s; N, p) W(s, N − s) summed outward from the larger of the mode and the pigeonhole bound (see the
    /// extension's documentation), for accuracies far below the window's 1e-21 absolute resolution.
    func smallAccuracy(sampleSuccess p: Double) throws -> Double {
        let n = samples
        let wrongAnswers = errorWeights.count
        let pigeonhole = max(1, (n + wrongAnswers) / (wrongAnswers + 1))
        let mode = min(n, Int((Double(n + 1) * p).rounded(.down)))
        let start = max(pigeonhole, mode)
        func term(_ s: Int) -> Double {
            let weight = BinomialMass.pmf(s, n, p)
            if weight == 0 { return 0 }
            return weight * dynamicProgrammeWinProbability(correct: s, wrong: n - s)
        }
        var sum = 0.0
        // Right of the mode the weights fall geometrically and W ≤ 1: stop once a weight is negligible.
        var s = start
        while s <= n {
            let weight = BinomialMass.pmf(s, n, p)
            if s > start, weight < 1e-20 * sum || weight == 0 { break }
            sum += term(s)
            s += 1
        }
        // Left of the mode both the weight and W fall: stop at the first negligible term.
        s = start - 1
        while s >= pigeonhole {
            let t = term(s)
            sum += t
            if t < 1e-20 * sum { break }
            s -= 1
        }
        return min(1, sum)
    }
}
