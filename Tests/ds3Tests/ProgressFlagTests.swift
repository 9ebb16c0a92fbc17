import Foundation
import Synchronization
import Testing

@testable import ds3

@Suite("The --progress flag")
struct ProgressFlagTests {
    @Test("--progress is removed anywhere before '--' and turns progress on; after '--' it is an argument")
    func flagIsStripped() {
        let (arguments, enabled, _) = ProgressPrinter.arguments(["figures", "--progress", "all", "--out", "x"])
        #expect(arguments == ["figures", "all", "--out", "x"])
        #expect(enabled)
        let (kept, _, _) = ProgressPrinter.arguments(["plot", "--", "--progress"])
        #expect(kept == ["plot", "--", "--progress"])
    }

    /// Lines written by a printer.
    final class Lines: Sendable {
        let text = Mutex("")
        func add(_ line: String) { text.withLock { $0 += line } }
    }

    @Test("Nothing before the delay; after it done/total lines, in place (\\r) on a terminal, ended by a newline")
    func printsAfterDelay() {
        let quietLines = Lines()
        let quiet = ProgressPrinter(delay: 1e9, interactive: false, write: quietLines.add)
        quiet.report(done: 1, total: 2)
        quiet.finish()
        #expect(quietLines.text.withLock { $0 }.isEmpty)
        let lines = Lines()
        let printer = ProgressPrinter(delay: 0, interactive: true, write: lines.add)
        printer.report(done: 3, total: 4)
        printer.report(done: 4, total: 4)  // the last item is always printed, even within half a second
        printer.finish()
        let text = lines.text.withLock { $0 }
        #expect(text.hasPrefix("\rds3: 3/4 (75 %), "))
        #expect(text.contains("\rds3: 4/4 (100 %), "))
        #expect(text.hasSuffix(" s\n"))
    }
}
