import RealModule
import ScalingCore

/// A Monte Carlo estimate: sample mean and its standard error s/√n.
public struct Estimate: Sendable, Hashable, CustomStringConvertible {
    public let mean: Double
    public let standardError: Double
    public init(mean: Double, standardError: Double) {
        self.mean = mean
        self.standardError = standardError
    }

    /// |value − mean| in standard errors (∞ if the SE is 0 and the values differ).
    public func zScore(of value: Double) -> Double {
        let d = abs(value - mean)
        if d == 0 { return 0 }
        return standardError > 0 ? d / standardError : .infinity
    }

    public var description: String { "\(mean) ± \(standardError)" }
}

/// Summary of a simulation: success, FLOPs, tokens and latency per query, each with its standard error.
public struct SimulationSummary: Sendable, Hashable {
    public let trials: Int
    public let seed: UInt64
    public let success: Estimate
    public let flops: Estimate
    public let tokens: Estimate
    public let latency: Estimate
}

/// Seeded Monte Carlo traversal simulator: plays a strategy step by step on sampled tasks (with `fastPath`,
/// chain-of-thought chains on Bernoulli steps jump over failed attempts by geometric waiting times). Trials are split
/// into a fixed number of chunks, chunk i using random stream i, and chunks run on all cores through
/// `Parallel.map`, so results do not depend on the thread count.
public enum TraversalSimulator {
    /// Number of chunks (independent random streams) the trials are split into.
    public static let chunks = 64

    public static func run(
        _ strategy: some InferenceStrategy, tasks: some TaskSampler, budget: StepBudget, cost: CostModel,
        trials: Int, seed: UInt64, threads: Int = Parallel.defaultThreads, fastPath: Bool = false
    ) throws -> SimulationSummary {
        try Validate.count(trials, "trials")
        return try summarize(trials: trials, seed: seed, threads: threads) { rng in
            let (task, process) = try tasks.sampleTask(using: &rng)
            var context = TraversalContext(
                task: task, process: process, budget: budget, cost: cost, rng: rng, fastChains: fastPath)
            let solved = try strategy.play(in: &context)
            rng = context.rng
            return TrialOutcome(solved: solved, flops: context.flops, tokens: context.tokens, latency: context.clock)
        }
    }

    /// One simulated query: solved or not and what it cost (FLOPs, generated tokens, latency in token times).
    struct TrialOutcome {
        let solved: Bool
        let flops: Double
        let tokens: Double
        let latency: Double
    }

    /// Plays `trials` queries split into `chunks` chunks, chunk i on random stream i of `seed` (run on `threads`
    /// cores), and merges the per-chunk moments in chunk order: the summary does not depend on the thread count.
    /// Shared by the step-by-step reference and the chain-of-thought fast path.
    @inline(__always)
    static func summarize(
        trials: Int, seed: UInt64, threads: Int,
        _ play: @escaping @Sendable (inout Xoshiro256StarStar) throws -> TrialOutcome
    ) throws -> SimulationSummary {
        let chunkCount = min(chunks, trials)
        let partials = try Parallel.map(count: chunkCount, threads: threads) { chunk -> [Moments] in
            var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(chunk))
            var acc = Array(repeating: Moments(), count: 4)
            let start = chunk * trials / chunkCount
            let end = (chunk + 1) * trials / chunkCount
            for _ in start..<end {
                let outcome = try play(&rng)
                acc[0].add(outcome.solved ? 1 : 0)
                acc[1].add(outcome.flops)
                acc[2].add(outcome.tokens)
                acc[3].add(outcome.latency)
            }
            return acc
        }
        var total = Array(repeating: Moments(), count: 4)
        for part in partials { for i in 0..<4 { total[i].merge(part[i]) } }
        let e = total.map(\.estimate)
        return SimulationSummary(trials: trials, seed: seed, success: e[0], flops: e[1], tokens: e[2], latency: e[3])
    }
}

/// Running mean and variance (Welford), mergeable (Chan et al.).
struct Moments: Sendable {
    var count = 0.0
    var mean = 0.0
    var m2 = 0.0

    mutating func add(_ x: Double) {
        count += 1
        let d = x - mean
        mean += d / count
        m2 += d * (x - mean)
    }

    mutating func merge(_ o: Moments) {
        if o.count == 0 { return }
        if count == 0 {
            self = o
            return
        }
        let n = count + o.count
        let d = o.mean - mean
        mean += d * o.count / n
        m2 += o.m2 + d * d * count * o.count / n
        count = n
    }

    var estimate: Estimate {
        let variance = count > 1 ? max(0, m2 / (count - 1)) : 0
        return Estimate(mean: mean, standardError: (variance / max(count, 1)).squareRoot())
    }
}
