import ScalingCore
import Testing
import Tripartite

/// Library defects of issue 18 (item 7): inputs that used to trap now throw a `ParameterError` naming the range.
@Suite("Tripartite inputs that used to trap")
struct LibraryDefectTests {
    @Test("Density evolution refuses 0 or negative iteration budgets and a negative tolerance instead of trapping")
    func fixedPointIterationBudget() throws {
        let ensemble = try BinomialEnsemble(variableTrials: 500, checkTrials: 200, edgeProbability: 0.03)
        for budget in [0, -1, Int.min] {
            #expect(throws: ParameterError.self) {
                try DensityEvolution.fixedPoint(ensemble, erasure: 0.3, maxIterations: budget)
            }
        }
        #expect(throws: ParameterError.self) { try DensityEvolution.fixedPoint(ensemble, erasure: 0.3, tolerance: -1) }
        // One iteration is a valid budget: it either converges or reports non-convergence (not a trap).
        #expect(throws: (any Error).self) { try DensityEvolution.fixedPoint(ensemble, erasure: 0.3, maxIterations: 1) }
    }

    @Test("Skill-level queries check the level against 1…L")
    func skillLevelIndexChecked() throws {
        let model = try SkillGraphModel(schedule: try SkillLevelSchedule.notebook(skillsPerLevel: 3))
        let L = model.schedule.levels
        for level in [0, -1, L + 1, Int.max] {
            #expect(throws: ParameterError.self) {
                try model.cooccurrenceProbability(level: level, concepts: 50, texts: 10)
            }
            #expect(throws: ParameterError.self) { try model.meanDegree(level: level, edgeProbability: 0.1) }
            #expect(throws: ParameterError.self) { try model.supportProbability(level: level, concepts: 50, texts: 10) }
        }
        #expect(try model.meanDegree(level: L, edgeProbability: 0.5) > 0)
    }
}
