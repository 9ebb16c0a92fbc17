import Foundation
import GSL
import PropertyBased
import Testing

/// Property tests over random parameters, extremes included. 1,000 cases each; PropertyBased prints the seed
/// of a failing case (`.fixedSeed(...)` reproduces it).
@Suite("Incomplete beta properties")
struct IncompleteBetaPropertyTests {
    /// a integer in 1…1000, log10 b in [−1, 15], x spread over [0, 1] including the endpoints.
    static let a = Gen.int(in: 1...1000).map { Double($0) }
    static let b = Gen.double(in: -1.0...15.0).map { pow(10, $0) }
    static let x = Gen.double(in: -0.1...1.1).map { Swift.min(1, Swift.max(0, $0)) }

    @Test("I_x(a, b) ∈ [0, 1] and I + (1 − I) = 1 to 1e-13")
    func rangeAndComplement() async {
        await propertyCheck(count: 1000, input: Self.a, Self.b, Self.x) { a, b, x in
            let i = try IncompleteBeta.regularized(a: a, b: b, x: x)
            let c = try IncompleteBeta.complement(a: a, b: b, x: x)
            #expect(i >= 0 && i <= 1)
            #expect(abs(i + c - 1) < 1e-13)  // both are computed from the same sum; only rounding separates them
        }
    }

    @Test("I_x(a, b) is non-decreasing in x and non-increasing in a")
    func monotone() async {
        await propertyCheck(count: 1000, input: Self.a, Self.b, Self.x, Gen.double(in: 0...0.2)) { a, b, x, dx in
            let x2 = Swift.min(1, x + dx)
            let lo = try IncompleteBeta.regularized(a: a, b: b, x: x)
            let hi = try IncompleteBeta.regularized(a: a, b: b, x: x2)
            #expect(hi >= lo - 1e-14)  // rounding slack of a value in [0, 1]
            let harder = try IncompleteBeta.regularized(a: a + 1, b: b, x: x)
            #expect(harder <= lo + 1e-14)
        }
    }

    @Test("Binomial tails: P(X ≥ k) + P(X ≤ k − 1) = 1")
    func binomialTails() async {
        await propertyCheck(
            count: 1000, input: Gen.int(in: 0...5000), Gen.int(in: -2...5002), Gen.double(in: 0...1)
        ) { n, k, p in
            let upper = try Binomial.atLeast(k, n: n, p: p)
            let lower = try Binomial.atMost(k - 1, n: n, p: p)
            #expect(abs(upper + lower - 1) < 1e-12)
        }
    }
}
