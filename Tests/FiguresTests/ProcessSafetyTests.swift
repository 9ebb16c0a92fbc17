import Figures
import Foundation
import ScalingCore
import TestSupport
import Testing

@testable import Figures

/// Files and child processes on every exit path: symbolic links written through, temporary files of killed runs
/// removed, children in their own process group with a time limit.
@Suite("Process safety: temporary files, symbolic links and child processes")
struct ProcessSafetyTests {
    func temporaryDirectory() throws -> String { try makeTemporaryDirectory("ds3kit-safety") }

    @Test("A write through a symbolic link replaces the target's content and keeps the link")
    func symlinkWrittenThrough() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: true)
        try AtomicFile.write("old\n", to: dir + "/real/t.csv")
        #expect(symlink("real/t.csv", dir + "/link.csv") == 0)
        try AtomicFile.write("new\n", to: dir + "/link.csv")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.csv") == "real/t.csv")
        #expect(try String(contentsOfFile: dir + "/real/t.csv", encoding: .utf8) == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/real") == ["t.csv"])
    }

    @Test("Temporary names carry the writer's pid; other hidden names are not temporaries")
    func temporaryNames() {
        let name = AtomicFile.temporaryName(for: "ds3-F6.csv")
        #expect(name.hasPrefix(".ds3-F6.csv.tmp-\(getpid())-"))
        #expect(AtomicFile.writerPid(ofTemporary: name) == getpid())
        #expect(AtomicFile.writerPid(ofTemporary: ".plot-123-456.png") == 123)
        for other in [".keep.tmp-x", "a.csv.tmp-1-2", ".tmp-1-2", ".x.tmp-1-2-3", ".plot-1-2.txt", ".x.tmp--2"] {
            #expect(AtomicFile.writerPid(ofTemporary: other) == nil, "\(other)")
        }
    }

    @Test("Temporaries of a dead writer are removed at the next write into the folder; live and foreign files stay")
    func staleTemporariesRemoved() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A pid beyond pid_max (4194304 on Linux) names no process.
        let dead = [".ds3-F6.csv.tmp-999999999-1", ".plot-999999999-2.png"]
        let kept = [".ds3-F7.csv.tmp-\(getpid())-3", ".notes.tmp-x", "keep.csv"]
        for name in dead + kept { #expect(FileManager.default.createFile(atPath: dir + "/" + name, contents: nil)) }
        try AtomicFile.write("x\n", to: dir + "/out.csv")
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(left == Set(kept + ["out.csv"]))
    }

    @Test("A child's exit status, crash signal and output are reported")
    func childOutcome() throws {
        let ok = try ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(ok.stdout == "out\n" && ok.stderr == "err\n" && ok.status == 3 && ok.signal == nil)
        let crash = try ChildProcess.run("/bin/sh", ["-c", "kill -SEGV $$"])
        #expect(crash.signal == SIGSEGV && crash.status == nil && !crash.succeeded)
        #expect(crash.describe().contains("signal 11"))
    }

    @Test("A child past its time limit is killed with its whole process group")
    func timeLimitKillsGroup() throws {
        let start = Date()
        // The shell starts a grandchild that holds the output pipe open, then waits.
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "sleep 30 & echo $!; wait"], timeLimit: 0.3)
        #expect(outcome.timedOut)
        #expect(Date().timeIntervalSince(start) < 5)
        let grandchild = try #require(pid_t(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        // Killed (the signal lands asynchronously): gone, or a zombie waiting for its new parent to reap it.
        func state() -> Substring? {
            (try? String(contentsOfFile: "/proc/\(grandchild)/stat", encoding: .utf8))?
                .split(separator: ")").last?.split(separator: " ").first
        }
        let until = Date().addingTimeInterval(3)
        while let s = state(), s != "Z", Date() < until { Thread.sleep(forTimeInterval: 0.01) }
        #expect(state() == nil || state() == "Z")
    }

    @Test("A gnuplot that never exits is stopped at the time limit, and the message names the limit")
    func gnuplotTimeLimit() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fake = dir + "/gnuplot-hangs"
        // Written by a child shell, not by this process: a test on another thread that forks while this process
        // holds the script open for writing would pass that descriptor to its child, and exec of the script would
        // then fail with ETXTBSY ("cannot run gnuplot"), a race seen once in a full run.
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "printf '#!/bin/sh\\nexec sleep 30\\n' > \"$1\" && chmod 755 \"$1\"", "sh", fake]
        try writer.run()
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        let table = try Table(names: ["x", "y"], rows: [[1, 1], [2, 4]])
        let spec = PlotSpec(
            title: "t", xLabel: "x", yLabel: "y", series: [.init(x: "x", y: "y", label: "y")])
        do {
            try GnuplotRenderer.render(
                table: table, spec: spec, format: .png, to: dir + "/p.png", timeLimit: 0.3, gnuplot: fake)
            Issue.record("a hanging gnuplot must fail")
        } catch {
            #expect("\(error)".contains("time limit of 0.3 s"))
        }
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir)) == ["gnuplot-hangs"])
    }

    @Test("gnuplot does not outlive a ds3 killed by SIGKILL (the kernel's parent-death signal, no handler needed)")
    func gnuplotDiesWithKilledParent() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A gnuplot that records its pid and never exits; written by a child shell (see `gnuplotTimeLimit`).
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = [
            "-c", "printf '#!/bin/sh\\necho $$ > \"%s/pid\"\\nexec sleep 30\\n' \"$2\" > \"$1\" && chmod 755 \"$1\"",
            "sh", dir + "/gnuplot", dir,
        ]
        try writer.run()
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        try "x,y\n1,1\n2,4\n".write(toFile: dir + "/t.csv", atomically: true, encoding: .utf8)
        let ds3 = Process()
        ds3.executableURL = URL(fileURLWithPath: ds3ExecutablePath())
        ds3.arguments = ["plot", dir + "/t.csv", "--format", "png"]
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = dir + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        ds3.environment = environment
        ds3.standardOutput = FileHandle.nullDevice
        ds3.standardError = FileHandle.nullDevice
        try ds3.run()
        // Wait (up to 20 s: a cold debug ds3 on a busy machine) for the fake gnuplot to start.
        var gnuplot: pid_t? = nil
        let started = Date().addingTimeInterval(20)
        while gnuplot == nil, Date() < started {
            gnuplot = (try? String(contentsOfFile: dir + "/pid", encoding: .utf8)).flatMap {
                pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if gnuplot == nil { Thread.sleep(forTimeInterval: 0.02) }
        }
        let child = try #require(gnuplot, "the fake gnuplot never started")
        kill(ds3.processIdentifier, SIGKILL)
        // Gone (or a zombie until init reaps it) within 3 s; without the parent-death signal it sleeps on for 30 s.
        func alive() -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8) else { return false }
            return stat.split(separator: ")").last?.split(separator: " ").first != "Z"
        }
        let until = Date().addingTimeInterval(3)
        while alive(), Date() < until { Thread.sleep(forTimeInterval: 0.01) }
        let survived = alive()
        if survived { kill(child, SIGKILL) }
        // Only now: Foundation's wait also waits for the end of descriptors the child inherited.
        ds3.waitUntilExit()
        #expect(!survived)
    }
}
