import GSL
import RealModule
import ScalingCore

extension JointOptimum.Caps {
    /// The inference share at which an allocation of model size N meets the latency cap Λ, or nil when `share`
    /// already meets it (expected latency ≤ Λ).
    ///
    /// Along the budget at fixed N, a smaller inference share 1 − s means fewer tokens Ω = (1 − s)C/(2NI) and more
    /// training data D = sC/(6N), hence a lower loss: the expected latency (`AccuracyModel.latency`) falls on both
    /// counts, so the shares that meet Λ form an interval [0, share*]. share* is found by Brent on ln(1 − s) between
    /// the share where Ω = Λ/2 (latency ≤ Ω for any strategy: sequential tokens are among the tokens) and `share`;
    /// the feasible end of the final bracket is returned (0 when Λ/2 tokens underflow the share).
    func latencyShare(
        model: some AccuracyModel, parameters N: Double, share: Double, compute C: Double, queries I: Double
    ) throws -> Double? {
        try largestMeetingLatency(upTo: share, lowest: min(share, maxLatency * N * I / C)) { rest in
            try model.latency(
                parameters: N, trainingTokens: (1 - rest) * C / (6 * N), tokensPerQuery: rest * C / (2 * N * I))
        }
    }

    /// The tokens per query Ω ≤ `omega` at which a model of N parameters trained on D tokens meets the latency cap
    /// (Brent on ln Ω from Λ/2, where the latency is at most Λ/2), or nil when `omega` already meets it. For the
    /// Chinchilla-constrained allocation, whose D = κN does not move with Ω.
    func latencyTokens(
        model: some AccuracyModel, parameters N: Double, trainingTokens D: Double, tokensPerQuery omega: Double
    ) throws -> Double? {
        try largestMeetingLatency(upTo: omega, lowest: min(omega, maxLatency / 2)) { x in
            try model.latency(parameters: N, trainingTokens: D, tokensPerQuery: x)
        }
    }

    /// The largest x ≤ `value` with latency(x) ≤ Λ, for a latency non-decreasing in x with latency(`lowest`) ≤ Λ:
    /// nil when `value` meets Λ, 0 when `lowest` is 0 (or not below `value`), else the feasible end of a Brent
    /// bracket 1e-12 wide in ln x.
    func largestMeetingLatency(upTo value: Double, lowest: Double, _ latency: (Double) throws -> Double) throws
        -> Double?
    {
        guard maxLatency.isFinite, value > 0, try latency(value) > maxLatency else { return nil }
        guard lowest > 0, lowest < value else { return 0 }
        let root = try Roots.brent(
            lower: Double.log(lowest), upper: Double.log(value), absoluteTolerance: 1e-12, relativeTolerance: 0
        ) { x in try latency(Double.exp(x)) - maxLatency }
        return Double.exp(root.lower)
    }
}

extension JointOptimum {
    /// The best allocation along the latency cap (expected latency = Λ): grid (200 points) + Brent on ln N over
    /// 25 e-folds below min(N_max, C/6), the inference share at each N the largest that meets Λ and Ω_max
    /// (`Caps.latencyShare`). nil without a latency cap or when the interval is empty.
    static func alongLatencyCap(
        model: some AccuracyModel, compute C: Double, queries I: Double, caps: Caps
    ) throws -> (N: Double, rest: Double, accuracy: Double, iterations: Int, width: Double)? {
        guard caps.maxLatency.isFinite else { return nil }
        let upper = min(Double.log(caps.maxParameters), Double.log(C / 6))
        guard upper > 0, upper.isFinite else { return nil }
        func rest(_ N: Double) throws -> Double {
            let start = min(1 - 1e-12, 2 * N * I * caps.maxTokensPerQuery / C)
            return try caps.latencyShare(model: model, parameters: N, share: start, compute: C, queries: I) ?? start
        }
        func accuracy(_ N: Double) throws -> Double {
            let r = try rest(N)
            return try model.accuracy(
                parameters: N, trainingTokens: (1 - r) * C / (6 * N), tokensPerQuery: r * C / (2 * N * I))
        }
        let m = try Minimize1D.global(lower: max(0, upper - 25), upper: upper, gridPoints: 200) { x in
            -Double.log(max(try accuracy(Double.exp(x)), 1e-300))
        }.minimum
        let N = Double.exp(m.x)
        return (N, try rest(N), try accuracy(N), m.iterations, m.upper - m.lower)
    }
}
