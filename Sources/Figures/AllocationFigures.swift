import ComputeOptimal
import DS3
import ScalingCore

/// Registered figures of this area, in display order.
enum AllocationFigures {
    static let all: [FigureSpec] = [
        f2, f3, f11, f12, f13, f19, strategyMap, dynamicAllocation, pareto, constrained,
    ]

    /// DS3 F2: total-compute-optimal D_tr and N for fixed inference tokens (closed form of ds3-theory §5.6).
    static let f2 = FigureSpec(
        id: "ds3-F2", paper: .ds3, title: "Total-compute-optimal D_tr and N for fixed D_inf",
        columns: ["C", "D_inf", "D_tr", "N", "D_tr_asymptote", "N_asymptote"]
    ) {
        let kappa = 20.0
        var rows: [[Double]] = []
        for dInf in [1e6, 1e10, 1e14, 1e18, 1e22] {
            for C in try Grid.geom(1e15, 1e32, 1000) {
                // The authors blank points with N < 1e6 (y-axis floor); CSV rows are omitted instead. Budgets
                // without any model (N < 1, an infeasibility error) lie below that floor too.
                let opt: FixedInferenceTokensOptimum
                do {
                    opt = try FixedInferenceTokensOptimum(compute: C, inferenceTokens: dInf, kappa: kappa)
                } catch let error as ParameterError where error.isInfeasibility {
                    continue
                }
                guard opt.parameters >= 1e6 else { continue }
                rows.append([
                    C, dInf, opt.trainingTokens, opt.parameters,
                    FixedInferenceTokensOptimum.trainingTokensAsymptote(compute: C, kappa: kappa),
                    FixedInferenceTokensOptimum.parametersAsymptote(compute: C, kappa: kappa),
                ])
            }
        }
        return try Table(
            names: ["C", "D_inf", "D_tr", "N", "D_tr_asymptote", "N_asymptote"], rows: rows,
            metadata: [
                .init("kappa", "20"), .init("C", "geom(1e15, 1e32, 1000)"),
                .init("D_inf", "1e6, 1e10, 1e14, 1e18, 1e22"), .init("rows", "N < 1e6 omitted"),
            ])
    }

    /// DS3 F3: iso-compute surface N = C / (6 D_tr + 2 I Ω) and its two cross-sections, for C = 1e26 and 1e29.
    /// `trainingPoints` gives, per C, the number of D_tr points of geom(1e9, 1e14, ·); Ω runs over
    /// geom(1e2, 1e6, omegaPoints).
    static func f3Table(trainingPoints: (Int, Int), omegaPoints: Int, note: String) throws -> Table {
        let surface = [(C: 1e26, trainingPoints: trainingPoints.0), (C: 1e29, trainingPoints: trainingPoints.1)]
        let queries = 1e10
        var section: [String] = []
        var rows: [[Double]] = []
        func add(_ name: String, _ C: Double, _ d: Double, _ omega: Double) throws {
            section.append(name)
            rows.append([
                C, d, omega,
                try LifetimeBudget.parameters(compute: C, trainingTokens: d, queries: queries, tokensPerQuery: omega),
            ])
        }
        for (C, trainingPoints) in surface {
            for d in try Grid.geom(1e9, 1e14, trainingPoints) {
                for omega in try Grid.geom(1e2, 1e6, omegaPoints) { try add("surface", C, d, omega) }
            }
            for omega in try Grid.geom(1e2, 1e6, 200) { try add("D_tr=1e12", C, 1e12, omega) }
            for d in try Grid.geom(1e9, 1e14, 200) { try add("Omega=1e4", C, d, 1e4) }
        }
        let columns: [Table.Column] =
            [.init("section", texts: section)]
            + ["C", "D_tr", "Omega", "N"].enumerated().map { j, name in Table.Column(name, rows.map { $0[j] }) }
        return try Table(
            columns: columns,
            metadata: [
                .init("I", "1e10"), .init("C", "1e26, 1e29"),
                .init("surface", note),
                .init(
                    "cross-sections", "D_tr = 1e12 (Omega geom(1e2, 1e6, 200)); Omega = 1e4 (D_tr geom(1e9, 1e14, 200))"
                ),
            ])
    }

    /// DS3 F3 on the paper's grid: D_tr geom(1e9, 1e14, 200) (100 for C = 1e29) × Ω geom(1e2, 1e6, 200); the test
    /// variant uses 41 × 41 for both budgets.
    static let f3 = FigureSpec(
        id: "ds3-F3", paper: .ds3, title: "Iso-compute surface N = C/(6 D_tr + 2 I Omega)",
        columns: ["section", "C", "D_tr", "Omega", "N"],
        makeFull: {
            try f3Table(
                trainingPoints: (200, 100), omegaPoints: 200,
                note:
                    "D_tr geom(1e9, 1e14, 200) for C = 1e26, geom(1e9, 1e14, 100) for C = 1e29 x Omega geom(1e2, 1e6, "
                    + "200) (paper grid)")
        },
        make: {
            try f3Table(
                trainingPoints: (41, 41), omegaPoints: 41,
                note: "D_tr geom(1e9, 1e14, 41) x Omega geom(1e2, 1e6, 41) (paper plots 200 x 200)")
        }
    )

    /// Single task of the §5.4 cells: m = 80, L0 = 3, slope 20, rounded Chinchilla constants, ω = 25.
    static func singleTask() throws -> BridgeAccuracyModel {
        try BridgeAccuracyModel(law: .chinchilla, tasks: [.init(m: 80, L0: 3)], slope: 20)
    }

    /// DS3 F11: inference-compute-optimal N* and Ω* against C_inf for one task, with log–log fits.
    static let f11 = FigureSpec(
        id: "ds3-F11", paper: .ds3, title: "Inference-compute-optimal scaling (single task, unbounded data)",
        columns: ["C_inf", "N_opt", "Omega_opt", "acc"]
    ) {
        let model = try singleTask()
        var rows: [[Double]] = []
        // The authors' grid geom(10^8.5, 1e17, 1000), keeping 0.01 < acc < 0.99. The optimal accuracy is
        // monotone in C, and the window lies inside [1e11, 1.5e11], so only grid points there are evaluated.
        for C in try Grid.geom(Double.pow(10, 8.5), 1e17, 1000) where C >= 1e11 && C <= 1.5e11 {
            let opt = try SingleQueryOptimum(model: model, compute: C, minimumTokens: 80 * 25)
            guard opt.accuracy > 0.01, opt.accuracy < 0.99 else { continue }
            rows.append([C, opt.parameters, opt.tokens, opt.accuracy])
        }
        let nFit = try PowerLawFit(x: rows.map { $0[0] }, y: rows.map { $0[1] })
        let omegaFit = try PowerLawFit(x: rows.map { $0[0] }, y: rows.map { $0[2] })
        return try Table(
            names: ["C_inf", "N_opt", "Omega_opt", "acc"], rows: rows,
            metadata: [
                .init("task", "m = 80, L0 = 3, slope 20, omega = 25, law chinchilla, infinite data"),
                .init("C_inf", "geom(10^8.5, 1e17, 1000), rows with 0.01 < acc < 0.99"),
                .init("fit N", "log10 N = \(nFit.exponent) log10 C + \(nFit.log10Prefactor), R2 = \(nFit.rSquared)"),
                .init(
                    "fit Omega",
                    "log10 Omega = \(omegaFit.exponent) log10 C + \(omegaFit.log10Prefactor), R2 = \(omegaFit.rSquared)"
                ),
            ])
    }

    /// Grid of the F12 difficulty sweep: skills m × difficulty L0 in lin(3.0, 1.5, levels), and per cell the
    /// number of fitted points in the accuracy window and the scan points of each optimum.
    struct F12Grid: Sendable {
        let skills: [Int]
        let levels: Int
        let points: Int
        let gridPoints: Int
        let note: String
    }

    /// DS3 F12: exponents of the single-query optimum over task difficulty (m, L0). Cells are independent and run
    /// on all cores (output in m-major order).
    static func f12Table(_ grid: F12Grid) throws -> Table {
        let levels = try Grid.lin(3.0, 1.5, grid.levels)
        let cells = grid.skills.flatMap { m in levels.map { (m: m, L0: $0) } }
        let rows = try Parallel.map(count: cells.count) { i -> [Double] in
            let (m, L0) = cells[i]
            let model = try BridgeAccuracyModel(law: .chinchilla, tasks: [.init(m: m, L0: L0)], slope: 20)
            let fit = try SingleQueryExponents(
                model: model, minimumTokens: Double(m) * 25, points: grid.points, gridPoints: grid.gridPoints)
            return [
                Double(m), L0, fit.parameters.exponent, fit.tokens.exponent, Double.log10(fit.parameters(1e12)),
                Double.log10(fit.tokens(1e12)), min(fit.parameters.rSquared, fit.tokens.rSquared), fit.lowCompute,
                fit.highCompute,
            ]
        }
        return try Table(
            names: [
                "m", "L0", "param_slope", "token_slope", "log10_N_at_1e12", "log10_Omega_at_1e12", "R2", "C_low",
                "C_high",
            ], rows: rows,
            metadata: [
                .init("grid", grid.note),
                .init(
                    "fit window",
                    "C_inf with 0.01 < optimal acc < 0.99 (bracketed), \(grid.points) points per cell"
                        + (grid.gridPoints == 128 ? "" : ", \(grid.gridPoints) scan points per optimum")),
                .init("model", "slope 20, omega 25, law chinchilla, infinite data"),
                .init(
                    "omitted panel",
                    "log10 Omega at N = 1e9: undefined where the parameter exponent is ~0 (hardest skills)"),
            ])
    }

    static let f12Test = F12Grid(
        skills: [1, 3, 10, 30, 100], levels: 6, points: 5, gridPoints: 128,
        note: "m in {1, 3, 10, 30, 100} x L0 in lin(3.0, 1.5, 6) (paper: 100 x 100)")
    static let f12Full = F12Grid(
        skills: Array(1...100), levels: 100, points: 5, gridPoints: 128,
        note: "m in 1..100 x L0 in lin(3.0, 1.5, 100) (paper grid)")

    /// DS3 F12 (test variant: 5 × 6 cells; full: the paper's 100 × 100).
    static let f12 = FigureSpec(
        id: "ds3-F12", paper: .ds3, title: "Inference-compute-optimal scaling by task difficulty (infinite data)",
        columns: [
            "m", "L0", "param_slope", "token_slope", "log10_N_at_1e12", "log10_Omega_at_1e12", "R2",
            "C_low", "C_high",
        ],
        goldenTolerance: GoldenTolerance(
            relative: 1e-5, absolute: 1e-4,
            reason: "each point is a Brent optimum in ln N (location tolerance 1e-7 relative, ~√ε-limited) and the "
                + "window ends are roots to 1e-6 in ln C; slopes and R² of fits over 9 such points carry that noise"),
        makeFull: { try f12Table(f12Full) },
        make: {
            try f12Table(f12Test)
        }
    )

    /// Task population used by the joint-allocation figures: L0 in lin(0.1, 4.0, 8) (the bridge grid of §5.3)
    /// × m in `skills` (default {1, 2, 4, 8, 16, 32, 50}, reduced from 1..50 for speed), slope 5.
    static func jointPopulation(skills: [Int] = [1, 2, 4, 8, 16, 32, 50]) throws -> BridgeAccuracyModel {
        var tasks: [BridgeAccuracyModel.TaskClass] = []
        for L0 in try Grid.lin(0.1, 4.0, 8) {
            for m in skills { tasks.append(try .init(m: m, L0: L0)) }
        }
        return try BridgeAccuracyModel(law: .chinchilla, tasks: tasks, slope: 5)
    }

    /// Grid of F13: the skills of the population and the number of budgets C_total in geom(1e19, 3e24, budgets).
    struct F13Grid: Sendable {
        let skills: [Int]
        let skillsNote: String
        let budgets: Int
    }

    static let f13Test = F13Grid(skills: [1, 2, 4, 8, 16, 32, 50], skillsNote: "{1, 2, 4, 8, 16, 32, 50}", budgets: 7)
    /// The paper's population (m in 1..50) on 43 budgets: the paper's 225 budgets take ~45 s in a release build on
    /// two cores, 43 (42 = 7 · 6 intervals, so the test budgets are among them) take ~9 s.
    static let f13Full = F13Grid(skills: Array(1...50), skillsNote: "1..50", budgets: 43)

    /// DS3 F13: global joint optimum vs Chinchilla-constrained allocation over C_total (I = 1e9). Budgets are
    /// independent and run on all cores (output in budget order).
    static func f13Table(_ grid: F13Grid) throws -> Table {
        let model = try jointPopulation(skills: grid.skills)
        let queries = 1e9
        let budgets = try Grid.geom(1e19, 3e24, grid.budgets)
        let results = try Parallel.map(count: budgets.count) { i -> (JointAllocation, JointAllocation, Double) in
            let C = budgets[i]
            let best = try JointOptimum.global(model: model, compute: C, queries: queries).best
            let chin = try JointOptimum.chinchillaConstrained(model: model, compute: C, queries: queries)
            let extra =
                try JointOptimum.extraComputeToMatch(
                    model: model, targetAccuracy: best.accuracy, compute: C, queries: queries) ?? -1
            return (best, chin, extra)
        }
        var path: [String] = []
        var rows: [[Double]] = []
        var global: [JointAllocation] = []
        for (C, (best, chin, extra)) in zip(budgets, results) {
            global.append(best)
            for (name, a) in [("global", best), ("chinchilla", chin)] {
                path.append(name)
                rows.append([
                    C, a.parameters, a.trainingTokens, a.tokensPerQuery, a.tokensPerParameter, a.inferenceShare,
                    a.accuracy, best.accuracy - chin.accuracy, extra,
                ])
            }
        }
        let cs = global.map(\.compute)
        let fits = [
            ("fit N", try PowerLawFit(x: cs, y: global.map(\.parameters))),
            ("fit D", try PowerLawFit(x: cs, y: global.map(\.trainingTokens))),
            ("fit Omega", try PowerLawFit(x: cs, y: global.map(\.tokensPerQuery))),
            ("fit D/N", try PowerLawFit(x: cs, y: global.map(\.tokensPerParameter))),
        ]
        let numeric = ["C_total", "N", "D", "Omega", "kappa", "inf_share", "acc", "acc_gap", "extra_compute"]
        var columns = [Table.Column("C_total", rows.map { $0[0] }), Table.Column("path", texts: path)]
        for (j, name) in numeric.enumerated().dropFirst() { columns.append(Table.Column(name, rows.map { $0[j] })) }
        return try Table(
            columns: columns,
            metadata: [
                .init(
                    "population",
                    "L0 in lin(0.1, 4.0, 8) x m in \(grid.skillsNote), uniform, slope 5, omega 25"),
                .init("queries", "1e9"),
                .init(
                    "C_total",
                    "geom(1e19, 3e24, \(grid.budgets))" + (grid.budgets == 7 ? "" : " (paper: 225; time budget)")),
                .init("chinchilla path", "D = 20 N, rest of the budget to inference"),
                .init(
                    "extra_compute",
                    "C'/C - 1 for the chinchilla path to reach the global accuracy (-1: not within 1e6 x)"),
            ]
                + fits.map {
                    .init(
                        $0.0, "exponent \($0.1.exponent), log10 prefactor \($0.1.log10Prefactor), R2 \($0.1.rSquared)")
                })
    }

    /// DS3 F13 (test variant: 7 budgets, m in {1, 2, 4, 8, 16, 32, 50}; full: the paper's population m in 1..50 on
    /// 43 of the paper's 225 budgets, stated in the metadata).
    static let f13 = FigureSpec(
        id: "ds3-F13", paper: .ds3, title: "Global optimal vs Chinchilla pretraining (I = 1e9)",
        columns: ["C_total", "path", "N", "D", "Omega", "kappa", "inf_share", "acc", "acc_gap", "extra_compute"],
        makeFull: { try f13Table(f13Full) },
        make: {
            try f13Table(f13Test)
        }
    )

    /// Project figure: the preferred strategy for each (m, r) at four allocated budgets.
    static let strategyMap = FigureSpec(
        id: "proj-strategy-map", paper: .project, title: "Preferred inference strategy by task and budget",
        columns: ["m", "r", "budget_steps", "best", "success", "cot_success", "runner_up_success"]
    ) {
        let menu = try StrategyMenu.standard()
        let cost = try CostModel(parameters: 1e9)
        var best: [String] = []
        var rows: [[Double]] = []
        for budget in [32.0, 256, 2048, 16384] {
            for m in [1, 2, 4, 8, 16, 32, 64] {
                for r in try Grid.geom(0.005, 0.9, 12) {
                    let choice = try StrategyChoice(
                        task: SkillTask(m: m, r: r), allocatedSteps: budget, menu: menu, cost: cost)
                    best.append(choice.label)
                    rows.append([
                        Double(m), r, budget, choice.success, choice.chainOfThoughtSuccess, choice.runnerUpSuccess,
                    ])
                }
            }
        }
        let names = ["m", "r", "budget_steps", "success", "cot_success", "runner_up_success"]
        var columns = (0..<3).map { j in Table.Column(names[j], rows.map { $0[j] }) }
        columns.append(Table.Column("best", texts: best))
        columns += (3..<6).map { j in Table.Column(names[j], rows.map { $0[j] }) }
        return try Table(
            columns: columns,
            metadata: [
                .init("menu", menu.map(\.label).joined(separator: " ")),
                .init(
                    "comparison",
                    "equal allocated steps per query; per-chain budget = budget / (chains x width), floored"),
                .init("ties", "lower expected FLOPs (min(K, m/r) steps), then menu order"),
            ])
    }

    /// Project figure: dynamic (per-task) vs uniform allocation of inference tokens.
    static let dynamicAllocation = FigureSpec(
        id: "proj-dynamic-allocation", paper: .project, title: "Dynamic vs uniform allocation of inference compute",
        columns: ["average_tokens", "acc_dynamic", "acc_uniform", "uniform_strategy", "compute_saved"]
    ) {
        let model = try BridgeAccuracyModel(
            law: .chinchilla,
            tasks: try Grid.lin(1.0, 3.5, 6).flatMap { L0 in try [1, 2, 4, 8, 16, 32].map { try .init(m: $0, L0: L0) }
            },
            slope: 5)
        let loss = 2.0
        let population = try TaskPopulation(
            tasks: try model.tasks.map { try model.skillTask($0, loss: loss) }, weights: model.tasks.map(\.weight))
        let menu = try StrategyMenu.standard()
        let cost = try CostModel(parameters: 1e9)
        let budgets = try Grid.geom(1, 1e5, 41)
        var label: [String] = []
        var rows: [[Double]] = []
        let averages = try Grid.geom(25, 2.5e5, 17)
        // One table of strategy successes per task and candidate budget, shared by the 17 averages.
        // Grid resolution (hull vertices on the candidate budgets, exact on that grid), as the figure was published;
        // `ds3 optimum dynamic` uses the continuous resolution.
        let plans = try DynamicAllocation.sweep(
            population: population, averageSteps: averages.map { $0 / 25 }, budgets: budgets, menu: menu, cost: cost,
            resolution: .grid)
        for (tokens, plan) in zip(averages, plans) {
            label.append(plan.uniformLabel)
            rows.append([tokens, plan.accuracy, plan.uniformAccuracy, plan.computeSaved])
        }
        return try Table(
            columns: [
                Table.Column("average_tokens", rows.map { $0[0] }), Table.Column("acc_dynamic", rows.map { $0[1] }),
                Table.Column("acc_uniform", rows.map { $0[2] }), Table.Column("uniform_strategy", texts: label),
                Table.Column("compute_saved", rows.map { $0[3] }),
            ],
            metadata: [
                .init(
                    "population", "L0 in lin(1.0, 3.5, 6) x m in {1, 2, 4, 8, 16, 32}, uniform, slope 5, at loss 2.0"),
                .init("menu", menu.map(\.label).joined(separator: " ")),
                .init("candidate budgets", "geom(1, 1e5, 41) steps plus the average; omega = 25"),
                .init("method", "concave hull + Lagrangian relaxation (exact)"),
            ])
    }

    /// Project figure: accuracy vs total (training + lifetime inference) compute, with the Pareto frontier.
    static let pareto = FigureSpec(
        id: "proj-pareto", paper: .project, title: "Pareto frontier of accuracy vs total compute (I = 1e9)",
        columns: ["C_total", "path", "acc", "N", "D", "Omega", "on_frontier"]
    ) {
        let model = try jointPopulation()
        let queries = 1e9
        var points: [(C: Double, path: String, a: JointAllocation)] = []
        for C in try Grid.geom(1e19, 1e24, 6) {
            points.append((C, "global", try JointOptimum.global(model: model, compute: C, queries: queries).best))
            points.append(
                (C, "chinchilla", try JointOptimum.chinchillaConstrained(model: model, compute: C, queries: queries)))
            for omega in [1e3, 1e4] {
                points.append(
                    (
                        C, "omega=\(Int(omega))",
                        try JointOptimum.fixedTokensPerQuery(
                            model: model, law: .chinchilla, compute: C, queries: queries, tokensPerQuery: omega)
                    ))
            }
        }
        let frontier = ParetoFrontier.indices(cost: points.map(\.C), value: points.map(\.a.accuracy))
        return try Table(
            columns: [
                Table.Column("C_total", points.map(\.C)), Table.Column("path", texts: points.map(\.path)),
                Table.Column("acc", points.map(\.a.accuracy)), Table.Column("N", points.map(\.a.parameters)),
                Table.Column("D", points.map(\.a.trainingTokens)),
                Table.Column("Omega", points.map(\.a.tokensPerQuery)),
                Table.Column("on_frontier", points.indices.map { frontier.contains($0) ? 1 : 0 }),
            ],
            metadata: [
                .init("population", "as ds3-F13"), .init("queries", "1e9"), .init("C_total", "geom(1e19, 1e24, 6)"),
                .init("on_frontier", "1 when no other point has lower or equal compute and higher accuracy"),
            ])
    }

    /// Project figure (issue 20): how the joint optimum moves under a limit of U unique training tokens (repeats
    /// valued by the data-constrained law of Muennighoff et al. 2023) and under a cap on the expected latency per
    /// query, against the unconstrained optimum, over lifetime budgets. A 32-task population (L0 ∈ lin(0.1, 4, 8) ×
    /// m ∈ {1, 2, 4, 8}) keeps the latency-capped solves (a root search per evaluation) fast.
    static let constrained = FigureSpec(
        id: "proj-constrained", paper: .project,
        title: "Joint optimum under a data limit and a latency cap (I = 1e9)",
        columns: ["C_total", "path", "acc", "N", "D", "Omega", "latency", "epochs"]
    ) {
        let model = try jointPopulation(skills: [1, 2, 4, 8])
        let (queries, unique, cap) = (1e9, 1e10, 200.0)
        let budgets = try Grid.geom(1e19, 1e24, 6)
        let paths = ["unconstrained", "unique_tokens=1e10", "latency<=200"]
        let limited = try DataConstrainedAccuracyModel(bridge: model, uniqueTokens: unique)
        let caps = try JointOptimum.Caps(maxLatency: cap)
        let solved = try Parallel.map(count: budgets.count * paths.count) { i in
            let C = budgets[i / paths.count]
            switch i % paths.count {
            case 0: return try JointOptimum.global(model: model, compute: C, queries: queries).best
            case 1: return try DataConstrainedOptimum.joint(model: limited, compute: C, queries: queries).best
            default: return try JointOptimum.global(model: model, compute: C, queries: queries, caps: caps).best
            }
        }
        let latencies = try solved.map {
            try model.latency(
                parameters: $0.parameters, trainingTokens: $0.trainingTokens, tokensPerQuery: $0.tokensPerQuery)
        }
        return try Table(
            columns: [
                Table.Column("C_total", solved.map(\.compute)),
                Table.Column("path", texts: solved.indices.map { paths[$0 % paths.count] }),
                Table.Column("acc", solved.map(\.accuracy)), Table.Column("N", solved.map(\.parameters)),
                Table.Column("D", solved.map(\.trainingTokens)), Table.Column("Omega", solved.map(\.tokensPerQuery)),
                Table.Column("latency", latencies),
                Table.Column("epochs", solved.map { max(1, $0.trainingTokens / unique) }),
            ],
            metadata: [
                .init("population", "L0 in lin(0.1, 4.0, 8) x m in {1, 2, 4, 8}, uniform, slope 5, omega 25"),
                .init("queries", "1e9"), .init("C_total", "geom(1e19, 1e24, 6)"),
                .init("unique_tokens", "1e10 (data-constrained law of Muennighoff et al. 2023, published R*_D, R*_N)"),
                .init("latency", "expected sequential tokens per query (chain-of-thought: omega E[min(T_m, K)])"),
                .init("epochs", "D / 1e10 on every path (>= 1): the repeats the data limit would need"),
            ])
    }

    /// Grid of F19: C_tr geom(1e25, 1e27, trainingPoints) × allocated C_inf geom(1e13, 5e17, inferencePoints),
    /// and `optimalPoints` budgets per query count.
    struct F19Grid: Sendable {
        let trainingPoints: Int
        let inferencePoints: Int
        let optimalPoints: Int
        let note: String
    }

    static let f19Test = F19Grid(
        trainingPoints: 8, inferencePoints: 8, optimalPoints: 4, note: "(paper: 50 x 60)")
    static let f19Full = F19Grid(
        trainingPoints: 50, inferencePoints: 60, optimalPoints: 20, note: "(paper grid)")

    /// DS3 F19: tripartite CoT accuracy over (C_tr, allocated C_inf) and the optimal training/inference split for
    /// I = 1e9, 1e11, 1e13, with log–log fits C_inf = a C_tr^b. The grid (`populationGrid`) and the optimal
    /// splits run on all cores (output in grid order).
    static func f19Table(_ grid: F19Grid) throws -> Table {
        let link = try TripartiteLink(mode: .published)
        var kind: [String] = []
        var rows: [[Double]] = []
        let trains = try Grid.geom(1e25, 1e27, grid.trainingPoints)
        let infs = try Grid.geom(1e13, 5e17, grid.inferencePoints)
        // `populationGrid` is identical to `population` at each point, with rows on all cores.
        let outcomes = try link.populationGrid(trainingComputes: trains, inferenceComputes: infs)
        for (i, cTr) in trains.enumerated() {
            for (j, cInf) in infs.enumerated() {
                let o = outcomes[i * infs.count + j]
                kind.append("grid")
                rows.append([0, cTr + cInf, cTr, cInf, o.computeUsed, o.accuracy])
            }
        }
        var fits: [Table.Metadata] = []
        // C_total ranges where the optimal accuracy is neither 0 nor saturated at 1 (outside them the optimal
        // split is not unique).
        let ranges = [(1e9, 2e25, 1.2e26), (1e11, 1e26, 5e26), (1e13, 8e26, 5e27)]
        var jobs: [(queries: Double, total: Double)] = []
        for (queries, low, high) in ranges {
            for total in try Grid.geom(low, high, grid.optimalPoints) { jobs.append((queries, total)) }
        }
        let frozen = jobs
        let splits = try Parallel.map(count: frozen.count) { i in
            try TripartiteSplit(link: link, compute: frozen[i].total, queries: frozen[i].queries)
        }
        for (queries, _, _) in ranges {
            var fitTrains: [Double] = []
            var fitUsed: [Double] = []
            for (job, split) in zip(frozen, splits) where job.queries == queries {
                kind.append("optimal")
                rows.append([
                    queries, job.total, split.trainingCompute, split.inferenceCompute, split.inferenceComputeUsed,
                    split.accuracy,
                ])
                fitTrains.append(split.trainingCompute)
                fitUsed.append(split.inferenceComputeUsed)
            }
            // The grid choice: the best grid point within the budget (published procedure, coarse by design).
            for job in frozen where job.queries == queries {
                var best: (index: Int, accuracy: Double)? = nil
                for (i, cTr) in trains.enumerated() where cTr < job.total {
                    for (j, cInf) in infs.enumerated() where cTr + queries * cInf <= job.total {
                        let a = outcomes[i * infs.count + j].accuracy
                        if a > best?.accuracy ?? -1 { best = (i * infs.count + j, a) }
                    }
                }
                guard let best else { continue }
                let (i, j) = best.index.quotientAndRemainder(dividingBy: infs.count)
                kind.append("optimal_grid")
                rows.append([queries, job.total, trains[i], infs[j], outcomes[best.index].computeUsed, best.accuracy])
            }
            if let fit = try? PowerLawFit(x: fitTrains, y: fitUsed) {
                fits.append(
                    .init(
                        "fit I=\(queries)",
                        "C_inf_used = 10^\(fit.log10Prefactor) C_tr^\(fit.exponent), R2 = \(fit.rSquared)"))
            }
        }
        let names = ["I", "C_total", "C_tr", "C_inf_alloc", "C_inf_used", "acc"]
        return try Table(
            columns: [Table.Column("kind", texts: kind)]
                + names.enumerated().map { j, name in Table.Column(name, rows.map { $0[j] }) },
            metadata: [
                .init("model", "DS3.TripartiteLink, published mode (authors' constants), CoT at the best level"),
                .init(
                    "grid",
                    "C_tr geom(1e25, 1e27, \(grid.trainingPoints)) x C_inf allocated geom(1e13, 5e17, "
                        + "\(grid.inferencePoints)) \(grid.note); I = 0 and C_total = C_tr + C_inf on grid rows"
                ),
                .init(
                    "optimal",
                    "max E[acc] s.t. C_tr + I C_inf_alloc = C_total; C_total geom over (2e25, 1.2e26), "
                        + "(1e26, 5e26), (8e26, 5e27) for I = 1e9, 1e11, 1e13 (\(grid.optimalPoints) points each); "
                        + "ties: smallest training share; exact (best competence threshold, TripartiteSplit)"
                ),
                .init(
                    "optimal_grid",
                    "the published procedure: the best (C_tr, C_inf_alloc) point of the grid above with "
                        + "C_tr + I C_inf_alloc <= C_total (coarse: up to one grid step off the optimum)"
                ),
            ] + fits)
    }

    /// DS3 F19 (test variant: 8 × 8 grid, 4 optimal budgets per I; full: the paper's 50 × 60 grid, 20 budgets per I).
    static let f19 = FigureSpec(
        id: "ds3-F19", paper: .ds3, title: "Chinchilla-pretrained total-compute-optimal allocations (CoT, tripartite)",
        columns: ["kind", "I", "C_total", "C_tr", "C_inf_alloc", "C_inf_used", "acc"],
        makeFull: { try f19Table(f19Full) },
        make: {
            try f19Table(f19Test)
        }
    )
}
