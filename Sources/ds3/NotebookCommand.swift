import ArgumentParser
import Figures
import Foundation

struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Check, re-run and mirror the Markdown notebooks in notebooks-md/.",
        subcommands: [Check.self, Run.self, Sync.self]
    )

    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Every notebook file exists and is readable (checked by the parser's `validate()`).
    static func checkReadable(_ files: [String]) throws {
        guard !files.isEmpty else { throw ValidationError("give at least one notebook file") }
        for file in files {
            if let reason = FileChecks.unreadableReason(file) { throw ValidationError("notebook '\(file)': \(reason)") }
        }
    }

    static func load(_ path: String) throws -> Notebook {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            let reason = access(path, R_OK) != 0 ? String(cString: strerror(errno)) : "not UTF-8 text"
            throw UsageError("cannot read notebook \(path): \(reason)")
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        do {
            return try Notebook(name: name, text: text, source: path)
        } catch let error as Notebook.ParseError {
            throw UsageError(error.description)
        }
    }

    /// Creates `path` (and its parents) as a folder; one-line errors name the flag and the reason.
    static func makeFolder(_ path: String, flag: String) throws {
        do {
            try FigureWriter.prepareDirectory(path)
        } catch let error as OutputFileError {
            throw UsageError("\(flag) \(path): \(error.reason)")
        }
    }

    /// A command cell failed while recording (status 1: a computation that failed, not bad usage).
    struct RunFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-run every command cell and compare with the recorded output (Swift cells: run 'swift test').")

        @Argument(help: "Notebook files.")
        var files: [String]

        func validate() throws { try NotebookCommand.checkReadable(files) }

        func run() throws {
            var failures = 0
            for file in files {
                let notebook = try NotebookCommand.load(file)
                let directory = FileManager.default.currentDirectoryPath
                for cell in notebook.cells where cell.kind == .command {
                    let produced = try NotebookRunner.run(
                        commandLine: cell.source, executable: NotebookCommand.executablePath(), in: directory)
                    if let recorded = cell.output,
                        NotebookOutputComparison.difference(produced: produced, recorded: recorded) == nil
                    {
                        continue
                    }
                    failures += 1
                    let why =
                        cell.output.map { NotebookOutputComparison.difference(produced: produced, recorded: $0) ?? "" }
                        ?? "no recorded output"
                    print("\(file):\(cell.line): \(cell.source): \(why)")
                }
                let swiftCells = notebook.cells.filter { $0.kind == .swift }.count
                print(
                    "\(file): \(notebook.cells.filter { $0.kind == .command }.count) command cells checked; "
                        + "\(swiftCells) Swift cells are checked by 'swift test --filter NotebookTests'")
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-run the cells and rewrite the recorded outputs in place.",
            discussion: "Command cells are run directly; Swift cells are recorded by running the NotebookTests "
                + "test target with DS3KIT_NOTEBOOK_RECORD set (run from the package root).")

        @Argument(help: "Notebook files.")
        var files: [String]

        @Flag(help: "Rewrite command cells only (do not run the Swift test target).")
        var commandsOnly = false

        func validate() throws { try NotebookCommand.checkReadable(files) }

        func run() throws {
            for file in files {
                let notebook = try NotebookCommand.load(file)
                var outputs: [String?] = []
                for cell in notebook.cells {
                    if cell.kind == .command {
                        let result = try NotebookRunner.execute(
                            commandLine: cell.source, executable: NotebookCommand.executablePath(),
                            in: FileManager.default.currentDirectoryPath)
                        // A failing or crashing cell is never recorded as the expected output.
                        if let failure = result.failure {
                            throw RunFailure(
                                "\(file):\(cell.line): '\(cell.source)' failed (\(failure)); \(file) is unchanged")
                        }
                        outputs.append(result.text)
                    } else {
                        outputs.append(nil)
                    }
                }
                try AtomicFile.write(notebook.rewritten(outputs: outputs), to: file)
                print("\(file): rewrote \(outputs.compactMap { $0 }.count) command outputs")
                if !commandsOnly, notebook.cells.contains(where: { $0.kind == .swift }) {
                    let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
                    guard let swift = ChildProcess.which("swift") else {
                        throw UsageError("recording Swift cells needs 'swift' on PATH")
                    }
                    // In its own process group, killed with ds3 (see ProcessCleanup); output shown as it comes.
                    let outcome = try ChildProcess.run(
                        swift, ["test", "--filter", "NotebookTests"],
                        environment: ["DS3KIT_NOTEBOOK_RECORD": (absolute as NSString).standardizingPath],
                        captureOutput: false)
                    guard outcome.succeeded else {
                        throw UsageError("recording Swift cells failed ('swift test --filter NotebookTests')")
                    }
                }
            }
        }
    }

    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mirror the notebooks' Swift cells into the NotebookTests target so they compile with the tests.")

        @Option(help: "Folder of notebooks.")
        var notebooks: String = "notebooks-md"

        @Option(help: "Folder of generated Swift sources.")
        var generated: String = "Tests/NotebookTests/Generated"

        func validate() throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: notebooks, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw ValidationError("--notebooks \(notebooks) is not a directory of notebooks")
            }
            guard !generated.isEmpty else { throw ValidationError("--generated needs a folder path") }
        }

        func run() throws {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: notebooks)) ?? [])
                .filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
            var loaded: [Notebook] = []
            for name in names { loaded.append(try NotebookCommand.load(notebooks + "/" + name)) }
            // Two notebooks whose names differ only in punctuation would overwrite each other's mirror.
            var owner: [String: String] = [:]
            for (name, notebook) in zip(names, loaded) {
                if let first = owner[notebook.identifier] {
                    throw UsageError(
                        "notebooks \(first) and \(name) both mirror to \(notebook.identifier).swift; rename one")
                }
                owner[notebook.identifier] = name
            }
            try NotebookCommand.makeFolder(generated, flag: "--generated")
            for notebook in loaded {
                try AtomicFile.write(notebook.generatedSwift(), to: generated + "/\(notebook.identifier).swift")
            }
            try AtomicFile.write(Notebook.generatedIndex(loaded), to: generated + "/NotebookIndex.swift")
            print("mirrored \(loaded.count) notebooks into \(generated)")
        }
    }
}
