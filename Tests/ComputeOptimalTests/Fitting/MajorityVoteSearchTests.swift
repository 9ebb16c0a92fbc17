import Foundation
import Testing

@testable import ComputeOptimal

@Suite("Majority-vote fit: the searches behind the profile and the polish")
struct MajorityVoteSearchTests {
    @Test("Parabolic interpolation finds a skewed minimum inside its bracket")
    func parabolicMinimumFindsTheMinimum() throws {
        // f(x) = (x − 0.3)² + 2(x − 0.3)³ + 1 has its minimum at 0.3 (f″ = 2 there, the cubic skews the bracket).
        var evaluations = 0
        let f = { (x: Double) -> Double in
            evaluations += 1
            let d = x - 0.3
            return d * d + 2 * d * d * d + 1
        }
        let found = try MajorityVoteFit.parabolicMinimum(
            bracket: (0.2, 0.33, 0.5), values: (f(0.2), f(0.33), f(0.5)), relativeTolerance: 1e-4, f)
        // Done when the next vertex moves b by less than 1e-4 of b: b is then that close to the minimum (the
        // vertex's own error is of higher order): 1e-4 relative.
        #expect(abs(found.x - 0.3) <= 1e-4 * 0.3)
        #expect(found.value == f(found.x))
        #expect(evaluations < 20)
    }

    @Test("Gauss–Newton reaches the least-squares point of an exponential decay")
    func gaussNewtonReachesTheLeastSquaresPoint() throws {
        // Noiseless data y = e^{−0.7 t}: the residuals vanish at 0.7, where Gauss–Newton converges quadratically;
        // it stops when its step is below 1e-11 of x (or at the rounding floor of the central-difference
        // Jacobian, ~1e-16 / 1e-6 relative): 1e-10 relative.
        let t = (1...12).map { Double($0) / 4 }
        let residuals = { (x: Double) -> [Double] in t.map { Foundation.exp(-x * $0) - Foundation.exp(-0.7 * $0) } }
        let x = try #require(try MajorityVoteFit.gaussNewton(from: 0.5, lower: 0, upper: 5, residuals))
        #expect(abs(x - 0.7) <= 1e-10 * 0.7)
    }
}
