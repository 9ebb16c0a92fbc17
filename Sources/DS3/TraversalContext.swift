import RealModule
import ScalingCore

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

    /// Whether `runChain` may jump over failed attempts (geometric waiting times) for Bernoulli steps.
    public let fastChains: Bool

    public init(
        task: SkillTask, process: StepProcess, budget: StepBudget, cost: CostModel, rng: Xoshiro256StarStar,
        fastChains: Bool = false
    ) {
        self.task = task
        self.process = process
        self.budget = budget
        self.cost = cost
        self.rng = rng
        self.fastChains = fastChains
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

    /// Charges `count` consecutive single-candidate steps on `chain` at once (the same tokens, attention pairs and
    /// clock as `count` calls of `step`): Σ_{i<g} [ω(ω_p + c + iω) + ω(ω − 1)/2] pairs.
    mutating func chargeSteps(_ chain: inout Chain, count g: Int) {
        if g <= 0 { return }
        let w = cost.tokensPerStep
        let gd = Double(g)
        let c = chain.contextTokens
        tokens += gd * w
        attentionPairs += gd * w * (cost.promptTokens + c) + w * w * gd * (gd - 1) / 2 + gd * w * (w - 1) / 2
        chain.contextTokens += gd * w
        chain.steps += g
        clock += gd * w
    }

    /// Fast path of `runChain` for Bernoulli(r) steps: draws the waiting time to each success, G ~ Geometric(r)
    /// (G = 1 + ⌊ln U / ln(1 − r)⌋), and charges the G attempts at once; the budget cuts the last wait.
    mutating func runChainJumping(maxSteps: Int, r: Double) -> ChainRun {
        var chain = Chain()
        let m = task.m
        let logQ = r < 1 ? Double.log(onePlus: -r) : -Double.infinity
        while chain.progress < m, chain.steps < maxSteps {
            let left = maxSteps - chain.steps
            if r <= 0 {
                chargeSteps(&chain, count: left)
                break
            }
            let wait: Double = r >= 1 ? 1 : 1 + (Double.log(rng.uniformOpen()) / logQ).rounded(.down)
            if wait > Double(left) {
                chargeSteps(&chain, count: left)
                break
            }
            chargeSteps(&chain, count: Int(wait))
            chain.progress += 1
        }
        return ChainRun(solved: chain.progress >= m, steps: chain.steps)
    }

    /// Runs one chain-of-thought chain with backtracking: steps until the m-th success or `maxSteps` attempts.
    public mutating func runChain(maxSteps: Int) -> ChainRun {
        if fastChains, case .bernoulli(let r) = process { return runChainJumping(maxSteps: maxSteps, r: r) }
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
