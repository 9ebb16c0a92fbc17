import ScalingCore

/// A fit that could not be completed: no start converged, a singular normal matrix (parameters not identified
/// by the data), too few converged bootstrap replicates. The reason says which and what to try.
public struct FitError: Error, CustomStringConvertible, Sendable, Equatable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "fit failed: \(reason)" }
}

/// A small symmetric matrix (the normal matrix JᵀJ of a fit with 3–15 parameters), stored densely row by row.
public struct SymmetricMatrix: Sendable, Equatable {
    public let dimension: Int
    /// Row-major entries; entry (i, j) equals entry (j, i).
    public private(set) var entries: [Double]

    /// - Throws: `ParameterError` if `entries` is not a square, symmetric (to 1e-12 relative), finite array.
    public init(dimension: Int, entries: [Double]) throws(ParameterError) {
        guard dimension >= 1, entries.count == dimension * dimension else {
            throw ParameterError(
                parameter: "matrix entries", value: "\(entries.count)", validRange: "\(dimension)² values")
        }
        for i in 0..<dimension {
            for j in 0..<dimension {
                let a = entries[i * dimension + j]
                let b = entries[j * dimension + i]
                guard a.isFinite, abs(a - b) <= 1e-12 * max(abs(a), abs(b)) else {
                    throw ParameterError(
                        parameter: "matrix entry (\(i), \(j))", value: a, validRange: "finite and symmetric")
                }
            }
        }
        self.dimension = dimension
        self.entries = entries
    }

    public subscript(i: Int, j: Int) -> Double { entries[i * dimension + j] }

    /// The normal matrix JᵀJ of a Jacobian given as rows (one row per residual, one column per parameter).
    public static func normal(jacobian rows: [[Double]]) throws(ParameterError) -> SymmetricMatrix {
        let p = rows.first?.count ?? 0
        var m = [Double](repeating: 0, count: p * p)
        for row in rows {
            for i in 0..<p {
                for j in i..<p { m[i * p + j] += row[i] * row[j] }
            }
        }
        for i in 0..<p {
            for j in 0..<i { m[i * p + j] = m[j * p + i] }
        }
        return try SymmetricMatrix(dimension: p, entries: m)
    }

    /// The inverse, by Cholesky factorisation M = LLᵀ (M must be symmetric positive definite), with the
    /// diagonal equilibrated first (M = S M' S, S = diag(√Mᵢᵢ)) so parameters on very different scales do not
    /// lose precision.
    ///
    /// - Throws: `FitError` when M is not positive definite (a parameter is not identified by the
    ///   data) or its condition number exceeds `maximumCondition`.
    public func inverse(maximumCondition: Double = 1e14) throws(FitError) -> SymmetricMatrix {
        let n = dimension
        var scale = [Double](repeating: 1, count: n)
        for i in 0..<n {
            guard self[i, i] > 0 else {
                throw FitError("parameter \(i) is not identified (zero curvature)")
            }
            scale[i] = self[i, i].squareRoot()
        }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n { a[i * n + j] = self[i, j] / (scale[i] * scale[j]) }
        }
        // Cholesky: a = L Lᵀ, L lower triangular, stored in l.
        var l = [Double](repeating: 0, count: n * n)
        var minPivot = Double.infinity
        var maxPivot = 0.0
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0, d.isFinite else {
                throw FitError("normal matrix is not positive definite (parameters not identified)")
            }
            minPivot = min(minPivot, d)
            maxPivot = max(maxPivot, d)
            let ljj = d.squareRoot()
            l[j * n + j] = ljj
            for i in (j + 1)..<max(n, j + 1) {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / ljj
            }
        }
        guard maxPivot / minPivot <= maximumCondition else {
            throw FitError(
                "normal matrix is ill-conditioned (pivot ratio \(maxPivot / minPivot)); parameters not identified")
        }
        // Inverse of L (lower triangular), then a⁻¹ = L⁻ᵀ L⁻¹.
        var li = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            li[i * n + i] = 1 / l[i * n + i]
            for j in 0..<i {
                var s = 0.0
                for k in j..<i { s -= l[i * n + k] * li[k * n + j] }
                li[i * n + j] = s / l[i * n + i]
            }
        }
        var inv = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = 0.0
                for k in i..<n { s += li[k * n + i] * li[k * n + j] }
                let v = s / (scale[i] * scale[j])
                inv[i * n + j] = v
                inv[j * n + i] = v
            }
        }
        do {
            return try SymmetricMatrix(dimension: n, entries: inv)
        } catch {
            throw FitError("inverse is not finite")
        }
    }

    /// Matrix product with another square matrix of the same size (row-major result, not necessarily symmetric).
    public func multiplied(by other: SymmetricMatrix) -> [Double] {
        let n = dimension
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for k in 0..<n { s += self[i, k] * other[k, j] }
                out[i * n + j] = s
            }
        }
        return out
    }
}
