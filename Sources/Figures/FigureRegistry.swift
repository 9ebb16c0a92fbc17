import ScalingCore

/// Error for an unknown figure id.
public struct UnknownFigureError: Error, CustomStringConvertible, Sendable {
    public let id: String
    public let known: [String]
    public var description: String {
        "unknown figure id '\(id)'; run 'ds3 figures list' to see the \(known.count) registered ids"
    }
}

/// Every figure of both papers and of the project, in a fixed order. Each area registers its figures in its
/// own file (`TripartiteFigures`, `DS3Figures`, `AllocationFigures`, `FitFigures`).
public enum FigureRegistry {
    public static var all: [FigureSpec] {
        TripartiteFigures.all + DS3Figures.all + AllocationFigures.all + FitFigures.all
    }

    /// The figure with this id.
    public static func figure(id: String) throws -> FigureSpec {
        let figures = all
        guard let figure = figures.first(where: { $0.id == id }) else {
            throw UnknownFigureError(id: id, known: figures.map(\.id))
        }
        return figure
    }

    /// Computes a figure at `resolution` and stamps the standard metadata (figure id, paper, title, package
    /// version) ahead of the figure's own parameters. Refuses tables with non-finite cells or columns other than
    /// declared. `.full` (the default) is the paper's grid; `.test` is the reduced grid of the golden CSVs. A
    /// full-resolution variant of a figure that has a reduced one also carries `resolution: full`.
    public static func table(for figure: FigureSpec, resolution: FigureResolution = .full) throws -> Table {
        var table = try figure.maker(for: resolution)()
        guard table.columnNames == figure.columns else {
            throw ParameterError(
                parameter: "figure \(figure.id) columns", value: "\(table.columnNames)",
                validRange: "the declared \(figure.columns)")
        }
        if let bad = table.nonFiniteCells.first {
            throw ParameterError(
                parameter: "figure \(figure.id) cell \(bad.column)[\(bad.row)]", value: "non-finite",
                validRange: "finite")
        }
        var standard = [
            Table.Metadata("figure", figure.id),
            Table.Metadata("paper", figure.paper.rawValue),
            Table.Metadata("title", figure.title),
            Table.Metadata("ds3kit", DS3KitVersion.string),
        ]
        // Only the full variant of a two-variant figure is marked, so the golden (test) CSVs keep their metadata.
        if resolution == .full && figure.hasFullVariant { standard.append(Table.Metadata("resolution", "full")) }
        table.metadata = standard + table.metadata.filter { m in !standard.contains { $0.key == m.key } }
        return table
    }
}
