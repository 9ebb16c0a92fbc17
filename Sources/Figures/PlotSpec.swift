import ScalingCore

/// How a figure is drawn: the paper's axes, scales, labels and curves. Rendering (gnuplot) uses it; the data
/// always come from the figure's `Table`.
public struct PlotSpec: Sendable {
    /// One curve (or a family of curves when the plot groups rows by a column).
    public struct Series: Sendable {
        public enum Style: String, Sendable { case lines, points, linespoints }
        public let x: String
        public let y: String
        public let label: String
        public let style: Style
        public let dashed: Bool
        /// Optional column that must equal `filterValue` for a row to belong to this series.
        public let filterColumn: String?
        public let filterValue: Double?

        public init(
            x: String, y: String, label: String, style: Style = .lines, dashed: Bool = false,
            filterColumn: String? = nil, filterValue: Double? = nil
        ) {
            self.x = x
            self.y = y
            self.label = label
            self.style = style
            self.dashed = dashed
            self.filterColumn = filterColumn
            self.filterValue = filterValue
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logX: Bool
    public var logY: Bool
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var series: [Series]
    /// Splits each series into one curve per distinct value of this column (e.g. one iso-FLOP curve per budget).
    public var groupBy: String?

    public init(
        title: String, xLabel: String, yLabel: String, logX: Bool = false, logY: Bool = false,
        xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil, series: [Series],
        groupBy: String? = nil
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.logY = logY
        self.xRange = xRange
        self.yRange = yRange
        self.series = series
        self.groupBy = groupBy
    }

    /// A plain spec for a figure without a curated one: first numeric column against every other numeric
    /// column, log axes where all values are positive and span more than two decades.
    public static func automatic(for table: Table, title: String) -> PlotSpec? {
        let numeric = table.columns.compactMap { column -> (String, [Double])? in
            if case .numbers(let v) = column.values { return (column.name, v) }
            return nil
        }
        guard numeric.count >= 2 else { return nil }
        func wantsLog(_ v: [Double]) -> Bool {
            guard let lo = v.min(), let hi = v.max(), lo > 0 else { return false }
            return hi / lo > 100
        }
        let x = numeric[0]
        let ys = numeric.dropFirst()
        return PlotSpec(
            title: title, xLabel: x.0, yLabel: ys.count == 1 ? ys.first!.0 : "value", logX: wantsLog(x.1),
            logY: ys.allSatisfy { wantsLog($0.1) },
            series: ys.map { Series(x: x.0, y: $0.0, label: $0.0) })
    }
}
