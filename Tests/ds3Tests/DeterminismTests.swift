import Foundation
import Testing

/// The same seed gives byte-identical output across runs and across thread counts, and the seed is reported.
@Suite("Determinism of seeded commands", .serialized)
struct DeterminismTests {
    static let commands: [[String]] = [
        [
            "strategy", "simulate", "--strategy", "bon", "--m", "5", "--r", "0.4", "--steps", "30", "--samples", "4",
            "--trials", "3000", "--seed", "11", "--format", "json",
        ],
        [
            "strategy", "simulate", "--strategy", "cot", "--m", "8", "--r", "0.3", "--steps", "50", "--trials", "3000",
            "--seed", "12", "--fast", "--format", "json",
        ],
        [
            "tripartite", "simulate", "--concepts", "400", "--texts", "1800", "--repeats", "24", "--seed", "13",
            "--format", "json",
        ],
    ]

    @Test("Seeded simulations print identical bytes for 1 and 2 threads and on a repeat run; the seed is echoed")
    func identicalAcrossThreadsAndRuns() throws {
        for arguments in Self.commands {
            let one = try runDS3(arguments, environment: ["DS3KIT_THREADS": "1"])
            let two = try runDS3(arguments, environment: ["DS3KIT_THREADS": "2"])
            let again = try runDS3(arguments, environment: ["DS3KIT_THREADS": "2"])
            #expect(one.status == 0, "\(arguments): \(one.stderr)")
            #expect(one.stdout == two.stdout, "\(arguments.prefix(2)): 1 vs 2 threads differ")
            #expect(two.stdout == again.stdout, "\(arguments.prefix(2)): repeat run differs")
            #expect(one.stdout.contains("\"seed\""), "\(arguments.prefix(2)): seed not reported")
        }
    }

    @Test("A figure with Monte Carlo data writes its seed in the CSV metadata")
    func seedInFigureMetadata() throws {
        let dir = NSTemporaryDirectory() + "ds3kit-seed-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runDS3(["figures", "run", "proj-peeling-mc", "--out", dir])
        #expect(r.status == 0)
        let csv = try String(contentsOfFile: dir + "/proj-peeling-mc.csv", encoding: .utf8)
        #expect(csv.contains("# seed: "))
    }
}
