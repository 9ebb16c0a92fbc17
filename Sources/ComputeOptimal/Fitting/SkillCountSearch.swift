import RealModule
import ScalingCore

/// Search of the integer number of required skills m (DS3's chain length) by its profile objective: the best
/// objective over the continuous parameters at each m. m is never rounded from a real-valued fit.
///
/// Coarse stage: every integer up to 24 and then a geometric ladder (ratio 1.06) up to the upper bound. Exact
/// stage: every integer between the two ladder neighbours of each of the three best local minima of the coarse
/// profile. The result is the integer of least profile objective among all m evaluated (ties: the smallest m).
enum SkillCountSearch {
    /// The coarse ladder over `range`: consecutive integers for the first 24 values, then ×1.06 steps, and the
    /// upper bound itself.
    static func ladder(_ range: ClosedRange<Int>) -> [Int] {
        var out: [Int] = []
        var m = range.lowerBound
        while m <= range.upperBound {
            out.append(m)
            let next = m - range.lowerBound < 24 ? m + 1 : Int((Double(m) * 1.06).rounded(.up))
            m = max(m + 1, next)
        }
        if out.last != range.upperBound { out.append(range.upperBound) }
        return out
    }

    /// The best m in `range` under `profile` (m → objective to minimise; nil or non-finite for an m the data rule
    /// out). `profile` is called at most once per m, in increasing m within each stage.
    ///
    /// With `from` (the point fit's m, for a bootstrap replicate) the search is a local descent instead: from `from`,
    /// step to the better neighbour while the profile improves, and look two steps past the last improvement.
    static func search<T>(
        _ range: ClosedRange<Int>, from start: Int? = nil, profile: (Int) throws -> (value: Double, fit: T)?
    ) throws -> (m: Int, value: Double, fit: T) {
        var evaluated: [Int: (value: Double, fit: T)] = [:]
        func evaluate(_ m: Int) throws {
            guard range.contains(m), evaluated[m] == nil else { return }
            if let result = try profile(m), result.value.isFinite { evaluated[m] = result }
        }
        if let start, range.contains(start) {
            try evaluate(start)
            for direction in [1, -1] {
                var m = start
                var misses = 0
                while misses < 2, range.contains(m + direction) {
                    m += direction
                    let before = best(evaluated).flatMap { evaluated[$0]?.value } ?? .infinity
                    try evaluate(m)
                    misses = (evaluated[m]?.value ?? .infinity) < before ? 0 : misses + 1
                }
            }
            if let m = best(evaluated) { return (m, evaluated[m]!.value, evaluated[m]!.fit) }
        }
        let coarse = ladder(range)
        for m in coarse { try evaluate(m) }
        guard let coarseBest = best(evaluated) else {
            throw FitError("no number of skills m in \(range.lowerBound)…\(range.upperBound) fits the data")
        }
        _ = coarseBest
        // Local minima of the coarse profile (an m the data rule out counts as +∞), best first.
        func value(_ k: Int) -> Double { evaluated[coarse[k]]?.value ?? .infinity }
        let minima = coarse.indices.filter { k in
            value(k).isFinite && (k == 0 || value(k) <= value(k - 1))
                && (k + 1 == coarse.count || value(k) <= value(k + 1))
        }.sorted { value($0) < value($1) }
        for k in minima.prefix(3) {
            let lower = k > 0 ? coarse[k - 1] : coarse[k]
            let upper = k + 1 < coarse.count ? coarse[k + 1] : coarse[k]
            for m in lower...upper { try evaluate(m) }
        }
        let m = best(evaluated)!
        return (m, evaluated[m]!.value, evaluated[m]!.fit)
    }

    private static func best<T>(_ evaluated: [Int: (value: Double, fit: T)]) -> Int? {
        evaluated.min { a, b in a.value.value < b.value.value || (a.value.value == b.value.value && a.key < b.key) }?
            .key
    }
}

/// Parametric bootstrap of a budget-curve fit: replicate accuracies drawn from the fitted curve — binomial counts
/// k* ~ Bin(n, p̂) with questions, else p̂ + resampled residuals (centred, inflated by √(n/(n − p))).
enum BudgetBootstrap {
    /// Replicate accuracy vectors, one per index, each from its own random stream (independent of thread count).
    static func replicate(
        _ curve: BudgetCurve, fitted: [Double], parameters: Int, index: Int, seed: UInt64
    ) -> [Double] {
        var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(index) + 1)
        if let questions = curve.questions {
            return zip(fitted, questions).map { p, n in
                let trials = max(1, Int(min(n, 1e12).rounded()))
                guard trials > 5_000 else {
                    var k = 0
                    for _ in 0..<trials where rng.uniform() < p { k += 1 }
                    return Double(k) / Double(trials)
                }
                // Normal approximation to Bin(n, p) for large n (Box–Muller), rounded and clamped to 0…n.
                let z =
                    (-2 * Double.log(rng.uniformOpen())).squareRoot() * Double.cos(2 * .pi * rng.uniform())
                let mean = Double(trials) * p
                let k = (mean + (mean * (1 - p)).squareRoot() * z).rounded()
                return min(max(k, 0), Double(trials)) / Double(trials)
            }
        }
        let residuals = zip(curve.accuracy, fitted).map { $0 - $1 }
        let mean = residuals.reduce(0, +) / Double(residuals.count)
        let n = Double(residuals.count)
        let inflation = n > Double(parameters) ? (n / (n - Double(parameters))).squareRoot() : 1
        return fitted.map { p in
            let e = residuals[min(residuals.count - 1, Int(rng.uniform() * n))] - mean
            return p + inflation * e
        }
    }

    /// Percentile interval of an integer parameter: the quantiles rounded outward to integers.
    static func integerEstimate(name: String, estimate: Int, replicates: [Double], level: Double) throws
        -> FitEstimate
    {
        let e = try FitStatistics.bootstrap(
            name: name, estimate: Double(estimate), replicates: replicates, level: level)
        return FitEstimate(
            name: name, estimate: Double(estimate), standardError: e.standardError,
            lower: e.lower.map { $0.rounded(.down) }, upper: e.upper.map { $0.rounded(.up) }, level: level,
            method: e.method)
    }
}

/// Settings shared by the budget-curve fits (`BudgetTaskFit`, `BudgetPopulationFit`).
public struct BudgetFitSettings: Sendable {
    /// m held at this value; nil: searched over the integers.
    public var skills: Int? = nil
    /// Largest m searched (also capped at ⌊max Ω/ω⌋ + 1 when ω is given: beyond it every accuracy is 0).
    public var maxSkills: Int
    /// Bootstrap replicates (0: no intervals).
    public var bootstrapReplicates: Int = 200
    public var seed: UInt64 = 20_250_710
    /// Confidence level of the intervals.
    public var level: Double = 0.95

    public init(maxSkills: Int) { self.maxSkills = maxSkills }

    func validate() throws(ParameterError) {
        try Validate.count(maxSkills, "maximum m")
        if let skills { try Validate.count(skills, "m") }
        try Validate.count(bootstrapReplicates, "bootstrap replicates", minimum: 0)
        try Validate.probability(level, "confidence level", .open)
    }

    /// A search interval (of ω or of the Beta shapes) must be positive, ordered and finite.
    static func checkInterval(_ range: ClosedRange<Double>, _ name: String) throws(ParameterError) {
        guard range.lowerBound > 0, range.upperBound > range.lowerBound, range.upperBound.isFinite else {
            throw ParameterError(parameter: name, value: "\(range)", validRange: "0 < lower < upper < ∞")
        }
    }

    /// The point fit, its fitted accuracies and `bootstrapReplicates` refits of parametric replicates of the curve
    /// (`BudgetBootstrap`; `free` parameters for the residual inflation), each refit started from the point fit.
    func fitWithBootstrap<P: Sendable>(
        _ curve: BudgetCurve, free: Int, accuracy: (P, Double) throws -> Double,
        fit: @Sendable (BudgetCurve, P?) throws -> P
    ) throws -> (best: P, fitted: [Double], replicates: [P]) {
        let best = try fit(curve, nil)
        let fitted = try curve.tokens.map { try accuracy(best, $0) }
        let seed = self.seed
        let replicates = try Parallel.map(count: bootstrapReplicates) { index in
            let y = BudgetBootstrap.replicate(curve, fitted: fitted, parameters: free, index: index, seed: seed)
            return try fit(curve.with(accuracy: y), best)
        }
        return (best, fitted, replicates)
    }

    /// The m searched: the held m, or 1…`upper`, or with `near` (the point fit, for a bootstrap replicate)
    /// [⅔ m − 2, 3/2 m + 2] within it.
    func searchRange(upper: Int, near: Int?) -> ClosedRange<Int> {
        if let skills { return skills...skills }
        guard let near else { return 1...upper }
        let lo = max(1, Int((Double(near) * 2 / 3).rounded(.down)) - 2)
        let hi = min(upper, Int((Double(near) * 1.5).rounded(.up)) + 2)
        return min(lo, hi)...hi
    }

    /// Estimates with percentile-bootstrap intervals: m (integer interval; "fixed" when held) and then `values`
    /// (name, point estimate, replicate values).
    func estimates(m: Int, replicateSkills: [Int], values: [(String, Double, [Double])]) throws -> [FitEstimate] {
        func bare(_ name: String, _ value: Double, _ method: String) -> FitEstimate {
            FitEstimate(
                name: name, estimate: value, standardError: nil, lower: nil, upper: nil, level: level, method: method)
        }
        var out: [FitEstimate] = []
        if skills != nil {
            out.append(bare("m", Double(m), "fixed"))
        } else if replicateSkills.isEmpty {
            out.append(bare("m", Double(m), "no bootstrap"))
        } else {
            out.append(
                try BudgetBootstrap.integerEstimate(
                    name: "m", estimate: m, replicates: replicateSkills.map(Double.init), level: level))
        }
        for (name, value, samples) in values {
            out.append(
                samples.isEmpty
                    ? bare(name, value, "no bootstrap")
                    : try FitStatistics.bootstrap(name: name, estimate: value, replicates: samples, level: level))
        }
        return out
    }
}

/// How well a budget-curve fit matches its data.
public struct BudgetFitQuality: Sendable, Equatable {
    /// Σ residual²: the binomial deviance (with questions) or the sum of squared accuracy residuals.
    public let objective: Double
    /// Binomial log-likelihood (with questions) or Gaussian with variance SSR/n.
    public let logLikelihood: Double
    /// "binomial" or "least squares".
    public let likelihood: String
    /// Data points.
    public let count: Int

    init(_ curve: BudgetCurve, fitted: [Double]) {
        objective = curve.residuals(fitted).reduce(0) { $0 + $1 * $1 }
        logLikelihood = curve.logLikelihood(fitted)
        likelihood = curve.questions == nil ? "least squares" : "binomial"
        count = curve.count
    }
}
