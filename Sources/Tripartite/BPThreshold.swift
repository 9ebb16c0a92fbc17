import GSL
import RealModule
import ScalingCore

/// The belief-propagation (peeling) threshold ε^BP of an ensemble and its tangency point.
///
/// Density evolution x_{ℓ+1} = ε λ(1 − ρ(1 − x_ℓ)) has a fixed point x ∈ [x_min, 1] exactly when
/// ε ≥ x/λ(1 − ρ(1 − x)) for some such x, so the threshold is
///
///     ε^BP = min_{x ∈ [x_min, 1]} g(x),   g(x) = x / λ(1 − ρ(1 − x)),
///
/// attained at the tangency point x^BP where f_ε(x) = x − ελ(1 − ρ(1 − x)) has a double root. The lower cut-off
/// x_min (notebook: 0.1) excludes the error-floor fixed point near 0 of ensembles with degree-1 concepts, so this
/// is the "waterfall" threshold. Derivation: `derivations/tripartite-bp-threshold.md`.
public struct BPThreshold: Sendable, Equatable {
    /// ε^BP, clipped to 1 (ε^BP = 1: peeling succeeds for every erasure probability).
    public let epsilon: Double
    /// x^BP: the minimiser of g on [x_min, 1] (x_min itself when there is no interior tangency).
    public let x: Double
    /// y^BP = 1 − ρ(1 − x^BP).
    public let y: Double
    /// True when g has an interior minimum (a genuine double root of f_ε); false when the minimum is at x_min or 1.
    public let isTangency: Bool
    /// The lower cut-off x_min used.
    public let xMin: Double
    /// ρ(1 − x^BP) = 1 − y^BP and λ(y^BP) as computed for ε^BP (reused by α).
    let rhoComplement: Double
    let lambdaY: Double

    init(epsilon: Double, x: Double, rhoComplement: Double, lambdaY: Double, isTangency: Bool, xMin: Double) {
        self.epsilon = epsilon
        self.x = x
        self.y = 1 - rhoComplement
        self.rhoComplement = rhoComplement
        self.lambdaY = lambdaY
        self.isTangency = isTangency
        self.xMin = xMin
    }

    /// ε^BP = min(1, g(x)) = min(1, x/λ(y)) at x, with y = 1 − ρ(1 − x) and λ(y) = exp(ln λ(y)) (λ = 0 gives 1).
    static func at<E: DegreeEnsembleShortcuts>(_ ensemble: E, x: Double, isTangency: Bool, xMin: Double) -> BPThreshold
    {
        let rhoComplement = ensemble.rho(1 - x)
        let lambdaY = Double.exp(ensemble.logLambda(complement: rhoComplement))
        return BPThreshold(
            epsilon: min(1, x / lambdaY), x: x, rhoComplement: rhoComplement, lambdaY: lambdaY,
            isTangency: isTangency, xMin: xMin)
    }

    /// Solves for ε^BP = min over [x_min, 1] of g.
    ///
    /// When the ensemble certifies that the tangency residual h is non-decreasing on [x_min, 1]
    /// (`DegreeEnsembleShortcuts.tangencyMonotoneFrom` ≤ x_min: λ log-concave and x ρ'(1 − x) non-increasing there), ln g has
    /// a single minimum and no grid is needed: h(x_min) ≥ 0 puts it at x_min, h(1) ≤ 0 at 1, and otherwise it is
    /// the one root of h, found by Halley's method with closed-form derivatives (`DegreeEnsembleShortcuts.tangencyResidual`)
    /// inside a sign bracket (`solveMonotone`). This is the case for the binomial ensemble with (n − 1)p ≥ 1/x_min
    /// (every tripartite graph with R ≥ 5.5 at x_min = 0.1) and the Poisson ensemble with d̄_t ≥ 1/x_min. It agrees
    /// with the grid search (`solveGrid`, `solveReference`) to rounding: x^BP to 1e-12 relative (the grid search's
    /// Brent tolerance), ε^BP (a minimum, flat in x) to 1e-14; against 45-digit roots to 3e-16 and 7e-16 (tested).
    /// `gridPoints` is then not used.
    ///
    /// Otherwise `solveGrid`: the best of `gridPoints` points of [x_min, 1] for ln g, then the tangency root between
    /// its neighbours.
    ///
    /// - Throws: `ParameterError` for x_min ∉ (0, 1) or fewer than 3 grid points; `GSLError` when the root finder
    ///   fails.
    public static func solve<E: DegreeEnsembleShortcuts>(
        _ ensemble: E, xMin: Double = 0.1, gridPoints: Int = 64
    ) throws -> BPThreshold {
        let grid = try validatedGrid(xMin: xMin, gridPoints: gridPoints)
        if let from = ensemble.tangencyMonotoneFrom, from <= xMin, let result = try solveMonotone(ensemble, xMin: xMin)
        {
            return result
        }
        return try prunedSearch(ensemble, grid: grid)
    }

    /// ε^BP when h is non-decreasing on [x_min, 1] (see `solve`). Halley's method on h with the closed-form
    /// derivatives (`DegreeEnsembleShortcuts.tangencyResidual`), from the ensemble's starting point
    /// (`DegreeEnsembleShortcuts.tangencyStart`, else the middle of [x_min, 1]), inside a sign bracket: a Halley step that
    /// leaves the bracket falls back to Newton's, and a Newton step that leaves it (or a non-positive slope) to
    /// bisection. The ends are evaluated only when a step leaves [x_min, 1] on an unchecked side: h(x_min) ≥ 0 puts
    /// the minimum at x_min, h(1) ≤ 0 at 1 (no tangency; the same end rules as `polish`). The iteration stops after
    /// a Halley step below 1e-6·x (with the Newton step below 2e-6·x) or a Newton step below 1e-9·x (cubic and
    /// quadratic convergence: the error left is at the rounding level, ≤ 3e-16 relative against 45-digit roots,
    /// `fixtures/tripartite/tangency-oracle.csv`) or when the bracket is 4 ulps wide; by monotonicity that root is the
    /// minimum. Returns nil when the ensemble gives no
    /// closed-form residual at some x (the caller then uses the grid).
    ///
    /// - Throws: `SolverError` (not converged) after 200 iterations.
    static func solveMonotone<E: DegreeEnsembleShortcuts>(_ ensemble: E, xMin: Double) throws -> BPThreshold? {
        var (lower, upper) = (xMin, 1.0)
        var (lowerChecked, upperChecked) = (false, false)
        var x = 0.5 * (lower + upper)
        if let start = ensemble.tangencyStart, start > lower, start < upper { x = start }
        var root: Double?
        var end: Double?
        for _ in 0..<200 {
            guard let r = ensemble.tangencyResidual(x), r.value.isFinite, r.slope.isFinite, r.curvature.isFinite
            else { return nil }
            if r.value == 0 {
                root = x
                break
            }
            if r.value < 0 {
                (lower, lowerChecked) = (x, true)
            } else {
                (upper, upperChecked) = (x, true)
            }
            if r.slope > 0 {
                // Halley: x − 2hh'/(2h'² − hh''), one division on the dependency chain.
                let halley = x - 2 * r.value * r.slope / (2 * r.slope * r.slope - r.value * r.curvature)
                let newtonStep = r.value / r.slope
                if halley > lower, halley < upper {
                    // Converged only where Halley's and Newton's steps are both small (near the root).
                    if abs(halley - x) <= 1e-6 * x, abs(newtonStep) <= 2e-6 * x {
                        root = halley
                        break
                    }
                    x = halley
                    continue
                }
                let newton = x - newtonStep
                if abs(newtonStep) <= 1e-9 * x {
                    root = min(max(newton, lower), upper)
                    break
                }
                if newton > lower, newton < upper {
                    x = newton
                    continue
                }
            }
            // The step leaves the bracket: an unchecked end may be the minimum.
            if !lowerChecked {
                if h(ensemble, xMin) >= 0 {
                    end = xMin  // g increasing on [x_min, 1]
                    break
                }
                lowerChecked = true
            }
            if !upperChecked {
                if h(ensemble, 1) <= 0 {
                    end = 1  // g decreasing up to 1: ε^BP ≥ g(1) ≥ 1
                    break
                }
                upperChecked = true
            }
            x = 0.5 * (lower + upper)
            if upper - lower <= 4 * upper.ulp {
                root = x
                break
            }
        }
        guard let xStar = root ?? end else {
            throw SolverError(
                .notConverged, routine: "BPThreshold.solveMonotone",
                reason: "Halley–Newton–bisection on the tangency residual did not converge", iterations: 200,
                tolerance: 1e-6)
        }
        return at(ensemble, x: xStar, isTangency: root != nil, xMin: xMin)
    }

    /// The grid search: the best of `gridPoints` points of [x_min, 1] for ln g, then the tangency condition
    /// d ln g/dx = 0, i.e. h(x) = 1 − x·(λ'/λ)(y(x))·ρ'(1 − x) = 0, by `Roots.brent` between the neighbours of the
    /// best grid point.
    ///
    /// The best grid point is the one a full scan finds (`solveReference`), but most grid points are never
    /// evaluated: with ln g(x) = ln x − ℓ(x), ℓ(x) = ln λ(y(x)), and both ln x and ℓ non-decreasing in x (λ, ρ are
    /// generating functions of degree distributions), every grid point strictly between evaluated points x_i < x_j
    /// has ln g ≥ ln x_i − ℓ(x_j); when the ensemble reports ℓ concave (`DegreeEnsembleShortcuts.concaveScanSlope`), the
    /// tangents of ℓ at x_i and x_j tighten that bound. A coarse scan is refined only where the bound does not
    /// exceed the best value found, so the result is identical to the full scan's, bit for bit (tested). Along the
    /// notebook's sweep about 10 of the 64 points are evaluated.
    ///
    /// - Throws: as `solve`.
    package static func solveGrid<E: DegreeEnsembleShortcuts>(
        _ ensemble: E, xMin: Double = 0.1, gridPoints: Int = 64
    ) throws -> BPThreshold {
        try prunedSearch(ensemble, grid: validatedGrid(xMin: xMin, gridPoints: gridPoints))
    }

    /// The reference solver: ln g on every one of the `gridPoints` points, then the same polish as `solve`.
    ///
    /// - Throws: as `solve`.
    package static func solveReference<E: DegreeEnsembleShortcuts>(
        _ ensemble: E, xMin: Double = 0.1, gridPoints: Int = 64
    ) throws -> BPThreshold {
        try fullSearch(ensemble, grid: validatedGrid(xMin: xMin, gridPoints: gridPoints))
    }

    /// The grid of the public solvers, after checking x_min ∈ (0, 1) and at least 3 points.
    static func validatedGrid(xMin: Double, gridPoints: Int) throws -> ThresholdGrid {
        try Validate.probability(xMin, "x_min", .open)
        try Validate.count(gridPoints, "grid points", minimum: 3)
        return ThresholdGrid(xMin: xMin, count: gridPoints)
    }

    /// `solveGrid` on a checked grid (the full scan where the pruned one declines).
    static func prunedSearch<E: DegreeEnsembleShortcuts>(_ ensemble: E, grid: ThresholdGrid) throws -> BPThreshold {
        // 4·64 doubles and 2·64 indices fit the stack at the default resolution; gap indices are Int32.
        guard grid.count <= 1 << 24 else { return try fullSearch(ensemble, grid: grid) }
        let scan = withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * grid.count) { values in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * grid.count) { gaps in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * grid.count) { bounds in
                    prunedScan(ensemble, grid: grid, values: values, gaps: gaps, bounds: bounds)
                }
            }
        }
        guard let scan else { return try fullSearch(ensemble, grid: grid) }
        return try polish(ensemble, grid: grid, scan: scan)
    }

    /// `solveReference` on a checked grid.
    static func fullSearch<E: DegreeEnsembleShortcuts>(_ ensemble: E, grid: ThresholdGrid) throws -> BPThreshold {
        let values = (0..<grid.count).map { logG(ensemble, grid.x($0)) }
        var best = 0
        for i in 1..<grid.count where values[i] < values[best] { best = i }
        let scan = GridScan(
            best: best, value: values[best], left: best > 0 ? values[best - 1] : .nan,
            right: best < grid.count - 1 ? values[best + 1] : .nan)
        return try polish(ensemble, grid: grid, scan: scan)
    }

    /// The grid x_i = x_min + i(1 − x_min)/(count − 1), with x_{count−1} = 1 exactly.
    struct ThresholdGrid {
        let xMin: Double
        let count: Int
        func x(_ i: Int) -> Double { i == count - 1 ? 1.0 : xMin + Double(i) * (1 - xMin) / Double(count - 1) }
    }

    /// The best grid point of ln g (first index on ties) and ln g at it and its neighbours (NaN beyond the grid).
    struct GridScan {
        let best: Int
        let value: Double
        let left: Double
        let right: Double
    }

    /// ln g(x) = ln x − ln λ(1 − ρ(1 − x)).
    @inline(__always)
    static func logG<E: DegreeEnsembleShortcuts>(_ ensemble: E, _ x: Double) -> Double {
        Double.log(x) - ensemble.logLambda(complement: ensemble.rho(1 - x))
    }

    /// h(x) = 1 − x (λ'/λ)(y) ρ'(1 − x): d ln g/dx times x.
    @inline(__always)
    static func h<E: DegreeEnsembleShortcuts>(_ ensemble: E, _ x: Double) -> Double {
        let (rho, rhoPrime) = ensemble.rhoAndPrime(1 - x)
        let y = 1 - rho
        return 1 - x * ensemble.lambdaLogDerivative(y) * rhoPrime
    }

    /// Branch-and-bound version of the full scan (see `solve`). `values` holds 2·count doubles: ln g(x_i) and
    /// ℓ(x_i) = ln λ(y(x_i)) of the evaluated points (NaN = not evaluated); `gaps` (2·count) and `bounds`
    /// (2·count) hold the pending gaps between evaluated points, their lower bounds and the slopes ℓ'(x_i). The
    /// first points evaluated are both ends and two points between; then the pending gap with the smallest lower
    /// bound is split until no gap's bound reaches the best value. Returns nil when a value is NaN (the full scan's
    /// tie-breaking with NaN depends on the evaluation order, so the caller falls back to it).
    static func prunedScan<E: DegreeEnsembleShortcuts>(
        _ ensemble: E, grid: ThresholdGrid, values: UnsafeMutableBufferPointer<Double>,
        gaps: UnsafeMutableBufferPointer<Int32>, bounds: UnsafeMutableBufferPointer<Double>
    ) -> GridScan? {
        let count = grid.count
        let last = count - 1
        for i in 0..<count { values[i] = .nan }
        // bounds[count + i]: ℓ'(x_i) when ℓ is concave (NaN otherwise: no tangent bound).
        var bestValue = Double.infinity
        var best = -1
        var sawNaN = false
        func evaluated(_ i: Int) -> Bool { !values[i].isNaN }
        func evaluate(_ i: Int) {
            guard !evaluated(i) else { return }
            let x = grid.x(i)
            let rho = ensemble.rho(1 - x)
            let logLambda = ensemble.logLambda(complement: rho)
            bounds[count + i] = ensemble.concaveScanSlope(x, rhoOfComplement: rho) ?? .nan
            let value = Double.log(x) - logLambda  // the full scan's ln g, operation for operation
            values[i] = value
            values[count + i] = logLambda
            if value.isNaN || logLambda.isNaN { sawNaN = true }
            // The first index among equal values, as the full scan's strict "<" in index order.
            if value < bestValue || (value == bestValue && i < best) || best < 0 {
                bestValue = value
                best = i
            }
        }
        // Lower bound of ln g = ln x − ℓ(x) at the grid points strictly between evaluated points a < b. ℓ is
        // non-decreasing, so ℓ(x) ≤ ℓ(x_b); when ℓ is concave also ℓ(x) ≤ the tangents at x_a and x_b; ln x is
        // at least its chord. The margin covers the rounding of ln x_a = ln g(x_a) + ℓ(x_a), of the slopes, and a
        // computed ℓ that is non-monotone or non-concave by a few ulps.
        // Positions for the bounds only: x_min + i·step differs from the grid's x_i by an ulp, far inside the margin.
        let step = (1 - grid.xMin) / Double(last)
        func bound(_ a: Int, _ b: Int) -> Double {
            let (tailA, tailB) = (values[count + a], values[count + b])
            let (logXA, logXB) = (values[a] + tailA, values[b] + tailB)
            let margin = 1e-8 * (1 + abs(values[a]) + abs(tailA) + abs(values[b]) + abs(tailB))
            let (slopeA, slopeB) = (bounds[count + a], bounds[count + b])
            let width = Double(b - a) * step
            guard slopeA >= 0, slopeB >= 0, slopeA.isFinite, slopeB.isFinite, logXA.isFinite, logXB.isFinite else {
                return logXA - tailB - margin
            }
            // ln x − ℓ(x) ≥ max(L₁, L₂) in t = x − x_a, with L₁ = chord − tangent at x_a and L₂ = chord − tangent at
            // x_b (the latter also ≥ chord − ℓ(x_b), as ℓ'(x_b) ≥ 0). The minimum of max(L₁, L₂) over
            // [x_{a+1}, x_{b−1}] lies at an end or where the lines cross, and is at most the minimum over the grid.
            let chord = (logXB - logXA) / width
            let (offset1, slope1) = (logXA - tailA, chord - slopeA)
            let (offset2, slope2) = (logXA - tailB + slopeB * width, chord - slopeB)
            func f(_ t: Double) -> Double { max(offset1 + slope1 * t, offset2 + slope2 * t) }
            let (t0, t1) = (step, width - step)
            var lowest = min(f(t0), f(t1))
            let crossing = (offset2 - offset1) / (slope1 - slope2)  // NaN or ±∞ for parallel lines: skipped
            if crossing > t0, crossing < t1 { lowest = min(lowest, f(crossing)) }
            return lowest - margin - 1e-8 * (slopeA + slopeB) * width
        }
        // Coarse pass: both ends and two points between (more would cost more than the tangent bounds save).
        for i in Swift.stride(from: 0, to: last, by: max(1, last / 3)) { evaluate(i) }
        evaluate(last)
        if sawNaN { return nil }
        // Pending gaps with their bounds; a gap whose bound exceeds the best value is dropped for good (the best
        // value only decreases).
        var pending = 0
        func push(_ a: Int, _ b: Int) {
            guard b - a >= 2 else { return }
            let gapBound = bound(a, b)
            guard !(gapBound > bestValue) else { return }
            gaps[2 * pending] = Int32(a)
            gaps[2 * pending + 1] = Int32(b)
            bounds[pending] = gapBound
            pending += 1
        }
        var previous = 0
        for b in 1...last where evaluated(b) {
            push(previous, b)
            previous = b
        }
        while pending > 0 {
            var pick = 0
            var pickBound = Double.infinity
            for k in 0..<pending where k == 0 || !(bounds[k] >= pickBound) {
                pick = k
                pickBound = bounds[k]
            }
            // Every pending gap's bound exceeds the best value: none of their points can be the best.
            if pickBound > bestValue { break }
            let lower = Int(gaps[2 * pick])
            let upper = Int(gaps[2 * pick + 1])
            pending -= 1
            gaps[2 * pick] = gaps[2 * pending]
            gaps[2 * pick + 1] = gaps[2 * pending + 1]
            bounds[pick] = bounds[pending]
            let middle = (lower + upper) / 2
            evaluate(middle)
            if sawNaN { return nil }
            push(lower, middle)
            push(middle, upper)
        }
        let (chosen, value) = (best, bestValue)
        // The neighbours' values decide between Brent's root and a flat neighbourhood in `polish`. They were
        // excluded by a bound, so they cannot displace the best point; if rounding ever defeated the margin, the
        // caller falls back to the full scan.
        if chosen > 0 { evaluate(chosen - 1) }
        if chosen < last { evaluate(chosen + 1) }
        if sawNaN || best != chosen { return nil }
        return GridScan(
            best: chosen, value: value, left: chosen > 0 ? values[chosen - 1] : .nan,
            right: chosen < last ? values[chosen + 1] : .nan)
    }

    /// From the best grid point to x^BP: Brent's root of h between its neighbours when h changes sign there,
    /// otherwise the end point or (flat neighbourhood) Brent's minimum of ln g.
    static func polish<E: DegreeEnsembleShortcuts>(_ ensemble: E, grid: ThresholdGrid, scan: GridScan) throws
        -> BPThreshold
    {
        let xMin = grid.xMin
        let best = scan.best
        let last = grid.count - 1
        let lo = grid.x(max(best - 1, 0))
        let hi = grid.x(min(best + 1, last))
        let hLo = h(ensemble, lo)
        let hHi = h(ensemble, hi)
        var xStar = grid.x(best)
        var tangency = true
        if hLo < 0, hHi > 0 {
            // Brent evaluates both ends again (once itself, once in GSL): reuse the values.
            xStar = try Roots.brent(lower: lo, upper: hi, absoluteTolerance: 1e-15, relativeTolerance: 1e-13) { x in
                x == lo ? hLo : (x == hi ? hHi : h(ensemble, x))
            }.root
        } else if best == 0, h(ensemble, xMin) >= 0 {
            tangency = false  // g increasing at x_min: minimum at the cut-off
        } else if best == last, h(ensemble, 1) <= 0 {
            tangency = false  // g decreasing up to 1: ε^BP ≥ g(1) ≥ 1
        } else if best > 0, best < last, scan.value < scan.left, scan.value < scan.right {
            xStar = try Minimize1D.brent(lower: lo, guess: grid.x(best), upper: hi, relativeTolerance: 1e-12) {
                logG(ensemble, $0)
            }.x
        }
        return at(ensemble, x: xStar, isTangency: tangency, xMin: xMin)
    }
}

/// Density evolution of peeling on the binary erasure channel.
public enum DensityEvolution {
    /// One step x ↦ ε λ(1 − ρ(1 − x)) (probability that a concept→text message is still "unknown").
    public static func step<E: DegreeEnsemble>(_ ensemble: E, erasure ε: Double, _ x: Double) -> Double {
        ε * ensemble.lambda(1 - ensemble.rho(1 - x))
    }

    /// Result of iterating density evolution from x₀ = ε to its fixed point.
    public struct FixedPoint: Sendable, Equatable {
        /// x_∞: fixed point of the message erasure probability.
        public let x: Double
        /// Fraction of the unknown concepts still unknown at the fixed point, L(1 − ρ(1 − x_∞)).
        public let unlearnedFraction: Double
        /// Iterations used.
        public let iterations: Int
    }

    /// Iterates x_{ℓ+1} = ε λ(1 − ρ(1 − x_ℓ)) from x₀ = ε until |x_{ℓ+1} − x_ℓ| ≤ tolerance.
    ///
    /// - Throws: `ParameterError` for ε ∉ (0, 1], a tolerance not finite and ≥ 0 or fewer than 1 iteration;
    ///   `SolverError` (not converged) after `maxIterations`.
    public static func fixedPoint<E: DegreeEnsemble>(
        _ ensemble: E, erasure ε: Double, tolerance: Double = 1e-14, maxIterations: Int = 1_000_000
    ) throws -> FixedPoint {
        try Validate.probability(ε, "ε (erasure)", .lowerOpen)
        try Validate.nonNegative(tolerance, "tolerance")
        try Validate.count(maxIterations, "maxIterations")
        var x = ε
        for iteration in 1...maxIterations {
            let next = step(ensemble, erasure: ε, x)
            if abs(next - x) <= tolerance {
                return FixedPoint(
                    x: next, unlearnedFraction: ensemble.nodeL(1 - ensemble.rho(1 - next)), iterations: iteration)
            }
            x = next
        }
        throw SolverError(
            .notConverged, routine: "DensityEvolution.fixedPoint",
            reason: "no fixed point within tolerance", iterations: maxIterations, tolerance: tolerance)
    }
}
