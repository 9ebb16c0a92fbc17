import Foundation

/// The package root: the nearest folder above `file` (the caller's source file) that holds `Package.swift`; the
/// current directory if there is none.
public func packageRoot(file: String = #filePath) -> String {
    var url = URL(fileURLWithPath: file)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            return url.path
        }
    }
    return FileManager.default.currentDirectoryPath
}

/// Absolute path of a file under the package's `fixtures/` folder, found from the caller's source file location
/// (`relative` unchanged if no such file exists).
public func fixturePath(_ relative: String, file: String = #filePath) -> String {
    var url = URL(fileURLWithPath: file)
    while url.path != "/" {
        url.deleteLastPathComponent()
        let candidate = url.appendingPathComponent("fixtures").appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
    }
    return relative
}

/// Path of the `ds3` executable built next to the running test bundle ("ds3" if not found).
public func ds3ExecutablePath() -> String {
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = url.appendingPathComponent("ds3")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
        url.deleteLastPathComponent()
    }
    return "ds3"
}
