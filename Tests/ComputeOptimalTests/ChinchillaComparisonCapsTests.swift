import ComputeOptimal
import RealModule
import ScalingCore
import TestSupport
import Testing

@Suite("Chinchilla-constrained comparison under the joint optimum's caps and data limit")
struct ChinchillaComparisonCapsTests {
    static let compute = JointCapsTests.compute
    static let queries = JointOptimumTests.queries

    /// The best accuracy over 801 (slow tier: 4,001) points in ln N ∈ [upper − 25, upper] of D = κN (κ = 20), Ω the least of the
    /// budget's rest, Ω_max and (with a latency cap) the largest Ω of latency ≤ Λ, found here by bisection in Ω.
    static func denseMaximum(_ model: some AccuracyModel, caps: JointOptimum.Caps) throws -> Double {
        let (C, I, kappa) = (compute, queries, 20.0)
        let upper = min(0.5 * Double.log(C / (6 * kappa)), Double.log(caps.maxParameters))
        var best = -Double.infinity
        let n = TestTier.count(fast: 800, full: 4000)
        for k in 0...n {
            let N = Double.exp(upper - 25 + 25 * Double(k) / Double(n))
            var omega = min(max(0, (C - 6 * kappa * N * N) / (2 * N * I)), caps.maxTokensPerQuery)
            if caps.maxLatency.isFinite,
                try model.latency(parameters: N, trainingTokens: kappa * N, tokensPerQuery: omega) > caps.maxLatency
            {
                var (low, high) = (0.0, omega)
                // 60 halvings: Ω to 2^-60 relative, far below what moves the accuracy by 1e-9.
                for _ in 0..<60 {
                    let mid = 0.5 * (low + high)
                    let ok = try model.latency(parameters: N, trainingTokens: kappa * N, tokensPerQuery: mid)
                    if ok <= caps.maxLatency { low = mid } else { high = mid }
                }
                omega = low
            }
            best = max(best, try model.accuracy(parameters: N, trainingTokens: kappa * N, tokensPerQuery: omega))
        }
        return best
    }

    @Test("Caps that do not bind give the uncapped comparison bit for bit; binding ones are met and checked densely")
    func capsBindOrNot() throws {
        let model = try JointLatencyTests.population()
        let (C, I) = (Self.compute, Self.queries)
        let free = try JointOptimum.chinchillaConstrained(model: model, compute: C, queries: I)
        let loose = try JointOptimum.Caps(
            maxParameters: 2 * free.parameters, maxTokensPerQuery: 2 * free.tokensPerQuery)
        #expect(try JointOptimum.chinchillaConstrained(model: model, compute: C, queries: I, caps: loose) == free)
        let freeLatency = try model.latency(
            parameters: free.parameters, trainingTokens: free.trainingTokens, tokensPerQuery: free.tokensPerQuery)
        // Everyday: N and latency caps together; slow tier: each cap alone too.
        let together = try JointOptimum.Caps(maxParameters: free.parameters / 4, maxLatency: freeLatency / 3)
        let alone = [
            try JointOptimum.Caps(maxParameters: free.parameters / 4),
            try JointOptimum.Caps(maxTokensPerQuery: free.tokensPerQuery / 5),
            try JointOptimum.Caps(maxLatency: freeLatency / 3),
        ]
        for caps in [together] + (TestTier.slow ? alone : []) {
            let chin = try JointOptimum.chinchillaConstrained(model: model, compute: C, queries: I, caps: caps)
            #expect(caps.admits(parameters: chin.parameters, tokensPerQuery: chin.tokensPerQuery))
            // 1e-9 relative: the latency root's bracket is 1e-12 wide in ln Ω.
            #expect(
                try model.latency(
                    parameters: chin.parameters, trainingTokens: chin.trainingTokens,
                    tokensPerQuery: chin.tokensPerQuery) <= caps.maxLatency * (1 + 1e-9))
            #expect(chin.trainingFLOPs + chin.inferenceFLOPs <= C * (1 + 1e-12))
            #expect(chin.accuracy < free.accuracy)
            // Grid + Brent stop at 1e-7 relative in ln N: within f''·1e-14 of the maximum, inside 1e-9.
            let dense = try Self.denseMaximum(model, caps: caps)
            #expect(dense <= chin.accuracy * (1 + 1e-9), "\(caps): dense \(dense) vs \(chin.accuracy)")
            // The capped joint optimum never does worse than the capped comparison (its feasible set holds it, up to
            // unspent budget, which more training data can only use). Slow tier: the capped joint solve is costly.
            guard TestTier.slow else { continue }
            let joint = try JointOptimum.global(model: model, compute: C, queries: I, caps: caps).best
            #expect(joint.accuracy >= chin.accuracy - 1e-9)
        }
    }

    @Test("With a data limit the comparison is valued with the data-constrained loss")
    func dataLimit() throws {
        let bridge = try JointLatencyTests.population()
        let (C, I) = (Self.compute, Self.queries)
        let free = try JointOptimum.chinchillaConstrained(model: bridge, compute: C, queries: I)
        let limited = try DataConstrainedAccuracyModel(bridge: bridge, uniqueTokens: free.trainingTokens / 50)
        let chin = try JointOptimum.chinchillaConstrained(model: limited, compute: C, queries: I)
        #expect(
            chin.accuracy
                == (try limited.accuracy(
                    parameters: chin.parameters, trainingTokens: chin.trainingTokens,
                    tokensPerQuery: chin.tokensPerQuery)))
        #expect(chin.accuracy < free.accuracy)
    }
}
