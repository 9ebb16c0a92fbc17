import ArgumentParser
import Foundation
import ScalingCore

/// A numeric option that takes one value, a comma list (`1e21,1e22,5e22`) or a geometric range `lo:hi:n` (n values
/// from lo to hi inclusive, log-spaced: `1e21:1e25:9`). The values keep the order given.
struct SweepValues: ExpressibleByArgument, Sendable, Equatable {
    /// The largest n of a range: a sweep is held in memory and printed at once.
    static let maxPoints = 1_000_000

    let values: [Double]

    init(_ values: [Double]) { self.values = values }

    init?(argument: String) {
        let range = argument.split(separator: ":", omittingEmptySubsequences: false)
        if range.count == 3 {
            guard let lo = Double(range[0]), let hi = Double(range[1]), let n = Int(range[2]),
                (2...Self.maxPoints).contains(n), let grid = try? Grid.geom(lo, hi, n)
            else { return nil }
            // Grid.geom reaches hi through 10^log10(hi); the ends are the values typed.
            var values = grid
            values[0] = lo
            values[n - 1] = hi
            self.values = values
            return
        }
        guard range.count == 1 else { return nil }
        var values: [Double] = []
        for item in argument.split(separator: ",", omittingEmptySubsequences: false) {
            guard let x = Double(item.trimmingCharacters(in: .whitespaces)) else { return nil }
            values.append(x)
        }
        guard !values.isEmpty else { return nil }
        self.values = values
    }

    /// As help prints a default: the values as typed, comma-separated.
    var defaultValueDescription: String { values.map { Table.format($0) }.joined(separator: ",") }

    /// Every value passes `check` (called from a command's `validate()`, with the option's name).
    func validate(_ check: (Double) throws -> Void) throws {
        for x in values { try check(x) }
    }
}
