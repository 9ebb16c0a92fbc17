import Foundation

/// Absolute path of a file under the package's `fixtures/` folder, found from this source file's location.
func fitFixturePath(_ relative: String, file: String = #filePath) -> String {
    var url = URL(fileURLWithPath: file)
    while url.path != "/" {
        url.deleteLastPathComponent()
        let candidate = url.appendingPathComponent("fixtures").appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
    }
    return relative
}

/// Contents of a fixture file.
func fitFixture(_ relative: String) throws -> String {
    try String(contentsOfFile: fitFixturePath(relative), encoding: .utf8)
}

/// |x − y| ≤ tol · |y|.
func relativelyClose(_ x: Double, _ y: Double, _ tol: Double) -> Bool { abs(x - y) <= tol * abs(y) }
