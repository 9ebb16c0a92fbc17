/// Plot specifications of the DS3 paper's figures (axes, scales and labels of arXiv 2507.00004 as described in
/// ds3-theory §6) and of the project's allocation figures. Figures that need a text column to tell their curves
/// apart (F3, F13, F14–F18) or are heat maps and contours (F6, F7, F10, F12) are drawn with `PlotSpec.automatic`:
/// `PlotSpec.Series` filters on numeric columns only.
extension PlotCatalog {
    static let ds3: [String: PlotSpec] = [
        "ds3-F2": PlotSpec(
            title: "Total-compute-optimal training tokens and N for fixed inference tokens",
            xLabel: "Total compute C (FLOPs)", yLabel: "Training tokens (solid), N (dashed)", logX: true, logY: true,
            xRange: 1e15...1e32, yRange: 1e6...1e20,
            series: [
                .init(x: "C", y: "D_tr", label: "training tokens"),
                .init(x: "C", y: "N", label: "N", dashed: true),
            ],
            groupBy: "D_inf"),
        "ds3-F4": PlotSpec(
            title: "Parameter vs attention FLOPs (N = 1e10)", xLabel: "Generated tokens Ω", yLabel: "FLOPs",
            logX: true, logY: true,
            series: [
                .init(x: "Omega", y: "param_flops", label: "parameters 2NΩ"),
                .init(x: "Omega", y: "attn_flops", label: "attention (96 layers, width 12288, 200-token prompt)"),
            ]),
        "ds3-F5": PlotSpec(
            title: "Expected Token Approximations (m=5, r=0.2)", xLabel: "Token budget (steps) K",
            yLabel: "Expected steps used", xRange: 0...75, yRange: 0...27,
            series: [
                .init(x: "n", y: "exact", label: "exact E[min(T, K)]"),
                .init(x: "n", y: "gauss_approx", label: "piecewise linear-Gaussian", dashed: true),
                .init(x: "n", y: "pw_linear", label: "piecewise linear min(K, m/r)", dashed: true),
            ]),
        "ds3-F8": PlotSpec(
            title: "Token Budget vs Inference Cost", xLabel: "CoT inference compute (FLOPs)",
            yLabel: "Tokens generated", logX: true, logY: true,
            series: [
                .init(x: "C_inf", y: "b_Omega_T", label: "ToT(b) total tokens (b = 1: CoT)"),
                .init(x: "C_inf", y: "sqrtb_Omega_C", label: "√b × CoT tokens", dashed: true),
            ],
            groupBy: "b"),
        "ds3-F9": PlotSpec(
            title: "Per-step success vs training compute (Chinchilla path, κ = 20)",
            xLabel: "Training compute (FLOPs)", yLabel: "Per-step success r = σ(5(L0 − L))", logX: true,
            xRange: 1e14...1e27, yRange: 0...1,
            series: [
                .init(x: "C_tr", y: "r", label: "r"),
                .init(x: "C_tr", y: "r_inf", label: "limit", dashed: true),
            ],
            groupBy: "L0"),
        "ds3-F11": PlotSpec(
            title: "Inference-compute-optimal scaling (m = 80, L0 = 3, slope 20)",
            xLabel: "Inference compute (FLOPs)", yLabel: "N^* (parameters), Ω^* (tokens)", logX: true,
            logY: true,
            series: [
                .init(x: "C_inf", y: "N_opt", label: "N^*", style: .linespoints),
                .init(x: "C_inf", y: "Omega_opt", label: "Ω^*", style: .linespoints),
            ]),
        "ds3-F19": PlotSpec(
            title: "Chinchilla-pretrained total-compute-optimal allocations (CoT)",
            xLabel: "Training compute (FLOPs)", yLabel: "Expected inference compute per task (FLOPs)",
            logX: true, logY: true, xRange: 1e25...1e27, yRange: 3e13...3e17,
            series: [
                .init(
                    x: "C_tr", y: "C_inf_used", label: "I = 10^9", style: .linespoints, filterColumn: "I",
                    filterValue: 1e9),
                .init(
                    x: "C_tr", y: "C_inf_used", label: "I = 10^{11}", style: .linespoints, filterColumn: "I",
                    filterValue: 1e11),
                .init(
                    x: "C_tr", y: "C_inf_used", label: "I = 10^{13}", style: .linespoints, filterColumn: "I",
                    filterValue: 1e13),
            ]),
        "ds3-F20": PlotSpec(
            title: "Trained skill competence by token-to-parameter ratio", xLabel: "κ = D/N",
            yLabel: "Σ p(l) over levels", logX: true,
            series: [.init(x: "kappa", y: "sum_pl", label: "Σ p(l)")], groupBy: "C_tr"),
        "ds3-F21": PlotSpec(
            title: "Expected accuracy vs inference tokens (tripartite CoT)", xLabel: "Expected tokens per task",
            yLabel: "Expected accuracy", logX: true, yRange: 0...1.05,
            series: [.init(x: "tokens", y: "acc", label: "accuracy", style: .linespoints)], groupBy: "C_tr"),
        "proj-dynamic-allocation": PlotSpec(
            title: "Dynamic vs uniform allocation of inference compute", xLabel: "Average tokens per query",
            yLabel: "Accuracy", logX: true, yRange: 0...1.05,
            series: [
                .init(x: "average_tokens", y: "acc_dynamic", label: "dynamic (per task class)", style: .linespoints),
                .init(
                    x: "average_tokens", y: "acc_uniform", label: "uniform (best single strategy)",
                    style: .linespoints, dashed: true),
            ]),
        "proj-pareto": PlotSpec(
            title: "Accuracy vs total compute (I = 10^9 queries)", xLabel: "Total compute C (FLOPs)",
            yLabel: "Accuracy", logX: true, yRange: 0...1,
            series: [
                .init(
                    x: "C_total", y: "acc", label: "Pareto frontier (joint optimum)", style: .linespoints,
                    filterColumn: "on_frontier", filterValue: 1),
                .init(
                    x: "C_total", y: "acc", label: "Ω = 10^4 tokens fixed", style: .linespoints, dashed: true,
                    filterColumn: "Omega", filterValue: 10000),
                .init(
                    x: "C_total", y: "acc", label: "Ω = 10^3 tokens fixed", style: .linespoints, dashed: true,
                    filterColumn: "Omega", filterValue: 1000),
                .init(x: "C_total", y: "acc", label: "every plan (incl. Chinchilla D = 20N)", style: .points),
            ]),
        "proj-strategy-map": PlotSpec(
            title: "Best strategy vs CoT at 256 allocated steps", xLabel: "Per-step success r",
            yLabel: "Success probability", logX: true, yRange: 0...1.05,
            series: [
                .init(
                    x: "r", y: "success", label: "best strategy", filterColumn: "budget_steps", filterValue: 256),
                .init(
                    x: "r", y: "cot_success", label: "CoT", dashed: true, filterColumn: "budget_steps",
                    filterValue: 256),
            ],
            groupBy: "m"),
    ]
}
