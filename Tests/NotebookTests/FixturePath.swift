import Foundation

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
