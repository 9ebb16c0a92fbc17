import GSL
import ScalingCore

/// The grid-then-Brent search of `GSL.Minimize1D.global`, with branch and bound over the grid: when f over a run of
/// grid points can be bounded below by one evaluation (a monotone accuracy model evaluated at the most favourable
/// corner of the run), runs whose bound is above the best grid value found so far are never evaluated point by
/// point.
///
/// The result is the one `Minimize1D.global` returns (same grid, same best grid point — the first index attaining
/// the grid minimum —, same flat-neighbourhood and endpoint rules, the same Brent call on the same bracket): a
/// skipped point has f ≥ its run's bound > the grid minimum, so it can be neither the minimum nor tie with it — or
/// f ≥ its run's bound = the grid minimum with the run right of the first point attaining it, so a tie there does
/// not change which point comes first.
/// Differences: near-ties are not reported, and f is not evaluated (so not checked for NaN) at skipped points.
enum BoundedGridSearch {
    static func domainError(_ routine: String, _ reason: String) -> GSLError {
        GSLError(code: GSLError.domainCode, routine: routine, reason: reason)
    }

    /// Location, value, final bracket and Brent iterations of the minimum (the fields of `GSL.Minimum1D`).
    struct Minimum: Sendable, Equatable {
        let x: Double
        let value: Double
        let lower: Double
        let upper: Double
        let iterations: Int
        /// Point evaluations of f (grid and bounds, Brent excluded), for tests of the pruning.
        let gridEvaluations: Int
    }

    /// Minimises f over the grid lower + i (upper − lower)/(gridPoints − 1), i = 0..<gridPoints (the last point
    /// exactly `upper`), then polishes the best interior grid point with `Minimize1D.brent` on its neighbours.
    ///
    /// - Parameters:
    ///   - bound: `bound(a, b)` is a lower bound of f(x) for every grid point a ≤ x ≤ b (a < b), including any
    ///     rounding slack; nil disables pruning for that run.
    /// - Throws: `GSLError` for a bad interval or a NaN value at an evaluated point; whatever f, bound or Brent
    ///   throw.
    static func minimum(
        lower: Double, upper: Double, gridPoints: Int, relativeTolerance: Double = 1e-7, maxIterations: Int = 500,
        _ f: (Double) throws -> Double, bound: (Double, Double) throws -> Double?
    ) throws -> Minimum {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw domainError(
                "BoundedGridSearch.minimum", "interval [\(lower), \(upper)] must be finite with lower < upper")
        }
        guard gridPoints >= 3 else {
            throw domainError("BoundedGridSearch.minimum", "gridPoints must be ≥ 3, got \(gridPoints)")
        }
        // The grid of Minimize1D.global, digit for digit.
        let step = (upper - lower) / Double(gridPoints - 1)
        func x(_ i: Int) -> Double { i == gridPoints - 1 ? upper : lower + Double(i) * step }
        // f at the grid points; NaN = not evaluated (an evaluated NaN is an error).
        var ys = [Double](repeating: .nan, count: gridPoints)
        var bestValue = Double.infinity
        // The first grid index attaining bestValue.
        var bestIndex = gridPoints
        var evaluations = 0
        func evaluate(_ i: Int) throws {
            guard ys[i].isNaN else { return }
            let y = try f(x(i))
            guard !y.isNaN else { throw domainError("BoundedGridSearch.minimum", "f(\(x(i))) is NaN") }
            evaluations += 1
            ys[i] = y
            if y < bestValue || (y == bestValue && i < bestIndex) {
                bestValue = y
                bestIndex = i
            }
        }
        // A run cannot hold the result when its bound exceeds the best grid value, or equals it and the run lies
        // right of the first index attaining it (a tie further right does not move the first index).
        func excluded(_ run: (first: Int, last: Int, bound: Double)) -> Bool {
            run.bound > bestValue || (run.bound >= bestValue && run.first > bestIndex)
        }
        // Runs of grid points still to examine, with their bounds (-∞: unknown). Best-first: the run with the
        // lowest bound (the leftmost on ties) is split or evaluated next, so a good grid value is found early and
        // prunes the rest.
        var runs: [(first: Int, last: Int, bound: Double)] = [(0, gridPoints - 1, -.infinity)]
        while true {
            runs.removeAll(where: excluded)
            guard
                let k = runs.indices.min(by: {
                    (runs[$0].bound, runs[$0].first) < (runs[$1].bound, runs[$1].first)
                })
            else { break }
            let run = runs.remove(at: k)
            // Short runs, and runs whose bound ties the best value (a plateau: f = 0 where the accuracy vanishes,
            // or saturated at 1) where finer bounds would not prune either, are evaluated point by point.
            let tied = bestValue.isFinite && run.bound >= bestValue - 1e-8 * max(1, abs(bestValue))
            if run.last - run.first < 3 || tied {
                for i in run.first...run.last { try evaluate(i) }
                continue
            }
            let middle = (run.first + run.last) / 2
            for (a, b) in [(run.first, middle), (middle + 1, run.last)] {
                var value = -Double.infinity
                if b - a >= 2, let bounded = try bound(x(a), x(b)), !bounded.isNaN {
                    evaluations += 1
                    value = bounded
                }
                runs.append((a, b, value))
            }
        }
        // The first index attaining the grid minimum (Minimize1D.global keeps the first on ties).
        guard bestIndex < gridPoints else {
            throw domainError("BoundedGridSearch.minimum", "no grid point evaluated")
        }
        let best = bestIndex
        let bestY = ys[best]
        if best == 0 || best == gridPoints - 1 {
            return Minimum(
                x: x(best), value: bestY, lower: x(best), upper: x(best), iterations: 0, gridEvaluations: evaluations)
        }
        try evaluate(best - 1)
        try evaluate(best + 1)
        let left = ys[best - 1]
        let right = ys[best + 1]
        if !(bestY < left && bestY < right) {
            // Flat neighbourhood: the grid point is as good as Brent can certify.
            return Minimum(
                x: x(best), value: bestY, lower: x(best - 1), upper: x(best + 1), iterations: 0,
                gridEvaluations: evaluations)
        }
        let m = try Minimize1D.brent(
            lower: x(best - 1), guess: x(best), upper: x(best + 1), relativeTolerance: relativeTolerance,
            maxIterations: maxIterations, f)
        return Minimum(
            x: m.x, value: m.value, lower: m.lower, upper: m.upper, iterations: m.iterations,
            gridEvaluations: evaluations)
    }
}
