import GSL
import RealModule
import ScalingCore

/// Inference-compute-optimal model size for a single query with unbounded training data (DS3 notes §5.4):
/// at inference compute C_inf = 2 N Ω, choose N to maximise accuracy with Ω = C_inf / (2N) tokens.
/// Since Ω = C_inf/(2N), the exponents of N* and Ω* in C_inf sum to 1.
public struct SingleQueryOptimum: Sendable, Equatable {
    /// Inference compute C_inf (FLOPs).
    public let compute: Double
    /// N* (parameters).
    public let parameters: Double
    /// Ω* = C_inf / (2 N*) tokens.
    public let tokens: Double
    /// Accuracy at the optimum.
    public let accuracy: Double
    public let convergence: Convergence

    /// Maximises `model.accuracy(N, ∞, C/(2N))` over ln N ∈ [ln minimumParameters, ln(C/(2 Ω_min))] by a global
    /// grid scan (`gridPoints` points) polished with Brent (GSL). Accuracy curves of one task are unimodal in
    /// ln N but flat (0) far from the optimum; the grid finds the basin, Brent the optimum.
    ///
    /// - Parameters:
    ///   - compute: C_inf > 0.
    ///   - minimumTokens: smallest useful Ω (e.g. m ω, the tokens of one pass through the chain); bounds N above.
    ///   - minimumParameters: lower bound on N (default 1, as the authors' search).
    /// - Throws: `ParameterError` for bad input or an empty range; `GSLError` if Brent fails.
    public init(
        model: some AccuracyModel, compute C: Double, minimumTokens: Double, minimumParameters: Double = 1,
        gridPoints: Int = 256
    ) throws {
        try Validate.positive(C, "inference compute")
        try Validate.positive(minimumTokens, "minimum tokens")
        try Validate.positive(minimumParameters, "minimum parameters")
        let lower = Double.log(minimumParameters)
        let upper = Double.log(C / (2 * minimumTokens))
        guard upper > lower else {
            throw ParameterError.infeasible(
                "inference compute", C, feasibleRange: "> \(2 * minimumTokens * minimumParameters) FLOPs",
                constraint: "the smallest model (\(minimumParameters) parameters) needs 2·N·Ω = "
                    + "\(2 * minimumTokens * minimumParameters) FLOPs for the minimum \(minimumTokens) tokens")
        }
        func negativeAccuracy(_ x: Double) throws -> Double {
            let N = Double.exp(x)
            return -(try model.accuracy(parameters: N, trainingTokens: .infinity, tokensPerQuery: C / (2 * N)))
        }
        let minimum: (x: Double, value: Double, iterations: Int, width: Double)
        if model.isMonotone {
            // Over grid points a ≤ ln N ≤ b, N ≤ e^b and Ω ≤ C/(2 e^a): the accuracy there is at most the
            // accuracy at (e^b, C/(2 e^a)) (relative slack 1e-9 for rounding) and at most 1, so whole runs of the
            // grid far from the optimum are skipped; the optimum found is the exhaustive scan's (`BoundedGridSearch`).
            let m = try BoundedGridSearch.minimum(
                lower: lower, upper: upper, gridPoints: gridPoints, relativeTolerance: 1e-7, negativeAccuracy
            ) { a, b in
                let bound = try model.accuracy(
                    parameters: Double.exp(b), trainingTokens: .infinity, tokensPerQuery: C / (2 * Double.exp(a)))
                // The model's accuracy never exceeds 1 (`AccuracyModel`), so neither does the bound.
                return -min(1, bound + 1e-9 * bound)
            }
            minimum = (m.x, m.value, m.iterations, m.upper - m.lower)
        } else {
            let m = try Minimize1D.global(
                lower: lower, upper: upper, gridPoints: gridPoints, relativeTolerance: 1e-7, negativeAccuracy
            ).minimum
            minimum = (m.x, m.value, m.iterations, m.upper - m.lower)
        }
        let N = Double.exp(minimum.x)
        compute = C
        parameters = N
        tokens = C / (2 * N)
        accuracy = -minimum.value
        var warnings = model.warnings(accuracy: accuracy, tokensPerQuery: C / (2 * N))
        if let bound = searchBoundWarning(variable: "ln N", x: minimum.x, lower: lower, upper: upper) {
            warnings.append(bound)
        }
        convergence = Convergence(
            method: "grid + Minimize1D.brent on ln N", iterations: minimum.iterations, finalWidth: minimum.width,
            tolerance: 1e-7, warnings: warnings)
    }
}
