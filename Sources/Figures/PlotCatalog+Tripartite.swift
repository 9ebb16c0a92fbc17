/// Plot specifications of the tripartite paper's figures (axes, scales and labels of arXiv 2410.01243, Figs. A–C)
/// and of the project's peeling Monte Carlo figure.
extension PlotCatalog {
    static let tripartite: [String: PlotSpec] = [
        "tri-A-a": PlotSpec(
            title: "Compute optimal size-scaling", xLabel: "FLOPs (C)", yLabel: "N^* or D^*", logX: true, logY: true,
            xRange: 1e18...1e30, yRange: 5e7...5e14,
            series: [
                .init(x: "C", y: "N_star", label: "N^* (model size)"),
                .init(x: "C", y: "D_star", label: "D^* (dataset size)"),
            ]),
        "tri-A-b": PlotSpec(
            title: "Excess entropy scaling", xLabel: "No. of parameters", yLabel: "Excess entropy", logX: true,
            logY: true,
            series: [
                .init(x: "N_star", y: "excess_lb", label: "Lower bound (½P_{e,train}^2)"),
                .init(x: "N_star", y: "chinchilla_excess", label: "Empirical", dashed: true),
            ]),
        "tri-B-a": PlotSpec(
            title: "Emergence (homogeneous)", xLabel: "N^*", yLabel: "Accuracy", logX: true, yRange: 0...1.05,
            series: [.init(x: "N_star", y: "accuracy", label: "γ_{11}^7")]),
        "tri-B-b": PlotSpec(
            title: "Skill-level distribution", xLabel: "Skill level l", yLabel: "q(l)",
            series: [
                .init(x: "level", y: "q_unimodal", label: "unimodal", style: .points),
                .init(x: "level", y: "q_multimodal", label: "multimodal", style: .points),
            ]),
        "tri-B-c": PlotSpec(
            title: "Emergence (unimodal)", xLabel: "N^*", yLabel: "Accuracy", logX: true, yRange: 0...1.05,
            series: [.init(x: "N_star", y: "accuracy", label: "unimodal q(l)")]),
        "tri-B-d": PlotSpec(
            title: "Plateauing (multimodal)", xLabel: "N^*", yLabel: "Accuracy", logX: true, yRange: 0...1.05,
            series: [.init(x: "N_star", y: "accuracy", label: "multimodal q(l)")]),
        "tri-isoflop": PlotSpec(
            title: "Iso-FLOP curves", xLabel: "R (concepts)", yLabel: "Concepts learned", logX: true, logY: true,
            series: [
                .init(x: "R", y: "concepts_learned", label: "budget", filterColumn: "is_optimum", filterValue: 0)
            ],
            groupBy: "C"),
        "proj-peeling-mc": PlotSpec(
            title: "Peeling: finite-size prediction vs Monte Carlo", xLabel: "Texts per concept T/R",
            yLabel: "Stall probability / fraction not learned",
            series: [
                .init(x: "texts_per_concept", y: "mc_stall", label: "MC stall probability", style: .points),
                .init(x: "texts_per_concept", y: "Q_corrected", label: "P_B refined law"),
                .init(x: "texts_per_concept", y: "Q_first_order", label: "P_B first-order law", dashed: true),
                .init(x: "texts_per_concept", y: "mc_unlearned", label: "MC fraction not learned", style: .points),
                .init(x: "texts_per_concept", y: "predicted_corrected", label: "prediction (corrected)"),
            ]),
    ]
}
