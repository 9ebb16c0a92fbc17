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
