import ArgumentParser
import Figures
import Foundation
import GSL
import ScalingCore

/// Runs the command and maps every error to one line on stderr and an exit status:
/// 0 success (and help/version), 2 bad usage or invalid parameters, 1 a computation or I/O that failed.
@main
enum EntryPoint {
    static func main() {
        // Before any other thread exists: SIGINT/SIGTERM/SIGHUP remove temporary files, kill child process
        // groups and exit 128 + signal; a ds3 started by a ds3 stops when its parent dies.
        ChildProcess.stopWithParent()
        ProcessCleanup.installSignalHandlers()
        var command: any ParsableCommand
        let (arguments, showProgress, interactive) = ProgressPrinter.arguments(Array(CommandLine.arguments.dropFirst()))
        do {
            try checkHelpTopic(arguments)
            command = try DS3Command.parseAsRoot(joiningNegativeValues(arguments))
        } catch {
            exit(report(error, parsing: true))
        }
        let printer = ProgressPrinter(interactive: interactive)
        do {
            if showProgress {
                let sink: @Sendable (Int, Int) -> Void = { printer.report(done: $0, total: $1) }
                try Progress.reporting(to: sink) { try command.run() }
            } else {
                try command.run()
            }
            printer.finish()
        } catch {
            printer.finish()
            exit(report(error))
        }
    }

    /// `--name -1` becomes `--name=-1`: the parser reads a word starting with `-` as an option, so a negative number
    /// after an option would be reported as a missing value instead of reaching the option's own check (which
    /// names the value and its valid range). Words after `--` are left alone.
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var k = 0
        while k < arguments.count {
            let word = arguments[k]
            if word == "--" { return out + arguments[k...] }
            if word.hasPrefix("--"), !word.contains("="), k + 1 < arguments.count, isNegativeNumber(arguments[k + 1]) {
                out.append(word + "=" + arguments[k + 1])
                k += 2
            } else {
                out.append(word)
                k += 1
            }
        }
        return out
    }

    /// `-1`, `-0.5`, `-.5`, `-1e9`, `-inf`, `-nan`: a minus sign followed by what `Double` reads.
    static func isNegativeNumber(_ word: String) -> Bool {
        word.hasPrefix("-") && !word.hasPrefix("--") && Double(word) != nil
    }

    /// `ds3 help A B …` names a command that exists (the parser would print the top-level help and exit 0).
    static func checkHelpTopic(_ arguments: [String]) throws {
        guard arguments.first == "help" else { return }
        var command: any ParsableCommand.Type = DS3Command.self
        var path = "ds3"
        for word in arguments.dropFirst() where !word.hasPrefix("-") {
            guard
                let next = command.configuration.subcommands.first(where: {
                    $0._commandName == word
                })
            else { throw ValidationError("'ds3 help': \(path) has no subcommand '\(word)' (see 'ds3 help')") }
            command = next
            path += " " + word
        }
    }

    /// Prints the error as one line and returns the exit status. `parsing`: the error came from parsing the
    /// arguments or from a command's `validate()`, so it is bad usage or an invalid parameter (status 2).
    static func report(_ error: any Error, parsing: Bool = false) -> Int32 {
        if let exitCode = error as? ExitCode { return exitCode.rawValue }  // already reported by the command
        let code = DS3Command.exitCode(for: error)
        if code == .success {
            // --help, --version and clean exits print their normal output.
            DS3Command.exit(withError: error)
        }
        let (message, status) = classify(error, parsing: parsing)
        FileHandle.standardError.write(Data(("ds3: error: " + oneLine(message) + "\n").utf8))
        return status
    }

    /// The message and exit status of an error: 2 for bad usage, an invalid parameter or anything refused while
    /// parsing and validating the arguments; 1 for a computation or I/O that failed.
    static func classify(_ error: any Error, parsing: Bool = false) -> (String, Int32) {
        if parsing {
            let message = DS3Command.message(for: error)
            return (message.isEmpty ? "\(error)" : message, 2)
        }
        switch error {
        case let error as ParameterError: return (error.description, 2)
        case let error as UsageError: return (error.description, 2)
        case let error as GSLError: return (error.description, 1)
        case let error as SolverError: return (error.description, 1)
        default:
            let message = DS3Command.message(for: error)
            let status: Int32 = DS3Command.exitCode(for: error) == .validationFailure ? 2 : 1
            return (message.isEmpty ? "\(error)" : message, status)
        }
    }

    static func oneLine(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("Usage:") && !$0.hasPrefix("See '") && !$0.hasPrefix("Help:") }
        let joined = lines.joined(separator: " ")
        return joined.hasPrefix("Error: ") ? String(joined.dropFirst(7)) : joined
    }
}

/// A usage problem found while running a command (a combination of options that cannot work).
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
