import DS3
import RealModule
import ScalingCore

/// The DS3 task population fitted to an accuracy-vs-budget curve: tasks need m skill steps each, a share A of them
/// is solvable, and the per-step success r of a solvable task is distributed Beta(α, β) (ds3-theory §3.6); the
/// accuracy at Ω tokens is A · E[I_r(m, Ω/ω − m + 1)] (`BetaTaskPopulation.chainSuccess`), ω given.
///
/// Objective as `BudgetTaskFit` (binomial deviance with questions, else least squares). m is searched over the
/// integers; at each m, (A, ln α, ln β) by a bounded multi-start Nelder–Mead and Levenberg–Marquardt fit
/// (`BoundedParameters`). Intervals: percentile parametric bootstrap with every replicate refitted (m included).
public struct BudgetPopulationFit: Sendable {
    /// A fitted population curve.
    public struct Parameters: Sendable, Equatable {
        /// m, required skills per task.
        public let m: Int
        /// The distribution of r over tasks: A, α, β.
        public let population: BetaTaskPopulation
        /// ω, tokens per skill step.
        public let tokensPerStep: Double

        public init(m: Int, population: BetaTaskPopulation, tokensPerStep: Double) throws(ParameterError) {
            self.m = try Validate.count(m, "m")
            self.population = population
            self.tokensPerStep = try Validate.positive(tokensPerStep, "tokens per step")
        }

        /// A · E[I_r(m, Ω/ω − m + 1)], the expected chain-of-thought accuracy at Ω tokens.
        public func accuracy(tokens: Double) throws -> Double {
            try population.chainSuccess(m: m, steps: tokens / tokensPerStep)
        }
    }

    public struct Options: Sendable {
        /// m, the search bound (default 200), bootstrap and level.
        public var settings = BudgetFitSettings(maxSkills: 200)
        /// ω in tokens per step.
        public var tokensPerStep: Double = 25
        /// Bounds of the Beta shapes α and β.
        public var shapeRange: ClosedRange<Double> = 1e-3...1e4
        public init() {}
    }

    public let parameters: Parameters
    /// m, A, alpha, beta with percentile-bootstrap intervals.
    public let estimates: [FitEstimate]
    public let quality: BudgetFitQuality
    public let replicates: [Parameters]

    public func estimate(_ name: String) -> FitEstimate? { estimates.first { $0.name == name } }

    public static func fit(_ curve: BudgetCurve, options: Options = Options()) throws -> BudgetPopulationFit {
        try Validate.positive(options.tokensPerStep, "tokens per step")
        try options.settings.validate()
        try BudgetFitSettings.checkInterval(options.shapeRange, "range of Beta shapes")
        let solver = Solver(options: options)
        let settings = options.settings
        let (best, fitted, replicates) = try settings.fitWithBootstrap(
            curve, free: (settings.skills == nil ? 1 : 0) + 3, accuracy: { try $0.accuracy(tokens: $1) },
            fit: { try solver.fit($0, near: $1) })
        let values: [(String, Double, [Double])] = [
            ("A", best.population.solvable, replicates.map(\.population.solvable)),
            ("alpha", best.population.alpha, replicates.map(\.population.alpha)),
            ("beta", best.population.beta, replicates.map(\.population.beta)),
        ]
        return BudgetPopulationFit(
            parameters: best,
            estimates: try settings.estimates(m: best.m, replicateSkills: replicates.map(\.m), values: values),
            quality: BudgetFitQuality(curve, fitted: fitted), replicates: replicates)
    }

    struct Solver: Sendable {
        let options: Options

        func fit(_ curve: BudgetCurve, near: Parameters?) throws -> Parameters {
            let maxTokens = curve.tokens.max() ?? 0
            let upper = max(1, min(options.settings.maxSkills, Int(min(maxTokens / options.tokensPerStep, 1e9)) + 1))
            let range = options.settings.searchRange(upper: upper, near: near?.m)
            var previous: Parameters? = near
            let result = try SkillCountSearch.search(range, from: near?.m) { m -> (value: Double, fit: Parameters)? in
                guard let fit = try profile(curve, m: m, warm: previous, thorough: near == nil) else { return nil }
                previous = fit.parameters
                return (fit.value, fit.parameters)
            }
            return result.fit
        }

        /// Best (A, α, β) at fixed m. Parametrised θ = (A, ln α, ln β) in a box.
        func profile(_ curve: BudgetCurve, m: Int, warm: Parameters?, thorough: Bool) throws
            -> (value: Double, parameters: Parameters)?
        {
            let shapes = options.shapeRange
            let logShapes = Double.log(shapes.lowerBound)...Double.log(shapes.upperBound)
            let box = BoundedParameters(ranges: [1e-6...1, logShapes, logShapes])
            let omega = options.tokensPerStep
            func residuals(_ theta: [Double]) throws -> [Double] {
                let population = try BetaTaskPopulation(
                    alpha: Double.exp(theta[1]), beta: Double.exp(theta[2]), solvable: theta[0])
                return curve.residuals(try curve.tokens.map { try population.chainSuccess(m: m, steps: $0 / omega) })
            }
            var starts: [[Double]] = []
            if let warm {
                // The transition of a task sits near K ≈ m/r: keep α and move the mean r = α/(α+β) with m.
                let p = warm.population
                let mean = min(0.999, p.alpha / (p.alpha + p.beta) * Double(m) / Double(warm.m))
                let beta = p.alpha * (1 - mean) / mean
                starts.append(box.clamped([p.solvable, Double.log(p.alpha), Double.log(beta)]))
            }
            if thorough || warm == nil {
                let top = min(1, max(curve.accuracy.max() ?? 1, 0.05) * 1.05)
                let sorted = curve.tokens.sorted()
                let median = max(sorted[sorted.count / 2] / omega, 1)
                for alpha in [0.5, 3.0] {
                    for spread in [0.3, 3.0] {
                        // Mean r placing the transition of a typical task at the median budget, scaled by `spread`.
                        let mean = min(0.95, max(1e-6, Double(m) / median * spread))
                        starts.append(box.clamped([top, Double.log(alpha), Double.log(alpha * (1 - mean) / mean)]))
                    }
                }
            }
            // Nelder–Mead before the polish also for a bootstrap replicate (one warm start): on weakly identified
            // curves a polish alone can stop in a poorer local minimum and widen the intervals spuriously.
            let attempt = try? box.fit(starts: starts, residuals: residuals)
            guard let solution = attempt, solution.ssr.isFinite else { return nil }
            let population = try BetaTaskPopulation(
                alpha: Double.exp(solution.theta[1]), beta: Double.exp(solution.theta[2]), solvable: solution.theta[0])
            return (solution.ssr, try Parameters(m: m, population: population, tokensPerStep: omega))
        }
    }
}
