import Foundation
import Testing

@testable import GSL

/// The fast paths of the integer-a sums — the direct tails summed outward from t_{a−1} or t_a beyond 2 SD of the
/// terms' mean, and the exact 1 returned when 1 − I < 1e-18 is certain — checked against an independent
/// evaluation: the plain negative-binomial sums Σ_{j<a} t_j and Σ_{j≥a} t_j accumulated from t_0 = (1 − x)^b in
/// 80-bit extended precision (64-bit significand; Float80's exponent range holds t_0 down to 1e-4900). The oracle
/// fixture (`IncompleteBetaTests/oracle`) covers these paths at a = 200, 1000 and a few large a; this sweep adds
/// real b, a on both sides of the running-product limit and tails from 2 to 12 SD.
@Suite("Regularised incomplete beta, direct tails")
struct IncompleteBetaDirectTailTests {
    /// (Σ_{j<a} t_j, Σ_{j≥a} t_j) in Float80. The upper sum runs until the terms decrease and fall below 1e-30 of
    /// the sum. Rounding: ≲ (number of terms)·2⁻⁶⁴ ≈ 1e-14 relative at 10⁵ terms, plus |b ln(1 − x)|·2⁻⁶⁴ from t_0.
    static func extendedSums(a: Int, b: Double, x: Double) -> (lower: Float80, upper: Float80) {
        let x80 = Float80(x)
        let b80 = Float80(b)
        var t = Foundation.exp(b80 * Foundation.log1p(-x80))
        var lower: Float80 = 0
        for j in 0..<a {
            lower += t
            t *= x80 * (b80 + Float80(j)) / Float80(j + 1)
        }
        var upper: Float80 = 0
        var j = a
        while true {
            upper += t
            let ratio = x80 * (b80 + Float80(j)) / Float80(j + 1)
            t *= ratio
            j += 1
            if ratio < 1, t < 1e-30 * upper { break }
            if t == 0 { break }
        }
        return (lower, upper)
    }

    /// b such that the mean of the terms, b x/(1 − x), lies z SD (SD = √(bx)/(1 − x)) above a, plus a
    /// non-integer offset so real b is exercised.
    static func budget(a: Int, x: Double, z: Double) -> Double {
        var b = Double(a) * (1 - x) / x
        for _ in 0..<50 { b = (Double(a) + z * (b * x).squareRoot() / (1 - x)) * (1 - x) / x }
        return max(1.5, b.rounded(.down) + 0.37)
    }

    @Test("Direct tails and the exact-1 shortcut agree with extended-precision sums to 1e-12 relative")
    func directTailsMatchExtendedPrecision() throws {
        var checkedDirect = 0
        var exactOnes = 0
        for a in [65, 80, 150, 700, 1999, 2001, 3000, 12000] {
            for x in [0.3, 0.5, 0.58, 0.9] {
                for z in [-12.0, -8, -5, -3, -2.2, -1, 0, 1, 2.2, 3, 5, 8, 12] {
                    let b = Self.budget(a: a, x: x, z: z)
                    let reference = Self.extendedSums(a: a, b: b, x: x)
                    let total = reference.lower + reference.upper
                    // Normalising by the extended total removes the common error of t_0.
                    let lower = Double(reference.lower / total)
                    let upper = Double(reference.upper / total)
                    let i = try IncompleteBeta.regularized(a: Double(a), b: b, x: x)
                    let complement = try IncompleteBeta.complement(a: Double(a), b: b, x: x)
                    let tails = try IncompleteBeta.tails(a: Double(a), b: b, x: x)
                    // 1e-12 relative: the bar of the 60-digit oracle test; the extended sums carry ≤ 1e-14.
                    if upper > 1e-300 {
                        #expect(abs(i / upper - 1) < 1e-12, "I: a=\(a) b=\(b) x=\(x) z=\(z): \(i) vs \(upper)")
                        #expect(abs(tails.regularized / upper - 1) < 1e-12, "tails.I: a=\(a) b=\(b) x=\(x)")
                    }
                    if lower > 1e-300 {
                        #expect(
                            abs(complement / lower - 1) < 1e-12,
                            "1 − I: a=\(a) b=\(b) x=\(x) z=\(z): \(complement) vs \(lower)")
                        #expect(abs(tails.complement / lower - 1) < 1e-12, "tails.1−I: a=\(a) b=\(b) x=\(x)")
                    }
                    if lower < 1e-18 {
                        // The shortcut's claim: the correctly rounded I is exactly 1.
                        #expect(i == 1, "a=\(a) b=\(b) x=\(x): 1 − I = \(lower) but I = \(i)")
                        exactOnes += 1
                    }
                    let mean = b * x / (1 - x)
                    let sd = (b * x).squareRoot() / (1 - x)
                    if Double(a) > IncompleteBeta.directTailMinimum, abs(Double(a) - mean) > 2 * sd + 1 {
                        checkedDirect += 1
                    }
                }
            }
        }
        // The sweep must reach the new paths, not only the running product and the window.
        #expect(checkedDirect > 100)
        #expect(exactOnes > 20)
    }

    @Test("The exact-1 shortcut never fires where 1 − I is representable next to 1")
    func shortcutIsConservative() throws {
        // Cases with 1 − I between 1e-17 and 1e-14 (extended sums), where the correctly rounded I is below 1 or
        // within an ulp of it: the shortcut must not fire, so I = 1 − (1 − I) to 1 ulp.
        var found = 0
        for a in [2, 10, 100, 1000] {
            for x in [0.2, 0.5, 0.8] {
                for z in stride(from: 6.0, through: 10.0, by: 0.25) {
                    let b = Self.budget(a: a, x: x, z: z)
                    let reference = Self.extendedSums(a: a, b: b, x: x)
                    let lower = Double(reference.lower / (reference.lower + reference.upper))
                    guard lower > 1e-17, lower < 1e-14 else { continue }
                    found += 1
                    #expect(!IncompleteBeta.complementIsBelowHalfUlp(a: Double(a), b: b, x: x))
                    let i = try IncompleteBeta.regularized(a: Double(a), b: b, x: x)
                    // 1 − lower rounded, ±1 ulp (2^-53) for the rounding of the sum.
                    #expect(abs(i - (1 - lower)) <= 0x1p-53, "a=\(a) b=\(b) x=\(x): \(i) vs 1 − \(lower)")
                }
            }
        }
        #expect(found > 10)
    }
}
