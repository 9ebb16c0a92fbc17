import Foundation
import ScalingCore
import Synchronization

/// Progress on stderr for commands that run longer than about two seconds: "ds3: 37/60 (62 %), 4.1 s" rewritten in
/// place at most every half second, from the outermost parallel loop of the computation (`ScalingCore.Progress`).
/// On when stderr is a terminal or with `--progress` (any position on the command line); never on stdout.
final class ProgressPrinter: Sendable {
    private struct State {
        var lastPrint: Double = 0
        var printed = false
    }
    private let start = ProcessInfo.processInfo.systemUptime
    private let state = Mutex(State())
    /// Seconds before the first line (short computations print nothing).
    let delay: Double
    let interactive: Bool
    /// Where lines go (stderr).
    let write: @Sendable (String) -> Void

    init(
        delay: Double = 2, interactive: Bool,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.delay = delay
        self.interactive = interactive
        self.write = write
    }

    func report(done: Int, total: Int) {
        let now = ProcessInfo.processInfo.systemUptime - start
        let line: String? = state.withLock { s in
            guard now >= delay, !s.printed || now - s.lastPrint >= 0.5 || done == total else { return nil }
            s.lastPrint = now
            s.printed = true
            let percent = Int((100 * Double(done) / Double(max(total, 1))).rounded(.down))
            let text = "ds3: \(done)/\(total) (\(percent) %), \(String(format: "%.1f", now)) s"
            return interactive ? "\r" + text : text + "\n"
        }
        if let line { write(line) }
    }

    /// Ends an in-place line with a newline.
    func finish() {
        let printed = state.withLock { $0.printed }
        if printed && interactive { write("\n") }
    }

    /// The arguments without `--progress`, and whether progress is on (the flag, or stderr is a terminal).
    static func arguments(_ arguments: [String]) -> (arguments: [String], enabled: Bool, interactive: Bool) {
        let end = arguments.firstIndex(of: "--") ?? arguments.count
        let flagged = arguments[..<end].contains("--progress")
        let rest = arguments[..<end].filter { $0 != "--progress" } + arguments[end...]
        let terminal = isatty(2) == 1
        return (Array(rest), flagged || terminal, terminal)
    }
}
