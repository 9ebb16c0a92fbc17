import DS3Kit
import Foundation

/// A loss law defined outside DS3Kit: the additive form L = E + A/N^α + B/D^β with its own storage (a researcher's
/// refit, say). Every solver that takes `some LossLaw` (training, inference-aware) or `any LossLaw`
/// (`BridgeAccuracyModel`, hence the joint optimum) treats it as it treats the built-in laws: having no
/// `chinchillaForm`, it is solved numerically.
struct UserLossLaw: LossLaw {
    let E: Double
    let A: Double
    let B: Double
    let alpha: Double
    let beta: Double

    func loss(parameters N: Double, tokens D: Double) throws(ParameterError) -> Double {
        guard N.isFinite, N > 0 else { throw ParameterError(parameter: "N", value: N, validRange: "finite, > 0") }
        guard D.isFinite, D > 0 else { throw ParameterError(parameter: "D", value: D, validRange: "finite, > 0") }
        return E + A / pow(N, alpha) + B / pow(D, beta)
    }

    func infiniteDataLoss(parameters N: Double) throws(ParameterError) -> Double {
        guard N.isFinite, N > 0 else { throw ParameterError(parameter: "N", value: N, validRange: "finite, > 0") }
        return E + A / pow(N, alpha)
    }
}
