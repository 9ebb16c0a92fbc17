import DS3
import ScalingCore

extension BridgeAccuracyModel {
    /// Expected latency of one query at loss L with Ω tokens, in sequentially generated tokens (the DS3 cost model's
    /// `ComputeUsage.latencyTokens`), as the weighted mean over the task population. Chain-of-thought (no
    /// `strategy`): ω E[min(T_m, K)] with K = Ω/ω real, E[min(T_m, K)] = (m/r) I_r(m+1, K−m+1) + K (1 − I_r(m, K−m+1))
    /// (`ChainOfThought.expectedSteps`, exact), which is K when K − m + 1 ≤ 0 (the chain runs out first), and is
    /// capped at K (the real-K form exceeds K between K − m + 1 = 0 and K ≈ m, where no true expectation can). With a
    /// `strategy`: its `evaluate(…).latency` at K / chains continuous steps per chain.
    ///
    /// It never exceeds Ω for chain-of-thought, grows with Ω and falls as the loss falls (r rises).
    public func latency(loss L: Double, tokensPerQuery omega: Double) throws -> Double {
        let K = try Validate.nonNegative(omega, "tokens per query") / tokensPerStep
        let cost = try CostModel(tokensPerStep: tokensPerStep)
        var total = 0.0
        var weight = 0.0
        let r = try difficulties.map { L0 throws(ParameterError) in
            try stepSuccess(loss: L, difficulty: L0)
        }
        for (task, k) in zip(tasks, difficultyIndex) where task.weight > 0 {
            let tokens: Double
            if let strategy {
                tokens = try strategy.evaluate(
                    SkillTask(m: task.m, r: r[k]), budget: StepBudget(steps: K / chains, rounding: .continuous),
                    cost: cost
                ).latency
            } else {
                // E[min(T_m, K)] ≤ K holds for every K; the closed form with real K overshoots it below K ≈ m, and
                // for a subnormal r gives (m/r)·0 = NaN where the chain surely runs out (S = K): both clamped to K.
                let steps = try ChainOfThought.expectedSteps(m: task.m, r: r[k], steps: K)
                tokens = tokensPerStep * (steps.isFinite ? min(steps, K) : K)
            }
            total += task.weight * tokens
            weight += task.weight
        }
        return total / weight
    }

    public func latency(parameters N: Double, trainingTokens D: Double, tokensPerQuery omega: Double) throws -> Double {
        let L = D.isInfinite ? try law.infiniteDataLoss(parameters: N) : try law.loss(parameters: N, tokens: D)
        return try latency(loss: L, tokensPerQuery: omega)
    }
}

extension DataConstrainedAccuracyModel {
    /// The bridge's expected latency (`BridgeAccuracyModel.latency(loss:tokensPerQuery:)`, sequential tokens) at
    /// the data-constrained loss L(N, D; U).
    public func latency(parameters N: Double, trainingTokens D: Double, tokensPerQuery omega: Double) throws -> Double {
        let L = D.isInfinite ? try law.infiniteDataLoss(parameters: N) : try law.loss(parameters: N, tokens: D)
        return try bridge.latency(loss: L, tokensPerQuery: omega)
    }
}
