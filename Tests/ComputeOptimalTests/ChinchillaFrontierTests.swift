import RealModule
import ScalingCore
import Testing

@testable import ComputeOptimal

/// The batch frontier (`ChinchillaFrontier`) against the per-call closed form (`computeOptimal(compute:)`) and
/// against the loss law itself.
@Suite("Chinchilla frontier batch path")
struct ChinchillaFrontierTests {
    static let laws: [ChinchillaLossLaw] = [.chinchilla, .chinchillaTeX, .sardana, .epoch]

    /// Tolerance 1e-13 relative: the reference forms N* and D* as exp of arguments up to |ln D*| ≈ 70 over this
    /// range, so each carries up to ~70·2⁻⁵³ ≈ 8e-15 relative rounding; the batch path divides instead
    /// (D* = (C/6)/N*) and takes the loss from αA N*^{−α} = βB D*^{−β}, which differs from the reference's two
    /// separately rounded terms by a few ulps. 1e-13 is ~10× that bound; a formula error would show at ≥ 1e-4.
    @Test("Batch optima equal computeOptimal(compute:) to 1e-13 for four published laws, C from 1e10 to 1e30")
    func agreesWithPerCallPath() throws {
        let budgets = try Grid.geom(1e10, 1e30, 401)
        for law in Self.laws {
            let batch = try law.frontier.optima(computes: budgets)
            #expect(batch.count == budgets.count)
            for (C, fast) in zip(budgets, batch) {
                let reference = try law.computeOptimal(compute: C)
                #expect(fast.compute == C)
                #expect(close(fast.parameters, reference.parameters, relative: 1e-13), "N* at C = \(C)")
                #expect(close(fast.tokens, reference.tokens, relative: 1e-13), "D* at C = \(C)")
                #expect(close(fast.loss, reference.loss, relative: 1e-13), "L* at C = \(C)")
                #expect(fast.parameterExponent == reference.parameterExponent)
                #expect(fast.tokenExponent == reference.tokenExponent)
            }
        }
    }

    /// Independent of the closed form: 6N*D* = C (2e-15: one division and one product), the loss equals the law
    /// evaluated at (N*, D*) (1e-13, as above), and moving along the constraint 6ND = C by ±1 % in N raises the
    /// loss (the optimum is a minimum; the second-order rise ~1e-5 is far above rounding).
    @Test("Batch optimum satisfies 6ND = C, L* = L(N*, D*), and is a minimum along the constraint")
    func identitiesAndMinimality() throws {
        for law in Self.laws {
            let frontier = law.frontier
            for C in try Grid.geom(1e18, 1e26, 9) {
                let o = try frontier.optimum(compute: C)
                #expect(close(6 * o.parameters * o.tokens, C, relative: 2e-15), "constraint at C = \(C)")
                #expect(close(o.loss, try law.loss(parameters: o.parameters, tokens: o.tokens), relative: 1e-13))
                for factor in [0.99, 1.01] {
                    let N = o.parameters * factor
                    #expect(try law.loss(parameters: N, tokens: C / (6 * N)) > o.loss, "C = \(C), N·\(factor)")
                }
            }
        }
    }

    /// Bad budgets and optima outside Double's range throw on both paths instead of returning 0, inf or NaN.
    @Test("Invalid budgets and overflowing optima throw ParameterError on the batch path, as on the per-call path")
    func rejectsInvalidInput() throws {
        let frontier = ChinchillaLossLaw.chinchilla.frontier
        for C in [0, -1, Double.infinity, -Double.infinity, Double.nan] {
            #expect(throws: ParameterError.self) { try frontier.optimum(compute: C) }
            #expect(throws: ParameterError.self) { try frontier.optima(computes: [1e20, C]) }
        }
        // ln G ≈ (ln(αA/βB))/(α + β) ≈ 1.4e4: N* overflows.
        let extreme = try ChinchillaLossLaw(E: 1, A: 1e300, B: 1e-300, alpha: 0.05, beta: 0.05)
        #expect(throws: ParameterError.self) { try extreme.computeOptimal(compute: 1e20) }
        #expect(throws: ParameterError.self) { try extreme.frontier.optimum(compute: 1e20) }
        #expect(try frontier.optima(computes: []).isEmpty)
    }
}
