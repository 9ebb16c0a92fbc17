/// Plot specifications of the compute-allocation figures: DS3 F2, F3, F11–F13, F19 (ds3-theory §5.4–5.6, §6) and
/// the project's strategy map, dynamic allocation, Pareto frontier and constrained joint optimum.
extension PlotCatalog {
    /// F13 panel of one quantity against total compute, one curve per path (global, chinchilla).
    static func f13Panel(_ y: String, _ title: String, _ yLabel: String, logY: Bool = true) -> PlotSpec {
        PlotSpec(
            title: title, xLabel: "Total compute C (FLOPs)", yLabel: yLabel, logX: true, logY: logY,
            series: [.init(x: "C_total", y: y, label: "", style: .linespoints)], groupBy: "path")
    }

    static var allocation: [String: PlotSpec] {
        [
            "ds3-F2": PlotSpec(
                title:
                    "Total-compute-optimal training tokens (solid, blues) and N (dashed, reds) for fixed inference tokens",
                xLabel: "Total compute C (FLOPs)", yLabel: "D_{tr} (tokens), N (parameters)", logX: true, logY: true,
                xRange: 1e15...1e32, yRange: 1e6...1e20,
                series: [
                    .init(x: "C", y: "D_tr", label: "", color: "#1f77b4"),
                    .init(x: "C", y: "N", label: "N", dashed: true, color: "#d62728", inKey: false),
                ],
                groupBy: "D_inf",
                references: [
                    .curve(expression: "sqrt(20*x/6)", label: "√(κC/6)"),
                    .curve(expression: "sqrt(x/120)", label: "√(C/(6κ))"),
                ]),
            "ds3-F3": PlotSpec(
                title: "Iso-compute surface N = C/(6D_{tr} + 2IΩ), I = 10^{10}",
                panels: [
                    PlotSpec(
                        title: "", xLabel: "D_{tr} (training tokens)", yLabel: "Ω (tokens per query)", logX: true,
                        logY: true,
                        surface: .init(
                            x: "D_tr", y: "Omega", z: "N", kind: .heatmapWithContours, zLabel: "N (parameters)",
                            logZ: true),
                        where: [.init("section", "surface")], key: .none, panelBy: ["C"]),
                    PlotSpec(
                        title: "Cross-section D_{tr} = 10^{12}", xLabel: "Ω (tokens per query)",
                        yLabel: "N (parameters)", logX: true, logY: true,
                        series: [.init(x: "Omega", y: "N", label: "")], groupBy: "C",
                        where: [.init("section", "D_tr=1e12")]),
                    PlotSpec(
                        title: "Cross-section Ω = 10^4", xLabel: "D_{tr} (training tokens)", yLabel: "N (parameters)",
                        logX: true, logY: true, series: [.init(x: "D_tr", y: "N", label: "")], groupBy: "C",
                        where: [.init("section", "Omega=1e4")]),
                ]),
            "ds3-F11": PlotSpec(
                title: "Inference-compute-optimal scaling (m = 80, L_{0} = 3, slope 20)",
                xLabel: "Inference compute C_{inf} (FLOPs)", yLabel: "N^* (parameters), Ω^* (tokens)", logY: true,
                series: [
                    .init(x: "C_inf", y: "N_opt", label: "N^*", style: .linespoints),
                    .init(x: "C_inf", y: "Omega_opt", label: "Ω^*", style: .linespoints),
                    .init(
                        x: "C_inf", y: "acc", label: "accuracy (right axis)", style: .linespoints, dashed: true,
                        onY2: true),
                ], y2Label: "Accuracy", y2Range: 0...1),
            "ds3-F12": PlotSpec(
                title: "Inference-Compute-Optimal Scaling by Task Difficulty, Infinite Training Data Regime",
                panels: [
                    ("param_slope", "Parameter exponent (N^* ∝ C^a)", "a", 0...1.0),
                    ("token_slope", "Token exponent (Ω^* ∝ C^b)", "b", 0...1.0),
                    ("log10_N_at_1e12", "log_{10} N^* at C_{inf} = 10^{12} FLOPs", "log_{10} N^* (parameters)", nil),
                    ("log10_Omega_at_1e12", "log_{10} Ω^* at C_{inf} = 10^{12} FLOPs", "log_{10} Ω^* (tokens)", nil),
                    ("R2", "R^2 of the power-law fits", "R^2", 0...1.0),
                ].map { (z: String, title: String, zLabel: String, range: ClosedRange<Double>?) in
                    PlotSpec(
                        title: title, xLabel: "Number of skills required m", yLabel: "L_{0} (lower = harder)",
                        xRange: 0...100, surface: .init(x: "m", y: "L0", z: z, zLabel: zLabel, zRange: range),
                        key: .none)
                }, panelColumns: 3),
            "ds3-F13": PlotSpec(
                title: "Global optimal vs Chinchilla pretraining (I = 10^9 queries)",
                panels: [
                    f13Panel("N", "Model size", "N (parameters)"),
                    f13Panel("D", "Training tokens", "D (tokens)"),
                    f13Panel("Omega", "Tokens per query", "Ω (tokens)"),
                    f13Panel("kappa", "Tokens per parameter", "D/N"),
                    f13Panel("inf_share", "Inference share of compute", "2NIΩ / C (fraction)", logY: false),
                    f13Panel("acc", "Accuracy", "Expected accuracy", logY: false),
                    PlotSpec(
                        title: "Accuracy gap", xLabel: "Total compute C (FLOPs)",
                        yLabel: "acc_{global} - acc_{chinchilla}", logX: true,
                        series: [
                            .init(x: "C_total", y: "acc_gap", label: "", style: .linespoints)
                        ], where: [.init("path", "global")], key: .none),
                    PlotSpec(
                        title: "Extra compute for Chinchilla to match", xLabel: "Total compute C (FLOPs)",
                        yLabel: "C'/C - 1 (-1: not reached)", logX: true,
                        series: [.init(x: "C_total", y: "extra_compute", label: "", style: .linespoints)],
                        where: [.init("path", "global")], key: .none),
                ], panelColumns: 4),
            "ds3-F19": PlotSpec(
                title: "Chinchilla-pretrained total-compute-optimal allocations (CoT)",
                xLabel: "Training compute C_{tr} (FLOPs)", yLabel: "Expected inference compute per task (FLOPs)",
                logX: true, logY: true, xRange: 1e25...1e27, yRange: 3e13...3e17,
                series: [
                    .init(
                        x: "C_tr", y: "C_inf_used", label: "optimum, I = 10^9", style: .linespoints,
                        where: [.init("kind", "optimal"), .init("I", 1e9)], color: "#2FB8C6"),
                    .init(
                        x: "C_tr", y: "C_inf_used", label: "optimum, I = 10^{11}", style: .linespoints,
                        where: [.init("kind", "optimal"), .init("I", 1e11)], color: "#338A94"),
                    .init(
                        x: "C_tr", y: "C_inf_used", label: "optimum, I = 10^{13}", style: .linespoints,
                        where: [.init("kind", "optimal"), .init("I", 1e13)], color: "#015D67"),
                ],
                surface: .init(
                    x: "C_tr", y: "C_inf_used", z: "acc", kind: .heatmapWithContours, zLabel: "accuracy",
                    levels: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], zRange: 0...1,
                    where: [.init("kind", "grid")])),
            "proj-dynamic-allocation": PlotSpec(
                title: "Dynamic vs uniform allocation of inference compute",
                panels: [
                    PlotSpec(
                        title: "Accuracy", xLabel: "Average tokens per query", yLabel: "Accuracy", logX: true,
                        yRange: 0...1.05,
                        series: [
                            .init(
                                x: "average_tokens", y: "acc_dynamic", label: "dynamic (per task class)",
                                style: .linespoints),
                            .init(
                                x: "average_tokens", y: "acc_uniform", label: "uniform (best single strategy)",
                                style: .linespoints, dashed: true),
                        ]),
                    PlotSpec(
                        title: "Compute saved by dynamic allocation at equal accuracy",
                        xLabel: "Average tokens per query", yLabel: "Compute saved (fraction)", logX: true,
                        yRange: 0...1,
                        series: [.init(x: "average_tokens", y: "compute_saved", label: "", style: .linespoints)],
                        key: .none),
                ]),
            "proj-pareto": PlotSpec(
                title: "Accuracy vs total compute (I = 10^9 queries); black: Pareto frontier",
                xLabel: "Total compute C (FLOPs)", yLabel: "Accuracy", logX: true, yRange: 0...1,
                series: [
                    .init(x: "C_total", y: "acc", label: "", style: .linespoints, dashed: true),
                    .init(
                        x: "C_total", y: "acc", label: "Pareto frontier", style: .circles, filterColumn: "on_frontier",
                        filterValue: 1, color: "#000000", grouped: false),
                ], groupBy: "path"),
            "proj-constrained": PlotSpec(
                title: "Joint optimum: unconstrained, with 10^{10} unique tokens, with latency ≤ 200 tokens (I = 10^9)",
                panels: [
                    f13Panel("acc", "Accuracy", "Expected accuracy", logY: false),
                    f13Panel("N", "Model size", "N (parameters)"),
                    f13Panel("D", "Training tokens", "D (tokens)"),
                    f13Panel("latency", "Expected latency per query", "Sequential tokens"),
                ], panelColumns: 2),
            "proj-strategy-map": PlotSpec(
                title: "Success of the preferred strategy by task and budget (allocated steps per query)",
                xLabel: "Per-step success r", yLabel: "Skills required m", logX: true, logY: true,
                surface: .init(x: "r", y: "m", z: "success", zLabel: "P(success)", zRange: 0...1), key: .none,
                panelBy: ["budget_steps"], panelColumns: 2),
        ]
    }
}
