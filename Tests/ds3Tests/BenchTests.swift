import Foundation
import Testing

/// `ds3 bench` (the performance suite) and the determinism that parallel speed-ups must not break. No test here
/// asserts a wall time: the machines are shared.
@Suite("ds3 bench and thread-count invariance", .serialized)
struct BenchTests {
    /// One item in JSON: every reported field is present and consistent (throughput = units/median, speed-up =
    /// one-thread median / median), and the checksum of item (a) — Σ R*/√F over the 200 budgets — lies in the
    /// range the theory allows: every R* is searched in [0.2√F, 0.6√F], so 200·0.2 ≤ Σ ≤ 200·0.6.
    @Test("ds3 bench --only a --format json reports consistent fields")
    func jsonReport() throws {
        let r = try runDS3(
            ["bench", "--only", "a", "--repeats", "1", "--format", "json"], environment: ["DS3KIT_THREADS": "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((json["cores"] as? Int ?? 0) >= 1)
        #expect(json["threads"] as? Int == 2)
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.count == 1)
        let a = try #require(items.first)
        #expect(a["id"] as? String == "a")
        let median = try #require(a["median_s"] as? Double)
        let units = try #require(a["units"] as? Double)
        let throughput = try #require(a["throughput_per_s"] as? Double)
        let one = try #require(a["one_thread_median_s"] as? Double)
        let speedup = try #require(a["speedup"] as? Double)
        #expect(units == 200)
        #expect(median > 0 && one > 0)
        // Printed with 17 significant digits, so the identities hold to ~1e-15 relative; 1e-12 leaves room.
        #expect(abs(throughput - units / median) <= 1e-12 * throughput)
        #expect(abs(speedup - one / median) <= 1e-12 * speedup)
        #expect((a["peak_bytes"] as? Double ?? 0) > 0)
        let checksum = try #require(a["checksum"] as? Double)
        #expect(checksum >= 200 * 0.2 && checksum <= 200 * 0.6)
    }

    @Test("ds3 bench rejects unknown items and bad repeat counts with exit status 2")
    func badArguments() throws {
        for args in [["bench", "--only", "z"], ["bench", "--repeats", "0"], ["bench", "--only", ","]] {
            let r = try runDS3(args)
            #expect(r.status == 2, "\(args): \(r.status)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
    }
}
