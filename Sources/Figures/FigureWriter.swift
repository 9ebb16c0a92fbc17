import Foundation
import ScalingCore

/// Writes figure tables as CSV files named `<id>.csv`.
public enum FigureWriter {
    /// Computes `figure` at `resolution` and writes `<directory>/<id>.csv` atomically. Returns the path written.
    @discardableResult
    public static func write(
        _ figure: FigureSpec, to directory: String, resolution: FigureResolution = .full
    ) throws -> String {
        let table = try FigureRegistry.table(for: figure, resolution: resolution)
        let path = (directory as NSString).appendingPathComponent("\(figure.id).csv")
        try writeCSV(table, to: path)
        return path
    }

    /// Computes `figure` at `resolution`, writes `<directory>/<id>.csv` and renders `<directory>/<id>.<format>` with
    /// gnuplot. Returns the paths written.
    @discardableResult
    public static func write(
        _ figure: FigureSpec, to directory: String, plot format: PlotFormat, resolution: FigureResolution = .full
    ) throws -> [String] {
        let table = try FigureRegistry.table(for: figure, resolution: resolution)
        let csvPath = (directory as NSString).appendingPathComponent("\(figure.id).csv")
        let plotPath = (directory as NSString).appendingPathComponent("\(figure.id).\(format.rawValue)")
        guard let spec = PlotCatalog.spec(for: figure, table: table) else {
            throw GnuplotRenderer.RenderError(description: "figure \(figure.id) has no numeric columns to plot")
        }
        try GnuplotRenderer.render(table: table, spec: spec, format: format, to: plotPath)
        try writeCSV(table, to: csvPath)
        return [csvPath, plotPath]
    }

    /// Computes and writes every figure of `figures` (CSV, and the plot when `plot` is given), two or more figures
    /// at a time on `threads` workers (`DS3KIT_THREADS` by default): each worker takes the next figure not yet
    /// started. At full resolution the figures with a separate full variant (the heavy ones) start first, so the
    /// light ones fill the cores at the end. Every file is the one `write` produces alone (a figure's table does not
    /// depend on the thread count or on what runs beside it); returns the paths written per figure, in the order
    /// of `figures`; `finished` is called (on the worker) as each figure ends. The first error (in starting order) is
    /// rethrown after the running figures finish; no new figure starts after an error.
    public static func writeAll(
        _ figures: [FigureSpec], to directory: String, plot format: PlotFormat? = nil,
        resolution: FigureResolution = .full, threads: Int = Parallel.defaultThreads,
        finished: (@Sendable (FigureSpec) -> Void)? = nil
    ) throws -> [[String]] {
        let heavyFirst = resolution == .full
        let order =
            figures.indices.filter { heavyFirst && figures[$0].hasFullVariant }
            + figures.indices.filter { !(heavyFirst && figures[$0].hasFullVariant) }
        let written = try Parallel.map(count: order.count, threads: threads) { position -> [String] in
            let figure = figures[order[position]]
            defer { finished?(figure) }
            if let format { return try write(figure, to: directory, plot: format, resolution: resolution) }
            return [try write(figure, to: directory, resolution: resolution)]
        }
        var paths = [[String]](repeating: [], count: figures.count)
        for (position, index) in order.enumerated() { paths[index] = written[position] }
        return paths
    }

    /// Rows per piece when a CSV is written piece by piece.
    static let rowsPerPiece = 8_192

    /// Writes `table.csv()` to `path` atomically, in pieces of `rowsPerPiece` rows (each piece is the CSV of a
    /// table of those rows, without metadata and header after the first), so a large table's text is never held
    /// whole in memory. The file is byte-identical to `table.csv()`.
    static func writeCSV(_ table: Table, to path: String) throws {
        try AtomicFile.write(to: path) { emit in try csvPieces(table, rowsPerPiece: rowsPerPiece, emit) }
    }

    /// Hands `table.csv()` to `emit` in pieces of at most `rowsPerPiece` rows (the first with metadata and header).
    static func csvPieces(_ table: Table, rowsPerPiece: Int, _ emit: (String) throws -> Void) throws {
        let rows = table.rowCount
        guard rows > rowsPerPiece else {
            try emit(try table.csv())
            return
        }
        let header = try Table(columns: table.columns.map { slice($0, 0..<0) }).csv()
        var start = 0
        while start < rows {
            let end = min(rows, start + rowsPerPiece)
            let piece = try Table(
                columns: table.columns.map { slice($0, start..<end) }, metadata: start == 0 ? table.metadata : []
            ).csv()
            if start == 0 {
                try emit(piece)
            } else {
                guard piece.utf8.starts(with: header.utf8) else {
                    throw OutputFileError(path: "<csv>", reason: "piece without the expected header")
                }
                try emit(String(decoding: piece.utf8.dropFirst(header.utf8.count), as: UTF8.self))
            }
            start = end
        }
    }

    static func slice(_ column: Table.Column, _ rows: Range<Int>) -> Table.Column {
        switch column.values {
        case .numbers(let values): Table.Column(column.name, Array(values[rows]))
        case .texts(let values): Table.Column(column.name, texts: Array(values[rows]))
        }
    }

    /// Creates `directory` (and parents) if needed. The error names the reason the system gives for the first
    /// folder that cannot be made ("permission denied", "x is not a directory").
    public static func prepareDirectory(_ directory: String) throws {
        var info = stat()
        if stat(directory, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw OutputFileError(path: directory, reason: "is not a directory")
            }
            return
        }
        var prefix = directory.hasPrefix("/") ? "/" : ""
        for component in directory.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            if mkdir(prefix, 0o755) == 0 { continue }
            let code = errno
            if code == EEXIST {
                if stat(prefix, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { continue }
                throw OutputFileError(path: directory, reason: "\(prefix) is not a directory")
            }
            throw OutputFileError(
                path: directory, reason: "cannot create \(prefix): \(String(cString: strerror(code)).lowercased())")
        }
    }
}
