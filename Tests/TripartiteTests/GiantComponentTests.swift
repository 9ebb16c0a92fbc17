import Foundation
import ScalingCore
import Testing

@testable import Tripartite

@Suite("Giant component of G(S, p)")
struct GiantComponentTests {
    /// Two independent computations of the largest root of γ = 1 − e^{−xγ}: Lambert W₀ and Brent on the fixed
    /// point. Tolerance 1e-12 absolute (both are accurate to a few ulp except near x = 1, where the root is ill
    /// conditioned: there we allow 1e-7, the conditioning ~ √(ulp)).
    @Test("Lambert-W form agrees with the fixed point γ = 1 − e^{−xγ}")
    func lambertMatchesFixedPoint() throws {
        for x in [1.0001, 1.01, 1.1, 1.5, 2, 3, 5, 10, 50, 200, 1000] {
            let w = try GiantComponent.fraction(meanDegree: x)
            let f = try GiantComponent.fractionByFixedPoint(meanDegree: x)
            #expect(abs(w - f) < (x < 1.05 ? 1e-7 : 1e-12), "x = \(x): \(w) vs \(f)")
            #expect(abs(w - (1 - Foundation.exp(-x * w))) < 1e-12)
        }
        #expect(try GiantComponent.fraction(meanDegree: 0) == 0)
        #expect(try GiantComponent.fraction(meanDegree: 1) == 0)
        #expect(throws: ParameterError.self) { try GiantComponent.fraction(meanDegree: -1) }
    }

    /// Limits: γ ≈ 2(x − 1) just above the critical point (γ = 2ε − 8ε²/3 + …, ε = x − 1), γ → 1 − e^{−x} for large x.
    @Test("Limits: γ ≈ 2(x−1) − (8/3)(x−1)² near x = 1 and 1 − e^{−x} for large x")
    func limits() throws {
        let e = 1e-3
        let g = try GiantComponent.fraction(meanDegree: 1 + e)
        #expect(abs(g - (2 * e - 8.0 / 3.0 * e * e)) < 1e-8)
        let large = try GiantComponent.fraction(meanDegree: 20)
        #expect(abs(large - (1 - Foundation.exp(-20))) < 1e-15)
    }

    /// Monte Carlo on explicit Erdős–Rényi graphs (S = 4000 nodes, mean degree 1.5 and 3): the largest component's
    /// fraction over 40 graphs. Its SD at this size is ≈ 0.01; the SE of the mean ≈ 0.002 (measured); we allow
    /// 4·SE plus the O(1/S) finite-size bias (≈ 1e-3 at mean degree 1.5).
    @Test("Largest component of explicit G(S, x/S) graphs matches γ(x)")
    func monteCarloErdosRenyi() throws {
        for x in [1.5, 3.0] {
            let S = 4000
            let fractions = try Parallel.map(count: 40) { rep -> Double in
                var rng = Xoshiro256StarStar(seed: 1234, stream: UInt64(rep))
                return ErdosRenyi.largestComponentFraction(nodes: S, meanDegree: x, rng: &rng)
            }
            let mean = fractions.reduce(0, +) / Double(fractions.count)
            let variance = fractions.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(fractions.count - 1)
            let se = (variance / Double(fractions.count)).squareRoot()
            let theory = try GiantComponent.fraction(meanDegree: x)
            #expect(abs(mean - theory) < 4 * se + 1e-3, "x = \(x): MC \(mean) ± \(se) vs \(theory)")
        }
    }
}
