import RealModule
import ScalingCore

/// Compute-optimal training allocation implied by a fitted Chinchilla-form loss law: a view of the law's
/// closed-form frontier (`ChinchillaLossLaw.computeOptimal(compute:)`, Hoffmann et al. Eq. 4), kept so fits can
/// report it with the fitted constants. N_opt(C) = G (C/6)^a, D_opt(C) = G⁻¹ (C/6)^b.
public struct FittedAllocation: Sendable, Equatable {
    public let law: ChinchillaLossLaw
    public init(law: ChinchillaLossLaw) { self.law = law }

    /// Exponent a of N_opt ∝ C^a.
    public var parameterExponent: Double { law.parameterExponent }
    /// Exponent b of D_opt ∝ C^b (a + b = 1).
    public var tokenExponent: Double { law.tokenExponent }
    /// ln G.
    public var logG: Double { Double.log(law.frontierCoefficient) }

    /// (N_opt, D_opt) for training compute C (FLOPs, C = 6ND).
    public func optimum(compute C: Double) throws(ParameterError) -> (parameters: Double, tokens: Double) {
        let optimum = try law.computeOptimal(compute: C)
        return (optimum.parameters, optimum.tokens)
    }
}
