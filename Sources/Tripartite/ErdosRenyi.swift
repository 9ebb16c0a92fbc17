import Foundation
import ScalingCore

/// Explicit Erdős–Rényi graphs G(S, p), for Monte Carlo checks of the giant-component law.
public enum ErdosRenyi {
    /// Fraction of the S nodes in the largest connected component of one G(S, x/(S − 1)) sample.
    /// Edges are drawn by geometric skipping over the S(S − 1)/2 pairs and merged with a union–find.
    public static func largestComponentFraction(
        nodes S: Int, meanDegree x: Double, rng: inout Xoshiro256StarStar
    ) -> Double {
        guard S >= 2 else { return S == 1 ? 1 : 0 }
        let p = min(1, max(0, x / Double(S - 1)))
        var parent = Array(0..<S)
        var size = [Int](repeating: 1, count: S)
        func find(_ a: Int) -> Int {
            var a = a
            while parent[a] != a {
                parent[a] = parent[parent[a]]
                a = parent[a]
            }
            return a
        }
        if p > 0 {
            let pairs = S * (S - 1) / 2
            let logQ = Foundation.log1p(-p)
            var index = -1
            while true {
                let skip = p >= 1 ? 0 : Int(Foundation.log(rng.uniformOpen()) / logQ)
                index += 1 + skip
                if index >= pairs || index < 0 { break }
                // Pair index → (i, j), i < j, row-major over the upper triangle.
                let i = Int((Double(2 * S - 1) - (Double((2 * S - 1) * (2 * S - 1) - 8 * index)).squareRoot()) / 2)
                var row = max(0, min(i, S - 2))
                while row > 0, row * (2 * S - row - 1) / 2 > index { row -= 1 }
                while (row + 1) * (2 * S - row - 2) / 2 <= index { row += 1 }
                let j = index - row * (2 * S - row - 1) / 2 + row + 1
                let a = find(row)
                let b = find(j)
                if a != b {
                    if size[a] < size[b] {
                        parent[a] = b
                        size[b] += size[a]
                    } else {
                        parent[b] = a
                        size[a] += size[b]
                    }
                }
            }
        }
        var largest = 0
        for v in 0..<S where parent[v] == v { largest = max(largest, size[v]) }
        return Double(largest) / Double(S)
    }
}
