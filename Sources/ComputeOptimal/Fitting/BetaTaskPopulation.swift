import GSL
import RealModule
import ScalingCore

/// A task population for repeated sampling (ds3-theory.md §3.6): a fraction 1 − A of tasks is unsolvable
/// (single-sample success r = 0) and the rest have r ~ Beta(α, β). Then
/// pass@N = A [1 − B(α, β + N)/B(α, β)], pass@1 = A α/(α + β), and the population cdf of r is
/// F(r) = (1 − A) + A I_r(α, β).
public struct BetaTaskPopulation: Sendable, Equatable, Hashable {
    /// Fraction of solvable tasks A ∈ (0, 1].
    public let A: Double
    /// Beta shape parameters α, β > 0 of the per-task single-sample success r.
    public let alpha: Double
    public let beta: Double

    public init(A: Double, alpha: Double, beta: Double) throws(ParameterError) {
        self.A = try Validate.probability(A, "A", .lowerOpen)
        self.alpha = try Validate.positive(alpha, "alpha")
        self.beta = try Validate.positive(beta, "beta")
    }

    /// pass@N (oracle-verified coverage) for N ≥ 0 samples (real N allowed: the formula is analytic in N).
    /// Computed as −A·expm1(ln B(α, β+N) − ln B(α, β)) so small N and large N are both accurate.
    public func passAt(_ N: Double) throws -> Double {
        try Validate.nonNegative(N, "N")
        if N == 0 { return 0 }
        let logRatio = try SpecialFunctions.logBeta(alpha, beta + N) - SpecialFunctions.logBeta(alpha, beta)
        return -A * Double.expMinusOne(logRatio)
    }

    /// pass@1 = A α/(α + β).
    public var passAt1: Double { A * alpha / (alpha + beta) }

    /// Mean of r among solvable tasks, α/(α+β), and its variance αβ/((α+β)²(α+β+1)).
    public var solvableMean: Double { alpha / (alpha + beta) }
    public var solvableVariance: Double {
        let s = alpha + beta
        return alpha * beta / (s * s * (s + 1))
    }

    /// Density of the solvable part, A·Beta(r; α, β), for r in (0, 1) (the point mass 1 − A at r = 0 excluded).
    public func density(_ r: Double) throws -> Double {
        try Validate.probability(r, "r", .open)
        let logPdf =
            (alpha - 1) * Double.log(r) + (beta - 1) * Double.log(onePlus: -r)
            - (try SpecialFunctions.logBeta(alpha, beta))
        return A * Double.exp(logPdf)
    }

    /// cdf of r over all tasks, (1 − A) + A I_r(α, β), for r in [0, 1].
    public func cdf(_ r: Double) throws -> Double {
        try Validate.probability(r, "r")
        return (1 - A) + A * (try IncompleteBeta.regularized(a: alpha, b: beta, x: r))
    }
}
