import RealModule
import ScalingCore

/// Compute-optimal training allocation implied by a Chinchilla-form loss law (Hoffmann et al. Eq. 4,
/// empirical-laws.md §1.1): minimising L(N, D) subject to 6ND = C gives
/// N_opt(C) = G (C/6)^a, D_opt(C) = G⁻¹ (C/6)^b, G = (αA/(βB))^(1/(α+β)), a = β/(α+β), b = α/(α+β).
///
/// Written locally for the fitting area; `ComputeOptimal`'s training-optimum API (another branch) computes the
/// same closed form — a test pits this one against direct numerical minimisation.
public struct FittedAllocation: Sendable, Equatable {
    public let law: ChinchillaLossLaw
    public init(law: ChinchillaLossLaw) { self.law = law }

    /// Exponent a of N_opt ∝ C^a.
    public var parameterExponent: Double { law.beta / (law.alpha + law.beta) }
    /// Exponent b of D_opt ∝ C^b (a + b = 1).
    public var tokenExponent: Double { law.alpha / (law.alpha + law.beta) }
    /// ln G.
    public var logG: Double {
        (Double.log(law.alpha * law.A) - Double.log(law.beta * law.B)) / (law.alpha + law.beta)
    }

    /// (N_opt, D_opt) for training compute C (FLOPs, C = 6ND).
    public func optimum(compute C: Double) throws(ParameterError) -> (parameters: Double, tokens: Double) {
        try Validate.positive(C, "C")
        let logC6 = Double.log(C / 6)
        let n = Double.exp(logG + parameterExponent * logC6)
        let d = Double.exp(-logG + tokenExponent * logC6)
        return (n, d)
    }
}
