import ComputeOptimal
import GSL
import RealModule
import ScalingCore
import TestSupport
import Testing

@Suite("Data-constrained law (Muennighoff et al. 2023) and its optima")
struct DataConstrainedOptimumTests {
    /// Compute of the README's Figure 1 (right) comparison: the 8.67B-parameter model on 178B tokens.
    static let readmeCompute = 6 * 8.67e9 * 178e9

    /// min over ln D ∈ [0, ln((C − 2T)/6)] of L(C/(6D + 2T), D; U) by two plain grids (20,001 points over the whole
    /// range, then 20,001 points over ±2 steps of the best): a search that shares nothing with the solver.
    static func denseMinimum(_ law: DataConstrainedLossLaw, compute C: Double, inferenceTokens T: Double) throws
        -> Double
    {
        func loss(_ u: Double) throws -> Double {
            let D = Double.exp(u)
            return try law.loss(parameters: C / (6 * D + 2 * T), tokens: D)
        }
        let top = Double.log((C - 2 * T) / 6)
        var best = (u: 0.0, value: Double.infinity)
        let n = 20_000
        for i in 0...n {
            let u = top * Double(i) / Double(n)
            let v = try loss(u)
            if v < best.value { best = (u, v) }
        }
        let step = top / Double(n)
        let (a, b) = (max(0, best.u - 2 * step), min(top, best.u + 2 * step))
        for i in 0...n {
            let v = try loss(a + (b - a) * Double(i) / Double(n))
            best.value = min(best.value, v)
        }
        return best.value
    }

    @Test("Published constants: the README's two losses reproduced to the printed 17 digits (within 4 ulps)")
    func readmeLossesReproduced() throws {
        let law = try DataConstrainedLossLaw.muennighoff(uniqueTokens: 25e9)
        #expect(law.dataRepetitionScale == 15.387756 && law.parameterRepetitionScale == 5.309743)
        #expect(law.base.alpha == 0.3526596 && law.base.beta == 0.3526596)
        #expect(try ChinchillaLossLaw.named("muennighoff") == .muennighoff)
        // datablations README, "Parametric Fit": scaling_law(6.34e9, 242e9, 25e9) = 2.2256440889984477 and
        // scaling_law(8.67e9, 178e9, 25e9) = 2.2269634075087867 (numpy doubles). We evaluate 1 − e^(−x) as
        // −expm1(−x) and in log space, so the last bits may differ: 4 ulps of 2.2 is 1.8e-15 relative.
        #expect(close(try law.loss(parameters: 6.34e9, tokens: 242e9), 2.2256440889984477, relative: 2e-15))
        #expect(close(try law.loss(parameters: 8.67e9, tokens: 178e9), 2.2269634075087867, relative: 2e-15))
    }

    @Test("Published optimum: 25B unique tokens at 6·8.67e9·178e9 FLOPs gives 227B tokens, 9.1 epochs, 6.8B parameters")
    func readmeOptimalAllocationReproduced() throws {
        let law = try DataConstrainedLossLaw.muennighoff(uniqueTokens: 25e9)
        let opt = try DataConstrainedOptimum.training(law: law, compute: Self.readmeCompute)
        // README: "-> 227B tokens, 9.1 epochs, 6.8B parameters" (from a 500-point grid; the printed digits are
        // coarser than its step, so the continuous optimum must round to them).
        #expect(roundsTo(opt.tokens, 227e9, significantDigits: 3))
        #expect(roundsTo(opt.tokens / 25e9, 9.1, significantDigits: 2))
        #expect(roundsTo(opt.parameters, 6.8e9, significantDigits: 2))
        #expect(close(6 * opt.parameters * opt.tokens, Self.readmeCompute, relative: 1e-14))
        // Better than both models the README compares (its "better" one, 6.34B on 242B, loses by ~3.8e-4).
        #expect(opt.loss < (try law.loss(parameters: 6.34e9, tokens: 242e9)))
        #expect(!law.agreesWithBase(parameters: opt.parameters, tokens: opt.tokens))
        #expect(opt.convergence.warnings.isEmpty)
    }

    @Test("Law: equals its base where D ≤ U and N ≤ N_opt(D), never below it, saturating at U(1 + R*_D)")
    func lawLimits() throws {
        let law = try DataConstrainedLossLaw(base: .chinchilla, uniqueTokens: 1e11)
        let base = ChinchillaLossLaw.chinchilla
        for D in [1e8, 1e10, 1e11] {
            let N = law.optimalParameters(tokens: D) * 0.5
            #expect(try law.loss(parameters: N, tokens: D) == base.loss(parameters: N, tokens: D))
        }
        for (N, D) in [(1e9, 1e12), (1e12, 1e10), (1e7, 1e14), (1e10, 1e11)] {
            #expect(try law.loss(parameters: N, tokens: D) >= base.loss(parameters: N, tokens: D))
            #expect(law.effectiveTokens(D) <= D && law.effectiveParameters(N, tokens: D) <= N)
        }
        // D → ∞: D' → U(1 + R*_D); the infinite-data loss is that limit (1e-12: at D/U = 1e6 the exponential has
        // vanished and only rounding remains).
        #expect(close(law.effectiveTokens(1e30), 1e11 * (1 + 15.387756), relative: 1e-12))
        #expect(
            try close(law.infiniteDataLoss(parameters: 1e9), law.loss(parameters: 1e9, tokens: 1e30), relative: 1e-12))
        let unlimited = try DataConstrainedLossLaw(base: .chinchilla, uniqueTokens: .infinity)
        #expect(try unlimited.infiniteDataLoss(parameters: 1e9) == base.infiniteDataLoss(parameters: 1e9))
        // N_opt(D) is the base frontier's pairing: at the Chinchilla optimum of 1e23 FLOPs, N* = N_opt(D*).
        let chin = try base.computeOptimal(compute: 1e23)
        #expect(close(law.optimalParameters(tokens: chin.tokens), chin.parameters, relative: 1e-13))
    }

    @Test("U at or above the unconstrained D* (or U = ∞) returns today's optima bit for bit")
    func unboundLimitEqualsUnconstrained() throws {
        for base in [ChinchillaLossLaw.chinchilla, .epoch, .muennighoff] {
            for C in [1e18, 1e21, 1e24, 1e27] {
                let free = try base.computeOptimal(compute: C)
                for U in [free.tokens, 2 * free.tokens, .infinity] {
                    let law = try DataConstrainedLossLaw(base: base, uniqueTokens: U)
                    let opt = try DataConstrainedOptimum.training(law: law, compute: C)
                    #expect(opt.parameters == free.parameters && opt.tokens == free.tokens && opt.loss == free.loss)
                    #expect(opt.convergence == .closedForm)
                    for T in [0.0, 1e12, 1e15] {
                        let aware = try InferenceAware.fixedBudget(law: base, compute: C, inferenceTokens: T)
                        let limited = try DataConstrainedLossLaw(base: base, uniqueTokens: max(U, aware.tokens))
                        #expect(
                            try DataConstrainedOptimum.fixedBudget(law: limited, compute: C, inferenceTokens: T)
                                == aware)
                    }
                }
            }
        }
    }

    @Test("A binding U: no point of an independent dense search along the budget beats the optimum by 1e-9")
    func bindingOptimaBeatDenseSearch() throws {
        // Everyday: two cases; slow tier: a sweep over laws, budgets, limits and inference demand.
        let cases: [(ChinchillaLossLaw, Double, Double, Double)] =
            TestTier.slow
            ? [ChinchillaLossLaw.chinchilla, .muennighoff, .epoch].flatMap { base in
                [1e20, 1e23, 1e26].flatMap { C in
                    [1e-3, 1e-1, 0.5].flatMap { f in
                        [0.0, 1e13].map { T in (base, C, f * base.unconstrainedDataOptimum(C), T) }
                    }
                }
            }
            : [(.muennighoff, Self.readmeCompute, 25e9, 0), (.chinchilla, 1e24, 1e10, 1e13)]
        for (base, C, U, T) in cases {
            let law = try DataConstrainedLossLaw(base: base, uniqueTokens: U)
            let opt = try DataConstrainedOptimum.fixedBudget(law: law, compute: C, inferenceTokens: T)
            let dense = try Self.denseMinimum(law, compute: C, inferenceTokens: T)
            // "No feasible point better by more than 1e-9 relative."
            #expect(dense >= opt.loss * (1 - 1e-9), "C \(C) U \(U) T \(T): dense \(dense) vs \(opt.loss)")
            #expect(close(6 * opt.parameters * opt.tokens + 2 * opt.parameters * T, C, relative: 1e-12))
            // A binding limit costs loss relative to unlimited data (never gains).
            let free = try InferenceAware.fixedBudget(law: base, compute: C, inferenceTokens: T)
            #expect(opt.loss >= free.loss)
        }
    }

    @Test("Fixed-loss form: non-binding U returns today's optimum bit for bit; a binding U agrees with the budget form")
    func fixedLossForm() throws {
        let base = ChinchillaLossLaw.chinchilla
        for (ell, T) in [(2.1, 1e12), (1.95, 1e14)] {
            let free = try InferenceAware.fixedLoss(law: base, loss: ell, inferenceTokens: T)
            for U in [free.tokens, .infinity] {
                let law = try DataConstrainedLossLaw(base: base, uniqueTokens: U)
                #expect(try DataConstrainedOptimum.fixedLoss(law: law, loss: ell, inferenceTokens: T) == free)
            }
            let law = try DataConstrainedLossLaw(base: base, uniqueTokens: free.tokens / 20)
            let opt = try DataConstrainedOptimum.fixedLoss(law: law, loss: ell, inferenceTokens: T)
            // The loss is met (1e-12: N is explicit given D, a few roundings), and costs more than unlimited data.
            #expect(close(opt.loss, ell, relative: 1e-12))
            #expect(opt.totalFLOPs >= free.totalFLOPs)
            // Duality: the budget optimum at the fixed-loss optimum's FLOPs reaches the same loss at the same (N, D).
            // 1e-6 in N and D: both solvers locate a flat minimum (Brent, 1e-7 relative in ln D + 10 ≈ 36).
            let dual = try DataConstrainedOptimum.fixedBudget(law: law, compute: opt.totalFLOPs, inferenceTokens: T)
            #expect(close(dual.loss, ell, relative: 1e-10))
            #expect(
                close(dual.tokens, opt.tokens, relative: 1e-4) && close(dual.parameters, opt.parameters, relative: 1e-4)
            )
            // Independent check along D: at D(1 ± 1e-2) the least N reaching ℓ, by bisection, costs more.
            for factor in [0.99, 1.01] {
                let D = opt.tokens * factor
                var (low, high) = (1.0, 1e30)
                for _ in 0..<200 {
                    let mid = (low * high).squareRoot()
                    if try law.loss(parameters: mid, tokens: D) > ell { low = mid } else { high = mid }
                }
                #expect(high * (6 * D + 2 * T) >= opt.totalFLOPs * (1 - 1e-9))
            }
        }
        let law = try DataConstrainedLossLaw(base: base, uniqueTokens: 1e9)
        _ = FeasibilityTests.infeasibility {
            _ = try DataConstrainedOptimum.fixedLoss(law: law, loss: 1.8, inferenceTokens: 0)
        }
        // Far above the base law's largest loss with N ≥ 1 and D ≥ 1: infeasible, not an internal error.
        _ = FeasibilityTests.infeasibility {
            _ = try DataConstrainedOptimum.fixedLoss(law: law, loss: 1e300, inferenceTokens: 1e12)
        }
    }

    @Test(
        "Fixed-loss form under a binding U: no point of a dense (ln N, ln D) grid with loss ≤ ℓ costs 1e-9 less",
        .enabled(if: TestTier.slow))
    func fixedLossBeatsDenseSearch() throws {
        for (base, ell, T, fraction) in [
            (ChinchillaLossLaw.chinchilla, 2.1, 1e12, 0.05), (.chinchilla, 1.95, 1e14, 0.05),
            (.muennighoff, 2.3, 0, 0.3),
        ] {
            let free = try InferenceAware.fixedLoss(law: base, loss: ell, inferenceTokens: T)
            let law = try DataConstrainedLossLaw(base: base, uniqueTokens: fraction * free.tokens)
            let opt = try DataConstrainedOptimum.fixedLoss(law: law, loss: ell, inferenceTokens: T)
            let (x0, y0) = (Double.log(opt.parameters), Double.log(opt.tokens))
            var cheapest = Double.infinity
            // 801 × 801 over ln N, ln D ∈ optimum ± 8, then 401 × 401 over ± 0.04 around it.
            for (half, n) in [(8.0, 800), (0.04, 400)] {
                for i in 0...n {
                    for j in 0...n {
                        let N = Double.exp(x0 - half + 2 * half * Double(i) / Double(n))
                        let D = Double.exp(y0 - half + 2 * half * Double(j) / Double(n))
                        if try law.loss(parameters: N, tokens: D) <= ell {
                            cheapest = min(cheapest, N * (6 * D + 2 * T))
                        }
                    }
                }
            }
            #expect(cheapest >= opt.totalFLOPs * (1 - 1e-9), "ℓ \(ell): dense \(cheapest) vs \(opt.totalFLOPs)")
        }
    }

    @Test("Infeasible and invalid limits throw ParameterError: U ≤ 0 or NaN, U < 1, R* ≤ 0, budget below 6 + 2T")
    func feasibilityErrors() throws {
        for U in [0.0, -1, .nan] {
            #expect(throws: ParameterError.self) { try DataConstrainedLossLaw(base: .chinchilla, uniqueTokens: U) }
        }
        #expect(throws: ParameterError.self) {
            try DataConstrainedLossLaw(base: .chinchilla, uniqueTokens: 1e9, dataRepetitionScale: 0)
        }
        #expect(throws: ParameterError.self) {
            try DataConstrainedLossLaw(base: .chinchilla, uniqueTokens: 1e9, parameterRepetitionScale: .infinity)
        }
        let tiny = try DataConstrainedLossLaw(base: .chinchilla, uniqueTokens: 0.5)
        _ = FeasibilityTests.infeasibility { _ = try DataConstrainedOptimum.training(law: tiny, compute: 1e20) }
        _ = FeasibilityTests.infeasibility {
            _ = try DataConstrainedOptimum.fixedBudget(law: tiny, compute: 1e20, inferenceTokens: 0)
        }
        let law = try DataConstrainedLossLaw(base: .chinchilla, uniqueTokens: 10)
        _ = FeasibilityTests.infeasibility {
            _ = try DataConstrainedOptimum.fixedBudget(law: law, compute: 100, inferenceTokens: 1e3)
        }
    }

    @Test("Joint optimum: U above the unconstrained D returns it bit for bit; a binding U trains on repeated data")
    func jointLimit() throws {
        let bridge = try JointOptimumTests.population()
        let C = 1e21
        let free = try JointOptimum.global(model: bridge, compute: C, queries: JointOptimumTests.queries)
        for U in [free.best.trainingTokens, .infinity] {
            let model = try DataConstrainedAccuracyModel(bridge: bridge, uniqueTokens: U)
            #expect(
                try DataConstrainedOptimum.joint(model: model, compute: C, queries: JointOptimumTests.queries) == free)
        }
        let U = free.best.trainingTokens / 100
        let model = try DataConstrainedAccuracyModel(bridge: bridge, uniqueTokens: U)
        let bound = try DataConstrainedOptimum.joint(model: model, compute: C, queries: JointOptimumTests.queries).best
        #expect(bound.accuracy <= free.best.accuracy)
        #expect(bound.trainingTokens > U)
        #expect(close(bound.trainingFLOPs + bound.inferenceFLOPs, C, relative: 1e-12))
    }

    @Test(
        "Joint optimum under a binding U: no point of a dense (ln N, logit s) search beats it by 1e-9 relative",
        .enabled(if: TestTier.slow))
    func jointBindingBeatsDenseSearch() throws {
        let bridge = try JointOptimumTests.population()
        let I = JointOptimumTests.queries
        for (C, fraction) in [(1e21, 0.01), (1e23, 0.1), (1e23, 0.001)] {
            let free = try JointOptimum.global(model: bridge, compute: C, queries: I).best
            let model = try DataConstrainedAccuracyModel(
                bridge: bridge, uniqueTokens: fraction * free.trainingTokens)
            let best = try DataConstrainedOptimum.joint(model: model, compute: C, queries: I).best
            func accuracy(_ x: Double, _ y: Double) throws -> Double {
                let N = Double.exp(x)
                let s = 1 / (1 + Double.exp(-y))
                return try model.accuracy(
                    parameters: N, trainingTokens: s * C / (6 * N), tokensPerQuery: (1 - s) * C / (2 * N * I))
            }
            // Dense grid 241 × 241 over ln N ∈ centre ± 12 and logit s ∈ [−12, 12], then 101 × 101 over ±2 steps of
            // the best grid point.
            let centre = 0.5 * Double.log(C / 120)
            var top = (x: 0.0, y: 0.0, value: -Double.infinity)
            for i in 0...240 {
                for j in 0...240 {
                    let x = centre - 12 + 0.1 * Double(i)
                    let y = -12 + 0.1 * Double(j)
                    let v = try accuracy(x, y)
                    if v > top.value { top = (x, y, v) }
                }
            }
            let coarse = top
            for i in 0...100 {
                for j in 0...100 {
                    let v = try accuracy(coarse.x - 0.2 + 0.004 * Double(i), coarse.y - 0.2 + 0.004 * Double(j))
                    top.value = max(top.value, v)
                }
            }
            // Nelder–Mead stops at a simplex of 1e-5: the accuracy is within f''·1e-10 of the maximum, well inside 1e-9.
            #expect(top.value <= best.accuracy * (1 + 1e-9), "C \(C): dense \(top.value) vs \(best.accuracy)")
        }
    }
}

extension ChinchillaLossLaw {
    /// D* of the Chinchilla frontier at C (tests only).
    fileprivate func unconstrainedDataOptimum(_ C: Double) -> Double {
        (try? computeOptimal(compute: C).tokens) ?? 1
    }
}
