import GSL
import RealModule
import ScalingCore

/// The training-compute-optimal model of any loss law, by a numerical search: the entry every solver that takes
/// `some LossLaw` uses, and the one a user's own law goes through.
public struct LawTrainingOptimum: Sendable, Equatable {
    /// The optimum: N*, D* = C/(6N*), L(N*, D*); the exponents are local slopes d ln N*/d ln C, d ln D*/d ln C.
    public let optimum: TrainingOptimum
    /// How it was found (grid + Brent on ln N, then a root of the first-order condition).
    public let convergence: Convergence

    /// Minimises L(N, C/(6N)) over ln N ∈ [0, ln(C/6)] (N ≥ 1 parameter, D ≥ 1 token): a 64-point scan and Brent
    /// (GSL) locate the minimum to ~1e-7 in ln N (a value-only search on a flat minimum stops at √ε), then Brent's
    /// root finder (GSL) solves the first-order condition dL/d ln N = 0 along the budget, the derivative by a
    /// fourth-order central difference (step 1e-3 in ln N: truncation ~1e-12, rounding ~1e-13 relative), which
    /// puts N* within ~1e-10 relative of the exact optimum for smooth laws (Chinchilla's closed form: tested).
    /// The exponents are the slopes of ln N* and ln D* between C e^{±0.05}.
    ///
    /// - Throws: `ParameterError` for C not finite or below 6 FLOPs, or an optimum on the edge of the box
    ///   (N* = 1 or D* = 1: the law has no interior optimum at this budget); `GSLError` if a solver fails.
    public init(law: some LossLaw, compute C: Double) throws {
        let (x, iterations) = try Self.logParameters(law: law, compute: C)
        let h = 0.05
        let (xUp, _) = try Self.logParameters(law: law, compute: C * Double.exp(h))
        let (xDown, _) = try Self.logParameters(law: law, compute: C * Double.exp(-h))
        let a = (xUp - xDown) / (2 * h)
        let N = Double.exp(x)
        let D = C / (6 * N)
        optimum = try TrainingOptimum(
            compute: C, parameters: N, tokens: D, loss: try law.loss(parameters: N, tokens: D), parameterExponent: a,
            tokenExponent: 1 - a
        ).checked()
        convergence = Convergence(
            method: "grid + Minimize1D.brent on ln N, then Roots.brent on dL/d ln N", iterations: iterations,
            finalWidth: 0, tolerance: 1e-13)
    }

    /// ln N* at budget C and the iterations of the root finder.
    static func logParameters(law: some LossLaw, compute C: Double) throws -> (Double, Int) {
        try Validate.inRange(C, "compute", 6, .greatestFiniteMagnitude)
        let upper = Double.log(C / 6)
        let line = try BudgetLineMinimum(upper: upper) { x in
            let N = Double.exp(x)
            return try law.loss(parameters: N, tokens: C / (6 * N))
        }
        guard line.isInterior else {
            throw ParameterError.infeasible(
                "compute", C, feasibleRange: "a budget whose optimum has N* > 1 and D* > 1",
                constraint: "the loss law's optimum at this budget is on the edge N = 1 or D = 1 (ln N* = \(line.x))")
        }
        return (line.x, line.iterations)
    }
}

extension LossLaw {
    /// The training-compute-optimal (N*, D*) at C = 6ND FLOPs, found numerically (`LawTrainingOptimum`); for
    /// `ChinchillaLossLaw` the closed form `computeOptimal(compute:)` gives the same to ~1e-10 relative.
    public func numericalOptimum(compute C: Double) throws -> TrainingOptimum {
        try LawTrainingOptimum(law: self, compute: C).optimum
    }
}
