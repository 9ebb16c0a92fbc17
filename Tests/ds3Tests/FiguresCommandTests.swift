import ArgumentParser
import Figures
import Foundation
import ScalingCore
import TestSupport
import Testing

@testable import ds3

/// `ds3 figures`: the files and lines the command writes are the registry's tables and entries. One real process
/// every day (`figures list`), a second in the slow tier (`figures all`, ~25 s in a debug build); the error paths
/// run in process through the entry point's own error mapping.
@Suite("ds3 figures and error reporting")
struct FiguresCommandTests {
    /// The CSV the registry's table of `id` encodes to at test resolution (computed in this process).
    static func registryCSV(_ id: String) throws -> String {
        try FigureRegistry.table(for: try FigureRegistry.figure(id: id), resolution: .test).csv()
    }

    static func temporaryDirectory() -> String { NSTemporaryDirectory() + "ds3kit-figs-\(UUID().uuidString)" }

    @Test("--version reports DS3KitVersion.string, a three-part numeric version")
    func version() throws {
        do {
            _ = try DS3Command.parseAsRoot(["--version"])
            Issue.record("--version did not exit")
        } catch {
            #expect(DS3Command.exitCode(for: error) == .success)
            #expect(DS3Command.message(for: error) == DS3KitVersion.string)
        }
        let parts = DS3KitVersion.string.split(separator: ".")
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil }, "\(DS3KitVersion.string)")
    }

    @Test("ds3 figures list prints the registry: id, paper, title and columns of every figure, in order")
    func list() throws {
        let r = try runDS3(["figures", "list"])
        #expect(r.status == 0)
        let expected = FigureRegistry.all.map {
            "\($0.id)\t\($0.paper.rawValue)\t\($0.title)\t\($0.columns.joined(separator: ","))"
        }
        #expect(!expected.isEmpty)
        #expect(r.stdout.split(separator: "\n").map(String.init) == expected)
    }

    @Test("ds3 figures run ID writes the registry's table byte for byte (in process, a cheap figure)")
    func runWritesRegistryTable() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var command = try DS3Command.parseAsRoot(["figures", "run", "ds3-F2", "--resolution", "test", "--out", dir])
        try command.run()
        #expect(try String(contentsOfFile: dir + "/ds3-F2.csv", encoding: .utf8) == (try Self.registryCSV("ds3-F2")))
    }

    @Test("ds3 figures run nonexistent is one error line naming the id, exit status 2, no directory created")
    func unknownFigure() throws {
        let dir = Self.temporaryDirectory()
        let failure = try #require(FitCommandTests.inProcessFailure(["figures", "run", "nonexistent", "--out", dir]))
        #expect(failure.status == 2)
        #expect(!failure.message.contains("\n") && failure.message.contains("nonexistent"), "\(failure.message)")
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    @Test("Unknown options are one-line usage errors naming the option, exit status 2")
    func unknownOption() throws {
        let failure = try #require(FitCommandTests.inProcessFailure(["figures", "list", "--bogus"]))
        #expect(failure.status == 2)
        #expect(!failure.message.contains("\n") && failure.message.contains("--bogus"), "\(failure.message)")
    }

    /// Slow tier: every file `figures all` writes is the registry's table of that id, byte for byte, and there is
    /// one per registered figure and nothing else (no temporary files left).
    @Test("ds3 figures all writes every registry table byte for byte", .enabled(if: TestTier.slow))
    func all() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runDS3(["figures", "all", "--out", dir, "--resolution", "test"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files == FigureRegistry.all.map { "\($0.id).csv" }.sorted())
        for figure in FigureRegistry.all {
            let written = try String(contentsOfFile: dir + "/\(figure.id).csv", encoding: .utf8)
            #expect(written == (try Self.registryCSV(figure.id)), "\(figure.id)")
        }
    }
}
