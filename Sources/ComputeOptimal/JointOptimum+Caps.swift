import GSL
import RealModule
import ScalingCore

extension JointOptimum {
    /// Upper bounds on the joint allocation (issue 20): the model size N (`--max-params`), the inference tokens per
    /// query Ω (`--max-tokens-per-query`) and the expected latency per query Λ (`--max-latency`, in sequentially
    /// generated tokens: `AccuracyModel.latency`). +∞ means no cap.
    public struct Caps: Sendable, Equatable {
        /// N ≤ maxParameters.
        public let maxParameters: Double
        /// Ω ≤ maxTokensPerQuery.
        public let maxTokensPerQuery: Double
        /// Expected latency ≤ maxLatency (sequential tokens per query).
        public let maxLatency: Double

        /// - Throws: `ParameterError` for a cap that is NaN or ≤ 0 (+∞ allowed).
        public init(
            maxParameters: Double = .infinity, maxTokensPerQuery: Double = .infinity, maxLatency: Double = .infinity
        )
            throws(ParameterError)
        {
            guard maxParameters > 0, !maxParameters.isNaN else {
                throw ParameterError(parameter: "maximum parameters", value: maxParameters, validRange: "> 0")
            }
            guard maxTokensPerQuery > 0, !maxTokensPerQuery.isNaN else {
                throw ParameterError(
                    parameter: "maximum tokens per query", value: maxTokensPerQuery, validRange: "> 0")
            }
            guard maxLatency > 0, !maxLatency.isNaN else {
                throw ParameterError(
                    parameter: "maximum latency (sequential tokens per query)", value: maxLatency, validRange: "> 0")
            }
            self.maxParameters = maxParameters
            self.maxTokensPerQuery = maxTokensPerQuery
            self.maxLatency = maxLatency
        }

        /// True when the allocation satisfies the caps on N and Ω (the latency cap needs the model:
        /// `admits(_:model:)`).
        public func admits(parameters N: Double, tokensPerQuery omega: Double) -> Bool {
            N <= maxParameters && omega <= maxTokensPerQuery
        }

        /// True when the allocation satisfies every cap, the expected latency of `model` included.
        public func admits(_ a: JointAllocation, model: some AccuracyModel) throws -> Bool {
            guard admits(parameters: a.parameters, tokensPerQuery: a.tokensPerQuery) else { return false }
            guard maxLatency.isFinite else { return true }
            return try model.latency(
                parameters: a.parameters, trainingTokens: a.trainingTokens, tokensPerQuery: a.tokensPerQuery)
                <= maxLatency
        }

        /// The allocation of (ln N, logit s) projected onto the caps: ln N clamped to ln N_max, then the inference
        /// share 1 − s clamped to 2NIΩ_max/C (the rest goes to training). Points inside the caps map to themselves,
        /// so the search over ℝ² sees the capped problem's values and its maximum is the capped maximum.
        func project(_ x: [Double], compute C: Double, queries I: Double) -> (N: Double, D: Double, omega: Double) {
            // The outer min() keep N and Ω within their caps when exp(ln x) rounds up by an ulp.
            let N = min(Double.exp(min(x[0], Double.log(maxParameters))), maxParameters)
            let rest = min(1 / (1 + Double.exp(x[1])), 2 * N * I * maxTokensPerQuery / C)
            let s = 1 - rest
            return (N, s * C / (6 * N), min(rest * C / (2 * N * I), maxTokensPerQuery))
        }

        /// `project(_:compute:queries:)`, then the inference share lowered to the latency cap
        /// (`latencyShare`) when the expected latency exceeds it; `overshoot` is how far that moved it,
        /// ln(share before / share after) ≥ 0 (0 when the latency cap does not bind).
        func project(_ x: [Double], compute C: Double, queries I: Double, model: some AccuracyModel) throws -> (
            N: Double, D: Double, omega: Double, overshoot: Double
        ) {
            let p = project(x, compute: C, queries: I)
            let before = 1 - 6 * p.N * p.D / C
            guard maxLatency.isFinite,
                let rest = try latencyShare(model: model, parameters: p.N, share: before, compute: C, queries: I)
            else { return (p.N, p.D, p.omega, 0) }
            let overshoot = rest > 0 ? Double.log(before / rest) : 745
            return (p.N, (1 - rest) * C / (6 * p.N), min(rest * C / (2 * p.N * I), maxTokensPerQuery), overshoot)
        }
    }

    /// The joint optimum (`global`) with N ≤ N_max, Ω ≤ Ω_max and expected latency ≤ Λ.
    ///
    /// When the unconstrained optimum satisfies the caps it is returned as it is (the same computation, the same
    /// bits). Otherwise the best of three searches: the multi-start Nelder–Mead of `global` on the allocation
    /// projected onto the caps (`Caps.project`), grid + Brent in logit s along N = N_max, grid + Brent in ln N
    /// along Ω = Ω_max (s = 1 − 2NIΩ_max/C), and with a latency cap grid + Brent in ln N along it
    /// (`alongLatencyCap`); on every line the inference share is lowered to the latency cap where it binds
    /// (`Caps.latencyShare`). The result carries `OptimumWarning.onSearchBound` for each cap it sits on (within 1e-9
    /// relative). Without a latency cap every step is the one of the N and Ω caps alone (the same bits).
    ///
    /// - Throws: as `global`; `ParameterError.infeasible` for N_max < 1 (no model has fewer than one parameter), and
    ///   for an optimum with N < 1 or D < 1.
    public static func global(
        model: some AccuracyModel, compute C: Double, queries I: Double, caps: Caps, options: SearchOptions = .init()
    ) throws -> Result {
        try Validate.positive(C, "compute")
        try Validate.positive(I, "queries")
        guard caps.maxParameters >= 1 else {
            throw ParameterError.infeasible(
                "maximum parameters", caps.maxParameters, feasibleRange: "≥ 1",
                constraint: "a model has at least one parameter")
        }
        let free = try global(model: model, compute: C, queries: I, options: options)
        if try caps.admits(free.best, model: model) { return free }
        let projected = try unchecked(model: model, compute: C, queries: I, options: options, caps: caps)
        var candidates: [(N: Double, rest: Double, accuracy: Double, iterations: Int, width: Double)] = []
        func accuracy(N: Double, rest: Double) throws -> Double {
            try model.accuracy(
                parameters: N, trainingTokens: (1 - rest) * C / (6 * N), tokensPerQuery: rest * C / (2 * N * I))
        }
        // The share lowered to the latency cap where it binds (unchanged without one).
        func feasible(N: Double, rest: Double) throws -> Double {
            try caps.latencyShare(model: model, parameters: N, share: rest, compute: C, queries: I) ?? rest
        }
        // Along N = N_max: the inference share 1 − s = σ(−y) ≤ 2 N_max I Ω_max / C.
        let nMax = min(caps.maxParameters, C / 6)
        let restCap = min(1, 2 * nMax * I * caps.maxTokensPerQuery / C)
        if caps.maxParameters.isFinite, nMax >= 1 {
            let top = restCap >= 1 ? 25 : Double.log(restCap / (1 - restCap))
            if top > -25 {
                let m = try Minimize1D.global(lower: -25, upper: top, gridPoints: 400) { y in
                    let rest = try feasible(N: nMax, rest: 1 / (1 + Double.exp(-y)))
                    return -Double.log(max(try accuracy(N: nMax, rest: rest), 1e-300))
                }.minimum
                let rest = try feasible(N: nMax, rest: 1 / (1 + Double.exp(-m.x)))
                candidates.append((nMax, rest, Double.exp(-m.value), m.iterations, m.upper - m.lower))
            }
        }
        // Along Ω = Ω_max: 1 − s = 2NIΩ_max/C < 1, so N < C/(2IΩ_max), and N ≤ N_max.
        if caps.maxTokensPerQuery.isFinite {
            // Also N ≤ C/6 (D ≥ 1 on any budget), which keeps the interval finite for a tiny Ω_max.
            let upper = min(
                Double.log(caps.maxParameters), Double.log(C / (2 * I * caps.maxTokensPerQuery)) - 1e-12,
                Double.log(C / 6))
            if upper > 0, upper.isFinite {
                let lower = max(0, upper - 25)
                let m = try Minimize1D.global(lower: lower, upper: upper, gridPoints: 400) { x in
                    let N = Double.exp(x)
                    let rest = try feasible(N: N, rest: 2 * N * I * caps.maxTokensPerQuery / C)
                    return -Double.log(max(try accuracy(N: N, rest: rest), 1e-300))
                }.minimum
                let N = Double.exp(m.x)
                let rest = try feasible(N: N, rest: 2 * N * I * caps.maxTokensPerQuery / C)
                candidates.append((N, rest, Double.exp(-m.value), m.iterations, m.upper - m.lower))
            }
        }
        if let line = try alongLatencyCap(model: model, compute: C, queries: I, caps: caps) {
            candidates.append((line.N, line.rest, line.accuracy, line.iterations, line.width))
        }
        var best = projected.best
        var method = best.convergence.method + ", projected onto the caps"
        if let top = candidates.max(by: { $0.accuracy < $1.accuracy }), top.accuracy > best.accuracy {
            // The inference share itself, not 1 − s: a share below 1e-16 survives (1 − (1 − x) would be 0).
            let rest = top.rest
            best = JointAllocation(
                compute: C, queries: I, parameters: top.N, trainingTokens: (1 - rest) * C / (6 * top.N),
                tokensPerQuery: min(rest * C / (2 * top.N * I), caps.maxTokensPerQuery),
                accuracy: try accuracy(N: top.N, rest: rest),
                convergence: Convergence(
                    method: "grid + Minimize1D.brent along a cap", iterations: top.iterations, finalWidth: top.width,
                    starts: projected.best.convergence.starts, tolerance: 1e-7))
            method = best.convergence.method
        }
        guard best.parameters >= 1, best.trainingTokens >= 1 else {
            throw ParameterError.infeasible(
                "compute", C, feasibleRange: "larger",
                constraint: "the capped optimum needs N ≥ 1 parameter and D ≥ 1 training token, here N = "
                    + "\(best.parameters), D = \(best.trainingTokens)")
        }
        var warnings = best.convergence.warnings.filter { $0.code == "flat-optimum" }
        warnings += model.warnings(accuracy: best.accuracy, tokensPerQuery: best.tokensPerQuery)
        if best.parameters >= caps.maxParameters * (1 - 1e-9) {
            warnings.append(.onSearchBound(variable: "N", value: best.parameters, bound: caps.maxParameters))
        }
        if best.tokensPerQuery >= caps.maxTokensPerQuery * (1 - 1e-9) {
            warnings.append(
                .onSearchBound(variable: "tokens per query", value: best.tokensPerQuery, bound: caps.maxTokensPerQuery))
        }
        if caps.maxLatency.isFinite {
            let latency = try model.latency(
                parameters: best.parameters, trainingTokens: best.trainingTokens, tokensPerQuery: best.tokensPerQuery)
            if latency >= caps.maxLatency * (1 - 1e-9) {
                warnings.append(.onSearchBound(variable: "latency", value: latency, bound: caps.maxLatency))
            }
        }
        if warnings.contains(where: { $0.code == "on-search-bound" }) {
            // On a cap the projection maps every point beyond it to the same allocation: the objective is flat there
            // by construction, which says nothing about the location of the capped optimum.
            warnings.removeAll { $0.code == "flat-optimum" }
        }
        let convergence = Convergence(
            method: method, iterations: best.convergence.iterations, finalWidth: best.convergence.finalWidth,
            starts: best.convergence.starts, tolerance: best.convergence.tolerance, warnings: warnings)
        let result = JointAllocation(
            compute: C, queries: I, parameters: best.parameters, trainingTokens: best.trainingTokens,
            tokensPerQuery: best.tokensPerQuery, accuracy: best.accuracy, convergence: convergence)
        let accuracies = (projected.startAccuracies + candidates.map(\.accuracy)).sorted(by: >)
        return Result(best: result, startAccuracies: accuracies)
    }
}
