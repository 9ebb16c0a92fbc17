import ComputeOptimal
import ScalingCore

/// Registered figures of this area, in display order.
enum AllocationFigures {
    static let all: [FigureSpec] = [f2, f3]

    /// DS3 F2: total-compute-optimal D_tr and N for fixed inference tokens (closed form of ds3-theory §5.6).
    static let f2 = FigureSpec(
        id: "ds3-F2", paper: .ds3, title: "Total-compute-optimal D_tr and N for fixed D_inf",
        columns: ["C", "D_inf", "D_tr", "N", "D_tr_asymptote", "N_asymptote"]
    ) {
        let kappa = 20.0
        var rows: [[Double]] = []
        for dInf in [1e6, 1e10, 1e14, 1e18, 1e22] {
            for C in try Grid.geom(1e15, 1e32, 1000) {
                let opt = try FixedInferenceTokensOptimum(compute: C, inferenceTokens: dInf, kappa: kappa)
                // The authors blank points with N < 1e6 (y-axis floor); CSV rows are omitted instead.
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

    /// DS3 F3: iso-compute surface N = C / (6 D_tr + 2 I Ω) and its two cross-sections.
    static let f3 = FigureSpec(
        id: "ds3-F3", paper: .ds3, title: "Iso-compute surface N = C/(6 D_tr + 2 I Omega)",
        columns: ["section", "C", "D_tr", "Omega", "N"]
    ) {
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
        for C in [1e26, 1e29] {
            for d in try Grid.geom(1e9, 1e14, 41) {
                for omega in try Grid.geom(1e2, 1e6, 41) { try add("surface", C, d, omega) }
            }
            for omega in try Grid.geom(1e2, 1e6, 200) { try add("D_tr=1e12", C, 1e12, omega) }
            for d in try Grid.geom(1e9, 1e14, 200) { try add("Omega=1e4", C, d, 1e4) }
        }
        let columns: [Table.Column] = [.init("section", texts: section)]
            + ["C", "D_tr", "Omega", "N"].enumerated().map { j, name in Table.Column(name, rows.map { $0[j] }) }
        return try Table(
            columns: columns,
            metadata: [
                .init("I", "1e10"), .init("C", "1e26, 1e29"),
                .init("surface", "D_tr geom(1e9, 1e14, 41) x Omega geom(1e2, 1e6, 41) (paper plots 200 x 200)"),
                .init("cross-sections", "D_tr = 1e12 (Omega geom(1e2, 1e6, 200)); Omega = 1e4 (D_tr geom(1e9, 1e14, 200))"),
            ])
    }
}
