/// The solvers for an ensemble that supplies only its theory (`DegreeEnsemble` without `DegreeEnsembleShortcuts`):
/// each runs the shortcut-taking solver on `PlainShortcuts(ensemble)`, the defaults derived from the generating
/// functions. An ensemble with shortcuts resolves to the more specific overloads in `BPThreshold` and
/// `ScalingParameter` at compile time.
extension BPThreshold {
    /// `solve(_:xMin:gridPoints:)` for an ensemble without shortcuts.
    public static func solve<E: DegreeEnsemble>(
        _ ensemble: E, xMin: Double = 0.1, gridPoints: Int = 64
    ) throws -> BPThreshold {
        try solve(PlainShortcuts(ensemble), xMin: xMin, gridPoints: gridPoints)
    }
}

extension ScalingParameter {
    /// `alpha(_:threshold:mode:)` for an ensemble without shortcuts.
    public static func alpha<E: DegreeEnsemble>(
        _ ensemble: E, threshold: BPThreshold, mode: TripartiteMode = .corrected
    ) throws -> Double {
        try alpha(PlainShortcuts(ensemble), threshold: threshold, mode: mode)
    }

    /// `shiftOverOmega(_:threshold:)` for an ensemble without shortcuts.
    public static func shiftOverOmega<E: DegreeEnsemble>(_ ensemble: E, threshold: BPThreshold) throws -> Double {
        try shiftOverOmega(PlainShortcuts(ensemble), threshold: threshold)
    }
}
