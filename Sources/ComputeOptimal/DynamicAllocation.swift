import DS3
import GSL
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
///
/// The hull is that of the continuous success curve, not of the candidate grid: the vertices the plan uses are
/// located by Brent's method between the candidate budgets (`refine`: the tangent points of the curve, where
/// f(B) − σB is largest for the adjacent hull slope σ), and the fill is redone until no vertex moves. The
/// candidate budgets set the search range [0, max budget] and the starting hull, not the answer's resolution:
/// a finer candidate grid does not improve the plan by more than 1e-9 (tested on 20 cases at 100× finer).
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

    /// Where the hull's vertices may lie.
    public enum Resolution: String, Sendable, CaseIterable {
        /// Anywhere in [0, max budget]: vertices located by a solver (the default; exact over continuous budgets).
        case continuous
        /// Only on the candidate budgets (the relaxation is exact on that grid only).
        case grid
    }

    public let averageSteps: Double
    /// The resolution the plan is exact at.
    public let resolution: Resolution
    public let plans: [TaskPlan]
    /// Expected accuracy of the dynamic allocation.
    public let accuracy: Double
    /// Best uniform allocation: its strategy label and accuracy.
    public let uniformLabel: String
    public let uniformAccuracy: Double
    /// Smallest average budget at which the dynamic allocation matches the uniform accuracy.
    public let stepsToMatchUniform: Double
    /// Strategy evaluations spent locating the hull vertices between the candidate budgets (0 when the grid's hull
    /// was already exact where the plan uses it).
    public let refinementEvaluations: Int

    /// Fraction of compute the dynamic allocation saves at the uniform allocation's accuracy, 1 − B'/B̄.
    public var computeSaved: Double { averageSteps > 0 ? 1 - stepsToMatchUniform / averageSteps : 0 }

    struct Vertex {
        let steps: Double
        let success: Double
        let label: String
    }

    /// A strategy's success at an allocated budget, remembered during the refinement.
    struct SuccessKey: Hashable {
        let steps: Double
        let option: Int
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
    ///   - resolution: `.continuous` (default) or `.grid` (vertices only on `budgets`).
    public init(
        population: TaskPopulation, averageSteps: Double, budgets: [Double], menu: [StrategyOption],
        cost: CostModel, resolution: Resolution = .continuous
    ) throws {
        try self.init(
            population: population, averageSteps: averageSteps, budgets: budgets, menu: menu, resolution: resolution
        ) { t, B, k in
            try menu[k].success(population.tasks[t], allocatedSteps: B)
        }
    }

    /// The plans for several averages B̄ over the same population, budgets and menu: each strategy's success at each
    /// candidate budget is computed once per task (tasks on all cores) and shared by every B̄. Element i is
    /// `DynamicAllocation(population:averageSteps: averageSteps[i], budgets:menu:cost:)`, value for value.
    public static func sweep(
        population: TaskPopulation, averageSteps: [Double], budgets: [Double], menu: [StrategyOption],
        cost: CostModel, resolution: Resolution = .continuous
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
            try DynamicAllocation(
                population: population, averageSteps: average, budgets: budgets, menu: menu, resolution: resolution
            ) { t, B, k in
                if let j = column[B] { return successes[t][j * menu.count + k] }
                return try menu[k].success(tasks[t], allocatedSteps: B)
            }
        }
    }

    /// The plan with `success(t, B, k)` = success of strategy k on task t at allocated budget B.
    init(
        population: TaskPopulation, averageSteps: Double, budgets: [Double], menu: [StrategyOption],
        resolution: Resolution, success: @escaping @Sendable (Int, Double, Int) throws -> Double
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
        // Continuous budgets: the hull of the grid points is refined where the plan uses it (`refine`), so the
        // plan is optimal over every per-task budget in [0, max(budgets)], not only over the grid.
        let weights = population.weights
        var fill = Self.fill(hulls: hulls, weights: weights, averageSteps: averageSteps)
        var refinements = 0
        // Successes already computed, per task (a later round searches the cells of unchanged vertices again).
        var memos = [[SuccessKey: Double]](repeating: [:], count: hulls.count)
        for _ in 0..<(resolution == .continuous ? Self.maxRefinementRounds : 0) {
            // Tasks are refined independently (each against its own fill position): on all cores.
            let (currentHulls, position, currentMemos) = (hulls, fill.position, memos)
            let labels = menu.map(\.label)
            let multipliers = menu.map(\.multiplier)
            let refined = try Parallel.map(count: currentHulls.count) {
                t -> (hull: [Vertex], added: Bool, evaluations: Int, memo: [SuccessKey: Double]) in
                var memo = currentMemos[t]
                func option(_ B: Double, _ k: Int) throws -> Vertex {
                    let key = SuccessKey(steps: B, option: k)
                    if let s = memo[key] { return Vertex(steps: B, success: s, label: labels[k]) }
                    let s = try success(t, B, k)
                    memo[key] = s
                    return Vertex(steps: B, success: s, label: labels[k])
                }
                func best(_ B: Double) throws -> Vertex {
                    var best = Vertex(steps: B, success: -1, label: "")
                    for k in labels.indices {
                        let point = try option(B, k)
                        if point.success > best.success { best = point }
                    }
                    return best
                }
                var evaluations = 0
                let used = min(position[t] + 1, currentHulls[t].count - 1)
                let (hull, added) = try Self.refine(
                    hull: currentHulls[t], through: used, grid: candidates, multipliers: multipliers,
                    evaluations: &evaluations, best, option: option)
                return (hull, added, evaluations, memo)
            }
            var changed = false
            for (t, result) in refined.enumerated() {
                refinements += result.evaluations
                memos[t] = result.memo
                if result.added {
                    hulls[t] = result.hull
                    changed = true
                }
            }
            if !changed { break }
            fill = Self.fill(hulls: hulls, weights: weights, averageSteps: averageSteps)
        }
        let (position, partial, acc, segments) = (fill.position, fill.partial, fill.accuracy, fill.segments)
        self.refinementEvaluations = refinements
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
        self.resolution = resolution
        self.plans = plans
        self.accuracy = min(1, acc)
        self.uniformLabel = menu[bestUniform].label
        self.uniformAccuracy = target
        self.stepsToMatchUniform = min(need, averageSteps)
    }

    /// Rounds of hull refinement and LP refill (each round refines the vertices the current plan uses).
    static let maxRefinementRounds = 8

    /// The LP / Lagrangian fill of the hulls to the average budget: hull segments in order of decreasing slope,
    /// the last one split (fraction θ of its task class). Returns each task's vertex, the split fraction, the
    /// accuracy and the sorted segments.
    static func fill(hulls: [[Vertex]], weights: [Double], averageSteps: Double) -> (
        position: [Int], partial: [Double], accuracy: Double, segments: [Segment]
    ) {
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
        return (position, partial, acc, segments)
    }

    /// Most lattice points of a cell scanned exhaustively (beyond, Brent and the lattice points next to its
    /// maximiser).
    static let exhaustiveLatticePoints = 512

    /// The budgets in (lower, upper] where f can change: each option's per-chain budget is ⌊B/multiplier⌋ steps,
    /// so f is constant between the multiples of the multipliers and jumps only at them. nil when there are more
    /// than `limit`.
    static func latticePoints(lower: Double, upper: Double, multipliers: [Double], limit: Int) -> [Double]? {
        var points = Set<Double>()
        for m in multipliers {
            var j = (lower / m).rounded(.down) + 1
            while j * m <= upper {
                points.insert(j * m)
                if points.count > limit { return nil }
                j += 1
            }
        }
        return points.sorted()
    }

    /// Locates the true hull vertices near hull vertices 1…`through` of the grid hull: for each vertex v and each
    /// adjacent hull slope σ, maximises g(B) = f(B) − σB over the grid cells on either side of v (f = best success
    /// over the menu at allocated budget B). f is a step function that jumps only at multiples of the options'
    /// multipliers (`latticePoints`) and g falls between jumps, so its maximum sits on a lattice point. When a cell
    /// holds at most `exhaustiveLatticePoints`, each option k (`option(B, k)`) is tried at the multiples of its own
    /// multiplier in the cell — where its g_k = s_k − σB peaks, s_k being constant between them — which finds the
    /// same maximum as trying every option at every lattice point, with about a quarter of the evaluations for the
    /// standard menu; else Brent's method (GSL) on f locates the
    /// maximum and the lattice points just below its end point and either side are tried. A maximiser above v's
    /// value is a point of the true hull the grid missed (a tangent point); it is added and the hull recomputed.
    /// Returns the new hull and whether it changed (by more than 1e-15 in g).
    static func refine(
        hull: [Vertex], through last: Int, grid: [Double], multipliers: [Double], evaluations: inout Int,
        _ f: (Double) throws -> Vertex, option: (Double, Int) throws -> Vertex
    ) throws -> (hull: [Vertex], changed: Bool) {
        guard last >= 1 else { return (hull, false) }
        var points = hull
        var changed = false
        for i in 1...last {
            let v = hull[i]
            // Both hull segments at v (beyond the last vertex: up to the next candidate budget), each searched over
            // its whole interval with its own slope.
            var intervals = [
                (hull[i - 1].steps, v.steps, (v.success - hull[i - 1].success) / (v.steps - hull[i - 1].steps))
            ]
            if i + 1 < hull.count {
                intervals.append(
                    (v.steps, hull[i + 1].steps, (hull[i + 1].success - v.success) / (hull[i + 1].steps - v.steps)))
            } else if let next = grid.first(where: { $0 > v.steps }) {
                intervals.append((v.steps, next, 0))
            }
            for (below, above, sigma) in intervals where above > below {
                let base = v.success - sigma * v.steps
                var best: Vertex? = nil
                var bestGain = base
                func consider(_ B: Double, _ evaluate: (Double) throws -> Vertex) throws {
                    guard B > below, B < above, B != v.steps else { return }
                    let point = try evaluate(B)
                    evaluations += 1
                    if point.success - sigma * B > bestGain + 1e-15 {
                        bestGain = point.success - sigma * B
                        best = point
                    }
                }
                if latticePoints(lower: below, upper: above, multipliers: multipliers, limit: exhaustiveLatticePoints)
                    != nil
                {
                    // Option k's success is constant between multiples of its multiplier, so its g is largest at one
                    // of them: each option is tried on its own multiples only (the best over the menu at a point is
                    // then found at the same or a larger gain; see the derivation).
                    for (k, multiple) in multipliers.enumerated() {
                        var j = (below / multiple).rounded(.down) + 1
                        while j * multiple < above {
                            try consider(j * multiple) { try option($0, k) }
                            j += 1
                        }
                    }
                } else {
                    func negativeGain(_ B: Double) throws -> Double { -((try f(B)).success - sigma * B) }
                    if let m = try? Minimize1D.global(
                        lower: below, upper: above, gridPoints: 33, relativeTolerance: 1e-10, negativeGain
                    ).minimum {
                        for k in multipliers {
                            let j = (m.x / k).rounded(.down)
                            for B in [(j - 1) * k, j * k, (j + 1) * k] { try consider(B, f) }
                        }
                    }
                }
                if let best {
                    points.append(best)
                    changed = true
                }
            }
        }
        guard changed else { return (hull, false) }
        points.sort { $0.steps < $1.steps }
        return (upperHull(points), true)
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
