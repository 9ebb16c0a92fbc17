import ScalingCore

/// Error for an unknown figure id.
public struct UnknownFigureError: Error, CustomStringConvertible, Sendable {
    public let id: String
    public let known: [String]

    public init(id: String, known: [String]) {
        self.id = id
        self.known = known
    }

    /// Registered ids close to `id`: within an edit distance of a third of its length (at least 2), ignoring case,
    /// or containing it; nearest first, at most three.
    public var suggestions: [String] {
        let wanted = id.lowercased()
        let limit = max(2, wanted.count / 3)
        let scored = known.map { ($0, FigureLookup.editDistance(wanted, $0.lowercased())) }
            .filter { $0.1 <= limit || (wanted.count >= 3 && $0.0.lowercased().contains(wanted)) }
        return scored.sorted { $0.1 < $1.1 }.prefix(3).map(\.0)
    }

    public var description: String {
        let hint = suggestions.isEmpty ? "" : "did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))? "
        return "unknown figure id '\(id)'; \(hint)run 'ds3 figures list' to see the \(known.count) registered ids"
    }
}

/// Finding a figure by id: exact match first, then ignoring case (`DS3-f13` is `ds3-F13`).
public enum FigureLookup {
    public static func find(_ id: String, in figures: [FigureSpec]) throws -> FigureSpec {
        if let exact = figures.first(where: { $0.id == id }) { return exact }
        let lower = id.lowercased()
        if let folded = figures.first(where: { $0.id.lowercased() == lower }) { return folded }
        throw UnknownFigureError(id: id, known: figures.map(\.id))
    }

    /// Levenshtein distance (insertions, deletions, substitutions) between two strings.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

/// Every figure of both papers and of the project, in a fixed order. Each area registers its figures in its
/// own file (`TripartiteFigures`, `DS3Figures`, `AllocationFigures`, `FitFigures`).
public enum FigureRegistry {
    public static var all: [FigureSpec] {
        TripartiteFigures.all + DS3Figures.all + AllocationFigures.all + FitFigures.all
    }

    /// The figure with this id (exact, else ignoring case).
    public static func figure(id: String) throws -> FigureSpec {
        try FigureLookup.find(id, in: all)
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
