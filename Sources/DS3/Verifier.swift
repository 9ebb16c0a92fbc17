import ScalingCore

/// A verifier that judges a candidate answer: accepts a correct one with probability `sensitivity` and a wrong
/// one with probability `falseAcceptance`. The oracle has (1, 0).
public struct Verifier: Sendable, Hashable {
    public let sensitivity: Double
    public let falseAcceptance: Double

    public init(sensitivity: Double, falseAcceptance: Double) throws(ParameterError) {
        self.sensitivity = try Validate.probability(sensitivity, "verifier sensitivity")
        self.falseAcceptance = try Validate.probability(falseAcceptance, "verifier false acceptance")
    }

    /// The perfect (oracle) verifier.
    public static let oracle = Verifier(unchecked: 1, 0)

    init(unchecked s: Double, _ f: Double) {
        self.sensitivity = s
        self.falseAcceptance = f
    }

    public var isOracle: Bool { sensitivity == 1 && falseAcceptance == 0 }

    /// Per-candidate probabilities for sample success p: (correct and accepted, wrong and accepted).
    func acceptance(_ p: Double) -> (correct: Double, wrong: Double) {
        (p * sensitivity, (1 - p) * falseAcceptance)
    }

    mutating func judge(_ correct: Bool, _ u: Double) -> Bool {
        correct ? u < sensitivity : u < falseAcceptance
    }
}
