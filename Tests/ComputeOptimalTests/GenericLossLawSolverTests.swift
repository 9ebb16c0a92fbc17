import ComputeOptimal
import Foundation
import ScalingCore
import Testing

/// Chinchilla's law behind a user type that does not report its `chinchillaForm`: the same loss, bit for bit, so
/// the solvers take their numerical paths on exactly the function the closed forms solve.
private struct HiddenChinchilla: LossLaw {
    let law: ChinchillaLossLaw
    func loss(parameters N: Double, tokens D: Double) throws(ParameterError) -> Double {
        try law.loss(parameters: N, tokens: D)
    }
    func infiniteDataLoss(parameters N: Double) throws(ParameterError) -> Double {
        try law.infiniteDataLoss(parameters: N)
    }
}

/// A user's additive law written with `pow` (its losses differ from Chinchilla's in the last bits).
private struct PowAdditiveLaw: LossLaw {
    let E: Double, A: Double, B: Double, alpha: Double, beta: Double
    init(_ c: ChinchillaLossLaw) { (E, A, B, alpha, beta) = (c.E, c.A, c.B, c.alpha, c.beta) }
    func loss(parameters N: Double, tokens D: Double) throws(ParameterError) -> Double {
        E + A / Foundation.pow(N, alpha) + B / Foundation.pow(D, beta)
    }
    func infiniteDataLoss(parameters N: Double) throws(ParameterError) -> Double { E + A / Foundation.pow(N, alpha) }
}

/// A law that returns NaN for models above 1e6 parameters (a user's law evaluated outside its domain).
private struct NaNAboveLaw: LossLaw {
    func loss(parameters N: Double, tokens D: Double) throws(ParameterError) -> Double {
        N > 1e6 ? .nan : 2 + 400 / Foundation.pow(N, 0.3) + 400 / Foundation.pow(D, 0.3)
    }
    func infiniteDataLoss(parameters N: Double) throws(ParameterError) -> Double { 2 }
}

/// A law that declares itself not monotone.
private struct NonMonotoneLaw: LossLaw {
    func loss(parameters N: Double, tokens D: Double) throws(ParameterError) -> Double { 2 + 1 / N + 1 / D }
    func infiniteDataLoss(parameters N: Double) throws(ParameterError) -> Double { 2 + 1 / N }
    var isMonotone: Bool { false }
}

@Suite("Optimum solvers generic over LossLaw")
struct GenericLossLawSolverTests {
    static let law = ChinchillaLossLaw.chinchilla

    /// |a/b − 1|.
    static func relative(_ a: Double, _ b: Double) -> Double { abs(a / b - 1) }

    @Test("Protocol defaults: a user's law has E from L(N, ∞) at the largest N, is monotone and has no Chinchilla form")
    func protocolDefaults() throws {
        let user = PowAdditiveLaw(Self.law)
        // A N^−α at N = 1.8e308 is ~1e-103, far below half an ulp of E = 1.69: the default is E exactly.
        #expect(user.irreducibleLoss == Self.law.E)
        #expect(user.isMonotone && user.chinchillaForm == nil)
        #expect(Self.law.chinchillaForm == Self.law && Self.law.irreducibleLoss == Self.law.E)
        #expect(KaplanLossLaw.kaplan2020.irreducibleLoss == 0 && KaplanLossLaw.kaplan2020.chinchillaForm == nil)
        let limited = try DataConstrainedLossLaw.muennighoff(uniqueTokens: 1e9)
        #expect(limited.irreducibleLoss > limited.base.E && limited.chinchillaForm == nil)
        #expect(try DataConstrainedLossLaw.muennighoff(uniqueTokens: .infinity).irreducibleLoss == limited.base.E)
    }

    @Test("A Chinchilla law passed as some LossLaw takes the closed forms: the same bits as the concrete overloads")
    func chinchillaThroughGenericEntryIsBitIdentical() throws {
        let any: any LossLaw = Self.law
        for T in [0, 1e12, 1e20] {
            #expect(
                try InferenceAware.fixedBudget(law: any, compute: 1e23, inferenceTokens: T)
                    == InferenceAware.fixedBudget(law: Self.law, compute: 1e23, inferenceTokens: T))
            #expect(
                try InferenceAware.fixedLoss(law: any, loss: 2.1, inferenceTokens: T)
                    == InferenceAware.fixedLoss(law: Self.law, loss: 2.1, inferenceTokens: T))
            #expect(
                try InferenceAware.chinchillaStyle(law: any, loss: 2.1, inferenceTokens: T)
                    == InferenceAware.chinchillaStyle(law: Self.law, loss: 2.1, inferenceTokens: T))
        }
    }

    /// The numerical path solves the first-order condition to 1e-13 in ln D (fourth-order difference: truncation
    /// ~1e-12), so N and D agree with the closed form's safeguarded Newton (itself 1e-13 in ln D) to ~1e-10; 1e-8
    /// relative leaves two orders of margin. The loss agrees to rounding (first order
    /// in the location error vanishes at a minimum).
    @Test(
        "Fixed budget: a user law with Chinchilla's constants reproduces the closed form to 1e-8 relative",
        arguments: [(1e19, 0.0), (1e23, 0.0), (1e23, 1e12), (1e25, 1e15), (1e21, 1e20)])
    func fixedBudgetReproducesClosedForm(compute C: Double, inferenceTokens T: Double) throws {
        let exact = try InferenceAware.fixedBudget(law: Self.law, compute: C, inferenceTokens: T)
        for numeric in [
            try InferenceAware.fixedBudget(law: HiddenChinchilla(law: Self.law), compute: C, inferenceTokens: T),
            try InferenceAware.fixedBudget(law: PowAdditiveLaw(Self.law), compute: C, inferenceTokens: T),
        ] {
            #expect(Self.relative(numeric.parameters, exact.parameters) <= 1e-8, "\(numeric) vs \(exact)")
            #expect(Self.relative(numeric.tokens, exact.tokens) <= 1e-8)
            #expect(Self.relative(numeric.loss, exact.loss) <= 1e-14)
            #expect(numeric.convergence.method.contains("Roots.brent") && numeric.convergence.converged)
        }
    }

    /// The outer root on ln C is solved to 1e-12 and the inner budget optimum to ~1e-10 (above), so N, D of the
    /// fixed-loss optimum agree with the closed form (Brent on ln D to 1e-13) to ~1e-10; tolerance 1e-8.
    @Test(
        "Fixed loss and the Chinchilla-style baseline: a user law with Chinchilla's constants reproduces the closed form",
        arguments: [(2.5, 0.0), (2.1, 0.0), (2.1, 1e13), (1.95, 1e16)])
    func fixedLossReproducesClosedForm(loss ell: Double, inferenceTokens T: Double) throws {
        let user = HiddenChinchilla(law: Self.law)
        let exact = try InferenceAware.fixedLoss(law: Self.law, loss: ell, inferenceTokens: T)
        let numeric = try InferenceAware.fixedLoss(law: user, loss: ell, inferenceTokens: T)
        #expect(Self.relative(numeric.parameters, exact.parameters) <= 1e-8, "\(numeric) vs \(exact)")
        #expect(Self.relative(numeric.tokens, exact.tokens) <= 1e-8)
        #expect(abs(numeric.loss - ell) <= 1e-12)
        let style = try InferenceAware.chinchillaStyle(law: user, loss: ell, inferenceTokens: T)
        let exactStyle = try InferenceAware.chinchillaStyle(law: Self.law, loss: ell, inferenceTokens: T)
        #expect(Self.relative(style.parameters, exactStyle.parameters) <= 1e-8)
        #expect(Self.relative(style.tokens, exactStyle.tokens) <= 1e-8)
        #expect(style.inferenceTokens == T)
    }

    /// T = 0 is the training problem: the numerical budget optimum is Chinchilla's compute optimum (1e-8 relative,
    /// as above).
    @Test("T = 0 reduces to the Chinchilla optimum on the numerical path")
    func zeroInferenceIsChinchilla() throws {
        for C in [1e20, 5.76e23] {
            let exact = try Self.law.computeOptimal(compute: C)
            let numeric = try InferenceAware.fixedBudget(
                law: HiddenChinchilla(law: Self.law), compute: C, inferenceTokens: 0)
            #expect(Self.relative(numeric.parameters, exact.parameters) <= 1e-8)
            #expect(Self.relative(numeric.tokens, exact.tokens) <= 1e-8)
        }
    }

    @Test("Kaplan through the numerical path: N, D grow and the loss falls with the budget; fixed loss inverts it")
    func kaplanMonotoneInBudget() throws {
        let law = KaplanLossLaw.kaplan2020
        let T = 1e12
        var previous: LifetimeModel?
        for C in try Grid.geom(1e19, 1e25, 7) {
            let m = try InferenceAware.fixedBudget(law: law, compute: C, inferenceTokens: T)
            #expect(m.parameters > 1 && m.tokens > 1)
            // The budget is spent: 6ND + 2NT = C to rounding.
            #expect(Self.relative(m.totalFLOPs, C) <= 1e-12)
            if let previous {
                #expect(m.parameters > previous.parameters && m.tokens > previous.tokens && m.loss < previous.loss)
            }
            previous = m
        }
        // Duality: the least lifetime FLOPs reaching the budget optimum's loss is that budget (1e-8: the loss is
        // flat in C only to first order, and the root in ln C is solved to 1e-12).
        let atBudget = try InferenceAware.fixedBudget(law: law, compute: 1e22, inferenceTokens: T)
        let atLoss = try InferenceAware.fixedLoss(law: law, loss: atBudget.loss, inferenceTokens: T)
        #expect(Self.relative(atLoss.totalFLOPs, 1e22) <= 1e-8)
    }

    @Test("Infeasible or unsupported problems throw, naming the parameter")
    func errorsNameTheParameter() throws {
        let user = HiddenChinchilla(law: Self.law)
        func parameter(_ body: () throws -> LifetimeModel) -> String? {
            do {
                _ = try body()
                return nil
            } catch let error as ParameterError {
                return error.parameter
            } catch {
                return "\(error)"
            }
        }
        #expect(parameter { try InferenceAware.fixedLoss(law: user, loss: Self.law.E, inferenceTokens: 0) } == "loss")
        // L(1, 1) = E + A + B ≈ 819: a larger loss is reached by less than one parameter and token.
        #expect(parameter { try InferenceAware.fixedLoss(law: user, loss: 1000, inferenceTokens: 0) } == "loss")
        #expect(parameter { try InferenceAware.fixedBudget(law: user, compute: 1, inferenceTokens: 0) } == "compute")
        // A tiny size term (A = 1e-6) puts the optimum below one parameter (N* ≈ 1e-11 at 1e6 FLOPs): on the edge.
        let small = try ChinchillaLossLaw(E: 1.69, A: 1e-6, B: 410.7, alpha: 0.34, beta: 0.28)
        for law in [small as any LossLaw, HiddenChinchilla(law: small)] {
            #expect(
                parameter { try InferenceAware.fixedBudget(law: law, compute: 1e6, inferenceTokens: 0) } == "compute")
        }
        #expect(parameter { try InferenceAware.fixedLoss(law: NonMonotoneLaw(), loss: 3, inferenceTokens: 0) } == "law")
        #expect(
            parameter { try InferenceAware.fixedBudget(law: NaNAboveLaw(), compute: 1e20, inferenceTokens: 0) } == "law"
        )
    }
}

@Suite("Accuracy models and the joint optimum with any LossLaw")
struct GenericLossLawJointTests {
    static let queries = 1e10

    /// A small population (L0 ∈ {1.8, 2.4, 3.0} × m ∈ {2, 8}) keeps each joint solve cheap in debug builds.
    static func model(_ law: any LossLaw) throws -> BridgeAccuracyModel {
        let tasks = try [1.8, 2.4, 3.0].flatMap { L0 in
            try [2, 8].map { try BridgeAccuracyModel.TaskClass(m: $0, L0: L0) }
        }
        return try BridgeAccuracyModel(law: law, tasks: tasks)
    }

    @Test("== compares built-in laws by value; a user's law that is not Equatable makes == false")
    func equality() throws {
        let chinchilla = try Self.model(.chinchilla)
        #expect(chinchilla == (try Self.model(ChinchillaLossLaw.chinchilla)))
        #expect(chinchilla != (try Self.model(.epoch)))
        #expect(try Self.model(.kaplan2020) == (try Self.model(KaplanLossLaw.kaplan2020)))
        #expect(try Self.model(.kaplan2020) != chinchilla)
        let hidden = try Self.model(HiddenChinchilla(law: .chinchilla))
        #expect(hidden != hidden && hidden != chinchilla)
    }

    /// HiddenChinchilla returns Chinchilla's losses bit for bit and its default irreducible loss is E exactly, so
    /// the accuracy model evaluates the same numbers and the deterministic multi-start search takes the same steps:
    /// the optimum is equal, not merely close (tolerance 0).
    @Test("Joint optimum with Chinchilla behind a user type equals the built-in one exactly")
    func jointWithHiddenChinchillaIsIdentical() throws {
        for C in [1e20, 1e23] {
            let builtIn = try JointOptimum.global(model: Self.model(.chinchilla), compute: C, queries: Self.queries)
            let user = try JointOptimum.global(
                model: Self.model(HiddenChinchilla(law: .chinchilla)), compute: C, queries: Self.queries)
            #expect(user == builtIn)
        }
    }

    /// A `pow`-based copy of Chinchilla differs from it in the last bits of the loss, so Nelder–Mead may branch
    /// differently and stop elsewhere in its final simplex (size 1e-5 in ln N and logit s): N, D and Ω agree to
    /// 1e-3 relative (100 simplex sizes), the accuracy, flat at a maximum (second order in the location), to 1e-9.
    @Test("Joint optimum with a user law of Chinchilla's constants agrees with the built-in one")
    func jointWithUserCopyAgrees() throws {
        let builtIn = try JointOptimum.global(model: Self.model(.chinchilla), compute: 1e22, queries: Self.queries).best
        let user = try JointOptimum.global(
            model: Self.model(PowAdditiveLaw(.chinchilla)), compute: 1e22, queries: Self.queries
        ).best
        #expect(GenericLossLawSolverTests.relative(user.parameters, builtIn.parameters) <= 1e-3)
        #expect(GenericLossLawSolverTests.relative(user.trainingTokens, builtIn.trainingTokens) <= 1e-3)
        #expect(GenericLossLawSolverTests.relative(user.tokensPerQuery, builtIn.tokensPerQuery) <= 1e-3)
        #expect(abs(user.accuracy - builtIn.accuracy) <= 1e-9)
        #expect(builtIn.accuracy > 0.5 && builtIn.accuracy < 0.9999, "not saturated: \(builtIn.accuracy)")
    }

    @Test("Kaplan's law through the joint optimum: more budget never lowers the accuracy")
    func kaplanJoint() throws {
        let model = try Self.model(.kaplan2020)
        let low = try JointOptimum.global(model: model, compute: 1e20, queries: Self.queries).best
        let high = try JointOptimum.global(model: model, compute: 1e22, queries: Self.queries).best
        // 1e-9: the Nelder–Mead stopping error of each accuracy (see JointOptimumTests).
        #expect(high.accuracy >= low.accuracy - 1e-9 && high.parameters > low.parameters)
    }

    @Test("The data-constrained accuracy model needs a Chinchilla-form law, naming law")
    func dataConstrainedNeedsChinchillaForm() throws {
        let hidden = try Self.model(HiddenChinchilla(law: .chinchilla))
        #expect {
            _ = try DataConstrainedAccuracyModel(bridge: hidden, uniqueTokens: 1e10)
        } throws: { ($0 as? ParameterError)?.parameter == "law" }
        #expect(throws: Never.self) {
            _ = try DataConstrainedAccuracyModel(bridge: Self.model(.chinchilla), uniqueTokens: 1e10)
        }
    }
}
