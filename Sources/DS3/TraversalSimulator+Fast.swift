import Foundation
import ScalingCore

/// Chain-of-thought in the traversal simulator by geometric jumps: with Bernoulli(r) steps the number of failed
/// attempts before each success is Geometric(r), so a chain of m required skills is m draws of
/// ⌊ln U / ln(1 − r)⌋ instead of one draw per step (T_m is negative binomial), stopped at the budget ⌊K⌋. The cost
/// account is the reference's per-step charge summed in closed form: S steps of ω tokens at context positions
/// 0, ω, …, (S − 1)ω give S ω tokens, S ω P + ω² S(S − 1)/2 + S ω(ω − 1)/2 attention pairs (P prompt tokens) and
/// S ω of latency. Same distribution as `run(ChainOfThought(), …)` (the step-by-step reference it is tested
/// against); random numbers are consumed differently, so the two agree statistically, not sample by sample.
extension TraversalSimulator {
    /// Plays chain-of-thought on a fixed task with Bernoulli(r) steps, `trials` queries in `chunks` seeded
    /// streams on `threads` cores (independent of the thread count).
    package static func runChainOfThoughtFast(
        task: SkillTask, budget: StepBudget, cost: CostModel, trials: Int, seed: UInt64,
        threads: Int = Parallel.defaultThreads
    ) throws -> SimulationSummary {
        try Validate.count(trials, "trials")
        let m = task.m
        let r = task.r
        let K = budget.wholeSteps
        let w = cost.tokensPerStep
        let prompt = cost.promptTokens
        let inverseLogFail = r < 1 ? 1 / Foundation.log1p(-r) : 0
        return try summarize(trials: trials, seed: seed, threads: threads) { rng in
            var steps = 0
            var successes = 0
            if r <= 0 {
                steps = K
            } else {
                while successes < m {
                    let failures =
                        r >= 1 ? 0.0 : (Foundation.log(rng.uniformOpen()) * inverseLogFail).rounded(.down)
                    if failures >= Double(K - steps) {  // the next success would come after the budget
                        steps = K
                        break
                    }
                    steps += Int(failures) + 1
                    successes += 1
                }
            }
            let solved = successes == m && steps <= K
            let s = Double(steps)
            let tokens = s * w
            let pairs = s * w * prompt + w * w * s * (s - 1) / 2 + s * w * (w - 1) / 2
            return TrialOutcome(
                solved: solved,
                flops: cost.flops(ComputeUsage(tokens: tokens, attentionPairs: pairs, latencyTokens: tokens)),
                tokens: tokens, latency: tokens)
        }
    }
}
