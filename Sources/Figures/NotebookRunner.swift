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

    /// Runs `ds3 …` (the cell's command line) in `directory` and returns stdout, with stderr appended after a
    /// line `[stderr]` when the command fails.
    public static func run(commandLine: String, executable: String, in directory: String) throws -> String {
        var words = split(commandLine)
        guard words.first == "ds3" else {
            throw Notebook.ParseError(description: "command cells must start with 'ds3': \(commandLine)")
        }
        words.removeFirst()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = words
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var text = stdout
        if process.terminationStatus != 0 {
            text += "[exit \(process.terminationStatus)] " + stderr
        }
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
