import Foundation
import GSL
import ScalingCore
import Testing

@testable import Tripartite

@Suite("Compute-optimal training")
struct ComputeOptimalTests {
    static let published = try! ComputeOptimalTraining(mode: .published)
    static let corrected = try! ComputeOptimalTraining(mode: .corrected)

    /// Rows of Appendix A where the notebook's float128 bisection (a grid-based "root exists" test) misplaced ε^BP by
    /// 1e-8 … 4e-7: our tangency-root ε^BP at the authors' own R* differs by that much there and nowhere else.
    static let bisectionNoiseRows: Set<Int> = [155, 161, 188, 190, 194, 198]

    /// Appendix A (200 notebook optima), in two parts.
    /// (1) The objective at the authors' R*: ε^BP to 1e-8 absolute (5e-7 on the six bisection-noise rows), α to
    ///     1e-5 relative (the authors' x^BP comes from a bounded Brent with ~1.5e-8 relative x-tolerance, which moves
    ///     α by up to ~6e-6) and R_learned to 1e-6 relative (2e-6 on the noise rows).
    /// (2) Our optimiser: R* within 1e-4 relative of the authors' (the objective is flat; reference §8.2), except the
    ///     flagged outlier idx 155 where the authors' search stopped early; and never a worse objective than the
    ///     authors' R* under the same objective (1e-9 relative slack for the Brent stopping rule).
    @Test("Published mode reproduces the 200 notebook optima of Appendix A")
    func appendixA() throws {
        let ref = try referenceTable("appendix-a.csv")
        let idx = try ref.numbers("idx").map { Int($0) }
        let F = try ref.numbers("FLOPS_F")
        let R = try ref.numbers("R_opt")
        let learned = try ref.numbers("R_learned")
        let eps = try ref.numbers("eps_BP")
        let alpha = try ref.numbers("alpha")
        let optima = try Self.published.path(graphComputes: F)
        for i in 0..<ref.rowCount {
            let noisy = Self.bisectionNoiseRows.contains(idx[i])
            let atAuthors = try Self.published.learning(concepts: R[i], graphCompute: F[i])
            #expect(abs(atAuthors.threshold.epsilon - eps[i]) < (noisy ? 5e-7 : 1e-8), "idx \(idx[i]) ε^BP")
            #expect(close(atAuthors.alpha, alpha[i], relative: 1e-5), "idx \(idx[i]) α")
            #expect(close(atAuthors.conceptsLearned, learned[i], relative: noisy ? 2e-6 : 1e-6), "idx \(idx[i])")
            let o = optima[i]
            #expect(o.conceptsLearned >= atAuthors.conceptsLearned * (1 - 1e-9), "idx \(idx[i]) optimiser")
            if idx[i] != 155 { #expect(close(o.concepts, R[i], relative: 1e-4), "idx \(idx[i]) R*") }
        }
        // idx 155: the authors' outlier; our optimum is clearly better (by > 1e-3 relative).
        #expect(optima[155].conceptsLearned > learned[155] * (1 + 1e-3))
    }

    /// §8.3 optimum points (R* to 1e-4 relative — the objective is flat there, §8.2 — and R_learned to 1e-5, its 6
    /// printed digits) and §9.2: the corrected α alone (first-order law, DE stall point at ε) moves R*/√F to 0.3994
    /// (F = 1e6), 0.4579 (1e10), 0.4681 (1e14) (4 digits: ±1e-4). The corrected mode's refined law (finite-length
    /// shift β n^{−2/3}) and waterfall-averaged stall residual are finite-size corrections: they move R*/√F by
    /// more than 0.005 at F = 1e6 (n ≈ 770; a direct evaluation on both sides of R* confirms the optimum) and,
    /// vanishing as n grows, by less than 1e-3 at 1e10 and 1e-4 at 1e14.
    @Test("Iso-FLOP optima of §8.3 (published) and the corrected-α optima of §9.2")
    func isoFlopOptima() throws {
        let cases: [(Double, Double, Double)] = [
            (1e6, 384.750, 338.814), (1e8, 4256.78, 4155.76), (1e10, 45211.63, 44954.76),
        ]
        for (F, Rstar, learned) in cases {
            let o = try Self.published.optimum(graphCompute: F)
            #expect(close(o.concepts, Rstar, relative: 1e-4), "F = \(F): \(o.concepts)")
            #expect(close(o.conceptsLearned, learned, relative: 1e-5), "F = \(F): \(o.conceptsLearned)")
            #expect(o.nearTies.isEmpty)
        }
        let correctedFirstOrder = try ComputeOptimalTraining(mode: .corrected, law: .firstOrder, stall: .fixedPoint)
        for (F, ratio, refinedGap) in [(1e6, 0.3994, 0.005), (1e10, 0.4579, 1e-3), (1e14, 0.4681, 1e-4)] {
            let o = try correctedFirstOrder.optimum(graphCompute: F)
            #expect(abs(o.concepts / F.squareRoot() - ratio) < 1e-4, "F = \(F): \(o.concepts / F.squareRoot())")
            let refined = try Self.corrected.optimum(graphCompute: F)
            let gap = abs(refined.concepts - o.concepts) / F.squareRoot()
            #expect(F == 1e6 ? gap > refinedGap : gap < refinedGap, "F = \(F): refined R*/√F moves by \(gap)")
            for factor in [0.99, 1.01] {
                let side = try Self.corrected.learning(concepts: refined.concepts * factor, graphCompute: F)
                #expect(side.conceptsLearned <= refined.conceptsLearned)
            }
        }
    }

    /// §8.3 samples R_learned(c√F) (6 significant digits: 1e-5 relative).
    @Test("Iso-FLOP samples R_learned(c√F) of §8.3")
    func isoFlopSamples() throws {
        let rows: [(Double, Double, Double)] = [
            (1e6, 0.2, 199.673), (1e6, 0.45, 299.543), (1e6, 0.6, 183.799), (1e8, 0.4, 3995.05),
            (1e8, 0.45, 3774.50), (1e8, 0.5, 1380.62), (1e8, 0.6, 1736.79), (1e10, 0.45, 44891.55),
            (1e10, 0.5, 10563.03), (1e10, 0.6, 17365.28),
        ]
        for (F, c, learned) in rows {
            let r = try Self.published.learning(concepts: c * F.squareRoot(), graphCompute: F)
            #expect(close(r.conceptsLearned, learned, relative: 1e-5), "F = \(F), c = \(c): \(r.conceptsLearned)")
        }
    }

    /// Reference §3: exponents 0.5014 (N*) and 0.4986 (D*) over the upper half of the 70 plotted points; the issue
    /// asks for 0.50 ± 0.01. Both modes are checked; the authors' published numbers to 1e-3.
    @Test("Fitted exponents of N*, D* against C are 0.50 ± 0.01 over the upper half of the budgets")
    func exponents() throws {
        let budgets = try Grid.geom(1e2, 1e20, 200)
        let plotted = Array(stride(from: 30, to: 170, by: 2)).map { budgets[$0] }
        for model in [Self.published, Self.corrected] {
            let path = try model.path(graphComputes: plotted)
            let upper = Array(path[(path.count / 2)...])
            let n = try LogLogFit(x: upper.map(\.flops), y: upper.map(\.parameters))
            let d = try LogLogFit(x: upper.map(\.flops), y: upper.map(\.tokens))
            #expect(abs(n.slope - 0.5) <= 0.01)
            #expect(abs(d.slope - 0.5) <= 0.01)
            #expect(abs(n.slope + d.slope - 1) < 1e-12)  // C ∝ N·D exactly
            if model.mode == .published {
                #expect(abs(n.slope - 0.5014) < 1e-3)
                let all = try LogLogFit(x: path.map(\.flops), y: path.map(\.parameters))
                #expect(abs(all.slope - 0.5074) < 1e-3)
            }
        }
    }

    /// Limit: R*/√F → 1/√κ* = 0.46969 and D*/N* → (τ/ς)κ* = 18.13 (reference §3; at idx 168 R*/√F = 0.4693 and
    /// D*/N* = 18.17 are printed). At F = 1e20 we require 1e-3 relative of the limit (the O(R^{-1/2}) correction).
    @Test("Large-budget limit: R*/√F → 1/√κ*, tokens per parameter → 4κ*")
    func asymptoticRatio() throws {
        let kappa = try ComputeOptimalTraining.criticalTextsPerConcept()
        let o = try Self.published.optimum(graphCompute: 1e20)
        #expect(close(o.concepts / 1e10, 1 / kappa.squareRoot(), relative: 1e-3))
        #expect(close(o.tokensPerParameter, 4 * kappa, relative: 2e-3))
        let chinchilla = try Self.published.optimum(flops: 5.76e23)
        // Between the idx-108 point (C = 5.64e23: N* = 7.087e10, D* = 1.326e12, 18.7 tokens/parameter) and the limit.
        #expect(chinchilla.tokensPerParameter > 4 * kappa && chinchilla.tokensPerParameter < 19)
    }
}
