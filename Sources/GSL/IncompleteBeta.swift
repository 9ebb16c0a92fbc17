internal import CGSL
import RealModule

/// The regularised incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b), the backbone of every DS3
/// success probability (chain-of-thought success is I_r(m, K − m + 1)).
///
/// **Method.** For integer a ≤ 100 000 (every CoT, ToT and best-of-N call) the function is evaluated as a
/// negative-binomial sum valid for any real b > 0:
///
///     1 − I_x(a, b) = Σ_{j<a} t_j,   t_0 = (1 − x)^b,   t_{j+1} = t_j · x (b + j) / (j + 1),
///
/// with (1 − x)^b formed as exp(b·log1p(−x)) and the running product rescaled so it neither underflows nor
/// overflows. Where I itself is small (< 0.1) it is summed directly as the other tail Σ_{j≥a} t_j, so both I
/// and 1 − I keep full relative precision. This avoids the silent loss of `gsl_sf_beta_inc` for small a and
/// b ≳ 1e9 (up to 4e-5 relative; `swift-gsl-notes.md` §6a). For non-integer a, `gsl_sf_beta_inc_e` is used.
///
/// **Domain** (documented limits instead of NaN):
/// - x = 0 → 0 and x = 1 → 1 (for a, b > 0);
/// - a = 0, b > 0 → 1 (all mass at 0); b = 0, a > 0 → 0 for x < 1 and 1 at x = 1 (all mass at 1);
/// - a < 0, b < 0, a = b = 0, x ∉ [0, 1], or any NaN/∞ argument → thrown `GSLError` (GSL itself returns a
///   wrong finite number with status success for b < 0).
///
/// Accuracy is tested against 50-digit oracle values in `fixtures/incomplete-beta-oracle.csv`.
public enum IncompleteBeta {
    /// Largest integer a for which the O(a) sum is used.
    public static let integerSumLimit: Double = 100_000

    /// I_x(a, b).
    public static func regularized(a: Double, b: Double, x: Double) throws -> Double {
        if let edge = try edgeValue(a: a, b: b, x: x, routine: "IncompleteBeta.regularized") { return edge }
        if a == a.rounded(), a <= integerSumLimit {
            return try negativeBinomialSums(a: a, b: b, x: x).upper
        }
        return try gsl(a: a, b: b, x: x)
    }

    /// 1 − I_x(a, b), accurate also where I is close to 1.
    public static func complement(a: Double, b: Double, x: Double) throws -> Double {
        if let edge = try edgeValue(a: a, b: b, x: x, routine: "IncompleteBeta.complement") { return 1 - edge }
        if a == a.rounded(), a <= integerSumLimit {
            return try negativeBinomialSums(a: a, b: b, x: x).lower
        }
        // Symmetry: 1 − I_x(a, b) = I_{1−x}(b, a).
        return try gsl(a: b, b: a, x: 1 - x)
    }

    /// The x ∈ [0, 1] with I_x(a, b) = p (inverse in x), by Brent's method to ~1e-15 relative in x.
    public static func inverse(a: Double, b: Double, p: Double) throws -> Double {
        guard a.isFinite, b.isFinite, a > 0, b > 0 else {
            throw GSLError.domain("IncompleteBeta.inverse", "a and b must be finite and > 0, got a = \(a), b = \(b)")
        }
        guard p >= 0, p <= 1 else {
            throw GSLError.domain("IncompleteBeta.inverse", "p must be in [0, 1], got \(p)")
        }
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        // Work with the smaller tail so the target keeps its relative precision.
        let useComplement = p > 0.5
        let target = useComplement ? 1 - p : p
        let result = try Roots.brent(
            lower: 0, upper: 1, absoluteTolerance: 1e-300, relativeTolerance: 2e-16, maxIterations: 1000
        ) { x in
            useComplement
                ? target - (try complement(a: a, b: b, x: x)) : (try regularized(a: a, b: b, x: x)) - target
        }
        return result.root
    }

    /// Values fixed by the domain rules, or nil when the general method applies.
    static func edgeValue(a: Double, b: Double, x: Double, routine: String) throws -> Double? {
        guard a.isFinite, b.isFinite, x.isFinite else {
            throw GSLError.domain(routine, "arguments must be finite, got a = \(a), b = \(b), x = \(x)")
        }
        guard a >= 0, b >= 0, a + b > 0 else {
            throw GSLError.domain(routine, "need a ≥ 0, b ≥ 0, not both 0; got a = \(a), b = \(b)")
        }
        guard x >= 0, x <= 1 else { throw GSLError.domain(routine, "x must be in [0, 1], got \(x)") }
        if a == 0 { return 1 }
        if b == 0 { return x == 1 ? 1 : 0 }
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        return nil
    }

    /// (lower, upper) = (Σ_{j<a} t_j, Σ_{j≥a} t_j) = (1 − I, I) for integer a ≥ 1, real b > 0, 0 < x < 1.
    static func negativeBinomialSums(a: Double, b: Double, x: Double) throws -> (lower: Double, upper: Double) {
        let terms = Int(a)
        let logT0 = b * Double.log(onePlus: -x)
        // Running product t_j = exp(logScale) · term, rescaled to stay in range.
        var logScale = logT0
        var term = 1.0
        var sum = 0.0
        let big = 0x1p600
        let logBig = Double.log(big)
        for j in 0..<terms {
            sum += term
            term *= x * (b + Double(j)) / Double(j + 1)
            if term > big {
                term /= big
                sum /= big
                logScale += logBig
            }
        }
        let lower = min(1, sum * Double.exp(logScale))
        if lower < 0.9 { return (lower, 1 - lower) }
        // I < 0.1: sum the upper tail directly. `term` now holds t_a / exp(logScale).
        var tail = 0.0
        var j = terms
        let maxTerms = 4_000_000
        var count = 0
        while count < maxTerms {
            tail += term
            let ratio = x * (b + Double(j)) / Double(j + 1)
            term *= ratio
            j += 1
            count += 1
            let rho = max(ratio, x)
            if rho < 1, term * rho / (1 - rho) <= 1e-17 * tail { break }
            if tail == 0, term == 0 { break }
        }
        if count >= maxTerms {
            // Tail too long to sum (x very close to 1): fall back to GSL for the small tail.
            let upper = try gsl(a: a, b: b, x: x)
            return (1 - upper, upper)
        }
        let upper = tail * Double.exp(logScale)
        return (1 - upper, upper)
    }

    static func gsl(a: Double, b: Double, x: Double) throws -> Double {
        GSLRuntime.configure()
        var result = gsl_sf_result()
        try check(gsl_sf_beta_inc_e(a, b, x, &result), "gsl_sf_beta_inc_e(\(a), \(b), \(x))")
        guard result.val.isFinite, result.val >= 0, result.val <= 1 else {
            throw GSLError.domain("gsl_sf_beta_inc_e", "returned \(result.val) for a = \(a), b = \(b), x = \(x)")
        }
        return result.val
    }
}
