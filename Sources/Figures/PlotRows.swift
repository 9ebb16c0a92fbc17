import Foundation
import ScalingCore

/// Row selection over a table for plotting: cell values by column, rows meeting conditions, distinct values in
/// order of appearance.
struct PlotRows {
    let table: Table
    private let values: [String: Table.Values]

    init(_ table: Table) {
        self.table = table
        var values: [String: Table.Values] = [:]
        for column in table.columns { values[column.name] = column.values }
        self.values = values
    }

    /// The column's values, or a `ParameterError` naming the missing column and the columns there are.
    func column(_ name: String) throws(ParameterError) -> Table.Values {
        guard let column = values[name] else {
            throw ParameterError(
                parameter: "plot column", value: "'\(name)'",
                validRange: "one of the table's columns: \(table.columnNames.joined(separator: ", "))")
        }
        return column
    }

    func numbers(_ name: String) throws(ParameterError) -> [Double] {
        guard case .numbers(let v) = try column(name) else {
            throw ParameterError(parameter: "plot axis column \(name)", value: "text", validRange: "numeric")
        }
        return v
    }

    func value(_ name: String, _ row: Int) throws(ParameterError) -> PlotSpec.Value {
        switch try column(name) {
        case .numbers(let v): .number(v[row])
        case .texts(let v): .text(v[row])
        }
    }

    /// Indices of the rows that meet every condition (numbers equal to 1e-12 relative, texts exactly).
    func rows(where conditions: [PlotSpec.Condition]) throws(ParameterError) -> [Int] {
        var keep = Array(0..<table.rowCount)
        for condition in conditions {
            let column = try column(condition.column)
            keep = keep.filter { i in
                switch (column, condition.value) {
                case (.numbers(let v), .number(let x)): abs(v[i] - x) <= 1e-12 * max(abs(v[i]), abs(x))
                case (.texts(let v), .text(let s)): v[i] == s
                case (.numbers(let v), .text(let s)): Table.format(v[i]) == s
                case (.texts(let v), .number(let x)): Double(v[i]) == x
                }
            }
        }
        return keep
    }

    /// Distinct values of `name` among `rows`, in order of appearance.
    func distinct(_ name: String, in rows: [Int]) throws(ParameterError) -> [PlotSpec.Value] {
        var seen: [PlotSpec.Value] = []
        for i in rows {
            let v = try value(name, i)
            if !seen.contains(v) { seen.append(v) }
        }
        return seen
    }

    /// Distinct combinations of the columns' values among `rows`, in order of appearance.
    func combinations(_ names: [String], in rows: [Int]) throws(ParameterError) -> [[PlotSpec.Condition]] {
        var seen: [[PlotSpec.Value]] = []
        for i in rows {
            var combo: [PlotSpec.Value] = []
            for name in names { combo.append(try value(name, i)) }
            if !seen.contains(combo) { seen.append(combo) }
        }
        return seen.map { combo in zip(names, combo).map { PlotSpec.Condition($0, $1) } }
    }

    /// Cell edges of sorted distinct coordinates: halfway to each neighbour (geometrically on a log axis), the
    /// outer cells mirrored; a lone value gets a cell of ±half a decade (log) or ±0.5 (linear).
    static func cellEdges(_ sorted: [Double], log: Bool) -> [Double: (Double, Double)] {
        let t: (Double) -> Double = log ? { Foundation.log10($0) } : { $0 }
        let back: (Double) -> Double = log ? { Foundation.pow(10, $0) } : { $0 }
        var edges: [Double: (Double, Double)] = [:]
        for (k, v) in sorted.enumerated() {
            let here = t(v)
            let below = k > 0 ? (t(sorted[k - 1]) + here) / 2 : nil
            let above = k + 1 < sorted.count ? (t(sorted[k + 1]) + here) / 2 : nil
            let half = below.map { here - $0 } ?? above.map { $0 - here } ?? 0.5
            // Cells overlap their neighbours by 2 % of a half-gap so that anti-aliasing leaves no seams.
            let lo = below.map { $0 - 0.02 * (here - $0) } ?? here - half
            let hi = above.map { $0 + 0.02 * ($0 - here) } ?? here + half
            edges[v] = (back(lo), back(hi))
        }
        return edges
    }
}
