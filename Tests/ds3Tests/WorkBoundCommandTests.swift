import Foundation
import TestSupport
import Testing

@testable import ds3

/// Issue 18 item 6: every command with unbounded work estimates it first and refuses more than about a minute
/// (`WorkBound`), in well under a second, with exit 2, naming the flag to lower and the estimate's time.
@Suite("Commands refuse work beyond about a minute before starting it")
struct WorkBoundCommandTests {
    static let cases: [(arguments: [String], flag: String, lower: String)] = [
        // 1e6 repeats × (200 + 500 × 7) graph operations = 3.7e9 would pass; 1e7 repeats is 3.7e10, ~7.7 minutes.
        (
            ["tripartite", "simulate", "--concepts", "100", "--texts", "500", "--repeats", "10000000"], "--repeats",
            "lower --repeats, --texts or --concepts"
        ),
        // 10 trials × 5e9 expected steps (m / r) = 5e10 skill steps: about 2 minutes.
        (
            [
                "strategy", "simulate", "--strategy", "cot", "--m", "5", "--r", "1e-9", "--steps", "1e12", "--trials",
                "10",
            ],
            "--trials", "lower --trials or --steps"
        ),
        // 5 models × 1e5 starts = 5e5 local fits: about 5.6 hours on one core.
        (
            [
                "fit", "directionality", "--data", packageRoot() + "/fixtures/fit/ds3-beta-populations.csv", "--starts",
                "100000",
            ],
            "--starts", "lower --starts"
        ),
        // 42 runs × 1e5 replicates = 4.2e6 run-fits: about 3.5 minutes.
        (
            ["fit", "loss", "--runs", packageRoot() + "/fixtures/fit/synthetic-runs.csv", "--bootstrap", "100000"],
            "--bootstrap", "lower --bootstrap"
        ),
        // Brown et al.: Σ N = 38,719 over both models × 1000^1.5 = 1.2e12 sample-answer units: about 35 days.
        (
            [
                "fit", "mv", "--data", packageRoot() + "/fixtures/fit/brown2024-majority-vote.csv", "--passk",
                packageRoot() + "/fixtures/fit/brown2024-coverage.csv", "--max-answers", "1000",
            ],
            "--max-answers", "lower --max-answers"
        ),
    ]

    @Test("Each over-long request exits 2 naming its flag, the estimate in time and what to lower", arguments: 0..<5)
    func refusedWithEstimate(index: Int) throws {
        let (arguments, flag, lower) = Self.cases[index]
        let failure = try #require(FitCommandTests.inProcessFailure(arguments), "\(arguments) ran")
        #expect(failure.status == 2)
        #expect(failure.message.contains("invalid \(flag) = "), "\(failure.message)")
        #expect(failure.message.contains("(about a minute on "), "\(failure.message)")
        #expect(failure.message.contains(lower), "\(failure.message)")
        #expect(
            [" minutes)", " hours)", " days)"].contains { failure.message.contains($0) }, "\(failure.message)")
    }
}
