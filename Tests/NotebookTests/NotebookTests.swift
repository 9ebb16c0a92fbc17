import Figures
import Foundation
import TestSupport
import Testing

/// Keeps `notebooks-md/` honest: the mirrored Swift sources are in sync with the notebooks (so every Swift cell
/// is compiled with the tests — a renamed API breaks the build), every Swift cell's output and every command
/// cell's output match the recorded ones (numbers within `NotebookOutputComparison.relativeTolerance`).
///
/// Set `DS3KIT_NOTEBOOK_RECORD=<notebook path>` to rewrite that notebook's Swift-cell outputs instead.
@Suite("Notebooks", .serialized)
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

    @Test("Every Swift cell and command cell reproduces its recorded output", arguments: NotebookTests.names)
    func outputsMatch(name: String) throws {
        let notebook = try Self.load(name)
        let functions = Dictionary(uniqueKeysWithValues: (notebookCells[name] ?? []).map { ($0.index, $0.run) })
        let recordPath = ProcessInfo.processInfo.environment["DS3KIT_NOTEBOOK_RECORD"]
        let recording =
            recordPath.map { ($0 as NSString).standardizingPath.hasSuffix("/notebooks-md/\(name).md") }
            ?? false
        var outputs: [String?] = []
        for (n, cell) in notebook.cells.enumerated() {
            let produced: String
            switch cell.kind {
            case .declarations:
                outputs.append(nil)
                continue
            case .swift:
                guard let run = functions[n] else {
                    Issue.record("\(name).md:\(cell.line): Swift cell not mirrored; run 'ds3 notebook sync'")
                    outputs.append(nil)
                    continue
                }
                var text = try run()
                while text.hasSuffix("\n") { text.removeLast() }
                produced = text
            case .command:
                produced = try NotebookRunner.run(commandLine: cell.source, executable: Self.ds3Path(), in: Self.root)
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

    @Test("Output comparison: numbers within 1e-6 relative, text exact")
    func comparison() {
        #expect(NotebookOutputComparison.difference(produced: "N = 1.0000001e10 ok", recorded: "N = 1e10 ok") == nil)
        #expect(NotebookOutputComparison.difference(produced: "N = 1.001e10 ok", recorded: "N = 1e10 ok") != nil)
        #expect(NotebookOutputComparison.difference(produced: "N = 1e10 yes", recorded: "N = 1e10 ok") != nil)
        #expect(NotebookOutputComparison.difference(produced: "a\nb", recorded: "a\nb\nc") != nil)
    }
}
