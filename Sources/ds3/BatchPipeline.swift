import Foundation

/// The request stream of `ds3 batch`: a reader thread takes request lines from standard input, `parsers` threads
/// prepare them (`BatchCommand.prepare`: JSON, argument parsing and validation), and `take(i)` hands request i to the
/// one runner in input order. The reader stays at most `lookahead` requests ahead of the runner, so memory is
/// bounded however fast the input comes; an interactive client still gets each answer as soon as its line is in.
final class BatchPipeline: @unchecked Sendable {
    /// Guards every field below; waited on by whichever side has nothing to do.
    private let condition = NSCondition()
    /// Requests read and not yet claimed by a parser: text and line number, by request index.
    private var lines: [Int: (text: String, line: Int)] = [:]
    /// Requests prepared and not yet taken, by request index.
    private var prepared: [Int: BatchCommand.Prepared] = [:]
    /// Requests read (non-blank lines), claimed by parsers, and taken by the runner.
    private var read = 0
    private var claimed = 0
    private var taken = 0
    private var endOfInput = false
    /// Parses shared by the parser threads (requests of one shape are parsed once; see `BatchParseCache`).
    private let cache = BatchParseCache()
    let parsers: Int
    let lookahead: Int

    init(parsers: Int, lookahead: Int = 256) {
        self.parsers = max(1, parsers)
        self.lookahead = max(1, lookahead)
    }

    /// Starts the reader and the parsers (8 MiB stacks, as the main thread's).
    func start() {
        let threads = [Thread { self.readAll() }] + (0..<parsers).map { _ in Thread { self.parseAll() } }
        for thread in threads {
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Request `index`, prepared, once it is; nil when the input has ended before it.
    func take(_ index: Int) -> BatchCommand.Prepared? {
        condition.lock()
        defer { condition.unlock() }
        while prepared[index] == nil {
            if endOfInput && index >= read { return nil }
            condition.wait()
        }
        taken = index + 1
        condition.broadcast()
        return prepared.removeValue(forKey: index)
    }

    /// Whether request `index` is prepared (or the input ended before it): `take(index)` would not wait.
    func isPrepared(_ index: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return prepared[index] != nil || (endOfInput && index >= read)
    }

    /// Reads standard input with `read(2)`, not stdio: a thread blocked in stdio's `getline` holds the stdin
    /// stream's lock, and the runner's `fflush(nil)` (the output capture) would wait for it — an interactive client
    /// that sends a line and waits for its answer would hang.
    private func readAll() {
        var lineNumber = 0
        var input = RawLineReader(descriptor: 0)
        while let text = input.next() {
            lineNumber += 1
            guard text.contains(where: { !$0.isWhitespace }) else { continue }
            condition.lock()
            while read - taken >= lookahead { condition.wait() }
            lines[read] = (text, lineNumber)
            read += 1
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        endOfInput = true
        condition.broadcast()
        condition.unlock()
    }

    /// Claims the requests read and not yet claimed, up to `chunk` at a time (one lock round trip for several
    /// requests when the input comes fast; a single line when it comes one at a time), and prepares them.
    private func parseAll() {
        let chunk = 8
        while true {
            condition.lock()
            while claimed >= read && !endOfInput { condition.wait() }
            let first = claimed
            let count = min(chunk, read - claimed)
            guard count > 0 else {
                condition.unlock()
                return
            }
            let requests = (first..<first + count).compactMap { lines.removeValue(forKey: $0) }
            claimed += count
            condition.unlock()
            let results = requests.map { BatchCommand.prepare($0.text, line: $0.line, cache: cache) }
            condition.lock()
            for (k, result) in results.enumerated() { prepared[first + k] = result }
            condition.broadcast()
            condition.unlock()
        }
    }
}

/// Lines of a file descriptor read with `read(2)` (no stdio stream, so no stream lock held while blocked), without
/// their "\n" or "\r\n"; the last line may lack its newline. Bytes are decoded as UTF-8 (invalid bytes replaced).
struct RawLineReader {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false

    init(descriptor: Int32) { self.descriptor = descriptor }

    mutating func next() -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                return line
            }
            if ended {
                guard start < buffer.count else { return nil }
                let line = String(decoding: buffer[start...], as: UTF8.self)
                start = buffer.count
                return line
            }
            buffer.removeFirst(start)
            start = 0
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer += chunk[..<count]
            } else if count == 0 || errno != EINTR {
                ended = true
            }
        }
    }
}
