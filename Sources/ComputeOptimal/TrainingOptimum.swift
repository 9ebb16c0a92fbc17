import RealModule
import ScalingCore

/// The training-compute-optimal model of a loss law at a training budget C = 6 N D (no inference).
public struct TrainingOptimum: Sendable, Equatable {
    /// Training compute C in FLOPs (C = 6 N* D*).
    public let compute: Double
    /// Optimal parameters N*(C).
    public let parameters: Double
    /// Optimal training tokens D*(C).
    public let tokens: Double
    /// L(N*, D*) in nats per token.
    public let loss: Double
    /// Exponent a of N* ∝ C^a.
    public let parameterExponent: Double
    /// Exponent b of D* ∝ C^b (a + b = 1).
    public let tokenExponent: Double

    /// D*/N*, tokens per parameter.
    public var tokensPerParameter: Double { tokens / parameters }

    /// Refuses optima that over- or underflow Double (extreme constants or budgets) instead of returning
    /// inf, 0 or NaN silently.
    func checked() throws(ParameterError) -> TrainingOptimum {
        for (name, value) in [("N*", parameters), ("D*", tokens), ("loss", loss), ("compute", compute)]
        where !(value.isFinite && value > 0) {
            throw ParameterError(
                parameter: "optimum \(name)", value: value,
                validRange: "finite and > 0 (the constants and budget put the optimum outside Double's range)")
        }
        return self
    }
}

extension ChinchillaLossLaw {
    /// G = (αA / (βB))^{1/(α+β)} of Hoffmann et al. 2022, Eq. 4 (parameters per (FLOP/6)^a).
    public var frontierCoefficient: Double {
        Double.exp(Double.log(alpha * A / (beta * B)) / (alpha + beta))
    }

    /// a = β/(α+β): N*(C) ∝ C^a.
    public var parameterExponent: Double { beta / (alpha + beta) }
    /// b = α/(α+β): D*(C) ∝ C^b.
    public var tokenExponent: Double { alpha / (alpha + beta) }

    /// Closed-form efficient frontier (Hoffmann et al. 2022, Eq. 4): minimise L(N, D) subject to 6ND = C:
    /// N* = G (C/6)^a, D* = G⁻¹ (C/6)^b. Evaluated in log space.
    ///
    /// - Parameter compute: training FLOPs C > 0.
    /// - Throws: `ParameterError` for C not finite and > 0.
    public func computeOptimal(compute C: Double) throws(ParameterError) -> TrainingOptimum {
        try Validate.positive(C, "compute")
        let logG = Double.log(alpha * A / (beta * B)) / (alpha + beta)
        let logC6 = Double.log(C / 6)
        let N = Double.exp(logG + parameterExponent * logC6)
        let D = Double.exp(-logG + tokenExponent * logC6)
        return try TrainingOptimum(
            compute: C, parameters: N, tokens: D, loss: E + parameterTerm(N) + dataTerm(D),
            parameterExponent: parameterExponent, tokenExponent: tokenExponent
        ).checked()
    }

    /// The training-compute-optimal ("Chinchilla-style") model that reaches loss ℓ:
    /// N = [A (1 + α/β) / (ℓ − E)]^{1/α}, D = [B (1 + β/α) / (ℓ − E)]^{1/β}.
    ///
    /// - Throws: `ParameterError` unless E < ℓ < ∞.
    public func computeOptimal(loss ell: Double) throws(ParameterError) -> TrainingOptimum {
        try Validate.finite(ell, "loss")
        guard ell > E else {
            throw ParameterError(parameter: "loss", value: ell, validRange: "> the irreducible loss E = \(E)")
        }
        let gap = ell - E
        let N = Double.exp(Double.log(A * (1 + alpha / beta) / gap) / alpha)
        let D = Double.exp(Double.log(B * (1 + beta / alpha) / gap) / beta)
        return try TrainingOptimum(
            compute: 6 * N * D, parameters: N, tokens: D, loss: ell,
            parameterExponent: parameterExponent, tokenExponent: tokenExponent
        ).checked()
    }
}

extension KaplanLossLaw {
    /// N*(C) ∝ C^{α_D/(α_N+α_D)} for the joint law at 6ND = C. With Kaplan's Table-2 constants this is ≈ 0.575,
    /// not the 0.73 Kaplan report (that exponent comes from their early-stopping analysis L(N, S_min), not from
    /// minimising the joint law).
    public var parameterExponent: Double { alphaD / (alphaN + alphaD) }

    /// Closed-form minimum of the joint law subject to 6ND = C. With p = α_N/α_D, minimising
    /// (N_c/N)^p + 6 D_c N / C over N gives N^{p+1} = p N_c^p C / (6 D_c), D = C / (6N).
    ///
    /// - Throws: `ParameterError` for C not finite and > 0.
    public func computeOptimal(compute C: Double) throws(ParameterError) -> TrainingOptimum {
        try Validate.positive(C, "compute")
        let p = alphaN / alphaD
        let logN = (Double.log(p) + p * Double.log(Nc) + Double.log(C) - Double.log(6 * Dc)) / (p + 1)
        let N = Double.exp(logN)
        let D = C / (6 * N)
        return try TrainingOptimum(
            compute: C, parameters: N, tokens: D, loss: try loss(parameters: N, tokens: D),
            parameterExponent: parameterExponent, tokenExponent: 1 - parameterExponent
        ).checked()
    }
}

extension ChinchillaLossLaw {
    /// The training-compute-optimal model with N parameters: the budget C = 6 (N/G)^{1/a} at which N is optimal,
    /// and its D* = C / (6N).
    ///
    /// - Throws: `ParameterError` for N not finite and > 0.
    public func computeOptimal(parameters N: Double) throws(ParameterError) -> TrainingOptimum {
        try Validate.positive(N, "N")
        let logG = Double.log(alpha * A / (beta * B)) / (alpha + beta)
        let C = 6 * Double.exp((Double.log(N) - logG) / parameterExponent)
        let D = C / (6 * N)
        return try TrainingOptimum(
            compute: C, parameters: N, tokens: D, loss: E + parameterTerm(N) + dataTerm(D),
            parameterExponent: parameterExponent, tokenExponent: tokenExponent
        ).checked()
    }
}
