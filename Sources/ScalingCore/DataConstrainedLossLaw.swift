import RealModule

/// The data-constrained loss law of Muennighoff et al. 2023 ("Scaling Data-Constrained Language Models",
/// arXiv 2305.16264): a Chinchilla-form law L = E + A / N'^α + B / D'^β evaluated at an *effective* data D' and an
/// *effective* size N' that discount repeated tokens and excess parameters.
///
/// With U unique tokens and D training tokens (D/U epochs), U_D = min(U, D) and R_D = D/U_D − 1 repetitions:
///
///     D' = U_D + U_D R*_D (1 − e^(−R_D/R*_D))
///
/// With N_opt(U_D) = G (U_D G)^{β/α} the size that is compute-optimal for U_D tokens (G = (αA/(βB))^{1/(α+β)}, the
/// base law's frontier coefficient), U_N = min(N, N_opt(U_D)) and R_N = N/U_N − 1 excess parameters:
///
///     N' = U_N + U_N R*_N (1 − e^(−R_N/R*_N))
///
/// R*_D and R*_N are the repetition counts at which repeated data (excess parameters) keep 1 − 1/e of their value
/// lost; both are fitted. Published values (the authors' repository `huggingface/datablations`, README, section
/// "Parametric Fit", the fit of the paper on C4): R*_D = 15.387756, R*_N = 5.309743 (the paper rounds them to
/// 15.4 and 5.3), with the base law `ChinchillaLossLaw.muennighoff`. The definitions of U_D, U_N, R_D and R_N are
/// the ones of that README's `scaling_law(N, D, U)` (read, not copied); the law is evaluated here with
/// `expm1` (1 − e^(−x) = −expm1(−x)), which agrees with the README's printed losses to rounding (tested).
///
/// Limits: D ≤ U gives D' = D; N ≤ N_opt(U_D) gives N' = N; so wherever both hold the law equals its base law.
/// D' < U_D (1 + R*_D) and N' < U_N (1 + R*_N): repeated data and excess parameters saturate. D' ≤ D and N' ≤ N
/// everywhere (1 − e^(−x) ≤ x), so the law never lies below its base law. Note that with U = ∞ it is *not* the
/// base law everywhere: a model larger than N_opt(D) is still discounted (U_D = D); the optima of the training,
/// inference-aware and joint problems lie at N ≤ N_opt(D), where the two agree (`derivations/optimum-data-constrained.md`).
public struct DataConstrainedLossLaw: LossLaw, Sendable, Equatable, Hashable {
    /// The Chinchilla-form law evaluated at (N', D').
    public let base: ChinchillaLossLaw
    /// U, unique training tokens; +∞ for unlimited data.
    public let uniqueTokens: Double
    /// R*_D: the repetition scale of data (published 15.387756).
    public let dataRepetitionScale: Double
    /// R*_N: the repetition scale of excess parameters (published 5.309743).
    public let parameterRepetitionScale: Double

    /// R*_D of Muennighoff et al. 2023 (datablations README, "Parametric Fit").
    public static let publishedDataRepetitionScale = 15.387756
    /// R*_N of Muennighoff et al. 2023 (datablations README, "Parametric Fit").
    public static let publishedParameterRepetitionScale = 5.309743

    /// - Parameters:
    ///   - base: the Chinchilla-form law (E, A, B, α, β).
    ///   - uniqueTokens: U > 0 (+∞ allowed: unlimited unique data).
    ///   - dataRepetitionScale: R*_D > 0, finite.
    ///   - parameterRepetitionScale: R*_N > 0, finite.
    /// - Throws: `ParameterError` for a value outside its range.
    public init(
        base: ChinchillaLossLaw, uniqueTokens: Double,
        dataRepetitionScale: Double = DataConstrainedLossLaw.publishedDataRepetitionScale,
        parameterRepetitionScale: Double = DataConstrainedLossLaw.publishedParameterRepetitionScale
    ) throws(ParameterError) {
        guard uniqueTokens > 0, !uniqueTokens.isNaN else {
            throw ParameterError(
                parameter: "unique tokens U", value: uniqueTokens, validRange: "> 0 (+∞ for unlimited data)")
        }
        self.base = base
        self.uniqueTokens = uniqueTokens
        self.dataRepetitionScale = try Validate.positive(dataRepetitionScale, "R*_D")
        self.parameterRepetitionScale = try Validate.positive(parameterRepetitionScale, "R*_N")
    }

    /// Muennighoff et al. 2023 as published: base law `ChinchillaLossLaw.muennighoff`, R*_D = 15.387756,
    /// R*_N = 5.309743, with U unique tokens.
    public static func muennighoff(uniqueTokens U: Double) throws(ParameterError) -> DataConstrainedLossLaw {
        try DataConstrainedLossLaw(base: .muennighoff, uniqueTokens: U)
    }

    /// N_opt(D) = G (D G)^{β/α}: the size that the base law's training frontier pairs with D tokens (parameters),
    /// in log space. +∞ for D = +∞.
    public func optimalParameters(tokens D: Double) -> Double {
        let logG = Double.log(base.alpha * base.A / (base.beta * base.B)) / (base.alpha + base.beta)
        return Double.exp(logG + (base.beta / base.alpha) * (Double.log(D) + logG))
    }

    /// D' = U_D (1 − R*_D expm1(−R_D/R*_D)) with U_D = min(U, D), R_D = D/U_D − 1 (tokens). D must be > 0.
    public func effectiveTokens(_ D: Double) -> Double {
        guard D > uniqueTokens else { return D }
        let repetitions = D / uniqueTokens - 1
        return uniqueTokens * (1 - dataRepetitionScale * Double.expMinusOne(-repetitions / dataRepetitionScale))
    }

    /// N' = U_N (1 − R*_N expm1(−R_N/R*_N)) with U_N = min(N, N_opt(U_D)), R_N = N/U_N − 1 (parameters). N and D
    /// must be > 0; D = +∞ means U_D = U.
    public func effectiveParameters(_ N: Double, tokens D: Double) -> Double {
        let basis = optimalParameters(tokens: min(uniqueTokens, D))
        guard N > basis else { return N }
        let excess = N / basis - 1
        return basis * (1 - parameterRepetitionScale * Double.expMinusOne(-excess / parameterRepetitionScale))
    }

    /// True when (N, D) lies where the law equals its base law: D ≤ U and N ≤ N_opt(D) (to relative 1e-9: an excess
    /// R_N ≤ 1e-9 changes N' by R_N²/(2R*_N) < 1e-18 relative, below rounding).
    public func agreesWithBase(parameters N: Double, tokens D: Double) -> Bool {
        D <= uniqueTokens && N <= optimalParameters(tokens: D) * (1 + 1e-9)
    }

    /// L(N, D; U) = E + A N'^−α + B D'^−β in nats per token.
    public func loss(parameters N: Double, tokens D: Double) throws(ParameterError) -> Double {
        try Validate.positive(N, "N")
        try Validate.positive(D, "D")
        return base.E + base.parameterTerm(effectiveParameters(N, tokens: D)) + base.dataTerm(effectiveTokens(D))
    }

    /// L(N, ∞; U): infinitely many epochs of U tokens, D' → U(1 + R*_D) and U_N = min(N, N_opt(U)); the base law's
    /// L(N, ∞) when U = ∞.
    public func infiniteDataLoss(parameters N: Double) throws(ParameterError) -> Double {
        try Validate.positive(N, "N")
        guard uniqueTokens.isFinite else { return try base.infiniteDataLoss(parameters: N) }
        return base.E + base.parameterTerm(effectiveParameters(N, tokens: .infinity))
            + base.dataTerm(uniqueTokens * (1 + dataRepetitionScale))
    }

    /// L(∞, ∞; U) = E + A (N_opt(U)(1 + R*_N))^−α + B (U(1 + R*_D))^−β, the infimum of the loss with U unique tokens
    /// (repeated data and excess parameters saturate; not reached); E for U = ∞ (nats per token).
    public var irreducibleLoss: Double {
        base.E + base.parameterTerm(optimalParameters(tokens: uniqueTokens) * (1 + parameterRepetitionScale))
            + base.dataTerm(uniqueTokens * (1 + dataRepetitionScale))
    }
}
