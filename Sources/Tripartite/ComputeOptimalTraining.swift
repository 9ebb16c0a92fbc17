import GSL
import RealModule
import ScalingCore

/// A compute-optimal training point: R* maximising concepts learned at fixed graph compute F = R·T.
public struct GraphTrainingOptimum: Sendable, Equatable {
    /// F = R·T (graph compute).
    public let graphCompute: Double
    /// C = 6ςτF (training FLOPs).
    public let flops: Double
    /// R*: optimal number of concepts.
    public let concepts: Double
    /// T* = F/R*.
    public let texts: Double
    /// N* = ςR* (parameters).
    public let parameters: Double
    /// D* = τT* (tokens).
    public let tokens: Double
    /// The finite-size law at the optimum (ε^BP, α, δ, R_learned, …).
    public let learning: ConceptLearningResult
    /// Other values of R whose objective lies within the tie tolerance of the optimum (another local optimum
    /// competes): empty when the optimum is unambiguous.
    public let nearTies: [Double]

    /// R_learned(R*).
    public var conceptsLearned: Double { learning.conceptsLearned }
    /// D*/N*: training tokens per parameter.
    public var tokensPerParameter: Double { tokens / parameters }
}

/// Compute-optimal training in the tripartite model: for a budget F = RT (C = 6ND = 6ςτF),
///
///     R*(F) = argmax_R R_learned(R, F/R),   N* = ςR*,   D* = τF/R*.
///
/// The search is global-then-local: a grid over R in [max(1, a√F), min(F, b√F)], then Brent around the best grid
/// point (`Minimize1D.global`); competing local optima within `tieTolerance` are reported in `nearTies` instead of
/// being chosen silently. Derivation of N* ∝ C^{1/2}: `derivations/tripartite-compute-optimal-rule.md`.
public struct ComputeOptimalTraining: Sendable, Equatable {
    /// d_t.
    public let textDegree: Double
    /// ε.
    public let erasure: Double
    /// ς, τ and FLOPs per parameter-token.
    public let scales: TrainingScales
    /// Formula variant.
    public let mode: TripartiteMode
    /// Waterfall law of the objective (default: the mode's, `WaterfallLaw.standard(for:)`).
    public let law: WaterfallLaw
    /// Stall-prefactor model of the objective (default: the mode's, `StallModel.standard(for:)`).
    public let stall: StallModel
    /// a: lower end of the search window as a multiple of √F (authors: 0.2).
    public let windowLower: Double
    /// b: upper end of the search window as a multiple of √F (authors: 0.6).
    public let windowUpper: Double
    /// Grid points of the global stage.
    public let gridPoints: Int
    /// Relative tolerance under which two local optima count as tied.
    public let tieTolerance: Double

    /// Defaults: `.published` searches the authors' window [0.2, 0.6]·√F; `.corrected` a wider [0.1, 1]·√F with a
    /// proportionally finer grid.
    public init(
        mode: TripartiteMode = .corrected, textDegree: Double = 6, erasure: Double = 0.5,
        scales: TrainingScales = .published, windowLower: Double? = nil, windowUpper: Double? = nil,
        gridPoints: Int? = nil, tieTolerance: Double = 1e-6, law: WaterfallLaw? = nil, stall: StallModel? = nil
    ) throws {
        self.mode = mode
        self.law = law ?? .standard(for: mode)
        self.stall = stall ?? .standard(for: mode)
        self.textDegree = try Validate.positive(textDegree, "d_t (text degree)")
        self.erasure = try Validate.probability(erasure, "ε (erasure)", .lowerOpen)
        self.scales = scales
        self.windowLower = try Validate.positive(windowLower ?? (mode == .published ? 0.2 : 0.1), "window lower")
        self.windowUpper = try Validate.positive(windowUpper ?? (mode == .published ? 0.6 : 1.0), "window upper")
        guard self.windowUpper > self.windowLower else {
            throw ParameterError(
                parameter: "window upper", value: self.windowUpper, validRange: "> window lower \(self.windowLower)")
        }
        self.gridPoints = try Validate.count(gridPoints ?? (mode == .published ? 80 : 160), "grid points", minimum: 3)
        self.tieTolerance = try Validate.nonNegative(tieTolerance, "tie tolerance")
    }

    /// The finite-size law at R concepts and T = F/R texts.
    public func learning(concepts R: Double, graphCompute F: Double) throws -> ConceptLearningResult {
        try learning(concepts: R, graphCompute: F, fullScan: false)
    }

    /// The finite-size law with the pruned or (`fullScan`) the reference threshold search.
    func learning(concepts R: Double, graphCompute F: Double, fullScan: Bool) throws -> ConceptLearningResult {
        try ConceptLearning.evaluate(
            ConceptTextGraph(concepts: R, texts: F / R, textDegree: textDegree, erasure: erasure), mode: mode,
            law: law, stall: stall, fullScan: fullScan)
    }

    /// The optimum at graph compute F = R·T.
    ///
    /// The same search as `optimumReference` with fewer evaluations of the finite-size law: grid points that proven
    /// upper bounds on R_learned exclude from being the best point or a near tie are skipped (R_learned ≤ R; for the
    /// first-order law with the γ^BP stall, the certificates of `ConceptLearning` above threshold), Brent starts from
    /// the grid's values, and each threshold comes from `BPThreshold.solve` (grid-free where certified). With the
    /// reference's threshold solver the result is `optimumReference`'s bit for bit (tested); with the grid-free one
    /// the objective differs by rounding, so R* agrees to Brent's 1e-7 bracket and R_learned(R*) to ~1e-9.
    ///
    /// - Throws: `ParameterError` when F is not finite or too small for one text per concept (F < 1).
    public func optimum(graphCompute F: Double) throws -> GraphTrainingOptimum {
        try optimum(graphCompute: F, pruned: true)
    }

    /// The reference search: the finite-size law at every grid point (`Minimize1D.global`), then Brent, each
    /// threshold by the full scan (`BPThreshold.solveReference`).
    ///
    /// - Throws: as `optimum(graphCompute:)`.
    package func optimumReference(graphCompute F: Double) throws -> GraphTrainingOptimum {
        try optimum(graphCompute: F, pruned: false)
    }

    func optimum(graphCompute F: Double, pruned: Bool, fullScan: Bool? = nil) throws -> GraphTrainingOptimum {
        try Validate.inRange(F, "F (graph compute R·T)", 1, .greatestFiniteMagnitude)
        let fullScan = fullScan ?? !pruned
        let root = F.squareRoot()
        let lower = max(1, windowLower * root)
        let upper = min(F, windowUpper * root)
        guard upper > lower else {
            throw ParameterError(
                parameter: "F (graph compute R·T)", value: F,
                validRange: "large enough that the search window is not empty")
        }
        // The law at the lowest objective value seen (the first on ties): the search returns an evaluated point, so
        // its result is reused instead of evaluated again.
        var lowest: (value: Double, result: ConceptLearningResult)?
        let objective: (Double) throws -> Double = { R in
            let result = try self.learning(concepts: R, graphCompute: F, fullScan: fullScan)
            let value = -result.conceptsLearned
            if lowest == nil || value < lowest!.value { lowest = (value, result) }
            return value
        }
        let search: (x: Double, nearTies: [Double])
        if pruned {
            var bound: ((Double) -> Double?)?
            var intervalBound: ((Double, Double) -> Double?)?
            var above: ((Double) -> Bool)?
            if law == .firstOrder, stall == .threshold {
                let (textDegree, erasure) = (self.textDegree, self.erasure)
                func graph(_ R: Double) -> ConceptTextGraph? {
                    try? ConceptTextGraph(concepts: R, texts: F / R, textDegree: textDegree, erasure: erasure)
                }
                bound = { R in graph(R).flatMap(ConceptLearning.conceptsLearnedUpperBound) }
                above = { R in graph(R).map(ConceptLearning.isCertifiedAboveThreshold) ?? false }
                intervalBound = { a, b in
                    ConceptLearning.conceptsLearnedUpperBound(
                        concepts: a, b, graphCompute: F, textDegree: textDegree, erasure: erasure)
                }
            }
            search = try bestGridPoint(
                lower: lower, upper: upper, bound: bound, intervalBound: intervalBound, aboveThreshold: above,
                objective)
        } else {
            let global = try Minimize1D.global(
                lower: lower, upper: upper, gridPoints: gridPoints, relativeTolerance: 1e-7, tieTolerance: tieTolerance,
                objective)
            search = (global.minimum.x, global.nearTies)
        }
        let R = search.x
        let learning =
            try lowest.flatMap { $0.result.graph.concepts == R ? $0.result : nil }
            ?? learning(concepts: R, graphCompute: F, fullScan: fullScan)
        return GraphTrainingOptimum(
            graphCompute: F, flops: scales.flops(graphCompute: F), concepts: R, texts: F / R,
            parameters: scales.parameters(concepts: R), tokens: scales.tokens(texts: F / R), learning: learning,
            nearTies: search.nearTies)
    }

    /// `Minimize1D.global` (grid, near ties, Brent from the best grid point's neighbours) for an objective
    /// f(R) = −R_learned(R) ≥ −R that evaluates only the grid points that can be the best point or a near tie, i.e.
    /// whose R_learned can reach the cut-off (1 − tie tolerance)·R_best, R_best the largest R_learned seen. A point
    /// below the cut-off has f > f_best + tol·|f_best|, so it is neither the best point nor a near tie, and it does
    /// not change whether a near tie is a grid-local minimum (it is higher than any near tie); skipped points are
    /// not evaluated, so an objective that would throw there does not throw.
    ///
    /// Three bounds exclude points: R_learned ≤ R, the optional `bound(R)` (a proven upper bound on R_learned, nil
    /// where it has none) and the optional `intervalBound(a, b)` (one proven upper bound for every R in [a, b]). The
    /// scan starts at a split point just below the lowest grid point that `aboveThreshold` certifies above threshold
    /// (found by bisection; the top of the grid without it): first from the split down, stopping below the cut-off
    /// (R_learned ≤ R), then from the split up, skipping the points whose bounds are below the cut-off. The split
    /// only orders the work (the best value is known before the points above it are reached); any split gives the
    /// same best point and near ties. Brent then starts from the best grid point's neighbours and their values.
    func bestGridPoint(
        lower: Double, upper: Double, bound: ((Double) -> Double?)? = nil,
        intervalBound: ((Double, Double) -> Double?)? = nil, aboveThreshold: ((Double) -> Bool)? = nil,
        _ f: (Double) throws -> Double
    ) throws -> (x: Double, nearTies: [Double]) {
        let count = gridPoints
        let step = (upper - lower) / Double(count - 1)
        func x(_ i: Int) -> Double { i == count - 1 ? upper : lower + Double(i) * step }
        var ys = [Double](repeating: .infinity, count: count)
        var evaluated = [Bool](repeating: false, count: count)
        func evaluate(_ i: Int) throws {
            guard !evaluated[i] else { return }
            let y = try f(x(i))
            guard !y.isNaN else {
                throw GSLError(code: GSLError.domainCode, routine: "Minimize1D.global", reason: "f(\(x(i))) is NaN")
            }
            ys[i] = y
            evaluated[i] = true
        }
        var bestLearned = -Double.infinity
        // Strictly below the cut-off (with a relative 1e-12 margin for the rounding of R(1 − δ)).
        func belowCutoff(_ value: Double) -> Bool { value * (1 + 1e-12) < (1 - tieTolerance) * bestLearned }
        var split = count - 1
        if let aboveThreshold, aboveThreshold(x(count - 1)) {
            // The lowest certified grid point, by bisection (the threshold ε^BP falls as R grows at fixed F).
            var (below, above) = (-1, count - 1)
            if aboveThreshold(x(0)) { above = 0 }
            while above - below > 1 {
                let middle = (below + above) / 2
                if aboveThreshold(x(middle)) { above = middle } else { below = middle }
            }
            split = max(0, above - 1)
        }
        var i = split
        while i >= 0, !belowCutoff(x(i)) {
            try evaluate(i)
            bestLearned = max(bestLearned, -ys[i])
            i -= 1
        }
        if split < count - 1 {
            // While R_learned is still rising above the split (small graphs: wide waterfall), bounds fail; they are
            // tried again once a point does not improve on the best. After a point excluded by its own bound, the
            // next up-to-eight points are tried as one block with `intervalBound`.
            var rising = false
            var previousExcluded = false
            var j = split + 1
            while j < count {
                defer { j += 1 }
                if belowCutoff(x(j)) { continue }
                if previousExcluded, let intervalBound {
                    let last = min(j + 7, count - 1)
                    if last > j, let limit = intervalBound(x(j), x(last)), belowCutoff(limit) {
                        j = last  // the whole block is excluded; the loop steps past it
                        continue
                    }
                }
                previousExcluded = false
                if !rising, let bound, let limit = bound(x(j)), belowCutoff(limit) {
                    previousExcluded = true
                    continue
                }
                try evaluate(j)
                rising = -ys[j] > bestLearned
                bestLearned = max(bestLearned, -ys[j])
            }
        }
        var best = count - 1
        for j in stride(from: count - 1, through: 0, by: -1) where evaluated[j] && ys[j] <= ys[best] { best = j }
        // Neighbours of the best point decide between Brent and a flat neighbourhood.
        if best > 0 { try evaluate(best - 1) }
        if best < count - 1 { try evaluate(best + 1) }
        var ties: [Double] = []
        for j in 0..<count where j != best && evaluated[j] {
            let left = j == 0 ? Double.infinity : ys[j - 1]
            let right = j == count - 1 ? Double.infinity : ys[j + 1]
            if ys[j] <= left, ys[j] <= right,
                abs(ys[j] - ys[best]) <= tieTolerance * max(abs(ys[best]), Double.leastNormalMagnitude),
                abs(j - best) > 1
            {
                ties.append(x(j))
            }
        }
        // An end point, or a flat neighbourhood: the grid point is as good as Brent can certify.
        if best == 0 || best == count - 1 || !(ys[best] < ys[best - 1] && ys[best] < ys[best + 1]) {
            return (x(best), ties)
        }
        let m = try Minimize1D.brent(
            lower: x(best - 1), guess: x(best), upper: x(best + 1), relativeTolerance: 1e-7, maxIterations: 500,
            values: (ys[best - 1], ys[best], ys[best + 1]), f)
        return (m.x, ties)
    }

    /// The optimum at training compute C (FLOPs): F = C/(6ςτ).
    public func optimum(flops C: Double) throws -> GraphTrainingOptimum {
        try Validate.positive(C, "C (training FLOPs)")
        return try optimum(graphCompute: scales.graphCompute(flops: C))
    }

    /// Optima along a list of budgets F, computed on all cores (results in input order).
    public func path(graphComputes: [Double], threads: Int = Parallel.defaultThreads) throws -> [GraphTrainingOptimum] {
        let budgets = graphComputes
        let model = self
        return try Parallel.map(count: budgets.count, threads: threads) { i in
            try model.optimum(graphCompute: budgets[i])
        }
    }

    /// κ* = T/R at which the Poisson-limit threshold equals ε (ε^BP(d_s = d_t κ*) = ε): the asymptotic
    /// compute-optimal texts per concept, so R* ≈ √(F/κ*), D*/N* → (τ/ς)κ*. Solved with `Roots.brent`.
    public static func criticalTextsPerConcept(textDegree: Double = 6, erasure: Double = 0.5) throws -> Double {
        try Validate.positive(textDegree, "d_t (text degree)")
        try Validate.probability(erasure, "ε (erasure)", .open)
        let textMean = textDegree / erasure
        func gap(_ kappa: Double) throws -> Double {
            let ensemble = try PoissonEnsemble(meanConceptDegree: textDegree * kappa, meanTextDegree: textMean)
            return try BPThreshold.solve(ensemble, gridPoints: 200).epsilon - erasure
        }
        var upper = 1.0
        while try gap(upper) < 0 {
            upper *= 2
            guard upper < 1e6 else {
                throw SolverError(
                    .domain, routine: "criticalTextsPerConcept",
                    reason: "no T/R below 1e6 reaches threshold ε = \(erasure)")
            }
        }
        return try Roots.brent(lower: 1e-3, upper: upper, relativeTolerance: 1e-12) {
            try gap($0)
        }.root
    }
}

/// Least-squares fit of ln y = slope·ln x + intercept (a power law y = e^{intercept} x^{slope}).
public struct LogLogFit: Sendable, Equatable {
    /// Fitted exponent.
    public let slope: Double
    /// Fitted ln-prefactor.
    public let intercept: Double
    /// Coefficient of determination in log space.
    public let rSquared: Double

    /// - Throws: `ParameterError` for fewer than 2 points, mismatched lengths, non-positive values, or constant x.
    public init(x: [Double], y: [Double]) throws {
        guard x.count == y.count, x.count >= 2 else {
            throw ParameterError(
                parameter: "fit points", value: "\(x.count), \(y.count)", validRange: "equal counts ≥ 2")
        }
        let lx = try x.map { Double.log(try Validate.positive($0, "x")) }
        let ly = try y.map { Double.log(try Validate.positive($0, "y")) }
        guard let line = LineFit.leastSquares(lx, ly) else {
            throw ParameterError(parameter: "fit x", value: "constant", validRange: "at least two values")
        }
        slope = line.slope
        intercept = line.intercept
        rSquared = line.rSquared
    }
}
