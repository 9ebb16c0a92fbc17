import ScalingCore
import Tripartite

/// Registered figures of this area, in display order: Nayak & Varshney (arXiv 2410.01243) Figures A and B, the
/// iso-FLOP curves, and the project's Monte Carlo check of the concept layer. Paper figures use `.published` mode.
enum TripartiteFigures {
    static let all: [FigureSpec] = [
        FigureSpec(
            id: "tri-A-a", paper: .tripartite, title: "Compute-optimal size scaling: N* and D* vs C",
            columns: ["C", "N_star", "D_star", "R_star", "T_star", "concepts_learned"],
            goldenTolerance: .tripartiteOptimum,
            make: frontierTable),
        FigureSpec(
            id: "tri-A-b", paper: .tripartite, title: "Excess entropy scaling: ½P²_e,train vs N* with Chinchilla",
            columns: ["N_star", "delta", "P_e_train", "excess_lb", "chinchilla_excess"],
            goldenTolerance: .tripartiteOptimum,
            make: excessEntropyTable),
        FigureSpec(
            id: "tri-B-a", paper: .tripartite, title: "Emergence (homogeneous): level-11 accuracy vs N*",
            columns: ["N_star", "accuracy"], goldenTolerance: .tripartiteOptimum,
            make: { try emergenceTable(\.homogeneous, note: "gamma_11^7") }),
        FigureSpec(
            id: "tri-B-b", paper: .tripartite, title: "Skill-level distributions q(l)",
            columns: ["level", "q_unimodal", "q_multimodal"], make: levelDistributionTable),
        FigureSpec(
            id: "tri-B-c", paper: .tripartite, title: "Emergence (unimodal q(l)): accuracy vs N*",
            columns: ["N_star", "accuracy"], goldenTolerance: .tripartiteOptimum,
            make: { try emergenceTable(\.unimodal, note: "Bin(100, 0.5)") }),
        FigureSpec(
            id: "tri-B-d", paper: .tripartite, title: "Plateaus (multimodal q(l)): accuracy vs N*",
            columns: ["N_star", "accuracy"],
            goldenTolerance: .tripartiteOptimum,
            make: { try emergenceTable(\.multimodal, note: "0.4 Bin(100,0.2) + 0.4 Bin(100,0.6) + 0.2 Bin(100,0.95)") }),
        FigureSpec(
            id: "tri-isoflop", paper: .tripartite, title: "Iso-FLOP curves: concepts learned and ε^BP vs R per budget",
            columns: ["F", "C", "R", "concepts_learned", "eps_BP", "is_optimum"], goldenTolerance: .tripartiteOptimum,
            make: isoFlopTable),
        FigureSpec(
            id: "proj-peeling-mc", paper: .project,
            title: "Concept layer: finite-size prediction vs Monte Carlo peeling (mean ± SE)",
            columns: [
                "texts_per_concept", "mc_unlearned", "mc_se", "mc_stall", "mc_stall_se", "predicted_corrected",
                "predicted_published", "Q_corrected", "Q_first_order", "mc_stalled_unlearned", "stall_prefactor",
            ], make: peelingTable),
    ]

    static let modeNote = Table.Metadata("mode", TripartiteMode.published.rawValue)

    static func frontierMetadata() -> [Table.Metadata] {
        [
            modeNote, Table.Metadata("d_t", "6"), Table.Metadata("epsilon", "0.5"), Table.Metadata("varsigma", "2e5"),
            Table.Metadata("tau", "8e5"), Table.Metadata("budgets", "F = 10^(2+18i/199), i = 30, 32, ..., 168"),
        ]
    }

    static func frontierTable() throws -> Table {
        let f = try TripartiteFigureData.frontier(mode: .published)
        return try Table(
            columns: [
                .init("C", f.map(\.flops)), .init("N_star", f.map(\.parameters)), .init("D_star", f.map(\.tokens)),
                .init("R_star", f.map(\.concepts)), .init("T_star", f.map(\.texts)),
                .init("concepts_learned", f.map(\.conceptsLearned)),
            ],
            metadata: frontierMetadata() + [
                Table.Metadata("chinchilla_point", "C = 5.73e23, N = 63e9, D = 1.4e12")
            ])
    }

    static func excessEntropyTable() throws -> Table {
        let f = try TripartiteFigureData.frontier(mode: .published)
        let law = try ChinchillaLossLaw(E: 0, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)
        var pe: [Double] = []
        var lb: [Double] = []
        var chin: [Double] = []
        for point in f {
            let delta = point.learning.unlearnedFraction
            let p = try TrainingError.probability(concepts: point.concepts, unlearnedFraction: delta, mode: .published)
            pe.append(p)
            lb.append(0.5 * p * p)
            chin.append(try law.loss(parameters: point.parameters, tokens: point.tokens))
        }
        return try Table(
            columns: [
                .init("N_star", f.map(\.parameters)), .init("delta", f.map(\.learning.unlearnedFraction)),
                .init("P_e_train", pe), .init("excess_lb", lb), .init("chinchilla_excess", chin),
            ],
            metadata: frontierMetadata() + [Table.Metadata("empirical", "406.4/N^0.34 + 410.7/D^0.28")])
    }

    static func emergenceTable(_ curve: KeyPath<TripartiteFigureData.EmergenceCurves, [Double]>, note: String) throws
        -> Table
    {
        let e = try TripartiteFigureData.emergence(mode: .published)
        return try Table(
            columns: [.init("N_star", e.parameters), .init("accuracy", e[keyPath: curve])],
            metadata: frontierMetadata() + [
                Table.Metadata("levels", "L = 100, S_l = 1000, eta_l = round(e^(7l/100)), sigma_l = round(log2 l)"),
                Table.Metadata("q", note),
            ])
    }

    static func levelDistributionTable() throws -> Table {
        let uni = try LevelDistribution.unimodal(mode: .published)
        let multi = try LevelDistribution.multimodal(mode: .published)
        return try Table(
            columns: [
                .init("level", (1...uni.count).map(Double.init)), .init("q_unimodal", uni),
                .init("q_multimodal", multi),
            ],
            metadata: [modeNote])
    }

    static func isoFlopTable() throws -> Table {
        let model = try ComputeOptimalTraining(mode: .published)
        var rows: [[Double]] = []
        for F in [1e6, 1e8, 1e10] {
            let root = F.squareRoot()
            for R in try Grid.lin(max(1, 0.15 * root), 0.49 * root, 50) {
                let r = try model.learning(concepts: R, graphCompute: F)
                rows.append([F, model.scales.flops(graphCompute: F), R, r.conceptsLearned, r.threshold.epsilon, 0])
            }
            let o = try model.optimum(graphCompute: F)
            rows.append([F, o.flops, o.concepts, o.conceptsLearned, o.learning.threshold.epsilon, 1])
        }
        return try Table(
            names: ["F", "C", "R", "concepts_learned", "eps_BP", "is_optimum"], rows: rows,
            metadata: [
                modeNote, Table.Metadata("grid", "50 linear R in [max(1, 0.15 sqrt F), 0.49 sqrt F]; optimum appended"),
            ])
    }

    static func peelingTable() throws -> Table {
        let R = 500.0
        let repeats = 100
        let seed: UInt64 = 20_241_001
        var rows: [[Double]] = []
        for ratio in [3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0] {
            let graph = try ConceptTextGraph(concepts: R, texts: R * ratio)
            let mc = try PeelingSimulator(graph: graph).simulate(repeats: repeats, seed: seed)
            let corrected = try ConceptLearning.evaluate(graph, mode: .corrected)
            let published = try ConceptLearning.evaluate(graph, mode: .published)
            let firstOrder = try ConceptLearning.evaluate(graph, mode: .corrected, law: .firstOrder)
            rows.append([
                ratio, mc.meanUnlearnedFraction, mc.standardError, mc.stallProbability, mc.stallStandardError,
                corrected.unlearnedFraction, published.unlearnedFraction, corrected.blockErasureProbability,
                firstOrder.blockErasureProbability, mc.meanStalledFraction ?? 0, corrected.stallErasure / graph.erasure,
            ])
        }
        return try Table(
            names: [
                "texts_per_concept", "mc_unlearned", "mc_se", "mc_stall", "mc_stall_se", "predicted_corrected",
                "predicted_published", "Q_corrected", "Q_first_order", "mc_stalled_unlearned", "stall_prefactor",
            ],
            rows: rows,
            metadata: [
                Table.Metadata("R", "500"), Table.Metadata("d_t", "6"), Table.Metadata("epsilon", "0.5"),
                Table.Metadata("repeats", "\(repeats)"), Table.Metadata("seed", "\(seed)"),
                Table.Metadata("erasures", "independent, probability epsilon per concept node"),
                Table.Metadata("stall", "unlearned > 0.1 R"),
                Table.Metadata(
                    "laws",
                    "predicted_corrected and Q_corrected: refined waterfall law (shift beta n^-2/3); Q_first_order: "
                        + "without the shift; mc_stalled_unlearned: mean unlearned/R over stalled trials (0 if none); "
                        + "stall_prefactor: gamma/epsilon (corrected: density-evolution stall residual averaged over the "
                        + "waterfall's effective erasure, given a stall)"),
            ])
    }
}
