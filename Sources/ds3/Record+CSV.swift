import ScalingCore

/// CSV output of a `Record` (`--format csv`): the same numbers as the JSON output, in the same text.
///
/// A record holding a list of records (the rows of a table: strategies, tasks, fits, benchmark items) prints that
/// list as the CSV's rows, one column per field of the rows (nested fields as `parent.child`), and its other fields
/// as `# key: value` lines above the header — the metadata lines `Table.parseCSV` reads back. Any other record
/// prints as one header row and one data row. A list of numbers or texts is one cell, its items joined by `;`.
extension Record {
    func csv() throws -> String {
        let rowsIndex = fields.firstIndex { _, value in
            if case .list(let items) = value, !items.isEmpty {
                return items.allSatisfy { if case .record = $0 { true } else { false } }
            }
            return false
        }
        guard let rowsIndex, case .list(let items) = fields[rowsIndex].1 else {
            let cells = try Self.flatten(self)
            return Self.csvLine(cells.map(\.0)) + Self.csvLine(cells.map(\.1))
        }
        var out = ""
        var rest = self
        rest.fields.remove(at: rowsIndex)
        for (key, text) in try Self.flatten(rest) { out += "# \(key): \(text)\n" }
        let rows = try items.map { item -> [(String, String)] in
            guard case .record(let row) = item else { return [] }
            return try Self.flatten(row)
        }
        var header: [String] = []
        for row in rows { for (key, _) in row where !header.contains(key) { header.append(key) } }
        out += Self.csvLine(header)
        for row in rows {
            let cells = Dictionary(row, uniquingKeysWith: { first, _ in first })
            out += Self.csvLine(header.map { cells[$0] ?? "" })
        }
        return out
    }

    /// Leaf fields as (dotted key, text): numbers in the JSON's text, lists of leaves joined by `;`, lists of
    /// records as their JSON.
    static func flatten(_ record: Record, prefix: String = "") throws -> [(String, String)] {
        var out: [(String, String)] = []
        for (key, value) in record.fields {
            let name = prefix + key
            switch value {
            case .record(let nested): out += try flatten(nested, prefix: name + ".")
            case .list(let items):
                if items.contains(where: { if case .record = $0 { true } else { false } }) {
                    out.append((name, try json(value)))
                } else {
                    out.append((name, try items.map(cell).joined(separator: ";")))
                }
            default: out.append((name, try cell(value)))
            }
        }
        return out
    }

    /// A leaf's text: a number exactly as in the JSON output; a flag as true/false.
    static func cell(_ value: Value) throws -> String {
        switch value {
        case .text(let s): s
        case .flag(let b): b ? "true" : "false"
        default: try json(value)
        }
    }

    /// One CSV line (RFC 4180): a field with a comma, quote or line break is quoted, quotes doubled.
    static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\n"
    }
}
