import RealModule

/// Kaplan et al. 2020 joint loss law L(N, D) = [ (N_c/N)^{α_N/α_D} + D_c/D ]^{α_D} (nats per token), with N
/// **non-embedding** parameters and D training tokens.
///
/// Use the jointly fitted constants (`kaplan2020`: α_N 0.076, α_D 0.103, N_c 6.4e13, D_c 1.8e13, Kaplan Table 2);
/// the single-variable fits (α_D 0.095, D_c 5.4e13, N_c 8.8e13) belong to other laws and must not be mixed in.
public struct KaplanLossLaw: LossLaw, Sendable, Equatable, Hashable {
    /// N_c (non-embedding parameters) and α_N.
    public let Nc: Double
    public let alphaN: Double
    /// D_c (tokens) and α_D.
    public let Dc: Double
    public let alphaD: Double

    public init(Nc: Double, alphaN: Double, Dc: Double, alphaD: Double) throws(ParameterError) {
        self.Nc = try Validate.positive(Nc, "N_c")
        self.alphaN = try Validate.positive(alphaN, "alpha_N")
        self.Dc = try Validate.positive(Dc, "D_c")
        self.alphaD = try Validate.positive(alphaD, "alpha_D")
    }

    private init(published Nc: Double, alphaN: Double, Dc: Double, alphaD: Double) {
        self.Nc = Nc
        self.alphaN = alphaN
        self.Dc = Dc
        self.alphaD = alphaD
    }

    /// Kaplan et al. 2020, Table 2 joint fit: α_N = 0.076, α_D = 0.103, N_c = 6.4e13, D_c = 1.8e13.
    public static let kaplan2020 = KaplanLossLaw(published: 6.4e13, alphaN: 0.076, Dc: 1.8e13, alphaD: 0.103)

    /// L(N, D) in nats per token, evaluated in log space.
    public func loss(parameters N: Double, tokens D: Double) throws(ParameterError) -> Double {
        try Validate.positive(N, "N")
        try Validate.positive(D, "D")
        let inner = parameterTerm(N) + Dc / D
        return Double.exp(alphaD * Double.log(inner))
    }

    /// L(N, ∞) = (N_c/N)^{α_N}.
    public func infiniteDataLoss(parameters N: Double) throws(ParameterError) -> Double {
        try Validate.positive(N, "N")
        return Double.exp(alphaN * Double.log(Nc / N))
    }

    /// 0: Kaplan's law has no irreducible term (L → 0 as N, D → ∞).
    public var irreducibleLoss: Double { 0 }

    /// (N_c/N)^{α_N/α_D}, the model-size term inside the bracket.
    public func parameterTerm(_ N: Double) -> Double { Double.exp(alphaN / alphaD * Double.log(Nc / N)) }

    /// Kaplan's overfitting rule of thumb: training on at least D ≈ 5e3 · N^0.74 tokens keeps the overfitting
    /// penalty small (Kaplan et al. 2020, Sec. 4). Returns that token count for N non-embedding parameters.
    public static func overfittingThreshold(parameters N: Double) throws(ParameterError) -> Double {
        try Validate.positive(N, "N")
        return 5e3 * Double.exp(0.74 * Double.log(N))
    }
}

extension LossLaw where Self == KaplanLossLaw {
    /// Kaplan et al. 2020, Table 2 joint fit (`KaplanLossLaw.kaplan2020`), where any `LossLaw` is expected.
    public static var kaplan2020: KaplanLossLaw { KaplanLossLaw.kaplan2020 }
}
