import GSL
import RealModule
import ScalingCore

/// A model (N, D) together with its lifetime inference demand T and the FLOPs it costs: training 6ND,
/// inference 2NT (Sardana et al. 2024).
public struct LifetimeModel: Sendable, Equatable {
    /// Parameters N.
    public let parameters: Double
    /// Training tokens D.
    public let tokens: Double
    /// Lifetime inference tokens T (input + output, all requests).
    public let inferenceTokens: Double
    /// L(N, D) in nats per token.
    public let loss: Double
    /// How (N, D) was obtained.
    public let convergence: Convergence

    public init(parameters: Double, tokens: Double, inferenceTokens: Double, loss: Double, convergence: Convergence) {
        self.parameters = parameters
        self.tokens = tokens
        self.inferenceTokens = inferenceTokens
        self.loss = loss
        self.convergence = convergence
    }

    /// 6 N D.
    public var trainingFLOPs: Double { 6 * parameters * tokens }
    /// 2 N T.
    public var inferenceFLOPs: Double { 2 * parameters * inferenceTokens }
    /// 6 N D + 2 N T.
    public var totalFLOPs: Double { trainingFLOPs + inferenceFLOPs }
    /// D / N.
    public var tokensPerParameter: Double { tokens / parameters }
}

/// Inference-aware compute-optimal models (Sardana, Portes, Doubov & Frankle 2024, "Beyond Chinchilla-Optimal"):
/// choose N and D to minimise lifetime FLOPs 6ND + 2NT at a target loss, or to minimise the loss at a lifetime
/// budget, for a loss law of the Chinchilla form.
///
/// Both forms share the optimality condition α A N^−α = β B D^−β (1 + T/(3D)) (Lagrange, see
/// `derivations/optimum-inference-aware.md`); each is solved by a bracketed Brent root search on a monotone
/// function of ln D, so there is exactly one root and no Newton step can escape. At T = 0 both reduce to the
/// Chinchilla closed form.
public enum InferenceAware {
    /// Fixed target loss ℓ: minimise 6ND + 2NT subject to L(N, D) = ℓ.
    ///
    /// Solves (B + βB/α) D^−β + (βBT/(3α)) D^{−β−1} = ℓ − E for D (left side strictly decreasing in D; the
    /// root is ≥ the Chinchilla-style D of loss ℓ), then N = [A / (ℓ − E − B D^−β)]^{1/α}.
    ///
    /// - Parameters:
    ///   - loss: target loss ℓ (nats/token), must exceed E.
    ///   - inferenceTokens: lifetime inference tokens T ≥ 0.
    /// - Throws: `ParameterError` for bad input; `GSLError` if the root search does not converge, `SolverError` if
    ///   no bracket is found.
    public static func fixedLoss(law: ChinchillaLossLaw, loss ell: Double, inferenceTokens T: Double) throws
        -> LifetimeModel
    {
        try Validate.finite(ell, "loss")
        // Inference only shrinks N and D below the Chinchilla-style model of the same loss, so beyond that model's
        // own limit (N = 1 or D = 1) the problem is infeasible already; the search for the edge starts there.
        let chinchillaGap = min(
            law.A * (1 + law.alpha / law.beta), law.B * (1 + law.beta / law.alpha))
        let model =
            ell - law.E > chinchillaGap
            ? LifetimeModel(parameters: 0, tokens: 0, inferenceTokens: T, loss: ell, convergence: .closedForm)
            : try fixedLossUnchecked(law: law, loss: ell, inferenceTokens: T)
        // N and D fall as ℓ rises: the edge is the largest loss (stepping the gap ℓ − E down).
        try FeasibleLimit.requireUnitModel(
            parameters: model.parameters, tokens: model.tokens, parameter: "loss",
            value: min(ell - law.E, chinchillaGap * (1 + 1e-12)), shown: ell,
            factor: 0.5, limit: { "≤ \(law.E + $0)" },
            solve: { gap in
                let m = try fixedLossUnchecked(law: law, loss: law.E + gap, inferenceTokens: T)
                return (m.parameters, m.tokens)
            }
        )
        return model
    }

    static func fixedLossUnchecked(law: ChinchillaLossLaw, loss ell: Double, inferenceTokens T: Double) throws
        -> LifetimeModel
    {
        try Validate.nonNegative(T, "inference tokens")
        guard ell > law.E else {
            throw ParameterError.infeasible(
                "loss", ell, feasibleRange: "> \(law.E)",
                constraint: "no model reaches the irreducible loss E = \(law.E)")
        }
        let chinchilla = try law.unconstrainedOptimum(loss: ell)
        let (alpha, beta, B) = (law.alpha, law.beta, law.B)
        let logGap = Double.log(ell - law.E)
        let c1 = B + beta * B / alpha
        let c2 = T * beta * B / (3 * alpha)
        // h(x) = ln[c1 e^{−βx} + c2 e^{−(β+1)x}] − ln(ℓ − E), strictly decreasing in x = ln D.
        func h(_ x: Double) -> Double {
            let first = Double.log(c1) - beta * x
            guard c2 > 0 else { return first - logGap }
            let second = Double.log(c2) - (beta + 1) * x
            let hi = max(first, second)
            return hi + Double.log(onePlus: Double.exp(min(first, second) - hi)) - logGap
        }
        let lower = Double.log(chinchilla.tokens) - 0.1
        var upper = Double.log(chinchilla.tokens) + 1
        var expansions = 0
        while h(upper) > 0 {
            upper += 2
            expansions += 1
            if expansions > 400 {
                throw SolverError(
                    .notConverged, routine: "InferenceAware.fixedLoss",
                    reason: "could not bracket the optimal D (ln D up to \(upper))")
            }
        }
        let root = try Roots.brent(
            lower: lower, upper: upper, absoluteTolerance: 1e-13, relativeTolerance: 0, maxIterations: 500, h)
        let D = Double.exp(root.root)
        let N = Double.exp(Double.log(law.A / (ell - law.E - law.dataTerm(D))) / alpha)
        return LifetimeModel(
            parameters: N, tokens: D, inferenceTokens: T, loss: try law.loss(parameters: N, tokens: D),
            convergence: Convergence(
                method: "Roots.brent on ln D", iterations: root.iterations, finalWidth: root.upper - root.lower,
                tolerance: 1e-13))
    }

    /// The Chinchilla-style model of loss ℓ (training-compute-optimal, ignoring inference), charged with the
    /// same inference demand T: the baseline that `fixedLoss` improves on.
    public static func chinchillaStyle(law: ChinchillaLossLaw, loss ell: Double, inferenceTokens T: Double) throws
        -> LifetimeModel
    {
        try Validate.nonNegative(T, "inference tokens")
        let model = try law.computeOptimal(loss: ell)
        return LifetimeModel(
            parameters: model.parameters, tokens: model.tokens, inferenceTokens: T, loss: ell,
            convergence: .closedForm)
    }

    /// Fixed lifetime budget C: minimise L(N, D) subject to 6ND + 2NT = C.
    ///
    /// On the constraint N = C / (6D + 2T). With u = ln D the stationarity condition is h(u) = 0,
    ///
    ///     h(u) = ln[β B D^−β (1 + T/(3D)) / (α A N^−α)],   h'(u) = −β − (T + 3αD)/(3D + T) < 0,
    ///
    /// so h is strictly decreasing and the root is unique. Newton's method on h starts at the T = 0 (Chinchilla)
    /// optimum u₀ = ln D*; every iterate updates a sign bracket, and a step that would leave the bracket is replaced
    /// by bisection (safeguarded Newton). It stops when the step is below 1e-13 in u (then the error is far smaller,
    /// Newton converging quadratically); 1–5 iterations over C ∈ [1e15, 1e30], T ≤ 1e20. The Brent reference
    /// (`fixedBudgetReference`) agrees to 1e-12 relative in N and D (tested).
    ///
    /// - Parameters:
    ///   - compute: lifetime FLOPs C > 0 (training + inference).
    ///   - inferenceTokens: lifetime inference tokens T ≥ 0.
    /// - Throws: `ParameterError` for bad input; `SolverError` if the iteration does not converge or leaves the
    ///   range of doubles.
    public static func fixedBudget(law: ChinchillaLossLaw, compute C: Double, inferenceTokens T: Double) throws
        -> LifetimeModel
    {
        try requireBudget(compute: C, inferenceTokens: T)
        let model = try fixedBudgetUnchecked(law: law, compute: C, inferenceTokens: T)
        // N and D grow with C: the edge is the least budget.
        try FeasibleLimit.requireUnitModel(
            parameters: model.parameters, tokens: model.tokens, parameter: "compute", value: C, shown: C, factor: 2,
            limit: { "≥ \($0) FLOPs" },
            solve: { c in
                let m = try fixedBudgetUnchecked(law: law, compute: c, inferenceTokens: T)
                return (m.parameters, m.tokens)
            }
        )
        return model
    }

    /// Validates C > 0 and T ≥ 0, and throws `ParameterError.infeasible` for a budget below 6 + 2T: one parameter
    /// and one training token cost 6 FLOPs to train and 2T to serve, so no budget below that works.
    static func requireBudget(compute C: Double, inferenceTokens T: Double) throws(ParameterError) {
        try Validate.positive(C, "compute")
        try Validate.nonNegative(T, "inference tokens")
        let floor = 6 + 2 * T
        guard C >= floor else {
            throw ParameterError.infeasible(
                "compute", C, feasibleRange: "≥ \(floor) FLOPs",
                constraint: "the inference demand 2·N·T = \(2 * T) FLOPs at N = 1 (plus 6·N·D = 6 for D = 1) "
                    + "exceeds the budget")
        }
    }

    static func fixedBudgetUnchecked(law: ChinchillaLossLaw, compute C: Double, inferenceTokens T: Double) throws
        -> LifetimeModel
    {
        let (alpha, beta) = (law.alpha, law.beta)
        let logRatioConstant = Double.log(beta * law.B) - Double.log(alpha * law.A)
        // T = 0 optimum: D* = G⁻¹ (C/6)^{α/(α+β)}, ln G = −logRatioConstant/(α + β).
        var u = (logRatioConstant + alpha * Double.log(C / 6)) / (alpha + beta)
        var lower = -Double.infinity
        var upper = Double.infinity
        var iterations = 0
        var step = Double.infinity
        while iterations < 200 {
            iterations += 1
            let D = Double.exp(u)
            let h =
                logRatioConstant - beta * u + Double.log(onePlus: T / (3 * D)) + alpha * Double.log(C / (6 * D + 2 * T))
            guard h.isFinite, D.isFinite, D > 0 else {
                throw SolverError(
                    .domain, routine: "InferenceAware.fixedBudget",
                    reason: "stationarity residual not finite at ln D = \(u) (C = \(C), T = \(T))")
            }
            if h == 0 {
                step = 0
                break
            }
            if h > 0 { lower = u } else { upper = u }
            let slope = -beta - (T + 3 * alpha * D) / (3 * D + T)
            let newton = -h / slope
            if abs(newton) <= 1e-13 {
                // h is at the level of its rounding noise: the Newton step is the last correction. (Checking the
                // bracket first would bisect on noise-level signs.)
                step = abs(newton)
                u += newton
                break
            }
            var next = u + newton
            if !(next > lower && next < upper) {
                // Outside the sign bracket: bisect when both ends are known, else let Newton's step stand (h is
                // decreasing, so the unknown end lies in the step's direction).
                if lower.isFinite && upper.isFinite { next = 0.5 * (lower + upper) }
            }
            step = abs(next - u)
            u = next
            if step <= 1e-13 { break }
        }
        guard step <= 1e-13 else {
            throw SolverError(
                .notConverged, routine: "InferenceAware.fixedBudget",
                reason: "Newton on ln D did not converge (last step \(step))", iterations: iterations, tolerance: 1e-13)
        }
        let D = Double.exp(u)
        let N = C / (6 * D + 2 * T)
        return LifetimeModel(
            parameters: N, tokens: D, inferenceTokens: T, loss: try law.loss(parameters: N, tokens: D),
            convergence: Convergence(
                method: "safeguarded Newton on ln D", iterations: iterations, finalWidth: step, tolerance: 1e-13))
    }

    /// `fixedBudget` by bracket expansion around the T = 0 optimum and `Roots.brent` on the residual
    /// g(u) = −expm1(h(u)): the reference the safeguarded Newton path is tested against.
    static func fixedBudgetReference(law: ChinchillaLossLaw, compute C: Double, inferenceTokens T: Double) throws
        -> LifetimeModel
    {
        try Validate.positive(C, "compute")
        try Validate.nonNegative(T, "inference tokens")
        let (alpha, beta) = (law.alpha, law.beta)
        let logRatioConstant = Double.log(beta * law.B) - Double.log(alpha * law.A)
        func parameters(_ u: Double) -> Double { C / (6 * Double.exp(u) + 2 * T) }
        // ln of βB D^−β (1 + T/(3D)) / (αA N^−α).
        func logRatio(_ u: Double) -> Double {
            let D = Double.exp(u)
            return logRatioConstant - beta * u + Double.log(onePlus: T / (3 * D)) + alpha * Double.log(parameters(u))
        }
        func g(_ u: Double) -> Double { -Double.expMinusOne(logRatio(u)) }
        let start = Double.log(law.unconstrainedOptimum(compute: C).tokens)
        var lower = start - 1
        var upper = start + 1
        var expansions = 0
        while g(lower) > 0 || g(upper) < 0 {
            if g(lower) > 0 { lower -= 2 }
            if g(upper) < 0 { upper += 2 }
            expansions += 1
            if expansions > 400 {
                throw SolverError(
                    .notConverged, routine: "InferenceAware.fixedBudget",
                    reason: "could not bracket the optimal D in ln D ∈ [\(lower), \(upper)]")
            }
        }
        let root = try Roots.brent(
            lower: lower, upper: upper, absoluteTolerance: 1e-13, relativeTolerance: 0, maxIterations: 500, g)
        let D = Double.exp(root.root)
        let N = parameters(root.root)
        return LifetimeModel(
            parameters: N, tokens: D, inferenceTokens: T, loss: try law.loss(parameters: N, tokens: D),
            convergence: Convergence(
                method: "Roots.brent on ln D", iterations: root.iterations, finalWidth: root.upper - root.lower))
    }
}
