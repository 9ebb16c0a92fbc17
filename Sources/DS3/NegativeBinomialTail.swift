import GSL
import RealModule

/// I_x(a, b) for the DS3 success probabilities, screened by a Chernoff bound first.
///
/// For integer a = m and b > 0, I_x(m, b) ≤ I_x(m, ⌈b⌉) = P(Bin(n, x) ≥ m), n = m + ⌈b⌉ − 1, and when m/n > x
/// that is ≤ exp(−n KL(m/n ‖ x)). Where this bound is below e^−600 (≈ 1e-261) the value is returned as 0 (absolute
/// error < 1e-260). This also avoids a stall of `IncompleteBeta`'s tail sum on subnormal terms for results below
/// ~1e-300 (it then falls back to GSL, which reports underflow).
enum NegativeBinomialTail {
    static let logCutoff = -600.0

    static func regularized(a: Double, b: Double, x: Double) throws -> Double {
        if x > 0, x < 1, b > 0, a >= 1 {
            let n = a + b.rounded(.up) - 1
            let f = a / n
            if f > x, f < 1 {
                let kl = f * Double.log(f / x) + (1 - f) * Double.log((1 - f) / (1 - x))
                if -n * kl < logCutoff { return 0 }
            } else if f >= 1 {
                // n = a: the bound is x^a.
                if a * Double.log(x) < logCutoff { return 0 }
            }
        }
        if a > IncompleteBeta.integerSumLimit, a == a.rounded(), x > 0, x < 1, b > 0 {
            return windowedSum(a: a, b: b, x: x).upper
        }
        return try IncompleteBeta.regularized(a: a, b: b, x: x)
    }

    /// 1 − I_x(a, b) (see `regularized`).
    static func complement(a: Double, b: Double, x: Double) throws -> Double {
        if a > IncompleteBeta.integerSumLimit, a == a.rounded(), x > 0, x < 1, b > 0 {
            return windowedSum(a: a, b: b, x: x).lower
        }
        return try IncompleteBeta.complement(a: a, b: b, x: x)
    }

    /// For large integer a (where `IncompleteBeta` falls back to GSL's continued fraction, which stops converging
    /// for a, b ~ 1e7): 1 − I_x(a, b) = Σ_{j<a} t_j with the negative-binomial terms t_j, summed outward from their
    /// mode over the window where t_j ≥ 1e-20 · t_mode (a few hundred standard deviations at most), each term
    /// started from Loader's saddle-point mass (full relative precision) and continued by the ratio
    /// t_{j+1}/t_j = x (b + j)/(j + 1).
    static func windowedSum(a: Double, b: Double, x: Double) -> (lower: Double, upper: Double) {
        let mode = max(0, ((b - 1) * x / (1 - x)).rounded(.down))
        let t0 = BinomialMass.negativeBinomialTerm(mode, b, x)
        var lower = 0.0
        var upper = 0.0
        if mode < a { lower += t0 } else { upper += t0 }
        let cutoff = 1e-20 * t0
        // Upward.
        var t = t0
        var j = mode
        while true {
            t *= x * (b + j) / (j + 1)
            j += 1
            if t < cutoff || !t.isFinite { break }
            if j < a { lower += t } else { upper += t }
        }
        // Downward.
        t = t0
        j = mode
        while j > 0 {
            t *= j / (x * (b + j - 1))
            j -= 1
            if t < cutoff || !t.isFinite { break }
            if j < a { lower += t } else { upper += t }
        }
        let total = lower + upper
        return (min(1, lower / total), min(1, upper / total))
    }
}
