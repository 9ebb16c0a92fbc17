import Foundation
import GSL
import Testing

@Suite("Gauss–Legendre rule (GSL glfixed)")
struct GaussLegendreRuleTests {
    /// The n-point rule integrates x^k exactly for k ≤ 2n − 1: ∫₋₁¹ x^k dx = 2/(k + 1) for even k, 0 for odd k
    /// (tolerance 1e-14 absolute: sums of n terms of size ≤ 2). Nodes ascend, weights are positive and sum to 2.
    @Test(
        "Exact for polynomials of degree ≤ 2n − 1; ascending nodes; weights sum to 2", arguments: [1, 2, 5, 12, 33, 64])
    func polynomialExactness(order n: Int) throws {
        let rule = try GaussLegendreRule(order: n)
        #expect(rule.nodes.count == n && rule.weights.count == n)
        #expect(zip(rule.nodes, rule.nodes.dropFirst()).allSatisfy { $0 < $1 })
        #expect(rule.weights.allSatisfy { $0 > 0 })
        #expect(abs(rule.weights.reduce(0, +) - 2) <= 1e-14)
        for k in 0...(2 * n - 1) {
            let exact = k % 2 == 0 ? 2 / Double(k + 1) : 0
            let got = rule.integrate(-1, 1) { pow($0, Double(k)) }
            #expect(abs(got - exact) <= 1e-14, "n = \(n), k = \(k): \(got)")
        }
    }

    /// ∫₀^π sin x dx = 2: the 12-point rule's error is below 1e-15 (the rule's error term ~ f^(24) / (24!)·(π/2)^25).
    @Test("A smooth integral on a mapped interval: ∫₀^π sin x dx = 2 to 1e-14 with 12 points")
    func smoothIntegral() throws {
        let got = try GaussLegendreRule(order: 12).integrate(0, .pi) { sin($0) }
        #expect(abs(got - 2) <= 1e-14)
    }

    @Test("Order 0 is refused")
    func orderZero() {
        #expect(throws: GSLError.self) { try GaussLegendreRule(order: 0) }
    }
}
