import Foundation
import ScalingCore
import TestSupport
import Testing

/// `--format csv` prints the numbers of `--format json`: every table-printing command, run both ways on the corpus's
/// baseline arguments, gives a CSV whose cells (rows of the JSON's list of records, the other fields as `# key:
/// value` lines) parse to exactly the JSON's numbers. Both print each number with the same shortest round-trip
/// text, which the test checks verbatim (`compare`).
@Suite("CSV output matches JSON")
struct CSVOutputTests {
    /// Every leaf subcommand that prints a table and takes `--format` (bench is checked for shape only: its timings
    /// differ between two runs).
    static let commands = [
        "figures list", "strategy evaluate", "strategy compare", "strategy simulate", "tripartite optimum",
        "tripartite simulate", "optimum chinchilla", "optimum inference-aware", "optimum joint", "optimum dynamic",
        "fit loss", "fit passk", "fit mv", "fit directionality",
    ]

    /// JSON leaves as (dotted key, value): nested objects flattened, arrays of scalars kept as arrays.
    static func leaves(_ object: [String: Any], prefix: String = "") -> [(String, Any)] {
        object.flatMap { key, value -> [(String, Any)] in
            if let nested = value as? [String: Any] { return leaves(nested, prefix: prefix + key + ".") }
            return [(prefix + key, value)]
        }
    }

    static func isNumber(_ value: Any) -> Double? {
        // A JSON true/false is an NSNumber of type char ("c"): not a number here.
        guard let n = value as? NSNumber, String(cString: n.objCType) != "c" else { return nil }
        return n.doubleValue
    }

    /// Checks one CSV text (`cell`) against one JSON value; returns a problem or nil.
    ///
    /// A number must match twice: its CSV text occurs verbatim as a number in the raw JSON text (the exact check), and
    /// it equals the parsed JSON value to 2e-15 relative — swift-corelibs-foundation's JSONSerialization reads
    /// decimals with last-bit errors (31.240000000000002 comes back as 31.24), so the parsed value is only that close (up to 5
    /// ulps measured; 2e-15 allows 9).
    static func compare(_ key: String, json: Any, cell: String?, raw: String) -> String? {
        guard let cell else { return "\(key): missing from the CSV" }
        func same(_ text: Substring, _ x: Double) -> Bool {
            guard let y = Double(text) else { return false }
            let verbatim = [": ", "[", ", "].contains {
                raw.contains($0 + text + ",") || raw.contains($0 + text + "}") || raw.contains($0 + text + "]")
            }
            return verbatim && abs(y - x) <= 2e-15 * max(abs(x), abs(y))
        }
        if let x = isNumber(json) { return same(Substring(cell), x) ? nil : "\(key): CSV \(cell) vs JSON \(x)" }
        if let list = json as? [Any], list.allSatisfy({ isNumber($0) != nil }) {
            let cells = cell.split(separator: ";")
            let ok = cells.count == list.count && zip(cells, list).allSatisfy { same($0, isNumber($1)!) }
            return ok ? nil : "\(key): CSV \(cell) vs JSON \(list)"
        }
        return nil
    }

    /// The everyday tier checks one command of each family (two processes each, ~1 s in a debug build); the slow tier
    /// all of them.
    static let checked =
        TestTier.slow
        ? commands
        : ["figures list", "strategy compare", "tripartite optimum", "optimum dynamic", "fit passk"]

    @Test("Each table-printing command's CSV parses back to its JSON numbers", arguments: CSVOutputTests.checked)
    func csvMatchesJSON(command: String) throws {
        let baseline = try #require(BadArgumentCorpusTests.baselines[command])
        let args = command.split(separator: " ").map(String.init) + baseline
        let jsonRun = try runDS3(args + ["--format", "json"])
        #expect(jsonRun.status == 0, "\(command): \(jsonRun.stderr)")
        let raw = jsonRun.stdout
        let json = try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any] ?? [:]
        let r = try runDS3(args + ["--format", "csv"])
        #expect(r.status == 0, "\(command): \(r.stderr)")
        let table = try Table.parseCSV(r.stdout, source: command)
        let metadata = Dictionary(table.metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        var problems: [String] = []
        var numbers = 0
        for (key, value) in Self.leaves(json) {
            if let rows = value as? [[String: Any]], !rows.isEmpty, metadata[key] == nil {
                #expect(table.rowCount == rows.count, "\(command): \(rows.count) JSON rows, \(table.rowCount) CSV rows")
                for (i, row) in rows.enumerated() where i < table.rowCount {
                    for (name, cellValue) in Self.leaves(row) {
                        let column = table.columns.first { $0.name == name }
                        let cell: String? =
                            switch column?.values {
                            case .numbers(let v): Table.format(v[i])
                            case .texts(let v): v[i]
                            case nil: nil
                            }
                        if Self.isNumber(cellValue) != nil { numbers += 1 }
                        if let problem = Self.compare("\(key)[\(i)].\(name)", json: cellValue, cell: cell, raw: raw) {
                            problems.append(problem)
                        }
                    }
                }
            } else {
                if Self.isNumber(value) != nil { numbers += 1 }
                let cell =
                    metadata[key]
                    ?? table.columns.first { $0.name == key }.map { column in
                        switch column.values {
                        case .numbers(let v): v.first.map(Table.format) ?? ""
                        case .texts(let v): v.first ?? ""
                        }
                    }
                if let problem = Self.compare(key, json: value, cell: cell, raw: raw) { problems.append(problem) }
            }
        }
        #expect(numbers > 0 || command == "figures list", "\(command): no numbers compared")
        #expect(problems.isEmpty, "\(command): \(problems.prefix(5))")
    }
}
