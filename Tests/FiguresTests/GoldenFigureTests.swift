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
    /// two probabilities that is 0 in one build and 5e-18 in another is not a change (`GoldenComparison`).
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
        // The library's comparison (`GoldenComparison`), the one a user's figure gets.
        let differences = GoldenComparison.differences(
            table, golden: golden, tolerance: figure.goldenTolerance, figure: id)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
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
