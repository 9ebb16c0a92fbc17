import Foundation
import Testing

/// `ds3 bench` (the performance suite) and the determinism that parallel speed-ups must not break. No test here
/// asserts a wall time: the machines are shared.
@Suite("ds3 bench and thread-count invariance", .serialized)
struct BenchTests {
    /// Every registered figure whose computation runs on several threads (`Parallel.map`, found by grep for its
    /// callers): the Monte Carlo peeling figure, those built on the compute-optimal frontier
    /// (`ComputeOptimalTraining.path`), and the DS3/allocation figures that split grid points or budgets over the
    /// cores (F6, F7, F12, F13, F14, F19, F21, the Pareto frontier). Each must be byte-identical whether computed on
    /// one core or two; run at test resolution (≤ 1 s each in debug).
    static let parallelFigures = [
        "proj-peeling-mc", "tri-A-a", "tri-A-b", "tri-B-c", "ds3-F6", "ds3-F7", "ds3-F12", "ds3-F13", "ds3-F14",
        "ds3-F19", "ds3-F21", "proj-pareto",
    ]

    @Test("One-core and two-core runs write byte-identical CSVs", arguments: parallelFigures)
    func threadInvariantCSV(id: String) throws {
        let known = try runDS3(["figures", "list"]).stdout.split(separator: "\n").map {
            String($0.split(separator: "\t").first ?? "")
        }
        try #require(known.contains(id), "figure \(id) is registered")
        var outputs: [Data] = []
        for threads in ["1", "2"] {
            let dir = NSTemporaryDirectory() + "ds3kit-threads-\(threads)-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let r = try runDS3(
                ["figures", "run", id, "--resolution", "test", "--out", dir], environment: ["DS3KIT_THREADS": threads])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: dir + "/\(id).csv")))
        }
        #expect(!outputs[0].isEmpty)
        #expect(outputs[0] == outputs[1], "\(id): CSV differs between DS3KIT_THREADS=1 and 2")
    }

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
