import Foundation
import ScalingCore
import TestSupport

/// A transcribed reference table under `fixtures/tripartite/`.
func referenceTable(_ name: String) throws -> Table {
    let path = fixturePath("tripartite/\(name)")
    return try Table.parseCSV(try String(contentsOfFile: path, encoding: .utf8), source: path)
}

/// |a − b| ≤ tol·max(|a|, |b|) (or both tiny).
func close(_ a: Double, _ b: Double, relative tol: Double, absolute: Double = 0) -> Bool {
    abs(a - b) <= max(tol * max(abs(a), abs(b)), absolute)
}
