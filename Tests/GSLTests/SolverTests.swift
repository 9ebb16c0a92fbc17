import Foundation
import GSL
import Testing

/// An error a user function throws, to check it surfaces unchanged through GSL.
struct UserFailure: Error, Equatable { let tag: Int }

@Suite("GSL solvers")
struct SolverTests {
    @Test("Brent finds the root of cos x − x to 1e-12")
    func brentRoot() throws {
        let result = try Roots.brent(lower: 0, upper: 1, absoluteTolerance: 1e-14, relativeTolerance: 0) {
            cos($0) - $0
        }
        #expect(abs(result.root - 0.7390851332151607) < 1e-12)
        #expect(result.iterations > 0)
    }

    @Test("A bracket that does not straddle a root throws and the process lives")
    func badBracketThrows() {
        #expect(throws: GSLError.self) { try Roots.brent(lower: 2, upper: 3) { cos($0) - $0 } }
        // Still alive: a valid solve after the failure works.
        #expect((try? Roots.brent(lower: 0, upper: 1) { $0 - 0.25 })?.root == 0.25)
    }

    @Test("An error thrown inside a callback is rethrown as that error, not as GSL's follow-on status")
    func userErrorSurfaces() {
        #expect(throws: UserFailure(tag: 7)) {
            try Roots.brent(lower: 0, upper: 1) { x in
                if x > 0.9 { throw UserFailure(tag: 7) }
                return x - 0.5
            }
        }
        #expect(throws: UserFailure(tag: 8)) {
            try MinimizeND.nelderMead(start: [1, 1]) { _ in throw UserFailure(tag: 8) }
        }
        #expect(throws: UserFailure(tag: 9)) {
            try Integrate.qags(lower: 0, upper: 1) { x in
                if x > 0.5 { throw UserFailure(tag: 9) }
                return x
            }
        }
    }

    @Test("Non-convergence is an error carrying iterations and tolerance")
    func nonConvergenceReported() throws {
        do {
            _ = try Roots.brent(lower: 0, upper: 1, absoluteTolerance: 1e-15, relativeTolerance: 0, maxIterations: 2) {
                cos($0) - $0
            }
            Issue.record("expected non-convergence")
        } catch let error as GSLError {
            #expect(error.iterations == 2)
            #expect(error.tolerance == 1e-15)
        }
    }

    static func rosenbrock(_ p: [Double]) -> Double {
        let (x, y) = (p[0], p[1])
        return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
    }

    @Test("Nelder–Mead finds the Rosenbrock minimum (1, 1) to 1e-5")
    func nelderMeadRosenbrock() throws {
        let m = try MinimizeND.nelderMead(start: [-1.2, 1], sizeTolerance: 1e-9, Self.rosenbrock)
        // Simplex size 1e-9 bounds the location error well below 1e-5 for this well-conditioned valley floor.
        #expect(abs(m.x[0] - 1) < 1e-5 && abs(m.x[1] - 1) < 1e-5)
        #expect(m.value < 1e-10)
    }

    @Test("BFGS2 finds the Rosenbrock minimum (1, 1) to 1e-6 with the analytic gradient")
    func bfgsRosenbrock() throws {
        let m = try MinimizeND.bfgs2(start: [-1.2, 1], Self.rosenbrock) { p in
            let (x, y) = (p[0], p[1])
            return [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]
        }
        #expect(abs(m.x[0] - 1) < 1e-6 && abs(m.x[1] - 1) < 1e-6)
    }

    @Test("Brent minimisation of (x − 2)² + 1 and the global grid search on a two-well function")
    func minimize1D() throws {
        let m = try Minimize1D.brent(lower: 0, guess: 1, upper: 5) { ($0 - 2) * ($0 - 2) + 1 }
        #expect(abs(m.x - 2) < 1e-7)  // Brent's location accuracy is ~√ε for a smooth minimum
        // Two wells, the deeper at x = 3: a local search started at 0 would stop at −1.
        let g = try Minimize1D.global(lower: -3, upper: 5, gridPoints: 81) { x in
            let a = (x + 1) * (x + 1)
            let b = (x - 3) * (x - 3)
            return min(a + 0.5, b)
        }
        #expect(abs(g.minimum.x - 3) < 1e-6)
    }

    /// Starting Brent from known f(lower), f(guess), f(upper) (`gsl_min_fminimizer_set_with_values`) runs the same
    /// iterations as letting GSL evaluate them, three evaluations fewer: location, value, bracket and iteration
    /// count are identical.
    @Test("Brent started from known end and guess values equals the plain start, three evaluations fewer")
    func brentFromKnownValues() throws {
        let f: (Double) -> Double = { x in Double.exp(x) - 3 * x + 0.1 * Double.sin(7 * x) }
        for (lower, guess, upper) in [(0.5, 1.1, 2.0), (0.7, 1.15, 1.6), (-1.0, 1.2, 3.0)] {
            var (plainCalls, knownCalls) = (0, 0)
            let plain = try Minimize1D.brent(lower: lower, guess: guess, upper: upper) { x in
                plainCalls += 1
                return f(x)
            }
            let known = try Minimize1D.brent(
                lower: lower, guess: guess, upper: upper, values: (f(lower), f(guess), f(upper))
            ) { x in
                knownCalls += 1
                return f(x)
            }
            #expect(known == plain, "bracket (\(lower), \(guess), \(upper))")
            #expect(knownCalls == plainCalls - 3)
        }
    }

    @Test("QAGIU integrates exp(−x²) on [0, ∞) to √π/2; QAGS handles log x/√x on [0, 1]")
    func quadrature() throws {
        let gauss = try Integrate.qagiu(lower: 0) { exp(-$0 * $0) }
        #expect(abs(gauss.value - Double.pi.squareRoot() / 2) < 1e-10)
        let singular = try Integrate.qags(lower: 0, upper: 1) { log($0) / $0.squareRoot() }
        #expect(abs(singular.value + 4) < 1e-9)
        #expect(throws: GSLError.self) { try Integrate.qags(lower: 0, upper: 1, limit: 50) { 1 / $0 } }
    }

    @Test("Concurrent Brent solves are independent (64 tasks)")
    func concurrentSolves() async throws {
        let roots = try await withThrowingTaskGroup(of: (Int, Double).self) { group in
            for i in 0..<64 {
                group.addTask {
                    let c = Double(i) / 64
                    return (i, try Roots.brent(lower: -1, upper: 2, absoluteTolerance: 1e-13) { $0 * $0 * $0 - c }.root)
                }
            }
            var out = [Double](repeating: 0, count: 64)
            for try await (i, r) in group { out[i] = r }
            return out
        }
        for (i, r) in roots.enumerated() {
            #expect(abs(r * r * r - Double(i) / 64) < 1e-10)
        }
    }
}

@Suite("Nelder–Mead on flat regions")
struct FlatRegionTests {
    @Test("A function constant near its minimum stops as `flat` instead of wandering to the iteration limit")
    func flatPlateau() throws {
        // min(1, x² + y²) is exactly 1 outside the unit disc: a simplex started there sees no change.
        let m = try MinimizeND.nelderMead(start: [5, 5], step: [0.1, 0.1], flatIterations: 200) { p in
            min(1, p[0] * p[0] + p[1] * p[1])
        }
        #expect(m.flat)
        #expect(m.value == 1)
        // Without the flat criterion the same call may not converge; with a real minimum it converges normally.
        let bowl = try MinimizeND.nelderMead(start: [0.3, 0.2], flatIterations: 200) { p in p[0] * p[0] + p[1] * p[1] }
        #expect(!bowl.flat && bowl.value < 1e-12)
    }
}
