import ArgumentParser
import Figures
import Foundation
import ScalingCore
import TestSupport
import Testing

@testable import ds3

/// Command-line habits: figure ids in any case with suggestions, negative numbers reaching the option's own check,
/// `figures list` as JSON.
@Suite("Command-line habits")
struct CommandHabitsTests {
    @Test("Figure ids are found in any case; an unknown id suggests the nearest registered ones")
    func figureIds() throws {
        #expect(try FigureRegistry.figure(id: "DS3-f13").id == "ds3-F13")
        #expect(try FigureRegistry.figure(id: "TRI-A-A").id == "tri-A-a")
        #expect(try FigureCatalogue.builtIn.figure(id: "proj-PARETO").id == "proj-pareto")
        #expect(throws: UnknownFigureError.self) { try FigureRegistry.figure(id: "ds3-F99x") }
        let error = UnknownFigureError(id: "f13", known: FigureRegistry.all.map(\.id))
        #expect(error.suggestions.first == "ds3-F13")
        #expect(error.description.contains("did you mean 'ds3-F13'"))
        #expect(UnknownFigureError(id: "zzzzzz", known: ["tri-A-a"]).suggestions.isEmpty)
        #expect(FigureLookup.editDistance("kitten", "sitting") == 3)
        #expect(FigureLookup.editDistance("", "abc") == 3)
    }

    @Test("A negative number after an option reaches the option's check, which names the value")
    func negativeValues() throws {
        let joined = EntryPoint.joiningNegativeValues(["optimum", "chinchilla", "--compute", "-1", "--", "-2"])
        #expect(joined == ["optimum", "chinchilla", "--compute=-1", "--", "-2"])
        #expect(EntryPoint.joiningNegativeValues(["--m", "-inf", "--r", "0.2"]) == ["--m=-inf", "--r", "0.2"])
        #expect(EntryPoint.joiningNegativeValues(["--logx", "--logy"]) == ["--logx", "--logy"])
        for compute in ["-1", "-1e24", "-0.5"] {
            do {
                _ = try DS3Command.parseAsRoot(
                    EntryPoint.joiningNegativeValues(["optimum", "chinchilla", "--compute", compute]))
                Issue.record("--compute \(compute) accepted")
            } catch {
                let message = DS3Command.message(for: error)
                #expect(
                    message.contains("--compute = \(Double(compute)!)") && !message.contains("Missing"), "\(message)")
            }
        }
    }

    @Test("--tokens Ω is the step budget Ω/ω: the same answer as --steps; giving both or neither is refused")
    func tokensBesideSteps() throws {
        let base = [
            "strategy", "evaluate", "--strategy", "tot", "--m", "5", "--r", "0.2", "--omega", "40", "--format", "json",
        ]
        let steps = try runDS3(base + ["--steps", "25"])
        let tokens = try runDS3(base + ["--tokens", "1000"])
        #expect(steps.status == 0 && tokens.status == 0, "\(steps.stderr) \(tokens.stderr)")
        #expect(steps.stdout == tokens.stdout)
        for extra in [["--steps", "25", "--tokens", "1000"], []] {
            #expect(throws: (any Error).self) { _ = try DS3Command.parseAsRoot(Array(base.dropLast(2)) + extra) }
        }
    }

    @Test("figures list --format json lists every registered figure with its columns")
    func listJSON() throws {
        let r = try runDS3(["figures", "list", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let figures = try #require(object?["figures"] as? [[String: Any]])
        #expect(figures.compactMap { $0["id"] as? String } == FigureRegistry.all.map(\.id))
        #expect(figures.compactMap { $0["columns"] as? [String] } == FigureRegistry.all.map(\.columns))
    }
}

@Suite("Progress on stderr")
struct ProgressTests {
    /// `figures all` runs well over the two-second quiet period in a debug build (about 12 s); slow tier.
    @Test("figures all --progress reports figures done on stderr, up to the last one", .enabled(if: TestTier.slow))
    func figuresAllProgress() throws {
        let dir = NSTemporaryDirectory() + "ds3kit-progress-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runDS3(["figures", "all", "--resolution", "test", "--out", dir, "--progress"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let count = try FigureCatalogue.builtIn.figures.count
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("ds3: ") && $0.contains("/\(count) (") })
        #expect(lines.last?.hasPrefix("ds3: \(count)/\(count) (100 %)") == true, "\(lines.last ?? "")")
        let quiet = try runDS3(["figures", "all", "--resolution", "test", "--out", dir])
        #expect(quiet.stderr.isEmpty, "no progress when stderr is not a terminal and --progress is not given")
    }
}
