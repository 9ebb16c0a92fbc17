import ComputeOptimal
import Foundation
import ScalingCore
import TestSupport
import Testing

@testable import ds3

/// `ds3 fit budget`: bad data rows are named by file, line and column; the JSON carries the library's fit.
@Suite("ds3 fit budget")
struct FitBudgetCommandTests {
    @Test(
        "Bad budget data give one error line naming file, line and column, exit status 2",
        arguments: [
            ("tokens,accuracy\n100,0.2\n-5,0.3\n", ":3 column tokens"),
            ("tokens,accuracy\n100,0.2\n200,1.3\n", ":3 column accuracy"),
            ("tokens,accuracy,questions\n100,0.2,30\n200,0.3,0.5\n", ":3 column questions"),
            ("# comment\ntokens,accuracy\n100,0.2\n200,abc\n", ":4 column accuracy"),
            ("tokens\n100\n200\n", ":1 column accuracy"),
        ])
    func badData(text: String, expected: String) throws {
        let path = try FitCommandTests.temporaryFile(text, name: UUID().uuidString + ".csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let failure = try #require(FitCommandTests.inProcessFailure(["fit", "budget", "--data", path]))
        #expect(failure.status == 2)
        #expect(!failure.message.contains("\n"))
        #expect(failure.message.contains(path + expected), "\(failure.message)")
    }

    /// Non-monotone, unsorted budgets are valid data (a benchmark re-run at a smaller budget may score higher).
    @Test("fit budget --model task prints top-level m and r equal to the library fit; --save reads back the same")
    func taskEqualsLibrary() throws {
        let truth = try BudgetTaskFit.Parameters(m: 4, r: 0.25, tokensPerStep: 25)
        let tokens: [Double] = [600, 250, 300, 400, 500, 800, 1000, 1500]
        var text = "tokens,accuracy,questions\n"
        var accuracy: [Double] = []
        for t in tokens {
            // Rounded to whole questions of 200, as a benchmark reports them: the fit is then not noiseless.
            let y = (try truth.accuracy(tokens: t) * 200).rounded() / 200
            accuracy.append(y)
            text += "\(t),\(y),200\n"
        }
        let path = try FitCommandTests.temporaryFile(text, name: "budget.csv")
        let saved = path + ".json"
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: saved)
        }
        let r = try runDS3(["fit", "budget", "--data", path, "--bootstrap", "10", "--format", "json", "--save", saved])
        #expect(r.status == 0, "\(r.stderr)")
        var options = BudgetTaskFit.Options()
        options.settings.bootstrapReplicates = 10
        let fit = try BudgetTaskFit.fit(
            try BudgetCurve(tokens: tokens, accuracy: accuracy, questions: tokens.map { _ in 200 }), options: options)
        #expect(r.stdout.hasPrefix("{\"m\": \(fit.m), \"r\": \(Table.format(fit.r)),"), "\(r.stdout)")
        #expect(fit.m == 4)
        let file = try SavedFitFile.load(saved)
        let back = try file.fit(.budgetTask).taskParameters()
        #expect(back == fit.parameters)
        #expect(try file.fit(.budgetTask).replicates.count == 10)
    }

    @Test("fit budget --plot FILE.svg draws the measured points and the fitted curve; a bad extension is refused")
    func plot() throws {
        let path = NSTemporaryDirectory() + "ds3-budget-plot-\(UUID().uuidString).svg"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let data = TestSupport.packageRoot() + "/fixtures/fit/claude37-aime2024-budget.csv"
        let r = try runDS3(["fit", "budget", "--data", data, "--bootstrap", "0", "--plot", path])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("measured") && svg.contains("fitted"))
        let bad = try #require(
            FitCommandTests.inProcessFailure(["fit", "budget", "--data", data, "--plot", path + ".gif"]))
        #expect(bad.status == 2 && bad.message.contains(".svg or .png"), "\(bad.message)")
    }

    @Test("Uninformative curves are fitted but carry a warning (all accuracies 0; a single budget)")
    func uninformativeWarnings() throws {
        for (text, expected) in [
            ("tokens,accuracy\n100,0\n200,0\n", "no accuracy strictly between 0 and 1"),
            ("tokens,accuracy\n100,0.2\n100,0.5\n", "a single budget"),
        ] {
            let path = try FitCommandTests.temporaryFile(text, name: UUID().uuidString + ".csv")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let r = try runDS3(["fit", "budget", "--data", path, "--bootstrap", "2", "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("\"warnings\": [\"" + expected), "\(r.stdout)")
        }
    }
}
