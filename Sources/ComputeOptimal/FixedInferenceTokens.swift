import RealModule
import ScalingCore

/// Total-compute-optimal training with a fixed number of inference tokens (DS3 notes §5.6), closed form for the
/// symmetric law L = a N^−1/3 + b D^−1/3 with (b/a)³ = κ (κ = 20 gives Chinchilla's 20 tokens per parameter at
/// T = 0) and C = 6 N D_tr + 2 N D_inf.
public struct FixedInferenceTokensOptimum: Sendable, Equatable {
    /// Total compute C (FLOPs).
    public let compute: Double
    /// Fixed lifetime inference tokens D_inf.
    public let inferenceTokens: Double
    /// Optimal training tokens D_tr.
    public let trainingTokens: Double
    /// Optimal parameters N = C / (6 D_tr + 2 D_inf).
    public let parameters: Double

    /// D_tr = (1/6) √((3/2) κ C + 12 D_inf √(κC/6)) + (1/2) √(κC/6), N = C / (6 D_tr + 2 D_inf).
    ///
    /// - Parameters:
    ///   - compute: total FLOPs C > 0.
    ///   - inferenceTokens: D_inf ≥ 0.
    ///   - kappa: tokens per parameter of the training-only optimum, κ > 0 (default 20).
    public init(compute C: Double, inferenceTokens Dinf: Double, kappa: Double = 20) throws(ParameterError) {
        try Validate.positive(C, "compute")
        try Validate.nonNegative(Dinf, "inference tokens")
        try Validate.positive(kappa, "kappa")
        // One parameter serving D_inf tokens costs 2·D_inf (plus 6 to train it on one token).
        guard C >= 6 + 2 * Dinf else {
            throw .infeasible(
                "compute", C, feasibleRange: "≥ \(6 + 2 * Dinf) FLOPs",
                constraint: "the inference demand 2·N·D_inf = \(2 * Dinf) FLOPs at N = 1 exceeds the budget")
        }
        let root = (kappa * C / 6).squareRoot()
        let Dtr = (1.5 * kappa * C + 12 * Dinf * root).squareRoot() / 6 + root / 2
        let N = C / (6 * Dtr + 2 * Dinf)
        guard N >= 1, Dtr >= 1 else {
            // N grows with C: the least budget with N ≥ 1 and D_tr ≥ 1.
            let least = FeasibleLimit.edge(from: C, factor: 2) { c in
                let r = (kappa * c / 6).squareRoot()
                let d = (1.5 * kappa * c + 12 * Dinf * r).squareRoot() / 6 + r / 2
                return d >= 1 && c / (6 * d + 2 * Dinf) >= 1
            }
            throw .infeasible(
                "compute", C, feasibleRange: least.map { "≥ \($0) FLOPs" } ?? "larger",
                constraint: "the optimum needs N ≥ 1 parameter and D ≥ 1 training token, here N = \(N), D = \(Dtr)")
        }
        compute = C
        inferenceTokens = Dinf
        trainingTokens = Dtr
        parameters = N
    }

    /// Large-C asymptote of D_tr: √(κC/6).
    public static func trainingTokensAsymptote(compute C: Double, kappa: Double = 20) -> Double {
        (kappa * C / 6).squareRoot()
    }

    /// Large-C asymptote of N: √(C/(6κ)).
    public static func parametersAsymptote(compute C: Double, kappa: Double = 20) -> Double {
        (C / (6 * kappa)).squareRoot()
    }
}
