/// Plot specifications of the DS3 figures that meet published measurements (ds3-theory §5.7–5.8, §6): pass@N and
/// majority voting (F14, F15, their fits to Brown et al.), search directionality (F16), AIME (F17, F18).
extension PlotCatalog {
    /// The four F14 panels (a) oracle pass@N, (b) oracle vs majority voting, (c) pdf, (d) cdf of the per-step
    /// success r, from the long-format table (`panel`, `model`, `x`, `y`, and for the fit variant `kind`).
    static func f14(fitted: Bool) -> PlotSpec {
        func series(_ label: String) -> [PlotSpec.Series] {
            guard fitted else { return [.init(x: "x", y: "y", label: label)] }
            return [
                .init(x: "x", y: "y", label: "empirical", style: .points, where: [.init("kind", "empirical")]),
                .init(x: "x", y: "y", label: "fit", dashed: true, where: [.init("kind", "fit")]),
                .init(x: "x", y: "y", label: "MV theory", where: [.init("kind", "theory")]),
            ]
        }
        // Panel (b): the oracle curves of the two Instruct models (as in (a), solid) against majority voting.
        let instruct = ["Llama-3-8B-Instruct", "Llama-3-70B-Instruct"]
        var oracle = instruct.map { model in
            PlotSpec.Series(
                x: "x", y: "y", label: "oracle",
                where: [.init("panel", "oracle"), .init("model", model)] + (fitted ? [.init("kind", "fit")] : []))
        }
        if fitted {
            oracle += [
                .init(
                    x: "x", y: "y", label: "MV empirical", style: .points,
                    where: [.init("panel", "mv"), .init("kind", "empirical")]),
                .init(
                    x: "x", y: "y", label: "MV theory", dashed: true,
                    where: [.init("panel", "mv"), .init("kind", "theory")]),
            ]
        } else {
            oracle += [
                .init(x: "x", y: "y", label: "MV exact", dashed: true, where: [.init("panel", "mv")]),
                .init(
                    x: "x", y: "y", label: "MV plateau P_{∞}", style: .points, where: [.init("panel", "mv_plateau")]),
            ]
        }
        let mv = PlotSpec(
            title: "(b) Oracle vs majority voting", xLabel: "Samples N", yLabel: "Accuracy", logX: true,
            xRange: 1...1e4, yRange: 0...1.01, series: oracle, groupBy: "model")
        return PlotSpec(
            title: "Oracle verification and majority voting pass@N" + (fitted ? " (fits to Brown et al. 2024)" : ""),
            panels: [
                PlotSpec(
                    title: "(a) Oracle verifier pass@N", xLabel: "Samples N", yLabel: "pass@N", logX: true,
                    xRange: 1...1e4, yRange: 0...1.01, series: series(""), groupBy: "model",
                    where: [.init("panel", "oracle")]),
                mv,
                PlotSpec(
                    title: "(c) pdf A·Beta(r; α, β) (clipped at 5)", xLabel: "Per-step success r",
                    yLabel: "Probability density", yRange: 0...5, series: [.init(x: "x", y: "y", label: "")],
                    groupBy: "model", where: [.init("panel", "pdf")]),
                PlotSpec(
                    title: "(d) cdf (1 - A) + A I_{r}(α, β)", xLabel: "Per-step success r",
                    yLabel: "Cumulative probability", yRange: 0...1.01, series: [.init(x: "x", y: "y", label: "")],
                    groupBy: "model", where: [.init("panel", "cdf")]),
            ])
    }

    /// F15: the majority-voting error distribution q_j, one bar panel per model.
    static let f15 = PlotSpec(
        title: "Majority Voting Model Error Distribution, Truncated Geometric Example", xLabel: "Wrong answer j",
        yLabel: "q_{j} (probability)", xRange: 0...12, yRange: 0...0.5,
        series: [.init(x: "j", y: "q_j", label: "", style: .impulses, color: "#1f77b4")], key: .none,
        panelBy: ["model"], panelColumns: 2)

    static var empirical: [String: PlotSpec] {
        [
            "ds3-F14": f14(fitted: false),
            "ds3-F14-fit": f14(fitted: true),
            "ds3-F15": f15,
            "ds3-F15-fit": f15,
            "ds3-F16": PlotSpec(
                title: "Search directionality from pass@N fits: target cdf (solid) vs simulated model (dashed)",
                xLabel: "Per-step success r", yLabel: "Cumulative probability", yRange: 0...1.01,
                series: [
                    .init(x: "r", y: "cdf_target", label: "target"),
                    .init(x: "r", y: "cdf_model", label: "model", dashed: true),
                ], groupBy: "model"),
            "ds3-F17": PlotSpec(
                title: "AIME Accuracy vs Tokens with Budget Markers (C_{tr} = 3.35×10^{25} FLOPs)",
                panels: [(5e2...1.5e5, 0.08...0.75), (1e2...1e7, 0...1.0)].map { xRange, yRange in
                    PlotSpec(
                        title: "", xLabel: "Expected tokens used per task", yLabel: "Accuracy", logX: true,
                        xRange: xRange, yRange: yRange,
                        series: [
                            .init(
                                x: "used_tokens", y: "acc", label: "tripartite CoT model",
                                where: [.init("source", "model")]),
                            .init(
                                x: "used_tokens", y: "acc", label: "model at budgets 2k … 64k", style: .points,
                                where: [.init("source", "marker")], color: "#1f77b4"),
                            .init(
                                x: "used_tokens", y: "acc", label: "Claude 3.7 Sonnet (AIME 2024)", style: .linespoints,
                                where: [.init("source", "claude-3.7-sonnet")], color: "#ff7f0e"),
                        ])
                }),
            "ds3-F18": PlotSpec(
                title: "AIME accuracy during training and at test time",
                panels: [
                    PlotSpec(
                        title: "pass@1 vs train-time compute (64k tokens allocated)",
                        xLabel: "Train-time compute C_{tr} (FLOPs)", yLabel: "pass@1 accuracy (%)",
                        xRange: 1.6e25...4e25, yRange: 0...100,
                        series: [.init(x: "compute", y: "acc_percent", label: "")],
                        where: [.init("panel", "train")], key: .none),
                    PlotSpec(
                        title: "pass@1 vs test-time compute (C_{tr} = 3.8×10^{25})",
                        xLabel: "Test-time compute C_{inf} used (FLOPs)", yLabel: "pass@1 accuracy (%)",
                        logX: true, yRange: 0...100, series: [.init(x: "compute", y: "acc_percent", label: "")],
                        where: [.init("panel", "test")], key: .none),
                ]),
        ]
    }
}
