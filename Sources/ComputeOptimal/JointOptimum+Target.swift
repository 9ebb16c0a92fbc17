import GSL
import RealModule
import ScalingCore

extension JointOptimum {
    /// The largest lifetime budget the target search tries (FLOPs): the default problems saturate (accuracy within
    /// 1e-9 of 1) near 1e40, and the search in (ln N, logit s) stays well inside the range of doubles here.
    public static let largestTargetCompute = 1e60

    /// The dual of the budget problem: the least lifetime compute C* = 6ND + 2NIΩ whose joint optimum (`global`, or
    /// the capped `global(model:compute:queries:caps:options:)`) reaches expected accuracy A.
    ///
    /// The optimum's accuracy V(C) is non-decreasing in C for a monotone model (`AccuracyModel.isMonotone`: a larger
    /// budget affords the same N and Ω with more training data), so C* is the root of V(C) = A: bracketed by factors
    /// of 100 from 1e20 FLOPs (budgets whose optimum is infeasible, N < 1 or D < 1, count as falling short), then
    /// Brent on ln C to 1e-12 absolute; the cheaper end of the final bracket that reaches A is returned (its accuracy
    /// is A to the search's resolution: V changes by ≲ 1e-13 across the bracket).
    ///
    /// - Parameters:
    ///   - accuracy: target A ∈ (0, 1) (A = 1 is refused as infeasible: only approached as C → ∞).
    ///   - queries: lifetime queries I > 0.
    ///   - caps: optional caps on N, Ω and latency.
    /// - Returns: the joint optimum at C* (`best.compute` = C*).
    /// - Throws: `ParameterError` for A outside (0, 1) or bad I; `ParameterError.infeasible` when A is above what
    ///   any budget up to `largestTargetCompute` reaches (the message names that accuracy); with finite N and Ω caps
    ///   on a monotone model, at once when A is at or above the supremum accuracy(N_max, D = ∞, Ω_max).
    public static func leastCompute(
        model: some AccuracyModel, accuracy A: Double, queries I: Double, caps: Caps? = nil,
        options: SearchOptions = .init()
    ) throws -> Result {
        try Validate.probability(A, "target accuracy", .lowerOpen)
        guard A < 1 else {
            throw ParameterError.infeasible(
                "target accuracy", A, feasibleRange: "< 1",
                constraint: "a finite budget leaves every task a positive chance of failure; accuracy 1 is a limit")
        }
        try Validate.positive(I, "queries")
        if let caps, caps.maxParameters < 1 {
            // No budget is feasible: the capped solver's own error names the cap.
            _ = try global(model: model, compute: 1e20, queries: I, caps: caps, options: options)
        }
        return try leastCompute(accuracy: A, supremum: try requireBelowSupremum(A, model: model, caps: caps)) { c in
            guard let caps else { return try global(model: model, compute: c, queries: I, options: options) }
            return try global(model: model, compute: c, queries: I, caps: caps, options: options)
        }
    }

    /// The root search of `leastCompute(model:accuracy:queries:caps:options:)` for any budget solver `solve`
    /// (C ↦ optimum at C) whose accuracy is non-decreasing in C; `supremum` ends the infeasibility message.
    static func leastCompute(accuracy A: Double, supremum: String, solve: (Double) throws -> Result) throws -> Result {
        // V(C), with an infeasible budget (too small for one parameter and one token) as 0.
        func value(_ c: Double) throws -> (result: Result?, accuracy: Double) {
            do {
                let r = try solve(c)
                return (r, r.best.accuracy)
            } catch let error as ParameterError where error.isInfeasibility {
                return (nil, 0)
            }
        }
        var high = 1e20
        var low = high
        var reached = try value(high)
        if reached.accuracy >= A {
            repeat {
                low = max(low / 100, 6)
                let v = try value(low)
                if v.accuracy < A { break }
                high = low
                reached = v
            } while low > 6
            if low == high, let result = reached.result { return result }  // the least feasible budget reaches A
        } else {
            repeat {
                low = high
                high = min(high * 100, largestTargetCompute)
                reached = try value(high)
            } while reached.accuracy < A && high < largestTargetCompute
            guard reached.accuracy >= A else {
                throw ParameterError.infeasible(
                    "target accuracy", A, feasibleRange: "< \(reached.accuracy)",
                    constraint: "the joint optimum at \(largestTargetCompute) FLOPs reaches accuracy "
                        + "\(reached.accuracy)" + supremum)
            }
        }
        let root = try Roots.brent(
            lower: Double.log(low), upper: Double.log(high), absoluteTolerance: 1e-12, relativeTolerance: 0
        ) { x in try value(Double.exp(x)).accuracy - A }
        let cheaper = try value(Double.exp(root.lower))
        if cheaper.accuracy >= A, let result = cheaper.result { return result }
        guard let result = try value(Double.exp(root.upper)).result else { return try solve(high) }
        return result
    }

    /// With finite caps on N and Ω and a monotone model: the supremum of the accuracy over all budgets,
    /// accuracy(N_max, D = ∞, Ω_max) (the latency cap, if any, can only lower what is reached). nil otherwise.
    static func supremum(model: some AccuracyModel, caps: Caps?) throws -> Double? {
        guard model.isMonotone, let caps, caps.maxParameters.isFinite, caps.maxTokensPerQuery.isFinite else {
            return nil
        }
        return try model.accuracy(
            parameters: caps.maxParameters, trainingTokens: .infinity, tokensPerQuery: caps.maxTokensPerQuery)
    }

    /// Throws `ParameterError.infeasible` when A is at or above `supremum(model:caps:)`; returns the clause that ends
    /// a later infeasibility message ("" without a known supremum).
    static func requireBelowSupremum(_ A: Double, model: some AccuracyModel, caps: Caps?) throws -> String {
        guard let top = try supremum(model: model, caps: caps), let caps else { return "" }
        let clause = "with N ≤ \(caps.maxParameters) and Ω ≤ \(caps.maxTokensPerQuery) no budget reaches \(top)"
        guard A < top else {
            throw ParameterError.infeasible(
                "target accuracy", A, feasibleRange: "< \(top)",
                constraint: clause + " (unlimited training data at the largest model and inference budget)")
        }
        return "; " + clause
    }
}
