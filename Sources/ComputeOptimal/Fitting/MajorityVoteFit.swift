import DS3
import Foundation
import GSL
import ScalingCore

/// Fit of the majority-vote error model of ds3-theory.md §3.7/§5.7 to measured majority-vote accuracy: given the
/// model's Beta task population (from its pass@N fit), find the largest error weight c* (which fixes the plateau
/// P_∞ = A[1 − I_{r_c}(α, β)], r_c = c*/(1 + c*)) and the truncated geometric error weights
/// q_j = (1 − λ)λ^(j−1)/(1 − λ^(M−1)) (M answers, c* = q_1) by least squares on the exact accuracy
/// (`DS3.MajorityVoting.accuracy(population:)`: beta-binomial × exact multinomial win probability, no Monte Carlo).
///
/// For each M in `answers`, c* is found by a grid-then-Brent search on (1/(M − 1), 1) (GSL `Minimize1D.global`)
/// (later Ms: a walk from the previous M's c*, then Brent); the M with the smallest residual sum of squares wins
/// and its c* is polished by Gauss–Newton on the residuals (Levenberg–Marquardt as the fallback). The profile is
/// returned: the authors note that only c* is well identified. Sample counts N are rounded to the nearest
/// integer ≥ 1 (digitised curves give fractional N).
public struct MajorityVoteFit: Sendable {
    public struct Options: Sendable {
        /// Candidate numbers of answers M (one correct + M − 1 wrong); each needs M ≥ 3.
        public var answers: ClosedRange<Int> = 3...16
        /// Points with N above this are modelled by the exact N → ∞ plateau instead of the finite-N sum (a speed
        /// option for debug builds; nil = exact finite-N accuracy everywhere, the default).
        public var plateauAboveSamples: Int? = nil
        public var level: Double = 0.95
        public var threads: Int = Parallel.defaultThreads
        public init() {}
    }

    /// Profile over M: the best c* and its residual sum of squares.
    public struct ProfilePoint: Sendable, Equatable {
        public let answers: Int
        public let largestErrorWeight: Double
        public let residualSumOfSquares: Double
    }

    public let population: BetaTaskPopulation
    public let answers: Int
    public let largestErrorWeight: Double
    public let lambda: Double
    /// q_1 … q_{M−1}.
    public let errorWeights: [Double]
    /// N → ∞ accuracy A[1 − I_{r_c}(α, β)].
    public let plateau: Double
    /// c*, plateau and lambda with normal (Jacobian) intervals at the chosen M.
    public let estimates: [FitEstimate]
    public let residualSumOfSquares: Double
    public let profile: [ProfilePoint]

    public func estimate(_ name: String) -> FitEstimate? { estimates.first { $0.name == name } }

    /// Exact majority-vote accuracy of `population` with N samples and error weights `weights`.
    public static func accuracy(samples N: Int, population: BetaTaskPopulation, weights: [Double]) throws -> Double {
        try MajorityVoting(samples: N, errorWeights: weights).accuracy(population: population)
    }

    /// Model curve for (M, c*) at the given sample counts.
    static func curve(
        samples: [Int], population: BetaTaskPopulation, answers M: Int, cStar: Double, plateauAbove: Int?,
        threads: Int
    ) throws -> [Double] {
        let lambda = try MajorityVoting.geometricRatio(largestErrorWeight: cStar, answers: M)
        let weights = try MajorityVoting.truncatedGeometricWeights(answers: M, lambda: lambda)
        let voting = try MajorityVoting(samples: 1, errorWeights: weights)
        let plateau = try voting.plateau(population: population)
        // Largest N first: the cost grows with N and items are handed out in order, so the biggest votes start at
        // once instead of leaving one thread alone with the last (the values do not depend on the order).
        let order = samples.indices.sorted { samples[$0] > samples[$1] }
        let values = try Parallel.map(count: samples.count, threads: threads) { k in
            let i = order[k]
            if let cap = plateauAbove, samples[i] > cap { return plateau }
            return try accuracy(samples: samples[i], population: population, weights: weights)
        }
        var curve = [Double](repeating: 0, count: samples.count)
        for (k, i) in order.enumerated() { curve[i] = values[k] }
        return curve
    }

    /// A local minimum of f near `start` on (lower, upper): f at start ± step, then steps doubling downhill until
    /// the middle of three points is the lowest, then `parabolicMinimum` (to `relativeTolerance`) inside that
    /// bracket; nil when the walk reaches an end of the interval (the caller then searches the whole interval).
    static func bracketedMinimum(
        from start: Double, lower: Double, upper: Double, step: Double, relativeTolerance: Double,
        _ f: (Double) throws -> Double
    ) throws -> (x: Double, value: Double)? {
        var h = step
        var middle = min(max(start, lower + h), upper - h)
        guard lower + h < middle, middle < upper - h else { return nil }
        var (a, b, c) = (middle - h, middle, middle + h)
        var (fa, fb, fc) = (try f(a), try f(middle), try f(c))
        for _ in 0..<12 {
            if fb < fa, fb < fc {
                return try parabolicMinimum(
                    bracket: (a, b, c), values: (fa, fb, fc), relativeTolerance: relativeTolerance, f)
            }
            h *= 2
            if fa <= fc {
                // Downhill to the left: the old left point becomes the middle.
                (b, fb, c, fc) = (a, fa, b, fb)
                a = b - h
                guard a > lower else { return nil }
                fa = try f(a)
            } else {
                (a, fa, b, fb) = (b, fb, c, fc)
                c = b + h
                guard c < upper else { return nil }
                fc = try f(c)
            }
            middle = b
        }
        return nil
    }

    /// The minimum of f inside a bracket a < b < c with f(b) below f(a) and f(c), by successive parabolic
    /// interpolation: the vertex of the parabola through the three points replaces an end or (when lower) the
    /// middle, with a golden-section step instead when the vertex falls within the tolerance of an end; done when
    /// the vertex is within `relativeTolerance` of b (b is returned). GSL's Brent spends three or four more
    /// evaluations here on a smooth SSR: it certifies the bracket's width, probing at √ε of the best point.
    static func parabolicMinimum(
        bracket: (Double, Double, Double), values: (Double, Double, Double), relativeTolerance: Double,
        _ f: (Double) throws -> Double
    ) throws -> (x: Double, value: Double) {
        var (a, b, c) = bracket
        var (fa, fb, fc) = values
        for _ in 0..<100 {
            let tolerance = relativeTolerance * abs(b)
            if c - a <= 2 * tolerance { break }
            let p = (b - a) * (b - a) * (fb - fc) - (b - c) * (b - c) * (fb - fa)
            let q = (b - a) * (fb - fc) - (b - c) * (fb - fa)
            var v = b - 0.5 * p / q
            if abs(v - b) <= tolerance { break }
            if !(v > a + tolerance && v < c - tolerance) {
                v = b - a > c - b ? b - 0.381966 * (b - a) : b + 0.381966 * (c - b)
            }
            let fv = try f(v)
            if fv < fb {
                if v < b { (c, fc) = (b, fb) } else { (a, fa) = (b, fb) }
                (b, fb) = (v, fv)
            } else if v < b {
                (a, fa) = (v, fv)
            } else {
                (c, fc) = (v, fv)
            }
        }
        return (b, fb)
    }

    /// One-parameter Gauss–Newton on `residuals` from `start`: x ← x − Σ J r / Σ J², J by the central differences
    /// of `LevenbergMarquardt.numericalJacobian` (those of the standard error, so the final point's are reused),
    /// until the step (x's error, to first order) is below 1e-11 of x or reaches the rounding floor; x is then
    /// returned. Steps above 1e-8 of x must lower the SSR (halved until they do; below that, its change is within
    /// a few hundred times its rounding and is not tested). nil when the steps leave (lower, upper) or the
    /// iteration does not settle in 50 steps.
    static func gaussNewton(
        from start: Double, lower: Double, upper: Double, _ residuals: (Double) throws -> [Double]
    ) throws -> Double? {
        func sumOfSquares(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }
        var x = start
        var previousStep = Double.infinity
        for _ in 0..<50 {
            let r = try residuals(x)
            let jacobian = try LevenbergMarquardt.numericalJacobian([x]) { try residuals($0[0]) }
            var jr = 0.0
            var jj = 0.0
            for (row, ri) in zip(jacobian, r) {
                jr += row[0] * ri
                jj += row[0] * row[0]
            }
            guard jj > 0, jr.isFinite, jj.isFinite else { return nil }
            var step = -jr / jj
            // The step is x's error: done below 1e-11 of x, or once the steps stop shrinking below 1e-8 of x (the
            // Jacobian's rounding, ~1e-16 / h with h = 1e-6 of x, moves the step by ~2e-12 relative on Brown et al.).
            if abs(step) <= 1e-11 * abs(x) || abs(step) <= 1e-8 * abs(x) && abs(step) > abs(previousStep) / 2 {
                return x
            }
            previousStep = step
            let value = sumOfSquares(r)
            var moved = false
            for _ in 0..<40 {
                let trial = x + step
                if trial > lower, trial < upper, let rt = try? residuals(trial),
                    abs(step) <= 1e-8 * abs(x) || sumOfSquares(rt) <= value
                {
                    x = trial
                    moved = true
                    break
                }
                step /= 2
            }
            if !moved { return nil }
        }
        return nil
    }

    /// Work a fit may start, in sample-answer units: Σ over the points of N (counted up to the exact limit and
    /// `plateauAboveSamples`, past which only the plateau is evaluated) × M_max^1.5. Measured in a release build on
    /// the shipped Brown et al. example (Σ N = 38,719 over both models): a single M of 16, 32 and 64 took 11.4,
    /// 34.2 and 96.8 CPU-s, about 2e5 units per core-second; a range of M warm-starts its searches and costs less
    /// (3…16: 8.8 CPU-s, 3…48: 17.8), so the bound is conservative there (Benchmarks/README.md, "Work bounds").
    public static let work = WorkBound(unit: "sample-answer units", ratePerCoreSecond: 2e5, parallel: true)

    /// The work estimate of fitting points at `samples` with `options` (see `work`).
    public static func estimatedWork(samples: [Double], options: Options) -> Double {
        let cap = Double(min(MajorityVoting.exactLimit, options.plateauAboveSamples ?? .max))
        let counted = samples.reduce(0.0) { $0 + ($1 > 0 ? min($1, cap) : 0) }
        return counted * Foundation.pow(Double(options.answers.upperBound), 1.5)
    }

    /// - Throws: `ParameterError` for mismatched or invalid data (fewer than 3 points, N ≤ 0, accuracy outside
    ///   [0, 1]) or work above `work`, `FitError` when no M admits a fit.
    public static func fit(
        samples: [Double], accuracy observed: [Double], population: BetaTaskPopulation, options: Options = Options()
    ) throws -> MajorityVoteFit {
        guard samples.count == observed.count else {
            throw ParameterError(
                parameter: "accuracy", value: "\(observed.count) values", validRange: "\(samples.count) (one per N)")
        }
        try Validate.count(samples.count, "number of (N, accuracy) points", minimum: 3)
        // N becomes an Int below: anything past 2^62 would trap in the conversion (and no exact vote count that large
        // is computable; past `MajorityVoting.exactLimit` only the plateau applies).
        for n in samples { try Validate.inRange(n, "N", Double.leastNonzeroMagnitude, 0x1p62) }
        for y in observed { try Validate.probability(y, "majority-vote accuracy") }
        try work.check(
            estimatedWork(samples: samples, options: options), parameter: "answers", value: "\(options.answers)",
            formula: "Σ min(N, 1e5) × M_max^1.5", lower: "lower the largest M (--max-answers) or give --plateau-above")
        guard options.answers.lowerBound >= 3 else {
            throw ParameterError(
                parameter: "answers", value: "\(options.answers)", validRange: "M ≥ 3 (c* < 1 needs two wrong answers)")
        }
        let ns = samples.map { max(1, Int($0.rounded())) }
        // With one sample the vote is pass@1 whatever the error weights: only points with N ≥ 2, at two or more
        // sample counts, carry information on c* (and through the curve's shape, on M).
        guard Set(ns.filter { $0 >= 2 }).count >= 2 else {
            throw FitError(
                "the data do not determine c*: majority-vote accuracy is needed at two or more sample counts N ≥ 2 "
                    + "(got N = \(Array(Set(ns)).sorted()))")
        }
        let plateauAbove = options.plateauAboveSamples
        let threads = options.threads
        // Each residual vector costs an exact vote at every N (up to 10⁴); the searches below come back to the
        // same (M, c*) often (Brent's bracket ends, the polish's start, Levenberg–Marquardt's start and its
        // Jacobian's base point, the standard error's Jacobian), so each is computed once.
        struct Key: Hashable {
            let answers: Int
            let cStar: UInt64
        }
        var computed: [Key: [Double]] = [:]
        func residuals(_ M: Int, _ c: Double) throws -> [Double] {
            let key = Key(answers: M, cStar: c.bitPattern)
            if let known = computed[key] { return known }
            let model = try curve(
                samples: ns, population: population, answers: M, cStar: c, plateauAbove: plateauAbove, threads: threads)
            let r = zip(model, observed).map { $0 - $1 }
            computed[key] = r
            return r
        }
        func ssr(_ M: Int, _ c: Double) -> Double {
            guard let r = try? residuals(M, c) else { return .infinity }
            return r.reduce(0) { $0 + $1 * $1 }
        }
        var profile: [ProfilePoint] = []
        // c* of the preceding M, and its move from the M before when it was found by walking from there (nil after
        // a global search).
        var previous: (cStar: Double, move: Double?)? = nil
        for M in options.answers {
            let lower = 1 / Double(M - 1)
            let width = 1 - lower
            let (lo, hi) = (lower + 1e-6 * width, 1 - 1e-6 * width)
            // c* moves little from one M to the next (the authors: only c* is well identified), so from the second
            // M on the search starts from the previous optimum: a bracket found by steps (doubling downhill), then
            // parabolic interpolation; the 12-point grid runs only for the first M or when the walk reaches the
            // domain's edge. The steps of c* from one M to the next shrink steadily (Brown et al.: 0.0019, 0.0011,
            // 0.0007, …), so after two walks the start is the linear extrapolation of the last two and the step half
            // the last move (at least 1e-3 of c*): the bracket is then found in three SSRs instead of steps of 0.5 %
            // of the domain. The profile is located to ~1e-4 relative in c*, so the SSR, flat at its minimum, to
            // ~1e-6 relative (SSR″/2 · (1e-4 c*)² / SSR ≤ 3e-6 for Brown et al., whose best M beats the next by
            // 6e-4 relative), and only the winning M is polished below. (Each SSR costs an exact vote at every N, up
            // to 10⁴: the Brown et al. example took 300 s, then 22 s on two cores, then 11 s, now 4.4 s.)
            var start = previous?.cStar
            // After a global search, steps of 0.5 % of the domain (c* moved 0.4 % from M = 6 to 7 for Brown et al.).
            var step = 0.005 * width
            if let previous, let move = previous.move {
                start = previous.cStar + move
                step = max(abs(move) / 2, 1e-3 * previous.cStar)
            }
            let walked = try start.flatMap {
                try Self.bracketedMinimum(from: $0, lower: lo, upper: hi, step: step, relativeTolerance: 1e-4) {
                    ssr(M, $0)
                }
            }
            let found =
                try walked
                ?? Minimize1D.global(lower: lo, upper: hi, gridPoints: 12, relativeTolerance: 1e-3) { ssr(M, $0) }
                .minimum.pair
            previous = (found.x, walked == nil ? nil : previous.map { found.x - $0.cStar })
            profile.append(ProfilePoint(answers: M, largestErrorWeight: found.x, residualSumOfSquares: found.value))
        }
        guard
            let coarseBest = profile.filter({ $0.residualSumOfSquares.isFinite }).min(by: {
                $0.residualSumOfSquares < $1.residualSumOfSquares
            })
        else { throw FitError("no number of answers M in \(options.answers) admits a fit") }
        // Polish the winner by Gauss–Newton on its residuals from the profile's c*: the profile locates c* to
        // ~1e-3 relative, Gauss–Newton steps converge from there in a few iterations (each step shrank the error
        // 100-fold or more on Brown et al.) and place a flat minimum far closer than a search on the SSR can
        // (~√ε relative). Levenberg–Marquardt is the fallback.
        var best = coarseBest
        do {
            let M = best.answers
            let lower = 1 / Double(M - 1)
            let polished = try? gaussNewton(from: best.largestErrorWeight, lower: lower, upper: 1) {
                try residuals(M, $0)
            }
            let refined =
                polished.flatMap { $0 }
                ?? (try? LevenbergMarquardt.minimise(
                    start: [best.largestErrorWeight], maxIterations: 100,
                    residuals: { x in
                        guard x[0] > lower, x[0] < 1 else { return [Double.infinity] }
                        return try residuals(M, x[0])
                    },
                    jacobian: { x in
                        try LevenbergMarquardt.numericalJacobian(x) { y in
                            guard y[0] > lower, y[0] < 1 else {
                                return [Double](repeating: .infinity, count: ns.count)
                            }
                            return try residuals(M, y[0])
                        }
                    }))?.x[0]
            if let refined {
                let value = ssr(M, refined)
                // The point where the residuals are orthogonal to their derivative is the minimum; its SSR can exceed
                // the profile's only by rounding (~1e-14 relative: residuals ~1e-2 with ~1e-16 absolute error).
                if value <= best.residualSumOfSquares * (1 + 1e-12) {
                    best = ProfilePoint(answers: M, largestErrorWeight: refined, residualSumOfSquares: value)
                }
            }
            profile = profile.map { $0.answers == M ? best : $0 }
        }
        let M = best.answers
        let cStar = best.largestErrorWeight
        let lambda = try MajorityVoting.geometricRatio(largestErrorWeight: cStar, answers: M)
        let weights = try MajorityVoting.truncatedGeometricWeights(answers: M, lambda: lambda)
        let plateau = try MajorityVoting(samples: 1, errorWeights: weights).plateau(population: population)
        // Standard error of c* (one parameter, M fixed): s²/(JᵀJ), s² = SSR/(n − 1); plateau and λ by the delta
        // method with central-difference derivatives.
        var estimates: [FitEstimate] = []
        let n = ns.count
        let lowerEdge = 1 / Double(M - 1)
        // A c* on the edge of (1/(M − 1), 1) has no two-sided neighbourhood: report it "at bound" without a
        // standard error (as the pass@N fit does), instead of differencing outside the domain.
        let margin = min(cStar - lowerEdge, 1 - cStar)
        let h = min(1e-6 * cStar, margin / 4)
        if n > 1, h > 1e-12 * cStar {
            let jac = try LevenbergMarquardt.numericalJacobian([cStar]) { try residuals(M, $0[0]) }
            let jtj = jac.reduce(0) { $0 + $1[0] * $1[0] }
            func plateauAt(_ c: Double) throws -> Double {
                let l = try MajorityVoting.geometricRatio(largestErrorWeight: c, answers: M)
                let w = try MajorityVoting.truncatedGeometricWeights(answers: M, lambda: l)
                return try MajorityVoting(samples: 1, errorWeights: w).plateau(population: population)
            }
            let dPlateau = (try plateauAt(cStar + h) - plateauAt(cStar - h)) / (2 * h)
            let dLambda =
                (try MajorityVoting.geometricRatio(largestErrorWeight: cStar + h, answers: M)
                    - MajorityVoting.geometricRatio(largestErrorWeight: cStar - h, answers: M)) / (2 * h)
            let se = (best.residualSumOfSquares / Double(n - 1) / jtj).squareRoot()
            let z = try FitStatistics.normalQuantile(options.level)
            // An interval wider than the parameter's whole domain, (1/(M − 1), 1) for c* and (0, 1) for λ, says the
            // data do not determine it (e.g. three points near N = 1, or c* at the equal-weights edge where dλ/dc*
            // diverges): no interval is reported rather than one of ±1e6.
            let identified =
                jtj > 0 && se.isFinite && z * se < 1 - lowerEdge && z * abs(dLambda) * se < 1
                && z * abs(dPlateau) * se < 1
            if identified {
                estimates.append(
                    try FitEstimate.normal(name: "c*", estimate: cStar, standardError: se, level: options.level))
                estimates.append(
                    try FitEstimate.normal(
                        name: "plateau", estimate: plateau, standardError: abs(dPlateau) * se, level: options.level))
                estimates.append(
                    try FitEstimate.normal(
                        name: "lambda", estimate: lambda, standardError: abs(dLambda) * se, level: options.level))
            }
        }
        if estimates.isEmpty {
            let method = h > 1e-12 * cStar ? "not identified" : "at bound"
            for (name, value) in [("c*", cStar), ("plateau", plateau), ("lambda", lambda)] {
                estimates.append(
                    FitEstimate(
                        name: name, estimate: value, standardError: nil, lower: nil, upper: nil, level: options.level,
                        method: method))
            }
        }
        return MajorityVoteFit(
            population: population, answers: M, largestErrorWeight: cStar, lambda: lambda, errorWeights: weights,
            plateau: plateau, estimates: estimates, residualSumOfSquares: best.residualSumOfSquares, profile: profile)
    }
}

extension Minimum1D {
    fileprivate var pair: (x: Double, value: Double) { (x, value) }
}
