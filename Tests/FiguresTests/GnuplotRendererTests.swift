import Figures
import Foundation
import ScalingCore
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
