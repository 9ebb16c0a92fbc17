import ComputeOptimal
import GSL
import RealModule
import ScalingCore
import Testing

@Suite("Single-query inference-optimal size (unbounded data)")
struct SingleQueryOptimumTests {
    /// The single-task cell of DS3 notes §5.4: m = 80, L0 = 3, slope 20, rounded Chinchilla constants.
    static func singleTask() throws -> BridgeAccuracyModel {
        try BridgeAccuracyModel(law: .chinchilla, tasks: [.init(m: 80, L0: 3)], slope: 20)
    }

    @Test("Reproduces the notes' single-task optima (C = 1.148e11 → N* 2.614e7, Ω* 2196, acc 0.079)")
    func reproducesReferenceOptima() throws {
        let model = try Self.singleTask()
        // ds3-theory §8 (computed by the notes' author from the notebook formulation; printed 4 digits, acc 3).
        let first = try SingleQueryOptimum(model: model, compute: 1.148e11, minimumTokens: 80 * 25)
        #expect(roundsTo(first.parameters, 2.614e7, significantDigits: 4))
        #expect(roundsTo(first.tokens, 2196, significantDigits: 4))
        #expect(abs(first.accuracy - 0.079) <= 0.0005)
        // The other two rows print C to 4 digits (±4e-4 relative): N*, Ω* move by ≤ 0.5·4e-4 and the accuracy,
        // whose slope d acc/d ln C ≈ 8 there, by ≤ 0.004; tolerances 1e-3 relative and 0.005.
        for (C, N, omega, acc) in [(1.202e11, 2.675e7, 2248.0, 0.414), (1.259e11, 2.733e7, 2303.0, 0.831)] {
            let opt = try SingleQueryOptimum(model: model, compute: C, minimumTokens: 80 * 25)
            #expect(close(opt.parameters, N, relative: 1e-3))
            #expect(close(opt.tokens, omega, relative: 1e-3))
            #expect(abs(opt.accuracy - acc) <= 0.005)
        }
    }

    @Test("Optimum is a local maximum along C = 2NΩ and beats every point of a dense independent scan")
    func optimumIsLocalAndGlobal() throws {
        let model = try Self.singleTask()
        for C in [1.15e11, 1.2e11, 1.25e11] {
            let opt = try SingleQueryOptimum(model: model, compute: C, minimumTokens: 80 * 25)
            func acc(_ N: Double) throws -> Double {
                try model.accuracy(parameters: N, trainingTokens: .infinity, tokensPerQuery: C / (2 * N))
            }
            // Perturb ln N by ±1e-3: accuracy may not rise (1e-12 absorbs rounding in I_r).
            for delta in [-1e-3, 1e-3] { #expect(try acc(opt.parameters * Double.exp(delta)) <= opt.accuracy + 1e-12) }
            // Independent scan of 20,000 points over the whole range: none better.
            let upper = Double.log(C / (2 * 80 * 25))
            for i in 0...20_000 {
                let x = upper * Double(i) / 20_000
                #expect(try acc(Double.exp(x)) <= opt.accuracy + 1e-12)
            }
        }
    }

    @Test("Fitted exponents of N* and Ω* sum to one and match the notes' fit (0.48, 0.52)")
    func exponentsSumToOne() throws {
        let model = try Self.singleTask()
        // §5.4: C ∈ geom(10^8.5, 1e17, 1000) keeping 0.01 < acc < 0.99; we use the 40 grid points of that
        // window (log10 C ∈ [11.05, 11.12]) from a 40-point grid there.
        var cs: [Double] = []
        var ns: [Double] = []
        var omegas: [Double] = []
        for C in try Grid.geom(1.12e11, 1.32e11, 40) {
            let opt = try SingleQueryOptimum(model: model, compute: C, minimumTokens: 80 * 25)
            guard opt.accuracy > 0.01, opt.accuracy < 0.99 else { continue }
            cs.append(C)
            ns.append(opt.parameters)
            omegas.append(opt.tokens)
        }
        #expect(cs.count >= 10)
        let nFit = try PowerLawFit(x: cs, y: ns)
        let omegaFit = try PowerLawFit(x: cs, y: omegas)
        // Ω = C/(2N) makes the two log-log slopes sum to exactly 1 (least squares is linear): 1e-9.
        #expect(abs(nFit.exponent + omegaFit.exponent - 1) <= 1e-9)
        // Notes print 0.48 / 0.52 with R² = 1.00 (2 decimals).
        #expect(abs(nFit.exponent - 0.48) <= 0.005)
        #expect(nFit.rSquared >= 0.995)
    }
}
