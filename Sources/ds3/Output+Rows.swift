import ArgumentParser
import ScalingCore

/// How a command that can sweep prints: one record as today (table or json), or one row per point (a
/// tab-separated table with a header, a JSON array, or CSV).
enum RowFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv

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
    /// The fields as (column, plain text) pairs: nested records flattened to `outer.inner`, lists joined by "; ".
    func flattened(prefix: String = "") -> [(String, String)] {
        fields.flatMap { key, value -> [(String, String)] in
            switch value {
            case .record(let nested): return nested.flattened(prefix: prefix + key + ".")
            case .list(let values): return [(prefix + key, values.map(Self.plain).joined(separator: "; "))]
            default: return [(prefix + key, Self.plain(value))]
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
        let flat = rows.map { Dictionary($0.flattened(), uniquingKeysWith: { first, _ in first }) }
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
}
