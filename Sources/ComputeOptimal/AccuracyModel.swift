/// Expected task accuracy of a model as a function of what the joint allocation chooses: N parameters, D
/// training tokens and Ω inference tokens per query. The joint solvers (`JointOptimum`, `SingleQueryOptimum`)
/// work with any conforming model; `BridgeAccuracyModel` is the DS3 empirical-bridge instance.
public protocol AccuracyModel: Sendable {
    /// Expected accuracy in [0, 1] of a model with N parameters trained on D tokens given Ω tokens per query.
    /// D = ∞ means unbounded training data (the infinite-data loss).
    func accuracy(parameters N: Double, trainingTokens D: Double, tokensPerQuery omega: Double) throws -> Double
}
