import ScalingCore

/// How a figure is drawn: the paper's axes, scales, labels, curves, surfaces and panels. Rendering (gnuplot) uses
/// it; the data always come from the figure's `Table`.
///
/// A spec is one panel, or — with `panels` or `panelBy` — a grid of panels (gnuplot multiplot) under one title.
public struct PlotSpec: Sendable {
    /// A cell value a row is selected by: a number of a numeric column or a text of a text column.
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case number(Double)
        case text(String)

        public var description: String {
            switch self {
            case .number(let x): GnuplotRenderer.shortNumber(x)
            case .text(let s): s
            }
        }
    }

    /// Rows whose `column` equals `value`.
    public struct Condition: Sendable {
        public let column: String
        public let value: Value

        public init(_ column: String, _ value: Value) {
            self.column = column
            self.value = value
        }

        public init(_ column: String, _ number: Double) { self.init(column, .number(number)) }
        public init(_ column: String, _ text: String) { self.init(column, .text(text)) }
    }

    /// One curve (or a family of curves when the plot groups rows by a column).
    public struct Series: Sendable {
        public enum Style: String, Sendable { case lines, points, linespoints, impulses, circles }
        public let x: String
        public let y: String
        public let label: String
        public let style: Style
        public let dashed: Bool
        /// Conditions every row of this series meets (in addition to the panel's `conditions`).
        public let conditions: [Condition]
        /// Draws against the right-hand axis (`PlotSpec.y2Label`).
        public let onY2: Bool
        /// Fixed colour (`#rrggbb`); nil: the palette colour of the series or group.
        public let color: String?
        /// Whether the series splits by the panel's `groupBy` (false: one curve over all its rows, e.g. the optima
        /// of a family of curves).
        public let grouped: Bool
        /// Whether the curve has a legend entry (false: a companion curve the title or axis label explains, such as
        /// the dashed limits of a family).
        public let inKey: Bool

        public init(
            x: String, y: String, label: String, style: Style = .lines, dashed: Bool = false,
            filterColumn: String? = nil, filterValue: Double? = nil, filterText: String? = nil,
            where conditions: [Condition] = [], onY2: Bool = false, color: String? = nil, grouped: Bool = true,
            inKey: Bool = true
        ) {
            self.grouped = grouped
            self.inKey = inKey
            self.x = x
            self.y = y
            self.label = label
            self.style = style
            self.dashed = dashed
            var all = conditions
            if let filterColumn, let filterValue { all.append(Condition(filterColumn, filterValue)) }
            if let filterColumn, let filterText { all.append(Condition(filterColumn, filterText)) }
            self.conditions = all
            self.onY2 = onY2
            self.color = color
        }
    }

    /// A quantity z over (x, y) drawn as a heat map (one filled cell per row, so grids with missing cells and
    /// non-rectangular grids draw correctly), as contour lines, or both.
    public struct Surface: Sendable {
        public enum Kind: String, Sendable, CaseIterable { case heatmap, contour, heatmapWithContours }
        /// Colour scale: `sequential` (black–purple–orange–yellow, like matplotlib's inferno) or `diverging`
        /// (orange for negative, white at 0, blue for positive).
        public enum Palette: String, Sendable { case sequential, diverging }
        public let x: String
        public let y: String
        public let z: String
        public let kind: Kind
        /// z label of the colour bar, with units.
        public let zLabel: String
        /// Contour levels; empty: gnuplot's automatic levels.
        public let levels: [Double]
        public let zRange: ClosedRange<Double>?
        public let logZ: Bool
        public let palette: Palette
        /// Rows the surface draws, in addition to the panel's `conditions`.
        public let conditions: [Condition]

        public init(
            x: String, y: String, z: String, kind: Kind = .heatmap, zLabel: String, levels: [Double] = [],
            zRange: ClosedRange<Double>? = nil, logZ: Bool = false, palette: Palette = .sequential,
            where conditions: [Condition] = []
        ) {
            self.conditions = conditions
            self.x = x
            self.y = y
            self.z = z
            self.kind = kind
            self.zLabel = zLabel
            self.levels = levels
            self.zRange = zRange
            self.logZ = logZ
            self.palette = palette
        }
    }

    /// A reference drawn over the data: a vertical or horizontal line, a marked point, or a curve y = f(x) given
    /// as a gnuplot expression in `x`.
    public enum Reference: Sendable {
        case vertical(x: Double, label: String)
        case horizontal(y: Double, label: String)
        case point(x: Double, y: Double, label: String)
        case curve(expression: String, label: String)
    }

    /// Where the legend goes. `below`: under the axes, outside the data, in as many columns as fit the width;
    /// `none`: no legend (a single curve or a heat map whose colour bar says it all).
    public enum Key: String, Sendable { case below, none }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logX: Bool
    public var logY: Bool
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var series: [Series]
    /// Splits each series into one curve per distinct value of this column, numeric or text (e.g. one iso-FLOP
    /// curve per budget, one curve per model).
    public var groupBy: String?
    /// Label of the right-hand axis; series with `onY2` draw against it.
    public var y2Label: String?
    public var logY2: Bool
    public var y2Range: ClosedRange<Double>?
    /// A heat map or contour layer under the series.
    public var surface: Surface?
    /// Rows this panel draws (every series and the surface).
    public var conditions: [Condition]
    public var references: [Reference]
    public var key: Key
    /// Sub-panels, drawn as a grid of `panelColumns` columns under `title`; the sub-panels' own `panels` are
    /// ignored.
    public var panels: [PlotSpec]
    /// Repeats this panel once per distinct combination of these columns' values (in order of appearance), each
    /// restricted to its rows and titled with the values.
    public var panelBy: [String]
    public var panelColumns: Int

    public init(
        title: String, xLabel: String = "", yLabel: String = "", logX: Bool = false, logY: Bool = false,
        xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil, series: [Series] = [],
        groupBy: String? = nil, y2Label: String? = nil, logY2: Bool = false, y2Range: ClosedRange<Double>? = nil,
        surface: Surface? = nil, where conditions: [Condition] = [], references: [Reference] = [],
        key: Key = .below, panels: [PlotSpec] = [], panelBy: [String] = [], panelColumns: Int = 2
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
        self.y2Label = y2Label
        self.logY2 = logY2
        self.y2Range = y2Range
        self.surface = surface
        self.conditions = conditions
        self.references = references
        self.key = key
        self.panels = panels
        self.panelBy = panelBy
        self.panelColumns = panelColumns
    }

    /// Every column the spec reads (axes, conditions, groups, panels), for checking a table before drawing.
    public var columnsUsed: [String] {
        var names: [String] = []
        func add(_ name: String) { if !names.contains(name) { names.append(name) } }
        for s in series {
            add(s.x)
            add(s.y)
            for c in s.conditions { add(c.column) }
        }
        if let surface {
            for name in [surface.x, surface.y, surface.z] + surface.conditions.map(\.column) { add(name) }
        }
        for name in [groupBy].compactMap({ $0 }) + conditions.map(\.column) + panelBy { add(name) }
        for panel in panels {
            for name in panel.columnsUsed { add(name) }
        }
        return names
    }
}
