import GSL
import RealModule
import ScalingCore

/// The minimum of a smooth loss along a budget line, in the line's log variable x ∈ [0, upper] (ln N or ln D from
/// one parameter or token up): the numerical core of every optimum of a law without closed form
/// (`LawTrainingOptimum`, `InferenceAware.fixedBudget(law:…)` and `fixedLoss(law:…)` with `some LossLaw`).
struct BudgetLineMinimum {
    /// The minimiser x*.
    let x: Double
    /// f(x*), the least loss on the line (nats/token).
    let value: Double
    /// Iterations of the final solver (the root finder, or Brent when the root search was skipped).
    let iterations: Int
    /// False when the minimum lies on an end of the box (x* = 0 or x* = upper): no interior optimum.
    let isInterior: Bool

    /// A 64-point scan and Brent (GSL) locate the minimum to ~1e-7 in x (a value-only search on a flat minimum
    /// stops at √ε); then Brent's root finder (GSL) solves the first-order condition f′(x) = 0, the derivative by
    /// a fourth-order central difference (step 1e-3: truncation ~1e-12, rounding ~1e-13 relative), which puts x*
    /// within ~1e-13 of the exact minimiser for smooth f. Without a sign change of f′ in the ±0.05 window around
    /// the scan's minimum (a kink, or a flat f) the Brent minimum stands.
    ///
    /// - Throws: `GSLError` if a solver fails, or what `f` throws.
    init(upper: Double, _ f: (Double) throws -> Double) throws {
        let coarse = try Minimize1D.global(lower: 0, upper: upper, gridPoints: 64, f).minimum
        let x0 = coarse.x
        guard x0 > 0, x0 < upper else {
            (x, value, iterations, isInterior) = (x0, coarse.value, coarse.iterations, false)
            return
        }
        // Fourth-order central difference of f at x: (f(x−2h) − 8 f(x−h) + 8 f(x+h) − f(x+2h)) / (12 h).
        let h = 1e-3
        func slope(_ x: Double) throws -> Double {
            (try f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h)
        }
        let width = min(0.05, x0 / 2, (upper - x0) / 2)
        let (lo, hi) = (x0 - width, x0 + width)
        guard try slope(lo) < 0, try slope(hi) > 0 else {
            (x, value, iterations, isInterior) = (x0, coarse.value, coarse.iterations, true)
            return
        }
        let root = try Roots.brent(lower: lo, upper: hi, absoluteTolerance: 1e-13, relativeTolerance: 0, slope)
        (x, value, iterations, isInterior) = (root.root, try f(root.root), root.iterations, true)
    }
}
