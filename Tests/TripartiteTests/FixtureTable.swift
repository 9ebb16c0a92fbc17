import Foundation
import ScalingCore

/// Absolute path of a file under the package's `fixtures/` folder, found from this source file's location.
func fixturePath(_ relative: String, file: String = #filePath) -> String {
    var url = URL(fileURLWithPath: file)
    while url.path != "/" {
        url.deleteLastPathComponent()
        let candidate = url.appendingPathComponent("fixtures").appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
    }
    return relative
}

/// A transcribed reference table under `fixtures/tripartite/`.
func referenceTable(_ name: String) throws -> Table {
    let path = fixturePath("tripartite/\(name)")
    return try Table.parseCSV(try String(contentsOfFile: path, encoding: .utf8), source: path)
}

/// |a − b| ≤ tol·max(|a|, |b|) (or both tiny).
func close(_ a: Double, _ b: Double, relative tol: Double, absolute: Double = 0) -> Bool {
    abs(a - b) <= max(tol * max(abs(a), abs(b)), absolute)
}
