import DS3Kit
import Testing

/// `import DS3Kit` alone reaches every public module, and the names that used to clash resolve without a module
/// prefix (issue 17: two public `TrainingOptimum` types; `import ComputeOptimal` could not see the loss laws).
@Suite("The DS3Kit umbrella module")
struct UmbrellaImportTests {
    @Test("One import gives the loss laws, both training optima, strategies, solvers and figures")
    func oneImportReachesEveryModule() throws {
        let law: ChinchillaLossLaw = .chinchilla
        let chinchilla: TrainingOptimum = try law.computeOptimal(compute: 5.76e23)
        #expect(chinchilla.parameters > 1e10 && chinchilla.parameters < 1e12)
        let graph: GraphTrainingOptimum? = nil
        #expect(graph == nil)
        let task = try SkillTask(m: 3, r: 0.5)
        #expect(try ChainOfThought().success(task, budget: try StepBudget(steps: 3)) == 0.125)
        #expect(try IncompleteBeta.regularized(a: 1, b: 1, x: 0.25) == 0.25)
        #expect(!FigureRegistry.all.isEmpty)
        #expect(try StrategyMenu.standard().count > 1)
    }
}
