/// CSV form of a `Table`: `# key: value` metadata lines, a header row, then one line per row. Numbers are
/// written in Swift's shortest round-trip form, so parsing the CSV gives back the identical `Double`s.
extension Table {
    /// Error reading a CSV table: names the line and, when known, the column.
    public struct CSVError: Error, Equatable, CustomStringConvertible, Sendable {
        public let source: String
        public let line: Int
        public let column: String?
        public let reason: String
        public var description: String {
            "\(source):\(line)" + (column.map { " column \($0)" } ?? "") + ": \(reason)"
        }
    }

    /// Encodes the table. Non-finite numbers are refused (a NaN never reaches a file).
    public func csv() throws(ParameterError) -> String {
        if let bad = nonFiniteCells.first {
            let value: Double
            if case .numbers(let values) = columns.first(where: { $0.name == bad.column })!.values {
                value = values[bad.row]
            } else {
                value = .nan
            }
            throw ParameterError(
                parameter: "table cell \(bad.column)[\(bad.row)]", value: value, validRange: "finite")
        }
        var out = ""
        for entry in metadata {
            out += "# \(entry.key.replacingNewlines()): \(entry.value.replacingNewlines())\n"
        }
        // A line holding one empty field would read back as an empty (skipped) line: write it as "".
        let single = columns.count == 1
        out += columns.map { Self.quote($0.name) }.joined(separator: ",") + "\n"
        for row in 0..<rowCount {
            var line = ""
            for (j, column) in columns.enumerated() {
                if j > 0 { line += "," }
                switch column.values {
                case .numbers(let values): line += Self.format(values[row])
                case .texts(let values): line += Self.quote(values[row])
                }
            }
            out += (single && line.isEmpty ? "\"\"" : line) + "\n"
        }
        return out
    }

    /// Shortest round-trip decimal form; integers below 2^53 without a fractional part.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 0x1p53 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A cell or column name as written: quoted (inner quotes doubled) when it holds a comma, a quote, a line
    /// break, or starts with `#` (which would read back as a metadata line); verbatim otherwise. Works on Unicode
    /// scalars, as `parseCSV` does, so a quote followed by a combining mark is still a quote.
    static func quote(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let special = scalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard special || scalars.first == "#" else { return text }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in scalars {
            out.append(scalar)
            if scalar == "\"" { out.append("\"") }
        }
        out.append("\"")
        return String(out)
    }

    /// Parses a CSV written by `csv()` (or any CSV with a header row and optional `#` metadata lines). A column
    /// whose every cell parses as a number is numeric; otherwise it is text.
    ///
    /// Records end at LF, CR or CRLF outside quotes; a quoted field may hold commas, doubled quotes and line
    /// breaks (RFC 4180). A leading UTF-8 byte-order mark is ignored. A line starting with `#` is metadata (`# key: value`) or a comment; an empty line is
    /// skipped. Line numbers in errors count physical lines.
    public static func parseCSV(_ text: String, source: String = "<csv>") throws(CSVError) -> Table {
        var metadata: [Metadata] = []
        var header: [String]? = nil
        var rows: [[String]] = []
        var reader = CSVRecordReader(text.unicodeScalars)
        var lastLine = 0
        while let record = try reader.next(source: source) {
            lastLine = reader.line
            switch record {
            case .comment(let body):
                let body = body.drop(while: { $0 == " " })
                if let colon = body.firstIndex(of: ":") {
                    let key = String(body[..<colon])
                    let value = String(body[body.index(after: colon)...].drop(while: { $0 == " " }))
                    metadata.append(Metadata(key, value))
                }
            case .fields(let fields, let line):
                if header == nil {
                    header = fields
                } else {
                    guard fields.count == header!.count else {
                        throw CSVError(
                            source: source, line: line, column: nil,
                            reason: "expected \(header!.count) fields, found \(fields.count)")
                    }
                    rows.append(fields)
                }
            }
        }
        guard let names = header else {
            throw CSVError(source: source, line: max(lastLine, 1), column: nil, reason: "no header row")
        }
        var columns: [Column] = []
        for (j, name) in names.enumerated() {
            let cells = rows.map { $0[j] }
            let numbers = cells.map { Double($0.trimmingSpaces()) }
            if !cells.isEmpty, numbers.allSatisfy({ $0 != nil }) {
                columns.append(Column(name, numbers.map { $0! }))
            } else if cells.isEmpty {
                columns.append(Column(name, []))
            } else {
                columns.append(Column(name, texts: cells))
            }
        }
        do {
            return try Table(columns: columns, metadata: metadata)
        } catch {
            throw CSVError(source: source, line: 1, column: nil, reason: error.description)
        }
    }
}

/// Splits CSV text into records: `#` lines (metadata or comments) and rows of fields, where a quoted field may span
/// line breaks. Works on Unicode scalars (a CRLF pair is one `Character` in Swift, and a quote followed by a
/// combining mark would be one too).
struct CSVRecordReader {
    enum Record {
        /// The text after `#` on a line starting with `#`.
        case comment(Substring)
        /// The fields of a row and the physical line it started on.
        case fields([String], line: Int)
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    /// Physical line (1-based) of the last character read.
    private(set) var line = 1

    /// A leading byte-order mark (U+FEFF, as spreadsheet programs write) is skipped.
    init(_ text: String.UnicodeScalarView) {
        var scalars = Array(text)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.scalars = scalars
    }

    /// Consumes a line break (LF, CR or CRLF) at the current position, if there is one.
    private mutating func skipLineBreak() -> Bool {
        guard index < scalars.count else { return false }
        if scalars[index] == "\r" {
            index += 1
            if index < scalars.count, scalars[index] == "\n" { index += 1 }
        } else if scalars[index] == "\n" {
            index += 1
        } else {
            return false
        }
        line += 1
        return true
    }

    /// The next record, nil at the end of the text; empty lines are skipped.
    mutating func next(source: String) throws(Table.CSVError) -> Record? {
        while skipLineBreak() {}
        guard index < scalars.count else { return nil }
        let start = line
        if scalars[index] == "#" {
            var body = String.UnicodeScalarView()
            index += 1
            while index < scalars.count, scalars[index] != "\n", scalars[index] != "\r" {
                body.append(scalars[index])
                index += 1
            }
            _ = skipLineBreak()
            return .comment(Substring(String(body)))
        }
        var fields: [String] = []
        var current = String.UnicodeScalarView()
        var inQuotes = false
        while index < scalars.count {
            let c = scalars[index]
            if inQuotes {
                if c == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        current.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else if c == "\n" || c == "\r" {
                    // A line break inside quotes belongs to the field (CRLF kept as written).
                    current.append(c)
                    if c == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                        current.append("\n")
                        index += 1
                    }
                    line += 1
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                fields.append(String(current))
                current = String.UnicodeScalarView()
            } else if c == "\n" || c == "\r" {
                break
            } else {
                current.append(c)
            }
            index += 1
        }
        guard !inQuotes else {
            throw Table.CSVError(source: source, line: start, column: nil, reason: "unterminated quoted field")
        }
        _ = skipLineBreak()
        fields.append(String(current))
        return .fields(fields, line: start)
    }
}

extension String {
    /// Every LF and CR scalar replaced by a space (scalar-wise: a CRLF pair is a single `Character`).
    fileprivate func replacingNewlines() -> String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars { out.append(scalar == "\n" || scalar == "\r" ? " " : scalar) }
        return String(out)
    }

    fileprivate func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
