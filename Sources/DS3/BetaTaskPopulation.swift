import GSL
import RealModule
import ScalingCore

/// A population of tasks described by their single-sample success probability (ds3-theory §3.6):
/// p ~ (1 − A) δ_0 + A Beta(α, β), A = fraction of solvable tasks. Gives the pass@N law of best-of-N with an oracle
/// pass@N = A [1 − B(α, β + N)/B(α, β)] and drives majority voting over a population.
public struct BetaTaskPopulation: Sendable, Hashable {
    public let alpha: Double
    public let beta: Double
    /// A ∈ (0, 1]: fraction of solvable tasks.
    public let solvable: Double

    public init(alpha: Double, beta: Double, solvable: Double = 1) throws(ParameterError) {
        self.alpha = try Validate.positive(alpha, "beta-alpha")
        self.beta = try Validate.positive(beta, "beta-beta")
        self.solvable = try Validate.probability(solvable, "solvable", .lowerOpen)
    }

    /// pass@1 = A α/(α + β).
    public var meanSuccess: Double { solvable * alpha / (alpha + beta) }

    /// pass@N = A [1 − exp(ln B(α, β + N) − ln B(α, β))].
    public func passAtN(_ n: Double) throws -> Double {
        try Validate.positive(n, "samples")
        return solvable * -Double.expMinusOne(try logFailureRatio(n))
    }

    /// ln[B(α, β + N)/B(α, β)] = [ln Γ(β + N) − ln Γ(β)] − [ln Γ(α + β + N) − ln Γ(α + β)]: the log-probability that
    /// N samples of a solvable task all fail.
    ///
    /// As a difference of log-beta values it cancels catastrophically once α + β is large (at α = β = 1e20 both
    /// are ≈ −1.4e20 and the N ln 2 between them is lost entirely), so above `largeShape` each log-gamma increment
    /// comes from `logGammaIncrement`, which has no such cancellation; below it the log-beta difference is kept.
    func logFailureRatio(_ n: Double) throws -> Double {
        if alpha + beta < Self.largeShape {
            return try SpecialFunctions.logBeta(alpha, beta + n) - SpecialFunctions.logBeta(alpha, beta)
        }
        return try Self.logGammaIncrement(beta, n) - Self.logGammaIncrement(alpha + beta, n)
    }

    /// Shapes from which the log-beta difference loses more than ~1e-9 absolute (|ln B| ≳ 1e7 · 16 ulp).
    static let largeShape = 1e6

    /// ln Γ(x + h) − ln Γ(x) for x, h > 0. For x ≥ `largeShape`, Stirling's series in differenced form,
    /// (x − ½) ln(1 + h/x) + h ln(x + h) − h + (1/12)(1/(x + h) − 1/x), whose next term (1/360x³) is below 1e-18;
    /// otherwise the log-gamma difference (its absolute error ~1e-16 |ln Γ(x + h)|).
    static func logGammaIncrement(_ x: Double, _ h: Double) throws -> Double {
        if x < largeShape {
            return try SpecialFunctions.logGamma(x + h) - SpecialFunctions.logGamma(x)
        }
        return (x - 0.5) * Double.log(onePlus: h / x) + h * Double.log(x + h) - h - h / (12 * x * (x + h))
    }

    /// Density of the Beta part at p.
    public func density(_ p: Double) throws -> Double {
        try Validate.probability(p, "p")
        if p == 0 || p == 1 {
            let edgeExponent = p == 0 ? alpha : beta
            if edgeExponent < 1 { return .infinity }
            if edgeExponent > 1 { return 0 }
        }
        let logB = try SpecialFunctions.logBeta(alpha, beta)
        let a = p == 0 ? 0 : (alpha - 1) * Double.log(p)
        let b = p == 1 ? 0 : (beta - 1) * Double.log(onePlus: -p)
        return Double.exp(a + b - logB)
    }

    /// CDF of the mixture: (1 − A) + A I_p(α, β).
    public func cdf(_ p: Double) throws -> Double {
        try Validate.probability(p, "p")
        return (1 - solvable) + solvable * (try IncompleteBeta.regularized(a: alpha, b: beta, x: p))
    }

    /// Beta-binomial probabilities P(s correct of N) for the solvable part, s = 0…N: P(0) = B(α, β+N)/B(α, β),
    /// then the ratio P(s+1)/P(s) = (N − s)(α + s) / ((s + 1)(β + N − s − 1)), renormalised to sum 1.
    public func betaBinomial(samples n: Int) throws -> [Double] {
        try Validate.count(n, "samples")
        let nd = Double(n)
        var pmf = [Double](repeating: 0, count: n + 1)
        // Work in a scaled domain (start at 1) so long recurrences neither underflow nor overflow.
        var logScale = try logFailureRatio(nd)
        var value = 1.0
        var scaled: [(Double, Double)] = []
        scaled.reserveCapacity(n + 1)
        for s in 0...n {
            scaled.append((value, logScale))
            if s == n { break }
            let sd = Double(s)
            value *= (nd - sd) * (alpha + sd) / ((sd + 1) * (beta + nd - sd - 1))
            if value > 0x1p500 || value < 0x1p-500 {
                logScale += Double.log(value)
                value = 1
            }
        }
        var total = 0.0
        for s in 0...n {
            pmf[s] = scaled[s].0 * Double.exp(scaled[s].1)
            total += pmf[s]
        }
        if !(total > 0 && total.isFinite) {
            // Every term under- or overflowed (e.g. P(0) = 2^{−N} with N > 1074 at α = β → ∞): the pmf is
            // normalised anyway, so shift the log-scales by their largest value.
            let top = scaled.map { Double.log($0.0) + $0.1 }.max() ?? 0
            total = 0
            for s in 0...n {
                pmf[s] = scaled[s].0 * Double.exp(scaled[s].1 - top)
                total += pmf[s]
            }
        }
        return pmf.map { $0 / total }
    }

    /// Draws a task's single-sample success p (0 for an unsolvable task).
    public func sample(using rng: inout Xoshiro256StarStar) -> Double {
        if solvable < 1, rng.uniform() >= solvable { return 0 }
        let x = RandomVariates.gamma(alpha, using: &rng)
        let y = RandomVariates.gamma(beta, using: &rng)
        return x / (x + y)
    }
}

/// Random variates for the simulator.
enum RandomVariates {
    /// Standard normal (Marsaglia polar method).
    static func normal(using rng: inout Xoshiro256StarStar) -> Double {
        while true {
            let u = 2 * rng.uniform() - 1
            let v = 2 * rng.uniform() - 1
            let s = u * u + v * v
            if s > 0, s < 1 { return u * (-2 * Double.log(s) / s).squareRoot() }
        }
    }

    /// Gamma(shape, 1) by Marsaglia–Tsang (shape < 1 via the U^{1/shape} boost).
    static func gamma(_ shape: Double, using rng: inout Xoshiro256StarStar) -> Double {
        if shape < 1 {
            let g = gamma(shape + 1, using: &rng)
            return g * Double.exp(Double.log(rng.uniformOpen()) / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal(using: &rng)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = rng.uniformOpen()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if Double.log(u) < 0.5 * x * x + d * (1 - v + Double.log(v)) { return d * v }
        }
    }
}
