import RealModule

/// |actual − expected| ≤ tolerance · |expected|.
func close(_ actual: Double, _ expected: Double, relative tolerance: Double) -> Bool {
    abs(actual - expected) <= tolerance * abs(expected)
}

/// True when `actual` rounds to `printed` at the printed number of significant digits
/// (|actual − printed| ≤ half a unit in the last printed digit).
func roundsTo(_ actual: Double, _ printed: Double, significantDigits: Int) -> Bool {
    let exponent = Double(Int((Double.log10(abs(printed))).rounded(.down)))
    let halfUnit = 0.5 * Double.pow(10, exponent - Double(significantDigits - 1))
    return abs(actual - printed) <= halfUnit * (1 + 1e-12)
}
