import Foundation

/// A Markdown research notebook: prose, `ds3` command cells and Swift cells, each followed by its recorded
/// output. Conventions (see `notebooks-md/README.md`):
///
/// - a command cell is a fenced block of language `sh` whose single line starts with `$ ds3 `;
/// - a Swift cell is a fenced block of language `swift`; it runs as the body of a function (self-contained: its own
///   imports and values); a cell whose first line is `// declarations` is placed at file scope instead (types,
///   extensions) and has no output;
/// - the recorded output is the fenced block of language `text` right after a cell.
public struct Notebook: Sendable, Equatable {
    public enum Kind: String, Sendable { case command, swift, declarations }

    public struct Cell: Sendable, Equatable {
        public let kind: Kind
        /// The command line (without `$ `) or the Swift source.
        public let source: String
        /// Recorded output, nil if the notebook has none yet.
        public let output: String?
        /// Line of the cell's opening fence (1-based), for messages.
        public let line: Int
        /// Line range of the output block's body in the file (to rewrite it), if present.
        let outputLines: Range<Int>?
    }

    public let name: String
    public let lines: [String]
    public let cells: [Cell]

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Parses notebook text. `name` is the file's base name without extension; `source` names the file in
    /// messages (default `name.md`). Line ends may be LF, CRLF or CR, and a leading byte-order mark is ignored
    /// (a rewritten notebook has LF line ends).
    ///
    /// - Throws: `ParseError` naming the file and line of a block that is not closed, or of a `sh` block that
    ///   holds a `$ ds3` command but is not a command cell (more than one line) or has an unclosed quote.
    public init(name: String, text: String, source: String? = nil) throws {
        self.name = name
        let file = source ?? "\(name).md"
        let lines = Self.lines(of: text)
        self.lines = lines
        var cells: [Cell] = []
        var i = 0
        func fenceBody(from start: Int) throws -> (body: [String], end: Int) {
            var j = start + 1
            var body: [String] = []
            while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces) != "```" {
                body.append(lines[j])
                j += 1
            }
            guard j < lines.count else {
                throw ParseError(description: "\(file):\(start + 1): code block is not closed")
            }
            return (body, j)
        }
        while i < lines.count {
            let fence = lines[i].trimmingCharacters(in: .whitespaces)
            guard fence == "```sh" || fence == "```swift" || fence == "```text" else {
                i += 1
                continue
            }
            let (body, end) = try fenceBody(from: i)
            if fence == "```text" {
                i = end + 1
                continue
            }
            var kind: Kind
            var source: String
            if fence == "```sh" {
                let mentionsDS3 = body.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("$ ds3") }
                guard body.count == 1, body[0].hasPrefix("$ ds3 ") else {
                    if mentionsDS3 {
                        throw ParseError(
                            description: "\(file):\(i + 1): a command cell holds exactly one line '$ ds3 …'; "
                                + "this block has \(body.count) lines")
                    }
                    i = end + 1
                    continue  // an ordinary shell snippet (e.g. set-up), not a checked cell
                }
                kind = .command
                source = String(body[0].dropFirst(2))
                if NotebookRunner.hasUnclosedQuote(source) {
                    throw ParseError(description: "\(file):\(i + 2): unclosed quote in '\(source)'")
                }
            } else {
                kind = body.first?.trimmingCharacters(in: .whitespaces) == "// declarations" ? .declarations : .swift
                source = body.joined(separator: "\n")
            }
            // The recorded output: the next non-blank line opens a ```text block.
            var k = end + 1
            while k < lines.count, lines[k].trimmingCharacters(in: .whitespaces).isEmpty { k += 1 }
            var output: String? = nil
            var outputLines: Range<Int>? = nil
            var next = end + 1
            if kind != .declarations, k < lines.count, lines[k].trimmingCharacters(in: .whitespaces) == "```text" {
                let (outBody, outEnd) = try fenceBody(from: k)
                output = outBody.joined(separator: "\n")
                outputLines = (k + 1)..<outEnd
                next = outEnd + 1
            }
            cells.append(Cell(kind: kind, source: source, output: output, line: i + 1, outputLines: outputLines))
            i = next
        }
        self.cells = cells
    }

    /// The lines of `text`: LF, CRLF and CR end a line (scalar-wise: a CRLF pair is one `Character`); a leading
    /// byte-order mark is dropped.
    static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previous: Unicode.Scalar? = nil
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if scalar == "\n", previous == "\r" { continue }
            if scalar == "\n" || scalar == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else if !(scalar == "\u{FEFF}" && lines.isEmpty && current.isEmpty) {
                current.append(scalar)
            }
        }
        lines.append(String(current))
        return lines
    }

    /// The notebook text with the outputs replaced (`outputs[i]` for cell i; nil keeps the recorded one). Cells
    /// without an output block get one inserted after them.
    public func rewritten(outputs: [String?]) -> String {
        var out: [String] = []
        var cellIndex = 0
        var i = 0
        // Map opening-fence line → cell index.
        var cellAt: [Int: Int] = [:]
        for (n, cell) in cells.enumerated() { cellAt[cell.line - 1] = n }
        while i < lines.count {
            if let n = cellAt[i] {
                cellIndex = n
                let cell = cells[n]
                // Copy the cell block itself.
                var j = i
                out.append(lines[j])
                j += 1
                while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces) != "```" {
                    out.append(lines[j])
                    j += 1
                }
                out.append(lines[j])
                let newOutput = cellIndex < outputs.count ? outputs[cellIndex] : nil
                if let range = cell.outputLines {
                    // Copy lines between the cell and its output block, then the (new) output.
                    for k in (j + 1)..<(range.lowerBound) { out.append(lines[k]) }
                    let text = newOutput ?? cell.output ?? ""
                    if !text.isEmpty { out.append(contentsOf: text.components(separatedBy: "\n")) }
                    out.append(lines[range.upperBound])
                    i = range.upperBound + 1
                } else {
                    if cell.kind != .declarations, let newOutput {
                        out.append("")
                        out.append("```text")
                        out.append(contentsOf: newOutput.components(separatedBy: "\n"))
                        out.append("```")
                    }
                    i = j + 1
                }
            } else {
                out.append(lines[i])
                i += 1
            }
        }
        return out.joined(separator: "\n")
    }

    // MARK: Swift cells compiled into the test build

    /// Swift identifier for this notebook (file name with non-alphanumerics replaced).
    public var identifier: String {
        "Notebook_" + String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// The Swift source that mirrors this notebook's Swift cells: imports hoisted, each cell a function that
    /// returns what it printed, declaration cells at file scope.
    public func generatedSwift() -> String {
        var imports = Set<String>()
        var declarations: [String] = []
        var functions: [String] = []
        var entries: [String] = []
        for (n, cell) in cells.enumerated() where cell.kind != .command {
            var body: [String] = []
            for line in cell.source.components(separatedBy: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("import ") {
                    imports.insert(trimmed)
                } else {
                    body.append(line)
                }
            }
            if cell.kind == .declarations {
                declarations.append("// \(name).md, cell \(n)\n" + body.joined(separator: "\n"))
                continue
            }
            let indented = body.map { $0.isEmpty ? "" : "        " + $0 }.joined(separator: "\n")
            functions.append(
                """
                    // \(name).md, cell \(n)
                    static func cell\(n)() throws -> String {
                        var notebookOutput = ""
                        func print(_ items: Any..., separator: String = " ", terminator: String = "\\n") {
                            notebookOutput += items.map { "\\($0)" }.joined(separator: separator) + terminator
                        }
                \(indented)
                        return notebookOutput
                    }
                """)
            entries.append("        (\(n), cell\(n)),")
        }
        var text = "// Generated by `ds3 notebook sync` from notebooks-md/\(name).md. Do not edit: edit the notebook.\n"
        text += "// swift-format-ignore-file\n"
        for line in imports.sorted() { text += line + "\n" }
        text += "\n"
        for declaration in declarations { text += declaration + "\n\n" }
        text += "enum \(identifier) {\n"
        text += "    static let cells: [(index: Int, run: @Sendable () throws -> String)] = [\n"
        text += entries.joined(separator: "\n") + (entries.isEmpty ? "" : "\n")
        text += "    ]\n\n"
        text += functions.joined(separator: "\n\n") + (functions.isEmpty ? "" : "\n")
        text += "}\n"
        return text
    }

    /// The index file listing every notebook's cell table, for the test target.
    public static func generatedIndex(_ notebooks: [Notebook]) -> String {
        var text = "// Generated by `ds3 notebook sync`. Do not edit.\n// swift-format-ignore-file\n\n"
        text += "let notebookCells: [String: [(index: Int, run: @Sendable () throws -> String)]] = [\n"
        for notebook in notebooks.sorted(by: { $0.name < $1.name }) {
            text += "    \"\(notebook.name)\": \(notebook.identifier).cells,\n"
        }
        if notebooks.isEmpty { text += "    :\n" }
        text += "]\n"
        return text
    }
}

/// Compares a produced output with the recorded one: text must match exactly (trailing spaces ignored);
/// numbers within a relative tolerance.
public enum NotebookOutputComparison {
    /// Relative tolerance for numbers: 1e-6 absorbs last-digit differences of printed doubles across libm
    /// versions while catching any change a reader would notice.
    public static let relativeTolerance = 1e-6

    enum Token: Equatable {
        case text(String)
        case number(Double)
    }

    static func tokens(_ s: String) -> [Token] {
        var out: [Token] = []
        let normalized = s.components(separatedBy: "\n").map { line -> String in
            var l = line
            while l.last == " " { l.removeLast() }
            return l
        }.joined(separator: "\n").trimmingCharacters(in: .newlines)
        let chars = Array(normalized)
        var i = 0
        var text = ""
        func isDigit(_ c: Character) -> Bool { c >= "0" && c <= "9" }
        while i < chars.count {
            let c = chars[i]
            let startsNumber =
                isDigit(c)
                || ((c == "-" || c == "+" || c == ".") && i + 1 < chars.count && isDigit(chars[i + 1])
                    && (i == 0 || !(chars[i - 1].isLetter || chars[i - 1] == "_")))
            if startsNumber, i == 0 || !(chars[i - 1].isLetter || chars[i - 1] == "_") {
                var j = i
                if chars[j] == "-" || chars[j] == "+" { j += 1 }
                while j < chars.count, isDigit(chars[j]) || chars[j] == "." { j += 1 }
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "-" || chars[k] == "+" { k += 1 }
                    if k < chars.count, isDigit(chars[k]) {
                        while k < chars.count, isDigit(chars[k]) { k += 1 }
                        j = k
                    }
                }
                if let value = Double(String(chars[i..<j])) {
                    if !text.isEmpty { out.append(.text(text)) }
                    text = ""
                    out.append(.number(value))
                    i = j
                    continue
                }
            }
            text.append(c)
            i += 1
        }
        if !text.isEmpty { out.append(.text(text)) }
        return out
    }

    /// nil if equivalent, else a description of the first difference.
    public static func difference(
        produced: String, recorded: String, relativeTolerance: Double = NotebookOutputComparison.relativeTolerance
    ) -> String? {
        let a = tokens(produced)
        let b = tokens(recorded)
        for (index, (x, y)) in zip(a, b).enumerated() {
            switch (x, y) {
            case (.number(let u), .number(let v)):
                if u != v, abs(u - v) > relativeTolerance * max(abs(u), abs(v)) {
                    return "number \(index): produced \(u), recorded \(v)"
                }
            case (.text(let u), .text(let v)):
                if u != v { return "text differs: produced \"\(u.prefix(60))\", recorded \"\(v.prefix(60))\"" }
            default:
                return "token \(index) differs: produced \(x), recorded \(y)"
            }
        }
        if a.count != b.count { return "produced \(a.count) tokens, recorded \(b.count)" }
        return nil
    }
}
