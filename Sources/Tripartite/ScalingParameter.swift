import Foundation
import GSL
import RealModule
import ScalingCore

/// The finite-length scaling parameter α of the waterfall law P_B ≈ Q(√n(ε^BP − ε)/α)
/// (Amraoui, Montanari, Richardson & Urbanke, BEC). With x = x^BP, x̄ = 1 − x, y = y^BP, ε = ε^BP:
///
///     α² = [ρ(x̄)² − ρ(x̄²) + ρ'(x̄)(1 − 2xρ(x̄)) ∓ x̄²ρ'(x̄²)] / [L'(1) λ(y)² ρ'(x̄)²]
///        + [ε²λ(y)² ∓ ε²λ(y²) ∓ y²ε²λ'(y²)] / [L'(1) λ(y)²]
///
/// `.corrected` uses the published minus signs ((3,6)-regular: α = 0.56035); `.published` the code's plus signs
/// ((3,6): 0.93853), which the notebook's figures need (§9.2). Derivation: `derivations/tripartite-finite-size-law.md`.
public enum ScalingParameter {
    /// α for an ensemble at its threshold. Without an interior tangency the waterfall law does not apply:
    /// `.published` returns the code's sentinel 1e-5, `.corrected` returns 0 (a step at ε^BP, the infinite-length
    /// limit).
    ///
    /// - Throws: `SolverError` (domain) when α² is negative or not finite.
    public static func alpha<E: DegreeEnsembleShortcuts>(
        _ ensemble: E, threshold: BPThreshold, mode: TripartiteMode = .corrected
    ) throws -> Double {
        guard threshold.isTangency else { return mode == .published ? 1e-5 : 0 }
        let x = threshold.x
        let xb = 1 - x
        let y = threshold.y
        let e = threshold.epsilon
        let sign: Double = mode == .published ? 1 : -1
        // ρ(x̄) and λ(y) as computed for ε^BP; ρ'(x̄) from ρ(x̄), and each pair below from one power.
        let rhoXb = threshold.rhoComplement
        let rhoPrimeXb = ensemble.rhoPrime(xb, rho: rhoXb)
        let lambdaY = threshold.lambdaY
        let lPrime1 = ensemble.meanVariableDegree
        let (rhoXb2, rhoPrimeXb2) = ensemble.rhoAndPrime(xb * xb)
        let (lambdaY2, lambdaPrimeY2) = ensemble.lambdaAndPrime(y * y)
        let numerator1 =
            rhoXb * rhoXb - rhoXb2 + rhoPrimeXb * (1 - 2 * x * rhoXb) + sign * xb * xb * rhoPrimeXb2
        let denominator1 = lPrime1 * lambdaY * lambdaY * rhoPrimeXb * rhoPrimeXb
        let numerator2 =
            e * e * lambdaY * lambdaY + sign * e * e * lambdaY2 + sign * y * y * e * e * lambdaPrimeY2
        let denominator2 = lPrime1 * lambdaY * lambdaY
        let alpha2 = numerator1 / denominator1 + numerator2 / denominator2
        guard alpha2.isFinite, alpha2 >= 0 else {
            throw SolverError(
                .domain, routine: "ScalingParameter.alpha",
                reason: "α² = \(alpha2) is not a finite non-negative number at x^BP = \(x), ε^BP = \(e)")
        }
        return alpha2.squareRoot()
    }

    /// Ω ≈ 0.996179: the universal constant of the refined waterfall law (Amraoui–Montanari–Richardson–Urbanke),
    /// an integral over Airy functions (value as published by AMRU). The shift is β = Ω·(β/Ω). A Brownian-motion
    /// check of its size is in `derivations/tripartite-finite-size-law.md`.
    public static let refinedLawOmega = 0.996179

    /// β/Ω, the shift parameter of the refined waterfall law P_B ≈ Q(√n(ε^BP − β n^{−2/3} − ε)/α)
    /// (Amraoui, Montanari & Urbanke, "Analytic determination of scaling parameters", ISIT 2006). With
    /// x = x^BP, x̄ = 1 − x, y = y^BP, ε = ε^BP:
    ///
    ///     (β/Ω)³ = ε⁴ r₂² (ε λ'(y)² r₂ − x(λ''(y) r₂ + λ'(y) x))²
    ///              / [L'(1)² ρ'(x̄)³ x¹⁰ (2ε λ'(y)² r₃ − λ''(y) r₂ x)],
    ///     r_i = Σ_{m≥j≥i} (−1)^{i+j} C(j−1, i−1) C(m−1, j−1) ρ_m (ελ(y))^j = x^i ρ^{(i−1)}(x̄)/(i − 1)!,
    ///
    /// (ελ(y) = x at the threshold; the closed form of r_i follows from Σ_k C(m−1, k) C(k, i−1) z^k =
    /// C(m−1, i−1) z^{i−1}(1 + z)^{m−i}). (3,6)-regular: β/Ω = 0.616949. The law is derived for ensembles whose
    /// minimum variable degree exceeds two; the binomial concept degrees of the tripartite graph have mean
    /// d_t T/R ≈ 27 near the threshold, so degree-1 and -2 concepts are rare there. The real cube root keeps the
    /// sign of the ratio. Derivation: `derivations/tripartite-finite-size-law.md`.
    ///
    /// - Returns: 0 without an interior tangency (no waterfall).
    /// - Throws: `SolverError` (domain) when the expression is not finite.
    public static func shiftOverOmega<E: DegreeEnsembleShortcuts>(_ ensemble: E, threshold: BPThreshold) throws
        -> Double
    {
        guard threshold.isTangency else { return 0 }
        let x = threshold.x
        let xb = 1 - x
        let y = threshold.y
        let e = threshold.epsilon
        let rhoPrimeXb = ensemble.rhoPrime(xb)
        let (r2, r3) = shiftCoefficients(ensemble, x: x)
        let l1 = ensemble.lambdaPrime(y)
        let l2 = ensemble.lambdaSecond(y)
        let lPrime1 = ensemble.meanVariableDegree
        let inner = e * l1 * l1 * r2 - x * (l2 * r2 + l1 * x)
        let e2 = e * e
        let numerator = e2 * e2 * r2 * r2 * inner * inner
        let x5 = x * x * x * x * x
        let denominator =
            lPrime1 * lPrime1 * rhoPrimeXb * rhoPrimeXb * rhoPrimeXb * x5 * x5 * (2 * e * l1 * l1 * r3 - l2 * r2 * x)
        let ratio = numerator / denominator
        guard ratio.isFinite else {
            throw SolverError(
                .domain, routine: "ScalingParameter.shiftOverOmega",
                reason: "(β/Ω)³ = \(numerator)/\(denominator) is not finite at x^BP = \(x), ε^BP = \(e)")
        }
        return Foundation.cbrt(ratio)
    }

    /// r₂ = x² ρ'(1 − x) and r₃ = x³ ρ''(1 − x)/2: the closed form of AMU's check-side sums r_i at x = ελ(y).
    static func shiftCoefficients<E: DegreeEnsembleShortcuts>(_ ensemble: E, x: Double) -> (r2: Double, r3: Double) {
        (x * x * ensemble.rhoPrime(1 - x), x * x * x * ensemble.rhoSecond(1 - x) / 2)
    }
}
