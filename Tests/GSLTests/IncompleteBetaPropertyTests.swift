import Foundation
import GSL
import PropertyBased
import TestSupport
import Testing

/// Property tests over random parameters, extremes included, that pit the implementation against itself along
/// independent paths (symmetry through a different summation or through GSL, the recurrence in a against an
/// independently computed term, binomial tails against a direct sum). 1,000 cases each in the slow tier, 200 every
/// day; PropertyBased prints the seed of a failing case (`.fixedSeed(...)` reproduces it). The 60-digit oracle
/// (`IncompleteBetaTests/oracle`) remains the accuracy proof.
@Suite("Incomplete beta properties")
struct IncompleteBetaPropertyTests {
    static let cases = TestTier.count(fast: 200, full: 1000)
    /// a integer in 1…1000, log10 b in [−1, 15], x spread over [0, 1] including the endpoints.
    static let a = Gen.int(in: 1...1000).map { Double($0) }
    static let b = Gen.double(in: -1.0...15.0).map { pow(10, $0) }
    static let x = Gen.double(in: -0.1...1.1).map { Swift.min(1, Swift.max(0, $0)) }
    /// Integer b with log10 b in [0, 6].
    static let integerB = Gen.double(in: 0.0...6.0).map { pow(10, $0).rounded() }
    /// A dyadic x = j/2²⁰ in (0, 1), so that 1 − x is exact and both sides of a symmetry see the same point.
    static let dyadicX = Gen.int(in: 1...((1 << 20) - 1)).map { Double($0) * 0x1p-20 }

    /// |u − v| relative to the larger of the two, 0 when both underflow below 1e-300 (where the sums stop
    /// promising relative precision).
    static func relativeDifference(_ u: Double, _ v: Double) -> Double {
        let scale = Swift.max(abs(u), abs(v))
        return scale < 1e-300 ? 0 : abs(u - v) / scale
    }

    /// |u − v| relative to `scale` (the largest term u and v are formed from), 0 below 1e-300 as above.
    static func identityError(_ u: Double, _ v: Double, scale: Double) -> Double {
        let scale = Swift.max(abs(scale), abs(u), abs(v))
        return scale < 1e-300 ? 0 : abs(u - v) / scale
    }

    /// Both tails of 1 − I_x(a, b) = I_{1−x}(b, a) (x dyadic, so 1 − x is exact) to `tolerance` relative.
    static func expectSymmetry(a: Double, b: Double, x: Double, tolerance: Double) throws {
        let left = try IncompleteBeta.tails(a: a, b: b, x: x)
        let right = try IncompleteBeta.tails(a: b, b: a, x: 1 - x)
        let e1 = relativeDifference(left.complement, right.regularized)
        let e2 = relativeDifference(left.regularized, right.complement)
        #expect(e1 <= tolerance && e2 <= tolerance, "a = \(a), b = \(b), x = \(x): \(left) vs \(right)")
    }

    @Test("I_x(a, b) is non-decreasing in x and non-increasing in a")
    func monotone() async {
        await propertyCheck(count: Self.cases, input: Self.a, Self.b, Self.x, Gen.double(in: 0...0.2)) { a, b, x, dx in
            let x2 = Swift.min(1, x + dx)
            let lo = try IncompleteBeta.regularized(a: a, b: b, x: x)
            let hi = try IncompleteBeta.regularized(a: a, b: b, x: x2)
            #expect(hi >= lo - 1e-14)  // rounding slack of a value in [0, 1]
            let harder = try IncompleteBeta.regularized(a: a + 1, b: b, x: x)
            #expect(harder <= lo + 1e-14)
        }
    }

    /// 1 − I_x(a, b) = I_{1−x}(b, a) with integer a ≤ 1000 and integer b ≤ 1e6: the left side sums a terms from the
    /// running product (or the direct tail), the right side sums with b as the number of terms — the windowed or
    /// direct-tail path once b > 2000 — so the two share no summation. Both tails are compared, to 2e-12 relative:
    /// each side is within the oracle test's 1e-12 (measured worst difference 6.8e-13 over 3,000 cases). This
    /// property found 1 − I = 0 instead of 1.7e-295 at a = 51, b = 832, x = 0.638 ((1 − x)^b underflowed).
    @Test("Symmetry 1 − I_x(a, b) = I_{1−x}(b, a) through two different summations (integer a, b)")
    func symmetryIntegerPaths() async {
        await propertyCheck(count: Self.cases, input: Self.a, Self.integerB, Self.dyadicX) { a, b, x in
            try Self.expectSymmetry(a: a, b: b, x: x, tolerance: 2e-12)
        }
    }

    /// The same symmetry with b = n + ½: 1 − I_x(a, b) comes from the negative-binomial sums (integer a), I_{1−x}(b, a)
    /// from GSL's continued fraction (non-integer first argument), two unrelated algorithms. b ≤ 1e4 keeps GSL out of
    /// its weak band (small a, b ≳ 1e6; swift-gsl-notes §6a). Tolerance 5e-11 relative on both tails: GSL's
    /// continued fraction is the looser side (the oracle test allows it 1e-9; measured worst 9.4e-12 over 3,000
    /// cases here).
    @Test("Symmetry 1 − I_x(a, b) = I_{1−x}(b, a) between the sums and GSL (integer a, half-integer b)")
    func symmetryAgainstGSL() async {
        let halfB = Gen.double(in: 0.0...4.0).map { pow(10, $0).rounded(.down) + 0.5 }
        await propertyCheck(count: Self.cases, input: Self.a, halfB, Self.dyadicX) { a, b, x in
            try Self.expectSymmetry(a: a, b: b, x: x, tolerance: 5e-11)
        }
    }

    /// I_x(a + 1, b) = I_x(a, b) − t_a with t_a = x^a (1 − x)^b / (a B(a, b)) computed here in log space from GSL's
    /// ln B (independent of the sums, which evaluate each a from scratch). Checked on the smaller tail:
    /// I(a + 1) + t_a = I(a) where I(a) ≤ ½, (1 − I(a + 1)) − t_a = 1 − I(a) otherwise. Tolerance: 2e-12 relative
    /// for the sums plus the error of t_a, whose logarithm carries ~4.5 ulp of each magnitude it is built from
    /// (a ln x, b ln(1 − x), and ln Γ(a + b) ≈ (a + b) ln(a + b) inside GSL's ln B): measured worst 6e-12.
    @Test("Recurrence I_x(a + 1, b) = I_x(a, b) − x^a (1 − x)^b / (a B(a, b))")
    func recurrenceInA() async {
        let b = Gen.double(in: -1.0...4.0).map { pow(10, $0) }
        await propertyCheck(count: Self.cases, input: Self.a, b, Self.dyadicX) { a, b, x in
            let logTerm = a * log(x) + b * log1p(-x) - log(a) - (try SpecialFunctions.logBeta(a, b))
            let term = exp(logTerm)
            let magnitudes = abs(a * log(x)) + abs(b * log1p(-x)) + (a + b) * log(a + b)
            let tolerance = 2e-12 + 1e-15 * magnitudes
            let now = try IncompleteBeta.tails(a: a, b: b, x: x)
            let next = try IncompleteBeta.tails(a: a + 1, b: b, x: x)
            // The error is measured against the largest magnitude in the identity: on the complement side
            // (1 − I(a + 1)) − t_a cancels when t_a ≫ 1 − I(a) (a = 1, b = 356, x = 0.454: 3.6e-92 − 3.6e-92 =
            // 2.2e-94, a 160× loss that no implementation avoids), so each side's relative error enters only
            // through the terms it is made of.
            let e =
                now.regularized <= 0.5
                ? Self.identityError(next.regularized + term, now.regularized, scale: now.regularized)
                : Self.identityError(
                    next.complement - term, now.complement, scale: Swift.max(next.complement, term))
            #expect(e <= tolerance, "a = \(a), b = \(b), x = \(x): t_a = \(term), \(now) → \(next)")
        }
    }

    /// P(X ≥ k) and P(X ≤ k − 1) of Bin(n, p) against the direct sums of the mass function, with C(n, j) p^j
    /// (1 − p)^{n−j} formed here from lgamma (n ≤ 300: each mass term carries ≲ 2e-13 relative from lgamma(n + 1)
    /// ≈ 1.4e3). Both tails keep relative precision; tolerance 1e-11 relative on each (terms below 1e-300 ignored).
    @Test("Binomial tails equal direct sums of the mass function (n ≤ 300)")
    func binomialTailsByDirectSum() async {
        await propertyCheck(
            count: Self.cases, input: Gen.int(in: 1...300), Gen.int(in: 0...301), Gen.double(in: 0.001...0.999)
        ) { n, k, p in
            func mass(_ j: Int) -> Double {
                let logC = lgamma(Double(n + 1)) - lgamma(Double(j + 1)) - lgamma(Double(n - j + 1))
                return exp(logC + Double(j) * log(p) + Double(n - j) * log1p(-p))
            }
            let upperSum = k > n ? 0 : (Swift.max(k, 0)...n).reduce(0.0) { $0 + mass($1) }
            let lowerSum = k <= 0 ? 0 : (0...Swift.min(k - 1, n)).reduce(0.0) { $0 + mass($1) }
            let upper = try Binomial.atLeast(k, n: n, p: p)
            let lower = try Binomial.atMost(k - 1, n: n, p: p)
            #expect(Self.relativeDifference(upper, upperSum) <= 1e-11, "P(X ≥ \(k)), n = \(n), p = \(p)")
            #expect(Self.relativeDifference(lower, lowerSum) <= 1e-11, "P(X ≤ \(k - 1)), n = \(n), p = \(p)")
        }
    }
}
