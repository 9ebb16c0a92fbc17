import DS3
import GSL
import RealModule
import ScalingCore

/// One DS3 task class fitted to an accuracy-vs-budget curve (ds3-theory §3.2): accuracy(Ω) = I_r(m, K − m + 1),
/// K = Ω/ω steps (real K), with m an integer ≥ 1 (required skills), r ∈ (0, 1] (per-step success) and ω tokens per
/// step, given or fitted.
///
/// Objective: binomial maximum likelihood when the curve has question counts, least squares otherwise
/// (`BudgetCurve.residuals`). m is searched over the integers (`SkillCountSearch`); for each m, r (and ln ω) come
/// from a grid scan in logit r, Brent, and a Levenberg–Marquardt polish (ω given), or from a bounded multi-start
/// fit (ω fitted). Intervals: percentile parametric bootstrap (`BudgetBootstrap`), every replicate refitted
/// including its own m.
public struct BudgetTaskFit: Sendable {
    /// A fitted task curve: the parameters of the theory.
    public struct Parameters: Sendable, Equatable, Codable {
        /// m, required skills.
        public let m: Int
        /// r, per-step success.
        public let r: Double
        /// ω, tokens per skill step.
        public let tokensPerStep: Double

        public init(m: Int, r: Double, tokensPerStep: Double) throws(ParameterError) {
            self.m = try Validate.count(m, "m")
            self.r = try Validate.probability(r, "r", .lowerOpen)
            self.tokensPerStep = try Validate.positive(tokensPerStep, "tokens per step")
        }

        /// I_r(m, Ω/ω − m + 1), the chain-of-thought accuracy at Ω tokens.
        public func accuracy(tokens: Double) throws -> Double {
            try ChainOfThought.successProbability(m: m, r: r, steps: tokens / tokensPerStep)
        }

        /// The DS3 task (m, r).
        public var task: SkillTask { get throws { try SkillTask(m: m, r: r) } }
    }

    public struct Options: Sendable {
        /// m, the search bound (default 1000), bootstrap and level.
        public var settings = BudgetFitSettings(maxSkills: 1000)
        /// ω in tokens per step; nil: fitted (then m, r and ω trade off along a ridge and need curves that resolve
        /// the shape of the transition).
        public var tokensPerStep: Double? = 25
        /// Range of ω when fitted.
        public var tokensPerStepRange: ClosedRange<Double> = 0.1...1e5
        public init() {}
    }

    public let parameters: Parameters
    /// Estimates with percentile-bootstrap intervals: m, r and, when fitted, omega.
    public let estimates: [FitEstimate]
    public let quality: BudgetFitQuality
    public let tokensPerStepFitted: Bool
    /// The bootstrap refits (empty without replicates).
    public let replicates: [Parameters]

    public var m: Int { parameters.m }
    public var r: Double { parameters.r }
    public func estimate(_ name: String) -> FitEstimate? { estimates.first { $0.name == name } }

    /// Fits (m, r[, ω]) to the curve.
    ///
    /// - Throws: `ParameterError` for bad options; `FitError` when no m fits (every m predicts an impossible
    ///   observation).
    public static func fit(_ curve: BudgetCurve, options: Options = Options()) throws -> BudgetTaskFit {
        try options.settings.validate()
        if let omega = options.tokensPerStep { try Validate.positive(omega, "tokens per step") }
        try BudgetFitSettings.checkInterval(options.tokensPerStepRange, "range of tokens per step")
        let solver = Solver(options: options)
        let settings = options.settings
        let free = (settings.skills == nil ? 1 : 0) + 1 + (options.tokensPerStep == nil ? 1 : 0)
        let (best, fitted, replicates) = try settings.fitWithBootstrap(
            curve, free: free, accuracy: { try $0.accuracy(tokens: $1) }, fit: { try solver.fit($0, near: $1) })
        var values = [("r", best.r, replicates.map(\.r))]
        if options.tokensPerStep == nil {
            values.append(("omega", best.tokensPerStep, replicates.map(\.tokensPerStep)))
        }
        return BudgetTaskFit(
            parameters: best,
            estimates: try settings.estimates(m: best.m, replicateSkills: replicates.map(\.m), values: values),
            quality: BudgetFitQuality(curve, fitted: fitted), tokensPerStepFitted: options.tokensPerStep == nil,
            replicates: replicates)
    }

    /// The profile search shared by the fit and its bootstrap replicates.
    struct Solver: Sendable {
        let options: Options

        /// Best parameters for `curve`; with `near` (a previous fit), m is searched in [⅔ m − 2, 3/2 m + 2] and
        /// the continuous parameters start from it.
        func fit(_ curve: BudgetCurve, near: Parameters?) throws -> Parameters {
            let maxTokens = curve.tokens.max() ?? 0
            var upper = options.settings.maxSkills
            if let omega = options.tokensPerStep {
                upper = min(upper, Int(min(maxTokens / omega, 1e9).rounded(.down)) + 1)
            }
            let range = options.settings.searchRange(upper: max(upper, 1), near: near?.m)
            var previous: Parameters? = near
            let result = try SkillCountSearch.search(range, from: near?.m) { m -> (value: Double, fit: Parameters)? in
                // Warm start: the transition sits near K ≈ m/r, so r scales with m at fixed ω.
                // Warm start: the transition sits near K ≈ m/r, i.e. Ω ≈ m ω/r: at fixed ω, r scales with m; with ω
                // fitted, ω scales with 1/m at fixed r.
                let start = previous.map { p in
                    options.tokensPerStep == nil
                        ? (r: p.r, omega: p.tokensPerStep * Double(p.m) / Double(m))
                        : (r: min(1, p.r * Double(m) / Double(p.m)), omega: p.tokensPerStep)
                }
                guard let fit = try profile(curve, m: m, start: start, thorough: near == nil) else { return nil }
                previous = fit.parameters
                return (fit.value, fit.parameters)
            }
            return result.fit
        }

        /// The best (r[, ω]) at fixed m and its objective Σ residual².
        func profile(_ curve: BudgetCurve, m: Int, start: (r: Double, omega: Double)?, thorough: Bool) throws
            -> (value: Double, parameters: Parameters)?
        {
            if let omega = options.tokensPerStep {
                return try profileRate(curve, m: m, omega: omega, start: start?.r)
            }
            return try profileRateAndStep(curve, m: m, start: start, thorough: thorough)
        }

        static func objective(_ curve: BudgetCurve, m: Int, r: Double, omega: Double) -> Double {
            guard r > 0, r <= 1, omega > 0 else { return .infinity }
            guard
                let predicted = try? curve.tokens.map({
                    try ChainOfThought.successProbability(m: m, r: r, steps: $0 / omega)
                })
            else { return .infinity }
            return curve.residuals(predicted).reduce(0) { $0 + $1 * $1 }
        }

        /// ω given. Starting points: for the (up to) three budgets whose accuracy is nearest ½ (and in (0, 1)), the r
        /// that puts the curve exactly through it (the inverse of I_r(m, K − m + 1) in r; they coincide at the truth
        /// on a noiseless curve), and the warm start. When the best of them is interior to their spread it goes
        /// straight to a Levenberg–Marquardt polish in r; otherwise a logit grid (61 points on [−18, 18]) is
        /// scanned, its best point bracketed by its neighbours and minimised by Brent in logit r before the polish.
        func profileRate(_ curve: BudgetCurve, m: Int, omega: Double, start: Double?) throws
            -> (value: Double, parameters: Parameters)?
        {
            func rate(_ u: Double) -> Double { u >= 0 ? 1 / (1 + Double.exp(-u)) : Double.exp(u) / (1 + Double.exp(u)) }
            func logit(_ r: Double) -> Double { Double.log(r) - Double.log(onePlus: -r) }
            func f(_ u: Double) -> Double { Self.objective(curve, m: m, r: rate(u), omega: omega) }
            func scan(_ grid: [Double]) -> (u: Double, value: Double, index: Int) {
                var best = (u: grid[0], value: Double.infinity, index: 0)
                for (i, u) in grid.enumerated() {
                    let v = f(u)
                    if v < best.value { best = (u, v, i) }
                }
                return best
            }
            var through: [Double] = []
            let informative = zip(curve.tokens, curve.accuracy).filter { $0.1 > 0 && $0.1 < 1 }
            for (t, y) in informative.sorted(by: { abs($0.1 - 0.5) < abs($1.1 - 0.5) }).prefix(3) {
                let b = t / omega - Double(m) + 1
                // I_r(m, b) increases in r: a coarse root in logit r (1e-6) is enough for a starting point.
                guard b > 0,
                    let root = try? Roots.brent(
                        lower: -40, upper: 40, absoluteTolerance: 1e-6, relativeTolerance: 0,
                        {
                            u in (try ChainOfThought.successProbability(m: m, r: rate(u), steps: t / omega)) - y
                        })
                else { continue }
                through.append(root.root)
            }
            if let start, start > 0, start < 1 { through.append(logit(start)) }
            through = Array(Set(through)).sorted()
            var grid = try Grid.lin(-18, 18, 61)
            var local = false
            if !through.isEmpty {
                let width = max(0.05, (through.last! - through.first!) * 0.1)
                let candidates = [through.first! - width] + through + [through.last! + width]
                let found = scan(candidates)
                if found.index > 0, found.index < candidates.count - 1 {
                    grid = candidates
                    local = true
                }
            }
            let coarse = scan(grid)
            // Also r = 1 exactly (the logit grid stops at σ(18) ≈ 1 − 1.5e-8).
            let atOne = Self.objective(curve, m: m, r: 1, omega: omega)
            guard coarse.value.isFinite || atOne.isFinite else { return nil }
            var u = coarse.u
            if !local, coarse.index > 0, coarse.index < grid.count - 1, coarse.value > 0 {
                if let minimum = try? Minimize1D.brent(
                    lower: grid[coarse.index - 1], guess: coarse.u, upper: grid[coarse.index + 1],
                    relativeTolerance: 1e-10,
                    values: (f(grid[coarse.index - 1]), coarse.value, f(grid[coarse.index + 1])),
                    f)
                {
                    u = minimum.x
                }
            }
            var r = rate(u)
            var value = f(u)
            if value > 0 {
                // Polish in r itself: Gauss–Newton on the residual vector converges quadratically to ~ε.
                func residuals(_ x: [Double]) throws -> [Double] {
                    guard x[0] > 0, x[0] <= 1 else { return [Double.infinity] }
                    return curve.residuals(
                        try curve.tokens.map { try ChainOfThought.successProbability(m: m, r: x[0], steps: $0 / omega) }
                    )
                }
                if let polished = try? LevenbergMarquardt.minimise(
                    start: [r], maxIterations: 100, residuals: residuals,
                    jacobian: { try LevenbergMarquardt.numericalJacobian($0, residuals: residuals) }),
                    2 * polished.cost <= value
                {
                    r = polished.x[0]
                    value = 2 * polished.cost
                }
            }
            if atOne < value {
                r = 1
                value = atOne
            }
            return (value, try Parameters(m: m, r: r, tokensPerStep: omega))
        }

        /// ω fitted: bounded fit of (r, ln ω) from the warm start and, for a point fit (`thorough`), three starts
        /// that place the transition at the median budget.
        func profileRateAndStep(_ curve: BudgetCurve, m: Int, start: (r: Double, omega: Double)?, thorough: Bool)
            throws
            -> (value: Double, parameters: Parameters)?
        {
            let range = options.tokensPerStepRange
            let box = BoundedParameters(ranges: [1e-9...1, Double.log(range.lowerBound)...Double.log(range.upperBound)])
            func residuals(_ theta: [Double]) throws -> [Double] {
                let omega = Double.exp(theta[1])
                return curve.residuals(
                    try curve.tokens.map { try ChainOfThought.successProbability(m: m, r: theta[0], steps: $0 / omega) }
                )
            }
            var starts: [[Double]] = []
            if let start { starts.append(box.clamped([start.r, Double.log(start.omega)])) }
            if thorough || start == nil {
                // Place the transition K = m/r at the median budget for each starting r.
                let sorted = curve.tokens.sorted()
                let median = max(sorted[sorted.count / 2], 1)
                for r in [0.05, 0.3, 0.8] {
                    starts.append(box.clamped([r, Double.log(median * r / Double(m))]))
                }
            }
            guard let solution = try? box.fit(starts: starts, residuals: residuals), solution.ssr.isFinite else {
                return nil
            }
            return (
                solution.ssr,
                try Parameters(m: m, r: solution.theta[0], tokensPerStep: Double.exp(solution.theta[1]))
            )
        }
    }
}
