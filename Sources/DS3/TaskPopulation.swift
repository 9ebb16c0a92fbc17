import ScalingCore

/// A discrete task population φ: tasks with probabilities (normalised to sum 1). Mixtures of populations are
/// populations too (`mixture`).
public struct TaskPopulation: Sendable, Hashable {
    public let tasks: [SkillTask]
    /// φ(τ), summing to 1.
    public let weights: [Double]

    public init(tasks: [SkillTask], weights: [Double]) throws(ParameterError) {
        guard !tasks.isEmpty, tasks.count == weights.count else {
            throw ParameterError(
                parameter: "population", value: "\(tasks.count) tasks, \(weights.count) weights",
                validRange: "non-empty, one weight per task")
        }
        for w in weights { try Validate.nonNegative(w, "population weight") }
        let total = weights.reduce(0, +)
        guard total > 0 else {
            throw ParameterError(parameter: "population weights", value: total, validRange: "sum > 0")
        }
        self.tasks = tasks
        self.weights = weights.map { $0 / total }
    }

    /// One task with probability 1.
    public init(_ task: SkillTask) {
        self.tasks = [task]
        self.weights = [1]
    }

    /// Uniform φ over all (l, m) in the given ranges with per-step success r(l, m).
    public static func uniform(levels: ClosedRange<Int>, skills: ClosedRange<Int>, r: (Int, Int) throws -> Double)
        throws -> TaskPopulation
    {
        var tasks: [SkillTask] = []
        for l in levels { for m in skills { tasks.append(try SkillTask(m: m, r: try r(l, m), level: l)) } }
        return try TaskPopulation(tasks: tasks, weights: Array(repeating: 1, count: tasks.count))
    }

    /// Mixture Σ_i w_i φ_i of populations.
    public static func mixture(_ parts: [(TaskPopulation, Double)]) throws -> TaskPopulation {
        var tasks: [SkillTask] = []
        var weights: [Double] = []
        for (population, w) in parts {
            try Validate.nonNegative(w, "mixture weight")
            tasks += population.tasks
            weights += population.weights.map { $0 * w }
        }
        return try TaskPopulation(tasks: tasks, weights: weights)
    }

    /// Draws a task with probability φ(τ).
    public func sample(using rng: inout Xoshiro256StarStar) -> SkillTask {
        let u = rng.uniform()
        var acc = 0.0
        for (task, w) in zip(tasks, weights) {
            acc += w
            if u < acc { return task }
        }
        return tasks[tasks.count - 1]
    }
}
