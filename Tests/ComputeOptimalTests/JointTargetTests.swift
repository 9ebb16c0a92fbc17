import ComputeOptimal
import ScalingCore
import TestSupport
import Testing

@Suite("Joint optimum for a target accuracy: the least lifetime compute reaching A")
struct JointTargetTests {
    static let queries = JointOptimumTests.queries

    @Test("The budget of the answer gives back A, a budget 1e-6 smaller falls short, and C*(A) grows with A")
    func dualOfTheBudgetProblem() throws {
        let model = try JointOptimumTests.population()
        // Everyday: two targets; slow tier: a ladder of five.
        let targets = TestTier.slow ? [0.2, 0.35, 0.5, 0.65, 0.8] : [0.3, 0.6]
        var previous = 0.0
        for A in targets {
            let answer = try JointOptimum.leastCompute(model: model, accuracy: A, queries: Self.queries).best
            // 1e-9: the target search stops with ln C bracketed to 1e-12 (V moves ≲ 1e-13 over it); what is left is
            // the Nelder–Mead resolution of V itself (simplex 1e-5 ⇒ accuracy error ≲ f''·1e-10).
            #expect(abs(answer.accuracy - A) <= 1e-9, "A = \(A): reached \(answer.accuracy)")
            let again = try JointOptimum.global(model: model, compute: answer.compute, queries: Self.queries).best
            #expect(abs(again.accuracy - A) <= 1e-9)
            #expect(again == answer)
            // No cheaper budget reaches A: its optimum (the best any allocation there does) falls short.
            let cheaper = try JointOptimum.global(
                model: model, compute: answer.compute * (1 - 1e-6), queries: Self.queries
            ).best
            #expect(cheaper.accuracy < A)
            #expect(answer.compute > previous)
            previous = answer.compute
        }
    }

    @Test("With caps: the answer respects them and reaches A; above the capped supremum it is infeasible")
    func cappedTarget() throws {
        let model = try JointOptimumTests.population()
        let caps = try JointOptimum.Caps(maxParameters: 1e8, maxTokensPerQuery: 2000)
        let answer = try JointOptimum.leastCompute(model: model, accuracy: 0.3, queries: Self.queries, caps: caps).best
        #expect(caps.admits(parameters: answer.parameters, tokensPerQuery: answer.tokensPerQuery))
        #expect(abs(answer.accuracy - 0.3) <= 1e-9)
        // The supremum with N ≤ 1e8 and Ω ≤ 2000 is the accuracy at (N_max, D = ∞, Ω_max): a target above it fails.
        let supremum = try model.accuracy(parameters: 1e8, trainingTokens: .infinity, tokensPerQuery: 2000)
        let error = FeasibilityTests.infeasibility {
            _ = try JointOptimum.leastCompute(
                model: model, accuracy: supremum + 0.01, queries: Self.queries, caps: caps)
        }
        #expect(error?.parameter == "target accuracy")
    }

    @Test("Targets outside (0, 1) are refused, A = 1 as infeasible")
    func badTargets() throws {
        let model = try JointOptimumTests.population()
        for A in [0.0, -0.1, 1.5, .nan] {
            #expect(throws: ParameterError.self) {
                _ = try JointOptimum.leastCompute(model: model, accuracy: A, queries: Self.queries)
            }
        }
        _ = FeasibilityTests.infeasibility {
            _ = try JointOptimum.leastCompute(model: model, accuracy: 1, queries: Self.queries)
        }
    }
}
