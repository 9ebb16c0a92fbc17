import DS3
import GSL
import RealModule
import ScalingCore

/// Search directionality ι and the shared skill-difficulty mixture (ds3-theory.md §5.8), fitted to several
/// models' Beta task populations.
///
/// Model. A task needs m skills (m = m_c with probability w_c, c = 1, 2; default m = 1 and 100) of difficulty
/// L₀ ~ Normal(μ_c, σ_c²) on the loss scale. A model with loss L and directionality ι applies each skill with
/// per-step success ξ(L₀) = ι [a σ(b (L₀ − L)) + d] (σ logistic; ξ capped at 1 − 1e-9) and solves the task
/// within k = token budget/ω steps with probability r = I_ξ(m, k − m + 1) (chain of thought, §3.2).
/// A task is unsolvable (r = 0) when a σ(b(L₀ − L)) + d ≤ 0 (the skill is not learned at all) or k − m + 1 ≤ 0.
///
/// Fit. For each model, the unsolvable mass, and the mean and variance of r over solvable tasks, are computed
/// exactly (Gauss–Legendre quadrature over L₀ on the solvable range, normal cdf for the unsolvable mass) and
/// compared with the target Beta population: 1 − A, α/(α+β), αβ/((α+β)²(α+β+1)). The loss is the sum of the
/// squared differences over models. Minimised by bounded least squares (`BoundedParameters`: GSL Nelder–Mead
/// from seeded random starts in the box, then Levenberg–Marquardt).
///
/// Differences from the authors' procedure (documented in `derivations/fit-directionality.md`): they simulate
/// 4,000 tasks per model per evaluation with differential evolution and count r == 0 numerically; here the
/// moments are exact and the optimiser deterministic given the seed. The coefficient a is held fixed (default the
/// authors' 0.141): ξ depends on ι·a and ι·d only, so a and the overall scale of ι are not separately
/// identifiable.
public struct DirectionalityFit: Sendable {
    /// One model's fitted Beta population with its loss and step budget.
    public struct Target: Sendable, Equatable {
        public let name: String
        public let population: BetaTaskPopulation
        /// Model loss L (nats/token).
        public let loss: Double
        /// Step budget k = token budget / ω.
        public let steps: Double
        public init(name: String, population: BetaTaskPopulation, loss: Double, steps: Double) throws(ParameterError) {
            self.name = name
            self.population = population
            self.loss = try Validate.positive(loss, "loss")
            self.steps = try Validate.positive(steps, "steps")
        }
    }

    /// Which tasks count as unsolvable (r = 0).
    public enum ZeroMass: String, Sendable, Equatable, CaseIterable {
        /// Default, the model's own logic: a task is unsolvable when its skill is not learned at all
        /// (a σ(b(L₀ − L)) + d ≤ 0) or its chain cannot finish within the budget (k − m + 1 ≤ 0).
        case unlearnedSkills
        /// The authors' numerics (`mode: .published`): ξ is clipped at 1e-9 and such tasks stay solvable with a
        /// tiny r; only tasks that cannot finish within the budget (k − m + 1 ≤ 0) are unsolvable.
        case published
    }

    /// The shared parameters of the skill-difficulty mixture and per-step success curve.
    public struct Shared: Sendable, Equatable {
        /// Fixed scale a of the per-step success curve.
        public var a: Double = 0.141
        /// Slope b and offset d of ξ.
        public var b: Double = 1.354
        public var d: Double = -0.015
        /// Skills required by each class, m_c.
        public var skills: [Int] = [1, 100]
        /// Class weights w_c (sum 1), means μ_c and standard deviations σ_c of L₀.
        public var weights: [Double] = [0.93, 0.07]
        public var means: [Double] = [0.529, 1.718]
        public var deviations: [Double] = [0.288, 0.148]
        /// Convention for the unsolvable mass.
        public var zeroMass: ZeroMass = .unlearnedSkills
        public init() {}
    }

    /// Moments of a model's task-success distribution.
    public struct Moments: Sendable, Equatable {
        /// P(r = 0).
        public let unsolvable: Double
        /// Mean and variance of r among solvable tasks.
        public let mean: Double
        public let variance: Double
    }

    public struct Options: Sendable {
        /// Starting shared parameters (also the fixed ones when `fitMixture` is false).
        public var shared = Shared()
        /// Fit the mixture (w₁, μ₁, σ₁, μ₂, σ₂) too, not just ι per model and (b, d).
        public var fitMixture = true
        /// Starting ι per model for the first start (default 0.3 each).
        public var initialIota: [Double]? = nil
        /// Seeded random starts (uniform in the box) in addition to the start from `shared` and `initialIota`.
        public var starts: Int = 8
        public var seed: UInt64 = 0
        public var level: Double = 0.95
        /// Bounds: ι, b, d, w₁, μ, σ.
        public var iotaRange: ClosedRange<Double> = 0.001...6
        public var bRange: ClosedRange<Double> = 0.05...20
        public var dRange: ClosedRange<Double> = -0.13...0.1
        public var weightRange: ClosedRange<Double> = 0.5...0.999
        public var meanRange: ClosedRange<Double> = -2...4
        public var deviationRange: ClosedRange<Double> = 0.02...2
        /// Gauss–Legendre order of the L₀ quadrature.
        public var quadratureOrder: Int = 96
        public init() {}
    }

    public let targets: [Target]
    public let shared: Shared
    public let iotas: [Double]
    /// ι per model (order of `targets`) with Jacobian standard errors.
    public let iotaEstimates: [FitEstimate]
    /// b, d and (if fitted) w1, mu1, sigma1, mu2, sigma2.
    public let sharedEstimates: [FitEstimate]
    /// Sum of squared moment errors at the optimum.
    public let objective: Double
    let quadratureOrder: Int

    // MARK: model

    /// Per-step success ξ(L₀) before capping; ≤ 0 means the skill is not learned.
    static func rawStepSuccess(_ L0: Double, loss: Double, iota: Double, shared: Shared) -> Double {
        let z = shared.b * (L0 - loss)
        let s = z >= 0 ? 1 / (1 + Double.exp(-z)) : Double.exp(z) / (1 + Double.exp(z))
        return iota * (shared.a * s + shared.d)
    }

    /// Task success r(L₀) for a class with m skills and k steps (0 when unsolvable).
    static func taskSuccess(_ L0: Double, m: Int, steps k: Double, loss: Double, iota: Double, shared: Shared) throws
        -> Double
    {
        var xi = rawStepSuccess(L0, loss: loss, iota: iota, shared: shared)
        if shared.zeroMass == .published { xi = max(xi, 1e-9) }
        guard xi > 0, k - Double(m) + 1 > 0 else { return 0 }
        let capped = min(xi, 1 - 1e-9)
        if m == 1 { return -Double.expMinusOne(k * Double.log(onePlus: -capped)) }
        return try IncompleteBeta.regularized(a: Double(m), b: k - Double(m) + 1, x: capped)
    }

    /// L₀ above which the skill is learned (ξ > 0): L + logit(−d/a)/b; −∞ when d ≥ 0, +∞ when d ≤ −a.
    static func threshold(loss: Double, shared: Shared) -> Double {
        if shared.zeroMass == .published { return -.infinity }
        let q = -shared.d / shared.a
        if q <= 0 { return -.infinity }
        if q >= 1 { return .infinity }
        return loss + (Double.log(q) - Double.log(onePlus: -q)) / shared.b
    }

    /// Exact moments of r for a model (ι, loss, steps) under the shared parameters.
    public static func moments(
        iota: Double, loss: Double, steps: Double, shared: Shared, quadratureOrder: Int = 96
    ) throws -> Moments {
        let rule = try GaussLegendreRule(order: quadratureOrder)
        return try moments(iota: iota, loss: loss, steps: steps, shared: shared, rule: rule)
    }

    static func moments(iota: Double, loss: Double, steps: Double, shared: Shared, rule: GaussLegendreRule) throws
        -> Moments
    {
        let cut = threshold(loss: loss, shared: shared)
        var zero = 0.0
        var m1 = 0.0
        var m2 = 0.0
        for c in shared.skills.indices {
            let w = shared.weights[c]
            let mu = shared.means[c]
            let sd = shared.deviations[c]
            let m = shared.skills[c]
            if steps - Double(m) + 1 <= 0 {
                zero += w
                continue
            }
            let zCut = (cut - mu) / sd
            zero += w * (zCut == -.infinity ? 0 : zCut == .infinity ? 1 : try SpecialFunctions.gaussianPhi(zCut))
            let lower = max(cut, mu - 9 * sd)
            let upper = mu + 9 * sd
            guard lower < upper else { continue }
            let norm = 1 / (sd * (2 * Double.pi).squareRoot())
            var first = 0.0
            var second = 0.0
            let half = 0.5 * (upper - lower)
            let mid = 0.5 * (upper + lower)
            for (x, weight) in zip(rule.nodes, rule.weights) {
                let L0 = mid + half * x
                let r = try taskSuccess(L0, m: m, steps: steps, loss: loss, iota: iota, shared: shared)
                let z = (L0 - mu) / sd
                let density = norm * Double.exp(-0.5 * z * z)
                first += weight * r * density
                second += weight * r * r * density
            }
            m1 += w * first * half
            m2 += w * second * half
        }
        let solvable = 1 - zero
        guard solvable > 1e-12 else { return Moments(unsolvable: zero, mean: 0, variance: 0) }
        let mean = m1 / solvable
        return Moments(unsolvable: zero, mean: mean, variance: max(0, m2 / solvable - mean * mean))
    }

    /// Target moments of a Beta population: 1 − A, α/(α+β), αβ/((α+β)²(α+β+1)).
    static func targetMoments(_ p: BetaTaskPopulation) -> [Double] {
        let s = p.alpha + p.beta
        return [1 - p.solvable, p.alpha / s, p.alpha * p.beta / (s * s * (s + 1))]
    }

    // MARK: fit

    static let mixtureNames = ["w1", "mu1", "sigma1", "mu2", "sigma2"]

    static func unpack(_ theta: [Double], count: Int, base: Shared, fitMixture: Bool) -> ([Double], Shared) {
        var shared = base
        shared.b = theta[count]
        shared.d = theta[count + 1]
        if fitMixture {
            let w1 = theta[count + 2]
            shared.weights = [w1, 1 - w1]
            shared.means = [theta[count + 3], theta[count + 5]]
            shared.deviations = [theta[count + 4], theta[count + 6]]
        }
        return (Array(theta[0..<count]), shared)
    }

    /// Work a fit may start: local fits (starts × models, each start a Levenberg–Marquardt run over every model),
    /// at 25 per second on one core, measured in a release build on 5 models (Benchmarks/README.md, "Work
    /// bounds"); 1,500 local fits.
    public static let work = WorkBound(unit: "local fits", ratePerCoreSecond: 25, parallel: false)

    /// Fits ι per target and the shared parameters.
    ///
    /// - Throws: `ParameterError` for fewer than 2 targets, a mixture that is not two classes, or starts × models
    ///   above `work`; `FitError`.
    public static func fit(_ targets: [Target], options: Options = Options()) throws -> DirectionalityFit {
        try Validate.count(targets.count, "number of models", minimum: 2)
        try Validate.count(options.starts, "starts", minimum: 0)
        // Bounded work: every start is a Levenberg–Marquardt run over all targets (refused before allocating).
        try Self.work.check(
            Double(options.starts) * Double(targets.count), parameter: "starts", value: "\(options.starts)",
            formula: "starts × models", lower: "lower --starts")
        try Validate.count(options.quadratureOrder, "quadratureOrder", minimum: 8)
        let base = options.shared
        guard base.skills.count == 2, base.weights.count == 2, base.means.count == 2, base.deviations.count == 2
        else {
            throw ParameterError(parameter: "mixture", value: "\(base.skills.count) classes", validRange: "2 classes")
        }
        let count = targets.count
        let fitMixture = options.fitMixture
        let rule = try GaussLegendreRule(order: options.quadratureOrder)
        var ranges =
            [ClosedRange<Double>](repeating: options.iotaRange, count: count) + [options.bRange, options.dRange]
        if fitMixture {
            ranges += [
                options.weightRange, options.meanRange, options.deviationRange, options.meanRange,
                options.deviationRange,
            ]
        }
        let goals = targets.map { targetMoments($0.population) }
        func residuals(_ theta: [Double]) throws -> [Double] {
            let (iotas, shared) = unpack(theta, count: count, base: base, fitMixture: fitMixture)
            var r: [Double] = []
            r.reserveCapacity(3 * count)
            for (k, target) in targets.enumerated() {
                let m = try moments(
                    iota: iotas[k], loss: target.loss, steps: target.steps, shared: shared, rule: rule)
                r += [m.unsolvable - goals[k][0], m.mean - goals[k][1], m.variance - goals[k][2]]
            }
            return r
        }
        if let given = options.initialIota, given.count != count {
            throw ParameterError(
                parameter: "initialIota", value: "\(given.count) values", validRange: "\(count) (one per model)")
        }
        var first = (options.initialIota ?? [Double](repeating: 0.3, count: count)) + [base.b, base.d]
        if fitMixture {
            first += [base.weights[0], base.means[0], base.deviations[0], base.means[1], base.deviations[1]]
        }
        let box = BoundedParameters(ranges: ranges)
        var starts = [box.clamped(first)]
        var rng = Xoshiro256StarStar(seed: options.seed)
        for _ in 0..<options.starts {
            starts.append(ranges.map { $0.lowerBound + ($0.upperBound - $0.lowerBound) * rng.uniform() })
        }
        let solution = try box.fit(starts: starts, residuals: residuals)
        let (iotas, shared) = unpack(solution.theta, count: count, base: base, fitMixture: fitMixture)
        let variances =
            (try? solution.covariance(residuals: residuals, count: 3 * count))
            ?? [Double?](repeating: nil, count: ranges.count)
        var estimates: [FitEstimate] = []
        let names = targets.map { "iota[\($0.name)]" } + ["b", "d"] + (fitMixture ? mixtureNames : [])
        for (k, name) in names.enumerated() {
            if let v = variances[k], v.isFinite {
                estimates.append(
                    try FitEstimate.normal(
                        name: name, estimate: solution.theta[k], standardError: v.squareRoot(), level: options.level))
            } else {
                estimates.append(
                    FitEstimate(
                        name: name, estimate: solution.theta[k], standardError: nil, lower: nil, upper: nil,
                        level: options.level,
                        method: solution.atBound.contains(k) ? "at bound" : "not identified"))
            }
        }
        return DirectionalityFit(
            targets: targets, shared: shared, iotas: iotas, iotaEstimates: Array(estimates[0..<count]),
            sharedEstimates: Array(estimates[count...]), objective: solution.ssr,
            quadratureOrder: options.quadratureOrder)
    }

    /// Moments of target k under the fitted model.
    public func fittedMoments(_ k: Int) throws -> Moments {
        try Self.moments(
            iota: iotas[k], loss: targets[k].loss, steps: targets[k].steps, shared: shared,
            quadratureOrder: quadratureOrder)
    }

    /// Model cdf of r for target k: P(r ≤ x) = P(unsolvable) + Σ_c w_c P(solvable, r(L₀) ≤ x); r(L₀) increases
    /// with L₀, so the event is L₀ ≤ L₀*(x), found by Brent's method.
    public func modelCDF(_ k: Int, at x: Double) throws -> Double {
        try Validate.probability(x, "r")
        let target = targets[k]
        let cut = Self.threshold(loss: target.loss, shared: shared)
        var total = 0.0
        for c in shared.skills.indices {
            let w = shared.weights[c]
            let mu = shared.means[c]
            let sd = shared.deviations[c]
            let m = shared.skills[c]
            if target.steps - Double(m) + 1 <= 0 {
                total += w
                continue
            }
            let lo = max(cut, mu - 12 * sd)
            let hi = mu + 12 * sd
            guard lo < hi else {
                total += w
                continue
            }
            let f = { (L0: Double) throws -> Double in
                try Self.taskSuccess(L0, m: m, steps: target.steps, loss: target.loss, iota: iotas[k], shared: shared)
                    - x
            }
            let L0star: Double
            if try f(lo) >= 0 {
                L0star = lo
            } else if try f(hi) <= 0 {
                L0star = hi
            } else {
                L0star = try Roots.brent(lower: lo, upper: hi, absoluteTolerance: 1e-12, relativeTolerance: 1e-12, f)
                    .root
            }
            total += w * (try SpecialFunctions.gaussianPhi((L0star - mu) / sd))
        }
        return min(1, total)
    }

    /// Target cdf (1 − A) + A I_x(α, β) vs the fitted model's cdf, per model, on x = lin(0, 1, points).
    public func cdfTable(points: Int) throws -> Table {
        var model: [String] = []
        var xs: [Double] = []
        var target: [Double] = []
        var fitted: [Double] = []
        let grid = try Grid.lin(0, 1, points)
        for (k, t) in targets.enumerated() {
            for x in grid {
                model.append(t.name)
                xs.append(x)
                target.append(try t.population.cdf(x))
                fitted.append(try modelCDF(k, at: x))
            }
        }
        var table = try Table(columns: [
            .init("model", texts: model), .init("r", xs), .init("cdf_target", target), .init("cdf_model", fitted),
        ])
        table.metadata = [
            .init("fit", "search directionality (§5.8)"), .init("a", "\(shared.a)"), .init("b", "\(shared.b)"),
            .init("d", "\(shared.d)"), .init("weights", "\(shared.weights)"), .init("means", "\(shared.means)"),
            .init("deviations", "\(shared.deviations)"), .init("skills", "\(shared.skills)"),
            .init("iota", zip(targets, iotas).map { "\($0.name)=\($1)" }.joined(separator: " ")),
        ]
        return table
    }
}
