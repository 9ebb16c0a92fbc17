import ComputeOptimal
import DS3
import ScalingCore
import Testing

/// A strategy from outside the library, wrapping best-of-N and declaring its N chains.
private struct WrappedSamples: InferenceStrategy {
    let inner: BestOfN
    var name: String { "wrapped(\(inner.samples))" }
    var budgetShape: BudgetShape { get throws { try BudgetShape(width: inner.samples) } }
    func evaluate(_ task: SkillTask, budget: StepBudget, cost: CostModel) throws -> StrategyEvaluation {
        try inner.evaluate(task, budget: budget, cost: cost)
    }
    func play(in context: inout TraversalContext) throws -> Bool { try inner.play(in: &context) }
}

@Suite("User strategies in the strategy map and dynamic allocation")
struct CustomStrategyOptionTests {
    @Test("A menu option's multiplier is the strategy's declared chains, built-in or not")
    func multiplierFromDeclaredShape() throws {
        let labels = try StrategyMenu.standard().map { "\($0.label):\(Int($0.multiplier))" }
        #expect(labels.contains("tot(4):4") && labels.contains("mv(27):27") && labels.contains("refine(16):16"))
        #expect(try StrategyOption(WrappedSamples(inner: try BestOfN(samples: 16))).multiplier == 16)
    }

    /// Success does not depend on the strategy's name: a wrapped best-of-N in place of the built-in one gives a
    /// dynamic plan of the same accuracy, bit for bit.
    @Test("Dynamic allocation treats a wrapped best-of-N exactly like the built-in one")
    func dynamicAllocationTreatsCustomAlike() throws {
        let tasks = try [(3, 0.4), (8, 0.6), (12, 0.85)].map { try SkillTask(m: $0.0, r: $0.1) }
        let population = try TaskPopulation(tasks: tasks, weights: [1, 2, 1])
        let cost = try CostModel(parameters: 1e9)
        let budgets = try Grid.geom(1, 1e3, 31)
        func menu(_ custom: Bool) throws -> [StrategyOption] {
            let bon = try BestOfN(samples: 4)
            return [
                try StrategyOption(ChainOfThought()),
                custom ? try StrategyOption(WrappedSamples(inner: bon)) : try StrategyOption(bon),
            ]
        }
        let builtIn = try DynamicAllocation(
            population: population, averageSteps: 40, budgets: budgets, menu: try menu(false), cost: cost)
        let custom = try DynamicAllocation(
            population: population, averageSteps: 40, budgets: budgets, menu: try menu(true), cost: cost)
        #expect(custom.accuracy == builtIn.accuracy)
        #expect(custom.uniformAccuracy == builtIn.uniformAccuracy)
    }
}
