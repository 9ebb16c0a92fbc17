import RealModule
import ScalingCore

/// Least-squares fit of log10 y = slope · log10 x + intercept, i.e. y = 10^intercept · x^slope, with its R².
public struct PowerLawFit: Sendable, Equatable, CustomStringConvertible {
    /// Exponent (slope in log–log).
    public let exponent: Double
    /// log10 of the prefactor.
    public let log10Prefactor: Double
    /// Coefficient of determination of the log–log fit.
    public let rSquared: Double
    /// Points used.
    public let count: Int

    /// Fits positive (x, y) pairs.
    ///
    /// - Throws: `ParameterError` for fewer than 2 points, mismatched lengths, non-positive values, or constant x.
    public init(x: [Double], y: [Double]) throws(ParameterError) {
        guard x.count == y.count else {
            throw ParameterError(
                parameter: "fit points", value: "\(x.count) x, \(y.count) y", validRange: "equal counts")
        }
        try Validate.count(x.count, "fit points", minimum: 2)
        for v in x + y { try Validate.positive(v, "fit value") }
        let lx = x.map { Double.log10($0) }
        let ly = y.map { Double.log10($0) }
        let n = Double(lx.count)
        let mx = lx.reduce(0, +) / n
        let my = ly.reduce(0, +) / n
        var sxx = 0.0
        var sxy = 0.0
        var syy = 0.0
        for (a, b) in zip(lx, ly) {
            sxx += (a - mx) * (a - mx)
            sxy += (a - mx) * (b - my)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0 else { throw ParameterError(parameter: "fit x", value: "constant", validRange: "not all equal") }
        exponent = sxy / sxx
        log10Prefactor = my - exponent * mx
        rSquared = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1
        count = x.count
    }

    /// 10^intercept · x^slope.
    public func callAsFunction(_ x: Double) -> Double {
        Double.pow(10, log10Prefactor + exponent * Double.log10(x))
    }

    public var description: String {
        "y = 10^\(log10Prefactor) x^\(exponent) (R² = \(rSquared), \(count) points)"
    }
}
