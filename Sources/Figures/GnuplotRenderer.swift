import Foundation
import ScalingCore

/// Output format of a rendered plot.
public enum PlotFormat: String, Sendable, CaseIterable {
    case svg, png
}

/// Renders a figure's table with gnuplot (Debian `gnuplot-nox`), following a `PlotSpec`.
public enum GnuplotRenderer {
    public struct RenderError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The gnuplot script and its data file contents for `table` drawn as `spec`.
    public static func script(
        for table: Table, spec: PlotSpec, format: PlotFormat, dataPath: String, outputPath: String
    ) throws -> (script: String, data: String) {
        var data = ""
        var plots: [String] = []
        var block = 0
        let palette = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
        let groups: [Double?]
        if let groupBy = spec.groupBy {
            var seen: [Double] = []
            for v in try table.numbers(groupBy) where !seen.contains(v) { seen.append(v) }
            groups = seen
        } else {
            groups = [nil]
        }
        for (si, series) in spec.series.enumerated() {
            let xs = try table.numbers(series.x)
            let ys = try table.numbers(series.y)
            let filter = try series.filterColumn.map { try table.numbers($0) }
            let groupValues = try spec.groupBy.map { try table.numbers($0) }
            for (gi, group) in groups.enumerated() {
                var rows = ""
                for i in 0..<table.rowCount {
                    if let filter, let value = series.filterValue, filter[i] != value { continue }
                    if let group, let groupValues, groupValues[i] != group { continue }
                    if spec.logX && xs[i] <= 0 { continue }
                    if spec.logY && ys[i] <= 0 { continue }
                    rows += "\(Table.format(xs[i])) \(Table.format(ys[i]))\n"
                }
                guard !rows.isEmpty else { continue }
                data += rows + "\n\n"
                let color = palette[(groups.count > 1 ? gi : si) % palette.count]
                var title = series.label
                if let group, let groupBy = spec.groupBy { title += " (\(groupBy) = \(shortNumber(group)))" }
                let dash = series.dashed ? " dashtype 2" : ""
                let style: String
                switch series.style {
                case .lines: style = "with lines linewidth 2\(dash)"
                case .points: style = "with points pointtype 7 pointsize 0.6"
                case .linespoints: style = "with linespoints linewidth 2 pointtype 7 pointsize 0.5\(dash)"
                }
                plots.append(
                    "'\(dataPath)' index \(block) using 1:2 \(style) linecolor rgb '\(color)' title '\(escape(title))'")
                block += 1
            }
        }
        guard !plots.isEmpty else { throw RenderError(description: "nothing to plot for \(spec.title)") }
        var lines: [String] = []
        switch format {
        case .svg: lines.append("set terminal svg size 800,520 dynamic enhanced font 'Helvetica,13'")
        case .png: lines.append("set terminal pngcairo size 1000,650 enhanced font 'Helvetica,12'")
        }
        lines.append("set output '\(outputPath)'")
        lines.append("set title '\(escape(spec.title))'")
        lines.append("set xlabel '\(escape(spec.xLabel))'")
        lines.append("set ylabel '\(escape(spec.yLabel))'")
        lines.append("set grid")
        lines.append("set key outside right top")
        if spec.logX { lines.append("set logscale x; set format x '10^{%L}'") }
        if spec.logY { lines.append("set logscale y; set format y '10^{%L}'") }
        if let r = spec.xRange { lines.append("set xrange [\(r.lowerBound):\(r.upperBound)]") }
        if let r = spec.yRange { lines.append("set yrange [\(r.lowerBound):\(r.upperBound)]") }
        lines.append("plot " + plots.joined(separator: ", \\\n     "))
        return (lines.joined(separator: "\n") + "\n", data)
    }

    /// How long gnuplot may run for one plot before it is killed (seconds).
    public static let timeLimit = 60.0

    /// Renders to `outputPath` atomically (gnuplot writes a temporary file that is renamed into place). gnuplot
    /// runs in its own process group, is killed with `ds3` and after `timeLimit` seconds.
    public static func render(
        table: Table, spec: PlotSpec, format: PlotFormat, to outputPath: String,
        timeLimit: Double = GnuplotRenderer.timeLimit, gnuplot: String = "gnuplot"
    ) throws {
        let outputPath = try AtomicFile.resolvingLinks(outputPath)
        let directory = (outputPath as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        AtomicFile.removeStaleTemporaries(in: folder)
        let base = folder + "/.plot-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let dataPath = base + ".dat"
        let scriptPath = base + ".gp"
        let temporaryOutput = base + "." + format.rawValue
        let temporaries = [dataPath, scriptPath, temporaryOutput]
        for path in temporaries { ProcessCleanup.register(temporary: path) }
        defer {
            for path in temporaries {
                unlink(path)
                ProcessCleanup.unregister(temporary: path)
            }
        }
        let (script, data) = try Self.script(
            for: table, spec: spec, format: format, dataPath: dataPath, outputPath: temporaryOutput)
        try AtomicFile.write(data, to: dataPath)
        try AtomicFile.write(script, to: scriptPath)
        guard let executable = ChildProcess.which(gnuplot) else {
            throw RenderError(description: "cannot run gnuplot (install gnuplot-nox: 'make setup')")
        }
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run(executable, [scriptPath], timeLimit: timeLimit)
        } catch {
            throw RenderError(description: "cannot run gnuplot (install gnuplot-nox: 'make setup')")
        }
        if outcome.timedOut {
            throw RenderError(
                description: "gnuplot did not finish within its time limit of "
                    + "\(ChildProcess.Outcome.seconds(timeLimit)) for \(outputPath); it was stopped")
        }
        guard outcome.succeeded, FileManager.default.fileExists(atPath: temporaryOutput) else {
            let lastLine = outcome.stderr.split(separator: "\n").last.map(String.init) ?? outcome.describe()
            throw RenderError(description: "gnuplot failed: \(lastLine)")
        }
        if rename(temporaryOutput, outputPath) != 0 {
            throw OutputFileError(path: outputPath, reason: String(cString: strerror(errno)))
        }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "_", with: "\\_")
    }

    static func shortNumber(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e6 { return String(Int(x)) }
        return String(format: "%.3g", x)
    }
}
