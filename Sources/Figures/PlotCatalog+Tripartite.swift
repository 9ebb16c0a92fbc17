/// Plot specifications of the tripartite paper's figures (axes, scales and labels of arXiv 2410.01243, Figs. A–C,
/// as described in tripartite-theory §6) and of the project's peeling Monte Carlo figure.
extension PlotCatalog {
    static let tripartite: [String: PlotSpec] = [
        "tri-A-a": PlotSpec(
            title: "Compute optimal size-scaling", xLabel: "FLOPs C", yLabel: "N^* (parameters) or D^* (tokens)",
            logX: true, logY: true, xRange: 1e18...1e30, yRange: 5e7...5e14,
            series: [
                .init(x: "C", y: "N_star", label: "N^* (model size)"),
                .init(x: "C", y: "D_star", label: "D^* (dataset size)"),
            ],
            references: [
                .vertical(x: 5.73e23, label: "Chinchilla C = 5.73×10^{23}"),
                .point(x: 5.73e23, y: 63e9, label: "Chinchilla N = 63×10^9"),
                .point(x: 5.73e23, y: 1.4e12, label: "Chinchilla D = 1.4×10^{12}"),
            ]),
        "tri-A-b": PlotSpec(
            title: "Excess entropy scaling", xLabel: "No. of parameters N^*", yLabel: "Excess entropy (nats)",
            logX: true, logY: true,
            series: [
                .init(x: "N_star", y: "excess_lb", label: "Lower bound (½P_{e,train}^2)"),
                .init(
                    x: "N_star", y: "chinchilla_excess", label: "Empirical (Chinchilla A/N^{0.34}+B/D^{0.28})",
                    dashed: true),
            ]),
        "tri-B-a": PlotSpec(
            title: "Emergence (homogeneous)", xLabel: "N^* (parameters)", yLabel: "Accuracy", logX: true,
            yRange: 0...1.05, series: [.init(x: "N_star", y: "accuracy", label: "γ_{11}^7")], key: .none),
        "tri-B-b": PlotSpec(
            title: "Skill-level distribution", xLabel: "Skill level l", yLabel: "q(l) (probability)",
            series: [
                .init(x: "level", y: "q_unimodal", label: "unimodal", style: .points),
                .init(x: "level", y: "q_multimodal", label: "multimodal", style: .points),
            ]),
        "tri-B-c": PlotSpec(
            title: "Emergence (unimodal)", xLabel: "N^* (parameters)", yLabel: "Accuracy", logX: true,
            yRange: 0...1.05, series: [.init(x: "N_star", y: "accuracy", label: "unimodal q(l)")], key: .none),
        "tri-B-d": PlotSpec(
            title: "Plateauing (multimodal)", xLabel: "N^* (parameters)", yLabel: "Accuracy", logX: true,
            yRange: 0...1.05, series: [.init(x: "N_star", y: "accuracy", label: "multimodal q(l)")], key: .none),
        "tri-isoflop": PlotSpec(
            title: "Iso-FLOP curves (one curve per budget F; optima as black circles)",
            panels: [
                PlotSpec(
                    title: "Concepts learned R(1 - ε^{-1}P_{b})", xLabel: "R (concepts)",
                    yLabel: "Concepts learned", logX: true, logY: true,
                    series: [
                        .init(x: "R", y: "concepts_learned", label: "", filterColumn: "is_optimum", filterValue: 0),
                        .init(
                            x: "R", y: "concepts_learned", label: "optimum", style: .circles,
                            filterColumn: "is_optimum", filterValue: 1, color: "#000000", grouped: false),
                    ],
                    groupBy: "F"),
                PlotSpec(
                    title: "BP erasure threshold ε^{BP}", xLabel: "R (concepts)", yLabel: "ε^{BP}", logX: true,
                    series: [
                        .init(x: "R", y: "eps_BP", label: "", filterColumn: "is_optimum", filterValue: 0),
                        .init(
                            x: "R", y: "eps_BP", label: "optimum", style: .circles, filterColumn: "is_optimum",
                            filterValue: 1, color: "#000000", grouped: false),
                    ],
                    groupBy: "F", references: [.horizontal(y: 0.5, label: "ε = 0.5")]),
            ]),
        "proj-peeling-mc": PlotSpec(
            title: "Peeling: finite-size prediction vs Monte Carlo",
            panels: [
                PlotSpec(
                    title: "Stall probability", xLabel: "Texts per concept T/R", yLabel: "Probability",
                    series: [
                        .init(x: "texts_per_concept", y: "mc_stall", label: "Monte Carlo", style: .points),
                        .init(x: "texts_per_concept", y: "Q_corrected", label: "P_{B} refined law"),
                        .init(x: "texts_per_concept", y: "Q_first_order", label: "P_{B} first-order law", dashed: true),
                    ]),
                PlotSpec(
                    title: "Fraction of concepts not learned", xLabel: "Texts per concept T/R",
                    yLabel: "Fraction",
                    series: [
                        .init(x: "texts_per_concept", y: "mc_unlearned", label: "Monte Carlo", style: .points),
                        .init(x: "texts_per_concept", y: "predicted_corrected", label: "prediction (corrected)"),
                        .init(
                            x: "texts_per_concept", y: "predicted_published", label: "prediction (published)",
                            dashed: true),
                    ]),
            ]),
    ]
}
