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
            var isDirectory: ObjCBool = false
            guard !file.isEmpty, FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { throw ValidationError("notebook '\(file)': no such file") }
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ValidationError("notebook '\(file)': permission denied")
            }
        }
    }

    static func load(_ path: String) throws -> Notebook {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw UsageError("cannot read notebook \(path)")
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try Notebook(name: name, text: text)
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
                        outputs.append(
                            try NotebookRunner.run(
                                commandLine: cell.source, executable: NotebookCommand.executablePath(),
                                in: FileManager.default.currentDirectoryPath))
                    } else {
                        outputs.append(nil)
                    }
                }
                try AtomicFile.write(notebook.rewritten(outputs: outputs), to: file)
                print("\(file): rewrote \(outputs.compactMap { $0 }.count) command outputs")
                if !commandsOnly, notebook.cells.contains(where: { $0.kind == .swift }) {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                    process.arguments = ["swift", "test", "--filter", "NotebookTests"]
                    var environment = ProcessInfo.processInfo.environment
                    let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
                    environment["DS3KIT_NOTEBOOK_RECORD"] = (absolute as NSString).standardizingPath
                    process.environment = environment
                    try process.run()
                    process.waitUntilExit()
                    guard process.terminationStatus == 0 else {
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
            try FileManager.default.createDirectory(atPath: generated, withIntermediateDirectories: true)
            for name in names {
                let notebook = try NotebookCommand.load(notebooks + "/" + name)
                loaded.append(notebook)
                try AtomicFile.write(notebook.generatedSwift(), to: generated + "/\(notebook.identifier).swift")
            }
            try AtomicFile.write(Notebook.generatedIndex(loaded), to: generated + "/NotebookIndex.swift")
            print("mirrored \(loaded.count) notebooks into \(generated)")
        }
    }
}
