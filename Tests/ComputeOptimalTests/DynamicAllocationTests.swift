import ComputeOptimal
import DS3
import RealModule
import ScalingCore
import TestSupport
import Testing

@Suite("Strategy map and dynamic allocation")
struct DynamicAllocationTests {
    static func randomPopulation(seed: UInt64, count: Int) throws -> TaskPopulation {
        var rng = Xoshiro256StarStar(seed: seed)
        var tasks: [SkillTask] = []
        var weights: [Double] = []
        for _ in 0..<count {
            let m = 1 + Int(rng.uniform() * 30)
            let r = 0.02 + 0.9 * rng.uniform()
            tasks.append(try SkillTask(m: m, r: r))
            weights.append(0.1 + rng.uniform())
        }
        return try TaskPopulation(tasks: tasks, weights: weights)
    }

    static let budgets: [Double] = (try? Grid.geom(1, 1e4, 40)) ?? []

    @Test("Dynamic allocation is never worse than the best uniform allocation and spends at most the budget")
    func neverWorseThanUniform() throws {
        let cost = try CostModel(parameters: 1e9)
        let menu = try StrategyMenu.standard()
        // Both resolutions on four random populations in the slow tier; every day the grid resolution on all four
        // and the continuous one (a few times costlier) on the first.
        let cases: [(seed: UInt64, resolution: DynamicAllocation.Resolution)] =
            (1...4).flatMap { seed in
                [(UInt64(seed), .grid)] + (TestTier.slow || seed == 1 ? [(UInt64(seed), .continuous)] : [])
            }
        for (seed, resolution) in cases {
            let population = try Self.randomPopulation(seed: seed, count: 12)
            for average in [5.0, 40, 300, 2000] {
                let plan = try DynamicAllocation(
                    population: population, averageSteps: average, budgets: Self.budgets, menu: menu, cost: cost,
                    resolution: resolution)
                // Exact LP arithmetic: only rounding (≤ 1e-12) separates equal accuracies.
                #expect(plan.accuracy >= plan.uniformAccuracy - 1e-12)
                let spent = zip(plan.plans, population.weights).reduce(0) { $0 + $1.1 * $1.0.allocatedSteps }
                #expect(spent <= average * (1 + 1e-12))
                let fromPlans = plan.plans.reduce(0) { $0 + $1.weight * $1.success }
                #expect(abs(fromPlans - plan.accuracy) <= 1e-12)
                #expect(plan.computeSaved >= -1e-12 && plan.computeSaved <= 1)
                // At most one class is split between two budgets (LP relaxation structure).
                #expect(plan.plans.filter { $0.assignments.count > 1 }.count <= 1)
            }
        }
    }

    @Test("Grid-resolution dynamic accuracy equals the Lagrangian dual bound over the candidate budgets")
    func equalsLagrangianDual() throws {
        let cost = try CostModel(parameters: 1e9)
        let menu = try StrategyMenu.chainOfThought()
        let population = try Self.randomPopulation(seed: 11, count: 6)
        let budgets = try Grid.geom(1, 2e3, 25)
        for average in [3.0, 30, 150, 600] {
            let plan = try DynamicAllocation(
                population: population, averageSteps: average, budgets: budgets, menu: menu, cost: cost,
                resolution: .grid)
            // Independent computation: min over λ ≥ 0 of Σ w_i max_c (s_i(c) − λc) + λ B̄, with every candidate
            // point (no hull). The dual is piecewise linear in λ with breakpoints at pairwise slopes; scanning all
            // of them finds its minimum exactly, which equals the LP optimum by strong duality.
            let candidates = Array(Set(budgets + [average])).sorted()
            var curves: [[(Double, Double)]] = []
            for task in population.tasks {
                var points: [(Double, Double)] = [(0, 0)]
                for B in candidates {
                    points.append(
                        (B, try ChainOfThought.successProbability(m: task.m, r: task.r, steps: B.rounded(.down))))
                }
                curves.append(points)
            }
            var lambdas: Set<Double> = [0]
            for points in curves {
                for i in points.indices {
                    for j in points.indices where points[j].0 > points[i].0 {
                        let slope = (points[j].1 - points[i].1) / (points[j].0 - points[i].0)
                        if slope > 0 { lambdas.insert(slope) }
                    }
                }
            }
            var dual = Double.infinity
            for lambda in lambdas {
                var value = lambda * average
                for (points, w) in zip(curves, population.weights) {
                    value += w * (points.map { $0.1 - lambda * $0.0 }.max() ?? 0)
                }
                dual = min(dual, value)
            }
            // Both are exact; they differ by floating-point rounding of sums of ≤ 200 terms: 1e-12.
            #expect(abs(plan.accuracy - dual) <= 1e-12)
        }
    }

    @Test("Pure per-task allocations found by brute force never beat the dynamic allocation")
    func bruteForceNeverBetter() throws {
        let cost = try CostModel(parameters: 1e9)
        let menu = try StrategyMenu.chainOfThought()
        let population = try Self.randomPopulation(seed: 5, count: 3)
        let budgets: [Double] = [2, 5, 10, 20, 50, 100, 200]
        let options = [0.0] + budgets
        let success = try population.tasks.map { task in
            try options.map { try ChainOfThought.successProbability(m: task.m, r: task.r, steps: $0) }
        }
        for average in [4.0, 15, 60] {
            let plan = try DynamicAllocation(
                population: population, averageSteps: average, budgets: budgets, menu: menu, cost: cost)
            var bestPure = 0.0
            for a in options.indices {
                for b in options.indices {
                    for c in options.indices {
                        let w = population.weights
                        let spent = w[0] * options[a] + w[1] * options[b] + w[2] * options[c]
                        guard spent <= average else { continue }
                        bestPure = max(bestPure, w[0] * success[0][a] + w[1] * success[1][b] + w[2] * success[2][c])
                    }
                }
            }
            #expect(plan.accuracy >= bestPure - 1e-12)
        }
    }

    @Test("Dynamic allocation at the matching budget reaches the uniform accuracy")
    func matchingBudgetReachesUniform() throws {
        let cost = try CostModel(parameters: 1e9)
        let menu = try StrategyMenu.standard()
        let population = try Self.randomPopulation(seed: 3, count: 10)
        let plan = try DynamicAllocation(
            population: population, averageSteps: 200, budgets: Self.budgets, menu: menu, cost: cost)
        let matched = try DynamicAllocation(
            population: population, averageSteps: plan.stepsToMatchUniform, budgets: Self.budgets, menu: menu,
            cost: cost)
        // Adding B' to the candidates can only raise the hull, so accuracy(B') ≥ uniform accuracy (rounding 1e-12).
        #expect(matched.accuracy >= plan.uniformAccuracy - 1e-12)
        #expect(plan.stepsToMatchUniform <= 200)
    }

    @Test("Strategy choice picks the best option at equal allocated compute and CoT matches its closed form")
    func strategyChoiceIsBest() throws {
        let cost = try CostModel(parameters: 1e9)
        let menu = try StrategyMenu.standard()
        for (m, r, B) in [(5, 0.2, 40.0), (10, 0.05, 400), (1, 0.01, 64), (20, 0.9, 32)] {
            let task = try SkillTask(m: m, r: r)
            let choice = try StrategyChoice(task: task, allocatedSteps: B, menu: menu, cost: cost)
            // Up to the documented tie tolerance: successes within 1e-12 are ties resolved by expected FLOPs.
            for option in menu {
                let success = try option.evaluate(task, allocatedSteps: B, cost: cost).success
                #expect(success <= choice.success + StrategyChoice.tieTolerance)
            }
            #expect(choice.runnerUpSuccess <= choice.success + StrategyChoice.tieTolerance)
            // Same closed form through two paths: identical doubles.
            #expect(choice.chainOfThoughtSuccess == (try ChainOfThought.successProbability(m: m, r: r, steps: B)))
        }
        // Hard steps, short chain (m = 1, r = 0.01, 64 steps): parallel oracle sampling equals CoT's retries
        // (1 − 0.99^64 either way), and ToT(16) with 4 depths gets the same — all tie, CoT has the fewest FLOPs.
        let hard = try StrategyChoice(task: SkillTask(m: 1, r: 0.01), allocatedSteps: 64, menu: menu, cost: cost)
        #expect(abs(hard.success - (1 - Double.pow(0.99, 64))) <= 1e-12)
    }
}
