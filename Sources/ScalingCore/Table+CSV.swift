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
            out += "# \(entry.key): \(entry.value.replacingNewlines())\n"
        }
        out += columns.map { Self.quote($0.name) }.joined(separator: ",") + "\n"
        for row in 0..<rowCount {
            var first = true
            for column in columns {
                if !first { out += "," }
                first = false
                switch column.values {
                case .numbers(let values): out += Self.format(values[row])
                case .texts(let values): out += Self.quote(values[row])
                }
            }
            out += "\n"
        }
        return out
    }

    /// Shortest round-trip decimal form; integers below 2^53 without a fractional part.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 0x1p53 { return String(Int64(value)) }
        return "\(value)"
    }

    static func quote(_ text: String) -> String {
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    /// Parses a CSV written by `csv()` (or any CSV with a header row and optional `#` metadata lines). A column
    /// whose every cell parses as a number is numeric; otherwise it is text.
    public static func parseCSV(_ text: String, source: String = "<csv>") throws(CSVError) -> Table {
        var metadata: [Metadata] = []
        var header: [String]? = nil
        var rows: [[String]] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let body = line.dropFirst().drop(while: { $0 == " " })
                if let colon = body.firstIndex(of: ":") {
                    let key = String(body[..<colon])
                    let value = String(body[body.index(after: colon)...].drop(while: { $0 == " " }))
                    metadata.append(Metadata(key, value))
                }
                continue
            }
            let fields = try splitFields(line, source: source, line: lineNumber)
            if header == nil {
                header = fields
            } else {
                guard fields.count == header!.count else {
                    throw CSVError(
                        source: source, line: lineNumber, column: nil,
                        reason: "expected \(header!.count) fields, found \(fields.count)")
                }
                rows.append(fields)
            }
        }
        guard let names = header else {
            throw CSVError(source: source, line: max(lineNumber, 1), column: nil, reason: "no header row")
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

    static func splitFields(_ line: String, source: String, line lineNumber: Int) throws(CSVError) -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var iterator = Array(line)
        var i = 0
        while i < iterator.count {
            let c = iterator[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < iterator.count, iterator[i + 1] == "\"" {
                        current.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        iterator.removeAll()
        guard !inQuotes else {
            throw CSVError(source: source, line: lineNumber, column: nil, reason: "unterminated quoted field")
        }
        fields.append(current)
        return fields
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }

    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }

    fileprivate func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
