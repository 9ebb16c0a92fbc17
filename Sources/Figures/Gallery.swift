import Foundation
import ScalingCore

/// The figure gallery (`docs/gallery.md`): every registered figure drawn on its test grid, with its caption and the
/// command that made it. The pictures and their CSVs live in `docs/figures/`; a test keeps each CSV equal to the
/// figure the code computes.
public enum Gallery {
    /// Figures drawn as PNG: heat maps of thousands of cells, whose SVG (one path per cell) would exceed 1 MB.
    public static let pngFigures: Set<String> = ["ds3-F6", "ds3-F7", "ds3-F10"]

    /// Folder of the pictures, relative to the gallery page.
    public static let imageFolder = "figures"

    /// The picture format of a figure in the gallery.
    public static func format(of figure: FigureSpec) -> PlotFormat {
        pngFigures.contains(figure.id) ? .png : .svg
    }

    /// The command that draws the figure's gallery picture, run from the package root.
    public static func command(for figure: FigureSpec) -> String {
        "ds3 figures run \(figure.id) --resolution test --plot \(format(of: figure).rawValue) --out docs/figures"
    }

    static func source(_ paper: Paper) -> String {
        switch paper {
        case .tripartite: "Tripartite paper (Nayak & Varshney, arXiv 2410.01243)"
        case .ds3: "DS3 paper (Ellis-Mohr, Nayak & Varshney, arXiv 2507.00004)"
        case .project: "DS3Kit's own figure"
        }
    }

    /// The gallery page for `figures`.
    public static func markdown(_ figures: [FigureSpec]) -> String {
        var lines = [
            "# Figure gallery",
            "",
            "Every registered figure (\(figures.count)), drawn by DS3Kit with gnuplot on its test grid (the grid of the",
            "golden CSVs; `--resolution full`, the default of `ds3 figures run`, gives the papers' grids). Each",
            "picture's CSV sits next to it in `docs/figures/` and is checked against the code by the test suite.",
            "Regenerate everything with `make plots`; draw any CSV with `ds3 plot FILE.csv`.",
            "",
        ]
        for figure in figures {
            let file = "\(imageFolder)/\(figure.id).\(format(of: figure).rawValue)"
            lines += [
                "## \(figure.id): \(figure.title)",
                "",
                "![\(figure.id)](\(file))",
                "",
                "\(source(figure.paper)). Columns: `\(figure.columns.joined(separator: "`, `"))` "
                    + "([CSV](\(imageFolder)/\(figure.id).csv)).",
                "",
                "```sh",
                command(for: figure),
                "```",
                "",
            ]
        }
        return lines.joined(separator: "\n")
    }

    /// Draws every figure into `<docs>/figures/` (CSV and picture, on the test grid, several at a time) and writes
    /// `<docs>/gallery.md`. Returns the paths written, the page last.
    @discardableResult
    public static func write(
        _ figures: [FigureSpec], to docs: String, threads: Int = Parallel.defaultThreads,
        finished: (@Sendable (FigureSpec) -> Void)? = nil
    ) throws -> [String] {
        let folder = (docs as NSString).appendingPathComponent(imageFolder)
        try FigureWriter.prepareDirectory(folder)
        let written = try Parallel.map(count: figures.count, threads: threads) { k in
            defer { finished?(figures[k]) }
            return try FigureWriter.write(figures[k], to: folder, plot: format(of: figures[k]), resolution: .test)
        }
        let page = (docs as NSString).appendingPathComponent("gallery.md")
        try AtomicFile.write(markdown(figures), to: page)
        return written.flatMap { $0 } + [page]
    }
}
