import GSL
import RealModule
import ScalingCore

/// The belief-propagation (peeling) threshold ε^BP of an ensemble and its tangency point.
///
/// Density evolution x_{ℓ+1} = ε λ(1 − ρ(1 − x_ℓ)) has a fixed point x ∈ [x_min, 1] exactly when
/// ε ≥ x/λ(1 − ρ(1 − x)) for some such x, so the threshold is
///
///     ε^BP = min_{x ∈ [x_min, 1]} g(x),   g(x) = x / λ(1 − ρ(1 − x)),
///
/// attained at the tangency point x^BP where f_ε(x) = x − ελ(1 − ρ(1 − x)) has a double root. The lower cut-off
/// x_min (notebook: 0.1) excludes the error-floor fixed point near 0 of ensembles with degree-1 concepts, so this
/// is the "waterfall" threshold. Derivation: `derivations/tripartite-bp-threshold.md`.
public struct BPThreshold: Sendable, Equatable {
    /// ε^BP, clipped to 1 (ε^BP = 1: peeling succeeds for every erasure probability).
    public let epsilon: Double
    /// x^BP: the minimiser of g on [x_min, 1] (x_min itself when there is no interior tangency).
    public let x: Double
    /// y^BP = 1 − ρ(1 − x^BP).
    public let y: Double
    /// True when g has an interior minimum (a genuine double root of f_ε); false when the minimum is at x_min or 1.
    public let isTangency: Bool
    /// The lower cut-off x_min used.
    public let xMin: Double

    /// Solves for ε^BP: a global scan of ln g on `gridPoints` points of [x_min, 1], then the tangency condition
    /// d ln g/dx = 0, i.e. h(x) = 1 − x·(λ'/λ)(y(x))·ρ'(1 − x) = 0, by `Roots.brent` between the neighbours of the
    /// best grid point.
    ///
    /// - Throws: `ParameterError` for x_min ∉ (0, 1) or fewer than 3 grid points; `GSLError` when the root finder
    ///   fails.
    public static func solve<E: DegreeEnsemble>(
        _ ensemble: E, xMin: Double = 0.1, gridPoints: Int = 64
    ) throws -> BPThreshold {
        try Validate.probability(xMin, "x_min", .open)
        try Validate.count(gridPoints, "grid points", minimum: 3)
        func logG(_ x: Double) -> Double {
            let y = 1 - ensemble.rho(1 - x)
            return Double.log(x) - ensemble.logLambda(y)
        }
        func h(_ x: Double) -> Double {
            let y = 1 - ensemble.rho(1 - x)
            return 1 - x * ensemble.lambdaLogDerivative(y) * ensemble.rhoPrime(1 - x)
        }
        let xs = (0..<gridPoints).map { i in
            i == gridPoints - 1 ? 1.0 : xMin + Double(i) * (1 - xMin) / Double(gridPoints - 1)
        }
        let values = xs.map(logG)
        var best = 0
        for i in 1..<gridPoints where values[i] < values[best] { best = i }
        let lo = xs[max(best - 1, 0)]
        let hi = xs[min(best + 1, gridPoints - 1)]
        let hLo = h(lo)
        let hHi = h(hi)
        var xStar = xs[best]
        var tangency = true
        if hLo < 0, hHi > 0 {
            xStar = try Roots.brent(lower: lo, upper: hi, absoluteTolerance: 1e-15, relativeTolerance: 1e-13) {
                h($0)
            }.root
        } else if best == 0, h(xMin) >= 0 {
            tangency = false  // g increasing at x_min: minimum at the cut-off
        } else if best == gridPoints - 1, h(1) <= 0 {
            tangency = false  // g decreasing up to 1: ε^BP ≥ g(1) ≥ 1
        } else if best > 0, best < gridPoints - 1, values[best] < values[best - 1], values[best] < values[best + 1] {
            xStar = try Minimize1D.brent(lower: lo, guess: xs[best], upper: hi, relativeTolerance: 1e-12) {
                logG($0)
            }.x
        }
        let epsilon = min(1, Double.exp(logG(xStar)))
        return BPThreshold(
            epsilon: epsilon, x: xStar, y: 1 - ensemble.rho(1 - xStar), isTangency: tangency, xMin: xMin)
    }
}

/// Density evolution of peeling on the binary erasure channel.
public enum DensityEvolution {
    /// One step x ↦ ε λ(1 − ρ(1 − x)) (probability that a concept→text message is still "unknown").
    public static func step<E: DegreeEnsemble>(_ ensemble: E, erasure ε: Double, _ x: Double) -> Double {
        ε * ensemble.lambda(1 - ensemble.rho(1 - x))
    }

    /// Result of iterating density evolution from x₀ = ε to its fixed point.
    public struct FixedPoint: Sendable, Equatable {
        /// x_∞: fixed point of the message erasure probability.
        public let x: Double
        /// Fraction of the unknown concepts still unknown at the fixed point, L(1 − ρ(1 − x_∞)).
        public let unlearnedFraction: Double
        /// Iterations used.
        public let iterations: Int
    }

    /// Iterates x_{ℓ+1} = ε λ(1 − ρ(1 − x_ℓ)) from x₀ = ε until |x_{ℓ+1} − x_ℓ| ≤ tolerance.
    ///
    /// - Throws: `ParameterError` for ε ∉ (0, 1]; `GSLError` (not converged) after `maxIterations`.
    public static func fixedPoint<E: DegreeEnsemble>(
        _ ensemble: E, erasure ε: Double, tolerance: Double = 1e-14, maxIterations: Int = 1_000_000
    ) throws -> FixedPoint {
        try Validate.probability(ε, "ε (erasure)", .lowerOpen)
        var x = ε
        for iteration in 1...maxIterations {
            let next = step(ensemble, erasure: ε, x)
            if abs(next - x) <= tolerance {
                return FixedPoint(
                    x: next, unlearnedFraction: ensemble.nodeL(1 - ensemble.rho(1 - next)), iterations: iteration)
            }
            x = next
        }
        throw GSLError(
            code: GSLError.maxIterationsCode, routine: "DensityEvolution.fixedPoint",
            reason: "no fixed point within tolerance", iterations: maxIterations, tolerance: tolerance)
    }
}
