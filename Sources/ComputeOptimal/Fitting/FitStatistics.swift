import ScalingCore

/// A fitted parameter with its uncertainty: an estimate, a standard error and a confidence interval.
public struct FitEstimate: Sendable, Equatable {
    /// Parameter name as printed (paper symbol), e.g. "alpha".
    public let name: String
    public let estimate: Double
    /// Standard error (bootstrap standard deviation, or √ of the covariance diagonal); `nil` when the parameter
    /// sits on a bound of the fit or is held fixed.
    public let standardError: Double?
    /// Confidence interval [lower, upper] at `level`; `nil` together with `standardError`.
    public let lower: Double?
    public let upper: Double?
    /// Coverage of the interval, e.g. 0.95.
    public let level: Double
    /// How the interval was obtained: "bootstrap percentile", "normal (Jacobian)", "at bound", "fixed".
    public let method: String

    public init(
        name: String, estimate: Double, standardError: Double?, lower: Double?, upper: Double?, level: Double,
        method: String
    ) {
        self.name = name
        self.estimate = estimate
        self.standardError = standardError
        self.lower = lower
        self.upper = upper
        self.level = level
        self.method = method
    }

    /// Normal-theory interval estimate ± z·SE.
    static func normal(name: String, estimate: Double, standardError: Double, level: Double) throws -> FitEstimate {
        let z = try FitStatistics.normalQuantile(level)
        return FitEstimate(
            name: name, estimate: estimate, standardError: standardError, lower: estimate - z * standardError,
            upper: estimate + z * standardError, level: level, method: "normal (Jacobian)")
    }
}

/// Small statistics helpers shared by the fits.
public enum FitStatistics {
    /// Sample quantile with linear interpolation between order statistics (Hyndman–Fan type 7, numpy's default):
    /// h = (n − 1) q, value = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
    public static func quantile(_ values: [Double], _ q: Double) throws(ParameterError) -> Double {
        try Validate.probability(q, "quantile level")
        guard !values.isEmpty, values.allSatisfy(\.isFinite) else {
            throw ParameterError(
                parameter: "quantile sample", value: "\(values.count) values", validRange: "non-empty, finite")
        }
        let sorted = values.sorted()
        let h = Double(sorted.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// Sample standard deviation (n − 1 denominator).
    public static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (ss / Double(values.count - 1)).squareRoot()
    }

    /// Two-sided standard-normal quantile z with P(|Z| ≤ z) = level.
    static func normalQuantile(_ level: Double) throws -> Double {
        try Validate.probability(level, "confidence level", .open)
        return try GSLNormal.upperQuantile((1 - level) / 2)
    }

    /// Percentile-bootstrap estimate from replicate values.
    static func bootstrap(name: String, estimate: Double, replicates: [Double], level: Double) throws -> FitEstimate {
        let tail = (1 - level) / 2
        return FitEstimate(
            name: name, estimate: estimate, standardError: standardDeviation(replicates),
            lower: try quantile(replicates, tail), upper: try quantile(replicates, 1 - tail), level: level,
            method: "bootstrap percentile")
    }
}
