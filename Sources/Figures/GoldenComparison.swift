import ScalingCore

/// A regenerated figure table against its golden CSV, by the rules the test suite applies to every registered
/// figure — and that a user's figure gets the same way: same column names and row count; numbers within the
/// figure's `GoldenTolerance` (relative per column, plus an absolute floor of 1e-15 × the column's largest
/// magnitude, so 0 against 5e-18 is not a change); text cells exactly (a text column whose cells all read as
/// numbers is compared in its printed form); metadata text exactly and metadata numbers within 1e-9 relative,
/// except the `ds3kit` version entry.
public enum GoldenComparison {
    /// The differences, each a line naming the figure, column (or metadata key) and the two values; empty when
    /// the table matches. At most `limit` cell differences are listed per column, with the column's count.
    public static func differences(
        _ table: Table, golden: Table, tolerance: GoldenTolerance, figure id: String, limit: Int = 3
    ) -> [String] {
        var found: [String] = []
        guard golden.columnNames == table.columnNames else {
            return ["\(id): columns \(table.columnNames) vs golden \(golden.columnNames)"]
        }
        guard golden.rowCount == table.rowCount else {
            return ["\(id): \(table.rowCount) rows vs golden \(golden.rowCount)"]
        }
        for (new, old) in zip(table.columns, golden.columns) {
            switch (new.values, old.values) {
            case (.numbers(let a), .numbers(let b)):
                let scale = (a + b).map(abs).max() ?? 0
                let floor = max(1e-300, 1e-15 * scale, tolerance.absolute)
                let relative = tolerance.relative(for: new.name)
                var bad = 0
                for (x, y) in zip(a, b) where abs(x - y) > relative * max(abs(x), abs(y)) && abs(x - y) > floor {
                    bad += 1
                    if bad <= limit { found.append("\(id) column \(new.name): \(x) vs golden \(y)") }
                }
                if bad > limit { found.append("\(id) column \(new.name): \(bad) cells differ") }
            case (.texts(let a), .texts(let b)):
                if a != b { found.append("\(id) column \(new.name): text differs") }
            case (.numbers(let a), .texts(let b)):
                if a.map(Table.format) != b { found.append("\(id) column \(new.name): differs") }
            case (.texts(let a), .numbers(let b)):
                if a != b.map(Table.format) { found.append("\(id) column \(new.name): differs") }
            }
        }
        for entry in table.metadata where entry.key != "ds3kit" {
            let recorded = golden.metadataValue(entry.key) ?? "<missing>"
            if let difference = NotebookOutputComparison.difference(
                produced: entry.value, recorded: recorded, relativeTolerance: 1e-9)
            {
                found.append("\(id) metadata \(entry.key): \(difference)")
            }
        }
        return found
    }
}
