import ComputeOptimal
import DS3
import Foundation
import ScalingCore

/// Items (b)–(e) and (g) of the performance suite: inference theory and allocation.
public enum BenchDS3 {
    /// The released code's (C_tr, C_inf) grid of the tripartite DS3 figure F19 (ds3-theory §6): C_tr geom(1e25,
    /// 1e27, 50) × allocated C_inf geom(1e13, 5e17, 60).
    public static func populationGridAxes() throws -> (training: [Double], inference: [Double]) {
        (try Grid.geom(1e25, 1e27, 50), try Grid.geom(1e13, 5e17, 60))
    }

    /// (b) The tripartite DS3 population grid at the released resolution: for each of the 3000 (C_tr, C_inf)
    /// points, E[acc] and E[C_inf used] over the population φ(l, m) uniform on {60…70} × {2…15} (154 tasks), each
    /// task solved by chain-of-thought at its best skill level (`TripartiteLink`, `.published` mode as released).
    /// Computed by `TripartiteLink.populationGrid` (per row the usable (l', m') pairs; per point a bounded search
    /// for each task's best level — levels whose reach, Chernoff bound or lower-sum term rules them out need no
    /// incomplete beta —, a memo per (l', m') and values of exactly 1 carried along the row; rows on `threads`
    /// cores). Work unit: one grid point.
    ///
    /// Checksum: Σ E[acc] over the grid.
    public static func populationGrid(threads: Int) throws -> BenchWork {
        let (training, inference) = try populationGridAxes()
        let link = try TripartiteLink(mode: .published)
        let grid = try link.populationGrid(trainingComputes: training, inferenceComputes: inference, threads: threads)
        return BenchWork(units: Double(grid.count), checksum: grid.reduce(0) { $0 + $1.accuracy })
    }

    /// (b) with `TripartiteLink.population` called at each point (the per-call path), for comparison.
    package static func populationGridReference(threads: Int) throws -> BenchWork {
        let (training, inference) = try populationGridAxes()
        let link = try TripartiteLink(mode: .published)
        let rows = try Parallel.map(count: training.count, threads: threads) { i -> Double in
            let competence = try link.competence(trainingCompute: training[i])
            var sum = 0.0
            for cInf in inference {
                sum += try link.population(
                    trainingCompute: training[i], inferenceCompute: cInf, competence: competence
                ).accuracy
            }
            return sum
        }
        return BenchWork(units: Double(training.count * inference.count), checksum: rows.reduce(0, +))
    }

    /// Budgets of item (c): C geom(1e18, 1e26, 1000) FLOPs.
    public static func optimaBudgets() throws -> [Double] { try Grid.geom(1e18, 1e26, 1000) }

    /// (c1) 1,000 training-only optima: the Chinchilla closed form N*(C), D*(C) and L* (Hoffmann et al. Eq. 4, the
    /// `.chinchilla` constants) at C geom(1e18, 1e26, 1000), through the batch frontier (`ChinchillaFrontier`:
    /// constants hoisted, no allocation per optimum). Work unit: one optimum. The budget grid is built inside the
    /// timed work, as on the Python side.
    ///
    /// Checksum: Σ ln N*.
    public static func trainingOptima(threads _: Int) throws -> BenchWork {
        let frontier = ChinchillaLossLaw.chinchilla.frontier
        var checksum = 0.0
        for C in try optimaBudgets() { checksum += Double.log(try frontier.optimum(compute: C).parameters) }
        return BenchWork(units: 1000, checksum: checksum)
    }

    /// (c1) on the per-call reference path (`ChinchillaLossLaw.computeOptimal(compute:)`), for comparison.
    package static func trainingOptimaReference(threads _: Int) throws -> BenchWork {
        let law = ChinchillaLossLaw.chinchilla
        var checksum = 0.0
        for C in try optimaBudgets() { checksum += Double.log(try law.computeOptimal(compute: C).parameters) }
        return BenchWork(units: 1000, checksum: checksum)
    }

    /// The budget grid of item (c) alone (geom(1e18, 1e26, 1000)), to separate its cost from the optima's.
    public static func optimaBudgetGrid(threads _: Int) throws -> BenchWork {
        let budgets = try optimaBudgets()
        return BenchWork(units: Double(budgets.count), checksum: budgets.reduce(0, +) / 1e26)
    }

    /// (c2) 1,000 inference-aware optima (Sardana et al.'s problem): minimise the loss at a lifetime budget
    /// 6ND + 2NT = C with T = 1e13 inference tokens, C geom(1e18, 1e26, 1000); each a safeguarded Newton root of the
    /// stationarity condition in ln D (`InferenceAware.fixedBudget`, 4–5 iterations). Work unit: one optimum.
    ///
    /// Checksum: Σ ln N*.
    public static func inferenceAwareOptima(threads _: Int) throws -> BenchWork {
        let law = ChinchillaLossLaw.chinchilla
        var checksum = 0.0
        for C in try optimaBudgets() {
            let optimum = try InferenceAware.fixedBudget(law: law, compute: C, inferenceTokens: 1e13)
            checksum += Double.log(optimum.parameters)
        }
        return BenchWork(units: 1000, checksum: checksum)
    }

    /// (d) 100 DS3 joint optima over (N, D, Ω) at lifetime budgets C geom(1e19, 3e24, 100) with I = 1e9 queries,
    /// for the joint-allocation population of figure ds3-F13 (empirical bridge, 56 task classes), each by the
    /// multi-start Nelder–Mead of `JointOptimum.global`. Budgets run on `threads` cores. Work unit: one optimum.
    ///
    /// Checksum: Σ accuracy.
    public static func jointOptima(threads: Int) throws -> BenchWork {
        let model = try AllocationFigures.jointPopulation()
        let budgets = try Grid.geom(1e19, 3e24, 100)
        let accuracies = try Parallel.map(count: budgets.count, threads: threads) { i in
            try JointOptimum.global(model: model, compute: budgets[i], queries: 1e9).best.accuracy
        }
        return BenchWork(units: Double(budgets.count), checksum: accuracies.reduce(0, +))
    }

    /// Per-sample success of item (e): just above the plateau threshold p = (1 − p)/9 (p = 0.1) of 10 equally
    /// likely answers, where every wrong answer competes and the exact sum is widest.
    public static let votingSampleSuccess = 0.12

    /// (e) Exact majority voting, N = 10⁴ samples, 10 answers (9 equally likely wrong ones), per-sample success
    /// 0.12: Σ_s Bin(s; N, p) W(s, N − s), the multinomial win probability W by the module's exact method
    /// (`MajorityVoting.accuracy(sampleSuccess:)`: with equally likely wrong answers one real FFT per W and the
    /// binomial expansion in the ties, `equalWeightWinProbability`; the window of s in 32 interleaved chunks on both
    /// cores). Work unit: one accuracy.
    ///
    /// Checksum: the accuracy.
    public static func exactVoting(threads _: Int) throws -> BenchWork {
        let mv = try MajorityVoting.uniform(samples: 10_000, answers: 10)
        return BenchWork(units: 1, checksum: try mv.accuracy(sampleSuccess: votingSampleSuccess))
    }

    /// The task of item (g): m = 10 required skills, per-step success r = 0.05 (E[T_m] = 200 steps), budget
    /// K = 400 whole steps; 50,000 queries ≈ 10⁷ simulated steps.
    public static func traversalSetup() throws -> (task: SkillTask, budget: StepBudget, cost: CostModel, trials: Int) {
        (try SkillTask(m: 10, r: 0.05), try StepBudget(steps: 400), try CostModel(parameters: 1e10), 50_000)
    }

    /// (g) The traversal simulator playing chain-of-thought on the fast path
    /// (`TraversalSimulator.runChainOfThoughtFast`: geometric jumps between successes, the cost account summed in
    /// closed form), seeded chunks on `threads` cores. Work unit: one simulated step (trials × mean tokens / ω).
    ///
    /// Checksum: estimated success probability.
    public static func traversal(threads: Int) throws -> BenchWork {
        let s = try traversalSetup()
        let summary = try TraversalSimulator.runChainOfThoughtFast(
            task: s.task, budget: s.budget, cost: s.cost, trials: s.trials, seed: 9, threads: threads)
        let steps = summary.tokens.mean / s.cost.tokensPerStep * Double(s.trials)
        return BenchWork(units: steps, checksum: summary.success.mean)
    }

    /// (g) on the step-by-step reference (`TraversalSimulator.run(ChainOfThought(), …)`: one Bernoulli draw and one
    /// cost update per step).
    package static func traversalReference(threads: Int) throws -> BenchWork {
        let s = try traversalSetup()
        let summary = try TraversalSimulator.run(
            ChainOfThought(), tasks: s.task, budget: s.budget, cost: s.cost, trials: s.trials, seed: 9,
            threads: threads)
        let steps = summary.tokens.mean / s.cost.tokensPerStep * Double(s.trials)
        return BenchWork(units: steps, checksum: summary.success.mean)
    }
}
