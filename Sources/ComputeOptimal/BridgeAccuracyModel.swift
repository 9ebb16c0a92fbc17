import DS3
import RealModule
import ScalingCore

/// The DS3 empirical bridge as an `AccuracyModel` (DS3 notes §5.1–5.3): loss L(N, D) from any loss law (Chinchilla
/// by default; Kaplan, data-constrained or a user's `LossLaw`),
/// per-step success r = a σ(b (L0 − L)) for a skill of difficulty L0 (`DS3.EmpiricalBridge`), chain-of-thought
/// success I_r(m, K − m + 1) with K = Ω/ω steps (real K, as the authors' continuous formulation), averaged over a
/// population of task classes. With a `strategy`, each query runs that strategy instead (any `InferenceStrategy`,
/// built-in or a user's), at equal compute: K / `budgetShape.chains` steps per chain.
public struct BridgeAccuracyModel: AccuracyModel, Sendable, Equatable {
    /// One task class: m required skills of difficulty L0 (nats/token), with a population weight.
    public struct TaskClass: Sendable, Equatable {
        public let m: Int
        public let L0: Double
        public let weight: Double
        public init(m: Int, L0: Double, weight: Double = 1) throws(ParameterError) {
            self.m = try Validate.count(m, "m")
            self.L0 = try Validate.finite(L0, "L0")
            self.weight = try Validate.nonNegative(weight, "weight")
        }
    }

    /// The loss law L(N, D) (nats/token) that sets the per-step success; its `irreducibleLoss` is the least loss
    /// the bridge accepts.
    public let law: any LossLaw
    /// `law.irreducibleLoss`, read once.
    let lossFloor: Double
    public let tasks: [TaskClass]
    /// Sigmoid slope b (5 by default; 20 in the single-task optimal-scaling cells).
    public let slope: Double
    /// Sigmoid amplitude a ∈ (0, 1] (1 in the authors' code).
    public let amplitude: Double
    /// ω, tokens per skill step (25).
    public let tokensPerStep: Double
    /// The strategy each query runs with its Ω tokens; nil: chain-of-thought with real K (the authors'
    /// formulation, `ChainOfThought.successProbability`).
    public let strategy: (any InferenceStrategy)?
    /// The strategy's chains (`budgetShape.chains`, 1 without a strategy): each chain gets K / chains steps.
    let chains: Double
    /// The distinct difficulties L0 of the population (first-appearance order) and, per task class, the index of
    /// its L0 there: `accuracy(loss:tokensPerQuery:)` computes each distinct r = a σ(b (L0 − L)) once.
    let difficulties: [Double]
    let difficultyIndex: [Int]

    /// - Throws: `ParameterError` for an empty population, zero total weight or bad constants.
    public init(
        law: any LossLaw = ChinchillaLossLaw.chinchilla, tasks: [TaskClass], slope: Double = 5, amplitude: Double = 1,
        tokensPerStep: Double = 25, strategy: (any InferenceStrategy)? = nil
    ) throws {
        try Validate.count(tasks.count, "task classes")
        guard tasks.contains(where: { $0.weight > 0 }) else {
            throw ParameterError(parameter: "task weights", value: "all 0", validRange: "at least one > 0")
        }
        self.law = law
        lossFloor = law.irreducibleLoss
        self.tasks = tasks
        self.slope = try Validate.positive(slope, "slope")
        self.amplitude = try Validate.probability(amplitude, "amplitude", .lowerOpen)
        self.tokensPerStep = try Validate.positive(tokensPerStep, "omega (tokens per step)")
        self.strategy = strategy
        self.chains = Double(try strategy?.budgetShape.chains ?? 1)
        var difficulties: [Double] = []
        difficultyIndex = tasks.map { task in
            if let k = difficulties.firstIndex(of: task.L0) { return k }
            difficulties.append(task.L0)
            return difficulties.count - 1
        }
        self.difficulties = difficulties
    }

    /// True for chain-of-thought with a monotone law (`LossLaw.isMonotone`: the loss decreases in N and D):
    /// r = a σ(b (L0 − L)) increases as the loss falls (a, b > 0), and I_r(m, K − m + 1) increases in r and in
    /// K = Ω/ω. False with a `strategy` (its monotonicity is not declared) or a law that is not monotone, so the
    /// solvers evaluate every grid point.
    public var isMonotone: Bool { strategy == nil && law.isMonotone }

    /// Equal laws (`LossLaw.isEqual(to:)`: built-in laws compare by value; a user's law that is not `Equatable` and
    /// has no `chinchillaForm` makes `==` false), constants, population and strategy (compared by name and budget
    /// shape: strategies are not `Equatable`).
    public static func == (a: Self, b: Self) -> Bool {
        a.law.isEqual(to: b.law) && a.tasks == b.tasks && a.slope == b.slope && a.amplitude == b.amplitude
            && a.tokensPerStep == b.tokensPerStep && a.strategy?.name == b.strategy?.name && a.chains == b.chains
    }

    /// ω: a query budget below it completes no skill step.
    public var stepTokens: Double? { tokensPerStep }

    /// The smallest m in the population (a chain needs at least m ω tokens).
    public var minimumSkills: Int { tasks.map(\.m).min() ?? 1 }

    /// The DS3 empirical bridge of a task class (`DS3.EmpiricalBridge`: r = a σ(b (L0 − L))).
    ///
    /// - Throws: `ParameterError` naming `law` when the law has no `chinchillaForm` (`EmpiricalBridge` holds a
    ///   Chinchilla-form law; `stepSuccess(loss:difficulty:)` serves any law).
    public func bridge(_ task: TaskClass) throws(ParameterError) -> EmpiricalBridge {
        guard let chinchilla = law.chinchillaForm else {
            throw ParameterError(
                parameter: "law", value: "\(type(of: law))",
                validRange: "a Chinchilla-form law (chinchillaForm not nil) for an EmpiricalBridge value")
        }
        return try EmpiricalBridge(law: chinchilla, difficulty: task.L0, slope: slope, amplitude: amplitude)
    }

    /// r = a σ(b (L0 − L)) for a skill of difficulty L0 at loss L ≥ the law's irreducible loss (the formula of
    /// `DS3.EmpiricalBridge`).
    public func stepSuccess(loss L: Double, difficulty L0: Double) throws(ParameterError) -> Double {
        try Validate.finite(L0, "L0")
        return try EmpiricalBridge.stepSuccess(
            loss: L, difficulty: L0, slope: slope, amplitude: amplitude, floor: lossFloor)
    }

    /// P(success) of one task class at loss L with K steps: chain-of-thought I_r(m, K − m + 1) with real K
    /// (`DS3.ChainOfThought.successProbability`), 0 when K − m + 1 ≤ 0; with a `strategy`, its success with
    /// K / chains steps per chain (continuous rounding).
    public func success(_ task: TaskClass, loss L: Double, steps K: Double) throws -> Double {
        try success(m: task.m, r: stepSuccess(loss: L, difficulty: task.L0), steps: K)
    }

    /// One task's success at K allocated steps (see `success(_:loss:steps:)`).
    func success(m: Int, r: Double, steps K: Double) throws -> Double {
        guard let strategy else { return try ChainOfThought.successProbability(m: m, r: r, steps: K) }
        return try strategy.success(
            SkillTask(m: m, r: r), budget: StepBudget(steps: K / chains, rounding: .continuous))
    }

    /// The DS3 task of a class at loss L: m skills with per-step success r = a σ(b (L0 − L)).
    public func skillTask(_ task: TaskClass, loss L: Double) throws -> SkillTask {
        try SkillTask(m: task.m, r: stepSuccess(loss: L, difficulty: task.L0))
    }

    /// Weighted mean success over the population at loss L with Ω tokens per query (the per-step success of each
    /// distinct L0 is computed once; the sum runs over the task classes in order).
    public func accuracy(loss L: Double, tokensPerQuery omega: Double) throws -> Double {
        let K = omega / tokensPerStep
        func stepSuccess(_ L0: Double) throws(ParameterError) -> Double {
            try EmpiricalBridge.stepSuccess(
                loss: L, difficulty: L0, slope: slope, amplitude: amplitude, floor: lossFloor)
        }
        var total = 0.0
        var weight = 0.0
        if difficulties.count == 1 {
            // One difficulty (e.g. a single task class): no table of step successes.
            let r = try stepSuccess(difficulties[0])
            for task in tasks where task.weight > 0 {
                total += task.weight * (try success(m: task.m, r: r, steps: K))
                weight += task.weight
            }
        } else {
            let r = try difficulties.map { L0 throws(ParameterError) in try stepSuccess(L0) }
            for (task, k) in zip(tasks, difficultyIndex) where task.weight > 0 {
                total += task.weight * (try success(m: task.m, r: r[k], steps: K))
                weight += task.weight
            }
        }
        // A weighted mean of probabilities; the clamp only guards the contract (accuracy ≤ 1) against rounding.
        return min(1, total / weight)
    }

    public func accuracy(parameters N: Double, trainingTokens D: Double, tokensPerQuery omega: Double) throws -> Double
    {
        let L = D.isInfinite ? try law.infiniteDataLoss(parameters: N) : try law.loss(parameters: N, tokens: D)
        return try accuracy(loss: L, tokensPerQuery: try Validate.nonNegative(omega, "tokens per query"))
    }
}
