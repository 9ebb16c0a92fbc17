import DS3
import GSL
import RealModule
import ScalingCore

/// Fit of the Beta task population (A, α, β) to measured coverage pass@N (ds3-theory.md §5.7): bounded least
/// squares Σᵢ (pass@Nᵢ − yᵢ)², bounds reparametrised by logistic transforms θ = lo + (hi − lo)·σ(u); GSL
/// Nelder–Mead from a grid of starts, then Levenberg–Marquardt polish in the natural parameters with any
/// parameter that converged onto a bound held there. Standard errors s²(JᵀJ)⁻¹ at the optimum over the free
/// parameters, s² = SSR/(n − p).
public struct PassAtNFit: Sendable {
    /// Closed intervals for (A, α, β). Default: the authors' L-BFGS-B bounds A ∈ [0.1, 1], α ∈ [0.01, 2],
    /// β ∈ [0.1, 50].
    public struct Bounds: Sendable, Equatable {
        public var A: ClosedRange<Double> = 0.1...1
        public var alpha: ClosedRange<Double> = 0.01...2
        public var beta: ClosedRange<Double> = 0.1...50
        public init() {}
        var ranges: [ClosedRange<Double>] { [A, alpha, beta] }
    }

    public struct Options: Sendable {
        public var bounds = Bounds()
        /// Starting grid (natural parameters).
        public var startA: [Double] = [0.6, 0.95]
        public var startAlpha: [Double] = [0.15, 0.5, 1.2]
        public var startBeta: [Double] = [0.5, 3, 20]
        /// Confidence level of the normal intervals.
        public var level: Double = 0.95
        public init() {}
    }

    public let population: BetaTaskPopulation
    /// A, alpha, beta and pass@1 with standard errors (delta method for pass@1); a parameter on a bound has none.
    public let estimates: [FitEstimate]
    /// Sum of squared residuals at the optimum.
    public let residualSumOfSquares: Double
    /// Number of data points.
    public let count: Int
    /// Names of parameters that sit on a bound.
    public let atBound: [String]

    public func estimate(_ name: String) -> FitEstimate? { estimates.first { $0.name == name } }

    /// Fits (A, α, β) to (N, coverage) pairs.
    ///
    /// - Throws: `ParameterError` for fewer than 4 points, N < 0 or coverage outside [0, 1]; `FitError` if no
    ///   start converges.
    public static func fit(samples: [Double], coverage: [Double], options: Options = Options()) throws -> PassAtNFit {
        guard samples.count == coverage.count else {
            throw ParameterError(
                parameter: "coverage", value: "\(coverage.count) values", validRange: "\(samples.count) (one per N)")
        }
        try Validate.count(samples.count, "number of (N, coverage) points", minimum: 4)
        // A, α and β shape the curve in N: repeated N add noise, not information, so three distinct N are needed.
        let distinct = Set(samples)
        guard distinct.count >= 3 else {
            throw FitError(
                "the data do not determine A, alpha and beta: N takes \(distinct.count) distinct value(s) "
                    + "(\(distinct.sorted().map { "\($0)" }.joined(separator: ", "))); give coverage at 3 or more N")
        }
        for n in samples { try Validate.positive(n, "N") }
        for y in coverage { try Validate.probability(y, "coverage") }
        let ranges = options.bounds.ranges
        for (k, range) in ranges.enumerated() where !(range.lowerBound > 0 && range.upperBound > range.lowerBound) {
            throw ParameterError(
                parameter: "bounds of \(names[k])", value: "\(range)", validRange: "0 < lower < upper")
        }
        guard options.bounds.A.upperBound <= 1 else {
            throw ParameterError(parameter: "upper bound of A", value: options.bounds.A.upperBound, validRange: "≤ 1")
        }
        func model(_ theta: [Double]) throws -> [Double] {
            let population = try BetaTaskPopulation(alpha: theta[1], beta: theta[2], solvable: theta[0])
            return try samples.map { try population.passAtN($0) }
        }
        func residuals(_ theta: [Double]) throws -> [Double] { zip(try model(theta), coverage).map { $0 - $1 } }
        let fixedFree = BoundedParameters(ranges: ranges)
        var starts: [[Double]] = []
        for a in options.startA {
            for al in options.startAlpha {
                for be in options.startBeta { starts.append(fixedFree.clamped([a, al, be])) }
            }
        }
        let best = try fixedFree.fit(starts: starts, residuals: residuals)
        let population = try BetaTaskPopulation(alpha: best.theta[1], beta: best.theta[2], solvable: best.theta[0])
        let covariance = try best.covariance(residuals: residuals, count: samples.count)
        var estimates: [FitEstimate] = []
        for k in 0..<3 {
            if let variance = covariance[k] {
                estimates.append(
                    try FitEstimate.normal(
                        name: names[k], estimate: best.theta[k], standardError: variance.squareRoot(),
                        level: options.level))
            } else {
                estimates.append(
                    FitEstimate(
                        name: names[k], estimate: best.theta[k], standardError: nil, lower: nil, upper: nil,
                        level: options.level, method: "at bound"))
            }
        }
        // pass@1 = Aα/(α+β) by the delta method over the free parameters.
        let p1Gradient = [
            population.alpha / (population.alpha + population.beta),
            population.solvable * population.beta
                / ((population.alpha + population.beta) * (population.alpha + population.beta)),
            -population.solvable * population.alpha
                / ((population.alpha + population.beta) * (population.alpha + population.beta)),
        ]
        let p1Variance = try best.quadraticForm(p1Gradient, residuals: residuals, count: samples.count)
        estimates.append(
            try FitEstimate.normal(
                name: "pass@1", estimate: population.meanSuccess, standardError: p1Variance.squareRoot(),
                level: options.level))
        return PassAtNFit(
            population: population, estimates: estimates, residualSumOfSquares: best.ssr, count: samples.count,
            atBound: best.atBound.map { names[$0] })
    }

    public static let names = ["A", "alpha", "beta"]
}
