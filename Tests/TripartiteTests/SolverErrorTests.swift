import GSL
import ScalingCore
import Testing
import Tripartite

/// Issue 17 item 3: `GSLError` is for GSL's routines; the package's own non-convergence is a `SolverError`.
@Suite("Package solvers report their own failures as SolverError, not GSLError")
struct SolverErrorTests {
    /// Density evolution just below the (3,6) threshold needs thousands of iterations (O(1/√Δε) near the
    /// tangency); a cap of 3 cannot reach the 1e-14 tolerance.
    @Test(
        "Density evolution stopped by its iteration cap throws SolverError(.notConverged) with iterations and tolerance"
    )
    func densityEvolutionNotConverged() throws {
        let ensemble = try RegularEnsemble(variableDegree: 3, checkDegree: 6)
        let error = #expect(throws: SolverError.self) {
            try DensityEvolution.fixedPoint(ensemble, erasure: 0.42, maxIterations: 3)
        }
        let failure = try #require(error)
        #expect(failure.kind == .notConverged)
        #expect(failure.routine == "DensityEvolution.fixedPoint")
        #expect(failure.iterations == 3 && failure.tolerance == 1e-14)
        #expect(failure.description.contains("iterations: 3; tolerance: 1e-14"), "\(failure.description)")
    }
}
