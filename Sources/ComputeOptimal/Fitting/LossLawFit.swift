import GSL
import RealModule
import ScalingCore

/// One training run: N parameters, D training tokens, final loss L (nats/token).
public struct TrainingRun: Sendable, Equatable {
    public let parameters: Double
    public let tokens: Double
    public let loss: Double

    public init(parameters N: Double, tokens D: Double, loss: Double) throws(ParameterError) {
        self.parameters = try Validate.positive(N, "N")
        self.tokens = try Validate.positive(D, "D")
        self.loss = try Validate.positive(loss, "loss")
    }

    /// Reads runs from CSV text with columns `N`, `D`, `loss` (case-insensitive; other columns ignored).
    public static func runs(csv text: String, source: String) throws(FitDataError) -> [TrainingRun] {
        let columns = try FitData.read(
            text, source: source, required: [("N", .positive), ("D", .positive), ("loss", .positive)],
            minimumRows: 5)
        return (0..<columns.rowCount).map { i in
            // Validated above: every value is finite and > 0.
            TrainingRun(unchecked: columns("N")[i], columns("D")[i], columns("loss")[i])
        }
    }

    private init(unchecked N: Double, _ D: Double, _ L: Double) {
        parameters = N
        tokens = D
        loss = L
    }
}

/// Fit of the Chinchilla loss law L(N, D) = E + A N^(−α) + B D^(−β) to training runs by Hoffmann et al.'s
/// Approach 3 (empirical-laws.md §1.1, §2.1): in log space, L̂ = LSE(a − α ln N, b − β ln D, e) with A = eᵃ,
/// B = eᵇ, E = eᵉ, minimise Σᵢ Huber_δ(L̂ᵢ − ln Lᵢ) (δ = 10⁻³) by BFGS (GSL `vector_bfgs2`, analytic gradient)
/// from the best points of a grid of initialisations; seeded percentile-bootstrap intervals.
///
/// The objective is the plain summed Huber loss of Hoffmann et al. (not the Epoch replication's likelihood with
/// a fitted scale; both have the same minimiser when the scale is profiled out only approximately — see
/// `derivations/fit-loss-law.md`). It is divided by δ² internally so the gradient test of BFGS is not fooled by
/// the tiny absolute scale of the loss (the early-stopping problem Epoch diagnosed).
public struct LossLawFit: Sendable {
    /// Settings of the fit.
    public struct Options: Sendable {
        /// Huber threshold δ on log-loss residuals.
        public var delta: Double = 1e-3
        /// Grid of initial (α, β, e, a, b); default Hoffmann et al.'s grid α, β ∈ {0, 0.5, …, 2},
        /// e ∈ {−1, −0.5, …, 1}, a, b ∈ {0, 5, …, 25} (4,500 points).
        public var alphaGrid: [Double] = [0, 0.5, 1, 1.5, 2]
        public var betaGrid: [Double] = [0, 0.5, 1, 1.5, 2]
        public var eGrid: [Double] = [-1, -0.5, 0, 0.5, 1]
        public var aGrid: [Double] = [0, 5, 10, 15, 20, 25]
        public var bGrid: [Double] = [0, 5, 10, 15, 20, 25]
        /// Number of best grid points (by objective) from which BFGS is run.
        public var localStarts: Int = 64
        /// Bootstrap resamples (0 = no intervals); used when `intervals` is `.bootstrap`.
        public var bootstrapReplicates: Int = 200
        /// How intervals are obtained: bootstrap refits, or the sandwich covariance at the optimum (one pass over
        /// the runs; for large numbers of runs).
        public var intervals: IntervalMethod = .bootstrap
        /// Seed of the bootstrap; replicate i uses `Xoshiro256StarStar(seed:stream: i + 1)`.
        public var seed: UInt64 = 20_240_417
        /// Confidence level of the intervals.
        public var level: Double = 0.95
        /// Worker threads (results do not depend on it).
        public var threads: Int = Parallel.defaultThreads
        /// Runs above which the initialisation grid and the multi-start search use an evenly strided subsample of
        /// this size, the best minimum then polished on all runs (10⁶ runs: 32 s instead of about half an hour).
        public var searchSample: Int = 5_000
        public init() {}
    }

    /// Fitted law (point estimate).
    public let law: ChinchillaLossLaw
    /// Log-space parameters (a, b, e, α, β) at the optimum.
    public let logParameters: [Double]
    /// Σ Huber_δ(residual) at the optimum (unscaled).
    public let objective: Double
    /// E, A, B, alpha, beta and the allocation exponent a = β/(α+β), with bootstrap intervals (or without
    /// intervals when `bootstrapReplicates` = 0).
    public let estimates: [FitEstimate]
    /// Successful bootstrap replicates (a replicate whose fit fails is dropped and counted in `failedReplicates`).
    public let replicates: Int
    public let failedReplicates: Int
    /// The laws fitted to the successful bootstrap resamples (empty without intervals), for carrying the
    /// uncertainty into the solvers (`SavedFit`).
    public var replicateLaws: [ChinchillaLossLaw] = []
    public let options: Options
    /// Condition number (largest over smallest eigenvalue) of JᵀJ at the optimum, J the Jacobian of the log-loss
    /// residuals in centred log-space coordinates with unit-norm columns; above `conditionLimit` the data do not
    /// determine the constants and no intervals are reported.
    public let jacobianCondition: Double
    /// Compute-optimal allocation implied by the fitted law.
    public var allocation: FittedAllocation { FittedAllocation(law: law) }

    /// The estimate named `name` ("E", "A", "B", "alpha", "beta", "a").
    public func estimate(_ name: String) -> FitEstimate? { estimates.first { $0.name == name } }

    /// Work a bootstrap may start: run-fits (replicates × runs, each replicate a full fit over every run), at 1e4
    /// per core-second, measured in a release build on 42 and on 4,000 runs (Benchmarks/README.md, "Work
    /// bounds"); 1.2e6 run-fits. Above it `fit loss --intervals auto` uses the sandwich.
    public static let bootstrapWork = WorkBound(unit: "run-fits", ratePerCoreSecond: 1e4, parallel: true)

    /// Fits the law to `runs`.
    ///
    /// - Throws: `ParameterError` for bad options, fewer than 5 runs or a bootstrap above `bootstrapWork`;
    ///   `FitError` if BFGS fails from every start.
    public static func fit(_ runs: [TrainingRun], options: Options = Options()) throws -> LossLawFit {
        try Validate.count(runs.count, "number of training runs", minimum: 5)
        try Validate.positive(options.delta, "delta")
        try Validate.count(options.localStarts, "localStarts")
        try Validate.count(options.searchSample, "searchSample")
        try Validate.count(options.bootstrapReplicates, "bootstrapReplicates", minimum: 0)
        // Bounded work: each replicate is a full multi-start fit over every run (refused before any allocation).
        try Self.bootstrapWork.check(
            options.intervals == .bootstrap ? Double(options.bootstrapReplicates) * Double(runs.count) : 0,
            parameter: "bootstrapReplicates", value: "\(options.bootstrapReplicates)", formula: "replicates × runs",
            lower: "lower --bootstrap")
        try Validate.probability(options.level, "level", .open)
        try checkSpread(runs)
        let data = Objective(runs: runs, delta: options.delta)
        let grid = Self.grid(options)
        guard !grid.isEmpty else {
            throw ParameterError(parameter: "initialisation grid", value: "empty", validRange: "at least one point")
        }
        // Many runs: the grid is scored and the multi-start search run on an evenly strided subsample of
        // `Options.searchSample` runs, then the best subsample minimum is polished on all runs (BFGS + LM). A Huber
        // M-estimate of 5 constants from 5,000 runs lies within its own sampling error of the full-data one, well
        // inside the basin the polish converges from; fewer runs take the exact path below unchanged.
        let search =
            runs.count > options.searchSample
            ? Objective(
                runs: stride(
                    from: 0, to: runs.count, by: (runs.count + options.searchSample - 1) / options.searchSample
                )
                .map { runs[$0] }, delta: options.delta)
            : data
        let scored = grid.map { ($0, search.value($0)) }.filter { $0.1.isFinite }.sorted { $0.1 < $1.1 }
        let starts = scored.prefix(options.localStarts).map(\.0)
        var best = try search.minimise(from: Array(starts), threads: options.threads)
        if runs.count > options.searchSample {
            best = try data.minimise(from: [best.x], threads: 1)
        }
        let law = try Self.law(best.x)
        let condition = data.jacobianCondition(at: best.x)
        let estimates: [FitEstimate]
        var replicateLaws: [ChinchillaLossLaw] = []
        var kept = 0
        var failed = 0
        if !(condition <= Self.conditionLimit) {
            // Some combination of the constants barely moves the fitted losses: bootstrap quantiles would be
            // whatever the optimiser's stopping rule makes of a flat valley, not a confidence interval.
            let point = Self.natural(best.x)
            estimates = Self.names.indices.map { k in
                FitEstimate(
                    name: Self.names[k], estimate: point[k], standardError: nil, lower: nil, upper: nil,
                    level: options.level, method: "not identified (Jacobian condition \(Table.format(condition)))")
            }
        } else if options.intervals == .sandwich {
            estimates = try Self.sandwichEstimates(data, at: best.x, level: options.level)
        } else if options.bootstrapReplicates > 0 {
            let seed = options.seed
            let thetaHat = best.x
            let fallback = Array(starts.prefix(3))
            let results: [[Double]?] = try Parallel.map(count: options.bootstrapReplicates, threads: options.threads) {
                replicate in
                var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(replicate) + 1)
                let resample = (0..<runs.count).map { _ in runs[Int(rng.next() % UInt64(runs.count))] }
                let objective = Objective(runs: resample, delta: options.delta)
                guard let fit = try? objective.minimise(from: [thetaHat] + fallback, threads: 1) else { return nil }
                return Self.natural(fit.x)
            }
            let good = results.compactMap { $0 }
            replicateLaws = good.compactMap { p in
                try? ChinchillaLossLaw(E: p[0], A: p[1], B: p[2], alpha: p[3], beta: p[4])
            }
            kept = good.count
            failed = results.count - kept
            guard kept >= 2 else {
                throw FitError("only \(kept) of \(options.bootstrapReplicates) bootstrap fits converged")
            }
            let point = Self.natural(best.x)
            estimates = try Self.names.indices.map { k in
                try FitStatistics.bootstrap(
                    name: Self.names[k], estimate: point[k], replicates: good.map { $0[k] }, level: options.level)
            }
        } else {
            let point = Self.natural(best.x)
            estimates = Self.names.indices.map { k in
                FitEstimate(
                    name: Self.names[k], estimate: point[k], standardError: nil, lower: nil, upper: nil,
                    level: options.level, method: "no bootstrap")
            }
        }
        var result = LossLawFit(
            law: law, logParameters: best.x, objective: best.value * options.delta * options.delta,
            estimates: estimates, replicates: kept, failedReplicates: failed, options: options,
            jacobianCondition: condition)
        result.replicateLaws = replicateLaws
        return result
    }

    /// Whether the runs can determine the five constants: E + A N^(−α) takes one value per distinct N, so with
    /// fewer than three model sizes E, A and α cannot be told apart (the B D^(−β) side fixes E only together with
    /// them); likewise three token counts for B and β. Identical rows add nothing (and make every bootstrap
    /// resample the same, so intervals of zero width).
    ///
    /// - Throws: `FitError` naming the input that lacks spread.
    static func checkSpread(_ runs: [TrainingRun]) throws {
        let sizes = Set(runs.map(\.parameters))
        let tokens = Set(runs.map(\.tokens))
        func describe(_ values: Set<Double>) -> String { values.sorted().map { "\($0)" }.joined(separator: ", ") }
        guard sizes.count >= 3 else {
            throw FitError(
                "the runs do not determine E, A and alpha: N takes \(sizes.count) distinct value(s) "
                    + "(\(describe(sizes))); give runs of at least 3 model sizes")
        }
        guard tokens.count >= 3 else {
            throw FitError(
                "the runs do not determine E, B and beta: D takes \(tokens.count) distinct value(s) "
                    + "(\(describe(tokens))); give runs of at least 3 token counts")
        }
    }

    /// Largest condition number of the column-scaled JᵀJ at which intervals are reported: 1e12 leaves ~4 of the 16
    /// digits of the normal equations, the least at which a quadratic model of the valley means anything.
    public static let conditionLimit = 1e12

    /// Names of the reported quantities, in order.
    public static let names = ["E", "A", "B", "alpha", "beta", "a"]

    /// (E, A, B, α, β, a = β/(α+β)) from log-space (a, b, e, α, β).
    static func natural(_ theta: [Double]) -> [Double] {
        [
            Double.exp(theta[2]), Double.exp(theta[0]), Double.exp(theta[1]), theta[3], theta[4],
            theta[4] / (theta[3] + theta[4]),
        ]
    }

    static func law(_ theta: [Double]) throws -> ChinchillaLossLaw {
        let p = natural(theta)
        return try ChinchillaLossLaw(E: p[0], A: p[1], B: p[2], alpha: p[3], beta: p[4])
    }

    static func grid(_ o: Options) -> [[Double]] {
        var points: [[Double]] = []
        for alpha in o.alphaGrid {
            for beta in o.betaGrid {
                for e in o.eGrid {
                    for a in o.aGrid {
                        for b in o.bGrid { points.append([a, b, e, alpha, beta]) }
                    }
                }
            }
        }
        return points
    }

    /// The scaled Huber objective and its gradient over θ = (a, b, e, α, β).
    ///
    /// Internally the optimiser works in centred coordinates u = (a − α m_N, b − β m_D, e, α, β), where m_N and
    /// m_D are the mean ln N and ln D of the runs: this removes the near-collinearity of (a, α) and (b, β)
    /// (ln N varies little relative to its size) that otherwise stalls BFGS's line search.
    struct Objective: Sendable {
        let logN: [Double]
        let logD: [Double]
        let logL: [Double]
        let delta: Double
        let meanLogN: Double
        let meanLogD: Double

        init(runs: [TrainingRun], delta: Double) {
            logN = runs.map { Double.log($0.parameters) }
            logD = runs.map { Double.log($0.tokens) }
            logL = runs.map { Double.log($0.loss) }
            meanLogN = logN.reduce(0, +) / Double(logN.count)
            meanLogD = logD.reduce(0, +) / Double(logD.count)
            self.delta = delta
        }

        func centred(_ t: [Double]) -> [Double] { [t[0] - t[3] * meanLogN, t[1] - t[4] * meanLogD, t[2], t[3], t[4]] }
        func uncentred(_ u: [Double]) -> [Double] {
            [u[0] + u[3] * meanLogN, u[1] + u[4] * meanLogD, u[2], u[3], u[4]]
        }

        /// Softmax weights and log-sum-exp of the three terms for run i, in centred coordinates.
        @inline(__always)
        func terms(_ u: [Double], _ i: Int) -> (lse: Double, w: (Double, Double, Double)) {
            let x1 = u[0] - u[3] * (logN[i] - meanLogN)
            let x2 = u[1] - u[4] * (logD[i] - meanLogD)
            let x3 = u[2]
            let m = max(x1, x2, x3)
            let e1 = Double.exp(x1 - m)
            let e2 = Double.exp(x2 - m)
            let e3 = Double.exp(x3 - m)
            let s = e1 + e2 + e3
            return (m + Double.log(s), (e1 / s, e2 / s, e3 / s))
        }

        /// Σ Huber_δ(rᵢ) / δ² at log-space parameters θ.
        func value(_ t: [Double]) -> Double { valueCentred(centred(t)) }

        /// The same Huber sum as the Levenberg–Marquardt polish reports (`LevenbergMarquardt.cost`: one
        /// implementation), scaled by 1/δ².
        func valueCentred(_ u: [Double]) -> Double {
            LevenbergMarquardt.cost(residualsCentred(u), huber: delta) / (delta * delta)
        }

        func gradientCentred(_ u: [Double]) -> [Double] {
            var g = [Double](repeating: 0, count: 5)
            for i in logL.indices {
                let (lse, w) = terms(u, i)
                let r = lse - logL[i]
                let h = min(max(r, -delta), delta)
                g[0] += h * w.0
                g[1] += h * w.1
                g[2] += h * w.2
                g[3] -= h * w.0 * (logN[i] - meanLogN)
                g[4] -= h * w.1 * (logD[i] - meanLogD)
            }
            return g.map { $0 / (delta * delta) }
        }

        /// Log-loss residuals L̂ᵢ − ln Lᵢ in centred coordinates.
        func residualsCentred(_ u: [Double]) -> [Double] { logL.indices.map { terms(u, $0).lse - logL[$0] } }

        /// Condition number of JᵀJ at log-space θ (J = ∂r/∂u with columns scaled to unit norm; Jacobi eigenvalues);
        /// infinity when a column vanishes or the smallest eigenvalue is not positive.
        func jacobianCondition(at t: [Double]) -> Double {
            let u = centred(t)
            var m = [[Double]](repeating: [Double](repeating: 0, count: 5), count: 5)
            var row = [Double](repeating: 0, count: 5)
            for k in logL.indices {
                _ = residual(u, k, jacobianRow: &row)
                for i in 0..<5 {
                    for j in i..<5 { m[i][j] += row[i] * row[j] }
                }
            }
            for i in 0..<5 {
                for j in 0..<i { m[i][j] = m[j][i] }
            }
            let scale = (0..<5).map { m[$0][$0].squareRoot() }
            guard scale.allSatisfy({ $0 > 0 && $0.isFinite }) else { return .infinity }
            for i in 0..<5 {
                for j in 0..<5 { m[i][j] /= scale[i] * scale[j] }
            }
            let eigenvalues = SymmetricEigen.jacobi(m)
            guard let low = eigenvalues.min(), let high = eigenvalues.max(), low > 0 else { return .infinity }
            return high / low
        }

        /// Rows ∂rᵢ/∂u.
        func jacobianCentred(_ u: [Double]) -> [[Double]] {
            logL.indices.map { i in
                var row = [Double](repeating: 0, count: 5)
                _ = residual(u, i, jacobianRow: &row)
                return row
            }
        }

        /// The residual rᵢ = L̂ᵢ − ln Lᵢ and, written into `row` (5 entries), row i of J = ∂r/∂u, at centred u:
        /// one evaluation of the three terms for both (the Jacobian, its condition and the sandwich read rows
        /// here without a row array per run).
        @inline(__always)
        func residual(_ u: [Double], _ i: Int, jacobianRow row: inout [Double]) -> Double {
            let (lse, w) = terms(u, i)
            row[0] = w.0
            row[1] = w.1
            row[2] = w.2
            row[3] = -w.0 * (logN[i] - meanLogN)
            row[4] = -w.1 * (logD[i] - meanLogD)
            return lse - logL[i]
        }

        /// From each start: GSL BFGS2 on the δ²-scaled Huber objective, then Levenberg–Marquardt (IRLS Huber)
        /// polish from where BFGS stopped (or from the start if BFGS reported non-convergence). The lowest
        /// minimum with positive exponents wins. Starts are independent and run in parallel.
        func minimise(from starts: [[Double]], threads: Int) throws -> LocalMinimum {
            let results: [Result<LocalMinimum, FitError>] = try Parallel.map(count: starts.count, threads: threads) {
                k in
                let u0 = centred(starts[k])
                var from = u0
                if let bfgs = try? MinimizeND.bfgs2(
                    start: u0, initialStep: 0.1, lineTolerance: 0.1, gradientTolerance: 1e-10,
                    maxIterations: 5_000, { valueCentred($0) }, gradient: { gradientCentred($0) })
                {
                    from = bfgs.x
                }
                do {
                    let polished = try LevenbergMarquardt.minimise(
                        start: from, huber: delta, maxIterations: 2_000, residuals: { residualsCentred($0) },
                        jacobian: { jacobianCentred($0) })
                    let x = uncentred(polished.x)
                    guard polished.cost.isFinite, x.allSatisfy(\.isFinite), x[3] > 0, x[4] > 0 else {
                        return .failure(FitError("start \(k) ended at a non-positive exponent"))
                    }
                    return .success(LocalMinimum(x: x, value: polished.cost / (delta * delta)))
                } catch {
                    return .failure(FitError("local fit from start \(k): \(error)"))
                }
            }
            var best: LocalMinimum? = nil
            var firstError: FitError? = nil
            for result in results {
                switch result {
                case .success(let fit):
                    if best == nil || fit.value < best!.value { best = fit }
                case .failure(let error):
                    if firstError == nil { firstError = error }
                }
            }
            guard let best else {
                throw firstError ?? FitError("no start converged")
            }
            return best
        }
    }
}

/// A local minimum found by a fit's optimiser: parameters and objective value.
struct LocalMinimum: Sendable, Equatable {
    let x: [Double]
    let value: Double
}

/// Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations (to 1e-15 of the off-diagonal norm).
enum SymmetricEigen {
    static func jacobi(_ matrix: [[Double]]) -> [Double] {
        var a = matrix
        let n = a.count
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n {
                for j in 0..<n where i != j { off += a[i][j] * a[i][j] }
            }
            var diagonal = 0.0
            for i in 0..<n { diagonal += a[i][i] * a[i][i] }
            if off <= 1e-30 * diagonal { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let akp = a[k][p]
                        let akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k]
                        let aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                }
            }
        }
        return (0..<n).map { a[$0][$0] }
    }
}
