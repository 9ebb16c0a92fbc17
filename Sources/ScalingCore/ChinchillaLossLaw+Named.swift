import RealModule

/// Named, published constant sets of the Chinchilla loss law.
extension ChinchillaLossLaw {
    /// The names accepted by `named(_:)`, e.g. on the command line (`--law NAME`).
    public enum ConstantSet: String, CaseIterable, Sendable {
        /// Hoffmann et al. 2022, paper body (rounded): E 1.69, A 406.4, B 410.7, α 0.34, β 0.28.
        case chinchilla = "chinchilla"
        /// Hoffmann et al. 2022, unrounded constants of the TeX source: E 1.69337368, A 406.401018,
        /// B 410.722827, α 0.33917084, β 0.2849083. Needed to reproduce the paper's own optimum (40B params at
        /// the Gopher budget 5.76e23 FLOPs); the rounded set gives 32B there.
        case chinchillaTeX = "chinchilla-tex"
        /// Default of Sardana et al. 2024 (code of "Beyond Chinchilla-Optimal"): E 1.69, A 406.4, B 410.7,
        /// α 0.336, β 0.283.
        case sardana = "sardana"
        /// Besiroglu et al. 2024 (Epoch AI replication), the published table: E 1.8172, A 482.01, B 2085.43,
        /// α 0.3478, β 0.3658.
        case epoch = "epoch"
        /// The point estimate of the log-space fit in Epoch's `analyzing-chinchilla` notebook,
        /// (a, b, e, α, β) = (6.17795598, 7.64273236, 0.59711196, 0.34781303, 0.36585412), A = e^a, B = e^b,
        /// E = e^e (≈ 482.01, 2085.43, 1.81686): not the published table (E differs by 3.4e-4).
        case epochLogSpace = "epoch-log-space"
        /// Muennighoff et al. 2023 ("Scaling Data-Constrained Language Models"), the base law of their
        /// data-constrained fit on C4 as published in the authors' repository (`huggingface/datablations`,
        /// README, "Parametric Fit"): log-space (a, b, e, α, β) = (6.255414, 7.3049974, 0.6254804, 0.3526596,
        /// 0.3526596), A = e^a ≈ 520.82, B = e^b ≈ 1487.72, E = e^e ≈ 1.8691; used with R*_D, R*_N by
        /// `DataConstrainedLossLaw.muennighoff(uniqueTokens:)`.
        case muennighoff = "muennighoff"
    }

    /// Hoffmann et al. 2022, rounded constants of the paper body.
    public static let chinchilla = ChinchillaLossLaw(published: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)
    /// Hoffmann et al. 2022, unrounded constants of the TeX source.
    public static let chinchillaTeX = ChinchillaLossLaw(
        published: 1.69337368, A: 406.401018, B: 410.722827, alpha: 0.33917084, beta: 0.2849083)
    /// Sardana et al. 2024 repository default.
    public static let sardana = ChinchillaLossLaw(published: 1.69, A: 406.4, B: 410.7, alpha: 0.336, beta: 0.283)
    /// Besiroglu et al. 2024 (Epoch AI) refit, the constants as published in the paper's table.
    public static let epoch = ChinchillaLossLaw(published: 1.8172, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658)
    /// Besiroglu et al. 2024 (Epoch AI) refit, the log-space point estimate of the replication notebook.
    public static let epochLogSpace = ChinchillaLossLaw(
        published: Double.exp(0.59711196), A: Double.exp(6.17795598), B: Double.exp(7.64273236),
        alpha: 0.34781303, beta: 0.36585412)

    /// Muennighoff et al. 2023, the base (Chinchilla-form) law of their data-constrained fit, α = β = 0.3526596.
    public static let muennighoff = ChinchillaLossLaw(
        published: Double.exp(0.6254804), A: Double.exp(6.255414), B: Double.exp(7.3049974), alpha: 0.3526596,
        beta: 0.3526596)

    /// The law of a named constant set.
    public static func named(_ set: ConstantSet) -> ChinchillaLossLaw {
        switch set {
        case .chinchilla: chinchilla
        case .chinchillaTeX: chinchillaTeX
        case .sardana: sardana
        case .epoch: epoch
        case .epochLogSpace: epochLogSpace
        case .muennighoff: muennighoff
        }
    }

    /// The law of a constant set given by name (`chinchilla`, `chinchilla-tex`, `sardana`, `epoch`,
    /// `epoch-log-space`,
    /// `muennighoff`).
    ///
    /// - Throws: `ParameterError` for an unknown name, listing the known ones.
    public static func named(_ name: String) throws(ParameterError) -> ChinchillaLossLaw {
        guard let set = ConstantSet(rawValue: name.lowercased()) else {
            throw ParameterError(
                parameter: "law", value: name,
                validRange: "one of " + ConstantSet.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return named(set)
    }
}

/// The named sets where any `LossLaw` is expected (`law: .chinchilla` for a parameter of type `any LossLaw` or
/// `some LossLaw`).
extension LossLaw where Self == ChinchillaLossLaw {
    /// Hoffmann et al. 2022, rounded constants of the paper body (`ChinchillaLossLaw.chinchilla`).
    public static var chinchilla: ChinchillaLossLaw { ChinchillaLossLaw.chinchilla }
    /// Hoffmann et al. 2022, unrounded constants of the TeX source (`ChinchillaLossLaw.chinchillaTeX`).
    public static var chinchillaTeX: ChinchillaLossLaw { ChinchillaLossLaw.chinchillaTeX }
    /// Sardana et al. 2024 repository default (`ChinchillaLossLaw.sardana`).
    public static var sardana: ChinchillaLossLaw { ChinchillaLossLaw.sardana }
    /// Besiroglu et al. 2024, published table (`ChinchillaLossLaw.epoch`).
    public static var epoch: ChinchillaLossLaw { ChinchillaLossLaw.epoch }
    /// Besiroglu et al. 2024, log-space point estimate (`ChinchillaLossLaw.epochLogSpace`).
    public static var epochLogSpace: ChinchillaLossLaw { ChinchillaLossLaw.epochLogSpace }
    /// Muennighoff et al. 2023, base law of the data-constrained fit (`ChinchillaLossLaw.muennighoff`).
    public static var muennighoff: ChinchillaLossLaw { ChinchillaLossLaw.muennighoff }
}
