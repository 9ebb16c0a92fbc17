import ComputeOptimal
import DS3
import ScalingCore
import Testing

/// `DynamicAllocation.sweep` shares one table of strategy successes between several averages; each of its plans
/// must be the plan the one-average initialiser computes, value for value (the same successes enter the same
/// arithmetic, so `==` with no tolerance).
@Suite("Dynamic allocation sweep = one plan per average")
struct DynamicSweepTests {
    @Test("Every plan of the sweep equals the single-average plan, including averages on and off the budget grid")
    func sweepMatchesSinglePlans() throws {
        let cost = try CostModel(parameters: 1e9)
        let menu = try StrategyMenu.standard()
        let population = try DynamicAllocationTests.randomPopulation(seed: 7, count: 8)
        let budgets = try Grid.geom(1, 1e4, 30)
        // 0 (nothing to spend), a budget of the grid, values between grid points, and one beyond the grid.
        let averages = [0, budgets[10], 3.7, 55.5, 800, 2e4]
        let sweep = try DynamicAllocation.sweep(
            population: population, averageSteps: averages, budgets: budgets, menu: menu, cost: cost)
        #expect(sweep.count == averages.count)
        for (average, plan) in zip(averages, sweep) {
            let single = try DynamicAllocation(
                population: population, averageSteps: average, budgets: budgets, menu: menu, cost: cost)
            #expect(plan.averageSteps == average)
            #expect(plan.plans == single.plans, "B̄ = \(average)")
            #expect(plan.accuracy == single.accuracy, "B̄ = \(average)")
            #expect(plan.uniformLabel == single.uniformLabel, "B̄ = \(average)")
            #expect(plan.uniformAccuracy == single.uniformAccuracy, "B̄ = \(average)")
            #expect(plan.stepsToMatchUniform == single.stepsToMatchUniform, "B̄ = \(average)")
        }
    }

    @Test("The sweep rejects a negative average or budget like the single-average initialiser")
    func sweepValidatesInput() throws {
        let cost = try CostModel(parameters: 1e9)
        let menu = try StrategyMenu.standard()
        let population = try DynamicAllocationTests.randomPopulation(seed: 3, count: 2)
        #expect(throws: ParameterError.self) {
            try DynamicAllocation.sweep(
                population: population, averageSteps: [1, -1], budgets: [1, 10], menu: menu, cost: cost)
        }
        #expect(throws: ParameterError.self) {
            try DynamicAllocation.sweep(
                population: population, averageSteps: [1], budgets: [1, -10], menu: menu, cost: cost)
        }
    }
}
