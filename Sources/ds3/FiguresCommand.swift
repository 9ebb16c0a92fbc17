import ArgumentParser
import Figures
import Foundation
import ScalingCore

extension PlotFormat: ExpressibleByArgument {}
extension FigureResolution: ExpressibleByArgument {}

private let resolutionHelp = ArgumentHelp(
    "Grid: full (the paper's) or test (the reduced grid of the golden CSVs).", valueName: "full|test")

struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "List and regenerate the figures of both papers as CSV.",
        subcommands: [List.self, Run.self, All.self, GalleryPage.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every registered figure: id, paper, title, columns.")

        @Option(help: "Output format: table (tab-separated lines), json or csv.")
        var format: OutputFormat = .table

        func run() throws {
            let figures = FigureRegistry.all
            if format != .table {
                var record = Record()
                record.add(
                    "figures",
                    figures.map { figure in
                        var row = Record()
                        row.add("id", figure.id)
                        row.add("paper", figure.paper.rawValue)
                        row.add("title", figure.title)
                        row.add("columns", figure.columns.map { Record.Value.text($0) })
                        row.add("full_variant", figure.hasFullVariant)
                        return Record.Value.record(row)
                    })
                try record.emit(format)
                return
            }
            if figures.isEmpty {
                print("No figures registered.")
                return
            }
            for figure in figures {
                print(
                    "\(figure.id)\t\(figure.paper.rawValue)\t\(figure.title)\t\(figure.columns.joined(separator: ","))")
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Regenerate one figure as <out>/<id>.csv.")

        @Argument(help: "Figure id (see 'ds3 figures list').")
        var id: String

        @Option(help: "Output directory (created if missing).")
        var out: String = "figures"

        @Option(help: "Also render the figure with gnuplot: svg, png or pdf.")
        var plot: PlotFormat?

        @Option(help: resolutionHelp)
        var resolution: FigureResolution = .full

        func validate() throws {
            do {
                _ = try FigureRegistry.figure(id: id)
            } catch {
                throw ValidationError("\(error)")
            }
            guard !out.isEmpty else { throw ValidationError("--out needs a folder path") }
        }

        func run() throws {
            let figure = try FigureRegistry.figure(id: id)
            try FigureWriter.prepareDirectory(out)
            if let plot {
                for path in try FigureWriter.write(figure, to: out, plot: plot, resolution: resolution) { print(path) }
            } else {
                print(try FigureWriter.write(figure, to: out, resolution: resolution))
            }
        }
    }

    struct All: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Regenerate every registered figure into a directory.")

        @Option(help: "Output directory (created if missing).")
        var out: String = "figures"

        @Option(help: "Also render every figure with gnuplot: svg, png or pdf.")
        var plot: PlotFormat?

        @Option(help: resolutionHelp)
        var resolution: FigureResolution = .full

        func validate() throws {
            guard !out.isEmpty else { throw ValidationError("--out needs a folder path") }
        }

        func run() throws {
            try FigureWriter.prepareDirectory(out)
            // Figures run two (or DS3KIT_THREADS) at a time; paths are printed in registry order at the end.
            let figures = FigureRegistry.all
            // Progress (figures done) comes from the writer's parallel loop (`ProgressPrinter`, --progress).
            let written = try FigureWriter.writeAll(figures, to: out, plot: plot, resolution: resolution)
            for paths in written {
                for path in paths { print(path) }
            }
        }
    }
}

extension FiguresCommand {
    /// `ds3 figures gallery`: every figure's picture and CSV on the test grid, and the gallery page.
    struct GalleryPage: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gallery",
            abstract: "Draw every figure on its test grid into <out>/figures and write <out>/gallery.md.")

        @Option(help: "Documentation folder (created if missing).")
        var out: String = "docs"

        func validate() throws {
            guard !out.isEmpty else { throw ValidationError("--out needs a folder path") }
        }

        func run() throws {
            try FigureWriter.prepareDirectory(out)
            let figures = FigureRegistry.all
            let written = try Gallery.write(figures, to: out)
            for path in written { print(path) }
        }
    }
}
