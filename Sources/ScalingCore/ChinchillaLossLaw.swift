import RealModule

/// A loss law of the Chinchilla form L(N, D) = E + A / N^α + B / D^β (nats per token), with N parameters and
/// D training tokens.
public struct ChinchillaLossLaw: LossLaw, Sendable, Equatable, Hashable {
    /// Irreducible loss E (nats/token).
    public let E: Double
    /// Model-size coefficient A and exponent α.
    public let A: Double
    public let alpha: Double
    /// Data coefficient B and exponent β.
    public let B: Double
    public let beta: Double

    public init(E: Double, A: Double, B: Double, alpha: Double, beta: Double) throws(ParameterError) {
        self.E = try Validate.nonNegative(E, "E")
        self.A = try Validate.positive(A, "A")
        self.B = try Validate.positive(B, "B")
        self.alpha = try Validate.positive(alpha, "alpha")
        self.beta = try Validate.positive(beta, "beta")
    }

    /// Memberwise initialiser for the library's own published constant sets (already known to be valid).
    init(published E: Double, A: Double, B: Double, alpha: Double, beta: Double) {
        self.E = E
        self.A = A
        self.B = B
        self.alpha = alpha
        self.beta = beta
    }

    /// L(N, D) in nats per token.
    public func loss(parameters N: Double, tokens D: Double) throws(ParameterError) -> Double {
        try Validate.positive(N, "N")
        try Validate.positive(D, "D")
        return E + parameterTerm(N) + dataTerm(D)
    }

    /// L(N, ∞) = E + A N^−α, the infinite-data limit (nats per token).
    public func infiniteDataLoss(parameters N: Double) throws(ParameterError) -> Double {
        try Validate.positive(N, "N")
        return E + parameterTerm(N)
    }

    /// The model-size term A N^−α (nats per token), evaluated in log space. N must be > 0.
    public func parameterTerm(_ N: Double) -> Double { A * Double.exp(-alpha * Double.log(N)) }

    /// The data term B D^−β (nats per token), evaluated in log space. D must be > 0.
    public func dataTerm(_ D: Double) -> Double { B * Double.exp(-beta * Double.log(D)) }

    /// E, the irreducible loss (nats/token).
    public var irreducibleLoss: Double { E }

    /// The law itself: the solvers use the closed forms of the Chinchilla form.
    public var chinchillaForm: ChinchillaLossLaw? { self }
}
