@testable import DS3
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
