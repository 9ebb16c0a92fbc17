import ScalingCore

extension StrategyComparison {
    /// `compare` over a task population φ (e.g. the Beta quantile tasks of a fitted population): each strategy gets
    /// the same equal-compute budget as on one task, and its success, usage and FLOPs are the φ-weighted averages
    /// (`InferenceStrategy.evaluate(population:budget:cost:)`).
    public static func compare(
        population: TaskPopulation, budget: StepBudget, cost: CostModel,
        strategies: [(String, any InferenceStrategy)]
    ) throws -> [Row] {
        try strategies.map { label, strategy in
            let steps = try equalComputeSteps(budget.steps, width: try width(of: strategy), cost: cost)
            let e = try strategy.evaluate(population: population, budget: budget.with(steps: steps), cost: cost)
            return Row(label: label, name: strategy.name, budgetSteps: steps, evaluation: e)
        }
    }
}
