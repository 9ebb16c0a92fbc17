import GSL
import Testing

@testable import DS3

@Suite("Majority voting: the dynamic programme's last constrained answer")
struct MajorityVotingLastAnswerTests {
    /// P(k < s) and P(k = s), k ~ Bin(u, q), from Loader's pmf summed term by term.
    static func direct(pool u: Int, q: Double, votes s: Int) -> (below: Double, tied: Double) {
        let below = s > 0 ? (0..<min(s, u + 1)).reduce(0.0) { $0 + BinomialMass.pmf($1, u, q) } : 0
        return (below, BinomialMass.pmf(s, u, q))
    }

    @Test("belowOrTied equals the binomial sums on both sides of the mode and at the edges")
    func belowOrTiedEqualsDirectSums() {
        // (u, q, s): s far above, just above, at and below the mode, u < s, u = s, and q = 1.
        let cases: [(Int, Double, Int)] = [
            (800, 0.2, 230), (800, 0.2, 161), (800, 0.2, 160), (800, 0.2, 120), (800, 0.2, 30), (50, 0.7, 36),
            (20, 0.3, 21), (20, 0.3, 20), (20, 1, 20), (20, 1, 25), (1, 0.5, 1), (3000, 0.05, 200),
        ]
        for (u, q, s) in cases {
            let outcome = MajorityVoting.belowOrTied(pool: u, q: q, votes: s, cutoff: 0)
            let expected = Self.direct(pool: u, q: q, votes: s)
            // The summed tail runs by the ratio recurrence (two roundings a term, ≤ 2ε × terms relative, a few
            // hundred terms here) against Loader's pmf at every term (a few ε each); the complement 1 − tail adds
            // ε absolute: 1e-13 relative plus 1e-15 absolute covers both.
            #expect(
                abs(outcome.below - expected.below) <= 1e-13 * expected.below + 1e-15, "u=\(u) q=\(q) s=\(s) below")
            // P(k = s) is Loader's pmf in both (or the exact 0/1 edge cases): equal to rounding.
            #expect(abs(outcome.tied - expected.tied) <= 1e-15 * expected.tied, "u=\(u) q=\(q) s=\(s) tied")
        }
    }

    @Test("A state's negligible terms are cut at the cutoff, not its whole tail")
    func cutoffDropsOnlyNegligibleTerms() {
        // s = 230 lies ~7 SD above the mean 160 of Bin(800, 0.2): its tail is ~1e-9; a cutoff of 1e-20 drops
        // terms below 1e-20 each, a few hundred of them at most: ≤ 1e-17 absolute.
        let exact = MajorityVoting.belowOrTied(pool: 800, q: 0.2, votes: 230, cutoff: 0)
        let cut = MajorityVoting.belowOrTied(pool: 800, q: 0.2, votes: 230, cutoff: 1e-20)
        #expect(abs(exact.below - cut.below) <= 1e-17)
        #expect(exact.tied == cut.tied)
    }
}
