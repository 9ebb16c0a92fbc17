import ArgumentParser
import ScalingCore

/// How a command that can sweep prints: one record as today (table or json), or one row per point (a
/// tab-separated table with a header, a JSON array, or CSV).
enum RowFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv

    /// The row format of a command whose single answer is printed in `format`.
    init(_ format: OutputFormat) {
        switch format {
        case .table: self = .table
        case .json: self = .json
        case .csv: self = .csv
        }
    }

    /// The library's list for a `CaseIterable` raw-value type, computed once: the parser asks for it every time it
    /// builds a command's options (each `ds3 batch` request).
    static let allValueStrings = allCases.map(\.rawValue.defaultValueDescription)

    /// The format of a single record (csv has no single-record form: it prints rows).
    var single: OutputFormat? {
        switch self {
        case .table: .table
        case .json: .json
        case .csv: nil
        }
    }
}

extension Record {
    /// The fields as (column, text) pairs: nested records flattened to `outer.inner`, lists joined by "; ", each
    /// leaf rendered by `leaf` (the table's plain text by default).
    func flattened(prefix: String = "", leaf: (Value) -> String = { Record.plain($0) }) -> [(String, String)] {
        fields.flatMap { key, value -> [(String, String)] in
            switch value {
            case .record(let nested): return nested.flattened(prefix: prefix + key + ".", leaf: leaf)
            case .list(let values): return [(prefix + key, values.map(leaf).joined(separator: "; "))]
            default: return [(prefix + key, leaf(value))]
            }
        }
    }

    /// Prints rows in order: JSON as an array of objects; table and CSV with one column per field of any row
    /// (first-appearance order; a field a row lacks is an empty cell). Everything is rendered before printing.
    static func emitRows(_ rows: [Record], _ format: RowFormat) throws {
        if format == .json {
            print("[" + (try rows.map { try $0.json() }).joined(separator: ",\n") + "]")
            return
        }
        // CSV cells as a single record's CSV writes them (flags true/false), table cells as the table prints them.
        let csv = format == .csv
        let flat = rows.map { row in
            Dictionary(
                row.flattened(leaf: { csv ? Record.csvCell($0) : Record.plain($0) }),
                uniquingKeysWith: { first, _ in first })
        }
        var names: [String] = []
        for row in rows {
            for (key, _) in row.flattened() where !names.contains(key) { names.append(key) }
        }
        let cells = names.map { name in flat.map { $0[name] ?? "" } }
        if format == .csv {
            let table = try Table(columns: zip(names, cells).map { Table.Column($0, texts: $1) })
            print(try table.csv(), terminator: "")
            return
        }
        print(names.joined(separator: "\t"))
        for i in rows.indices { print(cells.map { $0[i] }.joined(separator: "\t")) }
    }

    /// A leaf as a CSV cell: as a single record's CSV writes it (flags true/false, numbers as in JSON).
    static func csvCell(_ value: Value) -> String {
        (try? cell(value)) ?? plain(value)
    }
}
