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

/// A registered figure: an id, where it comes from, a title, its columns, and the function that computes it.
public struct FigureSpec: Sendable {
    /// Stable identifier used on the command line and as the CSV file name, e.g. `tri-A-a`, `ds3-F4`.
    public let id: String
    public let paper: Paper
    public let title: String
    /// Column names of the table `make` returns (checked by the test suite).
    public let columns: [String]
    /// Computes the figure's table (without the standard metadata, which `FigureRegistry.table(for:)` adds).
    public let make: @Sendable () throws -> Table

    public init(
        id: String, paper: Paper, title: String, columns: [String], make: @escaping @Sendable () throws -> Table
    ) {
        self.id = id
        self.paper = paper
        self.title = title
        self.columns = columns
        self.make = make
    }
}
