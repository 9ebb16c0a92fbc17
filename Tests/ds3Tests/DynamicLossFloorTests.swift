import ArgumentParser
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
