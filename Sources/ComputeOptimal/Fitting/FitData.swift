import ScalingCore

/// Reading user data files for the fits: CSV with a header row naming the columns, optional `#` comment lines.
///
/// Every malformed input (no header, a missing column, text or a non-finite value in a number field, a value out
/// of range, no data rows) is reported as one `FitDataError` naming the file, the line (1-based, as an editor
/// shows it) and the column.
public enum FitData {
    /// Which values a numeric column accepts.
    public enum Domain: Sendable, Equatable {
        /// Any finite number.
        case finite
        /// Finite and > 0 (sample counts, parameters, tokens, losses).
        case positive
        /// Finite and ≥ 0.
        case nonNegative
        /// In [0, 1] (accuracies, coverages).
        case probability
        /// Finite and ≥ 1 (numbers of benchmark questions).
        case atLeastOne

        func accepts(_ x: Double) -> Bool {
            switch self {
            case .finite: x.isFinite
            case .positive: x.isFinite && x > 0
            case .nonNegative: x.isFinite && x >= 0
            case .probability: x.isFinite && x >= 0 && x <= 1
            case .atLeastOne: x.isFinite && x >= 1
            }
        }

        var words: String {
            switch self {
            case .finite: "a finite number"
            case .positive: "a finite number > 0"
            case .nonNegative: "a finite number ≥ 0"
            case .probability: "a number in [0, 1]"
            case .atLeastOne: "a finite number ≥ 1"
            }
        }
    }

    /// A parsed and validated data file: the numeric columns asked for, optional text columns, and for each data
    /// row the line number of the file it came from.
    public struct Columns: Sendable, Equatable {
        public let source: String
        public let numbers: [String: [Double]]
        public let texts: [String: [String]]
        public let lines: [Int]
        public var rowCount: Int { lines.count }

        /// The values of a requested numeric column (empty if it was not requested).
        public func callAsFunction(_ name: String) -> [Double] { numbers[name] ?? [] }
    }

    /// Parses `text` (the contents of `source`) and checks that it has the `required` numeric columns (with the
    /// given domains) and, if present, the `optional` numeric columns and the `optionalText` columns. Column names
    /// match case-insensitively.
    ///
    /// - Throws: `FitDataError` naming `source`, the line and the column of the first problem.
    public static func read(
        _ text: String, source: String, required: [(name: String, domain: Domain)],
        optional: [(name: String, domain: Domain)] = [], optionalText: [String] = [], minimumRows: Int = 1
    ) throws(FitDataError) -> Columns {
        let table: Table
        do {
            table = try Table.parseCSV(text, source: source)
        } catch {
            throw FitDataError(source: error.source, line: error.line, column: error.column, reason: error.reason)
        }
        let layout = lineLayout(text)
        let headerLine = layout.header ?? 1
        guard layout.data.count == table.rowCount else {
            throw FitDataError(
                source: source, line: headerLine, column: nil, reason: "could not match rows to lines")
        }
        func find(_ name: String) -> Table.Column? {
            table.columns.first { $0.name.trimmed.lowercased() == name.lowercased() }
        }
        var numbers: [String: [Double]] = [:]
        let present = Set(optional.map(\.name).filter { find($0) != nil })
        for (name, domain) in required + optional.filter({ present.contains($0.name) }) {
            guard let column = find(name) else {
                let present = table.columnNames.map(\.trimmed).joined(separator: ", ")
                throw FitDataError(
                    source: source, line: headerLine, column: name,
                    reason: "missing column '\(name)' (header has: \(present.isEmpty ? "nothing" : present))")
            }
            var values: [Double] = []
            values.reserveCapacity(table.rowCount)
            for row in 0..<table.rowCount {
                let value: Double
                switch column.values {
                case .numbers(let v): value = v[row]
                case .texts(let t):
                    guard let parsed = Double(t[row].trimmed) else {
                        throw FitDataError(
                            source: source, line: layout.data[row], column: name,
                            reason: "expected a number, found '\(t[row])'")
                    }
                    value = parsed
                }
                guard domain.accepts(value) else {
                    throw FitDataError(
                        source: source, line: layout.data[row], column: name,
                        reason: "value \(value) is not \(domain.words)")
                }
                values.append(value)
            }
            numbers[name] = values
        }
        var texts: [String: [String]] = [:]
        for name in optionalText {
            guard let column = find(name) else { continue }
            switch column.values {
            case .texts(let t): texts[name] = t.map(\.trimmed)
            case .numbers(let v): texts[name] = v.map(Table.format)
            }
        }
        guard table.rowCount >= minimumRows else {
            throw FitDataError(
                source: source, line: max(headerLine, layout.last), column: nil,
                reason: "needs at least \(minimumRows) data row\(minimumRows == 1 ? "" : "s"), found \(table.rowCount)")
        }
        return Columns(source: source, numbers: numbers, texts: texts, lines: layout.data)
    }

    /// Line numbers of the header and of each data row, following `Table.parseCSV`'s rules (blank lines and
    /// `#` lines are skipped; the first other line is the header).
    static func lineLayout(_ text: String) -> (header: Int?, data: [Int], last: Int) {
        var header: Int? = nil
        var data: [Int] = []
        // Lines end at LF, CR or CRLF (scalar-wise: a CRLF pair is one `Character`); a leading byte-order mark
        // is not part of the first line.
        var lines: [[Unicode.Scalar]] = [[]]
        var previous: Unicode.Scalar? = nil
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if scalar == "\n", previous == "\r" { continue }
            if scalar == "\n" || scalar == "\r" {
                lines.append([])
            } else if !(scalar == "\u{FEFF}" && lines.count == 1 && lines[0].isEmpty) {
                lines[lines.count - 1].append(scalar)
            }
        }
        for (index, line) in lines.enumerated() {
            if line.isEmpty || line.first == "#" { continue }
            if header == nil { header = index + 1 } else { data.append(index + 1) }
        }
        return (header, data, max(lines.count, 1))
    }

    /// Groups row indices by the text of a column (e.g. `model`), in order of first appearance; one unnamed group
    /// when the column is absent.
    public static func groups(_ columns: Columns, by name: String) -> [(name: String, rows: [Int])] {
        guard let labels = columns.texts[name] else { return [("", Array(0..<columns.rowCount))] }
        var order: [String] = []
        var rows: [String: [Int]] = [:]
        for (i, label) in labels.enumerated() {
            if rows[label] == nil { order.append(label) }
            rows[label, default: []].append(i)
        }
        return order.map { ($0, rows[$0]!) }
    }
}

/// A malformed data file: the file, the 1-based line, the column (when known) and what is wrong. Printed as
/// `file:line column NAME: reason`, the form of `Table.CSVError`.
public struct FitDataError: Error, Equatable, CustomStringConvertible, Sendable {
    public let source: String
    public let line: Int
    public let column: String?
    public let reason: String
    public init(source: String, line: Int, column: String?, reason: String) {
        self.source = source
        self.line = line
        self.column = column
        self.reason = reason
    }
    public var description: String {
        "\(source):\(line)" + (column.map { " column \($0)" } ?? "") + ": \(reason)"
    }
}

extension String {
    fileprivate var trimmed: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
