import ArgumentParser
import Foundation
import Testing

@testable import ds3

/// Issue 23: `optimum dynamic` takes the loss L itself, so of the loss law only E (the floor of L) can matter.
@Suite("optimum dynamic: the loss is checked against the law's irreducible term")
struct DynamicLossFloorTests {
    static let base = ["optimum", "dynamic", "--average-tokens", "1000", "--m-max", "5", "--l0-count", "3"]

    @Test("A loss below E (Hoffmann et al.'s 1.69, or an --E override) is refused at parse time, E itself accepted")
    func lossBelowFloorRefused() throws {
        for loss in ["1.5", "0", "-1", "1.6899"] {
            #expect(throws: (any Error).self, "--loss \(loss)") {
                _ = try DS3Command.parseAsRoot(Self.base + ["--loss=\(loss)"])
            }
        }
        _ = try DS3Command.parseAsRoot(Self.base + ["--loss", "1.69"])
        #expect(throws: (any Error).self) { _ = try DS3Command.parseAsRoot(Self.base + ["--loss", "2", "--E", "2.1"]) }
        _ = try DS3Command.parseAsRoot(Self.base + ["--loss", "2", "--E", "1.9"])
    }

    @Test("The law constants that cannot change the answer at a given loss (A, B, α, β) are not options")
    func inertLawOptionsAbsent() throws {
        for option in ["--A", "--B", "--alpha", "--beta"] {
            #expect(throws: (any Error).self, "\(option)") {
                _ = try DS3Command.parseAsRoot(Self.base + ["--loss", "2", option, "1"])
            }
        }
    }
}

/// Issue 23: `fit directionality` keys its output by model name.
@Suite("fit directionality: repeated model names")
struct DirectionalityDuplicateTests {
    @Test("A model name given twice is an error naming the file, the line and the first occurrence")
    func duplicateModelRefused() throws {
        let path = try FitCommandTests.temporaryFile(
            "model,A,alpha,beta,loss,steps\nx,1.0,0.388,2.715,1.9485,327.68\ny,1.0,0.4,2.0,1.9,327.68\n"
                + "x,1.0,0.388,2.715,1.9485,327.68\n", name: "duplicate-models.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let failure = try #require(FitCommandTests.inProcessFailure(["fit", "directionality", "--data", path]))
        #expect(failure.message.contains(":4 column model"), "\(failure.message)")
        #expect(failure.message.contains("repeats line 2"), "\(failure.message)")
        #expect(failure.status != 0)
    }
}

/// Issue 18: `tripartite simulate --concepts 100 --texts 10` reported an unlearned fraction above 1 with no word.
@Suite("tripartite simulate: an unlearned fraction above 1 is explained")
struct UnlearnedFractionAboveOneTests {
    /// With T = 10 texts for R = 100 concepts almost nothing is learned (δ predicted 0.997); under independent
    /// erasures K ~ Binomial(200, 0.5), so the mean of unlearned/R over 100 graphs is above 1 for this seed
    /// (1.0047, SE 0.0074). It must come with a warning naming the estimator, and stay ≤ 1 with exact erasures.
    @Test("Independent erasures: a mean above 1 carries a warning; exact erasures: at most 1 and no warning")
    func fractionAboveOneWarns() throws {
        let base = ["tripartite", "simulate", "--concepts", "100", "--texts", "10", "--format", "json"]
        let independent = try runDS3(base)
        #expect(independent.status == 0)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(independent.stdout.utf8)) as? [String: Any])
        let fraction = try #require(json["mc_unlearned_fraction"] as? Double)
        let warnings = try #require(json["warnings"] as? [String])
        #expect(fraction > 1)
        #expect(warnings.count == 2 && warnings[0].contains("Binomial(n, ε)"), "\(warnings)")
        let exact = try runDS3(base + ["--erasures", "exact"])
        let exactJSON = try #require(
            try JSONSerialization.jsonObject(with: Data(exact.stdout.utf8)) as? [String: Any])
        #expect(try #require(exactJSON["mc_unlearned_fraction"] as? Double) <= 1)
        #expect((exactJSON["warnings"] as? [String]) == [])
        let table = try runDS3(Array(base.dropLast(2)))
        #expect(table.stderr.hasPrefix("ds3: warning: the Monte Carlo unlearned fraction"), "\(table.stderr)")
    }
}
