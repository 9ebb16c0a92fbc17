import ArgumentParser
import Figures
import Foundation
import ScalingCore

extension PlotSpec.Kind: ExpressibleByArgument {}

/// `ds3 plot FILE.csv`: draw any CSV (a figure's or the user's) with gnuplot.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Plot any CSV file (a figure's or your own) with gnuplot as SVG, PNG or PDF.",
        discussion: """
            Without --x/--y, a figure's CSV (with its '# figure: ID' line) is drawn with the figure's curated plot, \
            any other CSV with the automatic layout (first numeric column on x, curves split by the first text \
            column). Examples:
              ds3 plot figures/ds3-F13.csv --format png
              ds3 plot runs.csv --x C --y acc --by model --logx
              ds3 plot grid.csv --x C_tr --y C_inf --z acc --kind contour --logx --logy
            """)

    @Argument(help: "CSV file with a header row ('#' lines are metadata or comments).")
    var file: String

    @Option(help: "Column on the x axis (default: the automatic layout).")
    var x: String?

    @Option(help: "Column on the y axis; repeat for several curves.")
    var y: [String] = []

    @Option(help: "Column coloured in a heat map or contoured (--kind heatmap|contour).")
    var z: String?

    @Option(help: "Column (text or numeric) splitting the rows into one curve (or panel, for surfaces) per value.")
    var by: String?

    @Flag(help: "Logarithmic x axis.")
    var logx = false

    @Flag(help: "Logarithmic y axis.")
    var logy = false

    @Option(help: "What to draw: line, scatter, heatmap or contour.")
    var kind: PlotSpec.Kind = .line

    @Option(help: "Output format: svg, png or pdf.")
    var format: PlotFormat = .svg

    @Option(help: "Output file (default: FILE with the format's extension).")
    var out: String?

    func validate() throws {
        if let reason = FileChecks.unreadableReason(file) { throw ValidationError("'\(file)': \(reason)") }
        if let out, out.isEmpty { throw ValidationError("--out needs a file path") }
        if x == nil, !y.isEmpty { throw ValidationError("--y needs --x (the column on the x axis)") }
        if x != nil, y.isEmpty { throw ValidationError("--x needs at least one --y") }
        if kind == .heatmap || kind == .contour {
            guard z != nil else { throw ValidationError("--kind \(kind.rawValue) needs --z (the column to colour)") }
            guard x != nil else { throw ValidationError("--kind \(kind.rawValue) needs --x, --y and --z") }
        }
        let table = try Self.read(file)
        for (flag, name) in [("--x", x), ("--z", z), ("--by", by)] + y.map({ ("--y", $0) }) {
            guard let name else { continue }
            guard table.columnNames.contains(name) else {
                throw ValidationError(
                    "\(flag) '\(name)': no such column in \(file); columns: \(table.columnNames.joined(separator: ", "))"
                )
            }
        }
    }

    static func read(_ path: String) throws -> Table {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(path): \(FileChecks.unreadableReason(path) ?? "not UTF-8 text")")
        }
        do {
            return try Table.parseCSV(text, source: path)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let table = try Self.read(file)
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let title = table.metadataValue("title") ?? name
        let spec: PlotSpec
        if let x {
            spec = try PlotSpec.custom(
                table: table, title: title, x: x, ys: y, z: z, by: by, logX: logx, logY: logy, kind: kind)
        } else if let id = table.metadataValue("figure"), let figure = try? FigureRegistry.figure(id: id),
            Set(figure.columns) == Set(table.columnNames)
        {
            spec = PlotCatalog.spec(for: figure, table: table) ?? PlotSpec(title: title)
        } else {
            guard let automatic = PlotSpec.automatic(for: table, title: title) else {
                throw UsageError("\(file) has fewer than two numeric columns; nothing to plot")
            }
            var adjusted = automatic
            if logx { adjusted.logX = true }
            if logy { adjusted.logY = true }
            spec = adjusted
        }
        let output = out ?? ((file as NSString).deletingPathExtension + "." + format.rawValue)
        try GnuplotRenderer.render(table: table, spec: spec, format: format, to: output)
        print(output)
    }
}
