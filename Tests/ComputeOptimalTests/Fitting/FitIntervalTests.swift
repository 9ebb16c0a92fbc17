import ComputeOptimal
import Foundation
import ScalingCore
import Testing

/// The confidence intervals the fits report, against published quantiles. (A mutation check found that no test
/// noticed one-sided normal quantiles: every interval was narrower, every estimate unchanged.)
@Suite("Fit intervals")
struct FitIntervalTests {
    /// Jacobian (normal) intervals of the pass@N fit of Gemma-2B's coverage (Brown et al.; standard errors ~1e-2, so
    /// the half-widths do not cancel to rounding as on noiseless data): lower and upper are
    /// estimate ∓ z·se with the two-sided standard-normal quantile z = Φ⁻¹((1 + level)/2) — 1.959963984540054 at
    /// 0.95 and 2.5758293035489004 at 0.99 (scipy.stats.norm.ppf, 16 digits). 1e-12 relative on the half-width:
    /// z is computed by GSL's inverse Gaussian (~1e-15) and the interval by one multiply and add.
    @Test("Normal intervals are estimate ∓ z·se with z = 1.959964 (95 %) and 2.575829 (99 %)")
    func normalIntervalsUseTwoSidedQuantile() throws {
        let data = try FitData.read(
            try fitFixture("fit/brown2024-coverage.csv"), source: "brown2024-coverage.csv",
            required: [("N", .positive), ("coverage", .probability)], optionalText: ["model"])
        let gemma = try #require(FitData.groups(data, by: "model").first { $0.name == "Gemma-2B" })
        let samples = gemma.rows.map { data("N")[$0] }
        let coverage = gemma.rows.map { data("coverage")[$0] }
        for (level, z) in [(0.95, 1.959963984540054), (0.99, 2.5758293035489004)] {
            var options = PassAtNFit.Options()
            options.level = level
            let fit = try PassAtNFit.fit(samples: samples, coverage: coverage, options: options)
            var checked = 0
            for e in fit.estimates {
                guard let se = e.standardError, se > 0, let lower = e.lower, let upper = e.upper else { continue }
                checked += 1
                #expect(abs((e.estimate - lower) / (z * se) - 1) <= 1e-12, "\(e.name) lower at \(level)")
                #expect(abs((upper - e.estimate) / (z * se) - 1) <= 1e-12, "\(e.name) upper at \(level)")
            }
            #expect(checked >= 2)
        }
    }

    /// Percentile-bootstrap quantiles are numpy's default (Hyndman–Fan type 7): for [3, 1, 4, 1, 5, 9, 2, 6]
    /// numpy.quantile gives 1.0, 1.75, 3.5 and 8.475 at 0.025, 0.25, 0.5 and 0.975. Exact up to one
    /// rounding of the interpolation (1e-15 relative).
    @Test("FitStatistics.quantile equals numpy's default quantiles")
    func quantileMatchesNumpy() throws {
        let values: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]
        for (q, expected) in [(0.025, 1.0), (0.25, 1.75), (0.5, 3.5), (0.975, 8.475)] {
            let got = try FitStatistics.quantile(values, q)
            #expect(abs(got - expected) <= 1e-15 * expected, "q = \(q): \(got)")
        }
    }
}
