import ScalingCore

/// A set of figures with unique, file-name-safe ids: the built-in figures of both papers and the project
/// (`builtIn`, the registry's list), extended with a user's own (`adding`). Every figure of a catalogue goes
/// through the same machinery as the built-in ones: `FigureRegistry.table(for:)` (standard metadata, declared
/// columns, finite cells), `FigureWriter` (CSV and gnuplot, its `plot` or the automatic layout) and
/// `GoldenComparison` (golden CSVs).
public struct FigureCatalogue: Sendable {
    /// The figures, in order.
    public let figures: [FigureSpec]

    /// - Throws: `ParameterError` for an empty or duplicate id, an id with characters other than letters,
    ///   digits, `-` and `_`, no declared columns, or an empty title.
    public init(_ figures: [FigureSpec]) throws(ParameterError) {
        var seen = Set<String>()
        for figure in figures {
            guard !figure.id.isEmpty, figure.id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            else {
                throw ParameterError(
                    parameter: "figure id", value: "'\(figure.id)'", validRange: "non-empty letters, digits, - and _")
            }
            guard seen.insert(figure.id).inserted else {
                throw ParameterError(parameter: "figure id", value: "'\(figure.id)'", validRange: "unique")
            }
            guard !figure.columns.isEmpty else {
                throw ParameterError(parameter: "figure \(figure.id) columns", value: "[]", validRange: "at least one")
            }
            guard !figure.title.isEmpty else {
                throw ParameterError(parameter: "figure \(figure.id) title", value: "''", validRange: "non-empty")
            }
        }
        self.figures = figures
    }

    /// The registered figures of both papers and of the project.
    public static var builtIn: FigureCatalogue {
        get throws(ParameterError) { try FigureCatalogue(FigureRegistry.all) }
    }

    /// This catalogue with `figure` appended (same checks as `init`).
    public func adding(_ figure: FigureSpec) throws(ParameterError) -> FigureCatalogue {
        try FigureCatalogue(figures + [figure])
    }

    /// The figure with this id (exact, else ignoring case).
    public func figure(id: String) throws -> FigureSpec {
        try FigureLookup.find(id, in: figures)
    }

    /// Every figure written into `directory` (`FigureWriter.writeAll`): CSV, and the plot when `plot` is given.
    @discardableResult
    public func writeAll(
        to directory: String, plot: PlotFormat? = nil, resolution: FigureResolution = .full,
        threads: Int = Parallel.defaultThreads
    ) throws -> [[String]] {
        try FigureWriter.writeAll(figures, to: directory, plot: plot, resolution: resolution, threads: threads)
    }
}
