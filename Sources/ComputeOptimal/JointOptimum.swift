import GSL
import RealModule
import ScalingCore

/// Joint compute-optimal allocation over (N, D, Ω) at a lifetime budget C_total = 6ND + 2NIΩ (DS3 notes §4.3,
/// §5.5), solved as a continuous optimisation: the constraint is removed by reparametrisation
/// (x₁ = ln N, x₂ = logit s with s the training share: 6ND = sC, 2NIΩ = (1 − s)C), a coarse scan seeds a
/// multi-start Nelder–Mead (GSL) on −ln(accuracy), and the best converged start wins.
public enum JointOptimum {
    /// Options of the multi-start search.
    public struct SearchOptions: Sendable, Equatable {
        /// Seed scan: ln N offsets from the Chinchilla-style size √(sC/120) and logit-s values.
        public var sizeOffsets: [Double]
        public var shareLogits: [Double]
        /// Nelder–Mead runs started from the best distinct seeds.
        public var starts: Int
        /// Simplex size at which Nelder–Mead stops (in ln N and logit s).
        public var sizeTolerance: Double

        public init(
            sizeOffsets: [Double] = Array(stride(from: -8.0, through: 8.0, by: 1.0)),
            shareLogits: [Double] = Array(stride(from: -9.0, through: 9.0, by: 1.0)),
            starts: Int = 4, sizeTolerance: Double = 1e-5
        ) {
            self.sizeOffsets = sizeOffsets
            self.shareLogits = shareLogits
            self.starts = starts
            self.sizeTolerance = sizeTolerance
        }
    }

    /// Result of the global search: the best allocation and every start's end point (multi-start evidence).
    public struct Result: Sendable, Equatable {
        public let best: JointAllocation
        /// Accuracy reached from each start, best first.
        public let startAccuracies: [Double]
    }

    /// The allocation for (ln N, logit s).
    static func allocation(
        _ x: [Double], compute C: Double, queries I: Double
    ) -> (N: Double, D: Double, omega: Double) {
        let N = Double.exp(x[0])
        // s = σ(x₂) and 1 − s = σ(−x₂), each without cancellation.
        let s = 1 / (1 + Double.exp(-x[1]))
        let rest = 1 / (1 + Double.exp(x[1]))
        return (N, s * C / (6 * N), rest * C / (2 * N * I))
    }

    /// Maximises expected accuracy over (N, D, Ω) with 6ND + 2NIΩ = C.
    ///
    /// - Parameters:
    ///   - compute: C_total > 0 (FLOPs).
    ///   - queries: lifetime queries I > 0.
    /// - Throws: `ParameterError` for bad input; `GSLError` if no start converges (`SolverError` if none could start).
    ///
    /// Feasibility first: a budget below 6 FLOPs (one parameter trained on one token) throws
    /// `ParameterError.infeasible`, and so does an optimum with N < 1 or D < 1, naming the least budget whose
    /// optimum has N ≥ 1 and D ≥ 1. The result's `convergence.warnings` flag a flat optimum (location not
    /// unique), a saturated accuracy (within 1e-9 of 1; `leastComputeReaching` gives the least budget that
    /// reaches it), a training share pinned at 0 or 1 (|logit s| ≥ 25, the edge of what the search can
    /// represent) and an inference budget below one step.
    public static func global(
        model: some AccuracyModel, compute C: Double, queries I: Double, options: SearchOptions = .init()
    ) throws -> Result {
        try Validate.positive(C, "compute")
        try Validate.positive(I, "queries")
        guard C >= 6 else {
            throw ParameterError.infeasible(
                "compute", C, feasibleRange: "≥ 6 FLOPs",
                constraint: "one parameter trained on one token costs 6·N·D = 6 FLOPs")
        }
        let result = try unchecked(model: model, compute: C, queries: I, options: options)
        try FeasibleLimit.requireUnitModel(
            parameters: result.best.parameters, tokens: result.best.trainingTokens, parameter: "compute", value: C,
            shown: C, factor: 4, limit: { "≥ \($0) FLOPs" },
            solve: { c in
                let best = try unchecked(model: model, compute: c, queries: I, options: options).best
                return (best.parameters, best.trainingTokens)
            }
        )
        return result
    }

    /// The least budget C' ≤ `compute` whose joint optimum reaches `accuracy` (to relative 1e-4 in C'), for a
    /// saturated problem: halves the budget until the optimum falls short, then bisects in ln C'. nil when even
    /// `compute` falls short. With `caps`, the optimum of each budget obeys them (as `global(model:compute:queries:
    /// caps:options:)`), so the least budget is the least one reaching the target within the caps.
    public static func leastComputeReaching(
        model: some AccuracyModel, accuracy target: Double, compute C: Double, queries I: Double,
        caps: Caps? = nil, options: SearchOptions = .init()
    ) throws -> Double? {
        try Validate.probability(target, "target accuracy")
        func reaches(_ c: Double) -> Bool {
            guard c >= 6, let r = try? unchecked(model: model, compute: c, queries: I, options: options, caps: caps)
            else {
                return false
            }
            return r.best.accuracy >= target
        }
        guard reaches(C) else { return nil }
        var short = C
        for _ in 0..<200 where reaches(short) { short /= 2 }
        return FeasibleLimit.edge(from: short, factor: 2, relativeTolerance: 1e-4, reaches)
    }

    static func unchecked(
        model: some AccuracyModel, compute C: Double, queries I: Double, options: SearchOptions,
        caps: Caps? = nil
    ) throws -> Result {
        try Validate.count(options.starts, "starts")
        func allocation(_ x: [Double], compute C: Double, queries I: Double) throws -> (
            N: Double, D: Double, omega: Double, overshoot: Double
        ) {
            guard let caps else {
                let a = JointOptimum.allocation(x, compute: C, queries: I)
                return (a.N, a.D, a.omega, 0)
            }
            return try caps.project(x, compute: C, queries: I, model: model)
        }
        func objective(_ x: [Double]) throws -> Double {
            let a = try allocation(x, compute: C, queries: I)
            let acc = try model.accuracy(parameters: a.N, trainingTokens: a.D, tokensPerQuery: a.omega)
            // Beyond the latency cap every share maps to the same allocation: without a slope there the simplex would
            // wander on a plateau (each step a root search). An exact penalty of 1e-3 per e-fold of overshoot keeps
            // the minimum where it was (0 on the feasible set, > 0 off it) and points the simplex back to the cap.
            return -Double.log(max(acc, 1e-300)) + 1e-3 * a.overshoot
        }
        // Seed scan.
        var seeds: [(x: [Double], f: Double)] = []
        for logit in options.shareLogits {
            let s = 1 / (1 + Double.exp(-logit))
            let base = 0.5 * Double.log(s * C / 120)
            for offset in options.sizeOffsets {
                let x = [base + offset, logit]
                seeds.append((x, try objective(x)))
            }
        }
        seeds.sort { $0.f < $1.f }
        var chosen: [[Double]] = []
        for seed in seeds where chosen.count < options.starts {
            // Distinct basins: at least 2 units apart in (ln N, logit s).
            if chosen.allSatisfy({ abs($0[0] - seed.x[0]) + abs($0[1] - seed.x[1]) >= 2 }) { chosen.append(seed.x) }
        }
        var results: [MinimumND] = []
        var lastError: (any Error)?
        for start in chosen {
            do {
                results.append(
                    try MinimizeND.nelderMead(
                        start: start, step: [0.5, 0.5], sizeTolerance: options.sizeTolerance, maxIterations: 20_000,
                        flatIterations: 2_000, objective))
            } catch let error as GSLError {
                lastError = error
            }
        }
        guard let bestRun = results.min(by: { $0.value < $1.value }) else {
            throw lastError
                ?? SolverError(.notConverged, routine: "JointOptimum.global", reason: "no start")
        }
        let a = try allocation(bestRun.x, compute: C, queries: I)
        let accuracy = try model.accuracy(parameters: a.N, trainingTokens: a.D, tokensPerQuery: a.omega)
        var warnings: [OptimumWarning] = []
        if bestRun.flat { warnings.append(.flatOptimum(objective: "accuracy")) }
        warnings += model.warnings(accuracy: accuracy, tokensPerQuery: a.omega)
        if abs(bestRun.x[1]) >= 25 {
            warnings.append(.onSearchBound(variable: "logit of the training share", value: bestRun.x[1], bound: 25))
        }
        let best = JointAllocation(
            compute: C, queries: I, parameters: a.N, trainingTokens: a.D, tokensPerQuery: a.omega, accuracy: accuracy,
            convergence: Convergence(
                method: "multi-start Nelder–Mead on (ln N, logit s)"
                    + (bestRun.flat
                        ? "; flat optimum: accuracy constant to 1e-14 near the solution, location not unique" : ""),
                iterations: bestRun.iterations,
                finalWidth: bestRun.finalMeasure, starts: results.count, tolerance: options.sizeTolerance,
                warnings: warnings))
        let accuracies = results.map { Double.exp(-$0.value) }.sorted(by: >)
        return Result(best: best, startAccuracies: accuracies)
    }

    /// The Chinchilla-constrained allocation: D = κN (κ = 20), the rest of the budget to inference,
    /// Ω = (C − 6κN²)/(2NI); maximised over N ∈ (0, √(C/(6κ))) by a global scan plus Brent.
    ///
    /// With `caps` the comparison obeys the same limits as the joint optimum: N ≤ N_max (the scan ends there), and Ω
    /// is the least of the budget's rest, Ω_max and the largest Ω that meets the latency cap at (N, κN)
    /// (`Caps.latencyTokens`); budget that the caps leave unspent stays unspent (D is tied to N). Caps that do not
    /// bind give the uncapped result bit for bit.
    public static func chinchillaConstrained(
        model: some AccuracyModel, compute C: Double, queries I: Double, tokensPerParameter kappa: Double = 20,
        caps: Caps? = nil
    ) throws -> JointAllocation {
        try Validate.positive(C, "compute")
        try Validate.positive(I, "queries")
        try Validate.positive(kappa, "tokens per parameter")
        if let caps {
            // A comparison inside the caps is also the capped one (the same computation, the same bits).
            let free = try chinchillaConstrained(model: model, compute: C, queries: I, tokensPerParameter: kappa)
            if try caps.admits(free, model: model) { return free }
        }
        let upper = min(0.5 * Double.log(C / (6 * kappa)), Double.log(caps?.maxParameters ?? .infinity))
        func omega(_ N: Double) throws -> Double {
            let rest = max(0, (C - 6 * kappa * N * N) / (2 * N * I))
            guard let caps else { return rest }
            let capped = min(rest, caps.maxTokensPerQuery)
            return try caps.latencyTokens(
                model: model, parameters: N, trainingTokens: kappa * N, tokensPerQuery: capped)
                ?? capped
        }
        func objective(_ x: Double) throws -> Double {
            let N = Double.exp(x)
            let acc = try model.accuracy(parameters: N, trainingTokens: kappa * N, tokensPerQuery: try omega(N))
            return -Double.log(max(acc, 1e-300))
        }
        // The most Ω any N ∈ [e^a, e^b] gets: the budget's rest and Ω_max fall with N, so both at e^a; the latency
        // cap's Ω rises with N (a larger model, trained on more data, finishes its chains sooner), so it at e^b.
        func omegaBound(_ a: Double, _ b: Double) throws -> Double {
            let (low, high) = (Double.exp(a), Double.exp(b))
            let rest = max(0, (C - 6 * kappa * low * low) / (2 * low * I))
            guard let caps else { return rest }
            let capped = min(rest, caps.maxTokensPerQuery)
            return try caps.latencyTokens(
                model: model, parameters: high, trainingTokens: kappa * high, tokensPerQuery: capped) ?? capped
        }
        let minimum: (x: Double, iterations: Int, width: Double)
        if model.isMonotone {
            // Over grid points a ≤ ln N ≤ b, N ≤ e^b, D ≤ κ e^b and Ω ≤ omegaBound(a, b): the accuracy there is at
            // most the accuracy at that corner (relative slack 1e-9 for rounding, and a few ulps for the logarithm),
            // so runs of the grid far from the optimum are skipped; the optimum found is the exhaustive scan's.
            let m = try BoundedGridSearch.minimum(
                lower: upper - 25, upper: upper - 1e-12, gridPoints: 400, relativeTolerance: 1e-7, objective
            ) { a, b in
                let high = Double.exp(b)
                let bound = try model.accuracy(
                    parameters: high, trainingTokens: kappa * high, tokensPerQuery: try omegaBound(a, b))
                let value = -Double.log(max(bound + 1e-9 * bound, 1e-300))
                return value - 1e-12 * max(1, abs(value))
            }
            minimum = (m.x, m.iterations, m.upper - m.lower)
        } else {
            let m = try Minimize1D.global(
                lower: upper - 25, upper: upper - 1e-12, gridPoints: 400, relativeTolerance: 1e-7, objective
            ).minimum
            minimum = (m.x, m.iterations, m.upper - m.lower)
        }
        let N = Double.exp(minimum.x)
        let omegaN = try omega(N)
        let acc = try model.accuracy(parameters: N, trainingTokens: kappa * N, tokensPerQuery: omegaN)
        var warnings = model.warnings(accuracy: acc, tokensPerQuery: omegaN)
        if let bound = searchBoundWarning(variable: "ln N", x: minimum.x, lower: upper - 25, upper: upper - 1e-12) {
            warnings.append(bound)
        }
        return JointAllocation(
            compute: C, queries: I, parameters: N, trainingTokens: kappa * N, tokensPerQuery: omegaN, accuracy: acc,
            convergence: Convergence(
                method: "grid + Minimize1D.brent on ln N (D = \(kappa) N)", iterations: minimum.iterations,
                finalWidth: minimum.width, tolerance: 1e-7, warnings: warnings))
    }

    /// The fixed-Ω allocation: Ω given, (N, D) minimise the loss subject to 6ND = C − 2NIΩ — the inference-aware
    /// budget optimum with T = IΩ (`InferenceAware.fixedBudget`).
    public static func fixedTokensPerQuery(
        model: some AccuracyModel, law: some LossLaw, compute C: Double, queries I: Double,
        tokensPerQuery omega: Double
    ) throws -> JointAllocation {
        try Validate.positive(I, "queries")
        try Validate.nonNegative(omega, "tokens per query")
        let lifetime = try InferenceAware.fixedBudget(law: law, compute: C, inferenceTokens: I * omega)
        let acc = try model.accuracy(
            parameters: lifetime.parameters, trainingTokens: lifetime.tokens, tokensPerQuery: omega)
        return JointAllocation(
            compute: C, queries: I, parameters: lifetime.parameters, trainingTokens: lifetime.tokens,
            tokensPerQuery: omega, accuracy: acc, convergence: lifetime.convergence)
    }

    /// Extra compute the Chinchilla-constrained allocation needs to reach `targetAccuracy`, as the ratio
    /// C'/C − 1 ≥ 0 where C' solves accuracy_constrained(C') = target (bracketed Brent on ln C'; the constrained
    /// optimum's accuracy is non-decreasing in C because more budget only adds inference tokens).
    /// Returns nil when no C' ≤ C · 10^maxDecades reaches the target. With `caps`, the capped comparison.
    public static func extraComputeToMatch(
        model: some AccuracyModel, targetAccuracy: Double, compute C: Double, queries I: Double,
        tokensPerParameter kappa: Double = 20, maxDecades: Double = 6, caps: Caps? = nil
    ) throws -> Double? {
        try Validate.probability(targetAccuracy, "target accuracy")
        func gap(_ lnC: Double) throws -> Double {
            try chinchillaConstrained(
                model: model, compute: Double.exp(lnC), queries: I, tokensPerParameter: kappa, caps: caps
            ).accuracy - targetAccuracy
        }
        let lower = Double.log(C)
        if try gap(lower) >= 0 { return 0 }
        var upper = lower
        let limit = lower + maxDecades * Double.log(10)
        repeat {
            upper = min(upper + Double.log(2), limit)
            if try gap(upper) >= 0 {
                let root = try Roots.brent(
                    lower: upper - Double.log(2), upper: upper, absoluteTolerance: 1e-7, relativeTolerance: 0, gap)
                return Double.exp(root.root - lower) - 1
            }
        } while upper < limit
        return nil
    }
}
