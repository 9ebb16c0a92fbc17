import ComputeOptimal
import GSL
import RealModule
import ScalingCore
import Testing

@Suite("DS3 joint optimum over (N, D, Ω)")
struct JointOptimumTests {
    /// A small bridge population (fast in debug): L0 ∈ lin(1, 3.5, 6) × m ∈ {1, 2, 4, 8, 16, 32}, slope 5.
    static func population() throws -> BridgeAccuracyModel {
        var tasks: [BridgeAccuracyModel.TaskClass] = []
        for L0 in try Grid.lin(1.0, 3.5, 6) { for m in [1, 2, 4, 8, 16, 32] { tasks.append(try .init(m: m, L0: L0)) } }
        return try BridgeAccuracyModel(law: .chinchilla, tasks: tasks, slope: 5)
    }

    static let queries = 1e9

    @Test("Joint optimum is never worse than the Chinchilla-constrained or fixed-Ω allocations, and meets the budget")
    func neverWorseThanConstrained() throws {
        let model = try Self.population()
        for C in [1e19, 1e21, 1e23] {
            let joint = try JointOptimum.global(model: model, compute: C, queries: Self.queries).best
            let chin = try JointOptimum.chinchillaConstrained(model: model, compute: C, queries: Self.queries)
            // Both maximise the same function; the constrained feasible set is a subset. 1e-9 absorbs the
            // Nelder–Mead stopping tolerance (simplex 1e-5 ⇒ accuracy error ~ f''·1e-10).
            #expect(joint.accuracy >= chin.accuracy - 1e-9)
            for omega in [1e2, 1e3, 1e4] {
                let fixed = try JointOptimum.fixedTokensPerQuery(
                    model: model, law: .chinchilla, compute: C, queries: Self.queries, tokensPerQuery: omega)
                #expect(joint.accuracy >= fixed.accuracy - 1e-9)
            }
            #expect(close(joint.trainingFLOPs + joint.inferenceFLOPs, C, relative: 1e-12))
            #expect(close(chin.tokensPerParameter, 20, relative: 1e-12))
            #expect(close(chin.trainingFLOPs + chin.inferenceFLOPs, C, relative: 1e-12))
        }
    }

    @Test("Joint optimum is a local maximum along the constraint and no point of a dense scan beats it")
    func localAndMultiStartOptimality() throws {
        let model = try Self.population()
        let C = 1e21
        let result = try JointOptimum.global(model: model, compute: C, queries: Self.queries)
        let best = result.best
        #expect(best.convergence.starts >= 2)
        #expect(result.startAccuracies.allSatisfy { $0 <= best.accuracy + 1e-15 })
        let lnN = Double.log(best.parameters)
        let share = best.trainingFLOPs / C
        let logit = Double.log(share / (1 - share))
        func accuracy(_ x: Double, _ y: Double) throws -> Double {
            let N = Double.exp(x)
            let s = 1 / (1 + Double.exp(-y))
            return try model.accuracy(
                parameters: N, trainingTokens: s * C / (6 * N), tokensPerQuery: (1 - s) * C / (2 * N * Self.queries))
        }
        // Perturbations along the constraint (ln N and the training share) of ±1e-3 never improve by more than
        // the solver tolerance (1e-9, see above).
        for (dx, dy) in [(1e-3, 0.0), (-1e-3, 0), (0, 1e-3), (0, -1e-3), (1e-3, 1e-3), (-1e-3, -1e-3)] {
            #expect(try accuracy(lnN + dx, logit + dy) <= best.accuracy + 1e-9)
        }
        // Independent dense scan (80 × 80 over ln N ± 6 and logit s ± 6): none better.
        for i in 0...80 {
            for j in 0...80 {
                let x = lnN - 6 + 12 * Double(i) / 80
                let y = logit - 6 + 12 * Double(j) / 80
                #expect(try accuracy(x, y) <= best.accuracy + 1e-9)
            }
        }
    }

    @Test("Extra compute: the Chinchilla-constrained allocation reaches the joint accuracy at C(1 + extra)")
    func extraComputeMatches() throws {
        let model = try Self.population()
        let C = 1e21
        let joint = try JointOptimum.global(model: model, compute: C, queries: Self.queries).best
        let extra = try #require(
            try JointOptimum.extraComputeToMatch(
                model: model, targetAccuracy: joint.accuracy, compute: C, queries: Self.queries))
        #expect(extra >= 0)
        let matched = try JointOptimum.chinchillaConstrained(
            model: model, compute: C * (1 + extra), queries: Self.queries)
        // Root tolerance 1e-7 in ln C' with d acc/d ln C ≲ 0.2: accuracy within 1e-7.
        #expect(abs(matched.accuracy - joint.accuracy) <= 1e-7)
    }

    @Test("Power-law fit recovers an exact power law and reports R² < 1 for a noisy one")
    func powerLawFit() throws {
        let xs = try Grid.geom(1e18, 1e24, 13)
        let fit = try PowerLawFit(x: xs, y: xs.map { 3 * Double.pow($0, 0.7) })
        // Exact data: least squares recovers it to rounding (1e-12).
        #expect(abs(fit.exponent - 0.7) <= 1e-12)
        #expect(abs(fit.log10Prefactor - Double.log10(3)) <= 1e-10)
        #expect(abs(fit.rSquared - 1) <= 1e-12)
        let noisy = try PowerLawFit(
            x: xs, y: xs.enumerated().map { i, x in Double.pow(x, 0.5) * (i % 2 == 0 ? 2 : 0.5) })
        #expect(noisy.rSquared < 0.99)
        #expect(throws: ParameterError.self) { try PowerLawFit(x: [1], y: [1]) }
    }
}
