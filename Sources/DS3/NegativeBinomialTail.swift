import GSL
import RealModule

/// I_x(a, b) for the DS3 success probabilities, screened by a Chernoff bound first.
///
/// For integer a = m and b > 0, I_x(m, b) ≤ I_x(m, ⌈b⌉) = P(Bin(n, x) ≥ m), n = m + ⌈b⌉ − 1, and when m/n > x
/// that is ≤ exp(−n KL(m/n ‖ x)). Where this bound is below e^−745.2 (under half the smallest subnormal double,
/// 4.9e-324, so the exact value rounds to 0) the value is returned as 0 without summing a tail that only
/// underflows; every representable value keeps its relative precision. Large integer a is handled by `IncompleteBeta`'s
/// windowed sums.
enum NegativeBinomialTail {
    static let logCutoff = -745.2

    static func regularized(a: Double, b: Double, x: Double) throws -> Double {
        if isNegligible(a: a, b: b, x: x) { return 0 }
        return try IncompleteBeta.regularized(a: a, b: b, x: x)
    }

    /// (I, 1 − I) from one evaluation where the Chernoff screen does not apply.
    static func tails(a: Double, b: Double, x: Double) throws -> (regularized: Double, complement: Double) {
        if isNegligible(a: a, b: b, x: x) { return (0, try IncompleteBeta.complement(a: a, b: b, x: x)) }
        return try IncompleteBeta.tails(a: a, b: b, x: x)
    }

    /// True when the Chernoff bound puts I_x(a, b) below e^−745.2.
    static func isNegligible(a: Double, b: Double, x: Double) -> Bool {
        if x > 0, x < 1, b > 0, a >= 1 {
            let n = a + b.rounded(.up) - 1
            let f = a / n
            if f > x, f < 1 {
                let kl = f * Double.log(f / x) + (1 - f) * Double.log((1 - f) / (1 - x))
                return -n * kl < logCutoff
            } else if f >= 1 {
                // n = a: the bound is x^a.
                return a * Double.log(x) < logCutoff
            }
        }
        return false
    }

    /// 1 − I_x(a, b) (see `regularized`).
    static func complement(a: Double, b: Double, x: Double) throws -> Double {
        return try IncompleteBeta.complement(a: a, b: b, x: x)
    }
}
