import DS3
import ScalingCore
import Testing

/// Relative difference |a − b| / max(|b|, tiny).
func relativeError(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(abs(b), 1e-300)
}

/// Checks a closed form against a simulation estimate within k standard errors. When every trial gave the same
/// value (SE = 0), any event of probability q ≥ 9.2/n would have shown up with probability ≥ 1 − (1 − q)^n ≥
/// 1 − 1e-4, so the closed form may differ from the observed constant by at most 9.2/n relative (absolute for a
/// probability, whose range is [0, 1]).
func expectWithin(
    _ closed: Double, _ estimate: Estimate, sigmas k: Double = 4, trials n: Int, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    if estimate.standardError == 0 {
        let scale = max(abs(estimate.mean), 1)
        #expect(
            abs(closed - estimate.mean) <= 9.2 / Double(n) * scale, "\(label): \(closed) vs \(estimate)",
            sourceLocation: sourceLocation)
    } else {
        #expect(
            estimate.zScore(of: closed) <= k, "\(label): closed \(closed) vs MC \(estimate)",
            sourceLocation: sourceLocation)
    }
}

/// Plays `strategy` on the simulator and checks success, FLOPs, tokens and latency against `evaluate` within
/// 4 SE. 4 SE: with ~4 quantities × ~10 grid points per strategy, a false alarm has probability ≈ 40 × 6e-5.
func expectClosedFormMatchesSimulator(
    _ strategy: some InferenceStrategy, task: SkillTask, steps: Double, cost: CostModel, trials: Int = 20_000,
    seed: UInt64 = 1, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let budget = try StepBudget(steps: steps)
    let closed = try strategy.evaluate(task, budget: budget, cost: cost)
    let sim = try TraversalSimulator.run(strategy, tasks: task, budget: budget, cost: cost, trials: trials, seed: seed)
    let label = "\(strategy.name) \(task) K=\(steps)"
    expectWithin(closed.success, sim.success, trials: trials, label + " success", sourceLocation: sourceLocation)
    expectWithin(closed.flops, sim.flops, trials: trials, label + " flops", sourceLocation: sourceLocation)
    expectWithin(closed.tokens, sim.tokens, trials: trials, label + " tokens", sourceLocation: sourceLocation)
    expectWithin(closed.latency, sim.latency, trials: trials, label + " latency", sourceLocation: sourceLocation)
}

/// A grid with easy, hard and budget-limited tasks: (m, r, K).
let simulatorGrid: [(m: Int, r: Double, steps: Double)] = [
    (3, 0.7, 20),  // easy: success ≈ 1, budget never binds
    (8, 0.15, 120),  // hard: long chains, success ≈ 0.9
    (5, 0.2, 25),  // budget-limited: K = m/r exactly
    (6, 0.1, 20),  // budget-limited and hard: success ≈ 0.01
    (4, 0.5, 3),  // K < m: impossible
]

/// Parameter-only and attention-aware cost models (N = 1e8 makes attention significant at these lengths).
let costModels: [CostModel] = [
    try! CostModel(parameters: 1e9, tokensPerStep: 25),
    try! CostModel(parameters: 1e8, tokensPerStep: 25, attention: .gpt3),
]
