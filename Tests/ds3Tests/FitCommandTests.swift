import Foundation
import TestSupport
import Testing

@Suite("ds3 fit")
struct FitCommandTests {
    static func temporaryFile(_ text: String, name: String) throws -> String {
        let path = NSTemporaryDirectory() + "ds3-fit-\(getpid())-\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(
        "Malformed input files give one error line naming file, line and column, exit status 2",
        arguments: [
            ("N,D\n1,2\n", ":1 column loss"),
            ("N,D,loss\n1e9,1e10,2.1\n2e9,x,2.0\n", ":3 column D"),
            ("N,D,loss\n-1e9,1e10,2.1\n", ":2 column N"),
            ("", ":1"),
        ])
    func malformed(text: String, expected: String) throws {
        let path = try Self.temporaryFile(text, name: UUID().uuidString + ".csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try runDS3(["fit", "loss", "--runs", path])
        #expect(r.status == 2)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(r.stderr.contains(path + expected), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test("fit loss --format json has top-level E, A, B, alpha, beta and intervals; --out writes the curve")
    func lossJSON() throws {
        var rows = "N,D,loss\n"
        for n in [1e7, 1e8, 1e9, 1e10] {
            for d in [1e9, 1e10, 1e11, 1e12] {
                rows += "\(n),\(d),\(1.69 + 406.4 * pow(n, -0.34) + 410.7 * pow(d, -0.28))\n"
            }
        }
        let path = try Self.temporaryFile(rows, name: "runs.csv")
        let out = path + ".out.csv"
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: out)
        }
        let r = try runDS3(["fit", "loss", "--runs", path, "--bootstrap", "8", "--format", "json", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        // Noiseless data: the fit returns the generating constants (1e-6 relative; see LossLawFitTests).
        for (key, value) in [("E", 1.69), ("A", 406.4), ("B", 410.7), ("alpha", 0.34), ("beta", 0.28)] {
            let fitted = try #require(object[key] as? Double)
            #expect(abs(fitted - value) <= 1e-6 * value, "\(key)")
        }
        let intervals = try #require(object["intervals"] as? [String: Any])
        #expect(intervals["alpha"] != nil)
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        #expect(csv.contains("C,N_opt,D_opt,loss"))
    }

    @Test("fit passk on the shipped Brown et al. data prints one fit per model")
    func passk() throws {
        let data = fixturePath("fit/brown2024-coverage.csv")
        let r = try runDS3(["fit", "passk", "--data", data, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let fits = try #require(object["fits"] as? [[String: Any]])
        #expect(fits.count == 5)
    }
}
