import DS3
import Foundation
import ScalingCore
import Testing

@Suite("Link to the tripartite training model")
struct TripartiteLinkTests {
    let published = try! TripartiteLink(mode: .published)

    // ds3-theory §8 (values that match the authors' released CSVs), printed to 12 significant digits for the
    // accuracy and 10–15 for the compute: 1e-9 relative.
    @Test func publishedModeReproducesReleasedPopulationValues() throws {
        let rows = try fixtureRows("ds3/tripartite-cot-published.csv")
        #expect(rows.count == 8)
        let cases = rows.map {
            (
                $0.number("C_tr")!, $0.number("C_inf_alloc")!, $0.number("acc")!, $0.number("C_inf_used"),
                $0.number("tokens")!
            )
        }
        for (ctr, cinf, acc, used, tokens) in cases {
            let o = try published.population(trainingCompute: ctr, inferenceCompute: cinf)
            #expect(relativeError(o.accuracy, acc) < 1e-9, "C_tr=\(ctr) C_inf=\(cinf): acc \(o.accuracy)")
            if let used { #expect(relativeError(o.computeUsed, used) < 1e-9, "used \(o.computeUsed)") }
            #expect(relativeError(o.tokens, tokens) < 1e-9, "tokens \(o.tokens)")
        }
    }

    @Test func publishedModeReproducesAccuracyCurveAtClaudeScale() throws {
        // C_tr = 3.35e25, C_inf geom(1e14, 1e20, 20): accuracy to 4 decimals and tokens to 0.1 (as printed).
        let accs = [
            0.0070, 0.0226, 0.0657, 0.1511, 0.2421, 0.3324, 0.4223, 0.5113, 0.6003, 0.6892, 0.7792, 0.8701,
            0.9481, 0.9998,
        ]
        let tokens = [
            94.6, 194.8, 396.3, 782.7, 1500.0, 2870.5, 5746.5, 11441.2, 23733.8, 48978.0, 99999.3,
            203145.1, 415818.2, 852573.5,
        ]
        let grid = try Grid.geom(1e14, 1e20, 20)
        let competence = try published.competence(trainingCompute: 3.35e25)
        #expect(competence.gamma[60] == 1 && competence.gamma[61] == 0)  // levels 1…60 learned (§4.2)
        for (i, cinf) in grid.prefix(accs.count).enumerated() {
            let o = try published.population(trainingCompute: 3.35e25, inferenceCompute: cinf, competence: competence)
            #expect(abs(o.accuracy - accs[i]) <= 5e-5 + 1e-12, "i=\(i) acc \(o.accuracy)")
            #expect(abs(o.tokens - tokens[i]) <= 0.05 + 1e-9, "i=\(i) tokens \(o.tokens)")
        }
    }

    @Test func trainingStaircaseAtFixedTokenBudget() throws {
        // 64k allocated tokens (C_inf = 2N · 64,000, so K is the same for every model and accuracy changes only
        // when a new skill level is learned), C_tr in geom(1.7e25, 3.8e25, 8):
        // 0.3378, 0.4238, 0.5105, 0.5105, 0.5983, 0.5983, 0.6883, 0.6883 (4 decimals).
        let expected = [0.3378, 0.4238, 0.5105, 0.5105, 0.5983, 0.5983, 0.6883, 0.6883]
        for (ctr, ref) in zip(try Grid.geom(1.7e25, 3.8e25, 8), expected) {
            let N = try published.model(trainingCompute: ctr).parameters
            let cinf = 2 * N * 64_000
            let o = try published.population(trainingCompute: ctr, inferenceCompute: cinf)
            #expect(abs(o.accuracy - ref) <= 5e-5 + 1e-12, "C_tr=\(ctr): \(o.accuracy)")
        }
    }

    @Test func reexpressionFollowsPrerequisiteProducts() throws {
        let link = published
        // Same level: m; lower level: ⌈m Π σ_k⌉; higher level: max(⌈m / Π σ_k⌉, 2).
        #expect(link.reexpressedSkills(level: 60, skills: 7, at: 60) == 7)
        let s61 = 0.5 * log(61.0)
        #expect(link.reexpressedSkills(level: 61, skills: 7, at: 60) == Int((7 * s61).rounded(.up)))
        #expect(link.reexpressedSkills(level: 60, skills: 7, at: 61) == max(Int((7 / s61).rounded(.up)), 2))
    }

    @Test func theoryModeUsesLearnedConceptsAndExactSteps() throws {
        let theory = try TripartiteLink(mode: .theory)
        let pBar = try theory.learnedConceptProbability(trainingCompute: 3.8e25)
        #expect(pBar > 0 && pBar <= 1)
        // With P̄ forced to 1, theory differs from published only by whole steps and exact expected steps:
        // accuracy can only drop (⌊K⌋ ≤ K) and used compute stays within the allocation.
        let forced = try theory.competence(trainingCompute: 3.8e25, learnedConcepts: 1)
        let a = try theory.population(trainingCompute: 3.8e25, inferenceCompute: 1e16, competence: forced)
        let b = try published.population(trainingCompute: 3.8e25, inferenceCompute: 1e16)
        #expect(a.accuracy <= b.accuracy + 1e-15)
        #expect(a.computeUsed <= 1e16 * (1 + 1e-12))
        // Exact expected steps ≤ min(K, m/r) (Jensen: E[min(T, K)] ≤ min(E T, K)).
        #expect(a.computeUsed <= b.computeUsed * (1 + 1e-12))
    }
}

@Suite("Skill competence by token-to-parameter ratio (F20)")
struct CompetenceStaircaseTests {
    @Test func supportSumStaircaseMatchesReference() throws {
        // ds3-theory §6 F20: Σ_l term1_l with P̄ = 1, δ = 1e-10 (integers: a count of levels with d_l > η).
        let constants = try TripartiteLink.Constants(unionDelta: 1e-10)
        let link = try TripartiteLink(constants: constants, mode: .published)
        let kappas = [10.0, 15, 20, 25, 30, 40]
        let expected: [Double: [Double]] = [
            1e22: [19, 17, 15, 14, 13, 12], 1e24: [42, 40, 38, 37, 36, 35], 1e26: [65, 63, 61, 60, 59, 58],
        ]
        for (ctr, values) in expected {
            for (kappa, value) in zip(kappas, values) {
                #expect(
                    try link.supportSum(trainingCompute: ctr, tokensPerParameter: kappa) == value,
                    "C_tr=\(ctr) κ=\(kappa)")
            }
        }
    }
}

@Suite("Tripartite link against the simulator")
struct TripartiteSimulatorTests {
    @Test func theoryModeMatchesSimulatorOnChosenLevel() throws {
        // Theory mode on task (l = 60, m = 8) at C_tr = 3.8e25 with a 16-step budget: the closed form picks a level
        // (m*, r*, γ); the simulator plays chain-of-thought on the equivalent population (reachable with γ^{m*},
        // else r = 0) with ⌊K⌋ whole steps. Accuracy and used compute within 4 SE.
        let link = try TripartiteLink(mode: .theory)
        let ctr = 3.8e25
        let N = try link.model(trainingCompute: ctr).parameters
        let competence = try link.competence(trainingCompute: ctr)
        let K = 16.0
        let cinf = 2 * N * 25 * K
        let o = try link.evaluate(level: 60, skills: 8, competence: competence, parameters: N, inferenceCompute: cinf)
        #expect(o.level > 0 && o.accuracy > 0.01 && o.accuracy < 0.99, "\(o)")
        let reach = pow(competence.gamma[o.level], Double(o.skills))
        let population = try TaskPopulation(
            tasks: [SkillTask(m: o.skills, r: o.stepSuccess), SkillTask(m: o.skills, r: 0)],
            weights: [reach, 1 - reach])
        let cost = try CostModel(parameters: N, tokensPerStep: 25)
        let sim = try TraversalSimulator.run(
            ChainOfThought(), tasks: population, budget: StepBudget(steps: K), cost: cost, trials: 20_000, seed: 77)
        expectWithin(o.accuracy, sim.success, trials: 20_000, "theory-mode accuracy")
        expectWithin(o.computeUsed, sim.flops, trials: 20_000, "theory-mode compute")
    }
}

@Suite("TripartiteLink constants are checked when made")
struct TripartiteLinkConstantsTests {
    /// Each of the 16 constants, one bad value at a time: the error names that constant (issue 17: 7 of 16 were
    /// checked and ω = 0 divided by zero).
    @Test("Every constant outside its range is refused, naming it; cross-constant ranges by the link")
    func everyConstantIsValidated() throws {
        typealias C = TripartiteLink.Constants
        let cases: [(String, () throws -> C)] = [
            ("L", { try C(levels: 0) }), ("L_min", { try C(minLevel: 0) }), ("L_max", { try C(maxLevel: -1) }),
            ("m_min", { try C(minSkills: 0) }), ("m_max", { try C(maxSkills: 0) }),
            ("S_l", { try C(skillsPerLevel: 0) }), ("d_t", { try C(textDegree: -1) }),
            ("zeta", { try C(parametersPerConcept: .nan) }), ("tau", { try C(tokensPerText: 0) }),
            ("omega", { try C(tokensPerStep: 0) }), ("kappa", { try C(tokensPerParameter: .infinity) }),
            ("beta", { try C(distractorRatio: -0.5) }), ("rho", { try C(directionality: 1.5) }),
            ("eta", { try C(supportThreshold: -1) }), ("delta", { try C(unionDelta: 1) }),
            ("epsilon", { try C(erasure: 0) }),
        ]
        for (name, make) in cases {
            do {
                _ = try make()
                Issue.record("\(name): accepted a bad value")
            } catch let error as ParameterError {
                #expect(error.parameter.hasPrefix(name), "\(name): error names \(error.parameter)")
            }
        }
        #expect(throws: ParameterError.self) { try TripartiteLink(constants: try C(minLevel: 80, maxLevel: 70)) }
        #expect(throws: ParameterError.self) { try TripartiteLink(constants: try C(minSkills: 9, maxSkills: 3)) }
        #expect(try TripartiteLink().constants == C())
    }
}
