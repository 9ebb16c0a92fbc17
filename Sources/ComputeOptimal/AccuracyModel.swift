/// Expected task accuracy of a model as a function of what the joint allocation chooses: N parameters, D
/// training tokens and Ω inference tokens per query. The joint solvers (`JointOptimum`, `SingleQueryOptimum`)
/// work with any conforming model; `BridgeAccuracyModel` is the DS3 empirical-bridge instance.
public protocol AccuracyModel: Sendable {
    /// Expected accuracy in [0, 1] of a model with N parameters trained on D tokens given Ω tokens per query
    /// (never above 1, also after rounding: the solvers' bounds rely on it). D = ∞ means unbounded training data
    /// (the infinite-data loss).
    func accuracy(parameters N: Double, trainingTokens D: Double, tokensPerQuery omega: Double) throws -> Double

    /// True when the accuracy is non-decreasing in each of N, D and Ω separately (up to rounding, relative 1e-12).
    /// The grid scans of the solvers then bound the accuracy over a run of allocations by one evaluation at the
    /// run's most favourable corner (largest N and D, largest Ω) and skip runs that cannot hold the optimum; the
    /// result is the same as the exhaustive scan. Default: false (every grid point is evaluated).
    var isMonotone: Bool { get }
}

extension AccuracyModel {
    public var isMonotone: Bool { false }
}
