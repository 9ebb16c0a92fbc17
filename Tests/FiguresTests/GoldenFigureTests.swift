import Figures
import Foundation
import ScalingCore
import TestSupport
import Testing

/// Every registered figure is regenerated and compared with its golden CSV in `fixtures/figures/<id>.csv`.
@Suite("Figure registry and golden CSVs (regression snapshots)")
struct GoldenFigureTests {
    static let ids = FigureRegistry.all.map(\.id)

    @Test("Figure ids are unique, non-empty and file-name safe; every figure declares columns")
    func registryWellFormed() {
        let ids = Self.ids
        #expect(Set(ids).count == ids.count)
        for figure in FigureRegistry.all {
            #expect(!figure.id.isEmpty)
            #expect(figure.id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            #expect(!figure.columns.isEmpty)
            #expect(!figure.title.isEmpty)
        }
    }

    /// Tolerance: the figure's `goldenTolerance` (default 1e-9 relative for closed forms; optimiser outputs state a
    /// looser one and why), plus an absolute floor of 1e-15 × the column's largest magnitude, so a difference of
    /// two probabilities that is 0 in one build and 5e-18 in another is not a change.
    @Test("Regression snapshot: regenerated figure matches its golden CSV", arguments: GoldenFigureTests.ids)
    func matchesGolden(id: String) throws {
        let figure = try FigureRegistry.figure(id: id)
        let table = try FigureTables.test(id)
        let path = fixturePath("figures/\(id).csv")
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record(
                "missing golden fixtures/figures/\(id).csv; write it with 'ds3 figures run \(id) --out fixtures/figures'"
            )
            return
        }
        let golden = try Table.parseCSV(try String(contentsOfFile: path, encoding: .utf8), source: path)
        #expect(golden.columnNames == table.columnNames)
        #expect(golden.rowCount == table.rowCount)
        guard golden.columnNames == table.columnNames, golden.rowCount == table.rowCount else { return }
        for (new, old) in zip(table.columns, golden.columns) {
            switch (new.values, old.values) {
            case (.numbers(let a), .numbers(let b)):
                var bad = 0
                let tolerance = figure.goldenTolerance
                let scale = (a + b).map(abs).max() ?? 0
                let floor = max(1e-300, 1e-15 * scale, tolerance.absolute)
                for (x, y) in zip(a, b)
                where abs(x - y) > tolerance.relative(for: new.name) * max(abs(x), abs(y)) && abs(x - y) > floor {
                    bad += 1
                    if bad <= 3 { Issue.record("\(id) column \(new.name): \(x) vs golden \(y)") }
                }
                #expect(bad == 0, "\(id) column \(new.name): \(bad) cells differ")
            case (.texts(let a), .texts(let b)):
                #expect(a == b, "\(id) column \(new.name) text differs")
            case (.numbers(let a), .texts(let b)):
                // A text column whose cells are all numbers parses as numbers; compare printed forms.
                #expect(a.map(Table.format) == b, "\(id) column \(new.name) differs")
            case (.texts(let a), .numbers(let b)):
                #expect(a == b.map(Table.format), "\(id) column \(new.name) differs")
            }
        }
        // Metadata: text exactly, numbers within the same 1e-9 relative (fitted constants printed there carry
        // only the optimiser's precision).
        for entry in table.metadata where entry.key != "ds3kit" {
            let recorded = golden.metadataValue(entry.key) ?? "<missing>"
            let difference = NotebookOutputComparison.difference(
                produced: entry.value, recorded: recorded, relativeTolerance: 1e-9)
            #expect(difference == nil, "\(id) metadata \(entry.key): \(difference ?? "")")
        }
    }

    @Test("Unknown figure ids throw an error that names the id")
    func unknownFigure() {
        do {
            _ = try FigureRegistry.figure(id: "nonexistent")
            Issue.record("expected a throw")
        } catch {
            #expect("\(error)".contains("nonexistent"))
        }
    }
}
