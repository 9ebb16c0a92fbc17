import RealModule

/// Parameter grids with the semantics of the reference notes (numpy conventions), so figure grids match the
/// authors' points digit for digit.
public enum Grid {
    /// `lin(a, b, n)`: n evenly spaced values from a to b inclusive, as numpy `linspace`:
    /// x_i = a + i·(b − a)/(n − 1), with the last value exactly b. n = 1 gives [a].
    public static func lin(_ a: Double, _ b: Double, _ n: Int) throws(ParameterError) -> [Double] {
        try Validate.finite(a, "grid start")
        try Validate.finite(b, "grid end")
        try Validate.count(n, "grid size")
        if n == 1 { return [a] }
        let step = (b - a) / Double(n - 1)
        var values = (0..<n).map { Double($0) * step + a }
        values[n - 1] = b
        return values
    }

    /// `geom(a, b, n)`: n log-spaced values from a to b inclusive, as numpy
    /// `logspace(log10 a, log10 b, n)` = 10^lin(log10 a, log10 b, n). a and b must be > 0.
    public static func geom(_ a: Double, _ b: Double, _ n: Int) throws(ParameterError) -> [Double] {
        try Validate.positive(a, "grid start")
        try Validate.positive(b, "grid end")
        return try lin(Double.log10(a), Double.log10(b), n).map { Double.pow(10, $0) }
    }

    /// "ints of": values truncated to integers (toward zero, as numpy `astype(int)`), de-duplicated, sorted.
    public static func uniqueIntegers(_ values: [Double]) -> [Int] {
        Array(Set(values.compactMap { $0.isFinite && abs($0) < 9e18 ? Int($0) : nil })).sorted()
    }
}
