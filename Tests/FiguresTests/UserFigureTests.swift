import Figures
import Foundation
import ScalingCore
import Testing

/// A researcher's own figure goes through the catalogue, the writer, the golden comparison and the plot layout
/// exactly as the built-in figures do (issue 17: figures lived in a closed static list).
@Suite("User figures through the catalogue, writer, goldens and plots")
struct UserFigureTests {
    /// y = x² on 5 points, with its own plot.
    static let squares = FigureSpec(
        id: "my-squares", paper: .project, title: "Squares", columns: ["x", "y"],
        plot: PlotSpec(
            title: "Squares", xLabel: "x", yLabel: "x²", logX: false, logY: false,
            series: [.init(x: "x", y: "y", label: "x²")])
    ) {
        try Table(names: ["x", "y"], rows: (1...5).map { [Double($0), Double($0 * $0)] })
    }

    @Test("A user figure is added to the built-in catalogue, written with the standard metadata and read back")
    func userFigureIsWrittenLikeBuiltIns() throws {
        let catalogue = try FigureCatalogue.builtIn.adding(Self.squares)
        #expect(catalogue.figures.count == FigureRegistry.all.count + 1)
        let figure = try catalogue.figure(id: "my-squares")
        let directory = NSTemporaryDirectory() + "ds3kit-user-figure-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try FigureWriter.write(figure, to: directory)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let written = try Table.parseCSV(text, source: path)
        #expect(written.metadataValue("figure") == "my-squares")
        #expect(written.metadataValue("title") == "Squares")
        #expect(try written.numbers("y") == [1, 4, 9, 16, 25])
        // Its golden: the written file matches; a changed cell is reported with both values.
        let table = try FigureRegistry.table(for: figure)
        #expect(GoldenComparison.differences(table, golden: written, tolerance: .closedForm, figure: figure.id).isEmpty)
        var rows: [[Double]] = (1...5).map { [Double($0), Double($0 * $0)] }
        rows[2][1] += 1e-6
        var changed = try Table(names: ["x", "y"], rows: rows)
        changed.metadata = table.metadata
        let differences = GoldenComparison.differences(
            changed, golden: written, tolerance: .closedForm, figure: figure.id)
        #expect(differences == ["my-squares column y: 9.000001 vs golden 9.0"])
        // Its own plot is the one the writer draws.
        #expect(PlotCatalog.spec(for: figure, table: table)?.yLabel == "x²")
    }

    @Test("A catalogue refuses a duplicate or unsafe id and a figure without columns")
    func catalogueChecksIds() throws {
        #expect(throws: ParameterError.self) {
            try FigureCatalogue.builtIn.adding(try FigureRegistry.figure(id: "ds3-F4"))
        }
        let unsafe = FigureSpec(id: "../x", paper: .project, title: "t", columns: ["a"]) {
            try Table(names: ["a"], rows: [])
        }
        #expect(throws: ParameterError.self) { try FigureCatalogue([unsafe]) }
        let empty = FigureSpec(id: "none", paper: .project, title: "t", columns: []) { try Table(names: [], rows: []) }
        #expect(throws: ParameterError.self) { try FigureCatalogue([empty]) }
    }
}
