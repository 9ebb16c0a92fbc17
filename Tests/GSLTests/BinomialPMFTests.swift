import GSL
import Testing

@Suite("Binomial probability mass")
struct BinomialPMFTests {
    /// 40-digit values from mpmath (binomial(n, k) p^k (1 − p)^(n − k) at 40 digits). The saddle-point form keeps
    /// ~1e-15 relative; the former log-gamma route lost 6.8e-10 at n = 1e6 and 1.5e-6 at n = 1e9 (measured in
    /// double precision with the same formula). Tolerance 1e-13 relative.
    @Test(
        "P(X = k) to 1e-13 relative against 40-digit values up to n = 1e9",
        arguments: [
            (1_000_000, 500_000, 0.5, 0.00079788436133175008909),
            (10_000, 100, 0.01, 0.040061805774913648692),
            (1_000_000_000, 1000, 1e-6, 0.012614617656031903511),
        ])
    func pmfMatchesOracle(n: Int, k: Int, p: Double, expected: Double) throws {
        let got = try Binomial.pmf(k: k, n: n, p: p)
        #expect(abs(got - expected) <= 1e-13 * expected, "n = \(n), k = \(k), p = \(p): \(got)")
    }

    @Test("Edges: k outside 0…n gives 0, p = 0 and p = 1 are point masses, bad n or p throw")
    func edges() throws {
        #expect(try Binomial.pmf(k: -1, n: 5, p: 0.3) == 0)
        #expect(try Binomial.pmf(k: 6, n: 5, p: 0.3) == 0)
        #expect(try Binomial.pmf(k: 0, n: 5, p: 0) == 1)
        #expect(try Binomial.pmf(k: 5, n: 5, p: 1) == 1)
        #expect(try Binomial.pmf(k: 3, n: 3000, p: 0) == 0)
        #expect(throws: GSLError.self) { try Binomial.pmf(k: 1, n: -1, p: 0.5) }
        #expect(throws: GSLError.self) { try Binomial.pmf(k: 1, n: 2, p: 1.5) }
    }
}
