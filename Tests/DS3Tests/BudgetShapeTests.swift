import DS3
import ScalingCore
import Testing

/// "Self-consistency" defined outside DS3: N chains voted by a user's rule — here it forwards to the built-in
/// best-of-N so that the comparison's charge can be checked exactly; it declares its N chains, as any user
/// strategy must.
struct ForwardedSamples: InferenceStrategy {
    let inner: BestOfN
    let declared: BudgetShape
    var name: String { "forwarded(\(inner.samples))" }
    var budgetShape: BudgetShape { declared }
    func evaluate(_ task: SkillTask, budget: StepBudget, cost: CostModel) throws -> StrategyEvaluation {
        try inner.evaluate(task, budget: budget, cost: cost)
    }
    func play(in context: inout TraversalContext) throws -> Bool { try inner.play(in: &context) }
}

@Suite("Budget shapes: every strategy, built-in or not, is compared at equal compute")
struct BudgetShapeTests {
    @Test("Built-in strategies declare their chains: ToT b, best-of-N and voting N, refinement n passes, CoT 1")
    func builtInShapes() throws {
        #expect(try ChainOfThought().budgetShape == .singleChain)
        #expect(try StrictChain().budgetShape == .singleChain)
        #expect(try TreeOfThought(branches: 4).budgetShape == BudgetShape(width: 4))
        #expect(try BestOfN(samples: 5).budgetShape == BudgetShape(width: 5))
        #expect(try MajorityVoting(samples: 9, errorWeights: [1]).budgetShape == BudgetShape(width: 9))
        #expect(try IterativeRefinement(passes: 3).budgetShape == BudgetShape(passes: 3))
        #expect(try BudgetShape(width: 3, passes: 2).chains == 6)
    }

    @Test("A width or pass count below 1 is refused, naming it")
    func invalidShapeIsRefused() {
        #expect(throws: ParameterError.self) { try BudgetShape(width: 0) }
        #expect(throws: ParameterError.self) { try BudgetShape(passes: -1) }
    }

    /// The case: a 5-chain user strategy got the whole budget per chain. Declared, it is charged exactly
    /// what the built-in best-of-5 is (same per-chain steps, same success and FLOPs bit for bit); declared as
    /// one chain it would get five times the steps and five times the FLOPs.
    @Test("A custom 5-chain strategy gets the per-chain budget and the FLOPs of built-in best-of-5")
    func customStrategyChargedLikeBuiltIn() throws {
        let task = try SkillTask(m: 6, r: 0.35)
        let bon = try BestOfN(samples: 5)
        for cost in costModels {
            let rows = try StrategyComparison.compare(
                task, budget: try StepBudget(steps: 200), cost: cost,
                strategies: [
                    ("bon", bon), ("custom", ForwardedSamples(inner: bon, declared: try BudgetShape(width: 5))),
                    ("undeclared", ForwardedSamples(inner: bon, declared: .singleChain)),
                ])
            #expect(rows[1].budgetSteps == rows[0].budgetSteps)
            #expect(rows[1].evaluation.success == rows[0].evaluation.success)
            #expect(rows[1].evaluation.flops == rows[0].evaluation.flops)
            // Undeclared, the wrapper keeps the whole budget: five times best-of-5's steps with the linear cost,
            // more than its share with attention (where equal compute is the root of a quadratic).
            #expect(rows[2].budgetSteps == 200)
            if cost.attention == nil {
                #expect(rows[0].budgetSteps == 40)
            } else {
                #expect(rows[2].budgetSteps > rows[0].budgetSteps)
            }
        }
    }
}
