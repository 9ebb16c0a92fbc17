import Foundation
import ScalingCore
import Testing

/// `ds3 bench` (the performance suite). No test here asserts a wall time (the machines are shared), and none runs a
/// benchmark of seconds in a debug build.
@Suite("ds3 bench", .serialized)
struct BenchTests {
    /// Item (c1) — 1,000 Chinchilla training-only optima, a few milliseconds even in a debug build — as JSON: its
    /// checksum Σ ln N*(C) over C = geom(1e18, 1e26, 1000) must equal the closed form worked out here from the law's
    /// constants alone: N*(C) = G (C/6)^a with a = β/(α + β), G = (αA/(βB))^{1/(α+β)} (Hoffmann et al. Eq. 4), and
    /// the mean of ln C over a geometric grid is the midpoint, so Σ ln N* = 1000 (ln G + a((ln 1e18 + ln 1e26)/2 −
    /// ln 6)). 1e-12 relative: 1,000 terms of ~20 each, rounded at ~2e-16, and a 1-ulp misreading of the printed
    /// value by JSONSerialization. The printed rates must be the reported units over the median time (17 significant
    /// digits in, 1e-12 relative slack).
    @Test("ds3 bench --only c1 reports the closed-form checksum Σ ln N* and consistent rates")
    func trainingOptimaChecksum() throws {
        let r = try runDS3(["bench", "--only", "c1", "--repeats", "1", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.count == 1)
        let c1 = try #require(items.first)
        #expect(c1["id"] as? String == "c1")
        let law = ChinchillaLossLaw.chinchilla
        let a = law.beta / (law.alpha + law.beta)
        let logG = log(law.alpha * law.A / (law.beta * law.B)) / (law.alpha + law.beta)
        let expected = 1000 * (logG + a * ((log(1e18) + log(1e26)) / 2 - log(6.0)))
        let checksum = try #require(c1["checksum"] as? Double)
        #expect(abs(checksum - expected) <= 1e-12 * abs(expected), "checksum \(checksum) vs closed form \(expected)")
        let units = try #require(c1["units"] as? Double)
        let median = try #require(c1["median_s"] as? Double)
        let throughput = try #require(c1["throughput_per_s"] as? Double)
        #expect(units == 1000 && median > 0)
        #expect(abs(throughput - units / median) <= 1e-12 * throughput)
    }

    @Test("ds3 bench rejects unknown items and bad repeat counts with one line and exit status 2 (in process)")
    func badArguments() throws {
        for args in [["bench", "--only", "z"], ["bench", "--repeats", "0"], ["bench", "--only", ","]] {
            let failure = try #require(FitCommandTests.inProcessFailure(args), "\(args) did not fail")
            #expect(failure.status == 2, "\(args): \(failure.status)")
            #expect(!failure.message.contains("\n"), "\(args): \(failure.message)")
        }
    }
}
