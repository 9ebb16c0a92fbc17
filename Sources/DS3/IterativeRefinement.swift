import RealModule
import ScalingCore

/// Iterative refinement: up to n sequential passes, each a chain-of-thought chain with budget K checked by a
/// verifier; stop at the first accepted answer, else return the last pass's answer. With q = 1 − a − w as in
/// best-of-N: P = a (1 − q^n)/(1 − q) + q^{n−1} p (1 − s); expected passes (1 − q^n)/(1 − q). With the oracle,
/// P = 1 − (1 − p)^n as best-of-n, with no more FLOPs (passes stop early) but a latency equal to the whole
/// sequential token count instead of one (longest) chain.
public struct IterativeRefinement: InferenceStrategy {
    /// Maximum number of passes n.
    public let passes: Int
    public let verifier: Verifier
    public let stepCount: ChainOfThought.StepCount

    public init(passes: Int, verifier: Verifier = .oracle, stepCount: ChainOfThought.StepCount = .exact)
        throws(ParameterError)
    {
        self.passes = try Validate.count(passes, "passes")
        self.verifier = verifier
        self.stepCount = stepCount
    }

    public var name: String { "refine(\(passes))" }

    public var budgetShape: BudgetShape { BudgetShape(uncheckedWidth: 1, passes: passes) }

    /// (success, expected passes) for per-pass success p.
    public func successAndPasses(sampleSuccess p: Double) throws(ParameterError) -> (success: Double, passes: Double) {
        try Validate.probability(p, "sample success")
        let t = try tails(sampleSuccess: p, sampleFailure: 1 - p)
        return (t.success, t.passes)
    }

    /// (P, 1 − P, expected passes) for per-pass success p and failure p_f = 1 − p given separately, each to full
    /// relative precision: with a, w, q as in best-of-N, the expected passes are Σ_{i<n} q^i = (1 − q^n)/(a + w)
    /// (n when a + w = 0), P = a (1 − q^n)/(a + w) + q^{n−1} p (1 − s) and
    /// 1 − P = w (1 − q^n)/(a + w) + q^{n−1} p_f (1 − f).
    public func tails(sampleSuccess p: Double, sampleFailure pf: Double) throws(ParameterError)
        -> (success: Double, failure: Double, passes: Double)
    {
        try Validate.probability(p, "sample success")
        try Validate.probability(pf, "sample failure")
        let n = Double(passes)
        let split = SelectionTails(sampleSuccess: p, sampleFailure: pf, verifier: verifier, rounds: n)
        let expectedPasses = split.accept == 0 ? n : split.someAccepted / split.accept
        let success = split.someAccepted * split.correctShare + split.noneBeforeLast * split.correctUnaccepted
        let failure = split.someAccepted * split.wrongShare + split.noneBeforeLast * split.wrongUnaccepted
        return (min(1, success), min(1, failure), expectedPasses)
    }

    public func evaluate(_ task: SkillTask, budget: StepBudget, cost: CostModel) throws -> StrategyEvaluation {
        let K = budget.effectiveSteps
        let (p, pf, moments) = try ChainOfThought.tailsAndMoments(m: task.m, r: task.r, steps: K, method: stepCount)
        let (success, failure, expectedPasses) = try tails(sampleSuccess: p, sampleFailure: pf)
        // Reaching pass i depends only on earlier passes, so each reached pass costs E[S] in expectation.
        let usage = cost.usage(
            chains: expectedPasses, width: 1, steps: moments, latencySteps: expectedPasses * moments.mean)
        return StrategyEvaluation(success: success, failure: failure, usage: usage, cost: cost)
    }

    public func success(_ task: SkillTask, budget: StepBudget) throws -> Double {
        let (p, pf) = try ChainOfThought.sampleTails(
            m: task.m, r: task.r, steps: budget.effectiveSteps, method: stepCount)
        return try tails(sampleSuccess: p, sampleFailure: pf).success
    }

    public func play(in context: inout TraversalContext) throws -> Bool {
        let K = context.stepBudget
        var judge = verifier
        for pass in 1...passes {
            let correct = context.runChain(maxSteps: K).solved
            if judge.judge(correct, context.uniform()) || pass == passes { return correct }
        }
        return false
    }
}
