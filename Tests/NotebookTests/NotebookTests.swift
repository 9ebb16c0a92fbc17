import ArgumentParser
import Figures
import Foundation
import TestSupport
import Testing

@testable import ds3

/// Keeps `notebooks-md/` honest: the mirrored Swift sources are in sync with the notebooks (so every Swift cell
/// is compiled with the tests — a renamed API breaks the build), every Swift cell's output and every command
/// cell's output match the recorded ones (numbers within `NotebookOutputComparison.relativeTolerance`).
///
/// Set `DS3KIT_NOTEBOOK_RECORD=<notebook path>` to rewrite that notebook's Swift-cell outputs instead.
@Suite("Notebooks")
struct NotebookTests {
    static var root: String { packageRoot() }

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/notebooks-md")) ?? [])
            .filter { $0.hasSuffix(".md") && $0 != "README.md" }.map { String($0.dropLast(3)) }.sorted()
    }

    static func load(_ name: String) throws -> Notebook {
        try Notebook(
            name: name, text: try String(contentsOfFile: root + "/notebooks-md/\(name).md", encoding: .utf8))
    }

    static func ds3Path() -> String { ds3ExecutablePath() }

    @Test("At least one notebook exists and every one parses")
    func notebooksParse() throws {
        #expect(!Self.names.isEmpty)
        for name in Self.names { _ = try Self.load(name) }
    }

    @Test("Mirrored Swift sources are in sync with the notebooks ('ds3 notebook sync' regenerates them)")
    func mirrorInSync() throws {
        let notebooks = try Self.names.map(Self.load)
        for notebook in notebooks {
            let path = Self.root + "/Tests/NotebookTests/Generated/\(notebook.identifier).swift"
            let committed = try? String(contentsOfFile: path, encoding: .utf8)
            #expect(committed == notebook.generatedSwift(), "\(notebook.name): run 'ds3 notebook sync'")
        }
        let index = try? String(
            contentsOfFile: Self.root + "/Tests/NotebookTests/Generated/NotebookIndex.swift", encoding: .utf8)
        #expect(index == Notebook.generatedIndex(notebooks), "index: run 'ds3 notebook sync'")
    }

    /// Which cells a test run executes.
    enum CellSelection {
        /// Swift cells (compiled into the test bundle, run in process).
        case swift
        /// Command cells (`ds3 …` run as real processes).
        case commands
    }

    /// Runs the selected cells of a notebook and compares each with its recorded output; with
    /// `DS3KIT_NOTEBOOK_RECORD` naming this notebook, rewrites the recorded Swift-cell outputs instead.
    static func check(_ name: String, cells selection: CellSelection) throws {
        let notebook = try Self.load(name)
        let functions = Dictionary(uniqueKeysWithValues: (notebookCells[name] ?? []).map { ($0.index, $0.run) })
        let recordPath = ProcessInfo.processInfo.environment["DS3KIT_NOTEBOOK_RECORD"]
        let recording =
            selection == .swift
            && (recordPath.map { ($0 as NSString).standardizingPath.hasSuffix("/notebooks-md/\(name).md") } ?? false)
        var outputs: [String?] = []
        for (n, cell) in notebook.cells.enumerated() {
            let produced: String
            switch (cell.kind, selection) {
            case (.swift, .swift):
                guard let run = functions[n] else {
                    Issue.record("\(name).md:\(cell.line): Swift cell not mirrored; run 'ds3 notebook sync'")
                    outputs.append(nil)
                    continue
                }
                var text = try run()
                while text.hasSuffix("\n") { text.removeLast() }
                produced = text
            case (.command, .commands):
                produced = try NotebookRunner.run(commandLine: cell.source, executable: Self.ds3Path(), in: Self.root)
            default:
                outputs.append(nil)
                continue
            }
            outputs.append(cell.kind == .swift ? produced : nil)
            if recording { continue }
            guard let recorded = cell.output else {
                Issue.record(
                    "\(name).md:\(cell.line): no recorded output; run 'ds3 notebook run notebooks-md/\(name).md'")
                continue
            }
            let difference = NotebookOutputComparison.difference(produced: produced, recorded: recorded)
            #expect(difference == nil, "\(name).md:\(cell.line): \(difference ?? "")")
        }
        if recording {
            let path = Self.root + "/notebooks-md/\(name).md"
            try AtomicFile.write(notebook.rewritten(outputs: outputs), to: path)
        }
    }

    @Test("Every Swift cell reproduces its recorded output", arguments: NotebookTests.names)
    func swiftCellsMatch(name: String) throws {
        try Self.check(name, cells: .swift)
    }

    /// Everyday tier: a command cell must still be a valid `ds3` invocation (a renamed flag or subcommand fails
    /// here); its numbers come from library functions the Swift cells and the module tests check. The slow tier runs
    /// every command cell as a process and compares its output.
    @Test("Every command cell parses as a valid ds3 invocation", arguments: NotebookTests.names)
    func commandCellsParse(name: String) throws {
        let notebook = try Self.load(name)
        for cell in notebook.cells where cell.kind == .command {
            var words = NotebookRunner.split(cell.source)
            #expect(words.first == "ds3", "\(name).md:\(cell.line): command cells start with 'ds3'")
            words.removeFirst()
            do {
                _ = try DS3Command.parseAsRoot(words)
            } catch {
                Issue.record("\(name).md:\(cell.line): '\(cell.source)' does not parse: \(error)")
            }
            #expect(cell.output != nil, "\(name).md:\(cell.line): no recorded output")
        }
    }

    @Test(
        "Every command cell reproduces its recorded output", .enabled(if: TestTier.slow), arguments: NotebookTests.names
    )
    func commandCellsMatch(name: String) throws {
        try Self.check(name, cells: .commands)
    }

    @Test("Output comparison: numbers within 1e-6 relative, text exact")
    func comparison() {
        #expect(NotebookOutputComparison.difference(produced: "N = 1.0000001e10 ok", recorded: "N = 1e10 ok") == nil)
        #expect(NotebookOutputComparison.difference(produced: "N = 1.001e10 ok", recorded: "N = 1e10 ok") != nil)
        #expect(NotebookOutputComparison.difference(produced: "N = 1e10 yes", recorded: "N = 1e10 ok") != nil)
        #expect(NotebookOutputComparison.difference(produced: "a\nb", recorded: "a\nb\nc") != nil)
    }
}
