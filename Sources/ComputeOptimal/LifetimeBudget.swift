import ScalingCore

/// The lifetime compute identity of the joint problem: C_total = 6 N D_tr + 2 N I Ω, for a model of N parameters
/// trained on D_tr tokens that serves I queries of Ω inference tokens each (parameter FLOPs only).
public enum LifetimeBudget {
    /// The model size the budget affords: N = C / (6 D_tr + 2 I Ω) (DS3 notes, figure F3's iso-compute surface).
    ///
    /// - Throws: `ParameterError` for C, D_tr not > 0 or I, Ω negative.
    public static func parameters(
        compute C: Double, trainingTokens D: Double, queries I: Double, tokensPerQuery omega: Double
    ) throws(ParameterError) -> Double {
        try Validate.positive(C, "compute")
        try Validate.positive(D, "training tokens")
        try Validate.nonNegative(I, "queries")
        try Validate.nonNegative(omega, "tokens per query")
        return C / (6 * D + 2 * I * omega)
    }

    /// 6 N D_tr + 2 N I Ω.
    public static func compute(
        parameters N: Double, trainingTokens D: Double, queries I: Double, tokensPerQuery omega: Double
    )
        -> Double
    {
        6 * N * D + 2 * N * I * omega
    }

    /// Share of the lifetime budget spent on inference, 2NIΩ / (6ND + 2NIΩ).
    public static func inferenceShare(trainingTokens D: Double, queries I: Double, tokensPerQuery omega: Double)
        -> Double
    {
        let inference = 2 * I * omega
        return inference / (6 * D + inference)
    }
}
