import GSL

/// Gaussian quantiles for confidence intervals (thin wrapper so the fits read naturally).
enum GSLNormal {
    /// z with Q(z) = P(Z > z) = p.
    static func upperQuantile(_ p: Double) throws -> Double { try SpecialFunctions.inverseGaussianQ(p) }
}
