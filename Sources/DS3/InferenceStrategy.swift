import ScalingCore

/// An inference strategy of DS3: a rule for generating and selecting trajectories of the directed stochastic
/// skill search. A strategy gives its success probability and expected cost in closed form (`evaluate`) and
/// plays itself step by step on the traversal simulator (`play`), so any conforming type — also one defined in
/// another package — can be checked against the simulator (`TraversalSimulator.run`) and drawn in figures.
public protocol InferenceStrategy: Sendable {
    /// Short identifier, e.g. "cot", "tot(4)".
    var name: String { get }

    /// How the strategy spends its step budget (chains side by side, passes one after another): solvers that
    /// compare strategies at equal compute split a budget by it (`BudgetShape`).
    var budgetShape: BudgetShape { get throws }

    /// Closed-form success probability and expected cost of the strategy on `task` with step budget `budget`.
    func evaluate(_ task: SkillTask, budget: StepBudget, cost: CostModel) throws -> StrategyEvaluation

    /// The success probability alone: `evaluate(task, budget:cost:).success` without the cost terms (the expected
    /// maximum of parallel chains, the step moments), for solvers that read only success (dynamic allocation, the
    /// strategy map). The default implementation calls `evaluate`; a strategy whose cost is expensive overrides it
    /// with the same number.
    func success(_ task: SkillTask, budget: StepBudget) throws -> Double

    /// Plays one query step by step through the simulator's primitives (`context.step`, `context.runChain`,
    /// `context.parallel`, …) and returns whether the final answer is correct. Every token must be generated
    /// through the context so that FLOPs, tokens and latency are accounted for.
    func play(in context: inout TraversalContext) throws -> Bool
}

extension InferenceStrategy {
    public func success(_ task: SkillTask, budget: StepBudget) throws -> Double {
        try evaluate(task, budget: budget, cost: CostModel()).success
    }

    /// Population average Σ φ(τ) · evaluation(τ) of success, usage and FLOPs over a discrete task population.
    public func evaluate(population: TaskPopulation, budget: StepBudget, cost: CostModel) throws
        -> StrategyEvaluation
    {
        var success = 0.0
        var usage = ComputeUsage.zero
        var flops = 0.0
        for (task, weight) in zip(population.tasks, population.weights) {
            let e = try evaluate(task, budget: budget, cost: cost)
            success += weight * e.success
            usage = usage + weight * e.usage
            flops += weight * e.flops
        }
        return StrategyEvaluation(success: success, usage: usage, flops: flops)
    }
}
