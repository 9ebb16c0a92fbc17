import RealModule
import ScalingCore
import Testing

@Suite("Loss laws and named constant sets")
struct LossLawTests {
    @Test("Named sets resolve by name, case-insensitively, and unknown names throw a ParameterError")
    func namedSetsResolve() throws {
        #expect(try ChinchillaLossLaw.named("chinchilla") == .chinchilla)
        #expect(try ChinchillaLossLaw.named("Chinchilla-TeX") == .chinchillaTeX)
        #expect(try ChinchillaLossLaw.named("sardana") == .sardana)
        #expect(try ChinchillaLossLaw.named("epoch") == .epoch)
        #expect(throws: ParameterError.self) { try ChinchillaLossLaw.named("gopher") }
        for set in ChinchillaLossLaw.ConstantSet.allCases {
            #expect(try ChinchillaLossLaw.named(set.rawValue) == ChinchillaLossLaw.named(set))
        }
    }

    @Test("Epoch set is the published table exactly; the notebook's log-space estimate keeps its own name")
    func epochConstantsMatchPrintedTable() throws {
        // Besiroglu et al. 2024 (empirical-laws.md §2.2), table: E 1.8172, A 482.01, B 2085.43, α 0.3478,
        // β 0.3658 — taken verbatim, so exact equality.
        let law = ChinchillaLossLaw.epoch
        #expect(law.E == 1.8172 && law.A == 482.01 && law.B == 2085.43)
        #expect(law.alpha == 0.3478 && law.beta == 0.3658)
        // The analyzing-chinchilla notebook's log-space point estimate: A, B round to the table's digits, E is
        // e^0.59711196 = 1.81686 (not 1.8172, an earlier run of the same fit), α, β unrounded.
        let logSpace = ChinchillaLossLaw.epochLogSpace
        #expect(try ChinchillaLossLaw.named("epoch-log-space") == logSpace)
        #expect(roundsTo(logSpace.A, 482.01, significantDigits: 5))
        #expect(roundsTo(logSpace.B, 2085.43, significantDigits: 6))
        #expect(roundsTo(logSpace.E, 1.81686, significantDigits: 6))
        #expect(logSpace.alpha == 0.34781303 && logSpace.beta == 0.36585412)
        #expect(logSpace != law)
    }

    @Test("TeX constants equal exp of the log-space values stored in the Epoch notebook")
    func texConstantsMatchEpochNotebookLogs() {
        // empirical-laws.md §1.2: the Epoch notebook stores Hoffmann's TeX constants as logs a = 6.0073404,
        // b = 6.0179186, e = 0.5267228 (8 significant digits ⇒ relative agreement ≤ 1e-7).
        let law = ChinchillaLossLaw.chinchillaTeX
        #expect(close(law.A, Double.exp(6.0073404), relative: 1e-7))
        #expect(close(law.B, Double.exp(6.0179186), relative: 1e-7))
        #expect(close(law.E, Double.exp(0.5267228), relative: 1e-7))
    }

    @Test("Sardana et al. model calculator: 70B params on 1e12 tokens has loss 1.947 (sardana set)")
    func sardanaSeventyBillionLoss() throws {
        // beyond-chinchilla README, `model_calculator.py --model 70e9 --data 1e12` prints 1.947 (3 decimals).
        let loss = try ChinchillaLossLaw.sardana.loss(parameters: 70e9, tokens: 1e12)
        #expect(abs(loss - 1.947) <= 0.0005)
    }

    @Test("Chinchilla loss equals E + A N^-α + B D^-β computed directly, and the infinite-data limit drops B")
    func chinchillaLossFormula() throws {
        let law = ChinchillaLossLaw.chinchilla
        for (N, D) in [(1e8, 1e9), (7e10, 1.4e12), (1e12, 1e14)] {
            let direct = 1.69 + 406.4 / Double.pow(N, 0.34) + 410.7 / Double.pow(D, 0.28)
            // Same formula evaluated two ways (exp/log vs pow): agreement to a few ulps; 1e-14 allows it.
            #expect(close(try law.loss(parameters: N, tokens: D), direct, relative: 1e-14))
            #expect(close(try law.infiniteDataLoss(parameters: N), 1.69 + 406.4 / Double.pow(N, 0.34), relative: 1e-14))
        }
        // Published loss values of the DS3 notes §5.1 [VERIFIED there], printed to 4 decimals.
        #expect(abs(try law.loss(parameters: 8e9, tokens: 1.5e13) - 1.9485) <= 5e-5)
        #expect(abs(try law.loss(parameters: 2e9, tokens: 2e12) - 2.1173) <= 5e-5)
        #expect(abs(try law.loss(parameters: 2.8e9, tokens: 3e11) - 2.1906) <= 5e-5)
        #expect(abs(try law.loss(parameters: 70e9, tokens: 1.5e13) - 1.8575) <= 5e-5)
    }

    @Test("User-supplied constants are validated and bad N, D throw")
    func userConstantsValidated() throws {
        #expect(throws: ParameterError.self) { try ChinchillaLossLaw(E: 1, A: -1, B: 1, alpha: 0.3, beta: 0.3) }
        #expect(throws: ParameterError.self) { try ChinchillaLossLaw(E: .nan, A: 1, B: 1, alpha: 0.3, beta: 0.3) }
        let law = try ChinchillaLossLaw(E: 1.5, A: 300, B: 500, alpha: 0.3, beta: 0.35)
        #expect(throws: ParameterError.self) { try law.loss(parameters: 0, tokens: 1e9) }
        #expect(throws: ParameterError.self) { try law.loss(parameters: 1e9, tokens: .infinity) }
    }

    @Test("Kaplan joint law reproduces the reference values computed from Table-2 constants")
    func kaplanJointLaw() throws {
        // empirical-laws.md §5 [C] values, printed to 7 significant digits.
        let law = KaplanLossLaw.kaplan2020
        #expect(roundsTo(try law.loss(parameters: 1e8, tokens: 1e9), 2.956734, significantDigits: 7))
        #expect(roundsTo(try law.loss(parameters: 1e9, tokens: 1e10), 2.419652, significantDigits: 7))
        #expect(roundsTo(try law.loss(parameters: 1e9, tokens: 1e12), 2.320053, significantDigits: 7))
        #expect(roundsTo(try law.loss(parameters: 1.5e9, tokens: 1e11), 2.263976, significantDigits: 7))
        #expect(roundsTo(try KaplanLossLaw.overfittingThreshold(parameters: 1e9), 2.285e10, significantDigits: 4))
        // Infinite-data limit: the joint law tends to (N_c/N)^{α_N} as D → ∞ (D = 1e30 leaves D_c/D ≈ 1e-17).
        #expect(
            close(
                try law.loss(parameters: 1e9, tokens: 1e30), try law.infiniteDataLoss(parameters: 1e9),
                relative: 1e-12))
    }
}
