import ScalingCore

/// Plot specs made from a table alone: the automatic layout for a user's figure without a curated spec, and the
/// spec of `ds3 plot` from the columns a user names.
extension PlotSpec {
    /// What `ds3 plot --kind` draws.
    public enum Kind: String, Sendable, CaseIterable { case line, scatter, heatmap, contour }

    /// A readable default for a table without a curated spec: the first numeric column on x; curves split by the
    /// first text column, or — when x repeats — by the numeric column with the fewest distinct values (2 to 12),
    /// so a family of curves never draws as a sawtooth; the other numeric columns on y (one panel each when
    /// curves are split, one curve each otherwise); log axes where every value is positive and the values span
    /// more than two decades. Nil when the table has fewer than two numeric columns.
    public static func automatic(for table: Table, title: String) -> PlotSpec? {
        var numeric: [(name: String, values: [Double])] = []
        var texts: [String] = []
        for column in table.columns {
            switch column.values {
            case .numbers(let v): numeric.append((column.name, v))
            case .texts: texts.append(column.name)
            }
        }
        guard numeric.count >= 2 else { return nil }
        let x = numeric[0]
        var groupBy = texts.first
        if groupBy == nil, Set(x.values).count < x.values.count {
            let candidates = numeric.dropFirst().map { ($0.name, Set($0.values).count) }.filter { 2...12 ~= $0.1 }
            groupBy = candidates.min { $0.1 < $1.1 }?.0
        }
        let ys = numeric.dropFirst().filter { $0.name != groupBy }
        guard !ys.isEmpty else { return nil }
        let logX = spansDecades(x.values)
        if groupBy != nil, ys.count > 1 {
            let panels = ys.map { y in
                PlotSpec(
                    title: y.name, xLabel: x.name, yLabel: y.name, logX: logX, logY: spansDecades(y.values),
                    series: [Series(x: x.name, y: y.name, label: y.name)], groupBy: groupBy)
            }
            return PlotSpec(title: title, panels: panels, panelColumns: ys.count > 4 ? 3 : 2)
        }
        return PlotSpec(
            title: title, xLabel: x.name, yLabel: ys.count == 1 ? ys[0].name : "value", logX: logX,
            logY: ys.allSatisfy { spansDecades($0.values) },
            series: ys.map { Series(x: x.name, y: $0.name, label: $0.name) }, groupBy: groupBy)
    }

    /// Whether values are all positive and span more than two decades (drawn on a log axis).
    static func spansDecades(_ values: [Double]) -> Bool {
        guard let lo = values.min(), let hi = values.max(), lo > 0 else { return false }
        return hi / lo > 100
    }

    /// The spec of `ds3 plot`: `ys` against `x` (line or scatter, one curve per value of `by`), or — for `heatmap`
    /// and `contour` — `z` over (`x`, `ys[0]`), one panel per value of `by`.
    ///
    /// - Throws: `ParameterError` naming a column the table does not have (with the columns it has), a text column
    ///   used as an axis, or a missing `z` / `ys` for the kind.
    public static func custom(
        table: Table, title: String, x: String, ys: [String], z: String? = nil, by: String? = nil,
        logX: Bool = false, logY: Bool = false, kind: Kind = .line
    ) throws(ParameterError) -> PlotSpec {
        for name in [x] + ys + [z, by].compactMap({ $0 }) where !table.columnNames.contains(name) {
            throw ParameterError(
                parameter: "column", value: "'\(name)'",
                validRange: "one of the file's columns: \(table.columnNames.joined(separator: ", "))")
        }
        for name in [x] + ys + [z].compactMap({ $0 }) { _ = try table.numbers(name) }
        guard let firstY = ys.first else {
            throw ParameterError(parameter: "--y", value: "none", validRange: "at least one column")
        }
        switch kind {
        case .line, .scatter:
            return PlotSpec(
                title: title, xLabel: x, yLabel: ys.count == 1 ? firstY : "value", logX: logX, logY: logY,
                series: ys.map { Series(x: x, y: $0, label: $0, style: kind == .line ? .lines : .points) },
                groupBy: by, key: ys.count == 1 && by == nil ? .none : .below)
        case .heatmap, .contour:
            guard let z else {
                throw ParameterError(
                    parameter: "--z", value: "none", validRange: "a numeric column to colour by (--kind \(kind))")
            }
            let surface = Surface(x: x, y: firstY, z: z, kind: kind == .heatmap ? .heatmap : .contour, zLabel: z)
            return PlotSpec(
                title: title, xLabel: x, yLabel: firstY, logX: logX, logY: logY, surface: surface,
                key: kind == .heatmap ? .none : .below, panelBy: by.map { [$0] } ?? [], panelColumns: 2)
        }
    }
}
