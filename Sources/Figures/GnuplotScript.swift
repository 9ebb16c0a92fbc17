import Foundation
import ScalingCore

/// Builds the gnuplot script and data file of one plot: single panel or multiplot grid, curves (grouped and
/// filtered by any column), heat maps (one filled box per row), contour lines (computed by gnuplot on the grid in
/// log coordinates where the axes are logarithmic), reference lines and points.
struct GnuplotScript {
    let rows: PlotRows
    let format: PlotFormat
    let dataPath: String
    /// Contents of the data file: one block (gnuplot `index`) per curve or heat map.
    private(set) var data = ""
    private var block = 0
    /// Commands run before the plots (contour tables), outside any multiplot.
    private var prelude: [String] = []
    private var surfaceCount = 0

    static let palette = [
        "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
    ]

    init(table: Table, format: PlotFormat, dataPath: String) {
        self.rows = PlotRows(table)
        self.format = format
        self.dataPath = dataPath
    }

    /// The panels `spec` draws: its sub-panels (each inheriting `spec.conditions`) or itself, each repeated per
    /// combination of its `panelBy` columns.
    func panels(of spec: PlotSpec) throws -> [PlotSpec] {
        var base = spec.panels.isEmpty ? [spec] : spec.panels
        if !spec.panels.isEmpty {
            for k in base.indices { base[k].conditions = spec.conditions + base[k].conditions }
        } else if !spec.panelBy.isEmpty {
            base[0].title = ""
        }
        var result: [PlotSpec] = []
        for panel in base {
            guard !panel.panelBy.isEmpty else {
                result.append(panel)
                continue
            }
            let selected = try rows.rows(where: panel.conditions)
            for combo in try rows.combinations(panel.panelBy, in: selected) {
                var copy = panel
                copy.conditions += combo
                copy.panelBy = []
                let what = combo.map { GnuplotScript.describe($0.column, $0.value) }
                    .joined(separator: ", ")
                copy.title = panel.title.isEmpty ? what : "\(panel.title) (\(what))"
                result.append(copy)
            }
        }
        return result
    }

    /// The whole script.
    mutating func script(for spec: PlotSpec, outputPath: String) throws -> String {
        let panels = try self.panels(of: spec)
        let multi = !spec.panels.isEmpty || !spec.panelBy.isEmpty
        let columns = multi ? max(1, min(spec.panelColumns, panels.count)) : 1
        let gridRows = (panels.count + columns - 1) / columns
        var body: [String] = []
        for panel in panels { body += try self.panel(panel) }
        var lines = [terminal(columns: columns, rows: gridRows, multi: multi), "set output '\(outputPath)'"]
        lines += prelude
        if multi {
            lines.append(
                "set multiplot layout \(gridRows),\(columns) title '\(GnuplotScript.label(spec.title))' font ',15'")
        }
        lines += body
        if multi { lines.append("unset multiplot") }
        return lines.joined(separator: "\n") + "\n"
    }

    private func terminal(columns: Int, rows gridRows: Int, multi: Bool) -> String {
        let (width, height) = multi ? (max(560, 470 * columns), 390 * gridRows + 50) : (800, 560)
        switch format {
        case .svg:
            return "set terminal svg size \(width),\(height) dynamic enhanced font 'Helvetica,12' background 'white'"
        case .png:
            return "set terminal pngcairo size \(width * 5 / 4),\(height * 5 / 4) enhanced font 'Helvetica,12'"
        case .pdf:
            let inch = 80.0
            return String(
                format: "set terminal pdfcairo size %.2fin,%.2fin enhanced font 'Helvetica,9'",
                Double(width) / inch, Double(height) / inch)
        }
    }

    /// Commands for one panel: settings reset to defaults, then axes, surface and curves.
    private mutating func panel(_ spec: PlotSpec) throws -> [String] {
        var lines = [
            "unset logscale; unset arrow; unset label; unset colorbox; unset y2tics; unset y2label",
            "set autoscale; set xtics autofreq; set ytics autofreq mirror; set format x '% h'; set format y '% h'",
            "set grid",
            "set title '\(GnuplotScript.label(spec.title))'",
            "set xlabel '\(GnuplotScript.label(spec.xLabel))'",
            "set ylabel '\(GnuplotScript.label(spec.yLabel))'",
        ]
        switch spec.key {
        case .below: lines.append("set key outside below center horizontal samplen 4 spacing 1.2 height 1 font ',11'")
        case .none: lines.append("unset key")
        }
        if spec.logX { lines.append(GnuplotScript.logAxis("x", range: spec.xRange)) }
        if spec.logY { lines.append(GnuplotScript.logAxis("y", range: spec.yRange)) }
        if let r = spec.xRange { lines.append("set xrange [\(r.lowerBound):\(r.upperBound)]") }
        if let r = spec.yRange { lines.append("set yrange [\(r.lowerBound):\(r.upperBound)]") }
        if let y2 = spec.y2Label {
            lines.append("set ytics nomirror; set y2tics; set y2label '\(GnuplotScript.label(y2))'")
            if spec.logY2 { lines.append("set logscale y2; set format y2 '10^{%L}'") }
            if let r = spec.y2Range { lines.append("set y2range [\(r.lowerBound):\(r.upperBound)]") }
        }
        var plots: [String] = []
        if let surface = spec.surface {
            let (settings, layers) = try self.surface(surface, spec: spec)
            lines += settings
            plots += layers
        }
        plots += try curves(spec)
        for reference in spec.references {
            switch reference {
            case .vertical(let x, let label):
                lines.append(
                    "set arrow from \(x), graph 0 to \(x), graph 1 nohead dashtype 4 linewidth 1.5 linecolor rgb '#008080'"
                )
                lines.append(
                    "set label '\(GnuplotScript.label(label))' at \(x), graph 0.96 right offset -0.5,0 "
                        + "textcolor rgb '#008080' font ',10'")
            case .horizontal(let y, let label):
                lines.append(
                    "set arrow from graph 0, first \(y) to graph 1, first \(y) nohead dashtype 4 linewidth 1.5 "
                        + "linecolor rgb '#555555'")
                lines.append(
                    "set label '\(GnuplotScript.label(label))' at graph 0.02, first \(y) left offset 0,0.6 "
                        + "textcolor rgb '#555555' font ',10'")
            case .point(let x, let y, let label):
                data += "\(Table.format(x)) \(Table.format(y))\n\n\n"
                plots.append(
                    "'\(dataPath)' index \(block) using 1:2 with points pointtype 3 pointsize 2 linewidth 2 "
                        + "linecolor rgb '#000000' title '\(GnuplotScript.label(label))'")
                block += 1
            case .curve(let expression, let label):
                plots.append(
                    "\(expression) with lines dashtype 5 linewidth 1.5 linecolor rgb '#555555' "
                        + "title '\(GnuplotScript.label(label))'")
            }
        }
        guard !plots.isEmpty else {
            throw GnuplotRenderer.RenderError(description: "nothing to plot for '\(spec.title)' (no rows selected)")
        }
        lines.append("set samples 400")
        lines.append("plot " + plots.joined(separator: ", \\\n     "))
        return lines
    }

    /// Curves of the panel: one per series (and per group value when the panel groups rows).
    private mutating func curves(_ spec: PlotSpec) throws -> [String] {
        let panelRows = try rows.rows(where: spec.conditions)
        let groups: [PlotSpec.Value?] =
            try spec.groupBy.map { try rows.distinct($0, in: panelRows) } ?? [nil]
        var plots: [String] = []
        for (si, series) in spec.series.enumerated() {
            let xs = try rows.numbers(series.x)
            let ys = try rows.numbers(series.y)
            let seriesRows = try rows.rows(where: spec.conditions + series.conditions)
            let logY = series.onY2 ? spec.logY2 : spec.logY
            for (gi, group) in (series.grouped ? groups : [nil]).enumerated() {
                var text = ""
                for i in seriesRows {
                    if let group, let groupBy = spec.groupBy, try rows.value(groupBy, i) != group { continue }
                    if spec.logX && xs[i] <= 0 { continue }
                    if logY && ys[i] <= 0 { continue }
                    text += "\(Table.format(xs[i])) \(Table.format(ys[i]))\n"
                }
                guard !text.isEmpty else { continue }
                data += text + "\n\n"
                let color: String
                if let fixed = series.color {
                    // A family in one hue: darkest for the first group, lighter for each next one.
                    color =
                        series.grouped && groups.count > 1 ? GnuplotScript.shade(fixed, gi, of: groups.count) : fixed
                } else {
                    color = GnuplotScript.palette[(groups.count > 1 ? gi : si) % GnuplotScript.palette.count]
                }
                var title = series.label
                if let group, let groupBy = spec.groupBy {
                    let what = GnuplotScript.describe(groupBy, group)
                    title = title.isEmpty ? what : "\(title), \(what)"
                }
                let dash = series.dashed ? " dashtype 2" : ""
                let style: String
                switch series.style {
                case .lines: style = "with lines linewidth 2\(dash)"
                case .points: style = "with points pointtype 7 pointsize 0.8"
                case .linespoints: style = "with linespoints linewidth 2 pointtype 7 pointsize 0.5\(dash)"
                case .impulses: style = "with impulses linewidth 6"
                case .circles: style = "with points pointtype 6 pointsize 1.4 linewidth 2"
                }
                let axes = series.onY2 ? " axes x1y2" : ""
                plots.append(
                    "'\(dataPath)' index \(block) using 1:2\(axes) \(style) linecolor rgb '\(color)' "
                        + (series.inKey ? "title '\(GnuplotScript.label(title))'" : "notitle"))
                block += 1
            }
        }
        return plots
    }

    /// Settings and plot layers of a surface: a heat map of boxes (one per row, edges halfway to the
    /// neighbouring grid values) and/or contour lines at the spec's levels.
    private mutating func surface(
        _ surface: PlotSpec.Surface, spec: PlotSpec
    ) throws -> (settings: [String], layers: [String]) {
        let xs = try rows.numbers(surface.x)
        let ys = try rows.numbers(surface.y)
        let zs = try rows.numbers(surface.z)
        let selected = try rows.rows(where: spec.conditions + surface.conditions).filter { i in
            !(spec.logX && xs[i] <= 0) && !(spec.logY && ys[i] <= 0) && !(surface.logZ && zs[i] <= 0)
        }
        guard !selected.isEmpty else { return ([], []) }
        var settings: [String] = []
        switch surface.palette {
        case .sequential:
            settings.append(
                "set palette defined (0 '#000004', 0.25 '#57106e', 0.5 '#bc3754', 0.75 '#f98e09', 1 '#fcffa4')")
        case .diverging:
            settings.append("set palette defined (0 '#e66101', 0.5 '#ffffff', 1 '#2166ac')")
        }
        settings.append("unset grid")
        if spec.xRange == nil { settings.append("set autoscale xfix") }
        if spec.yRange == nil { settings.append("set autoscale yfix") }
        settings.append("set colorbox; set cblabel '\(GnuplotScript.label(surface.zLabel))'")
        settings.append(
            surface.logZ ? "set logscale cb; set format cb '10^{%L}'" : "unset logscale cb; set format cb '% h'")
        if let r = surface.zRange {
            settings.append("set cbrange [\(r.lowerBound):\(r.upperBound)]")
        } else {
            settings.append("set autoscale cb")
        }
        // Scans: rows sharing an x value, sorted by y.
        var scans: [Double: [Int]] = [:]
        for i in selected { scans[xs[i], default: []].append(i) }
        let xValues = scans.keys.sorted()
        for x in xValues { scans[x]!.sort { ys[$0] < ys[$1] } }
        var layers: [String] = []
        if surface.kind != .contour {
            let xEdges = PlotRows.cellEdges(xValues, log: spec.logX)
            var text = ""
            for x in xValues {
                let scan = scans[x]!
                let yEdges = PlotRows.cellEdges(scan.map { ys[$0] }, log: spec.logY)
                for i in scan {
                    let (x0, x1) = xEdges[x]!
                    let (y0, y1) = yEdges[ys[i]]!
                    text += [x, ys[i], x0, x1, y0, y1, zs[i]].map(Table.format).joined(separator: " ") + "\n"
                }
            }
            data += text + "\n\n"
            layers.append(
                "'\(dataPath)' index \(block) using 1:2:3:4:5:6:7 with boxxyerror fillstyle solid 1.0 noborder "
                    + "linecolor palette notitle")
            block += 1
        }
        if surface.kind != .heatmap {
            // Contours are traced by gnuplot on the grid in the axes' coordinates (log10 on log axes) into
            // datablocks before any plot; each level gets its own block, colour and legend entry.
            let tx: (Double) -> Double = spec.logX ? { log10($0) } : { $0 }
            let ty: (Double) -> Double = spec.logY ? { log10($0) } : { $0 }
            let tz: (Double) -> Double = surface.logZ ? { log10($0) } : { $0 }
            let labelFormat = surface.logZ ? "10^{%.1f}" : "%.2g"
            let grid = "$S\(surfaceCount)"
            var lines = ["\(grid) << EOD"]
            for x in xValues {
                for i in scans[x]! {
                    lines.append("\(Table.format(tx(x))) \(Table.format(ty(ys[i]))) \(Table.format(tz(zs[i])))")
                }
                lines.append("")
            }
            lines.append("EOD")
            lines.append("set contour base; unset surface; set view map; set cntrparam linear")
            let levels: [Double?] = surface.levels.isEmpty ? [nil] : surface.levels
            let ux = spec.logX ? "(10**$1)" : "1"
            let uy = spec.logY ? "(10**$2)" : "2"
            let onHeatmap = surface.kind == .heatmapWithContours
            for (k, level) in levels.enumerated() {
                let name = "$C\(surfaceCount)_\(k)"
                if let level {
                    lines.append("set cntrparam levels discrete \(tz(level))")
                } else {
                    lines.append("set cntrparam levels auto 8")
                }
                lines += ["set table \(name)", "splot \(grid) using 1:2:3 with lines notitle", "unset table"]
                let color = onHeatmap ? "#ffffff" : GnuplotScript.palette[k % GnuplotScript.palette.count]
                let title =
                    onHeatmap || level == nil
                    ? "notitle" : "title '\(GnuplotScript.label(surface.zLabel)) = \(GnuplotScript.number(level!))'"
                layers.append("\(name) using \(ux):\(uy) with lines linewidth 2 linecolor rgb '\(color)' \(title)")
                if onHeatmap || level == nil {
                    layers.append(
                        "\(name) using \(ux):\(uy):(sprintf('\(labelFormat)', $3)) every 40::10 with labels "
                            + "textcolor rgb '\(onHeatmap ? "#ffffff" : "#000000")' font ',9' notitle")
                }
            }
            lines.append("unset contour; set surface; unset view")
            prelude += lines
            surfaceCount += 1
        }
        return (settings, layers)
    }

    /// The `k`-th of `n` shades of `#rrggbb`: the colour itself darkened by 30 % for the first, mixed towards white up
    /// to 55 % for the last.
    static func shade(_ hex: String, _ k: Int, of n: Int) -> String {
        guard hex.count == 7, let value = Int(hex.dropFirst(), radix: 16) else { return hex }
        let t = n > 1 ? Double(k) / Double(n - 1) : 0
        let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { c -> Int in
            let dark = Double(c) * 0.7
            return Int((dark + (255 - dark) * 0.55 * t).rounded())
        }
        return "#" + channels.map { String(format: "%02x", $0) }.joined()
    }

    /// A logarithmic axis: labels 10^k; over less than a decade and a half (a fixed range), labelled ticks at 1, 2,
    /// 3, 5 times powers of ten instead, since a decade tick might not fall inside it.
    static func logAxis(_ axis: String, range: ClosedRange<Double>?) -> String {
        guard let range, range.lowerBound > 0, range.upperBound / range.lowerBound < 30 else {
            return "set logscale \(axis); set format \(axis) '10^{%L}'"
        }
        var ticks: [Double] = []
        var decade = pow(10, floor(log10(range.lowerBound)))
        while decade <= range.upperBound {
            for m in [1.0, 1.5, 2, 3, 4, 5, 7] where range.contains(m * decade) { ticks.append(m * decade) }
            decade *= 10
        }
        let list = ticks.map { "'\(number($0))' \($0)" }.joined(separator: ", ")
        return "set logscale \(axis); set \(axis)tics (\(list))"
    }

    /// Text for gnuplot's enhanced mode in single quotes: quotes doubled; an underscore stays a subscript only
    /// before `{` (as in `P_{e,train}`), otherwise it is printed (column names such as `D_tr`).
    static func label(_ text: String) -> String {
        var out = ""
        let chars = Array(text)
        for (k, c) in chars.enumerated() {
            switch c {
            case "'": out += "''"
            case "@", "&", "~": out += "\\" + String(c)
            case "_" where k + 1 < chars.count && chars[k + 1] == "{": out += "_"
            case "_": out += "\\_"
            default: out.append(c)
            }
        }
        return out
    }

    /// A value in a legend or panel title: numbers as `10^{k}` for exact powers of ten beyond 10^3 (or below
    /// 10^-3), three significant digits otherwise.
    static func text(_ value: PlotSpec.Value) -> String {
        switch value {
        case .number(let x): number(x)
        case .text(let s): s
        }
    }

    /// A group or panel in a legend or title: a text value alone (a model name says what it is), a number as
    /// `column = value`.
    static func describe(_ column: String, _ value: PlotSpec.Value) -> String {
        switch value {
        case .text(let s): s
        case .number: "\(column) = \(text(value))"
        }
    }

    static func number(_ x: Double) -> String {
        if x > 0 {
            let k = log10(x).rounded()
            if abs(k) >= 4, abs(x / pow(10, k) - 1) < 1e-9 { return "10^{\(Int(k))}" }
        }
        if x == x.rounded(), abs(x) < 1e6 { return String(Int(x)) }
        let s = String(format: "%.3g", x)
        guard let e = s.firstIndex(of: "e") else { return s }
        let mantissa = s[..<e]
        let exponent = Int(s[s.index(after: e)...]) ?? 0
        return "\(mantissa)×10^{\(exponent)}"
    }
}
