import Foundation
import TestSupport
import Testing

/// `ds3 fit mv` on the shipped Brown et al. example with default options (issue 23: 8 minutes, then 30 s, then
/// 11 s; now 4.4 s wall, 7.2–7.9 s CPU, in a release build on two cores, 6–7.5 s wall on a machine at
/// load average 3.5) gives the estimates recorded before the searches were shortened.
@Suite("ds3 fit mv: the Brown et al. example")
struct BrownMajorityVoteTests {
    /// `ds3 fit mv --data fixtures/fit/brown2024-majority-vote.csv --passk fixtures/fit/brown2024-coverage.csv
    /// --format json` at commit 0045772 (before): per model, M and the estimate and standard error of c*, the
    /// plateau and λ, and the SSR.
    static let recorded: [(model: String, M: Int, values: [String: (estimate: Double, se: Double)], ssr: Double)] = [
        (
            "Llama-3-8B-Instruct", 12,
            [
                "c*": (0.27387860433146827, 0.003950238031900726),
                "plateau": (0.4118665076262845, 0.002468458784396981),
                "lambda": (0.7354456603333253, 0.0044341474070358124),
            ], 0.0009052172453562635
        ),
        (
            "Llama-3-70B-Instruct", 16,
            [
                "c*": (0.41180436783243757, 0.008815704350545463),
                "plateau": (0.5776887315124232, 0.0029746226838984324),
                "lambda": (0.5883398819890586, 0.008845146262651118),
            ], 0.0011789231387167645
        ),
    ]

    // One exact fit of two models (4.4 s in a release build on two cores; the debug build compiles the modules
    // with -O as well and takes the same CPU time, 7.9 s).
    @Test("The Brown et al. estimates are those recorded before the faster search", .enabled(if: TestTier.slow))
    func brownEstimatesUnchanged() throws {
        let root = packageRoot()
        let object = try runDS3JSON([
            "fit", "mv", "--data", root + "/fixtures/fit/brown2024-majority-vote.csv", "--passk",
            root + "/fixtures/fit/brown2024-coverage.csv",
        ])
        let fits = try #require(object["fits"] as? [[String: Any]])
        #expect(fits.count == Self.recorded.count)
        for (fit, expected) in zip(fits, Self.recorded) {
            #expect(fit["model"] as? String == expected.model)
            #expect(fit["M"] as? Int == expected.M)
            // The SSR is flat at its minimum: a c* off by δ changes it by O(δ²), far below 1e-12.
            let ssr = try #require(fit["ssr"] as? Double)
            #expect(abs(ssr - expected.ssr) <= 1e-12 * expected.ssr)
            for (name, value) in expected.values {
                let entry = try #require(fit[name] as? [String: Any])
                let estimate = try #require(entry["estimate"] as? Double)
                let se = try #require(entry["se"] as? Double)
                // The estimates: where a flat SSR (relative rounding ~1e-16 of ~1e-3) locates its minimum, c* is
                // fixed to ~√(2ε·SSR/SSR″) ≈ 2e-10 absolute, ~6e-10 relative; 1e-9 relative holds either search.
                #expect(abs(estimate - value.estimate) <= 1e-9 * abs(value.estimate), "\(expected.model) \(name)")
                // Standard errors come from central differences at that c* (step 1e-6 relative, rounding
                // ~ε/h ≈ 1e-10 relative, amplified by the plateau's derivative): 1e-8 relative.
                #expect(abs(se - value.se) <= 1e-8 * value.se, "\(expected.model) \(name) se")
            }
        }
    }
}
