/// A pretraining loss law: the expected loss L(N, D) in nats per token of a model with N parameters trained on
/// D tokens.
///
/// Conforming forms: `ChinchillaLossLaw` (Hoffmann et al. 2022, additive), `KaplanLossLaw` (Kaplan et al.
/// 2020, joint form), `DataConstrainedLossLaw` (Muennighoff et al. 2023), or a user's own type. Note the
/// conventions differ: Chinchilla's N counts all parameters, Kaplan's excludes embeddings.
///
/// Every optimum solver takes `some LossLaw`. A law that reports a `chinchillaForm` is solved by the closed forms
/// of that form (bit for bit what the solvers give a `ChinchillaLossLaw`); any other law goes through the
/// numerical paths (`LawTrainingOptimum`, `InferenceAware.fixedLoss(law:…)` with `some LossLaw`, …), which need
/// only `loss`, `infiniteDataLoss`, `irreducibleLoss` and `isMonotone`.
public protocol LossLaw: Sendable {
    /// L(N, D) in nats per token. Throws `ParameterError` for N or D not finite and > 0.
    func loss(parameters N: Double, tokens D: Double) throws(ParameterError) -> Double
    /// The infinite-data limit L(N, ∞) in nats per token.
    func infiniteDataLoss(parameters N: Double) throws(ParameterError) -> Double
    /// L(∞, ∞), the floor no model of the law reaches (E for the Chinchilla form), in nats per token. The default
    /// evaluates L(N, ∞) at the largest finite N (≈ 1.8e308); a law whose size term has not vanished there
    /// should implement it.
    var irreducibleLoss: Double { get }
    /// True when L(N, D) decreases (weakly) in N and in D: the numerical solvers use it to bracket their roots,
    /// and the accuracy models to skip grid points. Default true.
    var isMonotone: Bool { get }
    /// The law as L = E + A/N^α + B/D^β when it has exactly that form (then the solvers use the closed forms),
    /// nil otherwise (the default: the numerical paths).
    var chinchillaForm: ChinchillaLossLaw? { get }
}

extension LossLaw {
    /// L(N, ∞) at N = `Double.greatestFiniteMagnitude` (0 if the law throws there).
    public var irreducibleLoss: Double {
        (try? infiniteDataLoss(parameters: .greatestFiniteMagnitude)) ?? 0
    }

    /// True: scaling laws fall with model size and data.
    public var isMonotone: Bool { true }

    /// nil: solved numerically.
    public var chinchillaForm: ChinchillaLossLaw? { nil }

    /// True when both laws give the same losses by construction: equal `chinchillaForm`s, or the same `Equatable`
    /// type with equal values. A user's law that is not `Equatable` (and has no `chinchillaForm`) is equal to no
    /// law, itself included.
    public func isEqual(to other: any LossLaw) -> Bool {
        if let mine = chinchillaForm, let theirs = other.chinchillaForm { return mine == theirs }
        guard chinchillaForm == nil, other.chinchillaForm == nil, let value = self as? any Equatable else {
            return false
        }
        return value.isEqual(toAny: other)
    }
}

extension Equatable {
    /// `self == other` when `other` has this type, else false.
    fileprivate func isEqual(toAny other: Any) -> Bool { (other as? Self) == self }
}
