import Foundation
import ScalingCore
import TestSupport

/// Rows of a fixture CSV as dictionaries of text cells (empty cells are absent).
func fixtureRows(_ relative: String) throws -> [[String: String]] {
    let text = try String(contentsOfFile: fixturePath(relative), encoding: .utf8)
    let lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else {
        return []
    }
    return lines.dropFirst().map { line in
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var row: [String: String] = [:]
        for (key, cell) in zip(header, cells) where !cell.isEmpty { row[key] = cell }
        return row
    }
}

extension Dictionary where Key == String, Value == String {
    func number(_ key: String) -> Double? { self[key].flatMap(Double.init) }
}
