import ComputeOptimal
import GSL
import RealModule
import ScalingCore
import Testing

@Suite("Inference-aware optimum (Sardana et al. 2024)")
struct InferenceAwareTests {
    @Test("Sardana README: loss 1.947 with 2e12 inference tokens gives N 2.418e10, D 2.657e12 (sardana set)")
    func sardanaComputeOptimalExample() throws {
        // beyond-chinchilla README, `compute_optimal.py --loss 1.947 --inference_tokens 2e12` (default constants,
        // our `sardana` set): N 2.418e+10, D 2.657e+12 (4 significant digits); 70.96 % of the Chinchilla-style
        // parameters, 146.77 % of its tokens, 95.22 % of its lifetime FLOPs (2 decimals of a percentage).
        let law = ChinchillaLossLaw.sardana
        let opt = try InferenceAware.fixedLoss(law: law, loss: 1.947, inferenceTokens: 2e12)
        let chin = try InferenceAware.chinchillaStyle(law: law, loss: 1.947, inferenceTokens: 2e12)
        #expect(roundsTo(opt.parameters, 2.418e10, significantDigits: 4))
        #expect(roundsTo(opt.tokens, 2.657e12, significantDigits: 4))
        #expect(abs(100 * opt.parameters / chin.parameters - 70.96) <= 0.005)
        #expect(abs(100 * opt.tokens / chin.tokens - 146.77) <= 0.005)
        #expect(abs(100 * opt.totalFLOPs / chin.totalFLOPs - 95.22) <= 0.005)
        // The solution lies on the loss constraint (root tolerance 1e-13 in ln D ⇒ ~1e-13 relative in loss).
        #expect(close(opt.loss, 1.947, relative: 1e-12))
    }

    @Test("Sardana README: cost-optimal model on A100s (int8 inference) gives N 2.053e10, D 3.302e12")
    func sardanaCostOptimalExample() throws {
        // beyond-chinchilla README, `cost_optimal.py --loss 1.947 --inference_reqs 1e10 --input_tok 1000
        // --output_tok 250 --train_gpu_type A100_80 --train_gpu_cost 1.40 --inference_gpu_type A100_40
        // --inference_dtype int8 --inference_gpu_cost 0.60 --train_mfu 0.5 --prefill_mfu 0.4
        // --generation_mfu 0.2` (train dtype default bf16): N 2.053e+10, D 3.302e+12; 60.23 % params,
        // 182.41 % tokens, 88.76 % of the Chinchilla-style dollar cost.
        let cost = try DollarCostModel(
            training: Accelerator(peakFLOPsPerSecond: Accelerator.Peak.a100BF16, dollarsPerHour: 1.40),
            inference: Accelerator(peakFLOPsPerSecond: Accelerator.Peak.a100Int8, dollarsPerHour: 0.60),
            trainingUtilization: 0.5, prefillUtilization: 0.4, decodeUtilization: 0.2)
        let law = ChinchillaLossLaw.sardana
        let (input, output) = (1e10 * 1000.0, 1e10 * 250.0)
        let opt = try InferenceAware.costOptimal(law: law, loss: 1.947, input: input, output: output, cost: cost)
        let chin = try law.computeOptimal(loss: 1.947)
        #expect(roundsTo(opt.parameters, 2.053e10, significantDigits: 4))
        #expect(roundsTo(opt.tokens, 3.302e12, significantDigits: 4))
        #expect(abs(100 * opt.parameters / chin.parameters - 60.23) <= 0.005)
        #expect(abs(100 * opt.tokens / chin.tokens - 182.41) <= 0.005)
        let ratio =
            cost.dollars(parameters: opt.parameters, tokens: opt.tokens, input: input, output: output)
            / cost.dollars(parameters: chin.parameters, tokens: chin.tokens, input: input, output: output)
        #expect(abs(100 * ratio - 88.76) <= 0.005)
    }

    @Test("At T = 0 both forms reduce to the Chinchilla closed form")
    func reducesToChinchillaAtZeroInference() throws {
        for law in [ChinchillaLossLaw.chinchilla, .chinchillaTeX, .sardana, .epoch] {
            for C in [1e20, 5.76e23, 1e27] {
                let closed = try law.computeOptimal(compute: C)
                let budget = try InferenceAware.fixedBudget(law: law, compute: C, inferenceTokens: 0)
                // Root tolerance 1e-13 in ln D ⇒ ≤ ~1e-12 relative in D and N.
                #expect(close(budget.parameters, closed.parameters, relative: 1e-11))
                #expect(close(budget.tokens, closed.tokens, relative: 1e-11))
                let loss = try InferenceAware.fixedLoss(law: law, loss: closed.loss, inferenceTokens: 0)
                // Through ℓ − E the conditioning is 1/(ℓ−E) ≈ 5: 1e-10 relative.
                #expect(close(loss.parameters, closed.parameters, relative: 1e-10))
                #expect(close(loss.tokens, closed.tokens, relative: 1e-10))
            }
        }
    }

    @Test(
        "At fixed loss, as T grows: N* falls, D* and D*/N* rise, total FLOPs never exceed the Chinchilla-style model's")
    func monotoneInInferenceDemand() throws {
        for law in [ChinchillaLossLaw.sardana, .epoch] {
            for ell in [1.9, 2.0, 2.3] where ell > law.E {
                var previous: LifetimeModel?
                for T in [0] + (try Grid.geom(1e8, 1e16, 17)) {
                    let opt = try InferenceAware.fixedLoss(law: law, loss: ell, inferenceTokens: T)
                    let chin = try InferenceAware.chinchillaStyle(law: law, loss: ell, inferenceTokens: T)
                    // Equality only at T = 0 (up to root tolerance ~1e-12 relative).
                    #expect(opt.totalFLOPs <= chin.totalFLOPs * (1 + 1e-12))
                    if let previous {
                        #expect(opt.parameters < previous.parameters)
                        #expect(opt.tokens > previous.tokens)
                        #expect(opt.tokensPerParameter > previous.tokensPerParameter)
                    }
                    previous = opt
                }
            }
        }
    }

    @Test("Budget form and fixed-loss form trace the same frontier")
    func budgetAndLossFormsAgree() throws {
        let law = ChinchillaLossLaw.sardana
        for ell in [1.85, 1.947, 2.2] {
            for T in [1e9, 2e12, 1e15] {
                let byLoss = try InferenceAware.fixedLoss(law: law, loss: ell, inferenceTokens: T)
                let byBudget = try InferenceAware.fixedBudget(law: law, compute: byLoss.totalFLOPs, inferenceTokens: T)
                // Two independent root searches at 1e-13 in ln D; composition through totalFLOPs: 1e-9 relative.
                #expect(close(byBudget.parameters, byLoss.parameters, relative: 1e-9))
                #expect(close(byBudget.tokens, byLoss.tokens, relative: 1e-9))
                #expect(close(byBudget.loss, ell, relative: 1e-12))
            }
        }
    }

    @Test("Fixed-budget optimum agrees with direct minimisation and is a local minimum along the constraint")
    func budgetOptimumIsLocalMinimum() throws {
        for law in [ChinchillaLossLaw.chinchilla, .epoch] {
            for (C, T) in [(1e22, 1e11), (1e24, 1e13), (1e26, 1e10)] {
                let opt = try InferenceAware.fixedBudget(law: law, compute: C, inferenceTokens: T)
                #expect(opt.convergence.iterations > 0)
                #expect(close(opt.totalFLOPs, C, relative: 1e-12))
                func lossAt(_ lnN: Double) throws -> Double {
                    let N = Double.exp(lnN)
                    let D = (C - 2 * N * T) / (6 * N)
                    return D > 0 ? try law.loss(parameters: N, tokens: D) : .infinity
                }
                let x0 = Double.log(opt.parameters)
                // Perturbation along the constraint: ±1e-4 and ±1e-2 in ln N both raise the loss.
                for delta in [-1e-2, -1e-4, 1e-4, 1e-2] { #expect(try lossAt(x0 + delta) > opt.loss) }
                // Independent direct minimisation over ln N ∈ [x0 − 3, ln(C/2T)) (multi-start grid + Brent).
                let upper = Double.log(C / (2 * T)) - 1e-9
                let direct = try Minimize1D.global(
                    lower: x0 - 3, upper: upper, gridPoints: 200, relativeTolerance: 1e-7, lossAt)
                // Brent resolves ln N to ~√ε-limited 1e-7·|x| ≈ 3e-6; 1e-5 in ln N bounds it.
                #expect(abs(direct.minimum.x - x0) <= 1e-5)
                #expect(direct.nearTies.isEmpty)
            }
        }
    }

    @Test("Fixed-loss optimum is a local minimum of lifetime FLOPs along the loss constraint")
    func lossOptimumIsLocalMinimum() throws {
        let law = ChinchillaLossLaw.sardana
        let (ell, T) = (2.0, 1e13)
        let opt = try InferenceAware.fixedLoss(law: law, loss: ell, inferenceTokens: T)
        func totalAt(_ lnD: Double) -> Double {
            let D = Double.exp(lnD)
            let N = Double.exp(Double.log(law.A / (ell - law.E - law.dataTerm(D))) / law.alpha)
            return 6 * N * D + 2 * N * T
        }
        let x0 = Double.log(opt.tokens)
        for delta in [-1e-2, -1e-4, 1e-4, 1e-2] { #expect(totalAt(x0 + delta) > opt.totalFLOPs) }
        let direct = try Minimize1D.brent(lower: x0 - 1, guess: x0, upper: x0 + 2, relativeTolerance: 1e-7, totalAt)
        #expect(abs(direct.x - x0) <= 1e-5)  // same √ε-limited resolution as above
    }

    @Test("Fixed-inference-token closed form (§5.6) equals the general budget solver for exponents 1/3")
    func fixedInferenceTokensClosedForm() throws {
        let kappa = 20.0
        // L = a N^-1/3 + b D^-1/3 with (b/a)^3 = κ; E is irrelevant to the optimum.
        let law = try ChinchillaLossLaw(E: 1, A: 1, B: Double.pow(kappa, 1.0 / 3), alpha: 1.0 / 3, beta: 1.0 / 3)
        for Dinf in [1e6, 1e10, 1e14, 1e18] {
            for C in [1e18, 1e24, 1e30] {
                guard C >= 6 + 2 * Dinf else {
                    // The inference demand alone exceeds the budget: both forms refuse it (issue 18).
                    #expect(throws: ParameterError.self) {
                        try FixedInferenceTokensOptimum(compute: C, inferenceTokens: Dinf, kappa: kappa)
                    }
                    #expect(throws: ParameterError.self) {
                        try InferenceAware.fixedBudget(law: law, compute: C, inferenceTokens: Dinf)
                    }
                    continue
                }
                let closed = try FixedInferenceTokensOptimum(compute: C, inferenceTokens: Dinf, kappa: kappa)
                let numeric = try InferenceAware.fixedBudget(law: law, compute: C, inferenceTokens: Dinf)
                // Root solve at 1e-13 in ln D vs a closed form: 1e-10 relative.
                #expect(close(closed.trainingTokens, numeric.tokens, relative: 1e-10))
                #expect(close(closed.parameters, numeric.parameters, relative: 1e-10))
            }
        }
        // T = 0: D_tr = √(κC/6) exactly, N = √(C/(6κ)), D/N = κ.
        let zero = try FixedInferenceTokensOptimum(compute: 1e24, inferenceTokens: 0, kappa: kappa)
        #expect(
            close(
                zero.trainingTokens, FixedInferenceTokensOptimum.trainingTokensAsymptote(compute: 1e24),
                relative: 1e-15))
        #expect(close(zero.trainingTokens / zero.parameters, kappa, relative: 1e-14))
        // Large C: approaches the asymptotes (D_inf = 1e10 at C = 1e32: relative correction ≈ √(D_inf/…) ≪ 1e-3).
        let large = try FixedInferenceTokensOptimum(compute: 1e32, inferenceTokens: 1e10, kappa: kappa)
        #expect(close(large.parameters, FixedInferenceTokensOptimum.parametersAsymptote(compute: 1e32), relative: 1e-3))
    }

    @Test("Bad input throws ParameterError")
    func badInputThrows() {
        let law = ChinchillaLossLaw.chinchilla
        #expect(throws: ParameterError.self) { try InferenceAware.fixedLoss(law: law, loss: 1.5, inferenceTokens: 1) }
        #expect(throws: ParameterError.self) { try InferenceAware.fixedLoss(law: law, loss: 2, inferenceTokens: -1) }
        #expect(throws: ParameterError.self) {
            try InferenceAware.fixedBudget(law: law, compute: 0, inferenceTokens: 1)
        }
        #expect(throws: ParameterError.self) {
            try InferenceAware.fixedBudget(law: law, compute: 1e24, inferenceTokens: .nan)
        }
        #expect(throws: ParameterError.self) { try FixedInferenceTokensOptimum(compute: 1e24, inferenceTokens: -1) }
        // Constants that push the optimum outside Double's range are refused, not returned as inf/0/NaN.
        #expect(throws: ParameterError.self) {
            try ChinchillaLossLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 1e308, beta: 0.28).computeOptimal(compute: 1e24)
        }
        #expect(throws: ParameterError.self) { try InferenceAware.fixedLoss(law: law, loss: 1e308, inferenceTokens: 1) }
    }
}
