import GSL
import RealModule
import ScalingCore

/// The inference-aware optima (Sardana et al. 2024) of any loss law. A law with a `chinchillaForm` is solved by the
/// closed forms of `InferenceAware` (the same bits as passing the `ChinchillaLossLaw` itself); any other law (Kaplan,
/// a user's) numerically, on the budget line, by `BudgetLineMinimum` (grid + GSL Brent, then a root of the
/// first-order condition), the result's `convergence` saying how.
extension InferenceAware {
    /// Fixed lifetime budget C (FLOPs): minimise L(N, D) subject to 6ND + 2NT = C, for any loss law.
    ///
    /// Numerical path: with u = ln D ∈ [0, ln((C − 2T)/6)] (D ≥ 1 token, N = C/(6D + 2T) ≥ 1 parameter), the
    /// minimum of L(C/(6e^u + 2T), e^u), to ~1e-10 relative in N and D for a smooth law.
    ///
    /// - Parameters:
    ///   - law: the loss law L(N, D) (nats/token).
    ///   - compute: lifetime FLOPs C (training 6ND + inference 2NT).
    ///   - inferenceTokens: lifetime inference tokens T ≥ 0.
    /// - Throws: `ParameterError` for bad input, and `ParameterError.infeasible` naming `compute` when the optimum
    ///   lies on the edge N = 1 or D = 1 (with the least budget whose optimum is interior) or when a GSL solver does
    ///   not converge (with its report); naming `law` when the law returns a loss that is not finite.
    public static func fixedBudget(law: some LossLaw, compute C: Double, inferenceTokens T: Double) throws
        -> LifetimeModel
    {
        if let chinchilla = law.chinchillaForm {
            return try fixedBudget(law: chinchilla, compute: C, inferenceTokens: T)
        }
        try requireBudget(compute: C, inferenceTokens: T)
        let (model, interior) = try naming("compute", C) {
            try numericalBudget(law: law, compute: C, inferenceTokens: T)
        }
        guard interior else {
            // The optimum grows with C: the edge is the least budget whose optimum is interior.
            let edge = FeasibleLimit.edge(from: C, factor: 2) { c in
                (try? numericalBudget(law: law, compute: c, inferenceTokens: T).interior) ?? false
            }
            throw ParameterError.infeasible(
                "compute", C, feasibleRange: edge.map { "≥ \($0) FLOPs" } ?? "larger",
                constraint: "the optimum needs N ≥ 1 parameter and D ≥ 1 training token: at this budget it lies on "
                    + "the edge, N = \(model.parameters), D = \(model.tokens)")
        }
        return model
    }

    /// The minimum of the loss on the budget line 6ND + 2NT = C (C ≥ 6 + 2T) and whether it is interior.
    static func numericalBudget(law: some LossLaw, compute C: Double, inferenceTokens T: Double) throws
        -> (model: LifetimeModel, interior: Bool)
    {
        func parameters(_ u: Double) -> Double { C / (6 * Double.exp(u) + 2 * T) }
        let upper = Double.log((C - 2 * T) / 6)
        guard upper > 0 else {
            // C = 6 + 2T (to rounding): D = 1 is the only allocation, on the edge.
            let model = LifetimeModel(
                parameters: parameters(0), tokens: 1, inferenceTokens: T,
                loss: try finiteLoss(law, parameters: parameters(0), tokens: 1), convergence: .closedForm)
            return (model, false)
        }
        let line = try BudgetLineMinimum(upper: upper) { u in
            try finiteLoss(law, parameters: parameters(u), tokens: Double.exp(u))
        }
        let model = LifetimeModel(
            parameters: parameters(line.x), tokens: Double.exp(line.x), inferenceTokens: T, loss: line.value,
            convergence: Convergence(
                method: "grid + Minimize1D.brent on ln D, then Roots.brent on dL/d ln D", iterations: line.iterations,
                finalWidth: 0, tolerance: 1e-13))
        return (model, line.isInterior)
    }

    /// Fixed target loss ℓ: minimise 6ND + 2NT subject to L(N, D) = ℓ, for any loss law.
    ///
    /// Numerical path (for a law with `isMonotone`): the least loss at a lifetime budget, L*(C) (`fixedBudget`'s
    /// minimum), decreases in C, and the fixed-loss optimum is the fixed-budget optimum at the C* with
    /// L*(C*) = ℓ (the two problems are dual). C* is bracketed by doubling steps (×e²) from C = 6 + 2T and found by
    /// Brent's root finder (GSL) on ln C to 1e-12; N and D are those of the budget optimum at C*.
    ///
    /// - Parameters:
    ///   - law: the loss law L(N, D) (nats/token); must be monotone (`isMonotone`).
    ///   - loss: target loss ℓ (nats/token) above the law's `irreducibleLoss`.
    ///   - inferenceTokens: lifetime inference tokens T ≥ 0.
    /// - Throws: `ParameterError` for bad input or a law that is not monotone (naming `law`);
    ///   `ParameterError.infeasible` naming `loss` for ℓ at or below the irreducible loss, for a loss no budget up
    ///   to 1e300 FLOPs reaches, for an optimum on the edge N = 1 or D = 1, and (not infeasible, with GSL's report)
    ///   when a solver does not converge; naming `law` for a loss that is not finite.
    public static func fixedLoss(law: some LossLaw, loss ell: Double, inferenceTokens T: Double) throws
        -> LifetimeModel
    {
        if let chinchilla = law.chinchillaForm {
            return try fixedLoss(law: chinchilla, loss: ell, inferenceTokens: T)
        }
        try Validate.finite(ell, "loss")
        try Validate.nonNegative(T, "inference tokens")
        guard law.isMonotone else {
            throw ParameterError(
                parameter: "law", value: "\(type(of: law))",
                validRange: "a law whose loss decreases in N and D (isMonotone), for the fixed-loss optimum")
        }
        let floor = law.irreducibleLoss
        guard ell > floor else {
            throw ParameterError.infeasible(
                "loss", ell, feasibleRange: "> \(floor)", constraint: "no model reaches the irreducible loss \(floor)")
        }
        return try naming("loss", ell) { try numericalLoss(law: law, loss: ell, inferenceTokens: T) }
    }

    /// The numerical fixed-loss optimum (see `fixedLoss(law:loss:inferenceTokens:)`), for ℓ above the floor.
    static func numericalLoss(law: some LossLaw, loss ell: Double, inferenceTokens T: Double) throws
        -> LifetimeModel
    {
        let lowest = Double.log(6 + 2 * T)
        func gap(_ logC: Double) throws -> Double {
            try numericalBudget(law: law, compute: Double.exp(logC), inferenceTokens: T).model.loss - ell
        }
        guard try gap(lowest) > 0 else {
            throw ParameterError.infeasible(
                "loss", ell, feasibleRange: "< \(try gap(lowest) + ell)",
                constraint: "one parameter trained on one token already reaches it (N = D = 1)")
        }
        var upper = lowest
        while try gap(upper) > 0 {
            guard upper < Double.log(1e300) else {
                throw ParameterError.infeasible(
                    "loss", ell, feasibleRange: "> \(try gap(upper) + ell)",
                    constraint: "no lifetime budget up to 1e300 FLOPs reaches it")
            }
            upper = min(upper + 2, Double.log(1e300))
        }
        let root = try Roots.brent(
            lower: max(lowest, upper - 2), upper: upper, absoluteTolerance: 1e-12, relativeTolerance: 0,
            maxIterations: 500, gap)
        let (model, interior) = try numericalBudget(law: law, compute: Double.exp(root.root), inferenceTokens: T)
        guard interior else {
            throw ParameterError.infeasible(
                "loss", ell, feasibleRange: "smaller",
                constraint: "the optimum needs N ≥ 1 parameter and D ≥ 1 training token: it lies on the edge, "
                    + "N = \(model.parameters), D = \(model.tokens)")
        }
        return LifetimeModel(
            parameters: model.parameters, tokens: model.tokens, inferenceTokens: T, loss: model.loss,
            convergence: Convergence(
                method: "Roots.brent on ln C of the budget optimum's loss (grid + Brent on ln D)",
                iterations: root.iterations, finalWidth: root.upper - root.lower, tolerance: 1e-12))
    }

    /// The training-compute-optimal model of loss ℓ (ignoring inference), charged with the inference demand T: the
    /// baseline that `fixedLoss` improves on, for any loss law (numerically: `fixedLoss` with T = 0).
    public static func chinchillaStyle(law: some LossLaw, loss ell: Double, inferenceTokens T: Double) throws
        -> LifetimeModel
    {
        if let chinchilla = law.chinchillaForm {
            return try chinchillaStyle(law: chinchilla, loss: ell, inferenceTokens: T)
        }
        try Validate.nonNegative(T, "inference tokens")
        let model = try fixedLoss(law: law, loss: ell, inferenceTokens: 0)
        return LifetimeModel(
            parameters: model.parameters, tokens: model.tokens, inferenceTokens: T, loss: ell,
            convergence: model.convergence)
    }
}

extension InferenceAware {
    /// L(N, D) of a law, refusing a value that is not finite (a user's law evaluated outside its domain), naming
    /// `law`.
    static func finiteLoss(_ law: some LossLaw, parameters N: Double, tokens D: Double) throws -> Double {
        let L = try law.loss(parameters: N, tokens: D)
        guard L.isFinite else {
            throw ParameterError(
                parameter: "law", value: "L(N = \(N), D = \(D)) = \(L)", validRange: "a finite loss for N, D ≥ 1")
        }
        return L
    }

    /// Runs a numerical solve of the problem posed by `parameter` = `value`; a solver failure (GSL's or the
    /// package's: no convergence, no bracket) becomes a `ParameterError` naming that parameter, with the report.
    static func naming<T>(_ parameter: String, _ value: Double, _ solve: () throws -> T) throws -> T {
        do {
            return try solve()
        } catch let error as GSLError {
            throw failure(parameter, value, error)
        } catch let error as SolverError {
            throw failure(parameter, value, error)
        }
    }

    private static func failure(_ parameter: String, _ value: Double, _ report: any Error) -> ParameterError {
        ParameterError(
            parameter: parameter, value: value,
            validRange: "a value for which the numerical optimum converges (\(report))")
    }
}
