import Foundation
import ScalingCore

/// Output format of a rendered plot: SVG (gnuplot's svg terminal), PNG (pngcairo) or PDF (pdfcairo).
public enum PlotFormat: String, Sendable, CaseIterable {
    case svg, png, pdf

    /// The gnuplot terminal the format needs.
    public var terminal: String {
        switch self {
        case .svg: "svg"
        case .png: "pngcairo"
        case .pdf: "pdfcairo"
        }
    }
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
        var builder = GnuplotScript(table: table, format: format, dataPath: dataPath)
        let script = try builder.script(for: spec, outputPath: outputPath)
        return (script, builder.data)
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
        let directory = AtomicFile.folder(of: outputPath)
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
            if outcome.stderr.contains("unknown or ambiguous terminal") {
                throw RenderError(
                    description:
                        "this gnuplot has no \(format.terminal) terminal, needed for \(format.rawValue) output "
                        + "(install a gnuplot built with cairo, e.g. Debian gnuplot-nox 5.4)")
            }
            let lastLine = outcome.stderr.split(separator: "\n").last.map(String.init) ?? outcome.describe()
            throw RenderError(description: "gnuplot failed: \(lastLine)")
        }
        try deliver(temporaryOutput, to: outputPath)
    }

    /// Moves the rendered file into place: renamed over a regular file (or a new path); copied into an existing
    /// device or pipe (`/dev/stdout`, `/dev/full`), which a rename would replace. A directory is refused.
    static func deliver(_ temporary: String, to path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG else {
            if rename(temporary, path) != 0 {
                throw OutputFileError(path: path, reason: String(cString: strerror(errno)))
            }
            return
        }
        if info.st_mode & S_IFMT == S_IFDIR { throw OutputFileError(path: path, reason: "is a directory") }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: temporary))
        let fd = open(path, O_WRONLY | O_TRUNC)
        guard fd >= 0 else { throw OutputFileError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Foundation.write(fd, raw.baseAddress! + offset, bytes.count - offset)
            }
            guard written > 0 else {
                throw OutputFileError(path: path, reason: String(cString: strerror(errno)).lowercased())
            }
            offset += written
        }
    }

    static func shortNumber(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e6 { return String(Int(x)) }
        return String(format: "%.3g", x)
    }
}
