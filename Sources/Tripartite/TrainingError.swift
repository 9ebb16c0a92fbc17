import Foundation
import RealModule
import ScalingCore

/// Training error and the excess-entropy lower bound at the compute-optimal point (reference §4).
///
/// With p = d_t/R and δ the unlearned fraction, the number of unlearned concepts in a text is taken as Bin(R, pδ)
/// (`.published`: with R − 1 powers as in the notebook); a text is "not decodable" when it holds ≥ 2 of them:
///
///     `.corrected`: P_e = 1 − (1 − pδ)^R − Rpδ(1 − pδ)^{R−1} = 1 − (1 − pδ)^{R−1}(1 + (R − 1)pδ)
///     `.published`: P_e = 1 − (1 − pδ)^{R−1}(1 + Rpδ)   (the notebook's "simplified" form, naive powers)
///
/// The Pinsker-type bound on the excess entropy is ½P_e². Small-δ limit: P_e → (d_tδ)²/2.
public enum TrainingError {
    /// P_{e,train}.
    public static func probability(
        concepts R: Double, unlearnedFraction delta: Double, textDegree: Double = 6, mode: TripartiteMode = .corrected
    ) throws -> Double {
        try Validate.inRange(R, "R (concepts)", 1, .greatestFiniteMagnitude)
        try Validate.probability(delta, "δ (unlearned fraction)")
        try Validate.positive(textDegree, "d_t")
        let p = min(1, textDegree / R)
        let q = p * delta
        switch mode {
        case .published:
            return 1 - Foundation.pow(1 - q, R - 1) * (1 + p * R * delta)
        case .corrected:
            // 1 − e^{(R−1)ln(1−q)}(1 + (R−1)q), in the form that keeps its relative precision when it is tiny:
            // with u = (R−1)ln(1−q) and v = ln(1 + (R−1)q), P = −expm1(u + v).
            if q >= 1 { return 1 }
            let u = (R - 1) * Double.log(onePlus: -q)
            let v = Double.log(onePlus: (R - 1) * q)
            return max(0, -Double.expMinusOne(u + v))
        }
    }

    /// ½P_{e,train}²: lower bound on the excess entropy (nats).
    public static func excessEntropyLowerBound(
        concepts R: Double, unlearnedFraction delta: Double, textDegree: Double = 6, mode: TripartiteMode = .corrected
    ) throws -> Double {
        let pe = try probability(concepts: R, unlearnedFraction: delta, textDegree: textDegree, mode: mode)
        return 0.5 * pe * pe
    }
}
