import ScalingCore

/// Curated plot specifications (the papers' axes, scales and labels) by figure id. Figures without an entry
/// are drawn with `PlotSpec.automatic`.
public enum PlotCatalog {
    public static func spec(for figure: FigureSpec, table: Table) -> PlotSpec? {
        if let own = figure.plot { return own }
        if let curated = curated[figure.id] { return curated }
        return PlotSpec.automatic(for: table, title: figure.title)
    }

    static var curated: [String: PlotSpec] {
        tripartite.merging(ds3) { first, _ in first }
    }
}
