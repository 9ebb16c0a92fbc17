import ScalingCore

/// Which paper (or the project itself) a figure comes from.
public enum Paper: String, Sendable, CaseIterable {
    /// Nayak & Varshney, arXiv 2410.01243 (tripartite text–concept–skill graph).
    case tripartite
    /// Ellis-Mohr, Nayak & Varshney, arXiv 2507.00004 (directed stochastic skill search).
    case ds3
    /// DS3Kit's own figures, beyond both papers.
    case project
}

/// How closely a regenerated figure must match its golden CSV. The default (1e-9 relative) is for closed forms;
/// figures whose numbers come out of an optimiser carry its location tolerance and state a looser one with the
/// reason.
public struct GoldenTolerance: Sendable, Equatable {
    public let relative: Double
    public let absolute: Double
    public let reason: String
    /// Relative tolerances of single columns that differ from `relative` (for example quantities evaluated at an
    /// optimum whose value is steep in its location).
    public let columns: [String: Double]

    public init(relative: Double, absolute: Double = 0, columns: [String: Double] = [:], reason: String) {
        self.relative = relative
        self.absolute = absolute
        self.columns = columns
        self.reason = reason
    }

    /// The relative tolerance of a column.
    public func relative(for column: String) -> Double { columns[column] ?? relative }

    /// Rows at a tripartite compute-optimal point R* = argmax R_learned, located by Brent to 1e-7 relative: two
    /// computations that differ only by rounding may stop anywhere in that bracket, so R* and the columns
    /// proportional to it (N*, D*, T*, C at fixed F) agree to 3e-7; a quantity q evaluated at R* moves by
    /// (d ln q/d ln R)·3e-7, which at the waterfall edge is ~100 for δ and ~3,000 for P_e and ½P²_e (measured on the
    /// notebook's budgets), hence the per-column values.
    public static let tripartiteOptimum = GoldenTolerance(
        relative: 3e-7,
        columns: ["delta": 1e-4, "P_e_train": 2e-3, "excess_lb": 2e-3, "accuracy": 1e-6, "eps_BP": 1e-6],
        reason: "rows at a Brent optimum (location tolerance 1e-7 relative); columns at R* scaled by their slope")

    /// 1e-9 relative: closed forms reproduce to rounding; the slack absorbs libm differences between machines.
    public static let closedForm = GoldenTolerance(
        relative: 1e-9, reason: "closed forms: rounding and libm differences only")
}

/// Which grid a figure is computed on. Figures that compute on the paper's grid have a single variant; figures whose
/// paper grid is too heavy for the debug-build golden test also register a reduced grid, used by the tests.
public enum FigureResolution: String, Sendable, CaseIterable {
    /// The paper's grid (or the finest grid that keeps `ds3 figures all` well under a minute, stated in the
    /// figure's metadata). Default of the command line.
    case full
    /// The reduced grid the golden CSVs in `fixtures/figures/` and the headline figures are computed on.
    case test
}

/// A registered figure: an id, where it comes from, a title, its columns, and the function that computes it.
public struct FigureSpec: Sendable {
    /// Stable identifier used on the command line and as the CSV file name, e.g. `tri-A-a`, `ds3-F4`.
    public let id: String
    public let paper: Paper
    public let title: String
    /// Column names of the table `make` returns (checked by the test suite).
    public let columns: [String]
    /// Computes the figure's table (without the standard metadata, which `FigureRegistry.table(for:)` adds). For a
    /// figure with a `makeFull`, this is the reduced (test) grid.
    public let make: @Sendable () throws -> Table
    /// Computes the figure on the paper's grid when `make` uses a reduced one; nil when `make` already is the paper's
    /// grid. Same columns as `make`.
    public let makeFull: (@Sendable () throws -> Table)?
    /// Tolerance of the golden-CSV comparison.
    public let goldenTolerance: GoldenTolerance
    /// The figure's plot; nil: the built-in curated plot of this id, else the automatic layout
    /// (`PlotCatalog.spec(for:table:)`).
    public let plot: PlotSpec?

    public init(
        id: String, paper: Paper, title: String, columns: [String], goldenTolerance: GoldenTolerance = .closedForm,
        plot: PlotSpec? = nil, makeFull: (@Sendable () throws -> Table)? = nil,
        make: @escaping @Sendable () throws -> Table
    ) {
        self.plot = plot
        self.id = id
        self.paper = paper
        self.title = title
        self.columns = columns
        self.goldenTolerance = goldenTolerance
        self.make = make
        self.makeFull = makeFull
    }

    /// Whether the figure has a full-resolution variant distinct from its test grid.
    public var hasFullVariant: Bool { makeFull != nil }

    /// The function computing the figure at `resolution` (`make` for `.test`, and for `.full` when there is no
    /// separate full variant).
    public func maker(for resolution: FigureResolution) -> @Sendable () throws -> Table {
        switch resolution {
        case .full: makeFull ?? make
        case .test: make
        }
    }
}
