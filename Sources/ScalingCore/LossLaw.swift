/// A pretraining loss law: the expected loss L(N, D) in nats per token of a model with N parameters trained on
/// D tokens.
///
/// Conforming forms: `ChinchillaLossLaw` (Hoffmann et al. 2022, additive) and `KaplanLossLaw` (Kaplan et al.
/// 2020, joint form). Note the conventions differ: Chinchilla's N counts all parameters, Kaplan's excludes
/// embeddings.
public protocol LossLaw: Sendable {
    /// L(N, D) in nats per token. Throws `ParameterError` for N or D not finite and > 0.
    func loss(parameters N: Double, tokens D: Double) throws(ParameterError) -> Double
    /// The infinite-data limit L(N, ∞) in nats per token.
    func infiniteDataLoss(parameters N: Double) throws(ParameterError) -> Double
}
