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

    /// Tokens ω of one reasoning step, when the model has steps: an inference budget below it completes no step
    /// (`OptimumWarning.belowOneStep`). Default: nil.
    var stepTokens: Double? { get }

    /// Expected latency of one query in sequentially generated tokens (the DS3 cost model's latency,
    /// `ComputeUsage.latencyTokens`): tokens that parallel chains or branches generate side by side count once.
    /// Default: Ω, every token generated in sequence (the most a single chain with Ω tokens can take).
    func latency(parameters N: Double, trainingTokens D: Double, tokensPerQuery omega: Double) throws -> Double
}

extension AccuracyModel {
    public var isMonotone: Bool { false }
    public var stepTokens: Double? { nil }
    public func latency(parameters N: Double, trainingTokens D: Double, tokensPerQuery omega: Double) throws -> Double {
        omega
    }
}

extension AccuracyModel {
    /// The warnings an accuracy optimum carries whatever the solver: a saturated accuracy (within 1e-9 of its
    /// ceiling 1) and an inference budget per query below one step.
    func warnings(accuracy: Double, tokensPerQuery omega: Double) -> [OptimumWarning] {
        var warnings: [OptimumWarning] = []
        if accuracy >= 1 - 1e-9 {
            warnings.append(.saturated(objective: "accuracy", value: accuracy, ceiling: 1, leastCompute: nil))
        }
        if let step = stepTokens, omega < step {
            warnings.append(.belowOneStep(tokensPerQuery: omega, tokensPerStep: step))
        }
        return warnings
    }
}

/// A bound of a 1-D search interval the solution sits on (within 1e-9 of the interval's width), if any.
func searchBoundWarning(variable: String, x: Double, lower: Double, upper: Double) -> OptimumWarning? {
    let slack = 1e-9 * (upper - lower)
    if x - lower <= slack { return .onSearchBound(variable: variable, value: x, bound: lower) }
    if upper - x <= slack { return .onSearchBound(variable: variable, value: x, bound: upper) }
    return nil
}
