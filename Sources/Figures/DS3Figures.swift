import DS3
import GSL
import RealModule
import ScalingCore

/// Registered figures of this area, in display order (ds3-theory §6). Grids follow the specification where a
/// debug build can compute them in a few seconds; heat maps use coarser grids (stated in the metadata).
enum DS3Figures {
    static let all: [FigureSpec] = [f4, f5, f6, f7, f8, f9, f10, f14, f15, f17, f18, f20, f21]

    static func meta(_ pairs: (String, String)...) -> [Table.Metadata] { pairs.map { Table.Metadata($0.0, $0.1) } }

    /// N = 1e10, 96 layers, d_attn 12288, ω_p 200, ω 25 (the notebook's attention setting).
    static func attentionCost() throws -> CostModel {
        try CostModel(parameters: 1e10, tokensPerStep: 25, attention: .gpt3)
    }

    // MARK: F4

    static let f4 = FigureSpec(
        id: "ds3-F4", paper: .ds3, title: "Parameter vs attention FLOPs",
        columns: ["Omega", "param_flops", "attn_flops"]
    ) {
        let attention = try AttentionCost(layers: 96, width: 12288, promptTokens: 200, includesPromptSquare: false)
        let rows = try Grid.geom(10, 1e6, 500).map { omega in
            [omega, 2 * 1e10 * omega, attention.flops(generatedTokens: omega)]
        }
        return try Table(
            names: ["Omega", "param_flops", "attn_flops"], rows: rows,
            metadata: meta(("N", "1e10"), ("n_layer", "96"), ("d_attn", "12288"), ("omega_ctx0", "200")))
    }

    // MARK: F5

    static let f5 = FigureSpec(
        id: "ds3-F5", paper: .ds3, title: "Expected Token Approximations (m=5, r=0.2)",
        columns: ["n", "exact", "gauss_approx", "pw_linear"]
    ) {
        let rows = try (0...75).map { k -> [Double] in
            let n = Double(k)
            return [
                n, try ChainOfThought.expectedSteps(m: 5, r: 0.2, steps: n, method: .exact),
                try ChainOfThought.expectedSteps(m: 5, r: 0.2, steps: n, method: .gaussian),
                try ChainOfThought.expectedSteps(m: 5, r: 0.2, steps: n, method: .piecewiseLinear),
            ]
        }
        return try Table(
            names: ["n", "exact", "gauss_approx", "pw_linear"], rows: rows,
            metadata: meta(("m", "5"), ("r", "0.2"), ("threshold_mu", "25")))
    }

    // MARK: F6, F7

    static let heatRs = [0.001, 0.01, 0.1, 0.5]
    /// Points per axis of the F6/F7 heat maps: the paper's geom(25, 1e6, 500), and 40 for the golden test.
    static let heatPointsFull = 500
    static let heatPointsTest = 40

    /// One heat-map row at fixed (b, r, Ω_C) over the m·ω axis, blank cells dropped: (m·ω, P_CoT or nil, P_ToT(b) or
    /// nil) with the notebook's blanking rules (m < 1 blank; CoT blank when m > K_C; ToT blank unless
    /// K_T − m + 1 > m). The ToT depth budget Ω_T(Ω_C, b) and the per-depth success are computed once per row.
    /// With `cot` false and b > 1, P_CoT is not computed (nil).
    static func heatRow(r: Double, omegaC: Double, axis: [Double], b: Int, cost: CostModel, cot wantCoT: Bool) throws
        -> [(mOmega: Double, cot: Double?, tot: Double?)]
    {
        let KC = (omegaC / 25).rounded(.down)
        var KT = 0.0
        var depthSuccess = 0.0
        if b > 1 {
            var omegaT = try TreeOfThought.equalComputeDepthTokens(cotTokens: omegaC, branches: b, cost: cost)
            if omegaT < 1 { omegaT = 0 }
            KT = (omegaT / 25).rounded(.down)
            depthSuccess = try TreeOfThought(branches: b).depthSuccess(r)
        }
        var cells: [(mOmega: Double, cot: Double?, tot: Double?)] = []
        for mOmega in axis {
            let m = Int((mOmega / 25).rounded(.down))
            guard m >= 1 else { continue }
            let cot =
                (wantCoT || b == 1) && Double(m) <= KC
                ? try ChainOfThought.successProbability(m: m, r: r, steps: KC) : nil
            let tot =
                b > 1 && KT - Double(m) + 1 > Double(m)
                ? try ChainOfThought.successProbability(m: m, r: depthSuccess, steps: KT) : nil
            if cot != nil || tot != nil { cells.append((mOmega, cot, tot)) }
        }
        return cells
    }

    /// Heat-map rows for every (b, r, Ω_C) in that order, Ω_C and m·ω on geom(25, 1e6, points); rows are computed
    /// on all cores (`Parallel.map`, output in row order). `cot`: also compute P_CoT in the ToT rows.
    static func heatRows(branches: [Int], points: Int, cot: Bool) throws
        -> [(b: Int, r: Double, omegaC: Double, cells: [(mOmega: Double, cot: Double?, tot: Double?)])]
    {
        let cost = try attentionCost()
        let axis = try Grid.geom(25, 1e6, points)
        var keys: [(b: Int, r: Double, omegaC: Double)] = []
        for b in branches {
            for r in heatRs {
                for omegaC in axis { keys.append((b, r, omegaC)) }
            }
        }
        let frozen = keys
        return try Parallel.map(count: frozen.count) { i in
            let key = frozen[i]
            let cells = try heatRow(r: key.r, omegaC: key.omegaC, axis: axis, b: key.b, cost: cost, cot: cot)
            return (key.b, key.r, key.omegaC, cells)
        }
    }

    /// F6 on geom(25, 1e6, points) per axis: CoT (b = 1) and ToT(1) (b = 4, 16) success probabilities.
    static func f6Table(points: Int, paperGrid: Bool) throws -> Table {
        var columns: [[Double]] = Array(repeating: [], count: 5)
        for row in try heatRows(branches: [1, 4, 16], points: points, cot: false) {
            for cell in row.cells {
                guard let p = row.b == 1 ? cell.cot : cell.tot else { continue }
                for (j, value) in [Double(row.b), row.r, row.omegaC, cell.mOmega, p].enumerated() {
                    columns[j].append(value)
                }
            }
        }
        let grid = "geom(25, 1e6, \(points)) per axis" + (paperGrid ? " (paper grid)" : "")
        return try Table(
            columns: zip(["b", "r", "Omega_C", "m_omega", "P"], columns).map { Table.Column($0, $1) },
            metadata: meta(
                ("b", "1 = CoT, 4 and 16 = ToT(1) at equal compute"), ("grid", grid),
                ("blank_cells", "omitted (m < 1, m > K_C for CoT, K_T - m + 1 <= m for ToT)"), ("N", "1e10"),
                ("omega", "25")))
    }

    static let f6 = FigureSpec(
        id: "ds3-F6", paper: .ds3, title: "Success Probability Comparison: CoT vs ToT(1)",
        columns: ["b", "r", "Omega_C", "m_omega", "P"],
        makeFull: { try f6Table(points: heatPointsFull, paperGrid: true) },
        make: {
            try f6Table(points: heatPointsTest, paperGrid: false)
        }
    )

    /// F7 on geom(25, 1e6, points) per axis: ToT(1) − CoT for b = 4, 16 (an undefined side counts as 0).
    static func f7Table(points: Int, paperGrid: Bool) throws -> Table {
        var columns: [[Double]] = Array(repeating: [], count: 7)
        for row in try heatRows(branches: [4, 16], points: points, cot: true) {
            for cell in row.cells {
                let diff = (cell.tot ?? 0) - (cell.cot ?? 0)
                let values = [Double(row.b), row.r, row.omegaC, cell.mOmega, cell.cot ?? 0, cell.tot ?? 0, diff]
                for (j, value) in values.enumerated() { columns[j].append(value) }
            }
        }
        let grid = "geom(25, 1e6, \(points)) per axis" + (paperGrid ? " (paper grid)" : "")
        return try Table(
            columns: zip(["b", "r", "Omega_C", "m_omega", "P_CoT", "P_ToT", "diff"], columns).map {
                Table.Column($0, $1)
            },
            metadata: meta(
                ("undefined", "an undefined side is written as 0: diff = P_ToT (only ToT), -P_CoT (only CoT)"),
                ("grid", grid)))
    }

    static let f7 = FigureSpec(
        id: "ds3-F7", paper: .ds3, title: "Success Probability Difference: ToT(1) - CoT",
        columns: ["b", "r", "Omega_C", "m_omega", "P_CoT", "P_ToT", "diff"],
        makeFull: { try f7Table(points: heatPointsFull, paperGrid: true) },
        make: {
            try f7Table(points: heatPointsTest, paperGrid: false)
        }
    )

    // MARK: F8

    static let f8 = FigureSpec(
        id: "ds3-F8", paper: .ds3, title: "Token Budget vs Inference Cost",
        columns: ["Omega_C", "C_inf", "b", "b_Omega_T", "sqrtb_Omega_C"]
    ) {
        let cost = try attentionCost()
        var rows: [[Double]] = []
        for omegaC in try Grid.geom(1, 1e6, 400) {
            let cInf = 2 * 1e10 * omegaC + AttentionCost.gpt3.flops(generatedTokens: omegaC)
            for b in [1, 4, 16, 256] {
                let omegaT = try TreeOfThought.equalComputeDepthTokens(cotTokens: omegaC, branches: b, cost: cost)
                let bd = Double(b)
                rows.append([omegaC, cInf, bd, b == 1 ? omegaC : bd * omegaT, bd.squareRoot() * omegaC])
            }
        }
        return try Table(
            names: ["Omega_C", "C_inf", "b", "b_Omega_T", "sqrtb_Omega_C"], rows: rows,
            metadata: meta(("b", "1 = CoT (tokens Omega_C)"), ("N", "1e10")))
    }

    // MARK: F9, F10 (empirical bridge)

    static let f9 = FigureSpec(
        id: "ds3-F9", paper: .ds3, title: "Per-step success vs training compute (Chinchilla path)",
        columns: ["C_tr", "L0", "r", "r_inf"]
    ) {
        var rows: [[Double]] = []
        for L0 in try Grid.lin(1.0, 2.5, 8) {
            let bridge = try EmpiricalBridge(law: EmpiricalBridge.hoffmannLaw, difficulty: L0, slope: 5)
            for ctr in try Grid.geom(1e14, 1e27, 100) {
                let N = (ctr / 120).squareRoot()
                rows.append([ctr, L0, try bridge.stepSuccess(parameters: N, tokens: 20 * N), bridge.plateau])
            }
        }
        return try Table(
            names: ["C_tr", "L0", "r", "r_inf"], rows: rows,
            metadata: meta(("kappa", "20"), ("slope", "5"), ("law", "Hoffmann 2022")))
    }

    static let f10 = FigureSpec(
        id: "ds3-F10", paper: .ds3, title: "Accuracy contours (single task)",
        columns: ["C_tr", "C_inf", "acc"]
    ) {
        let bridge = try EmpiricalBridge(law: EmpiricalBridge.hoffmannLaw, difficulty: 1.5, slope: 1)
        var rows: [[Double]] = []
        for ctr in try Grid.geom(1e14, 1e26, 100) {
            let N = (ctr / 120).squareRoot()
            let r = try bridge.stepSuccess(parameters: N, tokens: 20 * N)
            for n in try Grid.geom(1, 1e5, 100) {
                rows.append([ctr, 2 * N * 25 * n, try ChainOfThought.successProbability(m: 10, r: r, steps: n)])
            }
        }
        return try Table(
            names: ["C_tr", "C_inf", "acc"], rows: rows,
            metadata: meta(("m", "10"), ("L0", "1.5"), ("slope", "1"), ("steps", "real n (continuous)")))
    }

    // MARK: F14, F15 (pass@N and majority voting)

    static let fits: [(String, Double, Double, Double)] = [
        ("Llama-3-8B", 1.0, 0.388, 2.715), ("Gemma-2B", 1.0, 0.361, 4.649), ("Pythia-2.8B", 0.934, 0.322, 18.0),
        ("Llama-3-8B-Instruct", 1.0, 0.3797, 1.1336), ("Llama-3-70B-Instruct", 1.0, 0.4089, 0.4882),
    ]
    /// (model, plateau P∞, answers M) for the voting fits.
    static let votingFits: [(String, Double, Int)] = [
        ("Llama-3-8B-Instruct", 0.4154, 11), ("Llama-3-70B-Instruct", 0.5779, 9),
    ]

    static func votingWeights(_ model: String, _ plateau: Double, _ M: Int) throws -> [Double] {
        guard let fit = fits.first(where: { $0.0 == model }) else { return [1] }
        let population = try BetaTaskPopulation(alpha: fit.2, beta: fit.3, solvable: fit.1)
        let cStar = try MajorityVoting.calibrateLargestErrorWeight(plateau: plateau, population: population)
        let lambda = try MajorityVoting.geometricRatio(largestErrorWeight: cStar, answers: M)
        return try MajorityVoting.truncatedGeometricWeights(answers: M, lambda: lambda)
    }

    /// F14 with exact majority voting on the unique integers of geom(1, 1e4, 100) up to `mvMax`.
    static func f14Table(mvMax: Int) throws -> Table {
        var panel: [String] = []
        var model: [String] = []
        var xs: [Double] = []
        var ys: [Double] = []
        func add(_ p: String, _ m: String, _ x: Double, _ y: Double) {
            panel.append(p)
            model.append(m)
            xs.append(x)
            ys.append(y)
        }
        let nGrid = try Grid.geom(1, 1e4, 100)
        let rGrid = try Grid.lin(0.001, 0.999, 200)
        for (name, A, a, b) in fits {
            let population = try BetaTaskPopulation(alpha: a, beta: b, solvable: A)
            for n in nGrid { add("oracle", name, n, try population.passAtN(n)) }
            for r in rGrid {
                add("pdf", name, r, min(5, try population.density(r)))
                add("cdf", name, r, try population.cdf(r))
            }
        }
        // Exact majority voting (the authors used Monte Carlo) on unique integers of geom(1, 1e4, 100), up to
        // mvMax (the test variant stops at 300 to keep the golden test fast in debug builds). The (model, N)
        // evaluations are independent and run on all cores, in a fixed output order.
        let mvGrid = Grid.uniqueIntegers(nGrid).filter { $0 <= mvMax }
        var jobs: [(model: String, n: Int, population: BetaTaskPopulation, weights: [Double])] = []
        var plateaus: [(model: String, weights: [Double], population: BetaTaskPopulation)] = []
        for (name, plateau, M) in votingFits {
            guard let fit = fits.first(where: { $0.0 == name }) else { continue }
            let population = try BetaTaskPopulation(alpha: fit.2, beta: fit.3, solvable: fit.1)
            let weights = try votingWeights(name, plateau, M)
            for n in mvGrid { jobs.append((name, n, population, weights)) }
            plateaus.append((name, weights, population))
        }
        let frozen = jobs
        let accuracies = try Parallel.map(count: frozen.count) { i in
            try MajorityVoting(samples: frozen[i].n, errorWeights: frozen[i].weights)
                .accuracy(population: frozen[i].population)
        }
        for (name, weights, population) in plateaus {
            for (job, accuracy) in zip(frozen, accuracies) where job.model == name {
                add("mv", name, Double(job.n), accuracy)
            }
            add(
                "mv_plateau", name, 1e4,
                try MajorityVoting(samples: 1, errorWeights: weights).plateau(population: population))
        }
        return try Table(
            columns: [
                Table.Column("panel", texts: panel), Table.Column("model", texts: model), Table.Column("x", xs),
                Table.Column("y", ys),
            ],
            metadata: meta(
                (
                    "panels",
                    "oracle: x = N, y = pass@N; mv: x = N, y = exact MV accuracy; mv_plateau: y = P_inf; pdf (clipped at 5) and cdf: x = r"
                ),
                ("mv_N_max", "\(mvMax)"), ("mv_weights", "truncated geometric calibrated from P_inf (M = 11, 9)")))
    }

    static let f14 = FigureSpec(
        id: "ds3-F14", paper: .ds3, title: "Oracle verification and majority voting pass@N",
        columns: ["panel", "model", "x", "y"],
        makeFull: { try f14Table(mvMax: mvMaxFull) },
        make: {
            try f14Table(mvMax: mvMaxTest)
        }
    )

    /// Largest N of the exact majority-vote curve: the paper's whole N axis (1e4), and 300 for the golden test.
    static let mvMaxFull = 10_000
    static let mvMaxTest = 300

    static let f15 = FigureSpec(
        id: "ds3-F15", paper: .ds3, title: "Majority Voting Model Error Distribution, Truncated Geometric Example",
        columns: ["model", "j", "q_j"]
    ) {
        var model: [String] = []
        var js: [Double] = []
        var qs: [Double] = []
        for (name, plateau, M) in votingFits {
            for (j, q) in try votingWeights(name, plateau, M).enumerated() {
                model.append(name)
                js.append(Double(j + 1))
                qs.append(q)
            }
        }
        return try Table(
            columns: [Table.Column("model", texts: model), Table.Column("j", js), Table.Column("q_j", qs)],
            metadata: meta(("M", "11 (8B-Instruct), 9 (70B-Instruct)"), ("P_inf", "0.4154, 0.5779")))
    }

    // MARK: F17, F18, F20, F21 (tripartite link, published mode)

    static let f17 = FigureSpec(
        id: "ds3-F17", paper: .ds3, title: "AIME Accuracy vs Tokens with Budget Markers",
        columns: ["source", "C_inf_alloc", "alloc_tokens", "used_tokens", "acc"]
    ) {
        let link = try TripartiteLink(mode: .published)
        let ctr = 3.35e25
        let N = try link.model(trainingCompute: ctr).parameters
        var source: [String] = []
        var cols: [[Double]] = [[], [], [], []]
        func add(_ s: String, _ cInf: Double, _ used: Double, _ acc: Double) {
            source.append(s)
            cols[0].append(cInf)
            cols[1].append(cInf / (2 * N))
            cols[2].append(used)
            cols[3].append(acc)
        }
        // One row of `populationGrid` (identical to `population` at each point, with the chain-of-thought factors
        // shared between tasks): the model curve, then the budget markers.
        let curve = try Grid.geom(1e14, 1e20, 20)
        let markers = [2000.0, 4000, 8000, 16000, 32000, 64000].map { 2 * N * $0 }
        let outcomes = try link.populationGrid(trainingComputes: [ctr], inferenceComputes: curve + markers)
        for (j, (cInf, o)) in zip(curve + markers, outcomes).enumerated() {
            add(j < curve.count ? "model" : "marker", cInf, o.tokens, o.accuracy)
        }
        // Claude 3.7 Sonnet, AIME 2024 extended thinking (authors' estimates): budget → used tokens, accuracy.
        for (budget, used, acc) in [
            (2000.0, 2183.0, 0.3139), (4000, 5417, 0.4040), (8000, 8075, 0.4352), (16000, 13792, 0.5103),
            (32000, 19566, 0.5646), (64000, 22490, 0.5709),
        ] {
            add("claude-3.7-sonnet", 2 * N * budget, used, acc)
        }
        return try Table(
            columns: [Table.Column("source", texts: source)]
                + zip(["C_inf_alloc", "alloc_tokens", "used_tokens", "acc"], cols).map { Table.Column($0, $1) },
            metadata: meta(("C_tr", "3.35e25"), ("mode", "published (P_bar = 1, min(K, m/r) cost)")))
    }

    static let f18 = FigureSpec(
        id: "ds3-F18", paper: .ds3, title: "AIME accuracy during training and at test time",
        columns: ["panel", "compute", "acc_percent"]
    ) {
        let link = try TripartiteLink(mode: .published)
        var panel: [String] = []
        var compute: [Double] = []
        var acc: [Double] = []
        for ctr in try Grid.geom(1.7e25, 3.8e25, 50) {
            let N = try link.model(trainingCompute: ctr).parameters
            let o = try link.population(trainingCompute: ctr, inferenceCompute: 2 * N * 64_000)
            panel.append("train")
            compute.append(ctr)
            acc.append(100 * o.accuracy)
        }
        // One row of `populationGrid` (identical to `population` at each point).
        for o in try link.populationGrid(trainingComputes: [3.8e25], inferenceComputes: try Grid.geom(1e15, 1e17, 50)) {
            panel.append("test")
            compute.append(o.computeUsed)
            acc.append(100 * o.accuracy)
        }
        return try Table(
            columns: [
                Table.Column("panel", texts: panel), Table.Column("compute", compute), Table.Column("acc_percent", acc),
            ],
            metadata: meta(
                ("train", "x = C_tr, 64k allocated tokens (C_inf = 2N x 64000)"),
                ("test", "x = expected used C_inf at C_tr = 3.8e25, allocation geom(1e15, 1e17, 50)"),
                ("mode", "published")))
    }

    static let f20 = FigureSpec(
        id: "ds3-F20", paper: .ds3, title: "Trained skill competence by token-to-parameter ratio",
        columns: ["kappa", "C_tr", "sum_pl"]
    ) {
        let constants = try TripartiteLink.Constants(unionDelta: 1e-10)
        let link = try TripartiteLink(constants: constants, mode: .published)
        var rows: [[Double]] = []
        for ctr in [1e22, 1e24, 1e26] {
            for kappa in try Grid.geom(10, 40, 100) {
                rows.append([kappa, ctr, try link.supportSum(trainingCompute: ctr, tokensPerParameter: kappa)])
            }
        }
        return try Table(
            names: ["kappa", "C_tr", "sum_pl"], rows: rows,
            metadata: meta(("delta", "1e-10"), ("P_bar", "1"), ("terms", "term1 only, no prerequisite factor")))
    }

    /// F21 on C_tr geom(1e24, 1e27, ctrPoints) × allocated C_inf geom(1e13, 1e19, infPoints), evaluated with
    /// `TripartiteLink.populationGrid` (identical to `population` at each point; rows on all cores, row-major).
    static func f21Table(ctrPoints: Int, infPoints: Int, note: String) throws -> Table {
        let link = try TripartiteLink(mode: .published)
        let trains = try Grid.geom(1e24, 1e27, ctrPoints)
        let infs = try Grid.geom(1e13, 1e19, infPoints)
        let outcomes = try link.populationGrid(trainingComputes: trains, inferenceComputes: infs)
        var rows: [[Double]] = []
        rows.reserveCapacity(outcomes.count)
        for (i, ctr) in trains.enumerated() {
            for (j, cInf) in infs.enumerated() {
                let o = outcomes[i * infs.count + j]
                rows.append([ctr, cInf, o.tokens, o.accuracy])
            }
        }
        return try Table(
            names: ["C_tr", "C_inf_alloc", "tokens", "acc"], rows: rows,
            metadata: meta(
                ("grid", "C_tr geom(1e24, 1e27, \(ctrPoints)) x C_inf geom(1e13, 1e19, \(infPoints)) (\(note))"),
                ("mode", "published")))
    }

    /// F21: the paper gives no grid (axes 1e24..1e27 and tokens 1..1e8). The full grid 100 × 100 contains the test
    /// grid 10 × 12 (99 = 9 · 11 intervals on both axes).
    static let f21 = FigureSpec(
        id: "ds3-F21", paper: .ds3, title: "Accuracy vs training compute and expected tokens per task",
        columns: ["C_tr", "C_inf_alloc", "tokens", "acc"],
        makeFull: {
            try f21Table(
                ctrPoints: 46, infPoints: 56, note: "full; the paper states no grid, this refines the test grid")
        },
        make: {
            try f21Table(ctrPoints: 10, infPoints: 12, note: "coarse, debug-build budget")
        }
    )
}
