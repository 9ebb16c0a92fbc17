import ScalingCore

/// An accelerator for the dollar-cost form: peak throughput and rental price.
public struct Accelerator: Sendable, Equatable {
    /// Peak dense throughput (FLOP/s) for the chosen number format.
    public let peakFLOPsPerSecond: Double
    /// Price per accelerator-hour in dollars.
    public let dollarsPerHour: Double

    public init(peakFLOPsPerSecond: Double, dollarsPerHour: Double) throws(ParameterError) {
        self.peakFLOPsPerSecond = try Validate.positive(peakFLOPsPerSecond, "peak FLOP/s")
        self.dollarsPerHour = try Validate.positive(dollarsPerHour, "dollars per hour")
    }

    /// Dollars per FLOP at full utilisation: price / (3600 · peak).
    public var dollarsPerFLOP: Double { dollarsPerHour / (3600 * peakFLOPsPerSecond) }

    /// Peak throughputs used by Sardana et al.'s cost scripts (FLOP/s): A100 int8 6.24e14, A100 bf16/fp16 3.12e14,
    /// H100 fp8 1.978e15, H100 bf16/fp16 9.89e14; default prices A100-80GB $1.50, A100-40GB $1.10, H100 $2.00 per hour.
    public enum Peak {
        public static let a100Int8 = 6.24e14
        public static let a100BF16 = 3.12e14
        public static let h100FP8 = 1.978e15
        public static let h100BF16 = 9.89e14
    }
}

/// Dollar cost of training and serving (Sardana et al. 2024, cost-optimal variant): training costs
/// 6ND · c_tr / U_tr, prefill 2N T_in · c_inf / U_prefill, decode 2N T_out · c_inf / U_decode, with c the dollars
/// per FLOP of each accelerator and U the model-FLOPs utilisation (MFU) of each phase.
public struct DollarCostModel: Sendable, Equatable {
    public let training: Accelerator
    public let inference: Accelerator
    /// MFU of training, prefill (input tokens) and decode (output tokens), each in (0, 1].
    public let trainingUtilization: Double
    public let prefillUtilization: Double
    public let decodeUtilization: Double

    public init(
        training: Accelerator, inference: Accelerator,
        trainingUtilization: Double, prefillUtilization: Double, decodeUtilization: Double
    ) throws(ParameterError) {
        self.training = training
        self.inference = inference
        self.trainingUtilization = try Validate.probability(trainingUtilization, "training MFU", .lowerOpen)
        self.prefillUtilization = try Validate.probability(prefillUtilization, "prefill MFU", .lowerOpen)
        self.decodeUtilization = try Validate.probability(decodeUtilization, "decode MFU", .lowerOpen)
    }

    /// The inference-token count that costs, at training prices, what serving T_in input and T_out output
    /// tokens costs: T_eff = (c_inf / c_tr) U_tr (T_in / U_prefill + T_out / U_decode). Minimising the dollar
    /// cost at fixed loss is the FLOP problem with T replaced by T_eff.
    public func effectiveInferenceTokens(input: Double, output: Double) throws(ParameterError) -> Double {
        try Validate.nonNegative(input, "input tokens")
        try Validate.nonNegative(output, "output tokens")
        return inference.dollarsPerFLOP / training.dollarsPerFLOP * trainingUtilization
            * (input / prefillUtilization + output / decodeUtilization)
    }

    /// Lifetime dollars of a model with N parameters trained on D tokens and serving T_in + T_out tokens.
    public func dollars(parameters N: Double, tokens D: Double, input: Double, output: Double) -> Double {
        6 * N * D * training.dollarsPerFLOP / trainingUtilization
            + 2 * N * input * inference.dollarsPerFLOP / prefillUtilization
            + 2 * N * output * inference.dollarsPerFLOP / decodeUtilization
    }
}

extension InferenceAware {
    /// The dollar-cost-optimal model of loss ℓ serving `input` prefill and `output` decode tokens over its
    /// lifetime: `fixedLoss` with T = T_eff (see `DollarCostModel.effectiveInferenceTokens`). The returned
    /// model's `inferenceTokens` is the real total T_in + T_out (so its FLOPs are real FLOPs).
    public static func costOptimal(
        law: some LossLaw, loss ell: Double, input: Double, output: Double, cost: DollarCostModel
    ) throws -> LifetimeModel {
        let effective = try cost.effectiveInferenceTokens(input: input, output: output)
        let model = try fixedLoss(law: law, loss: ell, inferenceTokens: effective)
        return LifetimeModel(
            parameters: model.parameters, tokens: model.tokens, inferenceTokens: input + output, loss: model.loss,
            convergence: model.convergence)
    }
}
