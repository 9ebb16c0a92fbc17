import ComputeOptimal
import GSL
import RealModule
import ScalingCore
import TestSupport
import Testing

@Suite("Joint optimum with --max-params and --max-tokens-per-query caps")
struct JointCapsTests {
    static let compute = 1e21
    static let queries = JointOptimumTests.queries

    /// The best accuracy over a dense set of feasible allocations of the capped problem: a 241 × 241 grid over
    /// ln N ∈ [centre − 12, min(centre + 12, ln N_max)] × logit s ∈ [−12, 12] (points over a cap dropped), plus 4,001
    /// points along each active cap's boundary (N = N_max over the whole range of s that keeps Ω ≤ Ω_max, and
    /// Ω = Ω_max over ln N), where a capped optimum lies; then 101 × 101 (or 4,001) points around the best.
    static func denseMaximum(_ model: some AccuracyModel, caps: JointOptimum.Caps) throws -> Double {
        let (C, I) = (compute, queries)
        func accuracy(N: Double, rest: Double) throws -> Double? {
            let omega = rest * C / (2 * N * I)
            guard N <= caps.maxParameters, omega <= caps.maxTokensPerQuery, rest > 0, rest < 1 else { return nil }
            return try model.accuracy(parameters: N, trainingTokens: (1 - rest) * C / (6 * N), tokensPerQuery: omega)
        }
        var best = -Double.infinity
        let centre = 0.5 * Double.log(C / 120)
        let top = min(centre + 12, Double.log(caps.maxParameters))
        var where2D = (x: 0.0, y: 0.0)
        for i in 0...240 {
            for j in 0...240 {
                let x = (centre - 12) + (top - centre + 12) * Double(i) / 240
                let y = -12 + 0.1 * Double(j)
                if let v = try accuracy(N: Double.exp(x), rest: 1 / (1 + Double.exp(y))), v > best {
                    best = v
                    where2D = (x, y)
                }
            }
        }
        for i in 0...100 {
            for j in 0...100 {
                let x = min(where2D.x - 0.2 + 0.004 * Double(i), top)
                let y = where2D.y - 0.2 + 0.004 * Double(j)
                if let v = try accuracy(N: Double.exp(x), rest: 1 / (1 + Double.exp(y))) { best = max(best, v) }
            }
        }
        // Boundary N = N_max: the inference share from 1e-12 up to its cap.
        if caps.maxParameters.isFinite {
            let N = caps.maxParameters
            let restCap = min(1 - 1e-12, 2 * N * I * caps.maxTokensPerQuery / C)
            for k in 0...4000 {
                let rest = Double.exp(Double.log(1e-12) + (Double.log(restCap) - Double.log(1e-12)) * Double(k) / 4000)
                if let v = try accuracy(N: N, rest: rest) { best = max(best, v) }
            }
        }
        // Boundary Ω = Ω_max: ln N over the grid's range, the share 2NIΩ_max/C < 1.
        if caps.maxTokensPerQuery.isFinite {
            for k in 0...4000 {
                let N = Double.exp((centre - 12) + (top - centre + 12) * Double(k) / 4000)
                if let v = try accuracy(N: N, rest: 2 * N * I * caps.maxTokensPerQuery / C) { best = max(best, v) }
            }
        }
        return best
    }

    @Test("Caps that do not bind return the unconstrained joint optimum bit for bit")
    func capsNotBindingEqualUnconstrained() throws {
        let model = try JointOptimumTests.population()
        let free = try JointOptimum.global(model: model, compute: Self.compute, queries: Self.queries)
        // Everyday: caps exactly at the optimum's N and Ω (the tightest that do not bind); slow tier: more.
        for caps in (TestTier.slow ? [try JointOptimum.Caps(), try JointOptimum.Caps(maxParameters: 1e30)] : []) + [
            try JointOptimum.Caps(maxParameters: free.best.parameters),
            try JointOptimum.Caps(
                maxParameters: 2 * free.best.parameters, maxTokensPerQuery: free.best.tokensPerQuery),
        ] {
            #expect(
                try JointOptimum.global(model: model, compute: Self.compute, queries: Self.queries, caps: caps) == free)
        }
    }

    @Test(
        "Binding caps: the optimum respects them, spends the budget, sits on a cap and never beats the uncapped optimum"
    )
    func bindingCapsHold() throws {
        let model = try JointOptimumTests.population()
        let free = try JointOptimum.global(model: model, compute: Self.compute, queries: Self.queries).best
        // Everyday: one cap of each kind at once; slow tier: each alone as well.
        let bothCaps = try JointOptimum.Caps(
            maxParameters: free.parameters / 2, maxTokensPerQuery: free.tokensPerQuery / 2)
        let singleCaps = [
            try JointOptimum.Caps(maxParameters: free.parameters / 10),
            try JointOptimum.Caps(maxTokensPerQuery: free.tokensPerQuery / 10),
        ]
        for caps in [bothCaps] + (TestTier.slow ? singleCaps : []) {
            let best = try JointOptimum.global(
                model: model, compute: Self.compute, queries: Self.queries, caps: caps
            ).best
            #expect(caps.admits(parameters: best.parameters, tokensPerQuery: best.tokensPerQuery))
            #expect(best.accuracy <= free.accuracy)
            // Budget identity to rounding (1e-12: a few operations on doubles).
            #expect(close(best.trainingFLOPs + best.inferenceFLOPs, Self.compute, relative: 1e-12))
            #expect(best.convergence.warnings.contains { $0.code == "on-search-bound" })
        }
        // A tiny Ω cap (C/(2IΩ_max) overflows) is answered, not refused by the 1-D search along the cap.
        let tiny = try JointOptimum.global(
            model: model, compute: Self.compute, queries: Self.queries, caps: try .init(maxTokensPerQuery: 1e-300))
        #expect(tiny.best.tokensPerQuery <= 1e-300)
        #expect(throws: ParameterError.self) { try JointOptimum.Caps(maxParameters: 0) }
        #expect(throws: ParameterError.self) { try JointOptimum.Caps(maxTokensPerQuery: .nan) }
        _ = FeasibilityTests.infeasibility {
            _ = try JointOptimum.global(
                model: model, compute: Self.compute, queries: Self.queries, caps: try .init(maxParameters: 0.5))
        }
    }

    @Test(
        "Binding caps: no feasible point of a dense search beats the capped optimum by 1e-9 relative",
        .enabled(if: TestTier.slow))
    func bindingCapsBeatDenseSearch() throws {
        let model = try JointOptimumTests.population()
        let free = try JointOptimum.global(model: model, compute: Self.compute, queries: Self.queries).best
        for caps in [
            try JointOptimum.Caps(maxParameters: free.parameters / 10),
            try JointOptimum.Caps(maxParameters: free.parameters / 1000),
            try JointOptimum.Caps(maxTokensPerQuery: free.tokensPerQuery / 10),
            try JointOptimum.Caps(maxTokensPerQuery: free.tokensPerQuery / 1000),
            try JointOptimum.Caps(maxParameters: free.parameters / 3, maxTokensPerQuery: free.tokensPerQuery / 3),
        ] {
            let best = try JointOptimum.global(
                model: model, compute: Self.compute, queries: Self.queries, caps: caps
            ).best
            let dense = try Self.denseMaximum(model, caps: caps)
            // Brent along a cap stops at 1e-7 relative in its variable and Nelder–Mead at a simplex of 1e-5: the
            // accuracy is within f''·1e-10 of the maximum, inside 1e-9.
            #expect(dense <= best.accuracy * (1 + 1e-9), "\(caps): dense \(dense) vs \(best.accuracy)")
        }
    }
}
