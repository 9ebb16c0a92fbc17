import ComputeOptimal
import DS3
import RealModule
import ScalingCore
import TestSupport
import Testing

@Suite("Joint optimum with --max-latency: expected sequential tokens per query")
struct JointLatencyTests {
    static let compute = JointCapsTests.compute
    static let queries = JointOptimumTests.queries

    /// A 3 × 3 population (L0 ∈ {1, 2.25, 3.5} × m ∈ {1, 4, 16}): the latency-capped solve projects every infeasible
    /// point by a root search, so a small population keeps the everyday tier fast.
    static func population() throws -> BridgeAccuracyModel {
        var tasks: [BridgeAccuracyModel.TaskClass] = []
        for L0 in [1.0, 2.25, 3.5] { for m in [1, 4, 16] { tasks.append(try .init(m: m, L0: L0)) } }
        return try BridgeAccuracyModel(law: .chinchilla, tasks: tasks, slope: 5)
    }

    /// The unconstrained optimum, its latency, and the optimum under the cap `fraction` × that latency (memoised: the
    /// binding solve and the dense search share it).
    static func solved(fraction: Double) throws -> (free: JointAllocation, cap: Double, best: JointAllocation) {
        try TestMemo.shared.value("JointLatencyTests.solved.\(fraction)") {
            let model = try Self.population()
            let free = try JointOptimum.global(model: model, compute: compute, queries: queries).best
            let cap = fraction * (try latency(model, free))
            let best = try JointOptimum.global(
                model: model, compute: compute, queries: queries, caps: try .init(maxLatency: cap)
            ).best
            return (free, cap, best)
        }
    }

    static func latency(_ model: some AccuracyModel, _ a: JointAllocation) throws -> Double {
        try model.latency(parameters: a.parameters, trainingTokens: a.trainingTokens, tokensPerQuery: a.tokensPerQuery)
    }

    @Test("The bridge's latency is the population mean of the cost model's chain-of-thought latency, ≤ Ω")
    func latencyIsTheCostModels() throws {
        let model = try Self.population()
        let cost = try CostModel(tokensPerStep: model.tokensPerStep)
        for (L, steps) in [(2.2, 10.0), (2.0, 40.0), (1.9, 200.0)] {
            // Integer K: the cost model's own evaluation of chain-of-thought (exact step moments) is the reference.
            var total = 0.0
            for task in model.tasks {
                let skill = try model.skillTask(task, loss: L)
                total += try ChainOfThought().evaluate(skill, budget: try StepBudget(steps: steps), cost: cost).latency
            }
            let omega = steps * model.tokensPerStep
            let latency = try model.latency(loss: L, tokensPerQuery: omega)
            // Same closed form summed in the same order: rounding only (1e-13 relative).
            #expect(abs(latency - total / Double(model.tasks.count)) <= 1e-13 * latency)
            #expect(latency <= omega)
            // More tokens never shorten the expected latency, a lower loss never lengthens it.
            #expect(try model.latency(loss: L, tokensPerQuery: 1.5 * omega) >= latency)
            #expect(try model.latency(loss: L - 0.1, tokensPerQuery: omega) <= latency)
        }
    }

    @Test("A latency cap at or above the optimum's latency returns the unconstrained optimum bit for bit")
    func looseCapRecoversUnconstrained() throws {
        let model = try Self.population()
        let free = try JointOptimum.global(model: model, compute: Self.compute, queries: Self.queries)
        let own = try Self.latency(model, free.best)
        for cap in [own, 10 * own, .infinity] {
            let capped = try JointOptimum.global(
                model: model, compute: Self.compute, queries: Self.queries, caps: try .init(maxLatency: cap))
            #expect(capped == free, "Λ = \(cap)")
        }
    }

    @Test("A binding latency cap is met, sits on its bound, spends the budget and costs accuracy; a looser one less")
    func bindingCap() throws {
        let model = try Self.population()
        var previous = 0.0
        // Everyday: one cap (shared with the dense search); slow tier: a tighter one too.
        for fraction in (TestTier.slow ? [0.1] : []) + [0.3] {
            let (free, cap, best) = try Self.solved(fraction: fraction)
            // 1e-9 relative: the share is the feasible end of a bracket 1e-12 wide in ln(1 − s), re-rounded once.
            #expect(try Self.latency(model, best) <= cap * (1 + 1e-9))
            #expect(best.convergence.warnings.contains { $0.code == "on-search-bound" })
            #expect(best.accuracy < free.accuracy)
            #expect(best.accuracy > previous)
            previous = best.accuracy
            // Budget identity to rounding (1e-12: a few operations on doubles).
            #expect(close(best.trainingFLOPs + best.inferenceFLOPs, Self.compute, relative: 1e-12))
        }
        #expect(throws: ParameterError.self) { try JointOptimum.Caps(maxLatency: 0) }
        #expect(throws: ParameterError.self) { try JointOptimum.Caps(maxLatency: .nan) }
    }

    @Test("A binding latency cap: no feasible point of a dense search beats the optimum by 1e-9 relative")
    func denseSearch() throws {
        let model = try Self.population()
        let (C, I) = (Self.compute, Self.queries)
        let (_, cap, best) = try Self.solved(fraction: 0.3)
        func feasibleAccuracy(N: Double, rest: Double) throws -> Double? {
            guard rest > 0, rest < 1 else { return nil }
            let (D, omega) = ((1 - rest) * C / (6 * N), rest * C / (2 * N * I))
            guard try model.latency(parameters: N, trainingTokens: D, tokensPerQuery: omega) <= cap else { return nil }
            return try model.accuracy(parameters: N, trainingTokens: D, tokensPerQuery: omega)
        }
        // A grid over ln N ∈ centre ± 12 × logit s ∈ [−12, 12] (infeasible points dropped), then a finer grid
        // around the best point found, which lies next to the latency bound when the cap binds.
        let n = TestTier.count(fast: 61, full: 241)
        let centre = 0.5 * Double.log(C / 120)
        var dense = -Double.infinity
        var at = (x: centre, y: 0.0)
        for i in 0...n {
            for j in 0...n {
                let x = centre - 12 + 24 * Double(i) / Double(n)
                let y = -12 + 24 * Double(j) / Double(n)
                if let v = try feasibleAccuracy(N: Double.exp(x), rest: 1 / (1 + Double.exp(y))), v > dense {
                    dense = v
                    at = (x, y)
                }
            }
        }
        let step = 48 / Double(n)
        let m = TestTier.count(fast: 60, full: 200)
        for i in 0...m {
            for j in 0...m {
                let x = at.x - step + 2 * step * Double(i) / Double(m)
                let y = at.y - step + 2 * step * Double(j) / Double(m)
                if let v = try feasibleAccuracy(N: Double.exp(x), rest: 1 / (1 + Double.exp(y))) {
                    dense = max(dense, v)
                }
            }
        }
        // Grid + Brent along the bound stop at 1e-7 relative in ln N and the root at 1e-12 in ln(1 − s): the
        // accuracy is within f''·1e-14 of the bound's maximum, far inside 1e-9.
        #expect(dense <= best.accuracy * (1 + 1e-9), "dense \(dense) vs \(best.accuracy)")
        // And the search found the bound's maximum, not a worse point: the dense grid comes within 1e-3.
        #expect(dense >= best.accuracy * (1 - 1e-3))
    }
}
