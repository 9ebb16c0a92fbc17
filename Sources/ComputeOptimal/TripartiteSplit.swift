import DS3
import GSL
import RealModule
import ScalingCore

/// Optimal split of a lifetime budget between training and inference in the tripartite version of DS3 (notes
/// §4.3): maximise E[acc](C_tr, C_inf) subject to C_tr + I · C_inf = C_total, with the model of `DS3.TripartiteLink`
/// (Chinchilla-style training N = √(C_tr/(6κ)), chain-of-thought at the best skill level, C_inf allocated per task).
///
/// Skill levels are learned in discrete steps, so the accuracy is a staircase in C_tr. In `.published` mode the
/// optimum is exact: the competence is constant between the thresholds of `TripartiteLink.competenceThresholds()`,
/// and between two thresholds more training compute only makes the model larger and leaves less inference compute,
/// so fewer tokens K = C_inf/(2Nω) per task and an accuracy that cannot rise (I_r(m, K − m + 1) is non-decreasing
/// in K at every level). The supremum over each piece is at its left end, so the optimum is the best threshold below
/// C_total (ties: the smallest training share). In `.theory` mode (P̄ varies continuously with C_tr and budgets are
/// whole steps) the search over the training share u = C_tr/C_total is a global scan in logit u polished by Brent
/// (`Minimize1D.global`), which finds the best scanned step, not necessarily the best step.
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
    ///   - gridPoints: scan points before Brent (`.theory` mode only).
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
        compute = C
        queries = I
        if link.mode == .published {
            // Candidates: the left end of the search range and every threshold inside it.
            let low = split(shareLogitRange.lowerBound).train
            let high = split(shareLogitRange.upperBound).train
            let candidates = [low] + link.competenceThresholds().filter { $0 > low && $0 <= high && $0 < C }
            var train = low
            var outcome = try link.population(trainingCompute: low, inferenceCompute: (C - low) / I)
            for candidate in candidates.dropFirst() {
                let o = try link.population(trainingCompute: candidate, inferenceCompute: (C - candidate) / I)
                if o.accuracy > outcome.accuracy { (train, outcome) = (candidate, o) }
            }
            trainingCompute = train
            inferenceCompute = (C - train) / I
            inferenceComputeUsed = outcome.computeUsed
            accuracy = outcome.accuracy
            convergence = Convergence(
                method: "exact: best competence threshold (published mode)", iterations: candidates.count,
                finalWidth: 0)
            return
        }
        let result = try Minimize1D.global(
            lower: shareLogitRange.lowerBound, upper: shareLogitRange.upperBound, gridPoints: gridPoints,
            relativeTolerance: 1e-6, objective)
        let s = split(result.minimum.x)
        let outcome = try link.population(trainingCompute: s.train, inferenceCompute: s.perTask)
        trainingCompute = s.train
        inferenceCompute = s.perTask
        inferenceComputeUsed = outcome.computeUsed
        accuracy = outcome.accuracy
        convergence = Convergence(
            method: "grid + Minimize1D.brent on logit(C_tr/C_total)", iterations: result.minimum.iterations,
            finalWidth: result.minimum.upper - result.minimum.lower)
    }
}
