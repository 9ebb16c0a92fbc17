import ScalingCore

extension JointOptimum {
    /// Prices of the joint problem's two kinds of FLOPs (dollars per FLOP actually executed, utilisation included):
    /// training 6ND at p_tr, inference 2NIΩ at p_inf. Lifetime dollars = p_tr 6ND + p_inf 2NIΩ.
    public struct Prices: Sendable, Equatable {
        /// p_tr ($ per training FLOP).
        public let training: Double
        /// p_inf ($ per inference FLOP).
        public let inference: Double

        /// - Throws: `ParameterError` for a price that is not finite and > 0.
        public init(trainingDollarsPerFLOP: Double, inferenceDollarsPerFLOP: Double) throws(ParameterError) {
            training = try Validate.positive(trainingDollarsPerFLOP, "training dollars per FLOP")
            inference = try Validate.positive(inferenceDollarsPerFLOP, "inference dollars per FLOP")
        }

        /// From a dollar-cost model (Sardana et al. 2024): p_tr = c_tr / U_tr and, the joint problem's Ω being
        /// generated tokens, p_inf = c_inf / U_decode (c: dollars per FLOP at peak, U: model-FLOPs utilisation).
        public init(_ cost: DollarCostModel) throws(ParameterError) {
            try self.init(
                trainingDollarsPerFLOP: cost.training.dollarsPerFLOP / cost.trainingUtilization,
                inferenceDollarsPerFLOP: cost.inference.dollarsPerFLOP / cost.decodeUtilization)
        }

        /// The FLOP problem with the same optimum: maximising accuracy at p_tr 6ND + p_inf 2NIΩ = B is maximising it
        /// at 6ND + 2N I' Ω = B / p_tr with I' = I p_inf / p_tr (divide the dollar budget by p_tr). Equal prices give
        /// I' = I exactly.
        public func equivalentQueries(_ I: Double) -> Double { I * (inference / training) }

        /// Lifetime dollars of an allocation serving I queries.
        public func dollars(_ a: JointAllocation, queries I: Double) -> Double {
            training * 6 * a.parameters * a.trainingTokens + inference * 2 * a.parameters * I * a.tokensPerQuery
        }
    }

    /// A priced joint optimum: the allocation (its `compute` the real FLOPs 6ND + 2NIΩ, its `queries` the real I)
    /// and its lifetime dollars.
    public struct PricedResult: Sendable, Equatable {
        public let best: JointAllocation
        /// p_tr 6ND + p_inf 2NIΩ.
        public let dollars: Double
        /// The FLOP problem solved (`Prices.equivalentQueries`), as `global` returns it.
        public let equivalent: Result
    }

    /// The allocation of the equivalent FLOP problem with I' restored to the real I (compute 6ND + 2NIΩ).
    static func priced(_ result: Result, queries I: Double, prices: Prices) -> PricedResult {
        let real = result.best.serving(queries: I)
        return PricedResult(best: real, dollars: prices.dollars(real, queries: I), equivalent: result)
    }

    /// The best expected accuracy for a lifetime dollar budget B = p_tr 6ND + p_inf 2NIΩ: `global` (or the capped
    /// form) on the equivalent FLOP problem C = B / p_tr, I' = I p_inf / p_tr. Equal prices p give the FLOP optimum at
    /// C = B / p bit for bit.
    ///
    /// - Throws: `ParameterError` for B or I not finite and > 0, and as `global`.
    public static func global(
        model: some AccuracyModel, dollars B: Double, queries I: Double, prices: Prices, caps: Caps? = nil,
        options: SearchOptions = .init()
    ) throws -> PricedResult {
        try Validate.positive(B, "dollars")
        try Validate.positive(I, "queries")
        let C = B / prices.training
        let queries = prices.equivalentQueries(I)
        let result =
            try caps.map { try global(model: model, compute: C, queries: queries, caps: $0, options: options) }
            ?? global(model: model, compute: C, queries: queries, options: options)
        return priced(result, queries: I, prices: prices)
    }

    /// The least lifetime dollars whose priced joint optimum reaches accuracy A: `leastCompute` on the equivalent
    /// FLOP problem (I' = I p_inf / p_tr), whose least budget C* costs p_tr C* dollars.
    ///
    /// - Throws: as `leastCompute`.
    public static func leastDollars(
        model: some AccuracyModel, accuracy A: Double, queries I: Double, prices: Prices, caps: Caps? = nil,
        options: SearchOptions = .init()
    ) throws -> PricedResult {
        try Validate.positive(I, "queries")
        let result = try leastCompute(
            model: model, accuracy: A, queries: prices.equivalentQueries(I), caps: caps, options: options)
        return priced(result, queries: I, prices: prices)
    }
}

extension JointAllocation {
    /// The same N, D, Ω and accuracy serving I queries, its compute 6ND + 2NIΩ: restores the real I to an allocation
    /// of the equivalent priced problem (`JointOptimum.Prices.equivalentQueries`).
    public func serving(queries I: Double) -> JointAllocation {
        JointAllocation(
            compute: LifetimeBudget.compute(
                parameters: parameters, trainingTokens: trainingTokens, queries: I, tokensPerQuery: tokensPerQuery),
            queries: I, parameters: parameters, trainingTokens: trainingTokens, tokensPerQuery: tokensPerQuery,
            accuracy: accuracy, convergence: convergence)
    }
}
