import Foundation
import GSL
import Testing

@Suite("Incomplete beta: upper tail keeps its first omitted term")
struct IncompleteBetaUpperTailTests {
    /// I_x(1, b) = 1 − (1 − x)^b exactly; for b = 1 it is x. The upper-tail sum once stopped one term early
    /// (returning x(1 − x), 1e-10 relative off at x = 1e-10). The tail is scaled by exp(ln t_a), whose argument of
    /// size |ln x| carries ~|ln x|·ε relative error: tolerance 4|ln x|ε (≤ 6e-13 at 1e-300, 2e-14 at 1e-10).
    @Test("I_x(1, 1) = x and I_x(1, 2) = x(2 − x) to 4|ln x|ε relative for x from 1e-300 to 1e-3")
    func smallArgumentsKeepRelativePrecision() throws {
        for x in [1e-300, 1e-163, 1e-20, 1e-10, 1e-6, 1e-3] {
            let tolerance = 4 * abs(Double.log(x)) * Double.ulpOfOne
            let one = try IncompleteBeta.regularized(a: 1, b: 1, x: x)
            #expect(abs(one - x) <= tolerance * x, "I_\(x)(1, 1) = \(one)")
            let two = try IncompleteBeta.regularized(a: 1, b: 2, x: x)
            let exact = x * (2 - x)
            #expect(abs(two - exact) <= tolerance * exact, "I_\(x)(1, 2) = \(two)")
        }
    }
}
