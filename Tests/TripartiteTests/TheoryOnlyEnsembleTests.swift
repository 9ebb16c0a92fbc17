import ScalingCore
import Testing
import Tripartite

/// Issue 17 item 1: a degree ensemble needs only its theory (8 requirements of `DegreeEnsemble`); the solvers run
/// it with the default shortcuts (`PlainShortcuts`) and agree with the built-in ensemble's closed-form shortcuts.
@Suite("A theory-only degree ensemble goes through every solver")
struct TheoryOnlyEnsembleTests {
    /// The (3,6)-regular ensemble written as a user would: generating functions and derivatives only.
    struct UserRegular: DegreeEnsemble {
        func lambda(_ x: Double) -> Double { x * x }
        func lambdaPrime(_ x: Double) -> Double { 2 * x }
        func rho(_ x: Double) -> Double { x * x * x * x * x }
        func rhoPrime(_ x: Double) -> Double { 5 * x * x * x * x }
        func lambdaSecond(_ x: Double) -> Double { 2 }
        func rhoSecond(_ x: Double) -> Double { 20 * x * x * x }
        func nodeL(_ x: Double) -> Double { x * x * x }
        var meanVariableDegree: Double { 3 }
    }

    /// Tolerances: the built-in threshold comes from Halley's method on the closed-form tangency residual, the
    /// theory-only one from the grid search polished by Brent (1e-12 relative in x; ε^BP is a minimum, flat in x, so
    /// it agrees to ~1e-14, checked at 1e-12); α and the shift are smooth functions of the threshold (1e-9).
    @Test("Threshold, scaling parameter, shift, density evolution and stall erasure match the built-in (3,6) ensemble")
    func matchesBuiltIn() throws {
        let user = UserRegular()
        let builtIn = try RegularEnsemble(variableDegree: 3, checkDegree: 6)
        let mine = try BPThreshold.solve(user)
        let theirs = try BPThreshold.solve(builtIn)
        #expect(mine.isTangency && theirs.isTangency)
        #expect(abs(mine.epsilon - theirs.epsilon) <= 1e-12 * theirs.epsilon)
        #expect(abs(mine.x - theirs.x) <= 1e-9 * theirs.x)
        // Richardson & Urbanke's ε^BP = 0.4294398 (7 digits).
        #expect(abs(mine.epsilon - 0.4294398) < 1e-7)
        for mode in [TripartiteMode.corrected, .published] {
            let a = try ScalingParameter.alpha(user, threshold: mine, mode: mode)
            let b = try ScalingParameter.alpha(builtIn, threshold: theirs, mode: mode)
            #expect(abs(a - b) <= 1e-9 * b, "\(mode)")
        }
        let shift = try ScalingParameter.shiftOverOmega(user, threshold: mine)
        let builtInShift = try ScalingParameter.shiftOverOmega(builtIn, threshold: theirs)
        #expect(abs(shift - builtInShift) <= 1e-9 * abs(builtInShift))
        // Density evolution and the stall erasure use the theory alone; the built-in evaluates x^(d-1) with pow where
        // the user multiplies, so they agree to rounding (1e-12 relative; the stall point is a Brent root to 1e-12).
        for eps in [0.40, 0.45] {
            let de = try DensityEvolution.fixedPoint(user, erasure: eps)
            let builtInDE = try DensityEvolution.fixedPoint(builtIn, erasure: eps)
            #expect(
                abs(de.x - builtInDE.x) <= 1e-12 * max(builtInDE.x, 1e-300) || (de.x < 1e-14 && builtInDE.x < 1e-14))
            let stall = try ConceptLearning.stallErasure(user, threshold: theirs, erasure: eps, mode: .corrected)
            let builtInStall = try ConceptLearning.stallErasure(
                builtIn, threshold: theirs, erasure: eps, mode: .corrected)
            #expect(abs(stall - builtInStall) <= 1e-12 * builtInStall, "ε = \(eps): \(stall) vs \(builtInStall)")
        }
    }
}
