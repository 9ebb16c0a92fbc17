import Foundation
import GSL
import ScalingCore
import Testing

@testable import Tripartite

@Suite("Skill layer, emergence, plateaus, training error")
struct SkillLayerTests {
    /// Appendix C: η_l and σ_l of the notebook (exact integers).
    @Test("Notebook schedule η_l = round(e^{7l/100}), σ_l = round(log₂ l) matches Appendix C")
    func schedule() throws {
        let s = try SkillLevelSchedule.notebook()
        let eta: [Double] = [
            1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 11, 12,
            12, 13, 14, 15, 16, 18, 19, 20, 22, 23, 25, 27, 29, 31, 33, 36, 38, 41, 44, 47, 50, 54, 58, 62, 67, 72, 77,
            82, 88, 95, 101, 109, 117, 125, 134, 144, 154, 166, 178, 191, 204, 219, 235, 252, 270, 290, 311, 334, 358,
            384, 412, 441, 473, 508, 545, 584, 626, 672, 721, 773, 829, 889, 953, 1022, 1097,
        ]
        #expect(s.supportThresholds == eta)
        let sigma: [Double] = (1...100).map { l in
            l == 1 ? 0 : l == 2 ? 1 : l <= 5 ? 2 : l <= 11 ? 3 : l <= 22 ? 4 : l <= 45 ? 5 : l <= 90 ? 6 : 7
        }
        #expect(s.prerequisiteCounts == sigma)
    }

    /// §5: q(l) peaks (7 digits printed: 1e-7 absolute) and the omitted l = 0 mass (published sums 1 − 8e-31 and
    /// 1 − 8.1e-11; corrected sums to 1 within 1e-15).
    @Test("Level distributions q(l): peaks of §5, published sums, corrected renormalisation")
    func levelDistributions() throws {
        let uni = try LevelDistribution.unimodal(mode: .published)
        let multi = try LevelDistribution.multimodal(mode: .published)
        #expect(abs(uni[49] - 0.0795892) < 1e-7)
        #expect(abs(multi[19] - 0.0397201) < 1e-7)
        #expect(abs(multi[59] - 0.0324877) < 1e-7)
        #expect(abs(multi[94] - 0.0360036) < 1e-7)
        #expect(abs(1 - multi.reduce(0, +) - 8.1e-11) < 1e-12)
        for q in [try LevelDistribution.unimodal(), try LevelDistribution.multimodal()] {
            #expect(abs(q.reduce(0, +) - 1) < 1e-15)
        }
    }

    /// Appendix B (70 plotted points) from Appendix A's full-precision R* and F (T* = F/R*), published mode.
    /// Accuracies: 1e-8 absolute (9 printed digits; the notebook's Lambert-W noise below 1e-12 is read as 0).
    /// P_e,train and ½P_e² are evaluated from the printed δ (10 digits): the naive (1 − pδ)^{R−1} of the notebook loses
    /// ~R·1e-16 relative, so we allow 1e-6 relative plus 2·R·1e-16 absolute. Chinchilla excess: 1e-9 relative.
    @Test("Published mode reproduces the Figure A(b) and Figure B curves of Appendix B")
    func appendixB() throws {
        let a = try referenceTable("appendix-a.csv")
        let b = try referenceTable("appendix-b.csv")
        let F = try a.numbers("FLOPS_F")
        let Rs = try a.numbers("R_opt")
        let idx = try b.numbers("idx").map { Int($0) }
        let delta = try b.numbers("delta")
        let pe = try b.numbers("P_e_train")
        let lb = try b.numbers("excess_lb")
        let chin = try b.numbers("chinchilla_excess")
        let N = try b.numbers("N_star")
        let D = try b.numbers("D_star")
        let hom = try b.numbers("acc_homogeneous")
        let uni = try b.numbers("acc_unimodal")
        let multi = try b.numbers("acc_multimodal")
        let model = try SkillGraphModel(schedule: try SkillLevelSchedule.notebook(), mode: .published)
        let qUni = try LevelDistribution.unimodal(mode: .published)
        let qMulti = try LevelDistribution.multimodal(mode: .published)
        let sizes = TaskSizeDistribution.notebook(mode: .published)
        let law = try ChinchillaLossLaw(E: 0, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)
        for (row, i) in idx.enumerated() {
            let R = Rs[i]
            let T = F[i] / Rs[i]
            let gammas = try model.giantComponentFractions(concepts: R, texts: T)
            let accUni = try Emergence.accuracy(gammas: gammas, levelWeights: qUni, taskSizes: sizes)
            let accMulti = try Emergence.accuracy(gammas: gammas, levelWeights: qMulti, taskSizes: sizes)
            let accHom = Emergence.homogeneousAccuracy(gamma: gammas[10], mode: .published)
            #expect(abs(accUni - uni[row]) < 1e-8, "idx \(i) unimodal \(accUni) vs \(uni[row])")
            #expect(abs(accMulti - multi[row]) < 1e-8, "idx \(i) multimodal \(accMulti) vs \(multi[row])")
            #expect(abs(accHom - hom[row]) < 1e-8, "idx \(i) homogeneous")
            let p = try TrainingError.probability(concepts: R, unlearnedFraction: delta[row], mode: .published)
            #expect(abs(p - pe[row]) <= 1e-6 * pe[row] + 2 * R * 1e-16, "idx \(i) P_e \(p) vs \(pe[row])")
            let bound = try TrainingError.excessEntropyLowerBound(
                concepts: R, unlearnedFraction: delta[row], mode: .published)
            #expect(abs(bound - lb[row]) <= 1e-6 * lb[row] + 2 * pe[row] * R * 1e-16, "idx \(i) bound")
            #expect(close(try law.loss(parameters: N[row], tokens: D[row]), chin[row], relative: 1e-9))
        }
    }

    /// Figure B shapes (issue): monotone in N* (1e-12 slack for rounding) and, in published mode, plateaus at 0.4 and
    /// 0.8 — checked as runs of consecutive plotted points within 2e-3 of 0.4 (from 1e10 … 6e10 in N*) and of 0.8
    /// (4e11 … 1.3e12), as stated in §6.
    @Test("Emergence curves are monotone in N*; the multimodal one plateaus at 0.4 and 0.8 (published)")
    func plateaus() throws {
        for mode in TripartiteMode.allCases {
            let curves = try TripartiteFigureData.emergence(mode: mode)
            for curve in [curves.homogeneous, curves.unimodal, curves.multimodal] {
                for (x, y) in zip(curve, curve.dropFirst()) { #expect(y >= x - 1e-12, "\(mode)") }
                #expect(abs(curve.last! - 1) < 1e-6)
                #expect(curve.first! < 1e-2)  // starts from (nearly) nothing learned
            }
            if mode == .published {
                let at = { (n: Double) in curves.multimodal[curves.parameters.firstIndex { $0 >= n }!] }
                #expect(abs(at(2.1e10) - 0.4) < 2e-3 && abs(at(5.7e10) - 0.4) < 2e-3)
                #expect(abs(at(4.7e11) - 0.8) < 2e-3 && abs(at(1.0e12) - 0.8) < 2e-3)
            }
        }
    }

    /// Corrected support probability is the exact binomial tail: against the Chernoff bounds in nats,
    /// (8Ma(1 − a))^{−1/2} e^{−M D(a‖π)} ≤ P(X ≥ η) ≤ e^{−M D(a‖π)} for a = η/M > π (Ash), and against direct summation
    /// of the binomial pmf for a small case (1e-12 relative).
    @Test("Corrected support probability is the exact binomial tail (summation and Chernoff/Ash bounds)")
    func exactTail() throws {
        let model = try SkillGraphModel(schedule: try SkillLevelSchedule.notebook(skillsPerLevel: 3))
        // Small case: R = 12 → M = 66 pairs.
        let R = 12.0
        let T = 10.0
        let pi = try model.cooccurrenceProbability(level: 50, concepts: R, texts: T)
        let eta = Int(model.schedule.supportThresholds[49])
        var direct = 0.0
        for k in eta...66 { direct += try Binomial.pmf(k: k, n: 66, p: pi) }
        let tail = try model.supportProbability(level: 50, concepts: R, texts: T)
        #expect(close(tail, direct, relative: 1e-12))
        // Large case with a > π.
        let big = try SkillGraphModel(schedule: try SkillLevelSchedule.notebook())
        let Rb = 2e8
        let Tb = 5e6  // Mπ ≈ 1.8e-5·T = 90 < η_80 = 270
        let M = Rb * (Rb - 1) / 2
        let pib = try big.cooccurrenceProbability(level: 80, concepts: Rb, texts: Tb)
        let a = big.schedule.supportThresholds[79] / M
        #expect(a > pib)
        let kl = a * Foundation.log(a / pib) + (1 - a) * Foundation.log1p(-a) - (1 - a) * Foundation.log1p(-pib)
        let exact = try big.supportProbability(level: 80, concepts: Rb, texts: Tb)
        #expect(exact <= Foundation.exp(-M * kl) * (1 + 1e-9))
        #expect(exact >= Foundation.exp(-M * kl) / (8 * M * a * (1 - a)).squareRoot() * (1 - 1e-9))
    }

    /// Training error: the corrected form is the exact P(Bin(R, pδ) ≥ 2) (checked against 1 − pmf(0) − pmf(1) summed
    /// with GSL, 1e-12 relative) and tends to (d_tδ)²/2 for small δ (relative error O(d_tδ) ≤ 2e-4 at δ = 1e-5).
    @Test("Corrected training error is P(Bin(R, pδ) ≥ 2) and tends to (d_t δ)²/2")
    func trainingError() throws {
        let R = 500.0
        let delta = 0.05
        let p = 6 / R
        let exact = 1 - (try Binomial.pmf(k: 0, n: 500, p: p * delta)) - (try Binomial.pmf(k: 1, n: 500, p: p * delta))
        #expect(close(try TrainingError.probability(concepts: R, unlearnedFraction: delta), exact, relative: 1e-12))
        let small = try TrainingError.probability(concepts: 1e9, unlearnedFraction: 1e-5)
        #expect(close(small, 0.5 * 36 * 1e-10, relative: 2e-4))
    }
}
