/// Neumaier's compensated summation: a running sum whose rounding error stays ~ε relative to Σ|x_i| whatever the
/// number of terms (a plain running sum drifts like n ε). Used where sums over millions of terms must stay exact
/// to 1e-12 (expected maxima of parallel chains).
public struct CompensatedSum: Sendable, Equatable {
    /// The rounded leading part of the sum.
    public private(set) var sum: Double
    /// The accumulated rounding error of `sum`, added back in `value`.
    public private(set) var compensation: Double = 0

    public init(_ initial: Double = 0) { sum = initial }

    public mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }

    /// The compensated total.
    public var value: Double { sum + compensation }
}
