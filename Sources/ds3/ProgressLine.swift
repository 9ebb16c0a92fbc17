import Foundation
import Synchronization

/// Progress of a long command on standard error: `ds3: 12/33 figures (ds3-F6)`, rewritten in place on a terminal,
/// one line per step otherwise. Silent for the first two seconds (a quick run prints nothing) and unless standard
/// error is a terminal or `--progress` was given. Thread-safe: steps may finish on any worker.
final class ProgressLine: Sendable {
    private let total: Int
    private let unit: String
    private let enabled: Bool
    private let terminal: Bool
    private let start = ContinuousClock.now
    private let state = Mutex<(done: Int, shown: Bool)>((0, false))

    /// How long a run goes before its progress shows.
    static let quietPeriod = Duration.seconds(2)

    init(total: Int, unit: String, forced: Bool) {
        self.total = total
        self.unit = unit
        self.terminal = isatty(2) == 1
        self.enabled = forced || terminal
    }

    /// One more step done; `label` names it.
    func step(_ label: String) {
        guard enabled else { return }
        let line: String? = state.withLock { state in
            state.done += 1
            guard ContinuousClock.now - start >= Self.quietPeriod || state.shown else { return nil }
            state.shown = true
            return "ds3: \(state.done)/\(total) \(unit) (\(label))"
        }
        guard let line else { return }
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
    }

    /// Ends the progress line on a terminal (so the next output starts on a fresh line).
    func finish() {
        guard enabled, terminal, state.withLock({ $0.shown }) else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
