import RealModule
import ScalingCore

/// The bridge to empirical scaling laws (ds3-theory §5.1–5.2): per-step success from the pre-training loss,
/// r = p(L0, L) = a σ(b (L0 − L)) = a / (1 + e^{−b (L0 − L)}), L = L(N, D) of a Chinchilla-form law.
/// L0 is the skill's difficulty on the loss scale (the loss at which it is applied correctly with probability a/2).
public struct EmpiricalBridge: Sendable, Hashable {
    public let law: ChinchillaLossLaw
    /// L0 (nats/token).
    public let difficulty: Double
    /// Sigmoid slope b (5 by default; 20 and 1 in some figures).
    public let slope: Double
    /// Amplitude a ∈ (0, 1].
    public let amplitude: Double

    public init(law: ChinchillaLossLaw, difficulty: Double, slope: Double = 5, amplitude: Double = 1)
        throws(ParameterError)
    {
        self.law = law
        self.difficulty = try Validate.finite(difficulty, "L0")
        self.slope = try Validate.positive(slope, "slope")
        self.amplitude = try Validate.probability(amplitude, "amplitude", .lowerOpen)
    }

    /// r at loss L ≥ E (no model of the law reaches a loss below its irreducible term; E itself is the N, D → ∞
    /// limit, `plateau`).
    public func stepSuccess(loss: Double) throws(ParameterError) -> Double {
        try Self.stepSuccess(loss: loss, difficulty: difficulty, slope: slope, amplitude: amplitude, floor: law.E)
    }

    /// r = a σ(b (L0 − L)) at loss L ≥ `floor`, the irreducible loss of the law that produced L (nats/token): the
    /// bridge of any loss law (`LossLaw.irreducibleLoss`). The constants are taken as validated (as by `init`).
    package static func stepSuccess(
        loss: Double, difficulty: Double, slope: Double, amplitude: Double, floor: Double
    ) throws(ParameterError) -> Double {
        try Validate.finite(loss, "loss")
        guard loss >= floor else {
            throw .infeasible(
                "loss", loss, feasibleRange: "≥ \(floor)",
                constraint: "no model reaches a loss below the irreducible term E = \(floor) of its loss law")
        }
        let z = slope * (difficulty - loss)
        // σ(z) without overflow for large |z|.
        return amplitude * (z >= 0 ? 1 / (1 + Double.exp(-z)) : Double.exp(z) / (1 + Double.exp(z)))
    }

    /// r for a model of N parameters trained on D tokens.
    public func stepSuccess(parameters N: Double, tokens D: Double) throws(ParameterError) -> Double {
        try stepSuccess(loss: law.loss(parameters: N, tokens: D))
    }

    /// r with unlimited data, L(N, ∞) = E + A N^(−α).
    public func stepSuccess(parameters N: Double) throws(ParameterError) -> Double {
        try Validate.positive(N, "N")
        return try stepSuccess(loss: law.E + law.A * Double.exp(-law.alpha * Double.log(N)))
    }

    /// The parameter-scaling plateau a σ(b (L0 − E)) reached as N, D → ∞.
    public var plateau: Double { (try? stepSuccess(loss: law.E)) ?? 0 }

    /// The task at (N, D): m required skills with r from the loss.
    public func task(skills m: Int, parameters N: Double, tokens D: Double) throws(ParameterError) -> SkillTask {
        try SkillTask(m: m, r: stepSuccess(parameters: N, tokens: D))
    }
}

extension EmpiricalBridge {
    /// Hoffmann et al. (2022) as used by the DS3 bridge (ds3-theory §5.1): E = 1.69, A = 406.4, B = 410.7,
    /// α = 0.34, β = 0.28 — the paper's rounded constant set `ChinchillaLossLaw.chinchilla`.
    public static var hoffmannLaw: ChinchillaLossLaw { .chinchilla }
}
