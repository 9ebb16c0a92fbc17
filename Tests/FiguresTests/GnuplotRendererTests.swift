import Figures
import Foundation
import ScalingCore
import TestSupport
import Testing

@Suite("gnuplot rendering")
struct GnuplotRendererTests {
    static func demoTable() throws -> Table {
        let c = try Grid.geom(1e18, 1e26, 20)
        return try Table(columns: [
            Table.Column("C", c), Table.Column("N", c.map { 0.1 * $0.squareRoot() }),
            Table.Column("D", c.map { 1.6 * $0.squareRoot() }),
        ])
    }

    @Test("The script uses the spec's log axes, labels and one block per curve")
    func script() throws {
        let spec = PlotSpec(
            title: "Compute optimal size-scaling", xLabel: "FLOPs (C)", yLabel: "N* or D*", logX: true, logY: true,
            series: [
                .init(x: "C", y: "N", label: "N* (model size)"), .init(x: "C", y: "D", label: "D* (dataset size)"),
            ])
        let (script, data) = try GnuplotRenderer.script(
            for: try Self.demoTable(), spec: spec, format: .svg, dataPath: "/tmp/d.dat", outputPath: "/tmp/o.svg")
        #expect(script.contains("set logscale x"))
        #expect(script.contains("set logscale y"))
        #expect(script.contains("index 0") && script.contains("index 1"))
        #expect(script.contains("FLOPs (C)"))
        #expect(data.split(separator: "\n").count == 40)
    }

    @Test("Rendering writes an SVG and a PNG and leaves no temporary files")
    func render() throws {
        let dir = NSTemporaryDirectory() + "ds3kit-plot-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let table = try Self.demoTable()
        let spec = try #require(PlotSpec.automatic(for: table, title: "demo"))
        #expect(spec.logX && spec.logY)
        try GnuplotRenderer.render(table: table, spec: spec, format: .svg, to: dir + "/demo.svg")
        try GnuplotRenderer.render(table: table, spec: spec, format: .png, to: dir + "/demo.png")
        let svg = try String(contentsOfFile: dir + "/demo.svg", encoding: .utf8)
        #expect(svg.contains("<svg"))
        let png = try Data(contentsOf: URL(fileURLWithPath: dir + "/demo.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["demo.png", "demo.svg"])
    }
}

@Suite("Curated plots")
struct CuratedPlotTests {
    @Test("Every registered figure has a curated plot (none uses the automatic layout)")
    func everyFigureCurated() {
        let automatic = FigureRegistry.all.filter { !PlotCatalog.isCurated($0) }.map(\.id)
        #expect(automatic.isEmpty, "figures drawn with the automatic layout: \(automatic)")
    }

    @Test("Every curated plot reads only columns its figure declares")
    func curatedColumnsExist() throws {
        for figure in FigureRegistry.all {
            let spec = try #require(PlotCatalog.spec(for: figure, table: try Table(columns: [])))
            let unknown = spec.columnsUsed.filter { !figure.columns.contains($0) }
            #expect(unknown.isEmpty, "\(figure.id) plot reads undeclared columns \(unknown)")
        }
    }

    /// The legend never sits on the data and takes no width from it: every panel of every figure puts it below the
    /// axes or has none. Scripts only (no gnuplot run); tables from the shared per-process cache.
    @Test("Every figure's legend is below its axes (or absent) and every script draws something")
    func legendsBelow() throws {
        for figure in FigureRegistry.all {
            let table = try FigureTables.test(figure.id)
            let spec = try #require(PlotCatalog.spec(for: figure, table: table))
            let (script, data) = try GnuplotRenderer.script(
                for: table, spec: spec, format: .svg, dataPath: "/tmp/d.dat", outputPath: "/tmp/o.svg")
            let keys = script.split(separator: "\n").filter { $0.hasPrefix("set key") || $0.hasPrefix("unset key") }
            #expect(
                !keys.isEmpty && keys.allSatisfy { $0.hasPrefix("set key outside below") || $0 == "unset key" },
                "\(figure.id)")
            #expect(!data.isEmpty, "\(figure.id): no data drawn")
        }
    }

    static func mixedTable() throws -> Table {
        let x = try Grid.geom(1, 100, 5)
        return try Table(columns: [
            Table.Column("model", texts: Array(repeating: "a", count: 5) + Array(repeating: "b", count: 5)),
            Table.Column("x", x + x), Table.Column("y", x.map { 2 * $0 } + x.map { 3 * $0 }),
        ])
    }

    @Test("A text column splits curves: one data block and legend entry per value, legend below the axes")
    func textGroups() throws {
        let spec = PlotSpec(
            title: "t", xLabel: "x", yLabel: "y", logX: true, series: [.init(x: "x", y: "y", label: "")],
            groupBy: "model")
        let (script, data) = try GnuplotRenderer.script(
            for: try Self.mixedTable(), spec: spec, format: .pdf, dataPath: "/tmp/d.dat", outputPath: "/tmp/o.pdf")
        #expect(script.contains("title 'a'") && script.contains("title 'b'"))
        #expect(script.contains("set key outside below"))
        #expect(script.contains("pdfcairo"))
        #expect(data.components(separatedBy: "\n\n\n").filter { !$0.isEmpty }.count == 2)
    }

    @Test("Panels by a column draw a multiplot with one panel per value")
    func panelsByColumn() throws {
        let spec = PlotSpec(
            title: "t", xLabel: "x", yLabel: "y", series: [.init(x: "x", y: "y", label: "")], panelBy: ["model"])
        let (script, _) = try GnuplotRenderer.script(
            for: try Self.mixedTable(), spec: spec, format: .svg, dataPath: "/tmp/d.dat", outputPath: "/tmp/o.svg")
        #expect(script.contains("set multiplot layout 1,2"))
        #expect(script.components(separatedBy: "\nplot ").count == 3)
    }

    @Test("A heat map has one box per row; contours are traced per level before the plots")
    func surface() throws {
        var rows: [[Double]] = []
        for x in [1.0, 2, 3] { for y in [1.0, 2, 3] { rows.append([x, y, x + y]) } }
        let table = try Table(names: ["x", "y", "z"], rows: rows)
        let spec = PlotSpec(
            title: "t", xLabel: "x", yLabel: "y",
            surface: .init(x: "x", y: "y", z: "z", kind: .heatmapWithContours, zLabel: "z", levels: [3.5, 4.5]))
        let (script, data) = try GnuplotRenderer.script(
            for: table, spec: spec, format: .png, dataPath: "/tmp/d.dat", outputPath: "/tmp/o.png")
        #expect(data.split(separator: "\n").count == 9)
        #expect(script.contains("boxxyerror"))
        #expect(script.contains("levels discrete 3.5") && script.contains("levels discrete 4.5"))
    }

    @Test("A missing plot column is named in the error")
    func missingColumn() throws {
        let spec = PlotSpec(title: "t", series: [.init(x: "x", y: "nope", label: "")])
        #expect {
            _ = try GnuplotRenderer.script(
                for: try Self.mixedTable(), spec: spec, format: .svg, dataPath: "/tmp/d", outputPath: "/tmp/o")
        } throws: { "\($0)".contains("'nope'") }
    }
}

@Suite("gnuplot output paths")
struct GnuplotOutputPathTests {
    @Test("A plot aimed at a device is written into it (and fails when it is full), never renamed over it")
    func deviceOutput() throws {
        guard let full = TestSupport.fullDevice else { return }
        let table = try GnuplotRendererTests.demoTable()
        let spec = try #require(PlotSpec.automatic(for: table, title: "demo"))
        #expect(throws: OutputFileError.self) {
            try GnuplotRenderer.render(table: table, spec: spec, format: .svg, to: full)
        }
        var info = stat()
        #expect(stat(full, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR, "\(full) is still a device")
    }
}
