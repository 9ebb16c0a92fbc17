import Foundation
import GSL
import ScalingCore
import Testing

@testable import Tripartite

@Suite("Refined waterfall law: the finite-length shift β n^{−2/3}")
struct RefinedWaterfallLawTests {
    /// (3,6)-regular ensemble: β/Ω = 0.6169487039828816 by a 30-digit mpmath evaluation of the AMU formula at the
    /// 30-digit threshold (ε^BP = 0.4294398144…, x^BP = 0.2605710729…), and 0.6169 as tabulated for this ensemble
    /// in the finite-length literature. 1e-7: the threshold solve is accurate to ~1e-12 in x, and β/Ω depends on x
    /// through powers up to x¹⁰ (relative sensitivity ≲ 1e3 × 1e-12).
    @Test("(3,6)-regular shift parameter β/Ω = 0.616949")
    func regularThreeSix() throws {
        let ensemble = try RegularEnsemble(variableDegree: 3, checkDegree: 6)
        let threshold = try BPThreshold.solve(ensemble)
        let betaOverOmega = try ScalingParameter.shiftOverOmega(ensemble, threshold: threshold)
        #expect(abs(betaOverOmega - 0.6169487039828816) < 1e-7)
        #expect(abs(betaOverOmega - 0.6169) < 5e-5)
    }

    /// AMU define r_i = Σ_{m≥j≥i} (−1)^{i+j} C(j−1, i−1) C(m−1, j−1) ρ_m x^j; the code uses the closed form
    /// x^i ρ^{(i−1)}(1 − x)/(i − 1)!. Checked by the explicit double sum (exact enumeration of the degree
    /// distribution) for a small binomial check ensemble (Bin(12, 0.3) check degrees: ρ_m = C(11, m−1) p^{m−1}
    /// (1−p)^{12−m}) and for the (3,6)-regular one. The alternating sum loses at most ~1e-13 to cancellation
    /// (terms ≤ C(11,5)·C(10,4) ≈ 1e5 times x^j ≤ 1), so 1e-10 absolute.
    @Test("Closed form of r₂, r₃ equals AMU's alternating double sum")
    func shiftCoefficientsClosedForm() throws {
        func choose(_ n: Int, _ k: Int) -> Double {
            guard k >= 0, k <= n else { return 0 }
            return (0..<k).reduce(1.0) { $0 * Double(n - $1) / Double($1 + 1) }
        }
        func explicit(_ i: Int, rhoM: [Int: Double], x: Double) -> Double {
            var total = 0.0
            for (m, weight) in rhoM where m >= i {
                for j in i...m {
                    let sign: Double = (i + j) % 2 == 0 ? 1 : -1
                    total += sign * choose(j - 1, i - 1) * choose(m - 1, j - 1) * weight * Foundation.pow(x, Double(j))
                }
            }
            return total
        }
        let p = 0.3
        let n = 12
        let binomial = try BinomialEnsemble(variableTrials: 20, checkTrials: Double(n), edgeProbability: p)
        var rhoM: [Int: Double] = [:]
        for m in 1...n {
            rhoM[m] = choose(n - 1, m - 1) * Foundation.pow(p, Double(m - 1)) * Foundation.pow(1 - p, Double(n - m))
        }
        let regular = try RegularEnsemble(variableDegree: 3, checkDegree: 6)
        for x in [0.05, 0.26, 0.37, 0.8] {
            let b = ScalingParameter.shiftCoefficients(binomial, x: x)
            #expect(abs(b.r2 - explicit(2, rhoM: rhoM, x: x)) < 1e-10)
            #expect(abs(b.r3 - explicit(3, rhoM: rhoM, x: x)) < 1e-10)
            let r = ScalingParameter.shiftCoefficients(regular, x: x)
            #expect(abs(r.r2 - explicit(2, rhoM: [6: 1], x: x)) < 1e-10)
            #expect(abs(r.r3 - explicit(3, rhoM: [6: 1], x: x)) < 1e-10)
        }
    }

    /// Limit R → ∞ at fixed T/R: the binomial ensemble tends to the Poisson one (d_s = d_t T/R, d̄_t = d_t/ε) with
    /// relative differences O(p) = O(d_t/R) = 6e-8 at R = 1e8; β/Ω agrees to 1e-5 relative (the solves' x^BP
    /// differ by O(p) and β/Ω amplifies a relative error of x by ≲ 10²).
    @Test("Binomial β/Ω tends to the Poisson ensemble's as R → ∞")
    func poissonLimit() throws {
        let R = 1e8
        let ratio = 4.5
        let graph = try ConceptTextGraph(concepts: R, texts: ratio * R)
        let binomial = try graph.ensemble()
        let poisson = try PoissonEnsemble(meanConceptDegree: 6 * ratio, meanTextDegree: 12)
        let b = try ScalingParameter.shiftOverOmega(binomial, threshold: try BPThreshold.solve(binomial))
        let q = try ScalingParameter.shiftOverOmega(poisson, threshold: try BPThreshold.solve(poisson))
        #expect(abs(b / q - 1) < 1e-5, "binomial \(b) vs Poisson \(q)")
        #expect(b > 0.5 && b < 0.7)
    }

    /// The shift moves the threshold down by exactly Ω(β/Ω)n^{−2/3}: the refined P_B equals the first-order law
    /// evaluated at ε + shift (identity, to rounding), the shift shrinks as n^{−2/3} (×1/4 when R grows 8×, the
    /// threshold itself moving by < 1e-3 relative between R = 1000 and 8000), and `.published` keeps the authors'
    /// first-order law.
    @Test("Refined law = first-order law at the shifted erasure; shift ∝ n^{−2/3}; published mode has no shift")
    func shiftIdentities() throws {
        let small = try ConceptTextGraph(concepts: 1000, texts: 4600)
        let large = try ConceptTextGraph(concepts: 8000, texts: 8000 * 4.6)
        let refined = try ConceptLearning.evaluate(small)
        #expect(refined.law == .refined && refined.shift > 0)
        let ensemble = try small.ensemble()
        let threshold = try BPThreshold.solve(ensemble)
        let alpha = try ScalingParameter.alpha(ensemble, threshold: threshold)
        let firstOrderAtShift = try SpecialFunctions.gaussianQ(
            small.conceptNodes.squareRoot() * (threshold.epsilon - (small.erasure + refined.shift)) / alpha)
        #expect(abs(refined.blockErasureProbability - firstOrderAtShift) < 1e-14)
        let ratio = try ConceptLearning.evaluate(large).shift / refined.shift
        #expect(abs(ratio - 0.25) < 0.25 * 2e-3)
        #expect(try ConceptLearning.evaluate(small, mode: .published).shift == 0)
        #expect(try ConceptLearning.evaluate(small, law: .firstOrder).shift == 0)
    }
}

@Suite("Stall models: the prefactor γ of P_b = γ P_B")
struct StallModelTests {
    /// The averaged δ computed independently: a plain midpoint sum over ε' on [max(cutoff, ε − 10s), ε + 10s] with
    /// 400,000 cells of the Gaussian density times the DE residual (no split at ε^BP, no substitution, no
    /// GSL), at R = 500 and 2000, T/R ∈ {4.5, 4.75}. Starting at the cutoff leaves only the √(ε' − ε^BP) onset
    /// inside the range, where the midpoint rule errs by O(h^{3/2}) with h ≤ 20s/4e5: ≲ 1e-8 relative; tolerance
    /// 1e-7 relative.
    @Test("Waterfall-averaged δ equals a brute-force midpoint sum over the effective erasure")
    func averageMatchesBruteForce() throws {
        for (R, ratio) in [(500.0, 4.5), (2000.0, 4.75)] {
            let graph = try ConceptTextGraph(concepts: R, texts: R * ratio)
            let result = try ConceptLearning.evaluate(graph)
            let ensemble = try graph.ensemble()
            let threshold = result.threshold
            let eps = graph.erasure
            let s = result.alpha / graph.conceptNodes.squareRoot()
            let cutoff = threshold.epsilon - result.shift
            let cells = 400_000
            let lower = max(cutoff, eps - 10 * s)
            let h = (eps + 10 * s - lower) / Double(cells)
            var sum = 0.0
            for i in 0..<cells {
                let e = lower + (Double(i) + 0.5) * h
                let r =
                    e >= 1
                    ? 1 : try ConceptLearning.stallErasure(ensemble, threshold: threshold, erasure: e, mode: .corrected)
                let z = (e - eps) / s
                sum += Foundation.exp(-0.5 * z * z) / (s * (2 * Double.pi).squareRoot()) * r * h
            }
            let brute = sum / eps
            #expect(
                abs(result.unlearnedFraction / brute - 1) < 1e-7, "R = \(R): \(result.unlearnedFraction) vs \(brute)")
        }
    }

    /// n → ∞ at fixed T/R away from the threshold (T/R = 3, ε^BP ≈ 0.46 < ε): the Gaussian of width α/√n shrinks,
    /// so the averaged residual tends to the DE fixed point at ε. At R = 1e8 (s ≈ 4e-5) the Jensen term is
    /// O(s² r'') ≈ 1e-9; tolerance 1e-7 relative. The published default keeps γ^BP.
    @Test("Large-R limit: waterfall average → DE fixed point; published mode keeps γ^BP")
    func largeNLimit() throws {
        let graph = try ConceptTextGraph(concepts: 1e8, texts: 3e8)
        let averaged = try ConceptLearning.evaluate(graph)
        let fixedPoint = try ConceptLearning.evaluate(graph, stall: .fixedPoint)
        #expect(averaged.stallModel == .waterfallAverage && fixedPoint.stallModel == .fixedPoint)
        #expect(abs(averaged.unlearnedFraction / fixedPoint.unlearnedFraction - 1) < 1e-7)
        let published = try ConceptLearning.evaluate(graph, mode: .published)
        #expect(published.stallModel == .threshold)
        #expect(
            published.stallErasure == published.threshold.epsilon * (try graph.ensemble()).nodeL(published.threshold.y))
    }

    /// γ^BP ≤ γ ≤ 1 for the waterfall average, where the code clamps nothing: γ = δε/P_B is the stall residual
    /// r(ε') averaged over the effective erasures that stall, and r equals γ^BP = ε^BP L(y^BP) up to ε^BP, grows with
    /// ε' above it (the largest DE fixed point moves up) and is 1 beyond ε' = 1. Skipped where δ is capped at 1
    /// (tiny graphs whose Gaussian reaches past ε' = 1) or P_B = 0 (γ is then the DE fixed point by definition).
    /// Slack 1e-9 relative: the quadrature's relative tolerance is 1e-10, the Gaussian cut at ±10 s drops < 1e-23.
    static func expectAveragedStallBetweenThresholdAndOne(_ graph: ConceptTextGraph, _ label: String) throws {
        let averaged = try ConceptLearning.evaluate(graph, stall: .waterfallAverage)
        guard averaged.blockErasureProbability > 0, averaged.unlearnedFraction < 1 else { return }
        let gammaBP = try ConceptLearning.evaluate(graph, stall: .threshold).stallErasure
        #expect(
            averaged.stallErasure >= gammaBP * (1 - 1e-9), "\(label): γ = \(averaged.stallErasure) < γ^BP \(gammaBP)")
        #expect(averaged.stallErasure <= 1 + 1e-9, "\(label): γ = \(averaged.stallErasure)")
    }

    /// Tiny graphs (R down to 1, where n = 2 and the Gaussian of the waterfall is wider than the unit interval) and
    /// extreme data ratios: no stall model throws, every γ (not clamped by the code, unlike δ, which a guard keeps in
    /// [0, 1]) is a fraction, and the waterfall average lies between γ^BP and 1.
    @Test("Every stall model evaluates on tiny graphs and extreme ratios; γ^BP ≤ averaged γ ≤ 1")
    func tinyGraphs() throws {
        for R in [1.0, 2, 3, 7, 20, 150] {
            for ratio in [0.1, 1, 4.5, 30] {
                let graph = try ConceptTextGraph(concepts: R, texts: max(1, R * ratio))
                for stall in StallModel.allCases {
                    let r = try ConceptLearning.evaluate(graph, stall: stall)
                    #expect(r.stallErasure >= 0 && r.stallErasure <= 1, "R = \(R), T/R = \(ratio), \(stall)")
                }
                try Self.expectAveragedStallBetweenThresholdAndOne(graph, "R = \(R), T/R = \(ratio)")
            }
        }
    }

    /// Robustness over the whole domain a sweep can visit: R from 1 to 1e10 and T/R from 0.05 to 100 (25 × 25
    /// log-spaced points), every stall model: no throw (e.g. no quadrature failure, no δ outside [0, 1], which the
    /// code turns into a thrown error), γ in [0, 1] and, for the waterfall average, γ^BP ≤ γ ≤ 1.
    @Test("Corrected evaluation never throws over R ∈ [1, 1e10], T/R ∈ [0.05, 100]; γ^BP ≤ averaged γ ≤ 1")
    func wideGrid() throws {
        for R in try Grid.geom(1, 1e10, 25) {
            for ratio in try Grid.geom(0.05, 100, 25) {
                let graph = try ConceptTextGraph(concepts: R, texts: max(1, R * ratio))
                for stall in StallModel.allCases {
                    let r = try ConceptLearning.evaluate(graph, stall: stall)
                    // γ = δε/P_B is a conditional mean of a fraction: it must stay in [0, 1] even when P_B is tiny.
                    #expect(r.stallErasure >= 0 && r.stallErasure <= 1 + 1e-9, "R = \(R), T/R = \(ratio), \(stall)")
                }
                try Self.expectAveragedStallBetweenThresholdAndOne(graph, "R = \(R), T/R = \(ratio)")
            }
        }
    }
}
