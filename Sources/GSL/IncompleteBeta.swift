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
/// overflows. Where I itself is small (< 0.1) it is summed directly as the other tail Σ_{j≥a} t_j (restarted from
/// a log-gamma term when the product has decayed), so both I and 1 − I keep relative precision down to the
/// smallest double. For a > 2000 the terms are summed outward from their mode and normalised, which keeps the
/// rounding error independent of a. For a > 64, a tail lying beyond 2 SD of the terms' mean is summed directly,
/// outward from its first term (Loader's log-term start), in ~7 SD of terms instead of a (`directTail`); and
/// `regularized` returns exactly 1 where a Chernoff bound proves 1 − I < 1e-18, i.e. where 1 is the correctly
/// rounded value (`complementIsBelowHalfUlp`). This avoids the silent loss of `gsl_sf_beta_inc` for small a and
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
    /// Largest integer a for which the negative-binomial sums are used (above it, GSL's continued fraction).
    public static let integerSumLimit: Double = 1e12

    /// I_x(a, b).
    public static func regularized(a: Double, b: Double, x: Double) throws -> Double {
        if let edge = try edgeValue(a: a, b: b, x: x, routine: "IncompleteBeta.regularized") { return edge }
        if a == a.rounded(), a <= integerSumLimit {
            if complementIsBelowHalfUlp(a: a, b: b, x: x) { return 1 }
            return try negativeBinomialSums(a: a, b: b, x: x).upper
        }
        return try gsl(a: a, b: b, x: x)
    }

    /// True when 1 − I_x(a, b) < 1e-18 is certain for integer a ≥ 1, b ≥ 1, 0 < x < 1, so that the correctly
    /// rounded I is exactly 1 (the double below 1 is 1 − 2⁻⁵³ and 1e-18 < 2⁻⁵⁴ ≈ 5.6e-17). Bound: 1 − I_x(a, b)
    /// decreases in b, so it is ≤ 1 − I_x(a, ⌊b⌋) = P(Bin(n, x) ≤ a − 1), n = a + ⌊b⌋ − 1, which is
    /// ≤ exp(−n KL((a − 1)/n ‖ x)) when (a − 1)/n < x (Chernoff). Costs two logarithms instead of a sum of up to
    /// ~a terms; the sums return 1 there as well (their error, ~1e-13 relative to 1 − I, cannot reach 2⁻⁵⁴). As
    /// 1 − I_x(a, b) decreases in b, `regularized` returns exactly 1 also at every larger b (callers scanning budgets
    /// may rely on that).
    package static func complementIsBelowHalfUlp(a: Double, b: Double, x: Double) -> Bool {
        guard b >= 1, a >= 1, x > 0, x < 1 else { return false }
        let n = a + b.rounded(.down) - 1
        let f = (a - 1) / n
        guard f < x else { return false }
        let kl = (f > 0 ? f * Double.log(f / x) : 0) + (1 - f) * Double.log((1 - f) / (1 - x))
        // ln(1e-18) ≈ −41.4; the computed exponent's relative error (≲ 1e-13) is far inside the margin.
        return -n * kl < -41.5
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

    /// (I_x(a, b), 1 − I_x(a, b)) from one evaluation — the same two numbers `regularized` and `complement` return,
    /// for callers that need both (e.g. CoT success and its expected steps), without summing the series twice.
    public static func tails(a: Double, b: Double, x: Double) throws -> (regularized: Double, complement: Double) {
        if let edge = try edgeValue(a: a, b: b, x: x, routine: "IncompleteBeta.tails") { return (edge, 1 - edge) }
        if a == a.rounded(), a <= integerSumLimit {
            let sums = try negativeBinomialSums(a: a, b: b, x: x)
            return (sums.upper, sums.lower)
        }
        return (try gsl(a: a, b: b, x: x), try gsl(a: b, b: a, x: 1 - x))
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

    /// Largest a summed from j = 0 by a running product (relative error ≲ a·ε ≈ 4e-13); above it the terms are
    /// summed outward from their mode and normalised (see `windowedSums`).
    static let runningProductLimit: Double = 2_000

    /// (lower, upper) = (Σ_{j<a} t_j, Σ_{j≥a} t_j) = (1 − I, I) for integer a ≥ 1, real b > 0, 0 < x < 1.
    static func negativeBinomialSums(a: Double, b: Double, x: Double) throws -> (lower: Double, upper: Double) {
        if a > directTailMinimum, let direct = try directTail(a: a, b: b, x: x) { return direct }
        if a > runningProductLimit {
            if let windowed = try windowedSums(a: a, b: b, x: x) { return windowed }
            let upper = try gsl(a: a, b: b, x: x)  // window wider than 10⁷ terms
            return (1 - upper, upper)
        }
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
        // (1 − x)^b = exp(logScale) may be subnormal or 0 while the sum is large (e.g. a = 51, b = 832, x = 0.638:
        // exp(−845) underflows, 1 − I = 1.7e-295): combine in log space there, keeping relative precision.
        let scale = Double.exp(logScale)
        let lower = min(1, scale >= Double.leastNormalMagnitude ? sum * scale : Double.exp(logScale + Double.log(sum)))
        if lower < 0.9 { return (lower, 1 - lower) }
        // I < 0.1: sum the upper tail directly. `term` holds t_a / exp(logScale); if it has decayed towards the
        // subnormal range, restart it from log t_a computed with log-gamma so the tail keeps its precision.
        let logTa = term > 0x1p-900 ? logScale + Double.log(term) : try logTerm(Double(terms), b: b, x: x)
        guard let tail = upperTail(from: Double(terms), logStart: logTa, b: b, x: x) else {
            // Tail too long to sum (x very close to 1): GSL for the small tail.
            let upper = try gsl(a: a, b: b, x: x)
            return (1 - upper, upper)
        }
        return (1 - tail, tail)
    }

    /// Smallest a above which a tail that lies beyond 2 SD of the terms' mean is summed directly (`directTail`):
    /// below it the running product over the a lower terms is cheaper than the log-gamma start.
    static let directTailMinimum: Double = 64

    /// When a − 1 lies more than 2 SD below the mean b·x/(1 − x) of the negative-binomial terms (so 1 − I is the
    /// small tail, ≲ 0.05), 1 − I is summed downward from t_{a−1}; when a lies more than 2 SD above it, I is summed
    /// upward from t_a — each from Loader's log-term start (~1e-14 relative), outward from the mode, so the terms
    /// decrease and the sum stops after ~7 SD of terms instead of the a terms of the running product or the
    /// ~20 SD window. nil when a is within 2 SD of the mean (the other methods apply).
    static func directTail(a: Double, b: Double, x: Double) throws -> (lower: Double, upper: Double)? {
        let mean = b * x / (1 - x)
        let sd = (b * x).squareRoot() / (1 - x)
        if a - 1 < mean - 2 * sd - 1 {
            let lower = lowerTail(below: a, logStart: try logTerm(a - 1, b: b, x: x), b: b, x: x)
            if lower < 0.5 { return (lower, 1 - lower) }
        } else if a > mean + 2 * sd + 1 {
            if let upper = upperTail(from: a, logStart: try logTerm(a, b: b, x: x), b: b, x: x), upper < 0.5 {
                return (1 - upper, upper)
            }
        }
        return nil
    }

    /// log t_j of the negative-binomial term Γ(b + j)/(Γ(b) j!) x^j (1 − x)^b, by Loader's saddle-point form
    /// (`BinomialMass`): no cancellation between large log-gammas, so the restart keeps ~1e-14 relative precision.
    static func logTerm(_ j: Double, b: Double, x: Double) throws -> Double {
        BinomialMass.logNegativeBinomialTerm(j, b, x)
    }

    /// Σ_{j≥start} t_j from t_start = exp(logStart), summed in a scaled representation (no subnormal stall).
    /// nil if it would need more than 4·10⁶ terms. Returns 0 when the tail is below the smallest double.
    static func upperTail(from start: Double, logStart: Double, b: Double, x: Double) -> Double? {
        var term = 1.0
        var tail = 0.0
        var j = start
        var count = 0
        while count < 4_000_000 {
            tail += term
            let ratio = x * (b + j) / (j + 1)
            term *= ratio
            j += 1
            count += 1
            let rho = max(ratio, x)
            // Every later ratio is ≤ ρ, so the terms not yet added (from `term` on) sum to ≤ term/(1 − ρ).
            if rho < 1, term / (1 - rho) <= 1e-17 * tail { return Double.exp(logStart + Double.log(tail)) }
        }
        return nil
    }

    /// Σ_{j<end} t_j from t_{end−1} = exp(logStart), summed downward (the terms decrease below the mode).
    static func lowerTail(below end: Double, logStart: Double, b: Double, x: Double) -> Double {
        var term = 1.0
        var sum = 0.0
        var j = end - 1
        while j >= 0 {
            sum += term
            if j == 0 { break }
            term *= j / (x * (b + j - 1))  // t_{j−1}/t_j
            j -= 1
            if term <= 1e-17 * sum { break }
        }
        return Double.exp(logStart + Double.log(sum))
    }

    /// For large integer a: the terms summed outward from their mode, t_mode ≡ 1, over the window where
    /// t_j ≥ 1e-20·t_mode, then normalised by the window total — the normalisation cancels every error of a
    /// starting term, so only the O(window) ratio steps contribute rounding error. A tail below 1e-4 of the
    /// total is recomputed directly from its log-gamma start for relative precision. nil when the window would
    /// exceed 10⁷ terms (GSL is used then).
    static func windowedSums(a: Double, b: Double, x: Double) throws -> (lower: Double, upper: Double)? {
        let mode = max(0, ((b - 1) * x / (1 - x)).rounded(.down))
        let sd = (b * x).squareRoot() / (1 - x)
        guard 60 * sd + 100 < 1e7 else { return nil }
        var lower = 0.0
        var upper = 0.0
        if mode < a { lower += 1 } else { upper += 1 }
        let cutoff = 1e-20
        var t = 1.0
        var j = mode
        while true {
            t *= x * (b + j) / (j + 1)
            j += 1
            if t < cutoff { break }
            if j < a { lower += t } else { upper += t }
        }
        t = 1
        j = mode
        while j > 0 {
            t *= j / (x * (b + j - 1))
            j -= 1
            if t < cutoff { break }
            if j < a { lower += t } else { upper += t }
        }
        let total = lower + upper
        var i = upper / total
        var c = lower / total
        if i < 1e-4 {
            guard let tail = upperTail(from: a, logStart: try logTerm(a, b: b, x: x), b: b, x: x) else { return nil }
            i = tail
            c = 1 - tail
        } else if c < 1e-4 {
            c = lowerTail(below: a, logStart: try logTerm(a - 1, b: b, x: x), b: b, x: x)
            i = 1 - c
        }
        return (min(1, c), min(1, i))
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
