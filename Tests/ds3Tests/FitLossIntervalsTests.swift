import Foundation
import TestSupport
import Testing

/// `ds3 fit loss --intervals`: the sandwich intervals are chosen by name (or automatically for many runs) and
/// labelled with their method; a bootstrap count with them is refused.
@Suite("ds3 fit loss --intervals")
struct FitLossIntervalsTests {
    static let runs = packageRoot() + "/fixtures/fit/synthetic-runs.csv"

    @Test("--intervals sandwich labels every interval with its method and fits no bootstrap replicates")
    func sandwichLabelled() throws {
        let object = try runDS3JSON(["fit", "loss", "--runs", Self.runs, "--intervals", "sandwich"])
        #expect(object["bootstrap_replicates"] as? Int == 0)
        let intervals = try #require(object["intervals"] as? [String: [String: Any]])
        #expect(intervals.count == 6)
        for (name, entry) in intervals {
            #expect(
                entry["method"] as? String == "sandwich (asymptotic normal, Huber M-estimator)"
                    || (entry["method"] as? String)?.hasPrefix("not identified") == true, "\(name)")
        }
    }

    @Test("--bootstrap with --intervals sandwich is refused naming both options, exit 2")
    func bootstrapWithSandwichRefused() throws {
        let result = try runDS3(["fit", "loss", "--runs", Self.runs, "--intervals", "sandwich", "--bootstrap", "5"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--bootstrap") && result.stderr.contains("--intervals sandwich"))
    }
}
