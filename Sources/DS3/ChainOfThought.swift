import GSL
import RealModule
import ScalingCore

/// Chain-of-thought with backtracking (DS3 sequential search, ds3-theory §3.2): steps are Bernoulli(r) trials, a
/// failed step keeps the last correct state and retries, the chain stops at the m-th success or after K steps.
///
/// Success P = P(T_m ≤ K) = I_r(m, K − m + 1), T_m ~ NegativeBinomial(m, r) (trials to the m-th success).
/// Expected steps E[min(T_m, K)] = (m/r) I_r(m+1, K−m+1) + K (1 − I_r(m, K−m+1)) exactly (default), or the
/// authors' approximations min(K, m/r) and the piecewise linear–Gaussian form.
public struct ChainOfThought: InferenceStrategy {
    /// How E[steps] is computed.
    public enum StepCount: String, Sendable, Hashable, CaseIterable {
        /// The exact negative-binomial mean of min(T_m, K) (with its exact second moment for attention).
        case exact
        /// min(K, m/r), used in all the authors' released cost computations.
        case piecewiseLinear
        /// μΦ(z) + K(1 − Φ(z)) − σφ(z), μ = m/r, σ = √(m(1−r))/r, z = (K − μ)/σ (K if negative).
        case gaussian
    }

    public let stepCount: StepCount

    public init(stepCount: StepCount = .exact) { self.stepCount = stepCount }

    public var name: String { "cot" }

    public var budgetShape: BudgetShape { .singleChain }

    public func evaluate(_ task: SkillTask, budget: StepBudget, cost: CostModel) throws -> StrategyEvaluation {
        let K = budget.effectiveSteps
        let (p, pf, moments) = try Self.tailsAndMoments(m: task.m, r: task.r, steps: K, method: stepCount)
        let usage = cost.usage(chains: 1, width: 1, steps: moments, latencySteps: moments.mean)
        return StrategyEvaluation(success: p, failure: pf, usage: usage, cost: cost)
    }

    public func success(_ task: SkillTask, budget: StepBudget) throws -> Double {
        try Self.sampleSuccess(m: task.m, r: task.r, steps: budget.effectiveSteps, method: stepCount)
    }

    public func play(in context: inout TraversalContext) throws -> Bool {
        context.runChain(maxSteps: context.stepBudget).solved
    }

    // MARK: closed forms

    /// P_CoT(m, r, K) = I_r(m, K − m + 1); 0 when K − m + 1 ≤ 0 or r = 0. Real K is used as given.
    public static func successProbability(m: Int, r: Double, steps K: Double) throws -> Double {
        try validate(m: m, r: r, K: K)
        let b = K - Double(m) + 1
        if r == 0 || b <= 0 { return 0 }
        return try NegativeBinomialTail.regularized(a: Double(m), b: b, x: r)
    }

    /// 1 − P_CoT, accurate when P is close to 1.
    public static func failureProbability(m: Int, r: Double, steps K: Double) throws -> Double {
        try validate(m: m, r: r, K: K)
        let b = K - Double(m) + 1
        if r == 0 || b <= 0 { return 1 }
        return try NegativeBinomialTail.complement(a: Double(m), b: b, x: r)
    }

    /// Exact E[min(T_m, K)] = (m/r) I_r(m+1, K−m+1) + K (1 − I_r(m, K−m+1)); K when K − m + 1 ≤ 0 or r = 0.
    public static func expectedSteps(m: Int, r: Double, steps K: Double) throws -> Double {
        try stepMoments(m: m, r: r, steps: K, method: .exact).mean
    }

    /// E[min(T_m, K)] by the chosen method.
    public static func expectedSteps(m: Int, r: Double, steps K: Double, method: StepCount) throws -> Double {
        try stepMoments(m: m, r: r, steps: K, method: method).mean
    }

    /// E[S] and E[S²] of S = min(T_m, K). Exact: E[S²] = m(m+1)/r² I_r(m+2, b) − (m/r) I_r(m+1, b) + K²(1 − I_r(m, b)),
    /// b = K − m + 1. The approximations treat S as deterministic (E[S²] = E[S]²).
    public static func stepMoments(m: Int, r: Double, steps K: Double, method: StepCount = .exact) throws
        -> StepMoments
    {
        try validate(m: m, r: r, K: K)
        let md = Double(m)
        let b = K - md + 1
        switch method {
        case .piecewiseLinear:
            return .deterministic(r == 0 ? K : min(K, md / r))
        case .gaussian:
            if r == 0 { return .deterministic(K) }
            let mu = md / r
            let sigma = (md * (1 - r)).squareRoot() / r
            if sigma == 0 { return .deterministic(min(K, mu)) }
            let z = (K - mu) / sigma
            let phi = try SpecialFunctions.gaussianPhi(z)
            let density = Double.exp(-z * z / 2) / (2 * Double.pi).squareRoot()
            let e = mu * phi + K * (1 - phi) - sigma * density
            return .deterministic(e < 0 ? K : e)
        case .exact:
            if r == 0 || b <= 0 { return .deterministic(K) }
            let fail = try NegativeBinomialTail.complement(a: md, b: b, x: r)
            return try exactMoments(m: m, r: r, steps: K, failure: fail)
        }
    }

    /// The success of `successAndMoments` without the moments (the same bits: the exact path takes it from the same
    /// two-tailed evaluation).
    static func sampleSuccess(m: Int, r: Double, steps K: Double, method: StepCount) throws -> Double {
        try validate(m: m, r: r, K: K)
        let md = Double(m)
        let b = K - md + 1
        guard method == .exact, r > 0, b > 0 else { return try successProbability(m: m, r: r, steps: K) }
        return try NegativeBinomialTail.tails(a: md, b: b, x: r).regularized
    }

    /// (P, 1 − P) of one chain, each to full relative precision: the tails of `tailsAndMoments` without the
    /// moments (the success-only paths of the strategies built on chains share it, bit for bit).
    static func sampleTails(m: Int, r: Double, steps K: Double, method: StepCount) throws
        -> (success: Double, failure: Double)
    {
        try validate(m: m, r: r, K: K)
        let b = K - Double(m) + 1
        guard method == .exact, r > 0, b > 0 else {
            return (try successProbability(m: m, r: r, steps: K), try failureProbability(m: m, r: r, steps: K))
        }
        let tails = try NegativeBinomialTail.tails(a: Double(m), b: b, x: r)
        return (tails.regularized, tails.complement)
    }

    /// `successProbability` and `stepMoments` together: on the exact path I_r(m, K − m + 1) and its complement come
    /// from one incomplete-beta evaluation instead of two (every strategy's `evaluate` needs both).
    public static func successAndMoments(m: Int, r: Double, steps K: Double, method: StepCount = .exact) throws
        -> (success: Double, moments: StepMoments)
    {
        try validate(m: m, r: r, K: K)
        let md = Double(m)
        let b = K - md + 1
        guard method == .exact, r > 0, b > 0 else {
            return (try successProbability(m: m, r: r, steps: K), try stepMoments(m: m, r: r, steps: K, method: method))
        }
        let (success, fail) = try NegativeBinomialTail.tails(a: md, b: b, x: r)
        return (success, try exactMoments(m: m, r: r, steps: K, failure: fail))
    }

    /// (P, 1 − P, moments): `successAndMoments` with the failure probability 1 − I_r(m, K − m + 1) computed
    /// directly, so both keep full relative precision (down to the smallest positive double).
    public static func tailsAndMoments(m: Int, r: Double, steps K: Double, method: StepCount = .exact) throws
        -> (success: Double, failure: Double, moments: StepMoments)
    {
        try validate(m: m, r: r, K: K)
        let md = Double(m)
        let b = K - md + 1
        guard method == .exact, r > 0, b > 0 else {
            return (
                try successProbability(m: m, r: r, steps: K), try failureProbability(m: m, r: r, steps: K),
                try stepMoments(m: m, r: r, steps: K, method: method)
            )
        }
        let (success, fail) = try NegativeBinomialTail.tails(a: md, b: b, x: r)
        return (success, fail, try exactMoments(m: m, r: r, steps: K, failure: fail))
    }

    /// Exact E[S], E[S²] given the failure probability 1 − I_r(m, b) (b = K − m + 1 > 0, r > 0).
    static func exactMoments(m: Int, r: Double, steps K: Double, failure fail: Double) throws -> StepMoments {
        let md = Double(m)
        let b = K - md + 1
        let i1 = try NegativeBinomialTail.regularized(a: md + 1, b: b, x: r)
        let i2 = try NegativeBinomialTail.regularized(a: md + 2, b: b, x: r)
        let mean = md / r * i1 + K * fail
        let second = md * (md + 1) / (r * r) * i2 - md / r * i1 + K * K * fail
        // S = min(T_m, K) ≤ K, so E[S] ≤ K and E[S²] ≤ K². The closed form with a real K overshoots both where
        // 0 < K − m + 1 < 1 (no chain can finish, but the continued I_r(m, b) is positive), and for a subnormal r
        // (m/r)·I_r(m+1, b) is ∞·0 = NaN where the chain surely runs out: both are S = K.
        guard mean.isFinite, second.isFinite else { return .deterministic(K) }
        let boundedMean = min(mean, K)
        return StepMoments(mean: boundedMean, secondMoment: min(max(second, boundedMean * boundedMean), K * K))
    }

    static func validate(m: Int, r: Double, K: Double) throws(ParameterError) {
        try Validate.count(m, "m")
        try Validate.probability(r, "r")
        try Validate.nonNegative(K, "steps")
    }
}
