import DS3
import Foundation
import Testing

/// Issue 23: a Beta task population with huge α, β is concentrated at r = α/(α + β) and must agree with the point
/// task r; the log-beta difference used to cancel to 0 there (pass@8 at α = β = 1e20 was 0, true 0.996).
@Suite("Beta task population in the concentrated limit")
struct BetaPopulationLimitTests {
    @Test("pass@N at α = β from 1e6 to 1e300 equals the 50-digit values and tends to the point task's 1 − 2^{−N}")
    func passAtNConcentrated() throws {
        // mpmath (50 digits): 1 − B(α, α + 8)/B(α, α).
        let oracle: [(Double, Double)] = [
            (1e6, 0.99609369531232226581640648754708154878953528421538),
            (1e7, 0.99609374453124822265644140627375486534668550829923),
            (1e10, 0.99609374999453124999822265625019140625002375488279),
            (1e20, 0.99609374999999999999945312499999999999998222656250),
        ]
        for (shape, expected) in oracle {
            let population = try BetaTaskPopulation(alpha: shape, beta: shape)
            // Stirling's differenced series is exact to ~1e-18 here; the remaining error is the rounding of
            // ln(1 + h/x) and of the N ln 2 difference, a few ulps of 1: 1e-15 allows ~5 ulps.
            #expect(abs(try population.passAtN(8) - expected) < 1e-15, "α = β = \(shape)")
        }
        // The limit: the point task r = 1/2 has pass@8 = 1 − 2^{−8}.
        let far = try BetaTaskPopulation(alpha: 1e300, beta: 1e300)
        #expect(abs(try far.passAtN(8) - (1 - 0x1p-8)) < 1e-14)
    }

    @Test("The Beta-binomial at α, β = 1e20 equals the binomial pmf of r = α/(α+β), also where 2^{−N} underflows")
    func betaBinomialConcentrated() throws {
        for (alpha, beta, n) in [(1e20, 1e20, 8), (1e20, 0.8e20, 2000)] {
            let population = try BetaTaskPopulation(alpha: alpha, beta: beta)
            let pmf = try population.betaBinomial(samples: n)
            let r = alpha / (alpha + beta)
            // The Beta-binomial differs from the binomial by O(N²/(α+β)) ≤ 4e-14 relative; the recurrence of N
            // ratios and lgamma add ~N ulps (≤ 5e-13 relative), so 1e-11 absolute on masses ≤ 0.3 is safe.
            for s in 0...n {
                let logBinomial =
                    lgamma(Double(n + 1)) - lgamma(Double(s + 1)) - lgamma(Double(n - s + 1)) + Double(s) * log(r)
                    + Double(n - s) * log1p(-r)
                #expect(abs(pmf[s] - exp(logBinomial)) < 1e-11, "α = \(alpha), β = \(beta), N = \(n), s = \(s)")
            }
        }
    }
}
