import ScalingCore

/// How a strategy spends its step budget K (ds3-theory §3.4–3.6): `width` chains side by side, each with up to K
/// steps (best-of-N and majority voting: N samples; tree-of-thought: b candidates per depth), over up to `passes`
/// chains one after another (iterative refinement: n passes). Solvers that compare strategies at equal nominal
/// compute — `StrategyComparison`, the strategy map and dynamic allocation (`StrategyOption`) — give a strategy
/// K / `chains` steps per chain when one chain-of-thought chain gets K, whatever module the strategy comes from.
public struct BudgetShape: Sendable, Hashable, CustomStringConvertible {
    /// Chains (or candidates per depth) run side by side, each with the full per-chain budget; ≥ 1.
    public let width: Int
    /// Chains run one after another (at most), each with the full per-chain budget; ≥ 1.
    public let passes: Int

    public init(width: Int = 1, passes: Int = 1) throws(ParameterError) {
        self.width = try Validate.count(width, "width")
        self.passes = try Validate.count(passes, "passes")
    }

    /// One chain with the whole budget (chain-of-thought, a strict chain).
    public static let singleChain = BudgetShape(uncheckedWidth: 1, passes: 1)

    /// Chains whose nominal compute shares the budget: width × passes.
    public var chains: Int { width * passes }

    public var description: String { "width \(width) × passes \(passes)" }

    init(uncheckedWidth width: Int, passes: Int) {
        self.width = width
        self.passes = passes
    }
}
