import Foundation

/// Runs a notebook's command cells with a given `ds3` executable.
public enum NotebookRunner {
    /// Splits a command line on spaces, honouring single and double quotes.
    public static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character? = nil
        var inWord = false
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == " " || c == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// The line opens a quote it does not close (`split` would take the rest of the line as one word).
    public static func hasUnclosedQuote(_ line: String) -> Bool {
        var quote: Character? = nil
        for c in line {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            }
        }
        return quote != nil
    }

    /// What a command cell printed, and why it failed if it did.
    public struct CellResult: Sendable, Equatable {
        /// stdout, with stderr appended after `[exit N]` (or `[signal N]`) when the command failed; trailing
        /// newlines removed.
        public let text: String
        /// nil when the command exited 0, else "exit status 2", "ended by signal 11".
        public let failure: String?
    }

    /// Runs `ds3 …` (the cell's command line) in `directory` and returns stdout, with stderr appended after a
    /// line `[stderr]` when the command fails.
    public static func run(commandLine: String, executable: String, in directory: String) throws -> String {
        try execute(commandLine: commandLine, executable: executable, in: directory).text
    }

    /// Runs the cell's command in its own process group (killed with this process; stopped with it even by
    /// SIGKILL: the kernel sends the child SIGTERM, so it removes its temporary files; see
    /// `ChildProcess.stopWithParent`, which also covers the moment before setpriv has asked for the signal).
    public static func execute(commandLine: String, executable: String, in directory: String) throws -> CellResult {
        var words = split(commandLine)
        guard words.first == "ds3" else {
            throw Notebook.ParseError(description: "command cells must start with 'ds3': \(commandLine)")
        }
        words.removeFirst()
        let outcome = try ChildProcess.run(
            executable, words, in: directory, environment: [ChildProcess.parentVariable: String(getpid())],
            parentDeathSignal: SIGTERM)
        var text = outcome.stdout
        var failure: String? = nil
        if !outcome.succeeded {
            failure = outcome.describe()
            let marker = outcome.signal.map { "[signal \($0)] " } ?? "[exit \(outcome.status ?? -1)] "
            text += marker + outcome.stderr
        }
        while text.hasSuffix("\n") { text.removeLast() }
        return CellResult(text: text, failure: failure)
    }
}
