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
        try AtomicFile.write(try table.csv(), to: path)
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
        try AtomicFile.write(try table.csv(), to: csvPath)
        return [csvPath, plotPath]
    }

    /// Creates `directory` (and parents) if needed; fails clearly if it is a file.
    public static func prepareDirectory(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw OutputFileError(path: directory, reason: "is not a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputFileError(path: directory, reason: "cannot create directory")
        }
    }
}
