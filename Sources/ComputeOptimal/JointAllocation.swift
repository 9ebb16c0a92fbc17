/// A point of the joint allocation: model size N, training tokens D and inference tokens per query Ω for I
/// lifetime queries, with the accuracy it reaches (C_total = 6ND + 2NIΩ).
public struct JointAllocation: Sendable, Equatable {
    /// Lifetime compute C_total (FLOPs).
    public let compute: Double
    /// Lifetime number of queries I.
    public let queries: Double
    /// N (parameters).
    public let parameters: Double
    /// D_tr (training tokens).
    public let trainingTokens: Double
    /// Ω (inference tokens per query).
    public let tokensPerQuery: Double
    /// Expected accuracy over the task population.
    public let accuracy: Double
    public let convergence: Convergence

    public init(
        compute: Double, queries: Double, parameters: Double, trainingTokens: Double, tokensPerQuery: Double,
        accuracy: Double, convergence: Convergence
    ) {
        self.compute = compute
        self.queries = queries
        self.parameters = parameters
        self.trainingTokens = trainingTokens
        self.tokensPerQuery = tokensPerQuery
        self.accuracy = accuracy
        self.convergence = convergence
    }

    /// D/N.
    public var tokensPerParameter: Double { trainingTokens / parameters }
    /// 6 N D.
    public var trainingFLOPs: Double { 6 * parameters * trainingTokens }
    /// 2 N I Ω.
    public var inferenceFLOPs: Double { 2 * parameters * queries * tokensPerQuery }
    /// Inference share of the budget, 2NIΩ / C_total.
    public var inferenceShare: Double { inferenceFLOPs / (trainingFLOPs + inferenceFLOPs) }
}
