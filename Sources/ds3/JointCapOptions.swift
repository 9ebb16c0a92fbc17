import ArgumentParser
import ComputeOptimal
import ScalingCore

/// The caps of `optimum joint`: model size, inference tokens per query and expected latency per query.
struct JointCapOptions: ParsableArguments {
    @Option(
        name: .customLong("max-params"),
        help: "Largest model size N (parameters) the joint optimum may choose. Omit for no cap.")
    var maxParams: Double?
    @Option(
        name: .customLong("max-tokens-per-query"),
        help: "Largest inference budget Ω (tokens per query) the joint optimum may choose. Omit for no cap.")
    var maxTokensPerQuery: Double?
    @Option(
        name: .customLong("max-latency"),
        help: """
            Largest expected latency per query, in sequentially generated tokens (the DS3 cost model's latency: \
            ω E[min(T_m, K)] for chain-of-thought, averaged over the task population). Omit for no cap.
            """)
    var maxLatency: Double?

    /// Each cap is finite and > 0 (called by the parser).
    func validate() throws {
        if let maxParams { try Validate.positive(maxParams, "--max-params") }
        if let maxTokensPerQuery { try Validate.positive(maxTokensPerQuery, "--max-tokens-per-query") }
        if let maxLatency { try Validate.positive(maxLatency, "--max-latency") }
    }

    /// The caps given, nil when none is.
    func caps() throws -> JointOptimum.Caps? {
        guard maxParams != nil || maxTokensPerQuery != nil || maxLatency != nil else { return nil }
        return try JointOptimum.Caps(
            maxParameters: maxParams ?? .infinity, maxTokensPerQuery: maxTokensPerQuery ?? .infinity,
            maxLatency: maxLatency ?? .infinity)
    }
}
