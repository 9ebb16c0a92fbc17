import Foundation
import ScalingCore

/// Writes figure tables as CSV files named `<id>.csv`.
public enum FigureWriter {
    /// Computes `figure` and writes `<directory>/<id>.csv` atomically. Returns the path written.
    @discardableResult
    public static func write(_ figure: FigureSpec, to directory: String) throws -> String {
        let table = try FigureRegistry.table(for: figure)
        let path = (directory as NSString).appendingPathComponent("\(figure.id).csv")
        try AtomicFile.write(try table.csv(), to: path)
        return path
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
