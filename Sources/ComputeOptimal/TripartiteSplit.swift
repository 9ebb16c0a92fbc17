import DS3
import GSL
import RealModule
import ScalingCore

/// Optimal split of a lifetime budget between training and inference in the tripartite version of DS3 (notes
/// §4.3): maximise E[acc](C_tr, C_inf) subject to C_tr + I · C_inf = C_total, with the model of `DS3.TripartiteLink`
/// (Chinchilla-style training N = √(C_tr/(6κ)), chain-of-thought at the best skill level, C_inf allocated per task).
///
/// The accuracy is a staircase in C_tr (skill levels are learned in discrete steps), so the search over the
/// training share u = C_tr/C_total is a global scan in logit u polished by Brent (`Minimize1D.global`), not a
/// gradient method.
public struct TripartiteSplit: Sendable, Equatable {
    public let compute: Double
    public let queries: Double
    /// Training compute C_tr (FLOPs).
    public let trainingCompute: Double
    /// Inference compute allocated per task C_inf = (C_total − C_tr)/I (FLOPs).
    public let inferenceCompute: Double
    /// Expected inference compute actually used per task (FLOPs).
    public let inferenceComputeUsed: Double
    public let accuracy: Double
    public let convergence: Convergence

    /// - Parameters:
    ///   - compute: C_total > 0; queries: I > 0.
    ///   - shareLogitRange: range of logit(C_tr/C_total) searched.
    ///   - gridPoints: scan points before Brent.
    public init(
        link: TripartiteLink, compute C: Double, queries I: Double,
        shareLogitRange: ClosedRange<Double> = -12...12, gridPoints: Int = 32
    ) throws {
        try Validate.positive(C, "compute")
        try Validate.positive(I, "queries")
        func split(_ x: Double) -> (train: Double, perTask: Double) {
            let share = 1 / (1 + Double.exp(-x))
            let rest = 1 / (1 + Double.exp(x))
            return (share * C, rest * C / I)
        }
        func objective(_ x: Double) throws -> Double {
            let s = split(x)
            return -(try link.population(trainingCompute: s.train, inferenceCompute: s.perTask).accuracy)
        }
        let result = try Minimize1D.global(
            lower: shareLogitRange.lowerBound, upper: shareLogitRange.upperBound, gridPoints: gridPoints,
            relativeTolerance: 1e-6, objective)
        let s = split(result.minimum.x)
        let outcome = try link.population(trainingCompute: s.train, inferenceCompute: s.perTask)
        compute = C
        queries = I
        trainingCompute = s.train
        inferenceCompute = s.perTask
        inferenceComputeUsed = outcome.computeUsed
        accuracy = outcome.accuracy
        convergence = Convergence(
            method: "grid + Minimize1D.brent on logit(C_tr/C_total)", iterations: result.minimum.iterations,
            finalWidth: result.minimum.upper - result.minimum.lower)
    }
}
