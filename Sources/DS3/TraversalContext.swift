import ScalingCore

/// How an attempted step succeeds in the simulator.
public enum StepProcess: Sendable, Hashable {
    /// Each attempt succeeds independently with probability r.
    case bernoulli(Double)
    /// An explicit skill-search step: with probability ρ the next skill is drawn uniformly from the relevant set
    /// of M skills (1 required + M − 1 distractors), otherwise the walk goes straight to the required skill; the
    /// chosen required skill then applies correctly with probability `execution`. If a required skill of the
    /// task lies outside the learned graph's giant component (`reachable` false) no step ever succeeds.
    case directedSearch(relevantSet: Int, rho: Double, execution: Double, reachable: Bool)

    /// The per-step success probability r this process realises.
    public var stepSuccess: Double {
        switch self {
        case .bernoulli(let r): return r
        case .directedSearch(let M, let rho, let q, let reachable):
            return reachable ? q * (rho / Double(M) + 1 - rho) : 0
        }
    }

    @inline(__always)
    func attempt(using rng: inout Xoshiro256StarStar) -> Bool {
        switch self {
        case .bernoulli(let r): return rng.uniform() < r
        case .directedSearch(let M, let rho, let q, let reachable):
            guard reachable else { return false }
            if rng.uniform() < rho {
                // Uniform draw among the M relevant skills; index 0 is the required one.
                if Int(rng.uniform() * Double(M)) != 0 { return false }
            }
            return rng.uniform() < q
        }
    }
}

/// One reasoning chain being played: progress j (required skills applied), steps attempted and the length of
/// its own context (generated tokens, excluding the prompt).
public struct Chain: Sendable, Hashable {
    /// j ∈ {0, …, m}.
    public internal(set) var progress: Int = 0
    /// Steps attempted so far.
    public internal(set) var steps: Int = 0
    /// Tokens in this chain's own context.
    public internal(set) var contextTokens: Double = 0
    public init() {}
}

/// Result of running one chain-of-thought chain.
public struct ChainRun: Sendable, Hashable {
    public let solved: Bool
    public let steps: Int
}

/// The simulator's state for one query: the task being solved, its step process, the budget, the cost model,
/// the random stream, and the running FLOPs/token/latency account. Strategies play through its primitives.
public struct TraversalContext {
    public let task: SkillTask
    public let process: StepProcess
    public let budget: StepBudget
    public let cost: CostModel
    public var rng: Xoshiro256StarStar

    /// Generated tokens so far (all chains).
    public private(set) var tokens: Double = 0
    /// Attention pairs so far.
    public private(set) var attentionPairs: Double = 0
    /// Sequential clock (tokens): parallel branches advance it once.
    public private(set) var clock: Double = 0

    public init(task: SkillTask, process: StepProcess, budget: StepBudget, cost: CostModel, rng: Xoshiro256StarStar) {
        self.task = task
        self.process = process
        self.budget = budget
        self.cost = cost
        self.rng = rng
    }

    /// m of the task.
    public var requiredSkills: Int { task.m }
    /// ⌊K⌋.
    public var stepBudget: Int { budget.wholeSteps }

    /// Expected FLOPs so far under the cost model.
    public var flops: Double {
        cost.flops(ComputeUsage(tokens: tokens, attentionPairs: attentionPairs, latencyTokens: clock))
    }

    /// Charges `width` candidates of ω tokens generated in parallel at the chain's current context position, and
    /// advances the chain's context and the clock by ω.
    mutating func charge(_ chain: inout Chain, width: Int) {
        let w = cost.tokensPerStep
        let c = chain.contextTokens
        tokens += Double(width) * w
        attentionPairs += Double(width) * (w * (cost.promptTokens + c) + w * (w - 1) / 2)
        chain.contextTokens += w
        chain.steps += 1
        clock += w
    }

    /// One attempted step of `chain`: generates ω tokens; on success the chain's progress advances. Returns
    /// whether the step succeeded.
    @discardableResult
    public mutating func step(_ chain: inout Chain) -> Bool {
        charge(&chain, width: 1)
        let ok = process.attempt(using: &rng)
        if ok { chain.progress += 1 }
        return ok
    }

    /// One depth of a tree search on `chain`: `branches` candidate steps generated in parallel (latency of one
    /// step). Returns how many candidates were correct; the caller decides whether the chain advances
    /// (`advance`).
    public mutating func branchStep(_ chain: inout Chain, branches: Int) -> Int {
        charge(&chain, width: branches)
        var correct = 0
        for _ in 0..<branches where process.attempt(using: &rng) { correct += 1 }
        return correct
    }

    /// Marks one more required skill applied on a chain (after a successful `branchStep`).
    public func advance(_ chain: inout Chain) { chain.progress += 1 }

    /// Runs one chain-of-thought chain with backtracking: steps until the m-th success or `maxSteps` attempts.
    public mutating func runChain(maxSteps: Int) -> ChainRun {
        var chain = Chain()
        let m = task.m
        while chain.progress < m, chain.steps < maxSteps { step(&chain) }
        return ChainRun(solved: chain.progress >= m, steps: chain.steps)
    }

    /// Runs `count` branches of work in parallel: each starts at the current clock; afterwards the clock is the
    /// latest finishing branch. FLOPs and tokens of every branch are charged.
    public mutating func parallel<T>(_ count: Int, _ body: (Int, inout TraversalContext) throws -> T) rethrows -> [T] {
        let start = clock
        var end = start
        var results: [T] = []
        results.reserveCapacity(count)
        for i in 0..<count {
            clock = start
            results.append(try body(i, &self))
            end = max(end, clock)
        }
        clock = end
        return results
    }

    /// A uniform number in [0, 1) from the query's stream (for strategies' own random choices).
    public mutating func uniform() -> Double { rng.uniform() }
}
