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
    /// - Throws: `GSLError` (domain) when α² is negative or not finite.
    public static func alpha<E: DegreeEnsemble>(
        _ ensemble: E, threshold: BPThreshold, mode: TripartiteMode = .corrected
    ) throws -> Double {
        guard threshold.isTangency else { return mode == .published ? 1e-5 : 0 }
        let x = threshold.x
        let xb = 1 - x
        let y = threshold.y
        let e = threshold.epsilon
        let sign: Double = mode == .published ? 1 : -1
        let rhoXb = ensemble.rho(xb)
        let rhoPrimeXb = ensemble.rhoPrime(xb)
        let lambdaY = ensemble.lambda(y)
        let lPrime1 = ensemble.meanVariableDegree
        let numerator1 = rhoXb * rhoXb - ensemble.rho(xb * xb) + rhoPrimeXb * (1 - 2 * x * rhoXb)
            + sign * xb * xb * ensemble.rhoPrime(xb * xb)
        let denominator1 = lPrime1 * lambdaY * lambdaY * rhoPrimeXb * rhoPrimeXb
        let numerator2 = e * e * lambdaY * lambdaY + sign * e * e * ensemble.lambda(y * y)
            + sign * y * y * e * e * ensemble.lambdaPrime(y * y)
        let denominator2 = lPrime1 * lambdaY * lambdaY
        let alpha2 = numerator1 / denominator1 + numerator2 / denominator2
        guard alpha2.isFinite, alpha2 >= 0 else {
            throw GSLError(
                code: GSLError.domainCode, routine: "ScalingParameter.alpha",
                reason: "α² = \(alpha2) is not a finite non-negative number at x^BP = \(x), ε^BP = \(e)")
        }
        return alpha2.squareRoot()
    }
}
