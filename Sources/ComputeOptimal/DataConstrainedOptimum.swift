import GSL
import RealModule
import ScalingCore

/// The DS3 empirical bridge (`BridgeAccuracyModel`) with the loss of a data-constrained law
/// (`DataConstrainedLossLaw`, Muennighoff et al. 2023) instead of its own Chinchilla-form law: accuracy at
/// L(N, D; U), for the joint optimum under a unique-token limit U.
public struct DataConstrainedAccuracyModel: AccuracyModel, Sendable, Equatable {
    /// The bridge: task population, slope, amplitude, ω. Its `law` (of the Chinchilla form) is the data-constrained
    /// law's base.
    public let bridge: BridgeAccuracyModel
    /// L(N, D; U) with base `bridge.law.chinchillaForm`.
    public let law: DataConstrainedLossLaw

    /// - Parameters:
    ///   - bridge: the unconstrained accuracy model.
    ///   - uniqueTokens: U > 0 (+∞: unlimited data).
    ///   - dataRepetitionScale, parameterRepetitionScale: R*_D, R*_N (published values by default).
    /// - Throws: `ParameterError` for a value outside its range, and naming `law` when the bridge's law has no
    ///   `chinchillaForm` (the data-constrained law discounts N and D inside a Chinchilla-form law).
    public init(
        bridge: BridgeAccuracyModel, uniqueTokens: Double,
        dataRepetitionScale: Double = DataConstrainedLossLaw.publishedDataRepetitionScale,
        parameterRepetitionScale: Double = DataConstrainedLossLaw.publishedParameterRepetitionScale
    ) throws(ParameterError) {
        guard let base = bridge.law.chinchillaForm else {
            throw ParameterError(
                parameter: "law", value: "\(type(of: bridge.law))",
                validRange: "a Chinchilla-form law (chinchillaForm not nil): the data-constrained law's base")
        }
        self.bridge = bridge
        law = try DataConstrainedLossLaw(
            base: base, uniqueTokens: uniqueTokens, dataRepetitionScale: dataRepetitionScale,
            parameterRepetitionScale: parameterRepetitionScale)
    }

    /// True: L(N, D; U) decreases in N (N' increases in N) and in D (D' increases in D, and U_N = min(N, N_opt(U_D))
    /// can only grow with D, which raises N'), and the bridge's accuracy decreases in the loss and increases in Ω.
    public var isMonotone: Bool { true }
    public var stepTokens: Double? { bridge.stepTokens }

    public func accuracy(parameters N: Double, trainingTokens D: Double, tokensPerQuery omega: Double) throws -> Double
    {
        let L = D.isInfinite ? try law.infiniteDataLoss(parameters: N) : try law.loss(parameters: N, tokens: D)
        return try bridge.accuracy(loss: L, tokensPerQuery: try Validate.nonNegative(omega, "tokens per query"))
    }
}

/// Compute-optimal allocation under a unique-token limit U with the data-constrained law of Muennighoff et al. 2023
/// (`DataConstrainedLossLaw`): the training-only optimum, the inference-aware optimum at a lifetime budget, and the
/// DS3 joint optimum.
///
/// Each first solves the unconstrained problem (the base law). The data-constrained law never lies below its base law
/// and equals it where D ≤ U and N ≤ N_opt(D); when the unconstrained optimum lies there, it is also the constrained
/// optimum and is returned as it is — the same computation, so the same bits. Otherwise the limit binds and the
/// constrained problem is solved (`derivations/optimum-data-constrained.md`).
public enum DataConstrainedOptimum {
    /// Grid points of the scan in ln D before Brent (the constrained loss along the budget is not unimodal in
    /// general: its kinks at D = U and N = N_opt(U_D) can make two basins).
    static let gridPoints = 2001

    /// Throws `ParameterError.infeasible` for U < 1: no training without one unique token.
    static func requireUniqueTokens(_ law: DataConstrainedLossLaw) throws(ParameterError) {
        guard law.uniqueTokens >= 1 else {
            throw .infeasible(
                "unique tokens", law.uniqueTokens, feasibleRange: "≥ 1 token",
                constraint: "training needs at least one unique token")
        }
    }

    /// Training-compute-optimal (N, D) at C = 6ND under the data-constrained law: minimise L(N, D; U) subject to
    /// 6ND = C. Not binding (the Chinchilla optimum of the base law has D* ≤ U): the base law's closed form
    /// `ChinchillaLossLaw.computeOptimal(compute:)`, bit for bit, with `Convergence.closedForm`. Binding: the
    /// constrained minimum along 6ND = C (grid + Brent on ln D).
    ///
    /// - Returns: a `LifetimeModel` with T = 0.
    /// - Throws: `ParameterError` for C not finite and > 0, U < 1 (infeasible), and the base optimum's feasibility
    ///   errors when not binding; `GSLError` if Brent does not converge.
    public static func training(law: DataConstrainedLossLaw, compute C: Double) throws -> LifetimeModel {
        try Validate.positive(C, "compute")
        try requireUniqueTokens(law)
        let free = law.base.unconstrainedOptimum(compute: C)
        if law.agreesWithBase(parameters: free.parameters, tokens: free.tokens) {
            let optimum = try law.base.computeOptimal(compute: C)
            return LifetimeModel(
                parameters: optimum.parameters, tokens: optimum.tokens, inferenceTokens: 0, loss: optimum.loss,
                convergence: .closedForm)
        }
        guard C >= 6 else {
            throw ParameterError.infeasible(
                "compute", C, feasibleRange: "≥ 6 FLOPs",
                constraint: "one parameter trained on one token costs 6·N·D = 6 FLOPs")
        }
        return try constrainedBudget(law: law, compute: C, inferenceTokens: 0)
    }

    /// Lifetime-budget optimum (Sardana et al. 2024) under the data-constrained law: minimise L(N, D; U) subject to
    /// 6ND + 2NT = C. Not binding: `InferenceAware.fixedBudget(law: law.base, …)`, bit for bit. Binding: the
    /// constrained minimum along the budget (grid + Brent on ln D, N = C/(6D + 2T), D from 1 to the D of N = 1).
    ///
    /// - Throws: `ParameterError` for bad input, U < 1 and a budget below 6 + 2T (infeasible), and the base
    ///   optimum's feasibility errors when not binding; `GSLError` if a solver does not converge.
    public static func fixedBudget(law: DataConstrainedLossLaw, compute C: Double, inferenceTokens T: Double) throws
        -> LifetimeModel
    {
        try InferenceAware.requireBudget(compute: C, inferenceTokens: T)
        try requireUniqueTokens(law)
        if let free = try? InferenceAware.fixedBudgetUnchecked(law: law.base, compute: C, inferenceTokens: T),
            law.agreesWithBase(parameters: free.parameters, tokens: free.tokens)
        {
            return try InferenceAware.fixedBudget(law: law.base, compute: C, inferenceTokens: T)
        }
        return try constrainedBudget(law: law, compute: C, inferenceTokens: T)
    }

    /// Fixed-quality optimum (Sardana et al. 2024) under the data-constrained law: minimise 6ND + 2NT subject to
    /// L(N, D; U) = ℓ. Not binding (the base law's `InferenceAware.fixedLoss` optimum has D ≤ U and N ≤ N_opt(D)):
    /// that optimum, bit for bit. Binding: for each D the least N reaching ℓ is explicit (A N'^−α = ℓ − E − B D'^−β,
    /// then N' inverted: N = N' up to U_N = N_opt(U_D), beyond it N = U_N (1 − R*_N ln(1 − (N'/U_N − 1)/R*_N))), and
    /// ln(6ND + 2NT) is minimised over ln D from the least D that reaches ℓ (bisection; reachability is monotone
    /// in D) to 60 e-folds above it, by grid + Brent.
    ///
    /// - Throws: `ParameterError.infeasible` for U < 1 and for ℓ ≤ E + A (N_opt(U)(1 + R*_N))^−α
    ///   + B (U(1 + R*_D))^−β, the infimum of the loss with U unique tokens (not reached); the base optimum's errors
    ///   when not binding; `GSLError` if a solver does not converge.
    public static func fixedLoss(law: DataConstrainedLossLaw, loss ell: Double, inferenceTokens T: Double) throws
        -> LifetimeModel
    {
        try Validate.finite(ell, "loss")
        try Validate.nonNegative(T, "inference tokens")
        try requireUniqueTokens(law)
        let base = law.base
        if let free = try? InferenceAware.fixedLossUnchecked(law: base, loss: ell, inferenceTokens: T),
            law.agreesWithBase(parameters: free.parameters, tokens: free.tokens)
        {
            return try InferenceAware.fixedLoss(law: base, loss: ell, inferenceTokens: T)
        }
        // Beyond the base law's largest loss with N ≥ 1 and D ≥ 1 (ℓ − E > min(A(1 + α/β), B(1 + β/α))) the least
        // model reaching ℓ has less than one parameter or token: the base optimum's infeasibility error says so.
        guard ell - base.E <= min(base.A * (1 + base.alpha / base.beta), base.B * (1 + base.beta / base.alpha)) else {
            return try InferenceAware.fixedLoss(law: base, loss: ell, inferenceTokens: T)
        }
        let floor = law.irreducibleLoss
        guard ell > floor else {
            throw ParameterError.infeasible(
                "loss", ell, feasibleRange: "> \(floor)",
                constraint: "with U = \(law.uniqueTokens) unique tokens repeated data and excess parameters saturate")
        }
        // The least N with L(N, D; U) = ℓ, or nil when no N reaches ℓ at this D.
        func parameters(_ D: Double) -> Double? {
            let gap = ell - base.E - base.dataTerm(law.effectiveTokens(D))
            guard gap > 0 else { return nil }
            let target = Double.exp(Double.log(base.A / gap) / base.alpha)
            let basis = law.optimalParameters(tokens: min(law.uniqueTokens, D))
            guard target > basis else { return target }
            let fraction = (target / basis - 1) / law.parameterRepetitionScale
            guard fraction < 1 else { return nil }
            return basis * (1 - law.parameterRepetitionScale * Double.log(onePlus: -fraction))
        }
        // Reachability is monotone in D (D' and N_opt(U_D) grow with D); it holds for D → ∞ since ℓ > floor.
        guard
            let least = FeasibleLimit.edge(from: 1, factor: 2, { parameters($0) != nil }).map({
                parameters(1) != nil ? 1 : $0
            })
        else {
            throw SolverError(
                .notConverged, routine: "DataConstrainedOptimum.fixedLoss",
                reason: "no D up to 2^200 reaches the loss \(ell)")
        }
        let offset = 10 - Double.log(least)
        let search = try Minimize1D.global(
            lower: 10, upper: 70, gridPoints: gridPoints, relativeTolerance: 1e-7
        ) { x in
            let D = Double.exp(x - offset)
            guard let N = parameters(D) else { return Double.greatestFiniteMagnitude }
            return Double.log(N) + Double.log(6 * D + 2 * T)
        }
        let m = search.minimum
        let D = Double.exp(m.x - offset)
        guard let N = parameters(D), N >= 1, D >= 1 else {
            if let N = parameters(D) {
                throw ParameterError.infeasible(
                    "loss", ell, feasibleRange: "smaller",
                    constraint: "the optimum needs N ≥ 1 parameter and D ≥ 1 training token, here N = \(N), D = \(D)")
            }
            throw SolverError(
                .domain, routine: "DataConstrainedOptimum.fixedLoss",
                reason: "the minimum at D = \(D) does not reach the loss \(ell)")
        }
        var warnings: [OptimumWarning] = []
        if let bound = searchBoundWarning(variable: "ln D", x: m.x, lower: 10, upper: 70) { warnings.append(bound) }
        return LifetimeModel(
            parameters: N, tokens: D, inferenceTokens: T, loss: try law.loss(parameters: N, tokens: D),
            convergence: Convergence(
                method: "grid (\(gridPoints) points) + Minimize1D.brent on ln D (data-constrained)",
                iterations: m.iterations, finalWidth: m.upper - m.lower, tolerance: 1e-7, warnings: warnings))
    }

    /// The minimum of L(C/(6D + 2T), D; U) over ln D ∈ [0, ln((C − 2T)/6)] (D ≥ 1 and N ≥ 1), by a grid of
    /// `gridPoints` and Brent on the best grid point's neighbours. Needs C ≥ 6 + 2T.
    static func constrainedBudget(law: DataConstrainedLossLaw, compute C: Double, inferenceTokens T: Double) throws
        -> LifetimeModel
    {
        func parameters(_ D: Double) -> Double { C / (6 * D + 2 * T) }
        let upperLogD = Double.log((C - 2 * T) / 6)
        guard upperLogD > 0 else {
            // C = 6 + 2T exactly: N = D = 1 is the only allocation.
            return LifetimeModel(
                parameters: 1, tokens: 1, inferenceTokens: T, loss: try law.loss(parameters: 1, tokens: 1),
                convergence: Convergence(
                    method: "single feasible point", iterations: 0, finalWidth: 0,
                    warnings: [.onSearchBound(variable: "ln D", value: 0, bound: 0)]))
        }
        // x = ln D + 10 keeps the variable away from 0, where Brent's relative tolerance would have no scale.
        let offset = 10.0
        let lower = offset
        let upper = upperLogD + offset
        let search = try Minimize1D.global(lower: lower, upper: upper, gridPoints: gridPoints, relativeTolerance: 1e-7)
        {
            x in
            let D = Double.exp(x - offset)
            return try law.loss(parameters: parameters(D), tokens: D)
        }
        let m = search.minimum
        let D = Double.exp(m.x - offset)
        let N = parameters(D)
        var warnings: [OptimumWarning] = []
        if let bound = searchBoundWarning(variable: "ln D", x: m.x - offset, lower: 0, upper: upperLogD) {
            warnings.append(bound)
        }
        return LifetimeModel(
            parameters: N, tokens: D, inferenceTokens: T, loss: try law.loss(parameters: N, tokens: D),
            convergence: Convergence(
                method: "grid (\(gridPoints) points) + Minimize1D.brent on ln D (data-constrained)",
                iterations: m.iterations, finalWidth: m.upper - m.lower, tolerance: 1e-7, warnings: warnings))
    }

    /// The DS3 joint optimum (`JointOptimum.global`) under a unique-token limit: maximise the expected accuracy of
    /// `model.bridge` at loss L(N, D; U) subject to 6ND + 2NIΩ = C. Not binding (the unconstrained joint optimum has
    /// D ≤ U and N ≤ N_opt(D)): that optimum, bit for bit. Binding: `JointOptimum.global` on `model`. With `caps`,
    /// both solves are the capped `JointOptimum.global(model:compute:queries:caps:options:)`.
    ///
    /// - Throws: as `JointOptimum.global`, and `ParameterError.infeasible` for U < 1.
    public static func joint(
        model: DataConstrainedAccuracyModel, compute C: Double, queries I: Double,
        caps: JointOptimum.Caps? = nil, options: JointOptimum.SearchOptions = .init()
    ) throws -> JointOptimum.Result {
        try requireUniqueTokens(model.law)
        func solve(_ m: some AccuracyModel) throws -> JointOptimum.Result {
            guard let caps else { return try JointOptimum.global(model: m, compute: C, queries: I, options: options) }
            return try JointOptimum.global(model: m, compute: C, queries: I, caps: caps, options: options)
        }
        let free = try solve(model.bridge)
        if model.law.agreesWithBase(parameters: free.best.parameters, tokens: free.best.trainingTokens) {
            return free
        }
        return try solve(model)
    }

    /// The least lifetime compute whose data-constrained joint optimum (`joint`) reaches accuracy A: the root search
    /// of `JointOptimum.leastCompute(model:accuracy:queries:caps:options:)` on `joint`.
    ///
    /// - Throws: as `JointOptimum.leastCompute`, and `ParameterError.infeasible` for U < 1.
    public static func leastCompute(
        model: DataConstrainedAccuracyModel, accuracy A: Double, queries I: Double, caps: JointOptimum.Caps? = nil,
        options: JointOptimum.SearchOptions = .init()
    ) throws -> JointOptimum.Result {
        try Validate.probability(A, "target accuracy", .lowerOpen)
        try Validate.positive(I, "queries")
        try requireUniqueTokens(model.law)
        guard A < 1 else { return try JointOptimum.leastCompute(model: model, accuracy: A, queries: I, caps: caps) }
        return try JointOptimum.leastCompute(
            accuracy: A, supremum: try JointOptimum.requireBelowSupremum(A, model: model, caps: caps)
        ) { c in try joint(model: model, compute: c, queries: I, caps: caps, options: options) }
    }
}
