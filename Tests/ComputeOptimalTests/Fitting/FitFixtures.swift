import Foundation
import TestSupport

/// Contents of a fixture file.
func fitFixture(_ relative: String) throws -> String {
    try String(contentsOfFile: fixturePath(relative), encoding: .utf8)
}

/// |x − y| ≤ tol · |y|.
func relativelyClose(_ x: Double, _ y: Double, _ tol: Double) -> Bool { abs(x - y) <= tol * abs(y) }
