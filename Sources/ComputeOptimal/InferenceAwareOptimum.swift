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
    /// - Throws: `ParameterError` for bad input; `GSLError` if the root search does not converge.
    public static func fixedLoss(law: ChinchillaLossLaw, loss ell: Double, inferenceTokens T: Double) throws
        -> LifetimeModel
    {
        try Validate.nonNegative(T, "inference tokens")
        let chinchilla = try law.computeOptimal(loss: ell)
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
                throw GSLError(
                    code: GSLError.maxIterationsCode, routine: "InferenceAware.fixedLoss",
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
                method: "Roots.brent on ln D", iterations: root.iterations, finalWidth: root.upper - root.lower))
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
    /// On the constraint N = C / (6D + 2T); the stationarity residual
    /// g(u) = 1 − β B D^−β (1 + T/(3D)) / (α A N^−α), u = ln D, is strictly increasing in u (from −∞ as D → 0
    /// to 1 as D → ∞), so a bracket is found by expanding around the T = 0 optimum and Brent finds the root.
    ///
    /// - Parameters:
    ///   - compute: lifetime FLOPs C > 0 (training + inference).
    ///   - inferenceTokens: lifetime inference tokens T ≥ 0.
    /// - Throws: `ParameterError` for bad input; `GSLError` if the root search does not converge.
    public static func fixedBudget(law: ChinchillaLossLaw, compute C: Double, inferenceTokens T: Double) throws
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
        let start = Double.log(try law.computeOptimal(compute: C).tokens)
        var lower = start - 1
        var upper = start + 1
        var expansions = 0
        while g(lower) > 0 || g(upper) < 0 {
            if g(lower) > 0 { lower -= 2 }
            if g(upper) < 0 { upper += 2 }
            expansions += 1
            if expansions > 400 {
                throw GSLError(
                    code: GSLError.maxIterationsCode, routine: "InferenceAware.fixedBudget",
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
