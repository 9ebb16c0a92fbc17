/// Plot specifications of the DS3 paper's strategy and training-link figures (axes, scales and labels of arXiv
/// 2507.00004 as described in ds3-theory §6): F4–F10, F20, F21.
extension PlotCatalog {
    /// Per-step success rates of the F6/F7 panel columns.
    static let f6Rates = [0.001, 0.01, 0.1, 0.5]

    /// F6: 3 × 4 success heat maps (rows CoT, ToT(1) b = 4, b = 16; columns r), with the lines y = x and
    /// y = x/√b.
    static var f6: PlotSpec {
        var panels: [PlotSpec] = []
        for b in [1.0, 4, 16] {
            for r in f6Rates {
                var references: [PlotSpec.Reference] = [.curve(expression: "x", label: "y = x")]
                if b > 1 { references.append(.curve(expression: "x/\(b.squareRoot())", label: "y = x/√b")) }
                panels.append(
                    PlotSpec(
                        title: "\(b == 1 ? "CoT" : "ToT(1), b = \(Int(b))"), r = \(r)",
                        xLabel: "Ω_{C} (token budget, tokens)", yLabel: "mω (tokens required)", logX: true,
                        logY: true, xRange: 25...1e6, yRange: 25...1e6,
                        surface: .init(
                            x: "Omega_C", y: "m_omega", z: "P", zLabel: "P(success)", zRange: 0...1),
                        where: [.init("b", b), .init("r", r)], references: references, key: .none))
            }
        }
        return PlotSpec(
            title: "Success Probability Comparison: CoT vs ToT(1)", panels: panels, panelColumns: 4)
    }

    /// F7: 2 × 4 heat maps of P_ToT − P_CoT (diverging, −1 … 1).
    static var f7: PlotSpec {
        var panels: [PlotSpec] = []
        for b in [4.0, 16] {
            for r in f6Rates {
                panels.append(
                    PlotSpec(
                        title: "b = \(Int(b)), r = \(r)", xLabel: "Ω_{C} (token budget, tokens)",
                        yLabel: "mω (tokens required)", logX: true, logY: true, xRange: 25...1e6,
                        yRange: 25...1e6,
                        surface: .init(
                            x: "Omega_C", y: "m_omega", z: "diff", zLabel: "P_{ToT} - P_{CoT}", zRange: -1...1,
                            palette: .diverging),
                        where: [.init("b", b), .init("r", r)],
                        references: [
                            .curve(expression: "x", label: "y = x"),
                            .curve(expression: "x/\(b.squareRoot())", label: "y = x/√b"),
                        ], key: .none))
            }
        }
        return PlotSpec(title: "Success Probability Difference: ToT(1) - CoT", panels: panels, panelColumns: 4)
    }

    static var ds3: [String: PlotSpec] {
        [
            "ds3-F4": PlotSpec(
                title: "Parameter vs attention FLOPs (N = 10^{10})", xLabel: "Generated tokens Ω",
                yLabel: "FLOPs per query", logX: true, logY: true,
                series: [
                    .init(x: "Omega", y: "param_flops", label: "parameters 2NΩ"),
                    .init(x: "Omega", y: "attn_flops", label: "attention (96 layers, width 12288, 200-token prompt)"),
                ]),
            "ds3-F5": PlotSpec(
                title: "Expected Token Approximations (m=5, r=0.2)", xLabel: "Token budget K (steps)",
                yLabel: "Expected steps used", xRange: 0...75, yRange: 0...27,
                series: [
                    .init(x: "n", y: "exact", label: "exact E[min(T, K)]"),
                    .init(x: "n", y: "gauss_approx", label: "piecewise linear-Gaussian", dashed: true),
                    .init(x: "n", y: "pw_linear", label: "piecewise linear min(K, m/r)", dashed: true),
                ], references: [.vertical(x: 25, label: "μ = m/r = 25")]),
            "ds3-F6": f6,
            "ds3-F7": f7,
            "ds3-F8": PlotSpec(
                title: "Token Budget vs Inference Cost (b = 1: CoT)", xLabel: "CoT inference compute C_{inf} (FLOPs)",
                yLabel: "Tokens generated", logX: true, logY: true,
                series: [
                    .init(x: "C_inf", y: "b_Omega_T", label: "bΩ_{T}"),
                    .init(x: "C_inf", y: "sqrtb_Omega_C", label: "√b Ω_{C}", dashed: true),
                ],
                groupBy: "b"),
            "ds3-F9": PlotSpec(
                title: "Per-step success vs training compute (Chinchilla path, κ = 20; dashed: limit C → ∞)",
                xLabel: "Training compute C_{tr} (FLOPs)", yLabel: "Per-step success r = σ(5(L_{0} − L))",
                logX: true, xRange: 1e14...1e27, yRange: 0...1,
                series: [
                    .init(x: "C_tr", y: "r", label: ""),
                    .init(x: "C_tr", y: "r_inf", label: "limit", dashed: true, inKey: false),
                ],
                groupBy: "L0"),
            "ds3-F10": PlotSpec(
                title: "Accuracy contours (single task, m = 10, L_{0} = 1.5)",
                xLabel: "Training compute C_{tr} (FLOPs)", yLabel: "Inference compute C_{inf} (FLOPs)", logX: true,
                logY: true,
                surface: .init(
                    x: "C_tr", y: "C_inf", z: "acc", kind: .heatmapWithContours, zLabel: "accuracy",
                    levels: [0.2, 0.5, 0.8, 0.95], zRange: 0...1),
                key: .none),
            "ds3-F20": PlotSpec(
                title: "Trained skill competence by token-to-parameter ratio", xLabel: "κ = D/N (tokens per parameter)",
                yLabel: "Σ_{l} p(l) (skill levels learned)", logX: true, xRange: 10...40,
                series: [.init(x: "kappa", y: "sum_pl", label: "")], groupBy: "C_tr"),
            "ds3-F21": PlotSpec(
                title: "Accuracy vs training compute and expected tokens per task (tripartite CoT)",
                panels: [
                    PlotSpec(
                        title: "Tokens contour", xLabel: "Training compute C_{tr} (FLOPs)",
                        yLabel: "Expected tokens per task", logX: true, logY: true, xRange: 1e24...1e27,
                        yRange: 1...1e8,
                        surface: .init(
                            x: "C_tr", y: "tokens", z: "acc", kind: .heatmapWithContours, zLabel: "accuracy",
                            levels: [0.1, 0.3, 0.5, 0.7, 0.9], zRange: 0...1),
                        key: .none),
                    PlotSpec(
                        title: "Expected accuracy vs inference tokens", xLabel: "Expected tokens per task",
                        yLabel: "Expected accuracy", logX: true, yRange: 0...1.05,
                        series: [.init(x: "tokens", y: "acc", label: "")], groupBy: "C_tr"),
                ]),
        ]
    }
}
