import ArgumentParser
import Foundation
import ScalingCore

/// `ds3 batch`: requests as JSON lines on stdin, one JSON line out per request, in input order. Each request is a
/// `ds3` command (the same words and options as on the command line) answered in this process with its
/// `--format json` output; a failing request gets an error object and the stream goes on. Schema: docs/batch.md.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Answer ds3 requests given as JSON lines on stdin, one JSON line out per request, in order.",
        discussion: """
            Each line is one request, either {"id": 1, "argv": ["optimum", "chinchilla", "--compute", "1e24"]} \
            or {"id": 2, "command": "optimum chinchilla", "args": {"compute": 1e24}}. Each answer is \
            {"id": …, "line": N, "ok": true, "result": <the command's --format json output>} or \
            {"id": …, "line": N, "ok": false, "status": 2, "error": "<the message ds3 would print>"}. Blank lines \
            are skipped. Schema and a Python client: docs/batch.md.
            """)

    func run() throws {
        let capture = try OutputCapture()
        defer { capture.restore() }
        let out = FileHandle(fileDescriptor: capture.realStdout, closeOnDealloc: false)
        let pipeline = BatchPipeline(parsers: max(1, Parallel.defaultThreads))
        pipeline.start()
        // Answers are written together while the next request is already prepared, and always before waiting
        // for one (an interactive client gets each answer as soon as it is computed).
        var answers: [UInt8] = []
        var index = 0
        while let request = pipeline.take(index) {
            answers += Self.finish(request, capture: capture).utf8
            answers.append(UInt8(ascii: "\n"))
            index += 1
            if answers.count >= 1 << 16 || !pipeline.isPrepared(index) {
                out.write(Data(answers))
                answers.removeAll(keepingCapacity: true)
            }
        }
        out.write(Data(answers))
    }

    /// A request that cannot be turned into a command line.
    struct RequestError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// A request line made ready to run: the answer already, when it failed before running, or the parsed command.
    enum Prepared {
        case answered(String)
        case command(any ParsableCommand, id: JSONValue, line: Int, arguments: [String])
    }

    /// The answer line to one request line (`prepare`, then `finish`).
    static func answer(_ text: String, line: Int, capture: OutputCapture) -> String {
        finish(prepare(text, line: line), capture: capture)
    }

    /// The failure answer of request `line` with identifier `id`.
    static func failure(_ message: String, _ status: Int32, id: JSONValue, line: Int) -> String {
        "{\"id\": \(id.text), \"line\": \(line), \"ok\": false, \"status\": \(status), \"error\": "
            + "\(Record.quote(EntryPoint.oneLine(message)))}"
    }

    /// Reads and parses one request line: no output, and no shared state but `cache` (locked), so requests are
    /// prepared on several threads. `cache` decodes a request from an earlier parse of its shape when it can
    /// (swift-argument-parser builds the option set by reflection on every parse: most of a request's cost).
    static func prepare(_ text: String, line: Int, cache: BatchParseCache = BatchParseCache()) -> Prepared {
        var id = JSONValue.null
        let arguments: [String]
        do {
            guard case .object(let fields) = try JSONValue.parse(text) else {
                throw RequestError("a request is a JSON object")
            }
            id = fields.first { $0.0 == "id" }?.1 ?? .null
            arguments = EntryPoint.joiningNegativeValues(try argv(fields))
        } catch {
            return .answered(failure("request: \(error)", 2, id: id, line: line))
        }
        let command: any ParsableCommand
        do {
            command = try parse(arguments, cache: cache)
        } catch {
            if DS3Command.exitCode(for: error) == .success {
                return .answered(
                    failure(
                        "'\(arguments.joined(separator: " "))': help and version are not answered in batch", 2, id: id,
                        line: line))
            }
            let (message, status) = EntryPoint.classify(error, parsing: true)
            return .answered(failure(message, status, id: id, line: line))
        }
        if command is BatchCommand {
            return .answered(failure("'batch' cannot be a request of a batch", 2, id: id, line: line))
        }
        return .command(command, id: id, line: line, arguments: arguments)
    }

    /// Runs a prepared request with its printed output captured (one at a time: the capture is the process's
    /// standard output) and returns its answer line.
    static func finish(_ prepared: Prepared, capture: OutputCapture) -> String {
        guard case .command(var command, let id, let line, let arguments) = prepared else {
            if case .answered(let answer) = prepared { return answer }
            return ""
        }
        let printed: String
        do {
            printed = try capture.run { try command.run() }
        } catch {
            if DS3Command.exitCode(for: error) == .success {
                return failure(
                    "'\(arguments.joined(separator: " "))': help and version are not answered in batch", 2, id: id,
                    line: line)
            }
            let (message, status) = EntryPoint.classify(error)
            return failure(message, status, id: id, line: line)
        }
        let trimmed = trimmingWhitespace(printed)
        let result =
            trimmed.hasPrefix("{") && !trimmed.utf8.contains(UInt8(ascii: "\n"))
            ? String(trimmed) : "{\"stdout\": \(Record.quote(printed))}"
        return "{\"id\": \(id.text), \"line\": \(line), \"ok\": true, \"result\": \(result)}"
    }

    /// `text` without leading and trailing white space (the Unicode White_Space scalars, the set Foundation's
    /// `.whitespacesAndNewlines` trims), without bridging to `NSString`.
    static func trimmingWhitespace(_ text: String) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return Substring(scalars[first...last])
    }

    /// Parses a request's arguments with `--format json` added when the command takes it and the request does not
    /// name a format.
    static func parse(_ arguments: [String], cache: BatchParseCache) throws -> any ParsableCommand {
        let namesFormat = arguments.contains { $0 == "--format" || $0.hasPrefix("--format=") }
        if !namesFormat, let command = try? parseLeaf(arguments + ["--format", "json"], cache: cache) {
            return command
        }
        return try parseLeaf(arguments, cache: cache)
    }

    /// Parses at the subcommand the leading words name (what `parseAsRoot` does, without building the whole command
    /// tree for every request: that tree is most of a request's cost). Falls back to `parseAsRoot` (and its
    /// messages) when the words do not name a subcommand that runs.
    static func parseLeaf(_ arguments: [String], cache: BatchParseCache) throws -> any ParsableCommand {
        var type: any ParsableCommand.Type = DS3Command.self
        var k = 0
        while k < arguments.count,
            let next = type.configuration.subcommands.first(where: { $0._commandName == arguments[k] })
        {
            type = next
            k += 1
        }
        guard k > 0, type.configuration.subcommands.isEmpty else { return try DS3Command.parseAsRoot(arguments) }
        return try cache.parse(type, Array(arguments[k...]))
    }

    /// The command line of a request: `argv` as given, or the words of `command`, then `positionals`, then one
    /// `--name value` per `args` entry (`true`: the flag alone; `false`, `null`: left out; an array: the option
    /// repeated). Numbers keep their literal text.
    static func argv(_ fields: [(String, JSONValue)]) throws -> [String] {
        let known = ["id", "argv", "command", "args", "positionals"]
        if let unknown = fields.first(where: { !known.contains($0.0) }) {
            throw RequestError("unknown field '\(unknown.0)' (a request has id, and argv or command with args)")
        }
        func word(_ value: JSONValue, _ what: String) throws -> String {
            switch value {
            case .string(let s): return s
            case .number(let literal): return literal
            default: throw RequestError("\(what) must be a string or a number, not \(value.text)")
            }
        }
        let field = { (name: String) in fields.first { $0.0 == name }?.1 }
        if let argv = field("argv") {
            guard field("command") == nil, field("args") == nil, field("positionals") == nil else {
                throw RequestError("give either argv or command (with args), not both")
            }
            guard case .array(let items) = argv, !items.isEmpty else {
                throw RequestError("argv must be a non-empty array of strings")
            }
            return try items.map { try word($0, "each argv item") }
        }
        guard case .string(let command) = field("command") ?? .null else {
            throw RequestError("a request needs argv (an array) or command (a string such as \"optimum joint\")")
        }
        var words = command.split(separator: " ").map(String.init)
        if let positionals = field("positionals") {
            guard case .array(let items) = positionals else { throw RequestError("positionals must be an array") }
            words += try items.map { try word($0, "each positional") }
        }
        if let args = field("args") {
            guard case .object(let options) = args else { throw RequestError("args must be an object") }
            for (name, value) in options {
                let flag = name.hasPrefix("-") ? name : "--" + name
                switch value {
                case .bool(true): words.append(flag)
                case .bool(false), .null: continue
                case .array(let items): for item in items { words += [flag, try word(item, "args.\(name) items")] }
                default: words += [flag, try word(value, "args.\(name)")]
                }
            }
        }
        return words
    }
}

/// Captures what a command prints: standard output (file descriptor 1) goes to an unlinked temporary file while the
/// batch runs (so nothing is left behind, even on SIGKILL), and the answers go to the real standard output.
final class OutputCapture {
    let file: Int32
    /// A duplicate of the standard output the batch started with.
    let realStdout: Int32

    init() throws {
        let path = NSTemporaryDirectory() + "/.ds3-batch-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        file = open(path, O_RDWR | O_CREAT | O_EXCL, 0o600)
        guard file >= 0 else {
            throw BatchCommand.RequestError("cannot create a capture file in \(NSTemporaryDirectory())")
        }
        unlink(path)
        fflush(nil)
        realStdout = dup(1)
        dup2(file, 1)
    }

    /// Runs `body` and returns what it printed: what the file gained (it is emptied only once it holds 1 MiB, so
    /// most requests cost no truncation).
    func run(_ body: () throws -> Void) throws -> String {
        fflush(nil)
        var start = Int(lseek(file, 0, SEEK_END))
        if start >= 1 << 20 {
            ftruncate(file, 0)
            start = Int(lseek(file, 0, SEEK_SET))
        }
        try body()
        fflush(nil)
        let size = Int(lseek(file, 0, SEEK_END)) - start
        guard size > 0 else { return "" }
        var bytes = [UInt8](repeating: 0, count: size)
        let read = bytes.withUnsafeMutableBytes { pread(file, $0.baseAddress, size, off_t(start)) }
        return String(decoding: bytes.prefix(max(0, read)), as: UTF8.self)
    }

    /// Puts the original standard output back.
    func restore() {
        fflush(nil)
        dup2(realStdout, 1)
        close(realStdout)
        close(file)
    }
}
