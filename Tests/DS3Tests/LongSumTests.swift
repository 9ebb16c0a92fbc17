@testable import DS3
import GSL
import Testing

@Suite("Long-sum paths")
struct LongSumTests {
    @Test func integratedMaximumMatchesDirectSum() throws {
        // r = 1e-4: the direct sum runs over ~10⁶ terms; forcing the Euler–Maclaurin integral must agree to 1e-7
        // relative (its neglected correction is O(r²) of the terms' scale).
        for n in [1, 5, 100] {
            let direct = try ChainOfThought.expectedMaximumSteps(m: 3, r: 1e-4, steps: 2e5, chains: n, loopLimit: 1e12)
            let integral = try ChainOfThought.expectedMaximumSteps(m: 3, r: 1e-4, steps: 2e5, chains: n, loopLimit: 0)
            #expect(relativeError(integral, direct) < 1e-7, "n=\(n): \(integral) vs \(direct)")
        }
    }

    @Test func strictChainClosedFormMatchesDirectSum() throws {
        // L = 2·10⁶ > 10⁶ takes the closed form; the test sums Σ r^{j−1} and Σ (2j − 1) r^{j−1} directly
        // (compensated). The closed form divides by (1 − r)² = 1e-14, losing ~1e-16/1e-7 ≈ 1e-9 relative.
        let r = 0.9999999
        let closed = StrictChain.stepMoments(m: 2_000_000, r: r, steps: 3e6)
        var mean = 0.0, c1 = 0.0, second = 0.0, c2 = 0.0, power = 1.0
        for j in 1...2_000_000 {
            let y1 = power - c1; let t1 = mean + y1; c1 = (t1 - mean) - y1; mean = t1
            let y2 = Double(2 * j - 1) * power - c2; let t2 = second + y2; c2 = (t2 - second) - y2; second = t2
            power *= r
        }
        #expect(relativeError(closed.mean, mean) < 1e-8)
        #expect(relativeError(closed.secondMoment, second) < 1e-7)
    }
}

@Suite("Windowed negative-binomial sum")
struct WindowedSumTests {
    @Test func windowedSumMatchesIncompleteBeta() throws {
        // Independent references from scipy.special.betainc (double precision, Boost-based, ~1e-15 relative here);
        // the windowed sum must agree to 1e-12 absolute. (The package's IncompleteBeta differs from scipy by 8e-11
        // at a = 90,000, b = 90,000.3: its O(a) running product accumulates rounding.)
        let cases: [(Double, Double, Double, Double)] = [
            (5000, 4000.5, 0.55, 0.1457799375607525), (2000, 2.5, 0.999, 0.5489118954347254),
            (90_000, 90_000.3, 0.5, 0.500282095186187),
        ]
        for (a, b, x, reference) in cases {
            let w = NegativeBinomialTail.windowedSum(a: a, b: b, x: x)
            #expect(abs(w.upper - reference) < 1e-12, "a=\(a) b=\(b) x=\(x): \(w.upper) vs \(reference)")
            #expect(abs(w.lower + w.upper - 1) < 1e-15)
        }
        // Cross-check with the package's IncompleteBeta where its sum is short (a = 5000): 1e-12.
        let short = try GSL.IncompleteBeta.regularized(a: 5000, b: 4000.5, x: 0.55)
        #expect(abs(NegativeBinomialTail.windowedSum(a: 5000, b: 4000.5, x: 0.55).upper - short) < 1e-12)
        // Large a (GSL's continued fraction gives up here): symmetric case I_{1/2}(a, a) = 1/2 exactly.
        let half = NegativeBinomialTail.windowedSum(a: 2e7, b: 2e7, x: 0.5)
        #expect(abs(half.upper - 0.5) < 1e-9)
    }
}
