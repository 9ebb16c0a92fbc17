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
    public static func runChainOfThoughtFast(
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
        let chunkCount = min(chunks, trials)
        let partials = try Parallel.map(count: chunkCount, threads: threads) { chunk -> [Moments] in
            var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(chunk))
            var acc = Array(repeating: Moments(), count: 4)
            let start = chunk * trials / chunkCount
            let end = (chunk + 1) * trials / chunkCount
            for _ in start..<end {
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
                acc[0].add(solved ? 1 : 0)
                acc[1].add(cost.flops(ComputeUsage(tokens: tokens, attentionPairs: pairs, latencyTokens: tokens)))
                acc[2].add(tokens)
                acc[3].add(tokens)
            }
            return acc
        }
        var total = Array(repeating: Moments(), count: 4)
        for part in partials { for i in 0..<4 { total[i].merge(part[i]) } }
        let e = total.map(\.estimate)
        return SimulationSummary(trials: trials, seed: seed, success: e[0], flops: e[1], tokens: e[2], latency: e[3])
    }
}
