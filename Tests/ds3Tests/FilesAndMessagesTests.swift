import Foundation
import TestSupport
import Testing

/// Files, notebooks and messages of the command line (issue 23): failing outputs print nothing, notebooks refuse
/// failing cells and colliding names, `help` of an unknown command fails.
@Suite("ds3 files and messages")
struct FilesAndMessagesTests {
    func temporaryDirectory() throws -> String { try makeTemporaryDirectory("ds3-files") }

    @Test("'ds3 help nope' exits 2 naming the unknown command; 'ds3 help fit loss' exits 0")
    func helpUnknownCommand() throws {
        let bad = try runDS3(["help", "nope"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("no subcommand 'nope'"))
        #expect(try runDS3(["help", "fit", "loss"]).status == 0)
    }

    @Test("When --out cannot be written, 'fit loss' prints nothing on stdout and exits 1 naming the user's path")
    func fitOutFailurePrintsNothing() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let runs = packageRoot() + "/fixtures/fit/synthetic-runs.csv"
        let result = try runDS3(["fit", "loss", "--runs", runs, "--bootstrap", "0", "--out", "/proc/x.csv"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "ds3: error: --out '/proc/x.csv': cannot write: permission denied\n")
    }

    // Two fits through real processes; the reader itself is checked in the everyday tier (FitDataLineEndTests).
    @Test("A CRLF CSV with a byte-order mark fits like the LF original", .enabled(if: TestTier.slow))
    func crlfCSV() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let runs = packageRoot() + "/fixtures/fit/synthetic-runs.csv"
        let text = try String(contentsOfFile: runs, encoding: .utf8)
        try ("\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")).write(
            toFile: dir + "/crlf.csv", atomically: true, encoding: .utf8)
        let plain = try runDS3(["fit", "loss", "--runs", runs, "--bootstrap", "0", "--format", "json"])
        let crlf = try runDS3(["fit", "loss", "--runs", dir + "/crlf.csv", "--bootstrap", "0", "--format", "json"])
        #expect(crlf.status == 0)
        #expect(crlf.stdout == plain.stdout)
    }

    @Test("'notebook run' refuses a failing cell: exit 1, file:line in the message, the notebook unchanged")
    func runRefusesFailingCell() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = "# t\n\n```sh\n$ ds3 nope\n```\n\n```text\nold\n```\n"
        try text.write(toFile: dir + "/a.md", atomically: true, encoding: .utf8)
        let result = try runDS3(["notebook", "run", "--commands-only", "a.md"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("a.md:3: 'ds3 nope' failed (exit status 2)"))
        #expect(try String(contentsOfFile: dir + "/a.md", encoding: .utf8) == text)
    }

    @Test("'notebook check' fails on a cell it cannot parse, naming file and line")
    func checkFailsOnUnparsableCell() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "```sh\r\n$ ds3 help\r\n$ ds3 x\r\n```\r\n".write(toFile: dir + "/b.md", atomically: true, encoding: .utf8)
        let result = try runDS3(["notebook", "check", "b.md"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("ds3: error: b.md:1: a command cell holds exactly one line"))
    }

    @Test("'notebook sync' refuses names that mirror to the same file and a --generated path that is a file")
    func syncCollisionsAndBadFolder() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/nb", withIntermediateDirectories: true)
        for name in ["getting-started.md", "getting_started.md"] {
            try "# x\n".write(toFile: dir + "/nb/" + name, atomically: true, encoding: .utf8)
        }
        let collision = try runDS3(["notebook", "sync", "--notebooks", "nb", "--generated", "gen"], in: dir)
        #expect(collision.status == 2)
        #expect(collision.stderr.contains("getting-started.md and getting_started.md both mirror"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/gen"))
        try FileManager.default.removeItem(atPath: dir + "/nb/getting_started.md")
        try "x".write(toFile: dir + "/file", atomically: true, encoding: .utf8)
        let notFolder = try runDS3(["notebook", "sync", "--notebooks", "nb", "--generated", "file"], in: dir)
        #expect(notFolder.status == 2)
        #expect(notFolder.stderr == "ds3: error: --generated file: is not a directory\n")
    }

    @Test(
        "SIGTERM and SIGINT during 'figures all --out' exit 143 and 130 and leave no temporary file",
        .enabled(if: TestTier.slow))
    func signalsLeaveNoTemporaries() throws {
        for (signal, status) in [(SIGTERM, Int32(143)), (SIGINT, Int32(130))] {
            let dir = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ds3ExecutablePath())
            process.arguments = ["figures", "all", "--out", dir]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: 2)
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            #expect(process.terminationStatus == status)
            let stray = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
            #expect(stray.isEmpty)
        }
    }
}
