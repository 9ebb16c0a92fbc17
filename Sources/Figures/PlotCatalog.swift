import ScalingCore

/// Curated plot specifications (the papers' axes, scales, panels and labels) by figure id. Every registered figure
/// has one (checked by the test suite); a user's figure without its own `plot` is drawn with
/// `PlotSpec.automatic`.
public enum PlotCatalog {
    /// The figure's own spec, else the curated spec of its id, else the automatic layout of its table.
    public static func spec(for figure: FigureSpec, table: Table) -> PlotSpec? {
        if let own = figure.plot { return own }
        if let curated = curated[figure.id] { return curated }
        return PlotSpec.automatic(for: table, title: figure.title)
    }

    /// Whether a figure is drawn with a curated spec (its own or the catalogue's) rather than the automatic layout.
    public static func isCurated(_ figure: FigureSpec) -> Bool {
        figure.plot != nil || curated[figure.id] != nil
    }

    static var curated: [String: PlotSpec] {
        tripartite.merging(ds3) { first, _ in first }.merging(allocation) { first, _ in first }
            .merging(empirical) { first, _ in first }
    }
}
