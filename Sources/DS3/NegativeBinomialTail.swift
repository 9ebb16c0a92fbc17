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
        return try IncompleteBeta.regularized(a: a, b: b, x: x)
    }
}
