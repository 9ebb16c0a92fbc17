import DS3
import ScalingCore

/// Per-task (dynamic) allocation of inference compute over a task population: choose each task's budget and
/// strategy to maximise expected accuracy at a given average allocated budget B̄ (steps per task), compared with
/// the best uniform allocation (every task gets B̄ with one strategy).
///
/// Success curves of DS3 strategies are S-shaped in the budget, so greedy or local search can stop at a local
/// optimum. Here each task's candidate points (budget, best success over the menu) are replaced by their upper
/// concave hull, and the population problem — a multiple-choice knapsack — is solved by its Lagrangian /
/// linear-programming relaxation: hull segments are filled in order of decreasing slope (marginal accuracy per
/// step). This is exact for the relaxed problem, whose solution splits at most one task class between two
/// adjacent hull budgets (a fraction θ of that class's queries gets the larger budget) — a valid allocation for
/// a population. Because B̄ is among every task's candidates, the uniform allocation is feasible, so the dynamic
/// accuracy is never below the uniform one.
public struct DynamicAllocation: Sendable {
    /// A budget and strategy given to a fraction of one task class's queries.
    public struct Assignment: Sendable, Equatable {
        public let label: String
        public let allocatedSteps: Double
        public let success: Double
        /// Fraction of the class's queries with this assignment.
        public let fraction: Double
    }

    /// The plan of one task class.
    public struct TaskPlan: Sendable, Equatable {
        public let task: SkillTask
        public let weight: Double
        public let assignments: [Assignment]
        /// Σ fraction · success.
        public var success: Double { assignments.reduce(0) { $0 + $1.fraction * $1.success } }
        /// Σ fraction · allocated steps.
        public var allocatedSteps: Double { assignments.reduce(0) { $0 + $1.fraction * $1.allocatedSteps } }
    }

    public let averageSteps: Double
    public let plans: [TaskPlan]
    /// Expected accuracy of the dynamic allocation.
    public let accuracy: Double
    /// Best uniform allocation: its strategy label and accuracy.
    public let uniformLabel: String
    public let uniformAccuracy: Double
    /// Smallest average budget at which the dynamic allocation matches the uniform accuracy.
    public let stepsToMatchUniform: Double

    /// Fraction of compute the dynamic allocation saves at the uniform allocation's accuracy, 1 − B'/B̄.
    public var computeSaved: Double { averageSteps > 0 ? 1 - stepsToMatchUniform / averageSteps : 0 }

    struct Vertex {
        let steps: Double
        let success: Double
        let label: String
    }

    struct Segment {
        let task: Int
        let index: Int  // from vertex index to index + 1
        let dSteps: Double
        let dSuccess: Double
        var slope: Double { dSuccess / dSteps }
    }

    /// - Parameters:
    ///   - population: task classes and weights (DS3 `TaskPopulation`).
    ///   - averageSteps: B̄ ≥ 0, average allocated steps per task.
    ///   - budgets: candidate allocated budgets (steps); B̄ is added automatically.
    ///   - menu: strategies to choose from.
    ///   - cost: cost model of the plan's strategies; the plan reads success only (`StrategyOption.success`), which
    ///     does not depend on it.
    public init(
        population: TaskPopulation, averageSteps: Double, budgets: [Double], menu: [StrategyOption],
        cost: CostModel
    ) throws {
        try self.init(population: population, averageSteps: averageSteps, budgets: budgets, menu: menu) { t, B, k in
            try menu[k].success(population.tasks[t], allocatedSteps: B)
        }
    }

    /// The plans for several averages B̄ over the same population, budgets and menu: each strategy's success at each
    /// candidate budget is computed once per task (tasks on all cores) and shared by every B̄. Element i is
    /// `DynamicAllocation(population:averageSteps: averageSteps[i], budgets:menu:cost:)`, value for value.
    public static func sweep(
        population: TaskPopulation, averageSteps: [Double], budgets: [Double], menu: [StrategyOption],
        cost: CostModel
    ) throws -> [DynamicAllocation] {
        for b in budgets { try Validate.nonNegative(b, "candidate budget") }
        let shared = Array(Set(budgets)).filter { $0 > 0 }.sorted()
        let column = Dictionary(uniqueKeysWithValues: shared.enumerated().map { ($1, $0) })
        let tasks = population.tasks
        // successes[t][j * menu.count + k]: strategy k on task t at budget shared[j].
        let successes = try Parallel.map(count: tasks.count) { t in
            try shared.flatMap { B in try menu.map { try $0.success(tasks[t], allocatedSteps: B) } }
        }
        return try averageSteps.map { average in
            try DynamicAllocation(population: population, averageSteps: average, budgets: budgets, menu: menu) {
                t, B, k in
                if let j = column[B] { return successes[t][j * menu.count + k] }
                return try menu[k].success(tasks[t], allocatedSteps: B)
            }
        }
    }

    /// The plan with `success(t, B, k)` = success of strategy k on task t at allocated budget B.
    init(
        population: TaskPopulation, averageSteps: Double, budgets: [Double], menu: [StrategyOption],
        success: (Int, Double, Int) throws -> Double
    ) throws {
        try Validate.nonNegative(averageSteps, "average steps")
        try Validate.count(menu.count, "strategies")
        for b in budgets { try Validate.nonNegative(b, "candidate budget") }
        let candidates = Array(Set(budgets + [averageSteps])).filter { $0 > 0 }.sorted()
        // Hulls per task, and the uniform accuracy per strategy at B̄.
        var hulls: [[Vertex]] = []
        var uniform = Array(repeating: 0.0, count: menu.count)
        for (t, (_, weight)) in zip(population.tasks, population.weights).enumerated() {
            var points = [Vertex(steps: 0, success: 0, label: "none")]
            for B in candidates {
                var best = Vertex(steps: B, success: -1, label: "")
                for (k, option) in menu.enumerated() {
                    let s = try success(t, B, k)
                    if B == averageSteps { uniform[k] += weight * s }
                    if s > best.success { best = Vertex(steps: B, success: s, label: option.label) }
                }
                points.append(best)
            }
            hulls.append(Self.upperHull(points))
        }
        var segments: [Segment] = []
        for (t, hull) in hulls.enumerated() where hull.count > 1 {
            for k in 0..<(hull.count - 1) {
                segments.append(
                    Segment(
                        task: t, index: k, dSteps: hull[k + 1].steps - hull[k].steps,
                        dSuccess: hull[k + 1].success - hull[k].success))
            }
        }
        // Decreasing slope; within a task the hull's slopes already decrease, the tie-break keeps their order.
        segments.sort { a, b in
            if a.slope != b.slope { return a.slope > b.slope }
            if a.task != b.task { return a.task < b.task }
            return a.index < b.index
        }
        let weights = population.weights
        // Fill to B̄.
        var position = Array(repeating: 0, count: hulls.count)
        var partial = Array(repeating: 0.0, count: hulls.count)
        var spent = 0.0
        var acc = 0.0
        for segment in segments {
            let price = weights[segment.task] * segment.dSteps
            if price == 0 { continue }
            let room = averageSteps - spent
            if room <= 0 { break }
            if price <= room {
                position[segment.task] = segment.index + 1
                spent += price
                acc += weights[segment.task] * segment.dSuccess
            } else {
                let theta = room / price
                partial[segment.task] = theta
                spent = averageSteps
                acc += theta * weights[segment.task] * segment.dSuccess
                break
            }
        }
        var plans: [TaskPlan] = []
        for (t, hull) in hulls.enumerated() {
            let k = position[t]
            let theta = partial[t]
            var assignments = [
                Assignment(
                    label: hull[k].label, allocatedSteps: hull[k].steps, success: hull[k].success, fraction: 1 - theta)
            ]
            if theta > 0, k + 1 < hull.count {
                assignments.append(
                    Assignment(
                        label: hull[k + 1].label, allocatedSteps: hull[k + 1].steps, success: hull[k + 1].success,
                        fraction: theta))
            }
            plans.append(TaskPlan(task: population.tasks[t], weight: weights[t], assignments: assignments))
        }
        let bestUniform = uniform.indices.max { uniform[$0] < uniform[$1] } ?? 0
        // Compute to match the uniform accuracy: refill from zero until the accuracy is reached.
        let target = uniform[bestUniform]
        var need = 0.0
        var reached = 0.0
        for segment in segments where reached < target {
            let gain = weights[segment.task] * segment.dSuccess
            let price = weights[segment.task] * segment.dSteps
            if reached + gain >= target {
                need += gain > 0 ? price * (target - reached) / gain : 0
                reached = target
            } else {
                need += price
                reached += gain
            }
        }
        self.averageSteps = averageSteps
        self.plans = plans
        self.accuracy = min(1, acc)
        self.uniformLabel = menu[bestUniform].label
        self.uniformAccuracy = target
        self.stepsToMatchUniform = min(need, averageSteps)
    }

    /// Upper concave hull of points sorted by steps (starting at (0, 0)), keeping only increasing success.
    static func upperHull(_ points: [Vertex]) -> [Vertex] {
        var hull: [Vertex] = []
        for p in points {
            if let last = hull.last, p.success <= last.success { continue }
            while hull.count >= 2 {
                let a = hull[hull.count - 2]
                let b = hull[hull.count - 1]
                // Remove b if it lies on or below the chord a → p.
                let cross =
                    (b.steps - a.steps) * (p.success - a.success) - (b.success - a.success) * (p.steps - a.steps)
                if cross >= 0 { hull.removeLast() } else { break }
            }
            hull.append(p)
        }
        return hull
    }
}
