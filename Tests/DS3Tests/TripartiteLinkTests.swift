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
        let cases: [(Double, Double, Double, Double?, Double)] = [
            (3.8e25, 1e15, 0.157843725274, 9.28598058850389e14, 825.0810270739),
            (3.8e25, 2.559547922699533e15, 0.272824639129, 2.1461753400720888e15, 1906.9268312489),
            (3.8e25, 1.0481131341546832e16, 0.448390417217, 8.023002267189294e15, 7128.6245838423),
            (3.8e25, 1e17, 0.724575710581, 7.275835885877624e16, 64647.4983263841),
            (2.0364370572134036e25, 1e16, 0.218362764911, nil, 11000.9672776),
            (3.6173935456451474e25, 8.89159333916466e16, 0.714399965009, nil, 59568.9142574),
            (4.941713361323818e25, 8.155402979038095e14, 0.297742586592, nil, 523.029251),
            (3.556480306223121e26, 1.152979350197266e17, 0.999999999999996, nil, 18615.696553),
        ]
        for (ctr, cinf, acc, used, tokens) in cases {
            let o = try published.population(trainingCompute: ctr, inferenceCompute: cinf)
            #expect(relativeError(o.accuracy, acc) < 1e-9, "C_tr=\(ctr) C_inf=\(cinf): acc \(o.accuracy)")
            if let used { #expect(relativeError(o.computeUsed, used) < 1e-9, "used \(o.computeUsed)") }
            #expect(relativeError(o.tokens, tokens) < 1e-9, "tokens \(o.tokens)")
        }
    }

    @Test func publishedModeReproducesAccuracyCurveAtClaudeScale() throws {
        // C_tr = 3.35e25, C_inf geom(1e14, 1e20, 20): accuracy to 4 decimals and tokens to 0.1 (as printed).
        let accs = [0.0070, 0.0226, 0.0657, 0.1511, 0.2421, 0.3324, 0.4223, 0.5113, 0.6003, 0.6892, 0.7792, 0.8701,
                    0.9481, 0.9998]
        let tokens = [94.6, 194.8, 396.3, 782.7, 1500.0, 2870.5, 5746.5, 11441.2, 23733.8, 48978.0, 99999.3,
                      203145.1, 415818.2, 852573.5]
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
