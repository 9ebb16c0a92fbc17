import GSL
import RealModule
import ScalingCore

/// Best-of-N (ds3-theory §3.6): N independent chain-of-thought chains, each with step budget K, run in parallel;
/// a verifier picks the answer. With the oracle verifier P = 1 − (1 − p)^N, p = I_r(m, K − m + 1). With an
/// imperfect verifier (sensitivity s, false acceptance f) the answer is drawn uniformly among accepted candidates,
/// or among all candidates if none is accepted:
/// P = (1 − q^N) a/(a + w) + q^{N−1} p (1 − s), a = p s, w = (1 − p) f, q = 1 − a − w.
/// Cost: N chains (FLOPs, tokens); latency E[max_i steps_i].
public struct BestOfN: InferenceStrategy {
    /// Number of samples N.
    public let samples: Int
    public let verifier: Verifier
    public let stepCount: ChainOfThought.StepCount

    public init(samples: Int, verifier: Verifier = .oracle, stepCount: ChainOfThought.StepCount = .exact)
        throws(ParameterError)
    {
        self.samples = try Validate.count(samples, "samples")
        self.verifier = verifier
        self.stepCount = stepCount
    }

    public var name: String { "bon(\(samples))" }

    public var budgetShape: BudgetShape { BudgetShape(uncheckedWidth: samples, passes: 1) }

    /// Success of N candidates with per-candidate success p under this verifier.
    public func success(sampleSuccess p: Double) throws(ParameterError) -> Double {
        try Self.success(samples: samples, sampleSuccess: p, verifier: verifier)
    }

    public static func success(samples n: Int, sampleSuccess p: Double, verifier: Verifier = .oracle)
        throws(ParameterError) -> Double
    {
        try Validate.probability(p, "sample success")
        return try tails(samples: n, sampleSuccess: p, sampleFailure: 1 - p, verifier: verifier).success
    }

    /// (P, 1 − P) for per-candidate success p and failure p_f = 1 − p given separately (so p_f keeps its
    /// precision when p is close to 1). Both come without cancellation, to full relative precision down to the
    /// smallest positive double: with q = p_f (1 − f) + p (1 − s) (no candidate accepted) and a = ps, w = p_f f,
    /// P = (1 − q^N) a/(a + w) + q^{N−1} p (1 − s) and 1 − P = (1 − q^N) w/(a + w) + q^{N−1} p_f (1 − f)
    /// (an accepted candidate is uniform among the accepted; with none accepted, uniform among all).
    public static func tails(samples n: Int, sampleSuccess p: Double, sampleFailure pf: Double, verifier: Verifier)
        throws(ParameterError) -> (success: Double, failure: Double)
    {
        try Validate.count(n, "samples")
        try Validate.probability(p, "sample success")
        try Validate.probability(pf, "sample failure")
        let split = SelectionTails(
            sampleSuccess: p, sampleFailure: pf, verifier: verifier, rounds: Double(n))
        return (
            min(1, split.someAccepted * split.correctShare + split.noneBeforeLast * split.correctUnaccepted),
            min(1, split.someAccepted * split.wrongShare + split.noneBeforeLast * split.wrongUnaccepted)
        )
    }

    public func evaluate(_ task: SkillTask, budget: StepBudget, cost: CostModel) throws -> StrategyEvaluation {
        let K = budget.effectiveSteps
        let (p, pf, moments) = try ChainOfThought.tailsAndMoments(m: task.m, r: task.r, steps: K, method: stepCount)
        let latency = try Self.latencySteps(task: task, steps: K, chains: samples, moments: moments, method: stepCount)
        let usage = cost.usage(chains: Double(samples), width: 1, steps: moments, latencySteps: latency)
        let (success, failure) = try Self.tails(
            samples: samples, sampleSuccess: p, sampleFailure: pf, verifier: verifier)
        return StrategyEvaluation(success: success, failure: failure, usage: usage, cost: cost)
    }

    public func success(_ task: SkillTask, budget: StepBudget) throws -> Double {
        let (p, pf) = try ChainOfThought.sampleTails(
            m: task.m, r: task.r, steps: budget.effectiveSteps, method: stepCount)
        return try Self.tails(samples: samples, sampleSuccess: p, sampleFailure: pf, verifier: verifier).success
    }

    static func latencySteps(
        task: SkillTask, steps K: Double, chains: Int, moments: StepMoments, method: ChainOfThought.StepCount
    ) throws -> Double {
        // The approximations treat the step count as deterministic, so the maximum is the mean.
        if chains == 1 || method != .exact { return moments.mean }
        return try ChainOfThought.expectedMaximumSteps(m: task.m, r: task.r, steps: K, chains: chains)
    }

    public func play(in context: inout TraversalContext) throws -> Bool {
        let K = context.stepBudget
        let runs = context.parallel(samples) { _, ctx in ctx.runChain(maxSteps: K).solved }
        var judge = verifier
        var accepted: [Bool] = []
        for correct in runs where judge.judge(correct, context.uniform()) { accepted.append(correct) }
        let pool = accepted.isEmpty ? runs : accepted
        let pick = min(pool.count - 1, Int(context.uniform() * Double(pool.count)))
        return pool[pick]
    }

    /// The authors' library split: per-sample steps K_s = K_total / N.
    public static func perSampleBudget(totalSteps: Double, samples: Int) throws(ParameterError) -> Double {
        try Validate.nonNegative(totalSteps, "steps")
        return totalSteps / Double(try Validate.count(samples, "samples"))
    }
}
