import GSL
import RealModule
import ScalingCore

/// Giant connected component of an Erdős–Rényi graph G(S, p) with mean degree x = Sp (or (S − 1)p) for S → ∞:
/// the fraction γ of nodes in it is the largest root of γ = 1 − e^{−xγ}, i.e.
///
///     γ = 1 + W₀(−x e^{−x})/x   for x > 1,   γ = 0 for x ≤ 1.
///
/// Derivation: `derivations/tripartite-giant-component-emergence.md`.
public enum GiantComponent {
    /// γ(x) by the principal Lambert branch W₀.
    ///
    /// - Throws: `ParameterError` for a negative or non-finite mean degree.
    public static func fraction(meanDegree x: Double) throws -> Double {
        try Validate.nonNegative(x, "mean degree")
        if x <= 1 { return 0 }
        // For large x, −x e^{−x} underflows towards 0 and W₀(z) ≈ z: γ = 1 − e^{−x}(1 + O(x e^{−x})).
        if x > 700 { return 1 }
        let w = try SpecialFunctions.lambertW0(-x * Double.exp(-x))
        return max(0, min(1, 1 + w / x))
    }

    /// γ(x) as the root of F(γ) = γ − 1 + e^{−xγ} in (0, 1] by `Roots.brent` (independent cross-check of the
    /// Lambert-W form).
    public static func fractionByFixedPoint(meanDegree x: Double) throws -> Double {
        try Validate.nonNegative(x, "mean degree")
        if x <= 1 { return 0 }
        // F < 0 just above 0 (F ≈ (1 − x)γ), F(1) = e^{−x} > 0.
        let lower = min(1e-3, (x - 1) / (2 * x * x))
        return try Roots.brent(lower: lower, upper: 1, absoluteTolerance: 1e-16, relativeTolerance: 1e-15) { g in
            g - 1 + Double.exp(-x * g)
        }.root
    }
}
