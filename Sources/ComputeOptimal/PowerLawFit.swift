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
        guard let line = LineFit.leastSquares(x.map { Double.log10($0) }, y.map { Double.log10($0) }) else {
            throw ParameterError(parameter: "fit x", value: "constant", validRange: "not all equal")
        }
        exponent = line.slope
        log10Prefactor = line.intercept
        rSquared = line.rSquared
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
