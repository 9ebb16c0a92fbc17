import ComputeOptimal
import DS3
import ScalingCore
import Testing

/// The bridge accuracy model with any inference strategy (issue 17: the joint optimum was chain-of-thought only).
@Suite("Bridge accuracy with a chosen strategy")
struct StrategyBridgeTests {
    static func classes() throws -> [BridgeAccuracyModel.TaskClass] {
        try [(1, 1.5), (4, 2.0), (8, 2.5), (16, 3.0)].map { try .init(m: $0.0, L0: $0.1) }
    }

    /// Identity: CoT as a strategy (continuous K) is the authors' real-K formula; only the incomplete-beta route
    /// differs (negative-binomial tails vs `successProbability`), each accurate to ~1e-14 relative.
    @Test("Chain-of-thought given as a strategy equals the default bridge to 1e-13")
    func chainOfThoughtStrategyEqualsDefault() throws {
        let plain = try BridgeAccuracyModel(tasks: try Self.classes())
        let cot = try BridgeAccuracyModel(tasks: try Self.classes(), strategy: ChainOfThought())
        for loss in [1.9, 2.2, 2.6, 3.0] {
            for omega in [10.0, 25, 180, 1e3, 4e4] {
                let a = try plain.accuracy(loss: loss, tokensPerQuery: omega)
                let b = try cot.accuracy(loss: loss, tokensPerQuery: omega)
                #expect(abs(a - b) <= 1e-13 * max(a, 1e-300), "L = \(loss), Ω = \(omega): \(a) vs \(b)")
            }
        }
        #expect(plain.isMonotone && !cot.isMonotone)
    }

    /// Independent computation: best-of-4 with an oracle verifier on a task with per-chain success p is
    /// 1 − (1 − p)^4, p the CoT success at K/4 steps; the model's population average must equal the weighted sum.
    @Test("Best-of-4 in the bridge equals 1 − (1 − p)^4 of CoT at a quarter of the steps, averaged by weight")
    func bestOfNMatchesIndependentFormula() throws {
        let model = try BridgeAccuracyModel(tasks: try Self.classes(), strategy: BestOfN(samples: 4))
        for (loss, omega) in [(2.0, 400.0), (2.4, 2e3), (2.8, 1e4)] {
            var expected = 0.0
            for task in model.tasks {
                let r = try model.stepSuccess(loss: loss, difficulty: task.L0)
                let p = try ChainOfThought.successProbability(m: task.m, r: r, steps: omega / 25 / 4)
                expected += (1 - Double.pow(1 - p, 4)) / Double(model.tasks.count)
            }
            let got = try model.accuracy(loss: loss, tokensPerQuery: omega)
            // Rounding of the two routes (tails with compensated sums vs the power): ~1e-15 absolute.
            #expect(abs(got - expected) <= 1e-13, "L = \(loss), Ω = \(omega): \(got) vs \(expected)")
        }
    }

    /// b = 1 reduces ToT to CoT: the joint optimum with ToT(1) as the strategy is the chain-of-thought optimum (the
    /// solver runs without the monotone shortcut for a strategy, so this also checks the exhaustive scan).
    @Test("The joint optimum with ToT(1) as strategy equals the chain-of-thought joint optimum")
    func jointOptimumWithTreeOfOneEqualsChainOfThought() throws {
        let plain = try BridgeAccuracyModel(tasks: try Self.classes())
        let tot = try BridgeAccuracyModel(tasks: try Self.classes(), strategy: TreeOfThought(branches: 1))
        let a = try JointOptimum.global(model: plain, compute: 1e21, queries: 1e9).best
        let b = try JointOptimum.global(model: tot, compute: 1e21, queries: 1e9).best
        // Nelder–Mead stops at simplex size 1e-5 in ln space: the accuracies agree to ~1e-9, the locations to ~1e-4.
        #expect(abs(a.accuracy - b.accuracy) <= 1e-9, "\(a.accuracy) vs \(b.accuracy)")
        #expect(abs(a.parameters / b.parameters - 1) <= 1e-3)
        #expect(abs(a.tokensPerQuery / b.tokensPerQuery - 1) <= 1e-3)
    }
}
