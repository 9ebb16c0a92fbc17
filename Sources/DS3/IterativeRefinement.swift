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

    /// (success, expected passes) for per-pass success p.
    public func successAndPasses(sampleSuccess p: Double) throws(ParameterError) -> (success: Double, passes: Double) {
        try Validate.probability(p, "sample success")
        let (a, w) = verifier.acceptance(p)
        let accept = a + w
        let n = Double(passes)
        // Σ_{i<n} q^i = (1 − q^n)/(1 − q), q = 1 − accept; n when accept = 0.
        let expectedPasses = accept == 0 ? n : -Double.expMinusOne(n * Double.log(onePlus: -accept)) / accept
        let qLast = accept >= 1 ? (passes == 1 ? 1 : 0) : Double.exp((n - 1) * Double.log(onePlus: -accept))
        let success = a * expectedPasses + qLast * p * (1 - verifier.sensitivity)
        return (min(1, max(0, success)), expectedPasses)
    }

    public func evaluate(_ task: SkillTask, budget: StepBudget, cost: CostModel) throws -> StrategyEvaluation {
        let K = budget.effectiveSteps
        let (p, moments) = try ChainOfThought.successAndMoments(m: task.m, r: task.r, steps: K, method: stepCount)
        let (success, expectedPasses) = try successAndPasses(sampleSuccess: p)
        // Reaching pass i depends only on earlier passes, so each reached pass costs E[S] in expectation.
        let usage = cost.usage(
            chains: expectedPasses, width: 1, steps: moments, latencySteps: expectedPasses * moments.mean)
        return StrategyEvaluation(success: success, usage: usage, cost: cost)
    }

    public func success(_ task: SkillTask, budget: StepBudget) throws -> Double {
        let p = try ChainOfThought.sampleSuccess(
            m: task.m, r: task.r, steps: budget.effectiveSteps, method: stepCount)
        return try successAndPasses(sampleSuccess: p).success
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
